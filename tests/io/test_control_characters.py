"""Control characters in names are replaced and reported; validate and analyze agree (issue 9)."""

from __future__ import annotations

import openpyxl
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from tests.conftest import PEOPLE


def test_a_vertical_tab_in_a_name_is_reported_and_replaced(make_folder):
    folder = make_folder({"people.csv": PEOPLE.replace("Bo Chen", "Bo\x0bChen").replace("Finance,Controller",
                                                                                        "Fin\x00ance,Controller")})
    org = sg.read_org(folder)
    assert org.people.loc[1, "name"] == "Bo Chen"
    assert org.people.loc[4, "department"] == "Fin ance"
    found = org.quality.to_frame().query("problem.str.startswith('control character in the text')")
    assert found[["row", "column", "value", "problem"]].values.tolist() == [
        [3, "name", "'Bo\\x0bChen'", "control character in the text (U+000B)"],
        [6, "department", "'Fin\\x00ance'", "control character in the text (U+0000)"]]


def test_line_breaks_inside_people_values_are_reported(make_folder):
    folder = make_folder({"people.csv": PEOPLE.replace("Bo Chen", '"Bo\nChen"')})
    org = sg.read_org(folder)
    assert org.people.loc[1, "name"] == "Bo Chen"
    assert org.quality.to_frame()["problem"].eq("line break or tab inside the value").sum() == 1


HOSTILE = {
    "control character": {"people.csv": PEOPLE.replace("Bo Chen", "Bo\x0bChen")},
    "nul in department": {"people.csv": PEOPLE.replace("IT,Engineer,York", "I\x00T,Engineer,York")},
    "utf-16 people": {"people.csv": PEOPLE.encode("utf-16")},
    "ids with zeros": {"people.csv": PEOPLE.replace("\n1,", "\n0001,").replace(",1,", ",0001,")},
    "text likert": {"attitudes.csv": "respondent_id,item,value\n2,readiness,4 - Agree\n3,support,Strongly agree\n"},
    "formula-looking name": {"people.csv": PEOPLE.replace("Di Fox", "=HYPERLINK(\"x\")")},
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_whatever_validate_passes_analyze_completes(make_folder, tmp_path, case, capsys):
    folder = make_folder(HOSTILE[case])
    assert main(["validate", str(folder)]) == 0
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out), "--min-group-size", "1"]) == 0
    book = openpyxl.load_workbook(out / "stakeholder_plan.xlsx")  # a whole workbook, not a partial one
    assert "People" in book.sheetnames or len(book.sheetnames) > 3
