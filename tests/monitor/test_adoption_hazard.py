"""Exposure and the hazard model: against a person-week logit, and on planted contagion."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.monitor.diffusion import hazard_model, person_weeks_at_risk


def test_grouped_glm_equals_the_person_week_logit():
    from statsmodels.discrete.discrete_model import Logit

    rng = np.random.default_rng(5)
    n = 300
    ids = np.arange(n).astype(str)
    ties = pd.DataFrame({"respondent_id": np.repeat(ids, 3), "nominee_id": rng.choice(ids, 3 * n)})
    weeks = pd.Series(np.where(rng.random(n) < 0.8, rng.integers(1, 7, n), np.nan), index=ids)
    dept = pd.Series(rng.choice(["A", "B", "C"], n), index=ids)
    out = hazard_model(weeks, ties, dept, 6, min_adoptions_per_week=1)
    data = person_weeks_at_risk(weeks, ties, 6)
    design = pd.concat([pd.DataFrame({"const": 1.0, "exposure": data["exposure"].to_numpy()}),
                        pd.get_dummies(data["week"].astype(str), prefix="week", drop_first=True, dtype=float),
                        pd.get_dummies(dept.reindex(data["id"]).reset_index(drop=True), prefix="department",
                                       drop_first=True, dtype=float)], axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = Logit(data["adopted"].to_numpy(float), design).fit(disp=0)
    got = out["table"].set_index("term")
    np.testing.assert_allclose(got.loc["exposure", "coef"], fit.params["exposure"], atol=1e-3)
    np.testing.assert_allclose(got.loc["exposure", "std_err"], fit.bse["exposure"], atol=1e-3)
    assert out["n_person_weeks"] == len(data)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_contagion_is_found(monitored, seed):
    _, _, result = monitored(seed)
    exposure = result.hazard["table"].set_index("term").loc["exposure"]
    assert exposure["coef"] > 0 and exposure["p_value"] < 0.05


def _champion_gap(result, weeks=(2, 3, 4)) -> float:
    """Mean lead of people matched to a champion over the others in cumulative adoption, weeks 2-4."""
    effect = result.champion_effect.pivot(index="week", columns="group", values="share")
    return float((effect["matched to a champion"] - effect["not matched"]).loc[list(weeks)].mean())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_first_adopters_start_in_week_one(monitored, seed):
    from stakeholder_graph.resistance import score_attitudes

    rollout, analysis, result = monitored(seed)
    assert len(rollout.first_adopters) >= 5
    # The head start goes to believers (attitude >= 0.25 in the first survey wave) ...
    answers = rollout.attitudes[rollout.attitudes["wave"] == sorted(rollout.attitudes["wave"].unique())[0]]
    answers = answers.assign(value=pd.to_numeric(answers["value"], errors="coerce")).dropna(subset=["value"])
    assert (score_attitudes(answers)["attitude"].reindex(rollout.first_adopters) >= 0.25).all()
    # ... among the most sought-out for help, and the telemetry shows them starting in week 1.
    sought = analysis.people.set_index("id")["in_degree_help@2027-02-01"]
    assert sought.loc[rollout.first_adopters].min() >= sought.quantile(0.85)
    assert (result.exposure.loc[rollout.first_adopters, "adoption_week"] == 1).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_champion_effect_is_found(monitored, seed):
    """Champions who believe start first and their help counts: people matched to a champion adopt
    earlier (champion-effect curves) and exposure raises the weekly hazard (p < 0.05)."""
    _, _, result = monitored(seed)
    _, _, control = monitored(seed, control=True)
    assert _champion_gap(result) >= 0.05
    assert _champion_gap(result) - _champion_gap(control) >= 0.05
    exposure = result.hazard["table"].set_index("term").loc["exposure"]
    assert exposure["coef"] > 0 and exposure["p_value"] < 0.05


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_champion_effect_where_adoption_ignores_the_network(monitored, seed):
    """Control: same organisation and stories, adoption independent of the help network."""
    rollout, _, result = monitored(seed, control=True)
    assert rollout.first_adopters == []
    exposure = result.hazard["table"].set_index("term").loc["exposure"]
    assert not (exposure["coef"] > 0 and exposure["p_value"] < 0.05), exposure
    assert _champion_gap(result) < 0.05
