"""Reading one input table (CSV or XLSX) as text, with row numbers the user can find.

Everything is read as text so that ids such as ``007`` keep their form; numbers are
parsed later by the checks that know what a column means and can name bad values.
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..exceptions import InvalidParameterError, MissingFileError, UnreadableFileError

__all__ = ["ROW", "TableSchema", "read_table", "find_table", "load_mapping", "normalise_header"]

#: Name of the column holding the spreadsheet row number of each record (header = row 1).
ROW = "_row"

SUFFIXES = (".csv", ".xlsx", ".xlsm", ".tsv", ".txt")


@dataclass(frozen=True)
class TableSchema:
    """Which columns a table needs and which it understands."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    one_of: tuple[str, ...] = field(default=())  # at least one of these must be present

    @property
    def known(self) -> tuple[str, ...]:
        return self.required + self.optional + self.one_of


def normalise_header(name: object) -> str:
    """Column header as the schemas spell it: lower case, words joined by ``_``.

    Examples
    --------
    >>> normalise_header(" Manager ID ")
    'manager_id'
    >>> normalise_header("Respondent-Id")
    'respondent_id'
    """
    text = str(name).strip().lower()
    return re.sub(r"[\s\-./]+", "_", text).strip("_")


def find_table(folder: Path, stem: str) -> Path | None:
    """The file in ``folder`` for a table (``people.csv``, ``people.xlsx`` ...), or None."""
    for suffix in SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def load_mapping(mapping: dict | str | Path | None) -> dict[str, dict[str, str]]:
    """Column mapping as ``{table: {their column: our column}}``.

    ``mapping`` may be a flat dict (applied to every table), a dict of dicts keyed by
    table name (``people``, ``nominations``, ``attitudes``, ``impact``, ``edges``), or the
    path of a TOML file with one section per table (or a flat one).

    Examples
    --------
    >>> load_mapping({"Employee Number": "id"})
    {'*': {'employee_number': 'id'}}
    >>> load_mapping({"people": {"EmpNo": "id"}})
    {'people': {'empno': 'id'}}
    """
    if mapping is None:
        return {}
    if isinstance(mapping, (str, Path)):
        path = Path(mapping)
        try:
            with path.open("rb") as fh:
                mapping = tomllib.load(fh)
        except FileNotFoundError as err:
            raise MissingFileError(pd.DataFrame([dict(
                file=str(path), row=None, column=None, value=None,
                problem="column mapping file not found",
                action="Check the path given as mapping / --mapping.")])) from err
        except tomllib.TOMLDecodeError as err:
            raise UnreadableFileError(pd.DataFrame([dict(
                file=str(path), row=None, column=None, value=None,
                problem=f"column mapping is not valid TOML ({err})",
                action="Write one 'their column = \"our column\"' line per column, "
                       "optionally under [people], [nominations] ... sections.")])) from err
    if not isinstance(mapping, dict):
        raise InvalidParameterError("mapping", "a dict, a TOML file path or None", mapping)
    flat = {k: v for k, v in mapping.items() if not isinstance(v, dict)}
    nested = {k: v for k, v in mapping.items() if isinstance(v, dict)}
    out: dict[str, dict[str, str]] = {}
    if flat:
        out["*"] = {normalise_header(k): normalise_header(v) for k, v in flat.items()}
    for table, sub in nested.items():
        out[table] = {normalise_header(k): normalise_header(v) for k, v in sub.items()}
    return out


def _problem(path: Path, problem: str, action: str, row=None, column=None, value=None) -> pd.DataFrame:
    return pd.DataFrame([dict(file=path.name, row=row, column=column, value=value,
                              problem=problem, action=action)])


def _sniff_separator(first_line: str, suffix: str) -> str:
    if suffix == ".tsv" or first_line.count("\t") > max(first_line.count(","), first_line.count(";")):
        return "\t"
    # Excel in many European locales writes ';'-separated "CSV".
    if first_line.count(";") > first_line.count(","):
        return ";"
    return ","


def read_table(path: Path, *, encoding: str = "utf-8", mapping: dict[str, dict[str, str]] | None = None,
               table: str | None = None) -> pd.DataFrame:
    """Read a CSV/TSV/XLSX file as text, headers normalised, with a ``_row`` column.

    Parameters
    ----------
    path : Path
        The file to read.
    encoding : str, default="utf-8"
        Text encoding of CSV files (a byte-order mark is accepted).
    mapping : dict, optional
        Output of :func:`load_mapping`; renames columns on read.
    table : str, optional
        Table name used to pick the mapping section.

    Returns
    -------
    pandas.DataFrame
        Every cell as text (blank cells are ``""``), plus ``_row``: the row number as a
        spreadsheet shows it. Wholly blank rows are dropped (they carry nothing).

    Raises
    ------
    MissingFileError, UnreadableFileError

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "people.csv"
    >>> _ = path.write_text("Employee ID;Name\\n007; Ana \\n\\n8;Bo\\n")
    >>> read_table(path, mapping={"*": {"employee_id": "id"}})
        id name  _row
    0  007  Ana     2
    1    8   Bo     4
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError(_problem(path, "file not found", "Check the path."))
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=str, engine="openpyxl", keep_default_na=False)
            frame = frame.fillna("")
        else:
            with path.open("rb") as fh:
                head = fh.read(65536)
            first_line = head.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[],
                                skip_blank_lines=False, sep=_sniff_separator(first_line, suffix),
                                encoding="utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as err:
        raw = path.read_bytes()
        line = raw[: err.start].count(b"\n") + 1
        snippet = raw[max(0, err.start - 15): err.start + 5].decode(encoding, errors="replace")
        raise UnreadableFileError(_problem(
            path, f"not valid {encoding} text (byte {err.start})",
            "Save it as UTF-8 (Excel: 'CSV UTF-8'), or pass encoding='cp1252' (--encoding cp1252) "
            "if it came from an older Windows export.", row=line, value=snippet)) from err
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError, KeyError,
            zipfile.BadZipFile) as err:
        if isinstance(err, pd.errors.EmptyDataError):
            raise UnreadableFileError(_problem(
                path, "the file is empty (no header row)",
                "Export the table again with its header row.")) from err
        line = None
        match = re.search(r"line (\d+)", str(err))
        if match:
            line = int(match.group(1))
        raise UnreadableFileError(_problem(
            path, f"cannot be read as a table ({type(err).__name__}: {str(err).strip()[:200]})",
            "Open it in a spreadsheet, check it is a plain CSV or XLSX table with one header row, "
            "and export it again.", row=line)) from err

    frame.columns = [normalise_header(c) for c in frame.columns]
    renames = dict((mapping or {}).get("*", {}))
    renames.update((mapping or {}).get(table or "", {}))
    if renames:
        frame = frame.rename(columns={k: v for k, v in renames.items() if k in frame.columns})
    frame = frame.loc[:, ~frame.columns.duplicated()]
    frame = frame.astype(str).apply(lambda col: col.str.strip()) if len(frame.columns) else frame
    frame[ROW] = pd.RangeIndex(2, len(frame) + 2)
    data_columns = [c for c in frame.columns if c != ROW]
    if data_columns and len(frame):
        blank = (frame[data_columns] == "").all(axis=1)
        frame = frame.loc[~blank]
    return frame.reset_index(drop=True)
