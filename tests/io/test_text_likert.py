"""Likert answers given as text: standard labels mapped and reported, others explained (issue 9)."""

from __future__ import annotations

import pytest

import stakeholder_graph as sg


def test_standard_and_numbered_labels_are_mapped_and_reported(make_folder):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\n2,readiness,4 - Agree\n3,readiness,Strongly agree\n"
                                           "5,readiness,strongly DISAGREE\n6,readiness,2\n"})
    org = sg.read_org(folder)
    assert org.attitudes["value"].tolist() == [4.0, 5.0, 1.0, 2.0]
    problems = org.quality.to_frame()["problem"]
    assert (problems == "answer given as a label: '4 - Agree' read as 4 (1 answers)").sum() == 1
    assert (problems == "answer given as a label: 'Strongly agree' read as 5 (1 answers)").sum() == 1


def test_a_seven_point_scale_reads_its_own_labels(make_folder):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\n2,readiness,Somewhat agree\n3,readiness,Agree\n"})
    org = sg.read_org(folder, likert_scale=(1, 7))
    assert org.attitudes["value"].tolist() == [5.0, 6.0]


def test_a_non_standard_label_is_explained_with_the_labels_seen(make_folder):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\n2,readiness,Quite keen\n3,readiness,Quite keen\n"
                                           "5,readiness,Agree\n"})
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder)
    problems = info.value.problems
    assert problems["row"].tolist() == [2, 3]
    assert problems["problem"].iloc[0].startswith("answer labels not on the 1-5 scale: 'Quite keen' (2x); "
                                                  "the standard labels of a 1-5 scale are 'strongly disagree'")
    assert '"Quite keen" = <number>' in problems["action"].iloc[0]


def test_labels_section_of_the_mapping_maps_own_labels(make_folder, tmp_path):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\n2,readiness,Quite keen\n3,readiness,Not keen\n"})
    (tmp_path / "m.toml").write_text('[labels]\n"Quite keen" = 4\n"Not keen" = 2\n')
    assert sg.read_org(folder, tmp_path / "m.toml").attitudes["value"].tolist() == [4.0, 2.0]


def test_labels_on_a_scale_without_standard_labels_are_explained(make_folder):
    folder = make_folder({"attitudes.csv": "respondent_id,item,value\n2,readiness,Agree\n"})
    with pytest.raises(sg.InvalidValueError, match="no standard labels are known for a 0-10 scale"):
        sg.read_org(folder, likert_scale=(0, 10))
