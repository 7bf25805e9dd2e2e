"""The change team's dashboard: the explorers side by side in tabs, for Voilà (``make dashboard``).

People who never open a notebook get the same explorers as the analysts, without code.
Each tab is an explorer from :mod:`.explorers`; the tabs present depend on the data
(no attitudes, no resistance tab).
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..analysis import Analysis
from .explorers import ChampionExplorer, ClusterExplorer

__all__ = ["Dashboard"]


class Dashboard:
    """Champion and resistance-cluster explorers in tabs, under a one-line summary.

    Attributes
    ----------
    explorers : dict
        Tab title -> explorer (each keeps its latest ``table`` and ``figure``).
    widget : ipywidgets.VBox
        What to display.

    Examples
    --------
    >>> import stakeholder_graph as sg, pathlib
    >>> board = Dashboard(sg.analyze(pathlib.Path(sg.__file__).parents[1] / "datasets" / "acme"))
    >>> list(board.explorers)
    ['Champions', 'Resistance clusters']
    >>> board.widget.children[1].titles
    ('Champions', 'Resistance clusters')
    """

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.explorers: dict = {"Champions": ChampionExplorer(analysis)}
        if analysis.resistance is not None:
            self.explorers["Resistance clusters"] = ClusterExplorer(analysis)
        tabs = w.Tab(children=[e.widget for e in self.explorers.values()], titles=tuple(self.explorers))
        self.widget = w.VBox([w.HTML(self._header()), tabs])
        self.widget.add_class("sg-dashboard")

    def _header(self) -> str:
        a = self.analysis
        parts = [f"{a.network.n_people:,} people"]
        if a.champions is not None:
            parts.append(f"{len(a.champions.champions)} champions reach {a.champions.coverage:.0%}")
        if a.resistance is not None:
            high = int((a.resistance.clusters["risk"] == "high").sum())
            parts.append(f"{high} high-risk cluster{'s' if high != 1 else ''}")
        return (f"<h2>Stakeholder dashboard: {html.escape(a.org.source.name)}</h2>"
                f"<p>{html.escape('; '.join(parts))}. Move the controls; the table and chart follow.</p>")

    @classmethod
    def from_folder(cls, folder, **options) -> "Dashboard":
        """Analyse an organisation folder (options as :func:`~stakeholder_graph.analyze`) and build the dashboard."""
        from ..analysis import analyze

        return cls(analyze(folder, **options))
