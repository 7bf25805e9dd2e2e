"""Does adoption travel through the network? Exposure, a hazard model, the champion effect.

Science.md 2.4 (netdiffuseR): a person's *exposure* is the share of the colleagues they go
to for help who have adopted; their *threshold* is the exposure at their time of adoption.
A discrete-time event-history model (a logit on person-week data; Strang & Tuma 1993,
Valente 2005) asks whether last week's exposure raises this week's chance of adopting,
with the week (baseline hazard) and the department as controls. Association, not proof:
push communications and team decisions also spread along the same ties (Van den Bulte &
Lilien 2001).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["exposure_at_adoption", "hazard_model", "champion_effect"]


def _ties(ids: pd.Index, edges: pd.DataFrame) -> sp.csr_matrix:
    src = ids.get_indexer(edges["respondent_id"])
    dst = ids.get_indexer(edges["nominee_id"])
    keep = (src >= 0) & (dst >= 0) & (src != dst)
    n = len(ids)
    adj = sp.csr_matrix((np.ones(keep.sum()), (src[keep], dst[keep])), shape=(n, n))
    adj.data[:] = 1.0  # repeated nominations count once
    return adj


def exposure_at_adoption(adoption_week: pd.Series, edges: pd.DataFrame) -> pd.DataFrame:
    """Each person's exposure when they adopted (or at the end, for non-adopters).

    Parameters
    ----------
    adoption_week : pandas.Series
        Indexed by person id: the first week with new-system use (NaN = not adopted).
    edges : pandas.DataFrame
        ``respondent_id, nominee_id``: who goes to whom for help.

    Returns
    -------
    pandas.DataFrame
        Indexed by id: ``alters`` (colleagues they go to), ``adoption_week``, ``exposure``
        (share of alters who adopted in an earlier week; NaN without alters).

    Examples
    --------
    >>> weeks = pd.Series({"a": 1.0, "b": 2.0, "c": 3.0, "d": np.nan})
    >>> ties = pd.DataFrame({"respondent_id": ["b", "c", "c", "d"], "nominee_id": ["a", "a", "d", "c"]})
    >>> exposure_at_adoption(weeks, ties)
       alters  adoption_week  exposure
    a       0            1.0       NaN
    b       1            2.0       1.0
    c       2            3.0       0.5
    d       1            NaN       1.0
    """
    ids = pd.Index(adoption_week.index.astype(str))
    adj = _ties(ids, edges)
    week = adoption_week.to_numpy(dtype=float)
    alters = np.asarray(adj.sum(axis=1)).ravel()
    rows, cols = adj.nonzero()
    own = np.where(np.isnan(week), np.inf, week)
    earlier = ~np.isnan(week[cols]) & (week[cols] < own[rows])
    adopted = np.bincount(rows[earlier], minlength=len(ids))
    with np.errstate(invalid="ignore", divide="ignore"):
        exposure = np.where(alters > 0, adopted / np.where(alters > 0, alters, 1), np.nan)
    return pd.DataFrame({"alters": alters.astype(int), "adoption_week": week, "exposure": exposure}, index=ids)


def _at_risk(adoption_week: pd.Series, edges: pd.DataFrame, n_weeks: int) -> dict[str, np.ndarray]:
    """Person-week rows while at risk as arrays: ``row`` (position), ``week``, ``adopted``, ``exposure``."""
    ids = pd.Index(adoption_week.index.astype(str))
    adj = _ties(ids, edges)
    alters = np.asarray(adj.sum(axis=1)).ravel()
    week = adoption_week.to_numpy(dtype=float)
    parts = []
    for w in range(1, n_weeks + 1):
        adopted_before = (~np.isnan(week) & (week <= w - 1)).astype(float)
        at_risk = (np.isnan(week) | (week >= w)) & (alters > 0)
        exposure = (adj @ adopted_before) / np.where(alters > 0, alters, 1)
        idx = np.flatnonzero(at_risk)
        parts.append((idx, np.full(len(idx), w), (week[idx] == w).astype(int), exposure[idx]))
    return {name: np.concatenate([p[i] for p in parts]) if parts else np.array([])
            for i, name in enumerate(("row", "week", "adopted", "exposure"))}


def person_weeks_at_risk(adoption_week: pd.Series, edges: pd.DataFrame, n_weeks: int) -> pd.DataFrame:
    """Person-week rows while at risk: ``id, week, adopted, exposure`` (lagged one week)."""
    data = _at_risk(adoption_week, edges, n_weeks)
    ids = adoption_week.index.astype(str).to_numpy()
    return pd.DataFrame({"id": ids[data["row"].astype(int)], "week": data["week"].astype(int),
                         "adopted": data["adopted"].astype(int), "exposure": data["exposure"]})


def hazard_model(adoption_week: pd.Series, edges: pd.DataFrame, department: pd.Series, n_weeks: int,
                 *, min_adoptions_per_week: int = 5) -> dict:
    """Discrete-time hazard of adoption on last week's exposure, controlling for week and department.

    Returns
    -------
    dict
        ``table`` (``term, coef, std_err, p_value, odds_ratio``), ``n_people``,
        ``n_person_weeks``, ``adoptions``, ``note`` (why no model, or fit warnings).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> n = 400
    >>> ties = pd.DataFrame({"respondent_id": np.arange(n).astype(str),
    ...                      "nominee_id": ((np.arange(n) + 1) % n).astype(str)})
    >>> weeks = pd.Series(rng.integers(1, 6, n).astype(float), index=np.arange(n).astype(str))
    >>> out = hazard_model(weeks, ties, pd.Series("A", index=weeks.index), 5)
    >>> out["table"]["term"].tolist()[:1], out["n_people"]
    (['exposure'], 400)
    """
    from statsmodels.genmod.families import Binomial
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    empty = pd.DataFrame(columns=["term", "coef", "std_err", "p_value", "odds_ratio"])
    # Positions, not id strings: a large organisation has millions of person-weeks at risk.
    data = pd.DataFrame(_at_risk(adoption_week, edges, n_weeks))
    data["row"] = data["row"].astype(np.int64)
    result = dict(table=empty, n_people=int(data["row"].nunique()), n_person_weeks=len(data),
                  adoptions=int(data["adopted"].sum()), note="")
    # Weeks without any adoption (or with nobody left at risk) carry no information on the hazard.
    per_week = data.groupby("week")["adopted"].agg(["sum", "size"])
    useful = per_week.index[(per_week["sum"] >= min_adoptions_per_week) & (per_week["sum"] < per_week["size"])]
    data = data[data["week"].isin(useful)]
    if data["adopted"].sum() < 10 or data["exposure"].std() == 0 or len(useful) == 0:
        result["note"] = "too few adoptions or no variation in exposure for a hazard model"
        return result
    dept_code, dept_names = pd.factorize(department.reindex(adoption_week.index.astype(str)).fillna("unknown")
                                         .astype(str))
    # People with the same week, department and exposure share one likelihood term: the binomial
    # GLM on these covariate patterns has exactly the person-week logit's estimates and errors
    # (identical rows aggregated, each pattern weighted by its size), with thousands of rows
    # instead of millions.
    cells = (pd.DataFrame({"week": data["week"].to_numpy(), "department": dept_code[data["row"].to_numpy()],
                           "exposure": data["exposure"].round(9).to_numpy(), "adopted": data["adopted"].to_numpy()})
             .groupby(["week", "department", "exposure"], sort=True)["adopted"].agg(["sum", "size"]).reset_index())
    cells["department"] = np.asarray(dept_names)[cells["department"].to_numpy()]
    design = pd.concat([
        pd.DataFrame({"const": 1.0, "exposure": cells["exposure"].to_numpy()}),
        pd.get_dummies(cells["week"].astype(str), prefix="week", drop_first=True, dtype=float),
        pd.get_dummies(cells["department"], prefix="department", drop_first=True, dtype=float),
    ], axis=1)
    design = design.loc[:, design.std(ddof=0).gt(0) | (design.columns == "const")]
    outcome = np.column_stack([cells["sum"].to_numpy(float), (cells["size"] - cells["sum"]).to_numpy(float)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        warnings.simplefilter("always", PerfectSeparationWarning)
        warnings.simplefilter("always", RuntimeWarning)
        fit = GLM(outcome, design, family=Binomial()).fit(maxiter=100)
    notes = sorted({str(w.message).split("\n")[0] for w in caught})
    table = pd.DataFrame({"term": design.columns, "coef": fit.params.to_numpy(), "std_err": fit.bse.to_numpy(),
                          "p_value": fit.pvalues.to_numpy()})
    table["odds_ratio"] = np.exp(table["coef"])
    table = pd.concat([table[table["term"] == "exposure"], table[table["term"] != "exposure"]], ignore_index=True)
    result.update(table=table.round(4), n_people=int(data["row"].nunique()), n_person_weeks=len(data),
                  adoptions=int(data["adopted"].sum()), note="; ".join(notes))
    return result


def champion_effect(adoption_week: pd.Series, matched: pd.Series, n_weeks: int, *,
                    min_group_size: int = 5) -> pd.DataFrame:
    """Cumulative adoption by week for people matched to a champion versus not.

    Returns
    -------
    pandas.DataFrame
        ``week, group, people, adopted, share`` with groups ``matched to a champion`` and
        ``not matched``; a group under ``min_group_size`` people is left out.

    Examples
    --------
    >>> weeks = pd.Series([1, 1, 2, np.nan, 3, np.nan, np.nan, np.nan, 2, np.nan])
    >>> matched = pd.Series([True] * 5 + [False] * 5)
    >>> champion_effect(weeks, matched, 2)
       week                  group  people  adopted  share
    0     1  matched to a champion       5        2    0.4
    1     1            not matched       5        0    0.0
    2     2  matched to a champion       5        3    0.6
    3     2            not matched       5        1    0.2
    """
    rows = []
    week = adoption_week.to_numpy(dtype=float)
    flag = matched.to_numpy(dtype=bool)
    for w in range(1, n_weeks + 1):
        for label, mask in (("matched to a champion", flag), ("not matched", ~flag)):
            people = int(mask.sum())
            if people < min_group_size:
                continue
            adopted = int((week[mask] <= w).sum())
            rows.append(dict(week=w, group=label, people=people, adopted=adopted, share=round(adopted / people, 3)))
    return pd.DataFrame(rows, columns=["week", "group", "people", "adopted", "share"])
