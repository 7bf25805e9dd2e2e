"""The plan's output tables and files as they may leave the machine (no file is written here)."""

from __future__ import annotations

import pandas as pd

from .calendar import calendar_to_ics
from .plan import ImplementationPlan

__all__ = ["plan_tables", "plan_files", "prompts_markdown"]

#: Person columns of the plan tables: (display column, id column).
PERSON_COLUMNS = [("messenger", "messenger_id"), ("owner", "owner_id"), ("informal_go_to", "informal_go_to_id")]


def plan_tables(plan: ImplementationPlan) -> dict[str, pd.DataFrame]:
    """The plan's CSV tables by file name (copies).

    Privacy (pseudonyms, withheld names) is applied once, by
    :func:`~stakeholder_graph.publish`, to these tables with every other output: person
    columns follow the shared convention (``messenger`` beside ``messenger_id``, ...).

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> plan = analyze(OrgData.example(), min_group_size=1, system="Atlas", go_live="2027-03-01").plan
    >>> sorted(plan_tables(plan))  # doctest: +NORMALIZE_WHITESPACE
    ['calendar.csv', 'communication.csv', 'operational_integration.csv', 'prompt_inputs.csv',
     'resistance_plan.csv', 'stakeholders.csv', 'success_metrics.csv']
    """
    return {"stakeholders.csv": plan.stakeholders.copy(), "communication.csv": plan.communication.copy(),
            "calendar.csv": plan.calendar.copy(), "resistance_plan.csv": plan.resistance.copy(),
            "operational_integration.csv": plan.operations.copy(), "success_metrics.csv": plan.metrics.copy(),
            "prompt_inputs.csv": plan.prompt_inputs.copy()}


def prompts_markdown(plan: ImplementationPlan) -> str:
    """``prompts.md``: what is still to supply, where each bracket came from, then the prompts.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> plan = analyze(OrgData.example(), min_group_size=1, system="Atlas", go_live="2027-03-01").plan
    >>> print(prompts_markdown(plan).splitlines()[4])
    - **company type**: --company-type TEXT (analyze(company_type=...))
    """
    inputs = plan.prompt_inputs
    missing = inputs[inputs["source"] == "missing"]
    lines = [f"# Planning prompts for {plan.system}", "", "## Still to supply", ""]
    lines += [f"- **{r.bracket}**: {r.how_to_supply}" for r in missing.itertuples(index=False)] or \
        ["Nothing: every bracket is filled."]
    lines += ["", "## Where each bracket came from", "", "| bracket | value | source |", "|---|---|---|"]
    lines += [f"| {r.bracket} | {r.value or '(missing)'} | {r.source} |" for r in inputs.itertuples(index=False)]
    for name, prompt in plan.prompts.items():
        lines += ["", f"## {name.replace('_', ' ').capitalize()}", "", prompt]
    return "\n".join(lines) + "\n"


def plan_files(plan: ImplementationPlan, tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """``calendar.ics`` (from the public calendar table) and ``prompts.md``, as bytes.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> plan = analyze(OrgData.example(), min_group_size=1, system="Atlas", go_live="2027-03-01").plan
    >>> files = plan_files(plan, plan_tables(plan))
    >>> sorted(files), files["calendar.ics"].count(b"BEGIN:VEVENT") == len(plan.calendar)
    (['calendar.ics', 'prompts.md'], True)
    """
    return {"calendar.ics": calendar_to_ics(tables["calendar.csv"], system=plan.system),
            "prompts.md": prompts_markdown(plan).encode("utf-8")}
