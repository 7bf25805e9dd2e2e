"""Checking network measures against an observed adoption: did they pick the early adopters?

Used by the real-data notebooks (Medical Innovation) to ask whether champion scores and
network exposure predict who adopts first, with uncertainty: bootstrap confidence
intervals, exact hypergeometric tail probabilities against random picks, and permutation
p-values (scipy.stats).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from ..network.orgnetwork import OrgNetwork

__all__ = ["rank_association", "top_k_hits", "exposure_by_period", "contagion_test"]


def rank_association(x: pd.Series, y: pd.Series, *, resamples: int = 2000, seed: int | None = 0) -> dict:
    """Spearman's rank correlation with a bootstrap 95% CI and a permutation p-value.

    Parameters
    ----------
    x, y : pandas.Series
        Aligned on their index; pairs with a missing value are dropped.
    resamples : int
        Bootstrap resamples and permutations.
    seed : int or None

    Returns
    -------
    dict
        ``rho``, ``ci_low``, ``ci_high`` (percentile bootstrap), ``p_value`` (two-sided
        permutation test) and ``n``.

    Examples
    --------
    >>> x = pd.Series(range(30)); y = x + pd.Series(np.random.default_rng(1).normal(0, 3, 30))
    >>> r = rank_association(x, y, resamples=500)
    >>> round(r["rho"], 2), r["ci_low"] > 0.8, r["p_value"] < 0.01, r["n"]
    (0.96, True, True, 30)
    """
    pair = pd.concat([x, y], axis=1, keys=["x", "y"]).dropna()
    a, b = pair["x"].to_numpy(float), pair["y"].to_numpy(float)

    def rho(u, v):
        if np.ptp(u) == 0 or np.ptp(v) == 0:  # a resample with one value only: undefined, left out
            return np.nan
        return stats.spearmanr(u, v).statistic

    rng = np.random.default_rng(seed)
    # by hand rather than stats.bootstrap: small samples with few levels (a hierarchy of
    # three levels) give constant resamples, which must be skipped, not fail the interval
    picks = rng.integers(0, len(a), size=(resamples, len(a)))
    boot = np.array([rho(a[i], b[i]) for i in picks])
    perm = stats.permutation_test((a, b), lambda u, v: stats.spearmanr(u, v).statistic,
                                  permutation_type="pairings", n_resamples=resamples, alternative="two-sided",
                                  random_state=rng)
    low, high = np.nanpercentile(boot, [2.5, 97.5])
    return {"rho": float(rho(a, b)), "ci_low": float(low), "ci_high": float(high), "p_value": float(perm.pvalue),
            "n": len(a)}


def top_k_hits(rankings: dict[str, pd.Series], outcome: pd.Series, k: int) -> pd.DataFrame:
    """How many of each ranking's top ``k`` had the outcome, against ``k`` random picks.

    Ties are broken by index order (stable), so a ranking with many ties (in-degree)
    gets no hidden advantage.

    Parameters
    ----------
    rankings : dict
        Name -> score per person (higher = picked first), indexed like ``outcome``.
    outcome : pandas.Series of bool
        The people who can be picked (missing outcomes are left out).
    k : int

    Returns
    -------
    pandas.DataFrame
        One row per ranking plus ``random picks``: ``hits``, ``hit_rate`` with a Wilson
        95% CI, and ``p_value`` = P(random k picks get at least as many hits), exact
        (hypergeometric). The random row gives the expected rate and the 2.5-97.5%
        range of random hit rates.

    Examples
    --------
    >>> outcome = pd.Series([True] * 5 + [False] * 15)
    >>> good, poor = pd.Series(range(20, 0, -1)), pd.Series(range(20))
    >>> table = top_k_hits({"good": good, "poor": poor}, outcome, k=5)
    >>> print(table["hits"].tolist(), f"{table.loc['good', 'p_value']:.1e}")
    [5.0, 0.0, 1.25] 6.4e-05
    """
    known = outcome.dropna().astype(bool)
    population, successes = len(known), int(known.sum())
    hypergeom = stats.hypergeom(population, successes, k)
    rows = {}
    for name, score in rankings.items():
        score = score.reindex(known.index)
        order = np.argsort(-score.fillna(-np.inf).to_numpy(float), kind="stable")[:k]
        hits = int(known.to_numpy()[order].sum())
        ci = stats.binomtest(hits, k).proportion_ci(method="wilson")
        rows[name] = {"hits": hits, "hit_rate": hits / k, "ci_low": ci.low, "ci_high": ci.high,
                      "p_value": float(hypergeom.sf(hits - 1))}
    low, high = hypergeom.ppf([0.025, 0.975])
    rows["random picks"] = {"hits": successes * k / population, "hit_rate": successes / population,
                            "ci_low": low / k, "ci_high": high / k, "p_value": np.nan}
    return pd.DataFrame.from_dict(rows, orient="index")


def _contacts(net: OrgNetwork, relations) -> sp.csr_matrix:
    matrix = sum(net.matrix(r, weighted=False) for r in relations)
    return (matrix > 0).astype(np.float64).tocsr()


def exposure_by_period(net: OrgNetwork, adopted: pd.Series, *, relations=("advice",),
                       periods: int | None = None) -> pd.DataFrame:
    """Share of each person's contacts (the people they name) who adopted before each period.

    ``adopted`` gives the period of adoption per person id (NaN = unknown: such contacts
    count in neither numerator nor denominator; a value past the last period = never).

    Returns
    -------
    pandas.DataFrame
        People x periods ``1..periods``; NaN where a person names no contact with a
        known adoption time.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> adopted = pd.Series({"1": 1, "2": 2, "3": 3, "4": np.nan, "5": 9})
    >>> exposure_by_period(net, adopted, relations=["help"], periods=3).loc["4"].tolist()  # names 1 and 3
    [0.0, 0.5, 0.5]
    """
    contacts = _contacts(net, relations)
    time = adopted.reindex(net.ids.astype(str)).to_numpy(float)
    known = ~np.isnan(time)
    periods = periods or int(np.nanmax(time))
    denominator = contacts @ known.astype(float)
    columns = {}
    for t in range(1, periods + 1):
        numerator = contacts @ (known & (time < t)).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            columns[t] = np.where(denominator > 0, numerator / np.maximum(denominator, 1), np.nan)
    return pd.DataFrame(columns, index=net.ids.astype(str))


def _excess_exposure(exposure: np.ndarray, time: np.ndarray, periods: int) -> float:
    """Mean over adopters of (own exposure - mean exposure of all still at risk) at adoption."""
    gaps = []
    for t in range(1, periods + 1):
        at_risk = (time >= t) & ~np.isnan(exposure[:, t - 1])
        now = at_risk & (time == t)
        if now.any() and at_risk.sum() > now.sum():
            gaps.append(exposure[now, t - 1] - exposure[at_risk, t - 1].mean())
    return float(np.concatenate(gaps).mean()) if gaps else np.nan


def contagion_test(net: OrgNetwork, adopted: pd.Series, *, relations=("advice",), groups: pd.Series | None = None,
                   periods: int | None = None, permutations: int = 1000, seed: int | None = 0) -> dict:
    """Were people more exposed through their contacts just when they adopted? A permutation test.

    The statistic is the mean, over people adopting in a period, of their exposure
    (:func:`exposure_by_period`) minus the mean exposure of everyone still at risk then.
    The null shuffles adoption times among the people with a known time (within
    ``groups``, e.g. cities, so a group's own timing is kept), keeping the network.

    Returns
    -------
    dict
        ``excess_exposure``, ``p_value`` (one-sided, greater), the null's mean and
        2.5-97.5% range, and ``adopters``.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> adopted = pd.Series({"1": 1, "2": 2, "3": 3, "4": 3, "5": 4})
    >>> result = contagion_test(net, adopted, relations=["help"], permutations=200)
    >>> result["excess_exposure"] > 0, 0 <= result["p_value"] <= 1
    (True, True)
    """
    ids = net.ids.astype(str)
    time = adopted.reindex(ids).to_numpy(float)
    periods = periods or int(np.nanmax(time)) - 1
    known = np.flatnonzero(~np.isnan(time))
    group = (groups.reindex(ids).to_numpy() if groups is not None else np.zeros(len(ids)))[known]

    def statistic(times: np.ndarray) -> float:
        full = np.full(len(ids), np.nan)
        full[known] = times
        exposure = exposure_by_period(net, pd.Series(full, index=ids), relations=relations,
                                      periods=periods).to_numpy()
        return _excess_exposure(exposure, full, periods)

    observed = statistic(time[known])
    rng = np.random.default_rng(seed)
    null = np.empty(permutations)
    for b in range(permutations):
        shuffled = time[known].copy()
        for g in np.unique(group):
            members = np.flatnonzero(group == g)
            shuffled[members] = rng.permutation(shuffled[members])
        null[b] = statistic(shuffled)
    return {"excess_exposure": observed, "p_value": float((1 + np.sum(null >= observed)) / (1 + permutations)),
            "null_mean": float(null.mean()), "null_low": float(np.quantile(null, 0.025)),
            "null_high": float(np.quantile(null, 0.975)),
            "adopters": int(np.sum(time[known] <= periods))}
