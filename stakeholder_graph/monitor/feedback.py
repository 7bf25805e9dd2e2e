"""Survey waves and the anonymous channel: attitude trends and comment themes per group."""

from __future__ import annotations

import re

import pandas as pd

from ..io.org import sort_waves
from ..resistance.attitudes import DEFAULT_REVERSE_ITEMS
from ..resistance.influence import RESISTANT_CUTOFF

__all__ = ["attitude_trend", "comment_themes", "DEFAULT_THEMES", "wave_week"]

#: Editable keyword lists: a comment counts for a theme when it contains any of its words.
DEFAULT_THEMES = {
    "training": ["training", "course", "tutorial", "manual", "how do i", "don't know how", "learn"],
    "speed": ["slow", "speed", "loading", "takes ages", "freez", "lag"],
    "errors": ["error", "bug", "crash", "broken", "fails", "failed", "wrong data"],
    "workload": ["workload", "overtime", "extra work", "double entry", "twice", "no time"],
    "old way": ["old way", "old system", "legacy", "spreadsheet", "excel", "go back", "went back"],
}


def attitude_trend(attitude_waves: pd.DataFrame, members: pd.DataFrame, *, scale=(1, 5),
                   min_group_size: int = 5, cutoff: float = RESISTANT_CUTOFF) -> pd.DataFrame:
    """Mean attitude and share resistant per group and survey wave, waves in order.

    Parameters
    ----------
    attitude_waves : pandas.DataFrame
        ``respondent_id, item, value, wave`` (``OrgData.attitude_waves``).
    members : pandas.DataFrame
        ``id, group_type, group``: who belongs to which group.
    min_group_size : int, default=5
        Group-waves with fewer respondents are left out.

    Returns
    -------
    pandas.DataFrame
        ``group_type, group, wave, respondents, mean_attitude, share_resistant``.

    Examples
    --------
    >>> answers = pd.DataFrame({"respondent_id": list("abcdeabcde"), "item": "support",
    ...                         "value": [5, 4, 4, 5, 4, 2, 2, 3, 1, 2], "wave": ["1"] * 5 + ["2"] * 5})
    >>> members = pd.DataFrame({"id": list("abcde"), "group_type": "department", "group": "Sales"})
    >>> attitude_trend(answers, members)
       group_type  group wave  respondents  mean_attitude  share_resistant
    0  department  Sales    1            5            0.7              0.0
    1  department  Sales    2            5           -0.5              0.8
    """
    columns = ["group_type", "group", "wave", "respondents", "mean_attitude", "share_resistant"]
    if attitude_waves is None or attitude_waves.empty:
        return pd.DataFrame(columns=columns)
    waves = sort_waves(attitude_waves["wave"])
    parts = []
    for wave in waves:
        scores = composite_attitude(attitude_waves[attitude_waves["wave"] == wave], scale=scale).dropna()
        frame = pd.DataFrame({"id": scores.index.astype(str), "attitude": scores.to_numpy(), "wave": wave})
        parts.append(members.merge(frame, on="id"))
    joined = pd.concat(parts, ignore_index=True)
    joined["resistant"] = joined["attitude"] <= cutoff
    out = (joined.groupby(["group_type", "group", "wave"], sort=False)
           .agg(respondents=("attitude", "size"), mean_attitude=("attitude", "mean"),
                share_resistant=("resistant", "mean")).reset_index())
    out = out[out["respondents"] >= min_group_size]
    out["wave"] = pd.Categorical(out["wave"], categories=waves, ordered=True)
    out = out.sort_values(["group_type", "group", "wave"], kind="stable")
    out["wave"] = out["wave"].astype(str)
    out["mean_attitude"] = out["mean_attitude"].round(3)
    out["share_resistant"] = out["share_resistant"].round(3)
    return out[columns].reset_index(drop=True)


def composite_attitude(answers: pd.DataFrame, *, scale=(1, 5), reverse=DEFAULT_REVERSE_ITEMS,
                       min_share_answered: float = 0.5) -> pd.Series:
    """The attitude score of :func:`~stakeholder_graph.resistance.score_attitudes` (-1 to 1), vectorised.

    Only the score: no barrier or missing-item list, so it stays fast for 100,000
    respondents in every wave.

    Examples
    --------
    >>> answers = pd.DataFrame({"respondent_id": ["a", "a", "b"], "item": ["support", "concern", "support"],
    ...                         "value": [5, 1, 2]})
    >>> composite_attitude(answers).tolist()
    [1.0, -0.5]
    """
    lo, hi = scale
    wide = answers.pivot_table(index="respondent_id", columns="item", values="value", aggfunc="first")
    values = wide.astype(float)
    for item in reverse:
        if item in values:
            values[item] = lo + hi - values[item]
    rescaled = (values - (lo + hi) / 2) / ((hi - lo) / 2)
    answered = rescaled.notna().sum(axis=1)
    return rescaled.mean(axis=1).where(answered >= min_share_answered * values.shape[1]).round(3)


def wave_week(wave: str, go_live: pd.Timestamp) -> int | None:
    """The monitoring week a dated wave falls in (None for numbered waves).

    Examples
    --------
    >>> wave_week("2027-03-15", pd.Timestamp("2027-03-01"))
    3
    >>> wave_week("2", pd.Timestamp("2027-03-01")) is None
    True
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", str(wave)) is None:
        return None
    days = (pd.Timestamp(str(wave)[:10]) - go_live).days
    return days // 7 + 1


def comment_themes(comments: pd.DataFrame, *, go_live: pd.Timestamp, group_column: str = "department",
                   group_sizes: pd.Series | None = None, min_group_size: int = 5,
                   themes: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Comments per theme, group and week from the anonymous channel.

    Comments are never attributed to a person; groups whose headcount (``group_sizes``)
    is under ``min_group_size`` are left out, so a comment cannot point at a few people.

    Returns
    -------
    pandas.DataFrame
        ``group_type, group, week, theme, comments`` (weeks from 1; earlier comments dropped).

    Examples
    --------
    >>> notes = pd.DataFrame({"timestamp": ["2027-03-02T10:00:00Z", "2027-03-09T10:00:00+01:00"],
    ...                       "department": ["Sales", "Sales"],
    ...                       "text": ["Training was too short", "Went back to Excel, it is slow"]})
    >>> comment_themes(notes, go_live=pd.Timestamp("2027-03-01"), group_sizes=pd.Series({"Sales": 9}))
       group_type  group  week     theme  comments
    0  department  Sales     1  training         1
    1  department  Sales     2   old way         1
    2  department  Sales     2     speed         1
    """
    columns = ["group_type", "group", "week", "theme", "comments"]
    themes = DEFAULT_THEMES if themes is None else themes
    if comments is None or comments.empty:
        return pd.DataFrame(columns=columns)
    ts = pd.to_datetime(comments["timestamp"], utc=True, errors="coerce", format="ISO8601")
    go = pd.Timestamp(go_live).tz_localize("UTC") if pd.Timestamp(go_live).tz is None else pd.Timestamp(go_live)
    week = ((ts - go).dt.total_seconds() // (7 * 86400) + 1)
    text = comments["text"].fillna("").astype(str).str.casefold()
    parts = []
    for theme, words in themes.items():
        pattern = "|".join(re.escape(w.casefold()) for w in words)
        hit = text.str.contains(pattern, regex=True)
        parts.append(pd.DataFrame({"group": comments.loc[hit, group_column].astype(str), "week": week[hit],
                                   "theme": theme}))
    hits = pd.concat(parts, ignore_index=True).dropna(subset=["week"])
    hits = hits[hits["week"] >= 1]
    if group_sizes is not None:
        hits = hits[hits["group"].map(group_sizes).fillna(0) >= min_group_size]
    out = hits.groupby(["group", "week", "theme"], sort=True).size().rename("comments").reset_index()
    out.insert(0, "group_type", group_column)
    out["week"] = out["week"].astype(int)
    return out[columns]
