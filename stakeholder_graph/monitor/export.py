"""Write what the monitor measured: group-level CSV files, formula-safe, plus a manifest.

Only aggregates leave by default (groups under the minimum size were removed when the
result was made); individual exposure and adoption weeks are monitoring of employees and
are written only when asked for (design section 8). With a key every table goes through
the same keyed pseudonyms and name / e-mail scrubbing as ``analyze`` (:mod:`..publish`),
and the folder gets the same safety (:mod:`..export.outdir`): never the input folder or
inside it, a manifest per run, files swapped in only when all are written.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from ..export.outdir import staged_output
from ..publish import Pseudonymiser
from .run import MonitorResult

__all__ = ["monitor_tables", "public_monitor_tables", "write_monitor", "MONITOR_FILES"]

MONITOR_FILES = ("adoption_weekly.csv", "adoption_summary.csv", "attitude_trend.csv", "alerts.csv",
                 "comment_themes.csv", "champion_effect.csv", "diffusion_model.csv", "success_metrics_measured.csv",
                 "monitor_data_quality.csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula, prefixed with a quote."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            text = frame[column]
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
            frame.loc[risky, column] = "'" + text[risky].astype(str)
    return frame


def monitor_tables(result: MonitorResult, *, include_individual_usage: bool = False) -> dict[str, pd.DataFrame]:
    """The tables :func:`write_monitor` writes, by file name.

    Examples
    --------
    >>> from stakeholder_graph.monitor import monitor
    >>> people = pd.DataFrame({"id": list("abcde"), "name": list("ABCDE"), "department": "Sales"})
    >>> usage = pd.DataFrame({"person_id": list("abc"), "event": "quote", "timestamp": "2027-03-02T10:00:00Z"})
    >>> sorted(monitor_tables(monitor(people, usage, go_live="2027-03-01")))[:3]
    ['adoption_summary.csv', 'adoption_weekly.csv', 'alerts.csv']
    """
    hazard = result.hazard["table"].assign(n_people=result.hazard["n_people"],
                                           n_person_weeks=result.hazard["n_person_weeks"],
                                           adoptions=result.hazard["adoptions"], note=result.hazard["note"])
    tables = {
        "adoption_weekly.csv": result.adoption_weekly,
        "adoption_summary.csv": result.adoption_summary,
        "attitude_trend.csv": result.attitude_trend,
        "alerts.csv": result.alerts,
        "comment_themes.csv": result.comment_themes,
        "champion_effect.csv": result.champion_effect,
        "diffusion_model.csv": hazard,
        "success_metrics_measured.csv": result.success_metrics,
        "monitor_data_quality.csv": result.quality.to_frame(),
    }
    if include_individual_usage:
        tables["exposure.csv"] = result.exposure.rename_axis("id").reset_index()
    return tables


def public_monitor_tables(result: MonitorResult, *, people: pd.DataFrame | None = None, key: bytes | None = None,
                          include_individual_usage: bool = False) -> dict[str, pd.DataFrame]:
    """The tables as they may leave this machine: pseudonymised with ``key`` (by
    :class:`stakeholder_graph.publish.Pseudonymiser` over ``people``) and formula-safe.

    Examples
    --------
    >>> from stakeholder_graph.monitor import monitor
    >>> people = pd.DataFrame({"id": list("abcde"), "name": ["Ana Diaz", "B", "C", "D", "E"],
    ...                        "department": "Sales"})
    >>> usage = pd.DataFrame({"person_id": list("abc"), "event": "quote", "timestamp": "2027-03-02T10:00:00Z"})
    >>> tables = public_monitor_tables(monitor(people, usage, go_live="2027-03-01"), people=people,
    ...                                key=b"k" * 32, include_individual_usage=True)
    >>> bool(tables["exposure.csv"]["id"].str.startswith("P-").all())
    True
    """
    tables = monitor_tables(result, include_individual_usage=include_individual_usage)
    if key is not None:
        if people is None:
            raise ValueError("people (id, name, email) are needed to pseudonymise the monitor's tables")
        pseudo = Pseudonymiser(people, bytes(key))
        tables = {name: pseudo.frame(table) for name, table in tables.items()}
    return {name: _formula_safe(table) for name, table in tables.items()}


def write_monitor(result: MonitorResult, out: str | Path, *, input_folder: str | Path | None = None,
                  inputs: list[str | Path] = (), people: pd.DataFrame | None = None, key: bytes | None = None,
                  include_individual_usage: bool = False, details: dict | None = None) -> list[Path]:
    """Write the monitor's tables to ``out`` (created if needed) and return the paths.

    ``out`` may not be, or lie inside, ``input_folder`` or any of ``inputs``: a run never
    writes into its input. Files of an earlier run in ``out`` (per its ``manifest.json``)
    are replaced; with ``key`` every name, e-mail and id becomes a keyed pseudonym.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from stakeholder_graph.monitor import monitor
    >>> people = pd.DataFrame({"id": list("abcde"), "name": list("ABCDE"), "department": "Sales"})
    >>> usage = pd.DataFrame({"person_id": list("abc"), "event": "quote", "timestamp": "2027-03-02T10:00:00Z"})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "monitor"
    >>> [p.name for p in write_monitor(monitor(people, usage, go_live="2027-03-01"), out)][-2:]
    ['monitor_parameters.json', 'manifest.json']
    """
    out = Path(out)
    sources = [p for p in [input_folder, *inputs] if p is not None and str(p) != ""]
    tables = public_monitor_tables(result, people=people, key=key, include_individual_usage=include_individual_usage)
    parameters = {k: (dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v)
                  for k, v in result.parameters.items()}
    text = json.dumps(parameters, indent=2, default=str) + "\n"
    if key is not None:
        text = Pseudonymiser(people, bytes(key)).text(text)
    names = [*tables, "monitor_parameters.json"]
    with staged_output(out, sources, details={"command": "monitor", **(details or {})}) as stage:
        for name, table in tables.items():
            table.to_csv(stage / name, index=False)
        (stage / "monitor_parameters.json").write_text(text, encoding="utf-8")
    return [out / name for name in names] + [out / "manifest.json"]
