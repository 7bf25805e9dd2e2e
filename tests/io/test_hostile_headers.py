"""Duplicate headers, mappings to missing columns, two columns mapped to one field and a
missing manager_id column never silently lose data (issue 9, item 5)."""

from __future__ import annotations

import pytest

import stakeholder_graph as sg


def test_two_headers_that_normalise_alike_are_an_error(make_folder):
    folder = make_folder({"people.csv": "id,Name,name ,manager_id\n1,Ana Diaz,Ana,\n2,Bo Chen,Bo,1\n"})
    with pytest.raises(sg.DuplicateColumnError) as info:
        sg.read_org(folder)
    problem = info.value.problems.iloc[0]
    assert (problem["file"], problem["column"]) == ("people.csv", "name")
    assert "columns 'Name' (column 2) and 'name' (column 3) are both read as 'name'" in problem["problem"]


def test_two_columns_mapped_to_one_field_are_an_error(make_folder):
    folder = make_folder({"people.csv": "Employee ID,Badge,name\n1,9,Ana Diaz\n2,8,Bo Chen\n"})
    with pytest.raises(sg.DuplicateColumnError, match="'Employee ID' .* and 'Badge' .* are both mapped to 'id'"):
        sg.read_org(folder, {"people": {"Employee ID": "id", "Badge": "id"}})


def test_mapping_onto_an_existing_column_is_an_error(make_folder):
    folder = make_folder({"people.csv": "id,Full Name,name\n1,Ana Diaz,Ana\n2,Bo Chen,Bo\n"})
    with pytest.raises(sg.DuplicateColumnError, match="both mapped to 'name'"):
        sg.read_org(folder, {"people": {"Full Name": "name"}})


def test_a_mapping_to_a_missing_column_lists_the_columns_found(make_folder):
    with pytest.raises(sg.MissingColumnError) as info:
        sg.read_org(make_folder(), {"people": {"Reports To": "manager_id"}})
    problem = info.value.problems.iloc[0]
    assert problem["column"] == "reports_to"
    assert "columns found: ['id', 'name', 'email', 'manager_id'," in problem["problem"]


def test_duplicate_attribute_headers_are_both_kept_and_reported(make_folder):
    folder = make_folder({"people.csv": "id,name,Cost Centre,cost-centre\n1,Ana Diaz,A,B\n2,Bo Chen,C,D\n"},
                         defaults=False)
    org = sg.read_org(folder)
    assert org.people[["cost_centre", "cost_centre_2"]].values.tolist() == [["A", "B"], ["C", "D"]]
    assert org.quality.to_frame()["problem"].str.contains("are both read as 'cost_centre'").sum() == 1


def test_a_missing_manager_id_column_is_a_finding_or_an_alias(make_folder):
    org = sg.read_org(make_folder({"people.csv": "id,name,Supervisor\n1,Ana Diaz,\n2,Bo Chen,Ana Diaz\n"},
                                  defaults=False))
    assert org.people["manager_id"].tolist() == ["", "1"]
    none = sg.read_org(make_folder({"people.csv": "id,name\n1,Ana Diaz\n2,Bo Chen\n"}, defaults=False))
    assert none.quality.to_frame()["problem"].str.startswith("no manager_id column: there is no org chart").any()


def test_a_flat_mapping_naming_a_column_no_file_has_is_an_error(make_folder):
    with pytest.raises(sg.MissingColumnError) as info:
        sg.read_org(make_folder(), {"Staff Number": "id"})
    problem = info.value.problems.iloc[0]
    assert (problem["file"], problem["column"]) == ("mapping", "staff_number")
    assert "people.csv: ['id', 'name', 'email', 'manager_id'," in problem["problem"]
