"""Workbooks as people keep them: cover sheets, title rows, formulas, merged cells (issue 9)."""

from __future__ import annotations

import openpyxl
import pandas as pd

import stakeholder_graph as sg

HEADER = ["id", "name", "manager_id", "department"]
ROWS = [["1", "Ana Diaz", "", "Exec"], ["2", "Bo Chen", "1", "IT"], ["3", "Cy Ode", "2", "IT"],
        ["4", "Di Fox", "2", "IT"]]


def _folder(make_folder):
    return make_folder({"people.csv": None, "nominations.csv": "respondent_id,relation,nominee\n2,help,1\n3,help,2\n"},
                       defaults=False)


def test_cover_sheet_and_title_rows_are_skipped_and_said(make_folder):
    folder = _folder(make_folder)
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "About"
    cover["A1"] = "HR export, confidential"
    cover["A2"] = "Generated 2026-11-01"
    data = book.create_sheet("Staff")
    data.append(["Staff list as of November"])
    data.append([])
    data.append(HEADER)
    for row in ROWS:
        data.append(row)
    book.save(folder / "people.xlsx")
    org = sg.read_org(folder)
    assert org.people["name"].tolist() == ["Ana Diaz", "Bo Chen", "Cy Ode", "Di Fox"]
    note = org.quality.to_frame().query("file == 'people.xlsx' and value == 'Staff'").iloc[0]
    assert note["problem"] == "workbook has 2 sheet(s): read sheet 'Staff' with the header in row 3"
    assert int(note["row"]) == 3
    bad = sg.read_org(folder, {"people": {}})  # row numbers in findings are the sheet's rows
    assert bad.people["manager_id"].tolist() == ["", "1", "2", "2"]


def test_formulas_without_saved_values_are_reported_not_read_as_answers(make_folder):
    folder = _folder(make_folder)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["D5"] = '=IF(C5="2","IT","")'  # written by a program: no cached value
    book.save(folder / "people.xlsx")
    org = sg.read_org(folder)
    found = org.quality.to_frame().query("problem == 'formula without a saved value'")
    assert found[["row", "column", "value"]].values.tolist() == [[5, "department", '=IF(C5="2","IT","")']]
    assert org.people.loc[3, "department"] == "Unassigned"  # blank, and said so


def test_merged_cells_are_filled_and_reported(make_folder):
    folder = _folder(make_folder)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["D4"], sheet["D5"] = "IT", None
    sheet.merge_cells("D3:D5")
    book.save(folder / "people.xlsx")
    org = sg.read_org(folder)
    assert org.people["department"].tolist() == ["Exec", "IT", "IT", "IT"]
    found = org.quality.to_frame().query("problem == 'merged cells D3:D5'")
    assert len(found) == 1 and "repeated" in found["action"].iloc[0]


def test_numbers_and_dates_in_cells_read_as_their_text(make_folder):
    folder = _folder(make_folder)
    frame = pd.DataFrame({"id": [1, 2, 3, 4], "name": ["Ana Diaz", "Bo Chen", "Cy Ode", "Di Fox"],
                          "manager_id": [None, 1.0, 2, 2], "start": pd.to_datetime(["2020-01-02"] * 4)})
    frame.to_excel(folder / "people.xlsx", index=False)
    org = sg.read_org(folder)
    assert org.people["manager_id"].tolist() == ["", "1", "2", "2"]
    assert org.people["start"].iloc[0] == "2020-01-02"


def test_a_csv_with_title_rows_says_which_row_it_read_as_header(make_folder):
    folder = _folder(make_folder)
    lines = ["Staff list as of November,,,", ",,,", ",".join(HEADER)] + [",".join(r) for r in ROWS]
    (folder / "people.csv").write_text("\n".join(lines) + "\n")
    org = sg.read_org(folder)
    assert org.people["name"].tolist() == ["Ana Diaz", "Bo Chen", "Cy Ode", "Di Fox"]
    note = org.quality.to_frame().query("file == 'people.csv' and problem.str.contains('title row')").iloc[0]
    assert (int(note["row"]), note["problem"]) == (3, "2 title row(s) above the header: header read from row 3")
