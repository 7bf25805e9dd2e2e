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
