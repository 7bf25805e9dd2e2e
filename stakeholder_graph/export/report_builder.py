"""Assemble the sections of ``report.html`` from an analysis and its export tables."""

from __future__ import annotations

import pandas as pd

from ..analysis import Analysis
from ..metrics.table import ROLE_THRESHOLDS
from ..network.formal_informal import sought_out_beyond_line
from ..plotting.figures import (
    plot_cluster_risk,
    plot_coverage_curve,
    plot_formal_informal,
    plot_network,
)
from .report import render_report

__all__ = ["build_report"]


def build_report(analysis: Analysis, tables: dict[str, pd.DataFrame], *,
                 return_figures: bool = False, plan=None) -> str | tuple[str, dict]:
    """The report page: every section a change manager needs, from the export tables.

    Uses only what the exports show (privacy rules already applied to ``tables``). With
    ``return_figures``, also returns the figures by name (for PNG export).

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> from stakeholder_graph.export import export_tables
    >>> result = analyze(OrgData.example())
    >>> page = build_report(result, export_tables(result))
    >>> all(f'id="{s}"' in page for s in ["summary", "network", "champions", "quality", "method"])
    True
    """
    net = analysis.network
    n = net.n_people
    rate = analysis.response_rate.iloc[-1]["response_rate"]
    min_group = analysis.parameters.get("min_group_size", 5)
    pseudonymised = "people.csv" in tables and not tables["people.csv"]["name"].equals(analysis.people["name"])
    quality_counts = analysis.quality.counts()
    kpis = [("people", f"{n:,}"), ("response rate", f"{rate:.0%}"),
            ("nominations (all questions)", f"{len(analysis.org.nominations):,}"),
            ("data-quality findings", f"{len(analysis.quality):,}")]
    if analysis.champions is not None:
        kpis.append(("champions", len(analysis.champions.champions)))
        kpis.append(("reached by champions", f"{analysis.champions.coverage:.0%}"))
    figures: dict = {}
    sections = [("summary", "Summary", [
        ("kpis", kpis),
        f"Organisation: {analysis.org.source.name}. {n:,} people; {int(analysis.people['responded'].sum()):,} "
        f"answered the network survey ({rate:.0%}). Response rate per department is below; groups under "
        f"{min_group} people are merged so that no small group is shown alone.",
        analysis.response_rate,
        ("note", "Network position describes how work and advice flow, not the worth of a person. "
                 "Resistance risk describes groups, not people."),
    ])]
    blocks: list = [analysis.network_summary.drop(columns=["direction"]),
                    "A tie A -> B means A goes to B. The figure shows the help network (or the layer used for "
                    "champions) with champions ringed."]
    relation = analysis.parameters.get("relation")
    if relation:
        champions = tables["champions.csv"]["id"].tolist() if not pseudonymised and "champions.csv" in tables \
            else None
        figures["network"] = plot_network(net, relation, champions=None if pseudonymised else (
            analysis.champions.champions["id"].tolist() if analysis.champions else champions),
            min_group_size=min_group)
        blocks.append(figures["network"])
        if not pseudonymised:
            figures["formal_informal"] = plot_formal_informal(sought_out_beyond_line(net, relation))
            blocks += ["Who colleagues go to beyond their own reporting line is what the org chart does not show:",
                       figures["formal_informal"]]
    sections.append(("network", "The network at a glance", blocks))
    if analysis.champions is not None:
        chosen = analysis.champions
        table = tables["champions.csv"][["rank", "name", "department", "title", "is_manager", "score",
                                         "new_reach", "coverage", "reasons"]]
        sections.append(("champions", "Champions", [
            f"{len(chosen.champions)} champions chosen greedily so that together they reach as many colleagues "
            f"as possible within {chosen.parameters['steps']} steps of the '{chosen.parameters['relation']}' "
            f"network (managers: {chosen.parameters['managers']}). Together they reach {chosen.coverage:.0%} "
            "of the organisation. Each colleague is matched to one champion who reaches them (people.csv, "
            "column assigned_champion).",
            table,
            figures.setdefault("coverage", plot_coverage_curve(chosen.champions)),
            "Coverage per department:",
            tables["coverage_by_department.csv"],
        ]))
    if analysis.resistance is not None:
        res = analysis.resistance
        clusters = tables["clusters.csv"]
        order = {"high": 0, "medium": 1, "low": 2}
        worst = clusters.assign(_o=clusters["risk"].map(order)).sort_values(["_o", "share_resistant"],
                                                                            ascending=[True, False])
        worst = worst[worst["risk"] != "low"].drop(columns="_o")
        sections.append(("resistance", "Resistance risk", [
            ("note", "These are risk indicators about groups, to plan communication and support; they are "
                     "not judgments about people. Individual attitudes are not in this report."),
            f"{len(clusters)} clusters of colleagues who are closely tied are shown; {res.suppressed_clusters} "
            f"communities under {min_group} people ({res.suppressed_people} people) are not shown.",
            figures.setdefault("cluster_risk", plot_cluster_risk(clusters, min_group_size=min_group)),
            "High and medium risk clusters, with the champions best placed to reach them and likely reasons:",
            worst[["cluster", "size", "departments", "mean_predicted_attitude", "share_resistant", "blocking",
                   "risk", "opinion_leaders", "messengers", "likely_reasons"]] if len(worst) else
            "No cluster is rated medium or high risk.",
        ]))
    plan = plan if plan is not None else analysis.plan
    if plan is not None:
        from ..plan.report import plan_sections

        plan_blocks, plan_figures = plan_sections(plan, tables)
        sections += plan_blocks
        figures.update(plan_figures)
    sections.append(("quality", "Data quality", [
        "Everything that was repaired, dropped or matched loosely when reading the input, by kind "
        "(data_quality.csv lists every record with its file and row):",
        quality_counts if len(quality_counts) else "No findings.",
    ]))
    params = analysis.parameters
    pivots = params.get("betweenness_pivots")
    sections.append(("method", "Method", [
        f"Betweenness: {'exact' if pivots is None else f'estimated from {pivots} seeded pivots'}. "
        f"Diffusion centrality on the transpose with q = {params.get('diffusion_q') or 0:.3g}, "
        f"T = {params.get('diffusion_T')}. Seed {params.get('seed')}.",
        "Roles (Cross and Parker): central connector = top "
        f"{100 - 100 * ROLE_THRESHOLDS['central_connector_percentile']:.0f}% by colleagues who seek them out and at "
        f"least {ROLE_THRESHOLDS['central_connector_min_seekers']}; boundary spanner = ties with people in at least "
        f"{ROLE_THRESHOLDS['boundary_spanner_min_other_departments']} other departments and Burt's constraint at or "
        f"below the median; peripheral = named by at most {ROLE_THRESHOLDS['peripheral_max_seekers']} colleague.",
        "Champion score = 40% sought out + 30% diffusion centrality + 20% reach within two steps + 10% "
        "brokerage (percentile ranks). Resistance: Friedkin-Johnsen influence model, Leiden communities, "
        "risk rules in parameters.json.",
        pd.DataFrame({"parameter": list(params), "value": [str(v) for v in params.values()]}),
    ]))
    page = render_report(sections, title="Stakeholder network report",
                         subtitle=f"{analysis.org.source.name}: {n:,} people.")
    return (page, figures) if return_figures else page
