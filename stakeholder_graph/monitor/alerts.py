"""Alerts that persist: drops and stalls over consecutive weeks, with stated thresholds.

Science.md 4.7-4.8: no universal thresholds exist, so every threshold is a field of
:class:`AlertRules` (editable in a TOML file) and is written into each alert. A signal
fires only when it holds for ``persist_weeks`` consecutive weeks and involves at least
``min_people`` people, so one noisy week in a small group stays quiet.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InvalidParameterError

__all__ = ["AlertRules", "SIGNALS", "ALERT_COLUMNS", "adoption_alerts", "attitude_alerts",
           "champion_alerts", "comment_alerts", "persistent_runs"]

SIGNALS = ("active_drop", "reversion", "attitude_drop", "below_target", "champion_overload", "comment_theme")
ALERT_COLUMNS = ["week", "group_type", "group", "signal", "value", "threshold", "message"]


@dataclass(frozen=True)
class AlertRules:
    """Thresholds of every alert (all configurable).

    Attributes
    ----------
    persist_weeks : int
        Consecutive weeks a condition must hold before it is an alert.
    min_people : int
        People a drop or reversion must involve (guards small groups against noise).
    active_drop : float
        Fall of ``active_share`` below the group's best earlier week (share points).
    target_active_share : float
        ``active_share`` expected from ``target_from_week`` on; below it is ``below_target``.
    target_from_week : int
        First week the target applies (adoption needs time to take off).
    reversion_rate : float
        Share of last week's active people who used only the legacy tools this week.
    attitude_drop : float
        Fall of a group's mean attitude (-1..1) from the previous survey wave.
    champion_load_cap : int
        Colleagues one champion can help (the plan's "no champion over 30 requests").
    champion_overload_factor : float
        A champion is overloaded when sought out by more than ``factor x cap`` colleagues
        in the latest nomination wave ("many more than the cap").
    champion_lag : float
        A champion's matched group lags the organisation's ``active_share`` by this much.
    comment_min : int
        Comments on one theme in one group and week.

    Examples
    --------
    >>> AlertRules().persist_weeks
    2
    >>> AlertRules.from_dict({"reversion_rate": 0.2}).reversion_rate
    0.2
    """

    persist_weeks: int = 2
    min_people: int = 3
    active_drop: float = 0.15
    target_active_share: float = 0.6
    target_from_week: int = 4
    reversion_rate: float = 0.10
    attitude_drop: float = 0.2
    champion_load_cap: int = 30
    champion_overload_factor: float = 1.5
    champion_lag: float = 0.3
    comment_min: int = 5

    @classmethod
    def from_dict(cls, values: dict) -> "AlertRules":
        """Rules from a dict; unknown keys are an error naming the known ones."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InvalidParameterError("rules", f"keys among {sorted(known)}", unknown)
        return cls(**values)

    @classmethod
    def from_toml(cls, path: str | Path) -> "AlertRules":
        """Rules from a TOML file (``[alerts]`` table or top-level keys)."""
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        return cls.from_dict(data.get("alerts", data))


def persistent_runs(flags: np.ndarray, persist: int) -> np.ndarray:
    """Positions where ``flags`` has held for ``persist`` consecutive entries (ending there).

    Examples
    --------
    >>> persistent_runs(np.array([1, 1, 0, 1, 1, 1], bool), 2).tolist()
    [False, True, False, False, True, True]
    """
    run = np.zeros(len(flags), dtype=int)
    count = 0
    for i, flag in enumerate(flags):
        count = count + 1 if flag else 0
        run[i] = count
    return run >= persist


def _first_alert(frame: pd.DataFrame, flags: np.ndarray, persist: int) -> int | None:
    hits = np.flatnonzero(persistent_runs(flags, persist))
    return int(hits[0]) if len(hits) else None


def adoption_alerts(weekly: pd.DataFrame, rules: AlertRules) -> pd.DataFrame:
    """``active_drop``, ``reversion`` and ``below_target`` per group (first week each fires).

    ``weekly`` is the adoption table (one row per group and week, small groups removed).
    """
    rows = []
    p = rules.persist_weeks
    weekly = weekly.sort_values(["group_type", "group", "week"], kind="stable")
    # Only groups where some week meets a condition can alert: find them without a Python loop.
    share = weekly["active_share"].astype(float)
    best = share.fillna(0).groupby([weekly["group_type"], weekly["group"]], sort=False).cummax()
    maybe = ((best - share) >= rules.active_drop) | (weekly["reversion_rate"].fillna(0) >= rules.reversion_rate) \
        | ((weekly["week"] >= rules.target_from_week) & (share < rules.target_active_share))
    flagged = weekly.loc[maybe, ["group_type", "group"]].drop_duplicates()
    weekly = weekly.merge(flagged, on=["group_type", "group"])
    for (gtype, group), g in weekly.groupby(["group_type", "group"], sort=False):
        share = g["active_share"].to_numpy(dtype=float)
        active = g["active"].to_numpy(dtype=float)
        weeks = g["week"].to_numpy()
        eligible = float(g["eligible"].iloc[0])
        best = np.maximum.accumulate(np.nan_to_num(share, nan=0.0))
        best_before = np.concatenate([[0.0], best[:-1]])
        drop = best_before - share
        lost = np.round((best_before - share) * eligible)
        at = _first_alert(g, (drop >= rules.active_drop) & (lost >= rules.min_people), p)
        if at is not None:
            rows.append(dict(week=weeks[at], group_type=gtype, group=group, signal="active_drop",
                             value=round(float(drop[at]), 3), threshold=rules.active_drop,
                             message=(f"active share {share[at]:.0%} in week {weeks[at]}, down "
                                      f"{drop[at]:.0%} from its best of {best_before[at]:.0%} for {p} weeks "
                                      f"running (alert at a fall of {rules.active_drop:.0%})")))
        rate = g["reversion_rate"].to_numpy(dtype=float)
        reverted = g["reverted"].to_numpy(dtype=float)
        at = _first_alert(g, (np.nan_to_num(rate) >= rules.reversion_rate) & (reverted >= rules.min_people), p)
        if at is not None:
            rows.append(dict(week=weeks[at], group_type=gtype, group=group, signal="reversion",
                             value=round(float(rate[at]), 3), threshold=rules.reversion_rate,
                             message=(f"{int(reverted[at])} people ({rate[at]:.0%} of last week's active) used only "
                                      f"the legacy tools in week {weeks[at]}, for {p} weeks running "
                                      f"(alert at {rules.reversion_rate:.0%})")))
        due = weeks >= rules.target_from_week
        at = _first_alert(g, due & (share < rules.target_active_share), p)
        if at is not None:
            rows.append(dict(week=weeks[at], group_type=gtype, group=group, signal="below_target",
                             value=round(float(share[at]), 3), threshold=rules.target_active_share,
                             message=(f"active share {share[at]:.0%} in week {weeks[at]}, below the target of "
                                      f"{rules.target_active_share:.0%} from week {rules.target_from_week} "
                                      f"for {p} weeks running")))
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


def attitude_alerts(trend: pd.DataFrame, rules: AlertRules, wave_weeks: dict) -> pd.DataFrame:
    """``attitude_drop``: the latest wave's mean attitude fell from the previous wave's."""
    rows = []
    change = trend.groupby(["group_type", "group"], sort=False)["mean_attitude"].diff()
    flagged = trend.loc[change <= -rules.attitude_drop, ["group_type", "group"]].drop_duplicates()
    trend = trend.merge(flagged, on=["group_type", "group"])
    for (gtype, group), g in trend.groupby(["group_type", "group"], sort=False):
        if len(g) < 2:
            continue
        last, before = g.iloc[-1], g.iloc[-2]
        fall = before["mean_attitude"] - last["mean_attitude"]
        if pd.notna(fall) and fall >= rules.attitude_drop:
            rows.append(dict(week=wave_weeks.get(last["wave"]), group_type=gtype, group=group, signal="attitude_drop",
                             value=round(float(fall), 3), threshold=rules.attitude_drop,
                             message=(f"mean attitude {last['mean_attitude']:+.2f} in wave {last['wave']} "
                                      f"({int(last['respondents'])} respondents), down {fall:.2f} from "
                                      f"{before['mean_attitude']:+.2f} in wave {before['wave']}; share resistant "
                                      f"{before['share_resistant']:.0%} -> {last['share_resistant']:.0%} "
                                      f"(alert at a fall of {rules.attitude_drop})")))
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


def champion_alerts(load: pd.DataFrame, weekly: pd.DataFrame, rules: AlertRules, last_week: int | None) -> pd.DataFrame:
    """``champion_overload``: sought out beyond the load cap, or a matched group that lags.

    ``load`` holds ``group`` (the champion's group label) and ``sought_out`` (help
    in-degree in the latest nomination wave).
    """
    rows = []
    limit = rules.champion_load_cap * rules.champion_overload_factor
    for row in load.itertuples(index=False):
        if row.sought_out > limit:
            rows.append(dict(week=last_week, group_type="champion", group=row.group, signal="champion_overload",
                             value=int(row.sought_out), threshold=limit,
                             message=(f"sought out for help by {int(row.sought_out)} colleagues in the latest "
                                      f"nomination wave, over {rules.champion_overload_factor:g} x the load cap of "
                                      f"{rules.champion_load_cap}; rebalance the matching or add a champion nearby")))
    org = weekly[weekly["group_type"] == "organisation"].set_index("week")["active_share"]
    champs = weekly[weekly["group_type"] == "champion"]
    lag = org.reindex(champs["week"]).to_numpy() - champs["active_share"].to_numpy()
    champs = champs[champs["group"].isin(champs.loc[lag >= rules.champion_lag, "group"])]
    for group, g in champs.sort_values("week").groupby("group", sort=False):
        gap = org.reindex(g["week"]).to_numpy() - g["active_share"].to_numpy()
        weeks = g["week"].to_numpy()
        at = _first_alert(g, np.nan_to_num(gap) >= rules.champion_lag, rules.persist_weeks)
        if at is not None:
            rows.append(dict(week=weeks[at], group_type="champion", group=group, signal="champion_overload",
                             value=round(float(gap[at]), 3), threshold=rules.champion_lag,
                             message=(f"the colleagues matched to this champion lag the organisation by "
                                      f"{gap[at]:.0%} in active share in week {weeks[at]}, for "
                                      f"{rules.persist_weeks} weeks running; check the champion's load and support")))
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


def comment_alerts(themes: pd.DataFrame, rules: AlertRules) -> pd.DataFrame:
    """``comment_theme``: one theme raised ``comment_min`` times a week for ``persist_weeks`` weeks."""
    rows = []
    for (gtype, group, theme), g in themes.sort_values("week").groupby(["group_type", "group", "theme"], sort=False):
        full = g.set_index("week")["comments"]
        full = full.reindex(range(int(full.index.min()), int(full.index.max()) + 1), fill_value=0)
        at = _first_alert(full, full.to_numpy() >= rules.comment_min, rules.persist_weeks)
        if at is not None:
            week = int(full.index[at])
            rows.append(dict(week=week, group_type=gtype, group=group, signal="comment_theme",
                             value=int(full.iloc[at]), threshold=rules.comment_min,
                             message=(f"{int(full.iloc[at])} anonymous comments about '{theme}' in week {week}, "
                                      f"at least {rules.comment_min} a week for {rules.persist_weeks} weeks running")))
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)
