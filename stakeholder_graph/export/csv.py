"""Exports (design section 5): CSV tables, parameters, workbook, report, prompts, figures.

Every writer takes the public result of :func:`~stakeholder_graph.publish`; privacy is
applied there, once.
"""

from __future__ import annotations

import json
import secrets
import shutil
import warnings
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .._text import text_cells
from ..analysis import Analysis, default_relation

__all__ = ["write_reports", "export_tables", "method_description", "SHEET_NAMES", "write_csv",
           "neutralise_formula", "DANGEROUS_PREFIXES"]

#: A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text that a spreadsheet would run as a formula gets a leading ``'`` (OWASP); anything
    else, numbers included, is returned unchanged.

    Examples
    --------
    >>> [neutralise_formula(v) for v in ["=HYPERLINK('x')", "@SUM(A1)", "-1+2", "Ana", -1.5]]
    ["'=HYPERLINK('x')", "'@SUM(A1)", "'-1+2", 'Ana', -1.5]
    """
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _csv_text(value: object) -> object:
    value = neutralise_formula(value)
    if isinstance(value, str) and "\r" in value:  # a lone carriage return is not quoted and would split the row
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def write_csv(table: pd.DataFrame, path: str | Path, *, header: bool = True) -> Path:
    """One public table as CSV (UTF-8), every text cell and header that starts with
    ``= + - @``, tab or carriage return neutralised with a leading ``'``; numbers stay numbers.
    Line breaks inside a cell are written as ``\\n`` (a lone carriage return would split the row).
    ``header=False`` writes the rows only (to append to a file that has the header).

    Examples
    --------
    >>> import tempfile
    >>> path = write_csv(pd.DataFrame({"name": ["=1+1", "Bo"], "score": [-2.5, 1.0]}), tempfile.mkdtemp() + "/t.csv")
    >>> print(path.read_text(encoding="utf-8").strip())
    name,score
    '=1+1,-2.5
    Bo,1.0
    """
    path = Path(path)
    out = table.copy(deep=False)
    for position, column in enumerate(out.columns):
        cells = text_cells(out.iloc[:, position])
        if cells is None:
            continue
        is_text, text = cells
        formula = text.str.startswith(DANGEROUS_PREFIXES).to_numpy(dtype=bool) & is_text
        carriage = text.str.contains("\r", regex=False).to_numpy(dtype=bool) & is_text
        if not (formula.any() or carriage.any()):
            continue
        fixed = text.where(~formula, "'" + text)
        # a lone carriage return is not quoted and would split the row
        fixed = fixed.where(~carriage, fixed.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False))
        changed = formula | carriage
        values = out.iloc[:, position].to_numpy(dtype=object, copy=True)
        values[changed] = fixed.to_numpy(dtype=object)[changed]
        out.isetitem(position, pd.Series(values, index=out.index, dtype=object))
    out.columns = [_csv_text(str(c)) for c in out.columns]
    out.to_csv(path, index=False, header=header, encoding="utf-8", errors="replace")
    return path


def export_tables(analysis: Analysis, *, key: bytes | None = None, include_individual_attitudes: bool = False,
                  plan=None) -> dict[str, pd.DataFrame]:
    """The output tables as they may leave the machine: :func:`~stakeholder_graph.publish`'s tables.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> sorted(export_tables(analyze(OrgData.example())))[:3]
    ['champion_summary.csv', 'champions.csv', 'clusters.csv']
    """
    from ..publish import publish

    return publish(analysis, key=key, include_individual_attitudes=include_individual_attitudes, plan=plan).tables


def write_reports(result, out: str | Path, *, key: bytes | None = None, include_individual_attitudes: bool = False,
                  workbook: bool = True, report: bool = True, figures: bool = True, plan=None,
                  inputs: list[str | Path] | None = None, details: dict | None = None,
                  drawers: list | None = None) -> list[Path]:
    """Write every output: CSV tables, ``parameters.json``, workbook, report, prompts, figures, manifest.

    Parameters
    ----------
    result : PublicResult or Analysis
        What to write. An :class:`~stakeholder_graph.Analysis` is first published with
        ``key``, ``include_individual_attitudes`` and ``plan`` (:func:`~stakeholder_graph.publish`);
        the writers themselves only ever see the public result.
    out : str or Path
        Output folder (created if needed). It may not be, lie inside or hold an input
        (``inputs``; by default the analysed folder). Files of an earlier run listed in
        its ``manifest.json`` are replaced; no other file is touched, and a file the tool
        did not write is never overwritten. The files are written to a staging folder and
        moved into place together, so a failed run changes nothing.
    key : bytes, optional
        Secret key for pseudonyms (:func:`~stakeholder_graph.publish.read_or_create_key`).
    include_individual_attitudes : bool, default=False
        Keep each person's ``attitude``, ``predicted_attitude``, ``exposure`` and
        ``barrier`` in ``people.csv``. Off by default.
    plan : ImplementationPlan, optional
        Adds the plan's tables and ``prompts.md``.
    workbook, report, figures : bool, default=True
        Also write ``stakeholder_plan.xlsx``, ``report.html`` and PNG figures in ``figures/``.
    inputs : list of str or Path, optional
        Input folders and files the output folder must stay clear of.
    details : dict, optional
        Extra fields for ``manifest.json`` (e.g. the command).
    drawers : list, optional
        Processes from :func:`start_drawing_processes` to draw the figures in (for a small
        organisation); without them, the figures are drawn in processes forked here.

    Returns
    -------
    list of Path
        The files written, ``manifest.json`` last.

    Examples
    --------
    >>> import tempfile
    >>> from stakeholder_graph import analyze, OrgData
    >>> paths = write_reports(analyze(OrgData.example()), tempfile.mkdtemp())
    >>> [p.name for p in paths]  # doctest: +NORMALIZE_WHITESPACE
    ['people.csv', 'champions.csv', 'coverage_by_department.csv', 'champion_summary.csv', 'spread_comparison.csv',
     'clusters.csv', 'community_departments.csv', 'data_quality.csv', 'network_summary.csv', 'response_rate.csv', 'parameters.json', 'stakeholder_plan.xlsx',
     'report.html', 'network.png', 'formal_informal.png', 'coverage.png', 'manifest.json']
    """
    from .._parallel import Background, parallel_enabled, second_process_available
    from ..profiling import steps
    from ..publish import PublicResult, publish
    from .outdir import MANIFEST, staged_output
    from .workbook import write_workbook

    if isinstance(result, Analysis):
        if inputs is None:
            inputs = [result.org.source] if result.org.source and Path(result.org.source).exists() else []
        result = publish(result, key=key, include_individual_attitudes=include_individual_attitudes, plan=plan)
    elif not isinstance(result, PublicResult):
        raise TypeError("write_reports takes a PublicResult (stakeholder_graph.publish) or an Analysis")
    public = result
    run = steps("writing")  # timed only under --profile
    names: list[str] = []
    with staged_output(out, inputs or [], details={"pseudonymised": public.pseudonymised, **(details or {})}) as stage:
        people = public.tables.get("people.csv")
        # Second processes draw the figures while this one writes the tables (drawing costs
        # about as much for 400 people as for a million): the process started before the
        # analysis, if given, and a copy of it, or two forked here. A large organisation's
        # workbook and report page (its tables; the figures fill slots in it) are made in
        # processes of their own, and without a drawing process, its report and figures too.
        large = parallel_enabled(0 if people is None else len(people))
        warm = [w for w in drawers or [] if w.in_background]
        # The workbook is the longest job here: at the main process's priority it runs beside
        # the others from the start instead of last and alone, when the rest yield the CPU.
        book = Background(write_workbook, public, stage / "stakeholder_plan.xlsx", enabled=large,
                          niceness=0) if workbook else None
        whole_report = Background(_write_report_and_figures, public, stage, report, figures, enabled=True) \
            if large and not warm and (report or figures) else None
        nonce = secrets.token_hex(8)
        page_ahead = Background(_page_around_slots, public, nonce, enabled=True) \
            if large and whole_report is None and (report or figures) else None
        drawing: list = []
        if (report or figures) and whole_report is None and public.figures:
            shares = [{name: public.figures[name] for name in group} for group in _figure_shares(public.figures, 2)]
            if warm:
                warm[0].submit(_render_figures_in_two, shares)
                drawing.append(warm[0])
            else:
                drawing = [Background(_render_figures, share, enabled=second_process_available())
                           for share in shares]
        # For a large organisation the second half of the largest table (people.csv) and its
        # Parquet copy are written by one more process, the first half here after the others.
        largest = max(public.tables, key=lambda name: public.tables[name].size) if large and public.tables else None
        if largest is not None:
            half = len(public.tables[largest]) // 2
            pending_largest = Background(_write_second_half, public.tables[largest], stage, largest, half,
                                         enabled=True)
        run.next("tables (csv)")
        written = {name: _write_table(table, stage, name) for name, table in public.tables.items()
                   if name != largest}
        if largest is not None:
            write_csv(public.tables[largest].iloc[:half], stage / largest)
            run.next("tables (csv, waiting for the largest)")
            rest, written[largest] = pending_largest.result()
            with open(stage / largest, "ab") as whole, open(rest, "rb") as part:
                shutil.copyfileobj(part, whole, 1 << 24)
            rest.unlink()
        names += [file for name in public.tables for file in written[name]]
        (stage / "parameters.json").write_text(json.dumps(public.parameters, indent=2, default=str) + "\n",
                                               encoding="utf-8")
        names.append("parameters.json")
        if book is not None and not book.in_background:
            run.next("workbook")
            book.result()
            names.append("stakeholder_plan.xlsx")
        for name, text in public.texts.items():
            (stage / name).write_text(text, encoding="utf-8", errors="replace")
            names.append(name)
        if whole_report is not None:
            run.next("report and figures (waiting for its process)")
            names += whole_report.result()
        elif report or figures:
            from .report import FigureSlot, fill_figure_slots

            # The page is built around slots while the figures are drawn; they are put in after.
            run.next("report" + (" (waiting for its process)" if page_ahead is not None else ""))
            page, used = page_ahead.result() if page_ahead is not None else _page_around_slots(public, nonce)
            run.next("figures" + (" (waiting for their processes)" if any(d.in_background for d in drawing) else ""))
            rendered = {name: done for pending in drawing for name, done in pending.result().items()}
            drawn = {name: rendered[name] if isinstance(fig, FigureSlot) else fig for name, fig in used.items()}
            page = fill_figure_slots(page, {name: drawn[name] for name in drawn if name in rendered}, nonce)
            names += _write_page_and_figures(page, drawn, stage, report, figures)
        if book is not None and book.in_background:
            run.next("workbook (waiting for its process)")
            book.result()
            names.insert(names.index("parameters.json") + 1, "stakeholder_plan.xlsx")
    run.close()
    out = Path(out)
    return [out / name for name in names] + [out / MANIFEST]


def _write_second_half(table: pd.DataFrame, stage: Path, name: str, half: int) -> tuple[Path, list[str]]:
    """Rows ``half:`` of a table as CSV lines without a header (to append to its first half),
    and the whole table as Parquet when it is long; the part's path and the names to list."""
    rest = stage / f".{name}.second-half"
    write_csv(table.iloc[half:], rest, header=False)
    return rest, [name, *_parquet_copy(table, stage, name)]


def _write_table(table: pd.DataFrame, stage: Path, name: str) -> list[str]:
    """One table as CSV, and as Parquet too when it is long; the names written."""
    write_csv(table, stage / name)
    return [name, *_parquet_copy(table, stage, name)]


def _parquet_copy(table: pd.DataFrame, stage: Path, name: str) -> list[str]:
    """A long table also as Parquet (read by code, not by people); its name, if written."""
    from .workbook import LARGE_TABLE_ROWS

    if len(table) <= LARGE_TABLE_ROWS:
        return []
    parquet = name.removesuffix(".csv") + ".parquet"
    table.to_parquet(stage / parquet, index=False)
    return [parquet]


#: Drawing and rendering time of each figure in hundredths of a second (measured for 400
#: people, the network's layout prepared ahead by the drawing process; about the same at
#: 100,000), to share them out.
FIGURE_COST = {"power_interest": 46, "formal_informal": 40, "cluster_risk": 30, "network": 27, "coverage": 16}


def _figure_shares(drawers: dict, processes: int = 2) -> list[list[str]]:
    """The figure names in ``processes`` groups whose largest drawing cost is least (every
    split is tried for the handful of figures of a report; largest first beyond that).

    Examples
    --------
    >>> _figure_shares(dict.fromkeys(["network", "formal_informal", "coverage", "cluster_risk", "power_interest"]), 2)
    [['cluster_risk', 'power_interest'], ['network', 'formal_informal', 'coverage']]
    """
    from itertools import product

    names = sorted(drawers, key=lambda n: -FIGURE_COST.get(n, 30))
    cost = [FIGURE_COST.get(name, 30) for name in names]
    if processes > 1 and processes ** len(names) <= 4096:
        # The first figure (the costliest) goes to the first group: the same split turned round.
        best = min(((0, *rest) for rest in product(range(processes), repeat=len(names) - 1)),
                   key=lambda groups: max(sum(c for c, g in zip(cost, groups) if g == k) for k in range(processes)))
    else:
        load, best = [0] * processes, []
        for c in cost:
            best.append(load.index(min(load)))
            load[best[-1]] += c
    shares = [[name for name, g in zip(names, best) if g == k] for k in range(processes)]
    order = {name: i for i, name in enumerate(drawers)}
    return [sorted(share, key=order.get) for share in shares if share]


@contextmanager
def _missing_glyphs_quiet():
    with warnings.catch_warnings():
        # A name in a script the plotting font lacks is drawn as a box: not worth a warning per glyph.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font", category=UserWarning)
        yield


def _render_figures(drawers: dict) -> dict:
    """Draw each figure (name -> zero-argument drawer) and render it to PNG."""
    from .report import RenderedFigure

    with _missing_glyphs_quiet():
        return {name: RenderedFigure.of(draw()) for name, draw in drawers.items()}


def _render_figures_in_two(shares: list[dict]) -> dict:
    """:func:`_render_figures` of the first share here, of the others in forked copies."""
    from .._parallel import Background, second_process_available

    others = [Background(_render_figures, share, enabled=second_process_available()) for share in shares[1:]]
    rendered = _render_figures(shares[0]) if shares else {}
    for other in others:
        rendered.update(other.result())
    return rendered


def _warm_up_drawing() -> None:
    """What every figure needs first: matplotlib's figure machinery, networkx's layouts, the fonts."""
    import networkx  # noqa: F401
    from matplotlib.figure import Figure

    from ..plotting import figures  # noqa: F401
    from .report import png_bytes

    figure = Figure(figsize=(1, 1), layout="constrained")
    figure.add_subplot().set_title("Aa")
    png_bytes(figure, dpi=10)


def _lay_out_network(org, relation: str | None) -> None:
    """The layout of the network figure, computed ahead (in the drawing process)."""
    from ..network.orgnetwork import build_network
    from ..plotting import figures

    # The same network and relation the analysis will draw; if they turn out otherwise
    # (a layout is remembered by the ties it lays out), the figure lays out its own.
    network = build_network(org)
    relation = network.resolve_relation(relation) if relation else default_relation(network)
    if relation is not None:
        figures.prepare_network_layout(network, relation)


def start_drawing_processes(org=None, *, relation: str | None = None) -> list:
    """A process, started now, that will draw the figures of :func:`write_reports` later.

    Started before the analysis (best before the input is read), it loads matplotlib and
    the fonts meanwhile, and for a small organisation lays out the network figure, so that
    the figures start the moment the results are published (it forks a copy of itself to
    draw half of them). Pass the list to ``write_reports(..., drawers=...)`` and close each
    after. An empty list where second processes are not available.

    Parameters
    ----------
    org : OrgData, optional
        The organisation, when already read: its network figure (the ties of
        ``relation``, by default the layer :func:`~stakeholder_graph.analyze` picks) is
        laid out at once. Otherwise pass it to :func:`prepare_drawing` once it is read.
    relation : str, optional
        The nomination layer the analysis will use.

    Examples
    --------
    >>> from stakeholder_graph import OrgData
    >>> drawers = start_drawing_processes(OrgData.example())
    >>> [type(d).__name__ for d in drawers] in ([], ["Worker"])
    True
    >>> for d in drawers:
    ...     d.close()
    """
    from .._parallel import Worker, second_process_available

    if not second_process_available():
        return []
    drawers = [Worker(_warm_up_drawing)]
    return drawers if org is None else prepare_drawing(drawers, org, relation=relation)


def prepare_drawing(drawers: list, org, *, relation: str | None = None) -> list:
    """Once ``org`` is read: the drawing processes of :func:`start_drawing_processes`, each
    laying out the network figure of ``org`` meanwhile when it draws every person (for
    ``relation``, by default the layer :func:`~stakeholder_graph.analyze` picks; a larger
    organisation is drawn as its group graph, which needs no layout ahead).

    Examples
    --------
    >>> from stakeholder_graph import OrgData
    >>> drawers = prepare_drawing(start_drawing_processes(), OrgData.example())
    >>> for d in drawers:
    ...     d.close()
    >>> prepare_drawing([], OrgData.example())
    []
    """
    from ..plotting.figures import NODE_LIMIT

    if len(org.people) <= NODE_LIMIT:
        for drawer in drawers:
            drawer.prepare(_lay_out_network, org, relation)
    return drawers


def _page_around_slots(public, nonce: str) -> tuple[str, dict]:
    """The report page with a :class:`~stakeholder_graph.export.report.FigureSlot` where each
    figure goes, and those slots by name (``build_report(..., return_figures=True)``)."""
    from .report import FigureSlot
    from .report_builder import build_report

    return build_report(replace(public, figures={name: partial(FigureSlot, name, nonce) for name in public.figures}),
                        return_figures=True)


def _write_report_and_figures(public, stage: Path, report: bool, figures: bool) -> list[str]:
    """``report.html`` and ``figures/*.png`` into the staging folder; the names written."""
    from .report_builder import build_report

    with _missing_glyphs_quiet():
        page, drawn = build_report(public, return_figures=True)
        return _write_page_and_figures(page, drawn, stage, report, figures)


def _write_page_and_figures(page: str, drawn: dict, stage: Path, report: bool, figures: bool) -> list[str]:
    """The report page and the figures it shows (name -> figure, drawn or rendered); the names written."""
    from .report import png_bytes

    names = []
    if report:
        (stage / "report.html").write_text(page, encoding="utf-8", errors="replace")
        names.append("report.html")
    if figures:
        (stage / "figures").mkdir(exist_ok=True)
        for name, fig in drawn.items():
            # already rendered for the report
            (stage / "figures" / f"{name}.png").write_bytes(png_bytes(fig))
            names.append(f"figures/{name}.png")
    return names


#: Workbook sheet names for the CSV tables.
SHEET_NAMES = {"people.csv": "People", "champions.csv": "Champions", "coverage_by_department.csv": "Coverage",
               "champion_summary.csv": "Champion summary", "spread_comparison.csv": "Spread",
               "win_over_first.csv": "Win over first",
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
    from ..champions.select import SECOND_TIER_WEIGHT
    from ..champions.stance import STANCE_THRESHOLDS, WILLING_ITEM
    from ..metrics.table import ROLE_THRESHOLDS

    return {
        "parameters": analysis.parameters,
        "betweenness": ("exact" if analysis.parameters.get("betweenness_pivots") is None
                        else f"estimated from {analysis.parameters['betweenness_pivots']} seeded pivots"),
        "role_thresholds": ROLE_THRESHOLDS,
        "score_weights": SCORE_WEIGHTS,
        "direction": "nomination A -> B means A goes to B; reach and diffusion run B -> A",
        "stance": {"thresholds": STANCE_THRESHOLDS, "explicit_item": WILLING_ITEM,
                   "explicit_item_weight": "2x the composite attitude",
                   "policy": analysis.parameters.get("champions_stance_policy"),
                   "prefer_believer_rule": "neutral and unknown-stance candidates count only colleagues a "
                                           "believers-only shortlist of the same size leaves unreached "
                                           f"(others at weight {SECOND_TIER_WEIGHT})"},
        "spread_model": "independent cascade; weighted cascade probabilities p(u->v) = w(v names u) / "
                        "sum of v's nomination weights; influence flows against the nominations",
        "resistance": None if analysis.resistance is None else {
            "note": "Resistance risk describes groups, not people: it is an indicator for planning "
                    "communication and support, not a judgment about anyone.",
            "suppressed_clusters": analysis.resistance.suppressed_clusters,
            "suppressed_people": analysis.resistance.suppressed_people,
        },
    }
