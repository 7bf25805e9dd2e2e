"""Attitude scores and ADKAR barrier points on hand-made answers."""

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.resistance import score_attitudes


def answers(rows):
    return pd.DataFrame(rows, columns=["respondent_id", "item", "value"])


def test_reverse_coded_items_turn_round():
    frame = answers([("a", "support", 5), ("a", "concern", 5), ("b", "support", 5), ("b", "concern", 1)])
    scores = score_attitudes(frame)
    assert scores.loc["a", "attitude"] == 0.0  # supportive but very worried
    assert scores.loc["b", "attitude"] == 1.0
    assert score_attitudes(frame, reverse=()).loc["a", "attitude"] == 1.0


def test_scale_is_rescaled_to_minus_one_one():
    frame = answers([("a", "readiness", 1), ("b", "readiness", 7), ("c", "readiness", 4)])
    assert score_attitudes(frame, scale=(1, 7))["attitude"].tolist() == [-1.0, 1.0, 0.0]


def test_missing_items_are_counted_and_too_few_answers_give_no_score():
    frame = answers([("a", "support", 4), ("a", "readiness", 4), ("a", "concern", 2),
                     ("b", "support", 2), ("c", "readiness", 5), ("c", "support", 1)])
    scores = score_attitudes(frame)
    assert scores.loc["b", "items_missing"] == "concern, readiness"
    assert np.isnan(scores.loc["b", "attitude"])  # one of three items: below half
    assert scores.loc["c", "attitude"] == 0.0 and scores.loc["c", "items_answered"] == 2
    assert scores.loc["a", "attitude"] == 0.5


@pytest.mark.parametrize("values, barrier", [
    ([4, 2, 1, 1, 1], "desire"),
    ([3, 5, 5, 5, 5], "awareness"),
    ([5, 5, 5, 4, 2], "reinforcement"),
    ([5, 5, 5, 5, 5], "none"),
    ([5, None, 2, 2, 2], "unknown"),  # desire not answered, before the first low element
    ([5, 4, 3, None, 1], "knowledge"),  # a later gap does not matter
])
def test_barrier_point(values, barrier):
    items = ["adkar_awareness", "adkar_desire", "adkar_knowledge", "adkar_ability", "adkar_reinforcement"]
    frame = answers([("p", item, v) for item, v in zip(items, values) if v is not None])
    assert score_attitudes(frame, items=[i for i, v in zip(items, values) if v is not None]).loc["p", "barrier"] == barrier


def test_unknown_item_is_a_parameter_error():
    with pytest.raises(sg.InvalidParameterError, match="'items' parameter"):
        score_attitudes(answers([("a", "support", 4)]), items=["support", "mood"])


def test_unscored_respondents_are_in_the_data_quality_report(make_folder):
    attitudes = ("respondent_id,item,value\n" + "".join(
        f"{p},{item},4\n" for p in ["1", "2", "3", "5", "6"] for item in ["support", "readiness", "concern"])
        + "4,support,2\n")
    org = sg.read_org(make_folder({"attitudes.csv": attitudes}))
    result = sg.analyze(org, min_group_size=1)
    report = result.quality.to_frame()
    row = report[report["problem"].str.startswith("too few attitude items")]
    assert row["value"].tolist() == ["4"] and row["file"].tolist() == ["attitudes.csv"]
    assert "missing concern, readiness" in row["problem"].iloc[0]
    assert len(org.quality) < len(report)  # the input's own report is left as it was


def test_stance_and_resistance_use_the_scores_they_are_given():
    # analyze scores the answers once and hands the table to both: a doctored table (every
    # respondent at -1, held back at Ability) must be what both report.
    from pathlib import Path

    from stakeholder_graph.champions.stance import WILLING_ITEM, stance_from_attitudes
    from stakeholder_graph.resistance.assess import assess_resistance

    org = sg.read_org(Path(__file__).resolve().parents[2] / "datasets" / "acme")
    net = sg.build_network(org)
    composite = org.attitudes[org.attitudes["item"] != WILLING_ITEM]
    scores = score_attitudes(composite, scale=org.likert_scale)
    doctored = scores.assign(attitude=-1.0, barrier="ability")
    respondents = np.asarray(net.ids.isin(scores.index))
    assert respondents.sum() >= 100

    own = stance_from_attitudes(net.ids, org.attitudes, scale=org.likert_scale)
    given = stance_from_attitudes(net.ids, org.attitudes, scale=org.likert_scale, scores=doctored)
    assert (own["attitude"][respondents] > -1).any()
    assert (given["attitude"][respondents] == -1.0).all()
    assert given["attitude"][~respondents].isna().all()

    assessed = assess_resistance(net, org, attitude_scores=doctored).people
    assert (assessed["attitude"][respondents] == -1.0).all()
    assert (assessed["barrier"][respondents] == "ability").all()
