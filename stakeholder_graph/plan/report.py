"""The plan's sections of ``report.html``, from the public (published) plan tables."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .plan import ImplementationPlan

__all__ = ["plan_sections"]


def plan_sections(plan: ImplementationPlan, tables: dict[str, pd.DataFrame], *,
                  figure: Callable[[str], object] | None = None) -> tuple[list, dict]:
    """Report sections (id, title, blocks) and figures for the plan.

    Only ``tables`` (privacy applied) is shown; ``plan`` supplies dates and options.
    ``figure(name)``, when given, supplies a figure already drawn (or rendered) elsewhere
    (``None`` for one it does not have, which is then drawn here).

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> from stakeholder_graph.plan.export import plan_tables
    >>> plan = analyze(OrgData.example(), min_group_size=1, system="Atlas", go_live="2027-03-01").plan
    >>> sections, figures = plan_sections(plan, plan_tables(plan))
    >>> [s[0] for s in sections]  # doctest: +NORMALIZE_WHITESPACE
    ['stakeholders', 'communication', 'calendar', 'resistance-plan', 'operational-integration',
     'success-metrics', 'prompts']
    """
    from ..plotting.figures import plot_power_interest

    system, go_live = plan.system, plan.go_live.isoformat()
    stakeholders = tables["stakeholders.csv"]
    communication = tables["communication.csv"]
    calendar = tables["calendar.csv"]
    operations = tables["operational_integration.csv"]
    figures = {}
    sections = []
    blocks: list = [
        "Named people (network influence in the top 10% or in the top two levels of the org chart) and every "
        "department of at least the minimum size. Power = formal power and network influence (both shown); "
        "interest = change impact and the person's own exposure to the change (share of their colleagues whose "
        "work changes a lot). Stance: the column stance_basis says whether it is their group's or, only when "
        "individual attitudes were asked for, their own."]
    if len(stakeholders):
        drawn = figure("power_interest") if figure is not None else None
        figures["power_interest"] = drawn if drawn is not None else plot_power_interest(stakeholders,
                                                                                        label="stakeholder")
        blocks += [figures["power_interest"],
                   stakeholders[["stakeholder", "kind", "department", "power", "impact", "exposure_to_change",
                                 "interest", "stance", "stance_basis", "quadrant", "salience"]]]
    sections.append(("stakeholders", f"Stakeholders for {system}", blocks))
    gaps = communication[communication["gaps"] != ""]
    sections.append(("communication", "Communication matrix", [
        f"Every person is in exactly one of these {len(communication)} audiences ({int(communication['size'].sum()):,} "
        "people; people.csv, column audience). Messengers believe in the change; the owner is accountable and is "
        f"never the messenger. Go-live {go_live}.",
        communication[["audience", "size", "risk", "what_they_need_to_know", "when", "channel", "messenger",
                       "owner", "owner_role", "desired_action"]],
        ("note", "Gaps to close before the first message: " + "; ".join(
            f"{r.audience}: {r.gaps}" for r in gaps.itertuples(index=False))) if len(gaps) else
        "Every audience has a believing messenger and an accountable owner.",
    ]))
    per_stage = (calendar.groupby(["audience", "stage"]).size().unstack(fill_value=0)
                 .reindex(columns=["awareness and desire", "knowledge and ability", "go-live", "reinforcement"],
                          fill_value=0).reset_index())
    first_last = calendar.groupby("audience")["date"].agg(["min", "max"]).rename(
        columns={"min": "first", "max": "last"}).reset_index()
    sections.append(("calendar", "Message calendar", [
        f"{len(calendar)} dated messages from {calendar['date'].min()} to {calendar['date'].max()} "
        f"({plan.policy.weeks_after} weeks after go-live), in calendar.csv and calendar.ics (import it into a "
        "team calendar). After go-live the cadence follows the feedback loop: weekly for groups with an open "
        "monitor alert.",
        per_stage.merge(first_last, on="audience"),
    ]))
    resistance = tables["resistance_plan.csv"]
    sections.append(("resistance-plan", "Resistance plan", [
        resistance[["point", "risk", "evidence", "likely_objection", "tactic", "messenger", "owner", "date"]]
        if len(resistance) else "No cluster is rated medium or high risk."]))
    double = operations[operations["double_work_risk"].astype(bool)] if len(operations) else operations
    source = operations["source"].iat[0] if len(operations) else "none"
    sections.append(("operational-integration", "Operational integration", [
        "What processes change, which reports become obsolete (each with the date to retire it, so nobody "
        f"maintains both), which workflows are new, and where work may be done twice. Source: {source}.",
        ("note", "Double-work risks: " + " ".join(double["double_work_reason"])) if len(double) else
        "No double-work risk: every obsolete report retires by go-live.",
        operations[["process", "department", "kind", "current_tool", "report_or_output", "changes_to", "owner",
                    "retire_on", "retire_on_source", "double_work_risk", "informal_go_to", "to_complete"]]
        if len(operations) else "No processes.csv and no impact.csv: nothing to pre-fill.",
    ]))
    sections.append(("success-metrics", "Success metrics", [tables["success_metrics.csv"]]))
    missing = plan.missing_inputs
    sections.append(("prompts", "Planning prompts (ready to paste)", [
        ("note", "Still to supply: " + ", ".join(missing) + " (see prompts.md for the option that fills each).")
        if missing else "Every bracket of the prompts is filled.",
        *[block for name, prompt in plan.prompts.items()
          for block in (name.replace("_", " ").capitalize() + ":", ("note", prompt))]]))
    return sections, figures
