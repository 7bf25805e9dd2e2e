"""Diffusion checks against hand computations, closed forms and planted structure."""

from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.metrics.diffusion import contagion_test, exposure_by_period, rank_association, top_k_hits


def test_top_k_hits_matches_the_hypergeometric_tail_by_hand():
    # 10 people, 4 early adopters; a ranking whose top 3 holds 2 of them
    outcome = pd.Series([True, False, True, False, False, True, False, False, True, False])
    score = pd.Series([10, 9, 8, 1, 1, 1, 1, 1, 1, 1])
    table = top_k_hits({"s": score}, outcome, k=3)
    # P(X >= 2) for X ~ hypergeometric(N=10, K=4, n=3) = (C(4,2)C(6,1) + C(4,3)) / C(10,3)
    expected = (comb(4, 2) * comb(6, 1) + comb(4, 3)) / comb(10, 3)
    assert table.loc["s", "hits"] == 2
    assert table.loc["s", "p_value"] == pytest.approx(expected)
    assert table.loc["random picks", "hit_rate"] == pytest.approx(0.4)
    assert table.loc["s", "ci_low"] < 2 / 3 < table.loc["s", "ci_high"]


def test_top_k_hits_breaks_ties_by_order_not_by_outcome():
    outcome = pd.Series([False, False, True, True])
    tied = pd.Series([1, 1, 1, 1])
    assert top_k_hits({"tied": tied}, outcome, k=2).loc["tied", "hits"] == 0


def test_exposure_by_hand_on_a_chain(make_folder):
    # 1 -> 2 -> 3 (each names the next); 2 adopts in period 1, 3 in period 2, 1 never (5)
    folder = make_folder({"people.csv": "id,name,manager_id,department\n1,Al Ames,,X\n2,Bea Bond,1,X\n3,Cy Cole,1,X\n",
                          "nominations.csv": "respondent_id,relation,nominee\n1,help,2\n2,help,3\n"}, defaults=False)
    net = sg.build_network(sg.read_org(folder))
    exposure = exposure_by_period(net, pd.Series({"1": 5, "2": 1, "3": 2}), relations=["help"], periods=3)
    assert exposure.loc["1"].tolist() == [0.0, 1.0, 1.0]  # its one contact adopted in period 1
    assert exposure.loc["2"].tolist() == [0.0, 0.0, 1.0]
    assert np.isnan(exposure.loc["3"]).all()  # names nobody


def test_rank_association_matches_scipy_and_detects_no_relation():
    from scipy import stats

    rng = np.random.default_rng(3)
    x = pd.Series(rng.normal(size=60))
    y = pd.Series(rng.normal(size=60))
    result = rank_association(x, y, resamples=400, seed=1)
    assert result["rho"] == pytest.approx(stats.spearmanr(x, y).statistic)
    assert result["ci_low"] < 0 < result["ci_high"] and result["p_value"] > 0.05


def test_contagion_test_finds_planted_spread_along_ties(tmp_path):
    # a planted cascade: everyone adopts one period after the person they go to
    from stakeholder_graph.synth import make_org, write_org

    folder = write_org(make_org(150, seed=2), tmp_path / "planted")
    net = sg.build_network(sg.read_org(folder))
    A = net.matrix("help", weighted=False).tocsr()
    time = np.full(net.n_people, np.nan)
    seeds = np.argsort(-A.sum(axis=0).A1)[:5]
    time[seeds] = 1
    for t in range(2, 12):
        exposed = (A @ (time < t).astype(float)) > 0
        time[np.isnan(time) & exposed] = t
    time[np.isnan(time)] = 13
    adopted = pd.Series(time, index=net.ids)
    planted = contagion_test(net, adopted, relations=["help"], periods=12, permutations=99, seed=0)
    assert planted["excess_exposure"] > planted["null_high"] and planted["p_value"] <= 0.02
