"""A person's stance on the change: believer, neutral, sceptic or unknown.

The champions work (issue 10) adds ``stance`` to ``Analysis.people``; until then it is
derived here from the individual ``attitude`` (-1..1): believer at 0.25 or more, sceptic
at -0.25 or less, unknown without an answer. Everything in the plan reads stance through
:func:`person_stance`, so only this function changes when the column arrives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STANCES", "stance_from_attitude", "person_stance"]

STANCES = ("believer", "neutral", "sceptic", "unknown")
BELIEVER_AT, SCEPTIC_AT = 0.25, -0.25


def stance_from_attitude(attitude) -> np.ndarray:
    """Stance per person from their own attitude score (-1..1; NaN = no answer).

    Examples
    --------
    >>> stance_from_attitude([0.25, 0.1, -0.25, float("nan")]).tolist()
    ['believer', 'neutral', 'sceptic', 'unknown']
    """
    a = np.asarray(attitude, dtype=float)
    return np.select([np.isnan(a), a >= BELIEVER_AT, a <= SCEPTIC_AT], ["unknown", "believer", "sceptic"],
                     default="neutral").astype(object)


def person_stance(people: pd.DataFrame) -> pd.Series:
    """The ``stance`` column when present, else derived from ``attitude`` (unknown without it).

    Examples
    --------
    >>> person_stance(pd.DataFrame({"attitude": [0.5, -0.5]})).tolist()
    ['believer', 'sceptic']
    >>> person_stance(pd.DataFrame({"id": ["1"]})).tolist()
    ['unknown']
    """
    if "stance" in people:
        stance = people["stance"].astype(object).where(people["stance"].isin(STANCES), "unknown")
        return stance.rename("stance")
    if "attitude" in people:
        return pd.Series(stance_from_attitude(people["attitude"]), index=people.index, name="stance")
    return pd.Series("unknown", index=people.index, name="stance", dtype=object)
