"""Write what the monitor measured: group-level CSV files, formula-safe, plus a manifest.

Only aggregates leave by default (groups under the minimum size were removed when the
result was made); individual exposure and adoption weeks are monitoring of employees and
are written only when asked for (design section 8).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from ..exceptions import InvalidParameterError
from .run import MonitorResult

__all__ = ["monitor_tables", "write_monitor", "MONITOR_FILES"]

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


def write_monitor(result: MonitorResult, out: str | Path, *, input_folder: str | Path | None = None,
                  include_individual_usage: bool = False) -> list[Path]:
    """Write the monitor's tables to ``out`` (created if needed) and return the paths.

    ``out`` may not be, or lie inside, ``input_folder``: a run never writes into its input.
    """
    out = Path(out)
    if input_folder is not None:
        source = Path(input_folder).resolve()
        target = out.resolve()
        if target == source or source in target.parents:
            raise InvalidParameterError("out", f"a folder outside the input folder {source}", str(out))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in monitor_tables(result, include_individual_usage=include_individual_usage).items():
        path = out / name
        _formula_safe(table).to_csv(path, index=False)
        written.append(path)
    parameters = {k: (dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v)
                  for k, v in result.parameters.items()}
    path = out / "monitor_parameters.json"
    path.write_text(json.dumps(parameters, indent=2, default=str) + "\n", encoding="utf-8")
    written.append(path)
    manifest = out / "monitor_manifest.json"
    manifest.write_text(json.dumps({"files": [p.name for p in written]}, indent=2) + "\n", encoding="utf-8")
    return written + [manifest]
