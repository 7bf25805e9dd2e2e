"""Figures of the feedback loop: adoption curves, attitude trends, the champion effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..exceptions import InvalidParameterError

__all__ = ["plot_adoption", "plot_attitude_trend", "plot_champion_effect", "METRICS"]

METRICS = ("active_share", "breadth", "depth", "habit", "reversion_rate")
#: Above this many groups the curves of the groups furthest below the organisation are drawn.
MAX_CURVES = 12


def _figure(size=(8, 4.5)):
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def plot_adoption(weekly: pd.DataFrame, *, group_type: str = "department", metric: str = "active_share",
                  alerts: pd.DataFrame | None = None, max_curves: int = MAX_CURVES) -> Figure:
    """One curve per group of ``metric`` by week, the organisation dashed, alerts marked.

    Examples
    --------
    >>> weekly = pd.DataFrame({"group_type": ["organisation"] * 2 + ["department"] * 2,
    ...                        "group": ["organisation"] * 2 + ["Sales"] * 2, "week": [1, 2, 1, 2],
    ...                        "active_share": [0.5, 0.7, 0.4, 0.3]})
    >>> fig = plot_adoption(weekly)
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['organisation', 'Sales']
    """
    if metric not in weekly.columns:
        raise InvalidParameterError("metric", f"one of {list(METRICS)}", metric)
    fig, ax = _figure()
    org = weekly[weekly["group_type"] == "organisation"]
    ax.plot(org["week"], org[metric], color="black", linestyle="--", linewidth=2, label="organisation")
    groups = weekly[weekly["group_type"] == group_type]
    if group_type != "organisation" and len(groups):
        # With many groups, draw those furthest below the organisation (where attention is needed).
        mean = groups.groupby("group")[metric].mean()
        shown = mean.sort_values().index[:max_curves]
        for group, g in groups[groups["group"].isin(shown)].groupby("group", sort=True):
            ax.plot(g["week"], g[metric], marker="o", markersize=3, linewidth=1.3, label=str(group))
        if alerts is not None and len(alerts):
            marked = alerts[(alerts["group_type"] == group_type) & alerts["group"].isin(shown)
                            & alerts["week"].notna()]
            values = groups.set_index(["group", "week"])[metric]
            ys = [values.get((g, int(wk)), np.nan) for g, wk in zip(marked["group"], marked["week"])]
            ax.scatter(marked["week"].astype(float), ys, s=90, facecolors="none", edgecolors="#c0392b",
                       linewidths=1.5, zorder=5, label="alert raised")
        if len(mean) > max_curves:
            ax.set_title(f"{metric.replace('_', ' ')} by {group_type}: the {max_curves} lowest of {len(mean)}")
    if not ax.get_title():
        ax.set_title(f"{metric.replace('_', ' ')} by {group_type}")
    ax.set_xlabel("Week after go-live")
    ax.set_ylabel(metric.replace("_", " "))
    ax.legend(fontsize=7, ncol=2, loc="best")
    return fig


def plot_attitude_trend(trend: pd.DataFrame, *, group_type: str = "department") -> Figure:
    """Mean attitude (-1 to 1) per survey wave for each group of a type.

    Examples
    --------
    >>> trend = pd.DataFrame({"group_type": "department", "group": ["A", "A"], "wave": ["1", "2"],
    ...                       "mean_attitude": [0.4, -0.1]})
    >>> plot_attitude_trend(trend).axes[0].get_ylabel()
    'mean attitude (-1 to 1)'
    """
    fig, ax = _figure()
    rows = trend[trend["group_type"] == group_type]
    waves = list(dict.fromkeys(trend["wave"]))
    for group, g in rows.groupby("group", sort=True):
        ax.plot([waves.index(w) for w in g["wave"]], g["mean_attitude"], marker="o", label=str(group))
    ax.set_xticks(range(len(waves)), waves)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("Survey wave")
    ax.set_ylabel("mean attitude (-1 to 1)")
    ax.set_title(f"Readiness by {group_type}, wave by wave")
    ax.legend(fontsize=7, ncol=2)
    return fig


def plot_champion_effect(effect: pd.DataFrame) -> Figure:
    """Cumulative adoption of people matched to a champion versus not.

    Examples
    --------
    >>> effect = pd.DataFrame({"week": [1, 1], "group": ["matched to a champion", "not matched"],
    ...                        "share": [0.3, 0.2]})
    >>> len(plot_champion_effect(effect).axes[0].lines)
    2
    """
    fig, ax = _figure()
    for group, g in effect.groupby("group", sort=True):
        ax.plot(g["week"], g["share"], marker="o", label=group)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("Week after go-live")
    ax.set_ylabel("share who adopted")
    ax.set_title("Adoption: matched to a champion or not")
    ax.legend()
    return fig
