"""people.csv and people.xlsx side by side is an error, not a silent choice (issue 9)."""

from __future__ import annotations

import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from tests.conftest import PEOPLE


def test_two_files_for_one_table_is_an_error_naming_both(make_folder, capsys):
    folder = make_folder()
    rows = [line.split(",") for line in PEOPLE.strip().splitlines()]
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(folder / "people.xlsx", index=False)
    with pytest.raises(sg.UnreadableFileError) as info:
        sg.read_org(folder)
    problem = info.value.problems.iloc[0]
    assert problem["problem"] == "several files hold the people table: ['people.csv', 'people.xlsx']"
    assert "Keep one of them" in problem["action"]
    assert main(["validate", str(folder)]) == 2


def test_two_nomination_files_is_an_error_too(make_folder):
    folder = make_folder({"nominations.tsv": "respondent_id\trelation\tnominee\n2\thelp\t1\n"})
    with pytest.raises(sg.UnreadableFileError, match="several files hold the nominations table"):
        sg.read_org(folder)
