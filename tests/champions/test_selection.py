"""Champion set selection: near-optimal coverage, constraints always respected, matching."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stakeholder_graph as sg
from stakeholder_graph.champions import select_champions
from stakeholder_graph.io.org import OrgData
from stakeholder_graph.io.quality import DataQualityReport
from stakeholder_graph.metrics import reach_matrix


def small_org(n: int, edges: list[tuple[int, int]], managers: set[int] = frozenset(),
              departments: list[str] | None = None) -> sg.OrgNetwork:
    ids = [str(i) for i in range(n)]
    boss = {r: m for m in managers for r in range(n) if r not in managers and (r + m) % 2 == 0}
    people = pd.DataFrame({"id": ids, "name": [f"P{i}" for i in range(n)], "email": "",
                           "manager_id": [str(boss[i]) if i in boss else "" for i in range(n)],
                           "department": departments or [f"D{i % 3}" for i in range(n)],
                           "title": "", "location": [f"S{i % 2}" for i in range(n)], "responded": True})
    noms = pd.DataFrame({"respondent_id": [str(u) for u, _ in edges], "relation": "help",
                         "nominee_id": [str(v) for _, v in edges], "weight": 1.0, "wave": "",
                         "nominee_typed": "", "match": "id"})
    org = OrgData(people=people, nominations=noms, attitudes=None, impact=None,
                  quality=DataQualityReport(), source=__import__("pathlib").Path("t"), layout="organisation")
    return sg.build_network(org)


@st.composite
def graphs(draw, max_n=15):
    n = draw(st.integers(4, max_n))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    edges = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=3 * n, unique=True))
    managers = set(draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)))
    return n, edges, managers


def covered_by(net, chosen_ids, reach=None):
    R = reach if reach is not None else reach_sets(net)
    covered = set()
    for c in chosen_ids:
        covered |= R[str(c)]
    return len(covered)


def reach_sets(net, steps=2):
    R = reach_matrix(net, steps=steps)
    return {net.ids[i]: {net.ids[i], *net.ids[R[i].indices]} for i in range(net.n_people)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(1, 4))
def test_greedy_is_within_1_minus_1_over_e_of_brute_force(graph, k):
    n, edges, managers = graph
    net = small_org(n, edges, managers)
    k = min(k, n)
    chosen = select_champions(net, k=k, managers="include")
    got = covered_by(net, chosen.champions["id"])
    sets = reach_sets(net)
    best = max(covered_by(net, combo, sets) for combo in itertools.combinations(net.ids, k))
    assert got >= (1 - 1 / np.e) * best
    assert got == round(chosen.champions["coverage"].iloc[-1] * n)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(1, 5), st.sampled_from(["include", "exclude", "penalise"]),
       st.one_of(st.none(), st.integers(1, 4)))
def test_constraints_are_always_respected(graph, k, managers, cap):
    n, edges, manager_ids = graph
    net = small_org(n, edges, manager_ids)
    quotas = {"location": 1} if k >= 2 else None
    chosen = select_champions(net, k=k, managers=managers, max_members_per_champion=cap, quotas=quotas)
    table, assignment = chosen.champions, chosen.assignment
    eligible = n - (net.people["is_manager"].sum() if managers == "exclude" else 0)
    assert len(table) == min(k, eligible) and table["id"].is_unique
    if managers == "exclude":
        assert not table["is_manager"].any()
    if quotas and eligible >= 2:
        sites = net.people.set_index("id").loc[table["id"], "location"]
        for site in net.people.loc[~net.people["is_manager"] | (managers != "exclude"), "location"].unique():
            assert (sites == site).sum() >= 1 or any(site in u for u in chosen.unmet_quotas)
    members = assignment[(assignment["assigned_champion"] != "") & (assignment["steps"] > 0)]
    loads = members.groupby("assigned_champion").size()
    if cap is not None:
        assert (loads <= cap).all()
    # Every match is real: the champion reaches the member in the stated number of steps.
    G = net.graph("help").reverse()
    for member, champion, steps in members[["id", "assigned_champion", "steps"]].itertuples(index=False):
        assert nx.shortest_path_length(G, champion, member) == steps
    assert set(assignment.loc[assignment["steps"] == 0, "assigned_champion"].replace("", np.nan).dropna()) <= set(table["id"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.sampled_from(["include", "exclude", "penalise"]))
def test_coverage_is_monotone_in_k(graph, managers):
    n, edges, manager_ids = graph
    net = small_org(n, edges, manager_ids)
    metrics = sg.compute_metrics(net, include_betweenness=False)
    coverages = [select_champions(net, k=k, managers=managers, metrics=metrics).coverage
                 for k in range(1, n + 1)]
    assert all(b >= a - 1e-12 for a, b in zip(coverages, coverages[1:]))


def test_quota_by_named_group_and_errors():
    net = small_org(9, [(i, 0) for i in range(1, 9)])
    chosen = select_champions(net, k=3, quotas={"department": {"D2": 2}})
    assert (chosen.champions["department"] == "D2").sum() >= 2
    with pytest.raises(sg.InvalidParameterError, match="'quotas' parameter"):
        select_champions(net, k=1, quotas={"department": 1})  # 3 departments, budget 1
    with pytest.raises(sg.InvalidParameterError, match="'quotas' parameter"):
        select_champions(net, k=2, quotas={"shift": 1})
    with pytest.raises(sg.InvalidParameterError, match="'managers' parameter must be one of"):
        select_champions(net, k=2, managers="maybe")
    with pytest.raises(sg.InvalidParameterError, match="'share' parameter"):
        select_champions(net, share=1.5)


def test_hub_first_then_the_uncovered_corner():
    # 0 is named by 1..6; 7 <- 8 <- 9 form a separate chain.
    net = small_org(10, [(i, 0) for i in range(1, 7)] + [(8, 7), (9, 8)])
    chosen = select_champions(net, k=2, managers="include")
    assert chosen.champions["id"].tolist() == ["0", "7"]
    assert chosen.champions["new_reach"].tolist() == [7, 3]
    assert chosen.coverage == 1.0


def test_load_cap_spreads_members():
    net = small_org(13, [(i, 0) for i in range(1, 13)] + [(i, 1) for i in range(2, 13)])
    chosen = select_champions(net, k=2, managers="include", max_members_per_champion=6)
    loads = chosen.assignment.query("steps > 0").groupby("assigned_champion").size()
    assert loads.max() <= 6 and loads.sum() == 11


def test_manager_penalty_prefers_informal_leaders():
    # 0 is a manager named by 6 people; 7 is not a manager, named by 5 others.
    edges = [(i, 0) for i in range(1, 7)] + [(i, 7) for i in range(8, 13)]
    net = small_org(13, edges, managers={0})
    assert net.people.loc[0, "is_manager"]
    assert select_champions(net, k=1, managers="include").champions["id"].tolist() == ["0"]
    assert select_champions(net, k=1, managers="penalise").champions["id"].tolist() == ["7"]
    assert select_champions(net, k=1, managers="exclude").champions["id"].tolist() == ["7"]
