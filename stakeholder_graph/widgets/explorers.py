"""Interactive explorers for JupyterLab (ipywidgets).

The logic lives in two plain functions, :func:`champion_view` and :func:`cluster_view`,
which return a table and a figure; the explorer classes only wire controls to them and
keep the latest result in ``.table`` and ``.figure`` (so tests can drive them without a
browser). Display an explorer with ``explorer.widget``.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from ..analysis import Analysis
from ..champions.select import ChampionSet, select_champions
from ..metrics.table import compute_metrics
from ..plotting.figures import plot_cluster_risk, plot_coverage_curve
from ..resistance.assess import ResistanceAssessment, assess_resistance

__all__ = ["champion_view", "cluster_view", "ChampionExplorer", "ClusterExplorer"]

ALL = "(all)"


def champion_view(analysis: Analysis, *, budget: int | None = None, share: float | None = None,
                  quota_by: str | None = None, managers: str = "penalise", relation: str | None = None,
                  department: str = ALL, metrics: pd.DataFrame | None = None) -> tuple[pd.DataFrame, Figure, ChampionSet]:
    """Shortlist and coverage curve for one choice of controls.

    Parameters
    ----------
    budget, share :
        Number of champions, or share of headcount.
    quota_by : str, optional
        ``"department"`` or ``"location"``: at least one champion per group.
    managers : {"include", "exclude", "penalise"}
    relation : str, optional
        Layer (default: the analysis's).
    department : str
        Show only champions from this department (``"(all)"`` for everyone).

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> table, fig, chosen = champion_view(analyze(OrgData.example()), budget=2, managers="exclude")
    >>> table["name"].tolist(), fig.axes[0].get_xlabel()
    (['Cy Ode', 'Ed Gray'], 'Number of champions')
    """
    relation = relation or analysis.parameters.get("relation")
    if metrics is None:
        metrics = (analysis.metrics if relation == analysis.parameters.get("relation")
                   else compute_metrics(analysis.network, relation, include_betweenness=False))
    has_stance = analysis.org.attitudes is not None and not analysis.org.attitudes.empty
    chosen = select_champions(analysis.network, budget, share=None if budget else share,
                              quotas={quota_by: 1} if quota_by else None, managers=managers,
                              relation=relation, metrics=metrics,
                              min_group_size=analysis.parameters.get("min_group_size", 5),
                              stance=analysis.people["stance"].to_numpy() if has_stance else None,
                              stance_policy=analysis.parameters.get("champions_stance_policy", "prefer-believer"))
    table = chosen.champions[[c for c in ["rank", "id", "name", "department", "title", "is_manager", "score",
                                          "stance", "recruit", "new_reach", "coverage", "reasons"]
                              if c in chosen.champions]]
    if department != ALL:
        table = table[table["department"] == department]
    return table.reset_index(drop=True), plot_coverage_curve(chosen.champions), chosen


def cluster_view(analysis: Analysis, *, resolution: float = 8.0, risk: str = "medium",
                 cluster: int | None = None,
                 assessment: ResistanceAssessment | None = None) -> tuple[pd.DataFrame, Figure, ResistanceAssessment]:
    """Clusters at or above a risk level (or one cluster) and the risk chart.

    Examples
    --------
    >>> import stakeholder_graph as sg, pathlib
    >>> result = sg.analyze(pathlib.Path(sg.__file__).parents[1] / "datasets" / "acme")
    >>> table, fig, _ = cluster_view(result, risk="high")
    >>> sorted(set(table["risk"]))
    ['high']
    """
    levels = {"low": 0, "medium": 1, "high": 2}
    if assessment is None:
        assessment = (analysis.resistance if resolution == analysis.parameters.get("resistance_resolution")
                      else assess_resistance(analysis.network, analysis.org, resolution=resolution,
                                             champions=None if analysis.champions is None else
                                             analysis.champions.champions["id"].tolist(),
                                             min_group_size=analysis.parameters.get("min_group_size", 5)))
    clusters = assessment.clusters
    table = clusters[clusters["risk"].map(levels) >= levels[risk]]
    if cluster is not None:
        table = clusters[clusters["cluster"] == cluster]
    table = table.sort_values(["share_resistant", "size"], ascending=[False, False])
    fig = plot_cluster_risk(clusters, min_group_size=analysis.parameters.get("min_group_size", 5))
    return table[["cluster", "size", "departments", "mean_predicted_attitude", "share_resistant", "risk",
                  "messengers", "likely_reasons"]].reset_index(drop=True), fig, assessment


class _Explorer:
    def __init__(self) -> None:
        self.output = w.Output()
        self.progress = w.IntProgress(min=0, max=1, description="working", layout=w.Layout(width="300px"))
        self.table: pd.DataFrame | None = None
        self.figure: Figure | None = None
        self._busy = False  # a control changed by the update itself must not start another

    def _show(self) -> None:
        from IPython import get_ipython
        from IPython.display import display

        if getattr(get_ipython(), "kernel", None) is None:  # plain Python (tests): results are kept only
            return
        self.output.clear_output(wait=True)
        with self.output:
            display(self.table)
            display(self.figure)

    def _run(self, compute) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self.progress.value, self.progress.bar_style = 0, ""
            compute()
            self.progress.value, self.progress.bar_style = 1, "success"
        finally:
            self._busy = False
        self._show()


class ChampionExplorer(_Explorer):
    """Champion shortlist explorer: budget or share, quotas, managers, relation, department.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> explorer = ChampionExplorer(analyze(OrgData.example()))
    >>> explorer.controls["budget"].value = 2
    >>> len(explorer.table)
    2
    """

    def __init__(self, analysis: Analysis):
        super().__init__()
        self.analysis = analysis
        n = analysis.network.n_people
        self._metrics: dict[str, pd.DataFrame] = {}
        if analysis.metrics is not None:
            self._metrics[analysis.parameters["relation"]] = analysis.metrics
        default = len(analysis.champions.champions) if analysis.champions is not None else max(1, n // 33)
        departments = sorted(analysis.network.people["department"].astype(str).unique())
        self.controls = {
            "budget_kind": w.ToggleButtons(options=["count", "share"], value="count", description="Budget"),
            "budget": w.IntSlider(value=default, min=1, max=max(2, min(n, 200)), description="Champions"),
            "share": w.FloatSlider(value=0.03, min=0.005, max=0.2, step=0.005, readout_format=".1%",
                                   description="Share"),
            "quota_by": w.Dropdown(options=[("none", None), ("one per department", "department"),
                                            ("one per site", "location")], value=None, description="Quotas"),
            "managers": w.Dropdown(options=["include", "exclude", "penalise"], value="penalise",
                                   description="Managers"),
            "relation": w.Dropdown(options=analysis.network.relations,
                                   value=analysis.parameters.get("relation") or analysis.network.relations[0],
                                   description="Relation"),
            "department": w.Dropdown(options=[ALL] + departments, value=ALL, description="Department"),
        }
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.widget = w.VBox([w.HBox(list(self.controls.values())[:3]), w.HBox(list(self.controls.values())[3:]),
                              self.progress, self.output])
        self.chosen: ChampionSet | None = None
        self.update()

    def update(self) -> None:
        """Recompute the shortlist and the coverage curve from the controls."""
        c = {k: v.value for k, v in self.controls.items()}

        def compute() -> None:
            relation = c["relation"]
            if relation not in self._metrics:
                self._metrics[relation] = compute_metrics(self.analysis.network, relation, include_betweenness=False)
            self.table, self.figure, self.chosen = champion_view(
                self.analysis, budget=c["budget"] if c["budget_kind"] == "count" else None,
                share=c["share"] if c["budget_kind"] == "share" else None, quota_by=c["quota_by"],
                managers=c["managers"], relation=relation, department=c["department"],
                metrics=self._metrics[relation])

        self._run(compute)


class ClusterExplorer(_Explorer):
    """Resistance cluster explorer: community resolution, risk threshold, cluster picker.

    Examples
    --------
    >>> import stakeholder_graph as sg, pathlib
    >>> explorer = ClusterExplorer(sg.analyze(pathlib.Path(sg.__file__).parents[1] / "datasets" / "acme"))
    >>> explorer.controls["risk"].value = "high"
    >>> sorted(set(explorer.table["risk"]))
    ['high']
    """

    def __init__(self, analysis: Analysis):
        super().__init__()
        if analysis.resistance is None:
            raise ValueError("This analysis has no attitudes: there are no resistance clusters to explore.")
        self.analysis = analysis
        self._assessments: dict[float, ResistanceAssessment] = {
            float(analysis.parameters.get("resistance_resolution", 8.0)): analysis.resistance}
        self.controls = {
            "resolution": w.FloatLogSlider(value=analysis.parameters.get("resistance_resolution", 8.0), base=2,
                                           min=-1, max=6, step=0.5, description="Resolution"),
            "risk": w.Dropdown(options=["low", "medium", "high"], value="medium", description="Risk at least"),
            "cluster": w.Dropdown(options=[("all", None)], value=None, description="Cluster"),
        }
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.widget = w.VBox([w.HBox(list(self.controls.values())), self.progress, self.output])
        self.assessment: ResistanceAssessment | None = None
        self.update()

    def update(self) -> None:
        """Recompute clusters (if the resolution changed), the table and the chart."""
        c = {k: v.value for k, v in self.controls.items()}

        def compute() -> None:
            resolution = float(c["resolution"])
            if resolution not in self._assessments:
                self._assessments[resolution] = assess_resistance(
                    self.analysis.network, self.analysis.org, resolution=resolution,
                    champions=None if self.analysis.champions is None else
                    self.analysis.champions.champions["id"].tolist(),
                    min_group_size=self.analysis.parameters.get("min_group_size", 5))
            assessment = self._assessments[resolution]
            options = [("all", None)] + [(f"#{k}", int(k)) for k in assessment.clusters["cluster"]]
            picker = self.controls["cluster"]
            if [o[1] for o in picker.options] != [o[1] for o in options]:
                with picker.hold_trait_notifications():
                    picker.options = options
                    if picker.value not in [o[1] for o in options]:
                        picker.value = None
            self.table, self.figure, self.assessment = cluster_view(
                self.analysis, resolution=resolution, risk=c["risk"], cluster=picker.value,
                assessment=assessment)

        self._run(compute)
