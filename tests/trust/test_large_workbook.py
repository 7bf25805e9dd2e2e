"""Issue 13 via the writer: above a documented size a table goes to CSV and Parquet, not a sheet."""

from __future__ import annotations

import openpyxl
import pandas as pd

import stakeholder_graph as sg


def test_a_table_over_the_limit_gets_a_note_sheet_and_parquet(tmp_path, monkeypatch):
    monkeypatch.setattr("stakeholder_graph.export.workbook.LARGE_TABLE_ROWS", 4)
    public = sg.publish(sg.analyze(sg.OrgData.example()))
    paths = sg.write_reports(public, tmp_path / "out", report=False, figures=False)
    names = [p.name for p in paths]
    assert "people.parquet" in names and "people.csv" in names
    people = pd.read_parquet(tmp_path / "out" / "people.parquet")
    assert people["id"].astype(str).tolist() == ["1", "2", "3", "4", "5"]
    book = openpyxl.load_workbook(tmp_path / "out" / "stakeholder_plan.xlsx")
    note = book["People"]["A1"].value
    assert "people.csv has 5 rows" in note and "people.parquet" in note
    assert book["People"].max_row == 1
    assert book["Champions"].max_row == len(public.tables["champions.csv"]) + 1  # small tables stay sheets
