"""Attitude scores and the ADKAR barrier point from readiness-survey answers.

An attitude score is the mean of the configured items, each rescaled from the Likert
scale to [-1, 1] (the scale's middle is 0; reverse-coded items are turned round first), so
-1 means fully against the change and +1 fully for it. The ADKAR barrier point is the
first element, in the order Awareness, Desire, Knowledge, Ability, Reinforcement, scored
at or below the threshold (Prosci guidance: 3 on a 1-5 scale).

These are indicators about groups, not judgments about people; individual scores never
leave the machine unless the user asks for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import InvalidParameterError

__all__ = ["score_attitudes", "ADKAR_ITEMS", "DEFAULT_REVERSE_ITEMS"]

ADKAR_ITEMS = ["adkar_awareness", "adkar_desire", "adkar_knowledge", "adkar_ability", "adkar_reinforcement"]
#: Items read as reverse-coded unless told otherwise (5 = most worried).
DEFAULT_REVERSE_ITEMS = ("concern",)


def score_attitudes(attitudes: pd.DataFrame, *, items: list[str] | None = None,
                    reverse: tuple[str, ...] | list[str] = DEFAULT_REVERSE_ITEMS,
                    scale: tuple[int, int] = (1, 5), min_share_answered: float = 0.5,
                    barrier_threshold: float = 3) -> pd.DataFrame:
    """Attitude score and ADKAR barrier point per respondent.

    Parameters
    ----------
    attitudes : pandas.DataFrame
        Long table ``respondent_id, item, value`` (as read by ``read_org``).
    items : list of str, optional
        Items in the composite score; default every item in the table.
    reverse : sequence of str, default=("concern",)
        Reverse-coded items (agreeing means *less* ready).
    scale : tuple of int, default=(1, 5)
        Likert scale of the answers.
    min_share_answered : float, default=0.5
        A score needs answers to at least this share of the items; otherwise it is NaN.
    barrier_threshold : float, default=3
        An ADKAR element scored at or below this is a barrier.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``respondent_id``: ``attitude`` (-1 to 1), ``items_answered``,
        ``items_missing`` (comma-separated names), ``barrier`` (awareness, desire,
        knowledge, ability, reinforcement, ``none``, or ``unknown`` when an element before
        the first low one is missing).

    Examples
    --------
    >>> answers = pd.DataFrame({
    ...     "respondent_id": ["a"] * 4 + ["b"] * 3,
    ...     "item": ["support", "concern", "adkar_awareness", "adkar_desire",
    ...              "support", "adkar_awareness", "adkar_desire"],
    ...     "value": [5, 1, 4, 2, 2, 5, 5]})

    "a" is held back by Desire; "b" did not answer the later ADKAR items, so the barrier
    is unknown.

    >>> score_attitudes(answers)
                   attitude  items_answered items_missing  barrier
    respondent_id
    a                   0.5               4                 desire
    b                   0.5               3       concern  unknown
    """
    lo, hi = scale
    if not lo < hi:
        raise InvalidParameterError("scale", "a pair (low, high) with low < high", scale)
    if not 0 < min_share_answered <= 1:
        raise InvalidParameterError("min_share_answered", "a number in (0, 1]", min_share_answered)
    wide = attitudes.pivot_table(index="respondent_id", columns="item", values="value", aggfunc="first")
    chosen = list(items) if items is not None else sorted(wide.columns)
    unknown = [i for i in chosen if i not in wide.columns]
    if unknown:
        raise InvalidParameterError("items", f"items present in attitudes ({sorted(wide.columns)})", unknown)
    values = wide[chosen].astype(float)
    for item in reverse:
        if item in values:
            values[item] = lo + hi - values[item]
    middle, half = (lo + hi) / 2, (hi - lo) / 2
    rescaled = (values - middle) / half
    answered = rescaled.notna().sum(axis=1)
    attitude = rescaled.mean(axis=1).where(answered >= min_share_answered * len(chosen))
    missing = rescaled.isna()
    # One pass per item (a handful), not one Python call per respondent.
    joined = pd.Series("", index=missing.index, dtype=object)
    for item in missing.columns:
        joined = joined.where(~missing[item].to_numpy(), joined + (", " + str(item)))
    missing_names = joined.str.removeprefix(", ")
    out = pd.DataFrame({"attitude": attitude.round(3), "items_answered": answered.astype(int),
                        "items_missing": missing_names.reindex(wide.index).fillna("")})
    out["barrier"] = _barrier(wide, barrier_threshold)
    out.index.name = "respondent_id"
    return out


def _barrier(wide: pd.DataFrame, threshold: float) -> pd.Series:
    present = [i for i in ADKAR_ITEMS if i in wide.columns]
    if not present:
        return pd.Series("unknown", index=wide.index, dtype=object)
    # Whole columns at a time on plain arrays: masked assignment into a Series costs more
    # than the comparisons themselves at 100,000 respondents.
    result = np.full(len(wide), "none", dtype=object)
    settled = np.zeros(len(wide), dtype=bool)
    for item in ADKAR_ITEMS:
        name = item.removeprefix("adkar_")
        if item not in wide.columns:
            result[~settled] = "unknown"
            break
        value = wide[item].to_numpy(dtype=float, na_value=np.nan)
        low = (value <= threshold) & ~settled
        result[low] = name
        unanswered = np.isnan(value) & ~settled
        result[unanswered] = "unknown"
        settled |= low | unanswered
    return pd.Series(result, index=wide.index, dtype=object)
