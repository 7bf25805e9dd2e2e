"""Assemble the sections of ``report.html`` from a public result (privacy already applied)."""

from __future__ import annotations

import pandas as pd

from ..metrics.table import ROLE_THRESHOLDS
from .report import render_report
from .summary import sponsor_summary

__all__ = ["build_report"]


def build_report(public, *, return_figures: bool = False) -> str | tuple[str, dict]:
    """The report page: every section a change manager needs, from a public result.

    Sees only what :func:`~stakeholder_graph.publish` let out (pseudonyms, suppressed
    groups, no individual attitudes). What could not be computed is stated in its section
    instead of the section being left out. With ``return_figures``, also returns the
    figures by name (for PNG export).

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData, publish
    >>> page = build_report(publish(analyze(OrgData.example())))
    >>> all(f'id="{s}"' in page for s in ["summary", "network", "champions", "resistance", "quality", "method"])
    True
    >>> "no readiness data: resistance risk is unknown" in page
    True
    """
    from ..publish import PublicResult

    if not isinstance(public, PublicResult):
        raise TypeError("build_report takes a PublicResult: call stakeholder_graph.publish(analysis) first")
    f, tables = public.facts, public.tables
    n, min_group = f["n_people"], public.min_group_size
    rate = f["response_rate"]
    rate_text = f"{rate:.0%}" if rate == rate else "not shown"
    quality = tables["data_quality.csv"]
    kind = quality["problem"].astype(str).str.split(r"[:(]", n=1, regex=True).str[0].str.strip()
    action = quality["action"].astype(str).str.split(r"[;:(]", n=1, regex=True).str[0].str.strip()
    quality_counts = (quality.assign(problem=kind, action=action).groupby(["file", "problem", "action"])
                      .size().rename("count").reset_index().sort_values("count", ascending=False, kind="stable"))
    kpis = [("people", f"{n:,}"), ("response rate", rate_text),
            ("nominations (all questions)", f"{f['n_nominations']:,}"),
            ("data-quality findings", f"{len(quality):,}")]
    if f["has_champions"]:
        kpis.append(("champions", f["n_champions"]))
        kpis.append(("reached by champions", f"{f['coverage']:.0%}"))
    figures: dict = {}

    def figure(name):
        if name not in figures and name in public.figures:
            figures[name] = public.figures[name]()
        return figures.get(name)

    missing = [("note", f"Not computed: {note}.") for note in public.notes]
    sections = [("summary", "Summary", [
        ("kpis", kpis),
        f"Organisation: {f['source']}. {n:,} people; {f['respondents']:,} answered the network survey "
        f"({rate_text}). Response rate per department is below; groups under {min_group} people are merged "
        "so that no small group is shown alone.",
        tables["response_rate.csv"],
        *missing,
        ("note", "Network position describes how work and advice flow, not the worth of a person. "
                 "Resistance risk describes groups, not people."),
    ])]
    blocks: list = [tables["network_summary.csv"].drop(columns=["direction"], errors="ignore")]
    if f["relation"]:
        blocks += ["A tie A -> B means A goes to B. The figure shows the help network (or the layer used for "
                   "champions) with champions ringed.", figure("network")]
        if "formal_informal" in public.figures:
            blocks += ["Who colleagues go to beyond their own reporting line is what the org chart does not show:",
                       figure("formal_informal")]
    else:
        blocks.append(("note", "No informal network: there are no usable nominations, so network metrics and "
                               "champions could not be computed."))
    sections.append(("network", "The network at a glance", blocks))
    if f["has_champions"]:
        columns = [c for c in ["rank", "id", "name", "department", "title", "is_manager", "score", "stance", "recruit",
                               "new_reach", "coverage", "reasons"] if c in tables["champions.csv"]]
        sections.append(("champions", "Champions", [
            f"{f['n_champions']} champions chosen greedily so that together they reach as many colleagues "
            f"as possible within {f['steps']} steps of the '{f['champion_relation']}' network (managers: "
            f"{f['managers']}). Together they reach {f['coverage']:.0%} of the organisation. Each colleague is "
            "matched to one champion who reaches them (people.csv, column assigned_champion).",
            *([" ".join(f["champion_lines"])] if f.get("champion_lines") else []),
            tables["champions.csv"][columns],
            figure("coverage"),
            "Coverage per department:",
            tables["coverage_by_department.csv"],
            *(["Expected spread under the independent cascade (weighted cascade probabilities; one common set "
               "of reverse-reachable samples for every row, so rows differ by what the sets buy):",
               tables["spread_comparison.csv"]] if "spread_comparison.csv" in tables else []),
            *(["Influential sceptics to win over first (individual attitudes, shown on request):",
               tables["win_over_first.csv"]] if "win_over_first.csv" in tables else []),
        ]))
    else:
        sections.append(("champions", "Champions", [
            ("note", "Champions could not be chosen: they need nominations (who colleagues go to for help).")]))
    if f["has_resistance"]:
        clusters = tables["clusters.csv"]
        order = {"high": 0, "medium": 1, "low": 2}
        worst = clusters.assign(_o=clusters["risk"].map(order)).sort_values(["_o", "share_resistant"],
                                                                            ascending=[True, False])
        worst = worst[worst["risk"] != "low"].drop(columns="_o")
        columns = [c for c in ["cluster", "size", "departments", "mean_predicted_attitude", "share_resistant",
                               "blocking", "risk", "opinion_leaders", "messengers", "likely_reasons"] if c in worst]
        sections.append(("resistance", "Resistance risk", [
            ("note", "These are risk indicators about groups, to plan communication and support; they are "
                     "not judgments about people. Individual attitudes are not in this report."),
            f"{len(clusters)} clusters of colleagues who are closely tied are shown; {f['suppressed_clusters']} "
            f"communities under {min_group} people ({f['suppressed_people']} people) are not shown.",
            figure("cluster_risk"),
            "High and medium risk clusters, with the champions best placed to reach them and likely reasons:",
            worst[columns] if len(worst) else "No cluster is rated medium or high risk.",
            "People per community and department (cells under the minimum group size, and cells that would "
            "reveal them, left blank):",
            tables["community_departments.csv"],
        ]))
    else:
        blocks = [("note", next((note for note in public.notes if "readiness" in note),
                                "no readiness data: resistance risk is unknown") + ". This is not an all-clear.")]
        if "clusters.csv" in tables:
            blocks += [f"Communities of closely tied colleagues are a network result and are shown anyway: "
                       f"{len(tables['clusters.csv'])} communities; {f.get('suppressed_clusters', 0)} under "
                       f"{min_group} people ({f.get('suppressed_people', 0)} people) are not shown.",
                       tables["clusters.csv"], "People per community and department:",
                       tables["community_departments.csv"]]
        sections.append(("resistance", "Resistance risk", blocks))
    if f["has_plan"] and public.facts.get("plan_view") is not None:
        from ..plan.report import plan_sections

        # The plan's sections see the public tables and a view of the plan with scrubbed prompts only.
        plan_blocks, plan_figures = plan_sections(public.facts["plan_view"], tables, figure=figure)
        if not f["has_resistance"]:
            plan_blocks = [(a, h, ([("note", "no readiness data: resistance risk is unknown, so there is no "
                                              "resistance plan; run a readiness survey (attitudes.csv) before "
                                              "go-live.")] + blocks) if a == "resistance-plan" else blocks)
                           for a, h, blocks in plan_blocks]
        sections += plan_blocks
        figures.update(plan_figures)
    sections.append(("quality", "Data quality", [
        "Everything that was repaired, dropped or matched loosely when reading the input, by kind "
        "(data_quality.csv lists every record with its file and row):",
        quality_counts if len(quality_counts) else "No findings.",
    ]))
    params = public.parameters.get("parameters", {})
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
    sections = [(a, h, [b for b in blocks if b is not None]) for a, h, blocks in sections]
    page = render_report(sections, title="Stakeholder network report", subtitle=f"{f['source']}: {n:,} people.",
                         summary=sponsor_summary(tables))
    return (page, figures) if return_figures else page
