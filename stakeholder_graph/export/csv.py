"""Exports of an analysis (design section 5): CSV tables, parameters, workbook, report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from ..analysis import Analysis

__all__ = ["write_reports", "export_tables", "pseudonymise", "method_description", "SHEET_NAMES"]


def pseudonymise(values: pd.Series, salt: str) -> pd.Series:
    """Replace names or ids by stable salted hashes (``P-`` and 10 hex digits).

    The same value and salt always give the same pseudonym, so tables written with one
    salt still join on id. Keep the salt secret: anyone with it can test guesses.

    Examples
    --------
    >>> pseudonymise(pd.Series(["E001", "E002", "E001"]), salt="s3cret").tolist()
    ['P-675dc99e85', 'P-c46d059fd6', 'P-675dc99e85']
    """
    def one(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
            return ""
        return "P-" + hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()[:10]

    return values.map(one)


def export_tables(analysis: Analysis, *, pseudonymise_salt: str | None = None,
                  include_individual_attitudes: bool = False, plan=None) -> dict[str, pd.DataFrame]:
    """The output tables as they may leave the machine (privacy rules applied).

    Keys are file names (``people.csv``, ``champions.csv``, ...). Individual attitude
    columns are dropped unless asked for; with a salt, names and ids are pseudonymised.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> sorted(export_tables(analyze(OrgData.example())))[:3]
    ['champions.csv', 'coverage_by_department.csv', 'data_quality.csv']
    """
    from ..analysis import INDIVIDUAL_ATTITUDE_COLUMNS

    people = analysis.people.copy()
    if not include_individual_attitudes:
        people = people.drop(columns=[c for c in INDIVIDUAL_ATTITUDE_COLUMNS if c in people])
    quality = analysis.quality.to_frame().copy()
    champions = analysis.champions.champions.copy() if analysis.champions is not None else None
    clusters = analysis.resistance.clusters.copy() if analysis.resistance is not None else None
    if pseudonymise_salt is not None:
        for column in ("id", "manager_id", "assigned_champion"):
            if column in people:
                people[column] = pseudonymise(people[column].astype(str), pseudonymise_salt)
        people["name"] = people["id"]
        quality["value"] = pseudonymise(quality["value"].astype(str), pseudonymise_salt)
        quality["problem"] = quality["problem"].astype(str).str.split(":", n=1).str[0]
        if champions is not None:
            champions["id"] = pseudonymise(champions["id"].astype(str), pseudonymise_salt)
            champions["name"] = champions["id"]  # reasons name departments only, never people
        if clusters is not None:
            clusters = clusters.assign(opinion_leaders="(pseudonymised)", messengers="(pseudonymised)")
    tables = {"people.csv": people}
    if champions is not None:
        tables["champions.csv"] = champions
        tables["coverage_by_department.csv"] = analysis.champions.coverage_by_department
    if clusters is not None:
        tables["clusters.csv"] = clusters
        tables["community_departments.csv"] = analysis.resistance.crosswalk.reset_index()
    plan = plan if plan is not None else analysis.plan
    if plan is not None:
        from ..plan.export import plan_tables

        tables.update(plan_tables(plan, pseudonymise_salt=pseudonymise_salt))
    tables["data_quality.csv"] = quality
    tables["network_summary.csv"] = analysis.network_summary
    tables["response_rate.csv"] = analysis.response_rate
    return tables


def write_reports(analysis: Analysis, out: str | Path, *, pseudonymise_salt: str | None = None,
                  include_individual_attitudes: bool = False, workbook: bool = True,
                  report: bool = True, figures: bool = True, plan=None) -> list[Path]:
    """Write every output of an analysis: CSV tables, ``parameters.json``, the workbook and the report.

    Parameters
    ----------
    analysis : Analysis
        Result of :func:`~stakeholder_graph.analyze`.
    out : str or Path
        Output folder (created if needed).
    pseudonymise_salt : str, optional
        If given, names and ids are replaced by salted hashes everywhere, and
        data-quality values and details that could name someone are withheld.
    include_individual_attitudes : bool, default=False
        Keep each person's ``attitude``, ``predicted_attitude``, ``exposure`` and
        ``barrier`` in ``people.csv``. Off by default: they never leave the machine unless
        asked for.
    plan : ImplementationPlan, optional
        Adds the Stakeholders, Communication, Resistance plan and Success metrics tables
        (CSV, workbook sheets, report sections) and ``prompts.md``.
    workbook, report, figures : bool, default=True
        Also write ``stakeholder_plan.xlsx``, ``report.html`` and the report's figures as
        PNG files in ``figures/``.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from stakeholder_graph import analyze, OrgData
    >>> paths = write_reports(analyze(OrgData.example()), tempfile.mkdtemp())
    >>> [p.name for p in paths]  # doctest: +NORMALIZE_WHITESPACE
    ['people.csv', 'champions.csv', 'coverage_by_department.csv', 'data_quality.csv', 'network_summary.csv',
     'response_rate.csv', 'parameters.json', 'stakeholder_plan.xlsx', 'report.html',
     'network.png', 'formal_informal.png', 'coverage.png']
    """
    from .report_builder import build_report
    from .workbook import write_workbook

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = export_tables(analysis, pseudonymise_salt=pseudonymise_salt,
                           include_individual_attitudes=include_individual_attitudes, plan=plan)
    written = []
    for name, table in tables.items():
        path = out / name
        table.to_csv(path, index=False)
        written.append(path)
    path = out / "parameters.json"
    path.write_text(json.dumps(method_description(analysis), indent=2, default=str) + "\n", encoding="utf-8")
    written.append(path)
    if workbook:
        sheets = {SHEET_NAMES.get(name, name.removesuffix(".csv")): table for name, table in tables.items()}
        written.append(write_workbook(sheets, out / "stakeholder_plan.xlsx"))
    plan = plan if plan is not None else analysis.plan
    if plan is not None:
        from ..plan.export import plan_files

        for name, content in plan_files(plan, tables).items():
            path = out / name
            path.write_bytes(content)
            written.append(path)
    if report or figures:
        page, drawn = build_report(analysis, tables, return_figures=True, plan=plan)
        if report:
            path = out / "report.html"
            path.write_text(page, encoding="utf-8")
            written.append(path)
        if figures:
            (out / "figures").mkdir(exist_ok=True)
            for name, fig in drawn.items():
                path = out / "figures" / f"{name}.png"
                fig.savefig(path, dpi=110)
                written.append(path)
    return written


#: Workbook sheet names for the CSV tables.
SHEET_NAMES = {"people.csv": "People", "champions.csv": "Champions", "coverage_by_department.csv": "Coverage",
               "clusters.csv": "Clusters", "community_departments.csv": "Communities x departments",
               "data_quality.csv": "Data quality", "network_summary.csv": "Network",
               "response_rate.csv": "Response rate", "stakeholders.csv": "Stakeholders",
               "communication.csv": "Communication", "calendar.csv": "Calendar",
               "resistance_plan.csv": "Resistance plan", "operational_integration.csv": "Operational integration",
               "success_metrics.csv": "Success metrics", "prompt_inputs.csv": "Prompt inputs"}


def method_description(analysis: Analysis) -> dict:
    """Everything needed to read or reproduce the results: options, sampling, thresholds.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> described = method_description(analyze(OrgData.example()))
    >>> described["role_thresholds"]["central_connector_percentile"], described["score_weights"]["sought_out"]
    (0.9, 0.4)
    """
    from ..champions.score import SCORE_WEIGHTS
    from ..metrics.table import ROLE_THRESHOLDS

    return {
        "parameters": analysis.parameters,
        "betweenness": ("exact" if analysis.parameters.get("betweenness_pivots") is None
                        else f"estimated from {analysis.parameters['betweenness_pivots']} seeded pivots"),
        "role_thresholds": ROLE_THRESHOLDS,
        "score_weights": SCORE_WEIGHTS,
        "direction": "nomination A -> B means A goes to B; reach and diffusion run B -> A",
        "resistance": None if analysis.resistance is None else {
            "note": "Resistance risk describes groups, not people: it is an indicator for planning "
                    "communication and support, not a judgment about anyone.",
            "suppressed_clusters": analysis.resistance.suppressed_clusters,
            "suppressed_people": analysis.resistance.suppressed_people,
        },
    }
