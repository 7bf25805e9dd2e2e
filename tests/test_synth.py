"""The synthetic organisation: deterministic per seed, realistic, and its planted truth is real."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.synth import ATTITUDE_ITEMS, make_org, write_org


@pytest.fixture(scope="module", params=[0, 1, 2])
def synthetic(request, tmp_path_factory):
    org = make_org(2000, seed=request.param)
    folder = write_org(org, tmp_path_factory.mktemp(f"synth{request.param}"))
    return org, sg.read_org(folder)


def test_same_seed_same_org_and_no_global_state():
    np.random.seed(123)
    before = np.random.random()
    a, b = make_org(300, seed=4), make_org(300, seed=4)
    for name in ["people", "nominations", "attitudes", "impact", "truth"]:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert not make_org(300, seed=5).nominations.equals(a.nominations)
    np.random.seed(123)
    assert np.random.random() == before


def test_hierarchy_is_realistic(synthetic):
    _, org = synthetic
    net = sg.build_network(org)
    people = net.people
    spans = people.loc[people["is_manager"], "n_reports"]
    assert 3 <= spans.mean() <= 10 and spans.max() <= 25
    assert (people["manager_id"] == "").sum() == 1  # one chief executive
    departments = people["department"].value_counts()
    assert len(departments) >= 6 and departments.drop("Executive Office").min() >= 20
    assert people["location"].nunique() >= 3
    assert "hire_year" in people  # extra HR columns are kept as attributes


def test_non_response_is_about_twenty_percent(synthetic):
    _, org = synthetic
    assert 0.72 <= org.people["responded"].mean() <= 0.86


def test_planted_influencers_are_sought_out_and_not_managers(synthetic):
    synth, org = synthetic
    net = sg.build_network(org)
    truth = synth.truth.set_index("id").loc[net.ids]
    influencer = truth["planted_influencer"].to_numpy()
    assert influencer.sum() >= 20
    assert not net.people["is_manager"].to_numpy()[influencer].any()
    in_degree = np.asarray(net.matrix("help", weighted=False).sum(axis=0)).ravel()
    others = in_degree[~influencer & ~net.people["is_manager"].to_numpy()]
    assert np.median(in_degree[influencer]) > np.quantile(others, 0.95)
    # Bridges are named across departments more than other influencers.
    edges = net.edges("help")
    dept = net.people["department"].to_numpy()
    cross = pd.Series(dept[edges["source"]] != dept[edges["target"]]).groupby(edges["target"].to_numpy()).mean()
    kind = truth["influencer_kind"].to_numpy()
    bridges = [i for i in np.flatnonzero(kind == "bridge") if i in cross.index]
    connectors = [i for i in np.flatnonzero(kind == "connector") if i in cross.index]
    assert cross[bridges].mean() > cross[connectors].mean() + 0.2


def test_planted_resistant_groups_answer_more_negatively(synthetic):
    synth, org = synthetic
    truth = synth.truth.set_index("id")
    groups = truth.loc[truth["resistant_group"] != "", "resistant_group"]
    assert groups.nunique() >= 2 and 0.04 <= len(groups) / len(truth) <= 0.12
    answers = org.attitudes.pivot(index="respondent_id", columns="item", values="value")
    assert set(answers.columns) == set(ATTITUDE_ITEMS)
    resistant = answers.index.isin(groups.index)
    assert answers.loc[resistant, "support"].mean() < answers.loc[~resistant, "support"].mean() - 1.0
    assert answers.loc[resistant, "adkar_desire"].mean() < answers.loc[resistant, "adkar_awareness"].mean() - 1.0
    assert answers.loc[resistant, "concern"].mean() > answers.loc[~resistant, "concern"].mean() + 1.0  # reverse-coded
    # Resistant groups sit in the departments with the highest change impact.
    impact = org.impact.set_index("department")["impact"]
    group_departments = org.people.set_index("id").loc[groups.index, "department"].unique()
    assert impact[group_departments].min() == 5


def test_typed_nominees_exercise_name_resolution(synthetic):
    _, org = synthetic
    matches = org.nominations["match"].value_counts()
    assert {"id", "email", "name", "fuzzy"} <= set(matches.index)
    problems = org.quality.to_frame()["problem"]
    assert problems.str.startswith("self-nomination").any()
    assert problems.str.startswith("duplicate nomination").any()
    assert problems.str.startswith("nominee matches no one").any()


def test_truth_is_kept_apart(tmp_path):
    folder = write_org(make_org(50, seed=0), tmp_path / "org")
    assert (folder / "truth" / "truth.csv").exists() and not (folder / "truth.csv").exists()
    assert "truth" not in sg.read_org(folder).files


@pytest.mark.parametrize("kwargs, parameter", [({"n_people": 5}, "n_people"),
                                               ({"response_rate": 1.5}, "response_rate"),
                                               ({"help_per_respondent": 0}, "help_per_respondent")])
def test_bad_parameters(kwargs, parameter):
    with pytest.raises(sg.InvalidParameterError, match=f"'{parameter}' parameter"):
        make_org(**kwargs)


def test_bundled_acme_is_what_the_command_regenerates(tmp_path):
    from pathlib import Path

    bundled = Path(__file__).resolve().parents[1] / "datasets" / "acme"
    write_org(make_org(400, seed=0), tmp_path)
    for name in ["people.csv", "nominations.csv", "attitudes.csv", "impact.csv", "truth/truth.csv"]:
        assert (bundled / name).read_bytes() == (tmp_path / name).read_bytes(), name
