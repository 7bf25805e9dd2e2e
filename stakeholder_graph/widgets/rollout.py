"""Rollout explorer: choose a group type and a metric, see the weekly table and curves.

The logic is :func:`rollout_view` (a plain function, tested); :class:`RolloutExplorer`
only wires two dropdowns to it. Display it with ``explorer.widget``.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from ..exceptions import InvalidParameterError
from ..monitor.plots import METRICS, plot_adoption
from ..monitor.run import MonitorResult
from .explorers import _Explorer

__all__ = ["rollout_view", "RolloutExplorer", "GROUP_TYPES"]

GROUP_TYPES = ("organisation", "department", "cluster", "champion")


def rollout_view(result: MonitorResult, *, group_type: str = "department",
                 metric: str = "active_share") -> tuple[pd.DataFrame, Figure]:
    """Weekly values of one metric for every group of one type (groups as rows), and their curves.

    Groups with an alert are listed first, then by their mean over the weeks (lowest first).

    Examples
    --------
    >>> from stakeholder_graph.monitor import monitor
    >>> people = pd.DataFrame({"id": list("abcdefghij"), "name": list("ABCDEFGHIJ"),
    ...                        "department": ["Sales"] * 5 + ["Legal"] * 5})
    >>> usage = pd.DataFrame({"person_id": list("abcdef"), "event": "quote", "timestamp": "2027-03-02T10:00:00Z"})
    >>> table, fig = rollout_view(monitor(people, usage, go_live="2027-03-01"))
    >>> table
    week      1
    group
    Legal   0.2
    Sales   1.0
    """
    if group_type not in GROUP_TYPES:
        raise InvalidParameterError("group_type", f"one of {list(GROUP_TYPES)}", group_type)
    if metric not in METRICS:
        raise InvalidParameterError("metric", f"one of {list(METRICS)}", metric)
    weekly = result.adoption_weekly
    rows = weekly[weekly["group_type"] == group_type]
    table = rows.pivot_table(index="group", columns="week", values=metric, aggfunc="first", dropna=False)
    alerted = set(result.alerts.loc[result.alerts["group_type"] == group_type, "group"])
    order = pd.DataFrame({"alert": [g not in alerted for g in table.index], "mean": table.mean(axis=1).to_numpy()},
                         index=table.index).sort_values(["alert", "mean"], kind="stable").index
    table = table.loc[order]
    figure = plot_adoption(weekly, group_type=group_type, metric=metric, alerts=result.alerts)
    return table, figure


class RolloutExplorer(_Explorer):
    """Two dropdowns (group type, metric) over a :class:`~stakeholder_graph.monitor.MonitorResult`.

    Examples
    --------
    >>> from stakeholder_graph.monitor import monitor
    >>> people = pd.DataFrame({"id": list("abcde"), "name": list("ABCDE"), "department": "Sales"})
    >>> usage = pd.DataFrame({"person_id": list("abc"), "event": "quote", "timestamp": "2027-03-02T10:00:00Z"})
    >>> explorer = RolloutExplorer(monitor(people, usage, go_live="2027-03-01"))
    >>> explorer.controls["metric"].value = "habit"
    >>> explorer.table.loc["Sales", 1]
    np.float64(0.2)
    """

    def __init__(self, result: MonitorResult):
        super().__init__()
        self.result = result
        present = [g for g in GROUP_TYPES if (result.adoption_weekly["group_type"] == g).any()]
        self.controls = {
            "group_type": w.Dropdown(options=present, value="department" if "department" in present else present[0],
                                     description="groups"),
            "metric": w.Dropdown(options=list(METRICS), value="active_share", description="metric"),
        }
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.widget = w.VBox([w.HBox(list(self.controls.values())), self.output])
        self.update()

    def update(self) -> None:
        """Recompute the table and figure for the current controls."""
        def compute() -> None:
            self.table, self.figure = rollout_view(self.result, group_type=self.controls["group_type"].value,
                                                   metric=self.controls["metric"].value)
        self._run(compute)
