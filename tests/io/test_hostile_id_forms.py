"""Ids in another form (leading zeros, '.0') are matched and reported; a key mismatch stops (issue 9)."""

from __future__ import annotations

import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main

PEOPLE = ("id,name,email,manager_id,department\n00001,Ana Diaz,ana@x.org,,Exec\n00002,Bo Chen,bo@x.org,00001,IT\n"
          "00003,Cy Ode,cy@x.org,00002,IT\n00004,Di Fox,di@x.org,2,IT\n")


def test_leading_zeros_dropped_by_a_spreadsheet_still_match_and_are_reported(make_folder):
    folder = make_folder({"people.csv": PEOPLE,
                          "nominations.csv": "respondent_id,relation,nominee\n2,help,1\n3.0,help,00002\n4,help,Cy Ode\n",
                          "attitudes.csv": "respondent_id,item,value\n2,readiness,4\n00003,readiness,2\n"})
    org = sg.read_org(folder)
    assert org.nominations[["respondent_id", "nominee_id"]].values.tolist() == [
        ["00002", "00001"], ["00003", "00002"], ["00004", "00003"]]
    assert org.attitudes["respondent_id"].tolist() == ["00002", "00003"]
    assert org.people["manager_id"].tolist() == ["", "00001", "00002", "00002"]
    quality = org.quality.to_frame()
    loose = quality[quality["problem"].str.contains("only when leading zeros or '.0' are ignored")]
    assert sorted(zip(loose["file"], loose["row"].astype(int), loose["value"])) == [
        ("attitudes.csv", 2, "2"), ("nominations.csv", 2, "1"), ("nominations.csv", 2, "2"),
        ("nominations.csv", 3, "3"), ("nominations.csv", 4, "4"), ("people.csv", 5, "2")]


def test_most_nominations_matching_no_one_stops_with_examples_from_each_file(make_folder, capsys):
    folder = make_folder({"people.csv": PEOPLE,
                          "nominations.csv": "respondent_id,relation,nominee\nA1,help,A2\nA2,help,A3\nA3,help,00001\n"})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    message = str(info.value)
    assert "3 of 3 nominations match no one in the people table" in message
    assert "respondent_id such as 'A1', 'A2', 'A3'" in message
    assert "people table: ids such as '00001', '00002', '00003', '00004'" in message
    assert main(["validate", str(folder)]) == 2  # not "no blocking problems"


def test_most_attitudes_matching_no_one_stops(make_folder):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\nX9,readiness,4\nX8,readiness,2\nX7,support,3\n"
                                           "2,support,4\n"})
    with pytest.raises(sg.InvalidValueError, match=r"3 of 4 attitudes match no one .*'X9', 'X8', 'X7'"):
        sg.read_org(folder)


def test_a_few_unknown_nominees_are_still_only_reported(make_folder):
    org = sg.read_org(make_folder({"nominations.csv": "respondent_id,relation,nominee\n2,help,1\n3,help,2\n"
                                                      "4,help,Nobody\n"}))
    assert len(org.nominations) == 2
