"""The data-quality report: everything that was repaired, dropped or worth a look."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..exceptions import PROBLEM_COLUMNS

__all__ = ["DataQualityReport"]


class DataQualityReport:
    """Every record that reading an organisation repaired, dropped or matched loosely.

    One row per finding with the columns ``file, row, column, value, problem, action``.
    ``row`` is the row number as a spreadsheet shows it (the header is row 1), or empty
    for findings about a whole file. Nothing is dropped or changed on read without a
    row here.

    Examples
    --------
    >>> report = DataQualityReport()
    >>> report.add("nominations.csv", 7, "nominee", "Jonh Smith",
    ...            "nominee matched by fuzzy name (score 90) to John Smith (id 17)",
    ...            "kept; check the match")
    >>> len(report)
    1
    >>> int(report.to_frame().loc[0, "row"])
    7
    """

    columns = PROBLEM_COLUMNS

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []
        self._records: list[dict] = []
        self._frame: pd.DataFrame | None = None

    def add(self, file: str, row: int | None, column: str | None, value: object,
            problem: str, action: str) -> None:
        """Record one finding."""
        self._records.append(dict(file=file, row=row, column=column, value=value,
                                  problem=problem, action=action))
        self._frame = None

    def add_rows(self, file: str, rows: Iterable[int] | pd.Series, column: str | None,
                 values: Iterable[object] | pd.Series, problem: str | pd.Series,
                 action: str | pd.Series) -> None:
        """Record many findings at once (vectorised; used for large inputs)."""
        part = pd.DataFrame({"row": pd.Series(rows).to_numpy(),
                             "value": pd.Series(values).to_numpy()})
        if part.empty:
            return
        part.insert(0, "file", file)
        part.insert(2, "column", column)
        part["problem"] = problem.to_numpy() if isinstance(problem, pd.Series) else problem
        part["action"] = action.to_numpy() if isinstance(action, pd.Series) else action
        self._parts.append(part[self.columns])
        self._frame = None

    def extend(self, other: "DataQualityReport") -> None:
        """Add every finding of ``other`` (found in another process, say), as if added here."""
        self._parts.extend(other._parts)
        self._records.extend(other._records)
        self._frame = None

    def copy(self) -> "DataQualityReport":
        """An independent copy (later additions do not change the original)."""
        other = DataQualityReport()
        other._parts = list(self._parts)
        other._records = list(self._records)
        return other

    def to_frame(self) -> pd.DataFrame:
        """All findings as a DataFrame (columns ``file, row, column, value, problem, action``)."""
        if self._frame is None:
            parts = [p for p in self._parts if not p.empty]
            if self._records:
                parts.append(pd.DataFrame.from_records(self._records, columns=self.columns))
            frame = (pd.concat(parts, ignore_index=True) if parts
                     else pd.DataFrame(columns=self.columns))
            frame["row"] = pd.array(frame["row"], dtype="Int64")
            frame["value"] = frame["value"].astype("object")
            # Stable order: by file, then row as the user would read the file.
            self._frame = frame.sort_values(["file", "row"], kind="stable",
                                            na_position="first").reset_index(drop=True)
        return self._frame

    def counts(self) -> pd.DataFrame:
        """Number of findings per file, problem kind and action.

        Problems that mention a specific value (a name, a score) are grouped by the text
        before the first colon or parenthesis, so similar findings are counted together.
        """
        frame = self.to_frame()
        kind = frame["problem"].astype(str).str.split(r"[:(]", n=1, regex=True).str[0].str.strip()
        action = frame["action"].astype(str).str.split(r"[;:(]", n=1, regex=True).str[0].str.strip()
        out = (frame.assign(problem=kind, action=action)
               .groupby(["file", "problem", "action"], sort=True).size()
               .rename("count").reset_index())
        return out.sort_values(["count", "file"], ascending=[False, True], kind="stable").reset_index(drop=True)

    def __len__(self) -> int:
        return len(self.to_frame())

    def __repr__(self) -> str:
        return f"DataQualityReport({len(self)} findings)"

    def _repr_html_(self) -> str:
        return f"<p>Data-quality report: {len(self)} findings</p>" + self.counts().to_html(index=False)
