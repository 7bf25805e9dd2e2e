"""Every record that is repaired or dropped on read is in the data-quality report."""

from __future__ import annotations

import pandas as pd
import pytest

import stakeholder_graph as sg

PEOPLE = """id,name,email,manager_id,department,title,location,responded
1,Ana Diaz,ana@x.org,,Executive,CEO,Leeds,true
2,Bo Chen,bo@x.org,1,IT,IT Manager,Leeds,true
3,Cy Ode,cy@x.org,2,IT,Engineer,York,true
4,Di Fox,di@x.org,2,IT,Engineer,York,false
5,Robert Gray,robert@x.org,1,Finance,Controller,Leeds,true
6,Ann Lee,ann1@x.org,5,Finance,Accountant,Leeds,true
7,Ann Lee,ann2@x.org,5,Finance,Accountant,Leeds,true
8,Eve Hall,eve@x.org,99,,Auditor,Leeds,true
9,Fay Iyer,fay@x.org,,Finance,Consultant,Leeds,
"""
# Row numbers as a spreadsheet shows them (header = row 1) are in the comments.
NOMINATIONS = """respondent_id,relation,nominee,weight
2,help,1,1
3,help,Bo Chen,1
3,help,bo@x.org,2
3,help,Nobody Known,1
3,help,3,1
4,help,Cy Ode,1
5,help,Ann Lee,1
6,help,Bob Gray,1
6,help,Robret Gray,1
42,help,1,1
7,help,,1
9,help,1,1
"""
#   row 2: kept (id)          row 3: kept (name)        row 4: duplicate of row 3 -> merged, weight 2
#   row 5: unresolved         row 6: self-nomination     row 7: by Di, who was marked not responded
#   row 8: ambiguous Ann Lee  row 9: nickname Bob->Robert row 10: fuzzy typo, same person -> duplicate
#   row 11: respondent 42 not in roster                  row 12: empty nominee    row 13: kept
ATTITUDES = """respondent_id,item,value
2,readiness,4
2,readiness,5
77,readiness,3
3,support,
"""
IMPACT = """department,impact,what_changes,losses
IT,4,new ticketing,old scripts
Marketing,3,new CRM,
"""


@pytest.fixture
def org(make_folder):
    folder = make_folder({"people.csv": PEOPLE, "nominations.csv": NOMINATIONS,
                          "attitudes.csv": ATTITUDES, "impact.csv": IMPACT})
    return sg.read_org(folder)


def findings(org, file):
    frame = org.quality.to_frame()
    frame = frame[frame["file"] == file]
    out: dict[int | None, list[str]] = {}
    for row, problem in zip(frame["row"], frame["problem"]):
        out.setdefault(int(row) if pd.notna(row) else None, []).append(problem)
    return out


def test_each_nomination_repair_is_reported_on_its_row(org):
    found = findings(org, "nominations.csv")
    assert found[4] == ["duplicate nomination: same respondent, relation and nominee as row 3"]
    assert found[5] == ["nominee matches no one in the people table (by id, e-mail or name)"]
    assert found[6] == ["self-nomination"]
    assert found[8] == ["ambiguous nominee: could be Ann Lee (id 6) or Ann Lee (id 7)"]
    assert found[9] == ["nominee matched by nickname: Robert Gray (id 5)"]
    assert found[10][0].startswith("nominee matched by similar name: Robert Gray (id 5) (similarity 9")
    assert found[10][1] == "duplicate nomination: same respondent, relation and nominee as row 9"
    assert found[11] == ["nomination by someone not in the people table"]
    assert found[12] == ["empty nominee"]
    assert set(found) == {4, 5, 6, 8, 9, 10, 11, 12}  # ... and nothing else


def test_kept_nominations_and_merged_weight(org):
    kept = org.nominations.set_index(["respondent_id", "nominee_id"])
    assert sorted(kept.index) == [("2", "1"), ("3", "2"), ("4", "3"), ("6", "5"), ("9", "1")]
    assert kept.loc[("3", "2"), "weight"] == 2.0  # duplicates merged, larger weight kept
    assert kept.loc[("6", "5"), "match"] == "nickname"


def test_people_repairs(org):
    found = findings(org, "people.csv")
    assert "manager id is not a person in the people table" in found[9]  # Eve's manager 99
    assert "responded is blank" in found[10]  # Fay: inferred from her nomination
    frame = org.quality.to_frame()
    tops = frame[frame["problem"].str.startswith("several tops")]
    assert tops["row"].tolist() == [2, 9, 10]  # Ana, Eve (unknown manager), Fay
    people = org.people.set_index("id")
    assert people.loc["8", "manager_id"] == "" and people.loc["8", "department"] == "Unassigned"
    assert bool(people.loc["4", "responded"])  # marked false but nominated: counted
    assert bool(people.loc["9", "responded"])
    problems = frame.loc[frame["file"] == "people.csv", "problem"].tolist()
    assert "marked as not responded but made nominations" in problems
    assert "person without a department" in problems
    # Ana (row 2) and Eve (row 9) named no one; Robert (row 6) named only the ambiguous
    # "Ann Lee" and Ann Lee id 7 (row 8) only a blank: no kept nomination, still respondents.
    silent = frame[frame["problem"] == "respondent who nominated nobody"]["row"].tolist()
    assert silent == [2, 6, 8, 9]


def test_attitude_and_impact_repairs(org):
    found = findings(org, "attitudes.csv")
    assert found == {3: ["second answer to the same item by the same person"],
                     4: ["answer by someone not in the people table"], 5: ["missing answer"]}
    assert org.attitudes["value"].tolist() == [4.0]
    assert findings(org, "impact.csv") == {3: ["department matches no one in the people table"]}


def test_self_managed_person_becomes_a_top(make_folder):
    people = PEOPLE.replace("3,Cy Ode,cy@x.org,2,", "3,Cy Ode,cy@x.org,3,")
    org = sg.read_org(make_folder({"people.csv": people}))
    assert "person is their own manager" in findings(org, "people.csv")[4]


def test_nothing_is_lost_silently_on_the_bundled_org():
    """Every input nomination row is either kept or named in the report as dropped/merged."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "datasets" / "acme"
    raw = pd.read_csv(folder / "nominations.csv", dtype=str, keep_default_na=False)
    org = sg.read_org(folder)
    report = org.quality.to_frame()
    removed = report[(report["file"] == "nominations.csv")
                     & report["action"].str.match(r"dropped|merged|row skipped")]
    assert removed["row"].is_unique
    assert len(org.nominations) + len(removed) == len(raw)
    fuzzy = report[report["problem"].str.startswith("nominee matched by")]
    assert len(fuzzy) == (org.nominations["match"].isin(["fuzzy", "nickname"])).sum() + \
        report[report["problem"].str.startswith("nominee matched by") & report["row"].isin(removed["row"])].shape[0]
