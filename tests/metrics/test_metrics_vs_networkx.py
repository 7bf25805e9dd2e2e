"""Metrics agree with networkx on small graphs and with closed forms."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.io.org import OrgData
from stakeholder_graph.io.quality import DataQualityReport
from stakeholder_graph.metrics import (
    betweenness,
    burt_constraint_effective_size,
    diffusion_centrality,
    harmonic_closeness,
    in_degree,
    pagerank,
    reach_counts,
)


def network_from_graph(G: nx.Graph, weight: str | None = None) -> sg.OrgNetwork:
    """An OrgNetwork whose help layer is G (undirected ties become both directions)."""
    D = G.to_directed() if not G.is_directed() else G
    nodes = [str(v) for v in G]
    people = pd.DataFrame({"id": nodes, "name": nodes, "email": "", "manager_id": "", "department": "D",
                           "title": "", "location": "", "responded": True})
    edges = [(str(u), str(v), float(d.get(weight, 1.0)) if weight else 1.0) for u, v, d in D.edges(data=True)]
    nominations = pd.DataFrame({"respondent_id": [e[0] for e in edges], "relation": "help",
                                "nominee_id": [e[1] for e in edges], "weight": [e[2] for e in edges],
                                "wave": "", "nominee_typed": "", "match": "id"})
    org = OrgData(people=people, nominations=nominations, attitudes=None, impact=None,
                  quality=DataQualityReport(), source=Path("graph"), layout="edge list")
    return sg.build_network(org)


def random_digraph(seed: int, n: int = 30, p: float = 0.12) -> nx.DiGraph:
    G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.integers(1, 4))
    return G


GRAPHS = {
    "kite": nx.krackhardt_kite_graph(),
    "florentine": nx.florentine_families_graph(),
    "karate": nx.karate_club_graph(),
    "random0": random_digraph(0),
    "random1": random_digraph(1, n=40, p=0.08),
    "random2": random_digraph(2, n=25, p=0.2),
}


def as_dict(net, values):
    return dict(zip(net.ids, values))


@pytest.fixture(params=sorted(GRAPHS))
def case(request):
    G = GRAPHS[request.param]
    D = G.to_directed() if not G.is_directed() else G
    D = nx.relabel_nodes(D, {v: str(v) for v in D})
    weighted = any("weight" in d for _, _, d in G.edges(data=True))  # random graphs and karate
    return D, network_from_graph(G, weight="weight" if weighted else None)


def test_in_degree(case):
    D, net = case
    assert as_dict(net, in_degree(net)) == pytest.approx({v: float(d) for v, d in D.in_degree()})
    assert as_dict(net, in_degree(net, weighted=True)) == pytest.approx(dict(D.in_degree(weight="weight")))


def test_pagerank(case):
    D, net = case
    expected = nx.pagerank(D, weight="weight", tol=1e-13, max_iter=10_000)
    assert as_dict(net, pagerank(net)) == pytest.approx(expected, abs=1e-8)


def test_betweenness_exact(case):
    D, net = case
    values, pivots = betweenness(net)
    assert pivots is None
    assert as_dict(net, values) == pytest.approx(nx.betweenness_centrality(D), abs=1e-9)


def test_harmonic(case):
    D, net = case
    assert as_dict(net, harmonic_closeness(net)) == pytest.approx(nx.harmonic_centrality(D), abs=1e-9)


def test_burt(case):
    D, net = case
    constraint, size = burt_constraint_effective_size(net)
    # nodes=... takes networkx's definitional code path: its vectorised path (nodes=None)
    # divides by the column maximum instead of the row maximum, which differs from Burt's
    # formula on directed graphs whose mutual weights are not all equal (networkx 3.6.1).
    expected_c, expected_es = nx.constraint(D), nx.effective_size(D, nodes=list(D))
    got_c, got_es = as_dict(net, constraint), as_dict(net, size)
    for v in D:
        if np.isnan(expected_c[v]):
            assert np.isnan(got_c[v]) and np.isnan(got_es[v])
        else:
            assert got_c[v] == pytest.approx(expected_c[v], abs=1e-9)
            assert got_es[v] == pytest.approx(expected_es[v], abs=1e-9)


def test_reach_counts(case):
    D, net = case
    reach_1, reach_2 = reach_counts(net)
    R = D.reverse()
    for v, r1, r2 in zip(net.ids, reach_1, reach_2):
        within = nx.single_source_shortest_path_length(R, v, cutoff=2)
        assert r1 == sum(1 for d in within.values() if d == 1)
        assert r2 == len(within) - 1


def test_diffusion_centrality_limits(case):
    D, net = case
    # T = 1: q times the number of people who name you (out-degree on the transpose).
    dc, _ = diffusion_centrality(net, q=0.3, T=1)
    assert as_dict(net, dc) == pytest.approx({v: 0.3 * d for v, d in D.in_degree()})
    # Large T with q < 1/lambda_1: Katz-Bonacich, ((I - qA')^-1 - I) 1.
    A = nx.to_numpy_array(D, nodelist=list(net.ids), weight=None)
    lam = max(abs(np.linalg.eigvals(A)))
    q = 0.5 / lam
    katz = (np.linalg.inv(np.eye(len(A)) - q * A.T) - np.eye(len(A))) @ np.ones(len(A))
    dc, used = diffusion_centrality(net, q=q, T=400)
    assert used == q and dc == pytest.approx(katz, rel=1e-8)
    # Default q is 1 / lambda_1.
    assert diffusion_centrality(net)[1] == pytest.approx(1 / lam, rel=1e-6)


def test_star_clique_path_closed_forms():
    for d in (3, 5, 8):
        net = network_from_graph(nx.star_graph(d))
        constraint, size = burt_constraint_effective_size(net)
        centre = list(net.ids).index("0")
        assert constraint[centre] == pytest.approx(1 / d) and size[centre] == pytest.approx(d)
        leaves = [i for i in range(d + 1) if i != centre]
        assert np.allclose(constraint[leaves], 1.0) and np.allclose(size[leaves], 1.0)
        clique = network_from_graph(nx.complete_graph(d + 1))
        _, size = burt_constraint_effective_size(clique)
        assert np.allclose(size, 1.0)
        values, _ = betweenness(clique)
        assert np.allclose(values, 0.0)
    # Directed path 0 -> 1 -> 2 -> 3: inner nodes carry the paths through them.
    path = network_from_graph(nx.path_graph(4, create_using=nx.DiGraph))
    values, _ = betweenness(path)
    assert values * 3 * 2 == pytest.approx([0, 2, 2, 0])
    reach_1, reach_2 = reach_counts(path)
    assert reach_1.tolist() == [0, 1, 1, 1] and reach_2.tolist() == [0, 1, 2, 2]


def test_kite_landmarks():
    """Borgatti's reading of the kite: Diane most ties, Heather most between (nodes 3 and 7)."""
    net = network_from_graph(nx.krackhardt_kite_graph())
    assert net.ids[np.argmax(in_degree(net))] == "3"
    assert net.ids[np.argmax(betweenness(net)[0])] == "7"


def test_sampled_betweenness_is_seeded_and_close():
    G = nx.gnp_random_graph(400, 0.02, seed=3, directed=True)
    net = network_from_graph(G)
    a, used = betweenness(net, pivots=150, seed=1)
    b, _ = betweenness(net, pivots=150, seed=1)
    c, _ = betweenness(net, pivots=150, seed=2)
    assert used == 150 and np.array_equal(a, b) and not np.array_equal(a, c)
    exact, _ = betweenness(net)
    top_exact = set(np.argsort(-exact)[:20])
    assert len(top_exact & set(np.argsort(-a)[:20])) >= 12
    # Above the exact threshold sampling switches on by itself and says how many pivots.
    sampled, pivots = betweenness(net, exact_max_people=100)
    assert pivots == 400  # default_pivots caps at n
    assert sampled == pytest.approx(exact)  # every person a pivot: exact again
