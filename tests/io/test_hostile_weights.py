"""Non-finite or absurd nomination weights are errors, never silently used (issue 9, item 5)."""

from __future__ import annotations

import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main

NOMINATIONS = "respondent_id,relation,nominee,weight\n2,help,1,1\n3,help,2,{}\n4,help,2,1\n"


@pytest.mark.parametrize("weight, problem", [
    ("inf", "weight is not a finite number"),
    ("-inf", "weight is not a finite number"),
    ("Infinity", "weight is not a finite number"),
    ("1e308", "weight is absurdly large (above 1e+06)"),
    ("2000000", "weight is absurdly large (above 1e+06)"),
    ("nan", "weight is not a number"),
])
def test_hostile_weight_is_an_error_naming_row_and_value(make_folder, weight, problem):
    folder = make_folder({"nominations.csv": NOMINATIONS.format(weight)})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    found = info.value.problems
    assert found[["file", "row", "column", "value", "problem"]].values.tolist() == [
        ["nominations.csv", 3, "weight", weight, problem]]


def test_validate_refuses_what_analyze_would_collapse(make_folder, capsys):
    folder = make_folder({"nominations.csv": NOMINATIONS.format("1e308")})
    assert main(["validate", str(folder)]) == 2
    assert "weight is absurdly large" in capsys.readouterr().err


def test_large_but_plausible_weights_are_kept(make_folder):
    org = sg.read_org(make_folder({"nominations.csv": NOMINATIONS.format("1000")}))
    assert org.nominations.set_index("respondent_id").loc["3", "weight"] == 1000.0
