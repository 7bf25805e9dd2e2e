"""Explorers: each control changes the shown table or figure as expected (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

import stakeholder_graph as sg
from stakeholder_graph.widgets import ChampionExplorer, ClusterExplorer, champion_view

ACME = Path(__file__).resolve().parents[1] / "datasets" / "acme"


@pytest.fixture(scope="module")
def analysis():
    return sg.analyze(ACME)


def test_champion_budget_and_share(analysis):
    explorer = ChampionExplorer(analysis)
    assert len(explorer.table) == 12  # the analysis's 3 percent
    explorer.controls["budget"].value = 5
    assert len(explorer.table) == 5
    first_curve = explorer.figure.axes[0].lines[0].get_ydata().copy()
    explorer.controls["budget_kind"].value = "share"
    explorer.controls["share"].value = 0.05
    assert len(explorer.table) == 20
    assert len(explorer.figure.axes[0].lines[0].get_ydata()) == 21 != len(first_curve)


def test_excluding_managers_removes_every_manager(analysis):
    explorer = ChampionExplorer(analysis)
    explorer.controls["budget"].value = 40
    explorer.controls["managers"].value = "include"
    assert explorer.table["is_manager"].any()
    explorer.controls["managers"].value = "exclude"
    assert not explorer.table["is_manager"].any() and len(explorer.table) == 40


def test_quota_and_department_filter(analysis):
    explorer = ChampionExplorer(analysis)
    explorer.controls["budget"].value = 8
    explorer.controls["quota_by"].value = "department"
    departments = set(analysis.network.people["department"]) - {"Executive Office"}
    assert departments <= set(explorer.chosen.champions["department"])
    explorer.controls["department"].value = "Finance"
    assert set(explorer.table["department"]) == {"Finance"}


def test_relation_switch_changes_the_shortlist(analysis):
    explorer = ChampionExplorer(analysis)
    help_names = explorer.table["name"].tolist()
    explorer.controls["relation"].value = "influence"
    assert explorer.table["reasons"].str.contains("for their opinion").all()
    assert explorer.table["name"].tolist() != help_names


def test_cluster_explorer_controls(analysis):
    explorer = ClusterExplorer(analysis)
    assert set(explorer.table["risk"]) <= {"medium", "high"}
    explorer.controls["risk"].value = "high"
    assert set(explorer.table["risk"]) == {"high"}
    explorer.controls["risk"].value = "low"
    assert len(explorer.table) == len(analysis.resistance.clusters)
    picked = int(explorer.table["cluster"].iloc[0])
    explorer.controls["cluster"].value = picked
    assert explorer.table["cluster"].tolist() == [picked]
    assert explorer.figure.axes[0].get_title().endswith(f"#{picked} {explorer.table['departments'][0].split(' (')[0]} ringed")
    explorer.controls["cluster"].value = None
    explorer.controls["resolution"].value = 1.0  # department-sized communities: fewer, larger
    assert len(explorer.assessment.clusters) < len(analysis.resistance.clusters)
    assert explorer.assessment.clusters["size"].median() > analysis.resistance.clusters["size"].median()
    assert explorer.progress.bar_style == "success"


def test_stance_policy_decides_whether_sceptics_are_shortlisted(analysis):
    stance = analysis.people.set_index("id")["stance"]
    blind, _, _ = champion_view(analysis, budget=40, stance_policy="ignore")
    strict, _, _ = champion_view(analysis, budget=40, stance_policy="require-believer")
    # acme has sceptics among the best-placed people: stance-blind, some of them make the list
    assert (stance[blind["id"]] == "sceptic").any()
    assert set(strict["stance"]) == {"believer"} and (stance[strict["id"]] == "believer").all()
    assert strict["id"].tolist() != blind["id"].tolist()
    explorer = ChampionExplorer(analysis)
    explorer.controls["budget"].value = 40
    explorer.controls["stance_policy"].value = "ignore"
    assert explorer.table["id"].tolist() == blind["id"].tolist()
    explorer.controls["stance_policy"].value = "require-believer"
    assert explorer.table["id"].tolist() == strict["id"].tolist()
