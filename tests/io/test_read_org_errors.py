"""Every class of bad input stops with a named error that says file, row, column and value."""

from __future__ import annotations

import pandas as pd
import pytest

import stakeholder_graph as sg
from tests.conftest import PEOPLE


def only_problem(err: sg.InputTableError) -> pd.Series:
    assert len(err.problems) == 1, err.problems
    return err.problems.iloc[0]


def test_missing_folder(tmp_path):
    with pytest.raises(sg.MissingFileError, match="does not exist"):
        sg.read_org(tmp_path / "nowhere")


def test_missing_people_file_lists_what_was_found(make_folder):
    folder = make_folder({"people.csv": None}, defaults=False)
    (folder / "staff.csv").write_text("id\n1\n")
    with pytest.raises(sg.MissingFileError) as info:
        sg.read_org(folder)
    problem = only_problem(info.value)
    assert problem["file"] == "people.csv"
    assert "staff.csv" in problem["problem"]  # the files that were found
    assert "people.csv" in str(info.value) and "staff.csv" in str(info.value)


def test_missing_column_names_the_columns_found(make_folder):
    folder = make_folder({"people.csv": "person,name\n1,Ana\n"})
    with pytest.raises(sg.MissingColumnError) as info:
        sg.read_org(folder)
    problem = only_problem(info.value)
    assert (problem["file"], problem["column"]) == ("people.csv", "id")
    assert "['person', 'name']" in problem["problem"]
    assert "mapping" in problem["action"]


def test_column_mapping_fixes_the_missing_column(make_folder, tmp_path):
    folder = make_folder({"people.csv": "Employee Number,Full Name\n1,Ana\n2,Bo\n",
                          "nominations.csv": "Respondent,Question,Colleague\n1,help,Bo\n"})
    org = sg.read_org(folder, {"people": {"Employee Number": "id", "Full Name": "name"},
                               "nominations": {"Respondent": "respondent_id", "Question": "relation",
                                               "Colleague": "nominee"}})
    assert org.nominations[["respondent_id", "nominee_id"]].values.tolist() == [["1", "2"]]
    toml = tmp_path / "mapping.toml"
    toml.write_text('[people]\n"Employee Number" = "id"\n"Full Name" = "name"\n'
                    '[nominations]\nRespondent = "respondent_id"\nQuestion = "relation"\nColleague = "nominee"\n')
    assert sg.read_org(folder, toml).nominations["nominee_id"].tolist() == ["2"]


def test_duplicate_ids_name_every_row(make_folder):
    folder = make_folder({"people.csv": PEOPLE + "3,Cy Other,,2,IT,Engineer,York,true\n"})
    with pytest.raises(sg.DuplicateIdError) as info:
        sg.read_org(folder)
    problems = info.value.problems
    assert problems["row"].tolist() == [4, 8]  # spreadsheet rows (header is row 1)
    assert set(problems["column"]) == {"id"} and set(problems["value"]) == {"3"}
    assert "row 4" in str(info.value) and "row 8" in str(info.value) and "'3'" in str(info.value)


def test_empty_people_table(make_folder):
    folder = make_folder({"people.csv": "id,name,manager_id\n"})
    with pytest.raises(sg.EmptyTableError, match="people.csv.*no rows"):
        sg.read_org(folder)


def test_empty_file_without_header_is_unreadable(make_folder):
    folder = make_folder({"people.csv": ""})
    with pytest.raises(sg.UnreadableFileError, match="people.csv.*empty"):
        sg.read_org(folder)


@pytest.mark.parametrize("weight, problem", [("lots", "not a number"), ("-1", "negative")])
def test_bad_weight(make_folder, weight, problem):
    folder = make_folder({"nominations.csv": f"respondent_id,relation,nominee,weight\n2,help,1,1\n3,help,2,{weight}\n"})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    found = only_problem(info.value)
    assert (found["file"], found["row"], found["column"], found["value"]) == ("nominations.csv", 3, "weight", weight)
    assert problem in found["problem"]
    assert f"nominations.csv, row 3, column 'weight' (value '{weight}')" in str(info.value)


# "Agree" is a standard label and now reads as 4 (tests/io/test_text_likert.py); "So-so" is not.
@pytest.mark.parametrize("value", ["7", "0", "So-so"])
def test_likert_outside_scale(make_folder, value):
    folder = make_folder({"attitudes.csv": f"respondent_id,item,value\n2,readiness,4\n3,readiness,{value}\n"})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    found = only_problem(info.value)
    assert (found["file"], found["row"], found["column"], found["value"]) == ("attitudes.csv", 3, "value", value)
    assert "1-5" in found["problem"]


def test_likert_scale_is_configurable(make_folder):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\n2,readiness,7\n"})
    org = sg.read_org(folder, likert_scale=(1, 7))
    assert org.attitudes["value"].tolist() == [7.0]
    with pytest.raises(sg.InvalidParameterError, match="'likert_scale' parameter"):
        sg.read_org(folder, likert_scale=(5, 1))


def test_impact_outside_range(make_folder):
    folder = make_folder({"impact.csv": "department,impact,what_changes,losses\nIT,9,new tools,old tools\n"})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    found = only_problem(info.value)
    assert (found["file"], found["row"], found["column"], found["value"]) == ("impact.csv", 2, "impact", "9")


def test_reporting_cycle_names_the_people(make_folder):
    people = PEOPLE.replace("2,Bo Chen,bo.chen@acme.example,1,", "2,Bo Chen,bo.chen@acme.example,3,")
    with pytest.raises(sg.ReportingCycleError) as info:
        sg.read_org(make_folder({"people.csv": people}))
    found = only_problem(info.value)
    assert found["column"] == "manager_id" and found["file"] == "people.csv"
    assert "Bo Chen (id 2) -> Cy Ode (id 3) -> Bo Chen" in found["problem"]
    assert "rows 3, 4" in found["problem"]


def test_wrong_encoding_says_where_and_what_to_do(make_folder):
    text = PEOPLE.replace("José Núñez", "Jos\u00e9 N\u00fa\u00f1ez")
    folder = make_folder({"people.csv": text.encode("cp1252")})
    with pytest.raises(sg.UnreadableFileError) as info:
        sg.read_org(folder)
    found = only_problem(info.value)
    assert found["file"] == "people.csv" and found["row"] == 7  # the line with José
    assert "Jos" in found["value"]
    assert "UTF-8" in found["action"] and "cp1252" in found["action"]
    org = sg.read_org(folder, encoding="cp1252")
    assert "José Núñez" in org.people["name"].tolist()


def test_corrupt_workbook_is_unreadable(make_folder):
    folder = make_folder({"people.csv": None}, defaults=False)
    (folder / "people.xlsx").write_bytes(b"this is not a zip file")
    with pytest.raises(sg.UnreadableFileError, match="people.xlsx"):
        sg.read_org(folder)


def test_every_problem_in_every_file_is_listed_at_once(make_folder):
    folder = make_folder({
        "people.csv": PEOPLE + "3,Cy Again,,2,IT,Engineer,York,maybe\n",
        "nominations.csv": "respondent_id,relation,nominee,weight\n2,help,1,-3\n3,,2,1\n",
        "attitudes.csv": "respondent_id,item,value\n2,readiness,9\n",
    })
    with pytest.raises(sg.InputTableError) as info:
        sg.read_org(folder)
    problems = info.value.problems
    where = set(zip(problems["file"], problems["column"]))
    assert {("people.csv", "id"), ("people.csv", "responded"), ("nominations.csv", "weight"),
            ("nominations.csv", "relation"), ("attitudes.csv", "value")} <= where
    assert isinstance(info.value, sg.DuplicateIdError)  # the kind of the first problem
    for line in ["people.csv, row 8, column 'responded' (value 'maybe')",
                 "nominations.csv, row 2, column 'weight' (value '-3')",
                 "attitudes.csv, row 2, column 'value' (value '9')"]:
        assert line in str(info.value)


def test_xlsx_people_are_read(make_folder, tmp_path):
    frame = pd.read_csv(__import__("io").StringIO(PEOPLE), dtype=str, keep_default_na=False)
    folder = make_folder({"people.csv": None}, defaults=False)
    frame.assign(id=frame["id"].astype(int)).to_excel(folder / "people.xlsx", index=False)
    (folder / "nominations.csv").write_text("respondent_id,relation,nominee\n2,help,1\n")
    org = sg.read_org(folder)
    assert org.files["people"] == "people.xlsx"
    assert org.people["id"].tolist() == ["1", "2", "3", "4", "5", "6"]
    assert org.nominations["nominee_id"].tolist() == ["1"]


def test_semicolon_csv_from_european_excel(make_folder):
    folder = make_folder({"people.csv": PEOPLE.replace(",", ";")})
    assert len(sg.read_org(folder).people) == 6


def test_cycle_is_listed_with_problems_in_other_files(make_folder):
    people = PEOPLE.replace("2,Bo Chen,bo.chen@acme.example,1,", "2,Bo Chen,bo.chen@acme.example,3,")
    folder = make_folder({"people.csv": people,
                          "nominations.csv": "respondent_id,relation,nominee,weight\n2,help,1,lots\n"})
    with pytest.raises(sg.InputTableError) as info:
        sg.read_org(folder)
    assert set(info.value.problems["column"]) == {"weight", "manager_id"}
    assert "reporting cycle: Bo Chen (id 2)" in str(info.value)
