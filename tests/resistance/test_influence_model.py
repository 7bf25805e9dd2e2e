"""Friedkin-Johnsen: closed forms, limits, and the karate club split."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

import stakeholder_graph as sg
from stakeholder_graph.resistance import (
    detect_communities,
    exposure_to_resisters,
    friedkin_johnsen,
    influence_matrix,
    predict_attitudes,
)


def row_stochastic(seed: int, n: int = 12, p: float = 0.3) -> sp.csr_matrix:
    G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    A = nx.to_scipy_sparse_array(G, nodelist=range(n), dtype=float).tocsr()
    rows = np.asarray(A.sum(axis=1)).ravel()
    A = A + sp.diags((rows == 0).astype(float))  # nobody to listen to: listen to oneself
    rows = np.asarray(A.sum(axis=1)).ravel()
    return sp.csr_matrix(sp.diags(1 / rows) @ A)


@pytest.mark.parametrize("seed", range(5))
def test_influence_matrix_is_row_stochastic(seed):
    net = sg.OrgNetwork.from_graph(nx.gnp_random_graph(30, 0.08, seed=seed, directed=True))
    W = influence_matrix(net)
    assert np.allclose(np.asarray(W.sum(axis=1)).ravel(), 1.0)
    assert (W.data >= 0).all()


@pytest.mark.parametrize("seed", range(5))
def test_sparse_solve_equals_dense_closed_form(seed):
    rng = np.random.default_rng(seed)
    W = row_stochastic(seed)
    x0 = rng.uniform(-1, 1, W.shape[0])
    lam = rng.uniform(0, 0.95, W.shape[0])
    dense = np.linalg.inv(np.eye(len(x0)) - np.diag(lam) @ W.toarray()) @ (np.diag(1 - lam) @ x0)
    assert friedkin_johnsen(W, x0, lam) == pytest.approx(dense, abs=1e-10)
    V = np.linalg.inv(np.eye(len(x0)) - np.diag(lam) @ W.toarray()) @ np.diag(1 - lam)
    assert V.sum(axis=1) == pytest.approx(np.ones(len(x0)))  # total influence is row-stochastic


def test_no_susceptibility_changes_nothing_and_stubborn_people_keep_their_view():
    W = row_stochastic(7)
    x0 = np.linspace(-1, 1, W.shape[0])
    assert friedkin_johnsen(W, x0, 0.0) == pytest.approx(x0)
    lam = np.full(len(x0), 0.8)
    lam[[2, 5]] = 0.0
    x = friedkin_johnsen(W, x0, lam)
    assert x[[2, 5]] == pytest.approx(x0[[2, 5]])


def test_full_susceptibility_approaches_degroot_consensus():
    G = nx.DiGraph(nx.cycle_graph(8))
    G.add_edges_from([(0, 4), (4, 0), (2, 6), (1, 1)])
    A = nx.to_numpy_array(G, nodelist=range(8))
    W = sp.csr_matrix(A / A.sum(axis=1, keepdims=True))
    x0 = np.linspace(-1, 1, 8)
    evals, evecs = np.linalg.eig(W.toarray().T)
    pi = np.real(evecs[:, np.argmin(np.abs(evals - 1))])
    consensus = (pi / pi.sum()) @ x0
    x = friedkin_johnsen(W, x0, np.full(8, 1 - 1e-7))
    assert x == pytest.approx(np.full(8, consensus), abs=1e-4)


def test_raising_a_champion_never_lowers_anyone():
    W = row_stochastic(3)
    x0 = np.zeros(W.shape[0])
    lam = np.full(len(x0), 0.7)
    before = friedkin_johnsen(W, x0, lam)
    x0[0] = 1.0
    assert (friedkin_johnsen(W, x0, lam) >= before - 1e-12).all()


def test_karate_club_split():
    G = nx.karate_club_graph()
    net = sg.OrgNetwork.from_graph(G)
    W = influence_matrix(net)
    x0 = np.zeros(34)
    x0[0], x0[33] = 1.0, -1.0
    lam = np.ones(34)
    lam[[0, 33]] = 0.0
    x = friedkin_johnsen(W, x0, lam)
    club = np.array([G.nodes[v]["club"] == "Mr. Hi" for v in G])
    agree = ((x > 0) == club).sum()
    assert agree >= 31, agree
    # Two communities (low resolution) misplace at most 3 members, with Leiden and Louvain.
    for method in ("leiden", "louvain"):
        labels = detect_communities(net, method=method, resolution=0.5, seed=1)
        assert len(set(labels)) == 2
        hi = labels == labels[0]
        assert min((hi != club).sum(), (hi == club).sum()) <= 3


def test_seeded_communities_are_reproducible_and_louvain_is_close():
    G = nx.LFR_benchmark_graph(250, 3, 1.5, 0.1, average_degree=6, min_community=20, seed=10)
    net = sg.OrgNetwork.from_graph(G)
    a = detect_communities(net, seed=3)
    assert np.array_equal(a, detect_communities(net, seed=3))
    b = detect_communities(net, method="louvain", seed=3)
    U = nx.Graph(G)

    def modularity(labels):
        groups = [set(np.flatnonzero(labels == k)) for k in set(labels)]
        return nx.community.modularity(U, groups)

    assert abs(modularity(a) - modularity(b)) < 0.02 and modularity(a) > 0.4


def test_exposure_counts_whom_people_listen_to():
    net = sg.OrgNetwork.from_graph(nx.DiGraph([(0, 1), (0, 2), (1, 2), (3, 3)]))
    W = influence_matrix(net)
    exposure = exposure_to_resisters(W, np.array([0.5, -0.9, 0.2, -1.0]))
    # 0 listens to 1 (resistant) and 2; 1 to 2; 2 named no one, so listens to 0 and 1 who
    # name them; 3 listens only to themself, which is not exposure.
    assert exposure.tolist() == [0.5, 0.0, 0.5, 0.0]


def test_non_respondents_follow_those_around_them():
    # 0 and 1 answered (+1 and -1); 2 named no one but is named by 0; 3 is an isolate.
    G = nx.DiGraph([(0, 1), (1, 0), (0, 2)])
    G.add_node(3)
    net = sg.OrgNetwork.from_graph(G)
    net.people.loc[:, "responded"] = [True, True, False, False]
    x = predict_attitudes(net, np.array([1.0, -1.0, np.nan, np.nan]))
    assert x[2] == pytest.approx(x[0])  # 2 listens only to 0, who names them
    assert x[3] == 0.0  # no one to listen to: neutral


def test_iterative_solver_for_large_organisations_matches_direct(monkeypatch):
    import stakeholder_graph.resistance.influence as influence

    rng = np.random.default_rng(0)
    W = row_stochastic(11, n=300, p=0.02)
    x0, lam = rng.uniform(-1, 1, 300), rng.uniform(0, 1, 300)
    direct = friedkin_johnsen(W, x0, lam)
    monkeypatch.setattr(influence, "DIRECT_SOLVE_MAX_PEOPLE", 10)
    assert friedkin_johnsen(W, x0, lam) == pytest.approx(direct, abs=1e-9)
    assert influence._fixed_point(W, lam, (1 - lam) * x0, x0) == pytest.approx(direct, abs=1e-9)


def test_non_respondents_who_only_name_each_other_keep_the_neutral_prior(make_folder):
    """Two people without readiness answers who name only each other have no anchored view:
    the run goes on (it used to stop on a singular system) and their predicted attitude is 0,
    while everyone else is still pulled towards their colleagues' answers."""
    import stakeholder_graph as sg

    people = "id,name,manager_id,department\n" + "".join(
        f"{i},P{i},{'' if i == 1 else 1},{'A' if i < 5 else 'B'}\n" for i in range(1, 8))
    nominations = ("respondent_id,relation,nominee\n2,help,3\n3,help,4\n4,help,2\n"
                   "6,help,7\n7,help,6\n")  # 6 and 7: only each other
    attitudes = "respondent_id,item,value\n" + "".join(
        f"{i},{item},{value}\n" for i, value in ((2, 5), (3, 4), (4, 5))
        for item in ("benefit", "confidence", "support"))
    folder = make_folder({"people.csv": people, "nominations.csv": nominations, "attitudes.csv": attitudes},
                         defaults=False)
    result = sg.analyze(folder, min_group_size=1, champions=1, resolution=1)
    predicted = result.resistance.people.set_index("id")["predicted_attitude"]
    assert predicted["6"] == 0 and predicted["7"] == 0
    assert predicted["2"] > 0.4  # respondents keep (most of) their own positive view
