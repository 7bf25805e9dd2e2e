"""Group aggregates that respect the minimum group size (design section 8)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["count_share_by_group"]


def count_share_by_group(groups: pd.Series, flags: np.ndarray, *, by: str, count: str, share: str,
                         min_group_size: int, order: str = "headcount") -> pd.DataFrame:
    """Headcount, a count of flagged people and its share per group, plus an ``All`` row.

    Groups under ``min_group_size`` are merged into one ``Other (groups under N people)``
    row; if that row is still under the minimum its count and share are suppressed.

    Parameters
    ----------
    order : {"headcount", "name"}
        Largest groups first, or alphabetical.

    Examples
    --------
    >>> count_share_by_group(pd.Series(["A"] * 5 + ["B"] * 2), np.array([1, 1, 1, 0, 0, 1, 0], bool),
    ...                      by="department", count="covered", share="coverage", min_group_size=5)
                          department  headcount  covered  coverage
    0                              A          5        3     0.600
    1  Other (groups under 5 people)          2     <NA>       NaN
    2                            All          7        4     0.571
    """
    frame = pd.DataFrame({by: groups.astype(str).to_numpy(), count: np.asarray(flags, dtype=int)})
    grouped = frame.groupby(by, sort=False)[count].agg(headcount="size", **{count: "sum"}).reset_index()
    small = grouped["headcount"] < min_group_size
    if small.any():
        other = pd.DataFrame({by: [f"Other (groups under {min_group_size} people)"],
                              "headcount": [grouped.loc[small, "headcount"].sum()],
                              count: [grouped.loc[small, count].sum()]})
        grouped = pd.concat([grouped[~small], other], ignore_index=True)
    keys = ["headcount", by] if order == "headcount" else [by]
    ascending = [False, True] if order == "headcount" else [True]
    is_other = grouped[by].str.startswith("Other (groups under")
    grouped = pd.concat([grouped[~is_other].sort_values(keys, ascending=ascending, kind="stable"),
                         grouped[is_other]], ignore_index=True) if order == "name" else \
        grouped.sort_values(keys, ascending=ascending, kind="stable")
    total = pd.DataFrame({by: ["All"], "headcount": [len(frame)], count: [int(frame[count].sum())]})
    out = pd.concat([grouped, total], ignore_index=True)
    out[share] = (out[count] / out["headcount"]).round(3)
    out[count] = out[count].astype("Int64")
    out.loc[out["headcount"] < min_group_size, [count, share]] = pd.NA
    out[share] = out[share].astype(float)
    return out.reset_index(drop=True)
