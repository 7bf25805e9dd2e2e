"""Managers given by id, e-mail or name give the same org chart; ambiguity is refused (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main

ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"


@pytest.fixture(scope="module")
def acme_people() -> pd.DataFrame:
    return pd.read_csv(ACME / "people.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def chart_by_id() -> list[str]:
    return sg.read_org(ACME).people["manager_id"].tolist()


def _org_with(tmp_path: Path, people: pd.DataFrame) -> Path:
    folder = tmp_path / "org"
    shutil.copytree(ACME, folder, ignore=shutil.ignore_patterns("truth"))
    people.to_csv(folder / "people.csv", index=False)
    return folder


def test_managers_as_emails_give_the_same_org_chart(tmp_path, acme_people, chart_by_id, capsys):
    email = dict(zip(acme_people["id"], acme_people["email"]))
    people = acme_people.assign(manager_id=acme_people["manager_id"].map(email).fillna(""))
    people = people.rename(columns={"manager_id": "Manager Email"})
    folder = _org_with(tmp_path, people)
    (tmp_path / "m.toml").write_text('[people]\n"Manager Email" = "manager_id"\n')
    org = sg.read_org(folder, tmp_path / "m.toml")
    assert org.people["manager_id"].tolist() == chart_by_id
    found = org.quality.to_frame()
    assert found["problem"].str.startswith("manager given as an e-mail in 399 rows").sum() == 1
    assert not found["problem"].str.contains("manager id is not a person").any()
    assert main(["validate", str(folder), "--mapping", str(tmp_path / "m.toml")]) == 0


def test_managers_as_names_give_the_same_org_chart(tmp_path, acme_people, chart_by_id):
    name = dict(zip(acme_people["id"], acme_people["name"]))
    email = dict(zip(acme_people["id"], acme_people["email"]))
    shared = set(acme_people.loc[acme_people["name"].duplicated(keep=False), "name"])
    # A "Reports To" column of names (read as manager_id without a mapping); the three names
    # that two people share are given as e-mails, as an HR export would have to.
    reports_to = [("" if m == "" else (email[m] if name[m] in shared else name[m]))
                  for m in acme_people["manager_id"]]
    people = acme_people.drop(columns="manager_id").assign(**{"Reports To": reports_to})
    org = sg.read_org(_org_with(tmp_path, people))
    assert org.people["manager_id"].tolist() == chart_by_id
    problems = org.quality.to_frame()["problem"]
    assert problems.str.startswith("no manager_id column: the column 'reports_to' is read as the manager").any()
    assert problems.str.startswith("manager given as a name in").sum() == 1


def test_an_ambiguous_manager_name_is_refused(tmp_path, acme_people):
    name = dict(zip(acme_people["id"], acme_people["name"]))
    people = acme_people.assign(manager_id=acme_people["manager_id"].map(name).fillna(""))
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(_org_with(tmp_path, people))
    problems = info.value.problems
    assert set(problems["value"]) == {"Martin Gonzalez", "Sophie Wu", "Zoë Smith"}
    first = problems.iloc[0]
    assert first["problem"] == "ambiguous manager: could be Martin Gonzalez (id E00025) or Martin Gonzalez (id E00240)"
    assert "not guessed" in first["action"]


def test_nickname_and_typo_managers_are_matched_and_reported(make_folder):
    folder = make_folder({"nominations.csv": None, "people.csv": "id,name,manager_id\n1,Robert Gray,\n2,Ana Diaz,Bob Gray\n"
                                        "3,Cy Ode,Ana Diaz\n4,Di Fox,Robret Gray\n"})
    org = sg.read_org(folder)
    assert org.people["manager_id"].tolist() == ["", "1", "2", "1"]
    quality = org.quality.to_frame().set_index("row")
    assert quality.loc[3, "problem"] == "manager matched by nickname: Robert Gray (id 1)"
    assert quality.loc[5, "problem"].startswith("manager matched by similar name: Robert Gray (id 1) (similarity 9")


def test_most_managers_matching_no_one_stops_with_examples(make_folder):
    folder = make_folder({"nominations.csv": None, "people.csv": "id,name,email,manager_id\n1,Ana Diaz,ana@x.org,\n"
                                        "2,Bo Chen,bo@x.org,M-17\n3,Cy Ode,cy@x.org,M-17\n4,Di Fox,di@x.org,M-18\n"
                                        "5,Ed Gray,ed@x.org,1\n"})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    message = str(info.value)
    assert "3 of 4 manager references match no one by id, e-mail or name (e.g. 'M-17', 'M-18')" in message
    assert "id '1', '2', '3'" in message and "e-mail 'ana@x.org'" in message


def test_missing_manager_column_is_reported(make_folder):
    org = sg.read_org(make_folder({"nominations.csv": None, "people.csv": "id,name\n1,Ana Diaz\n2,Bo Chen\n"}))
    problems = org.quality.to_frame()["problem"]
    assert problems.str.startswith("no manager_id column: there is no org chart").sum() == 1
