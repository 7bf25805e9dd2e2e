"""Resistance clusters on planted organisations, and privacy of every export."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.resistance import assess_resistance
from stakeholder_graph.synth import make_org, write_org

ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_resistant_groups_land_in_high_risk_clusters(seed, tmp_path):
    synth = make_org(2000, seed=seed)
    org = sg.read_org(write_org(synth, tmp_path))
    net = sg.build_network(org)
    result = assess_resistance(net, org)
    planted = synth.truth.set_index("id").loc[net.ids, "resistant_group"].ne("").to_numpy()
    high = result.people["resistance_risk"].eq("high").to_numpy()
    assert high[planted].mean() >= 0.8, f"{high[planted].mean():.0%} of planted members in high-risk clusters"
    assert (~planted[high]).mean() < 0.2, f"{(~planted[high]).mean():.0%} of high-risk members not planted"
    clusters = result.clusters.set_index("cluster")
    worst = clusters[clusters["risk"] == "high"]
    assert (worst["likely_reasons"].str.contains("change impact 5.0/5")).all()  # planted in 5/5 departments
    assert (worst["likely_reasons"].str.contains("ADKAR barrier: desire")).mean() >= 0.5


def test_cluster_table_columns_and_messengers():
    org = sg.read_org(ACME)
    result = sg.analyze(org)
    clusters = result.resistance.clusters
    assert clusters.columns.tolist()[:12] == ["cluster", "size", "departments", "respondents", "mean_attitude",
                                             "mean_predicted_attitude", "share_resistant", "cohesion",
                                             "morris_density", "blocking", "exposure", "risk"]
    champions = set(result.champions.champions["name"] + " (" + result.champions.champions["id"] + ")")
    for names in clusters["messengers"]:
        assert set(filter(None, names.split("; "))) <= champions  # named with their id
    assert (clusters["size"] >= 5).all()
    assert clusters["size"].sum() + result.resistance.suppressed_people == 400


def test_exports_carry_no_small_group_and_no_individual_attitude(tmp_path):
    assert main(["analyze", str(ACME), "--out", str(tmp_path)]) == 0
    people = pd.read_csv(tmp_path / "people.csv")
    for column in ["attitude", "predicted_attitude", "exposure", "barrier"]:
        assert column not in people.columns
    assert {"community", "resistance_risk"} <= set(people.columns)
    clusters = pd.read_csv(tmp_path / "clusters.csv")
    assert (clusters["size"] >= 5).all()
    assert clusters.loc[clusters["respondents"] < 5, "mean_attitude"].isna().all()
    for name, count_columns in [("response_rate.csv", ["respondents", "response_rate"]),
                                ("coverage_by_department.csv", ["covered", "coverage"])]:
        table = pd.read_csv(tmp_path / name)
        small = table["headcount"] < 5
        assert table.loc[small, count_columns].isna().all().all(), name
    crosswalk = pd.read_csv(tmp_path / "community_departments.csv").drop(columns="community")
    values = crosswalk.to_numpy(dtype=float)
    assert (np.isnan(values) | (values >= 5)).all()
    # The risk of a community that is not shown is not shown either.
    shown = set(clusters["cluster"])
    hidden = people[~people["community"].isin(shown)]
    assert (hidden["resistance_risk"] == "not shown (small group)").all()
    note = json.loads((tmp_path / "parameters.json").read_text())["resistance"]["note"]
    assert "not a judgment" in note


def test_individual_attitudes_only_when_asked(tmp_path):
    assert main(["analyze", str(ACME), "--out", str(tmp_path), "--include-individual-attitudes"]) == 0
    people = pd.read_csv(tmp_path / "people.csv", dtype={"id": str})
    answers = pd.read_csv(ACME / "attitudes.csv", dtype={"respondent_id": str})
    respondents = set(answers["respondent_id"])
    assert people.loc[people["id"].isin(respondents), "attitude"].notna().mean() > 0.95
    assert people.loc[~people["id"].isin(respondents), "attitude"].isna().all()
    assert people["predicted_attitude"].notna().all()
