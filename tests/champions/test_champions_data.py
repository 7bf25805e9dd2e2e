"""Champions on planted synthetic organisations and on real datasets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.metrics import reach_matrix
from stakeholder_graph.synth import make_org, write_org


@pytest.fixture(scope="module", params=[0, 1, 2])
def planted(request, tmp_path_factory):
    synth = make_org(2000, seed=request.param)
    folder = write_org(synth, tmp_path_factory.mktemp(f"champ{request.param}"))
    net = sg.build_network(sg.read_org(folder))
    return synth, net, sg.compute_metrics(net, include_betweenness=False)


def test_planted_influencers_rank_at_the_top(planted):
    synth, net, metrics = planted
    truth = synth.truth.set_index("id").loc[net.ids, "planted_influencer"].to_numpy()
    n_planted = int(truth.sum())
    scores = sg.champion_scores(metrics)["score"].to_numpy()
    top = np.argsort(-scores, kind="stable")[: 2 * n_planted]
    recovered = truth[top].sum() / n_planted
    assert recovered >= 0.8, f"{recovered:.0%} of {n_planted} planted influencers in the top {2 * n_planted}"


def test_coverage_set_beats_the_same_number_of_top_scored(planted):
    _, net, metrics = planted
    chosen = sg.select_champions(net, share=0.02, managers="include", metrics=metrics)
    k = len(chosen.champions)
    R = reach_matrix(net, steps=2)

    def reached(positions):
        rows = R[positions]
        return len(set(rows.indices) | set(positions))

    chosen_pos = [net.ids.get_loc(i) for i in chosen.champions["id"]]
    top_pos = list(np.argsort(-sg.champion_scores(metrics)["score"].to_numpy(), kind="stable")[:k])
    assert reached(chosen_pos) > reached(top_pos)
    assert reached(chosen_pos) == round(chosen.champions["coverage"].iloc[-1] * net.n_people)


def test_every_department_quota(planted):
    _, net, metrics = planted
    chosen = sg.select_champions(net, share=0.03, quotas={"department": 1}, metrics=metrics)
    assert set(net.people["department"]) == set(chosen.champions["department"])
    assert not chosen.unmet_quotas


def test_excluding_managers_keeps_coverage_close(planted):
    _, net, metrics = planted
    with_managers = sg.select_champions(net, share=0.03, managers="include", metrics=metrics)
    without = sg.select_champions(net, share=0.03, managers="exclude", metrics=metrics)
    assert not without.champions["is_manager"].any()
    assert without.coverage >= with_managers.coverage - 0.1  # informal leaders reach as far


@pytest.mark.parametrize("name, relation", [("krackhardt_hightech_managers", "advice"),
                                            ("lazega_lawfirm", "advice")])
def test_real_dataset_shortlist_with_reasons(shared_datasets, name, relation):
    net = sg.build_network(sg.read_org(shared_datasets / name))
    metrics = sg.compute_metrics(net, relation)
    edges = pd.read_csv(shared_datasets / name / "edges.csv", dtype=str)
    counts = edges[edges["relation"] == relation].groupby("target").size()
    assert metrics.set_index("id")["in_degree"][counts.index].tolist() == counts.tolist()
    chosen = sg.select_champions(net, k=3, relation=relation, managers="include", metrics=metrics)
    assert len(chosen.champions) == 3
    first = chosen.champions.iloc[0]
    assert first["reasons"].startswith(f"Sought out for advice by {counts[first['id']]} colleagues")
    assert chosen.champions["coverage"].is_monotonic_increasing
    assert chosen.coverage > 0.8  # three advisers reach most of a small, dense advice network


def test_krackhardt_most_sought_adviser_is_chosen_first(shared_datasets):
    net = sg.build_network(sg.read_org(shared_datasets / "krackhardt_hightech_managers"))
    chosen = sg.select_champions(net, k=1, relation="advice", managers="include")
    metrics = sg.compute_metrics(net, "advice")
    reach = metrics.set_index("id")["reach_2"]
    assert reach[chosen.champions["id"].iloc[0]] == reach.max()
