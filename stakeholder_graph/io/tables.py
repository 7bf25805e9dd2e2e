"""Reading one input table (CSV or XLSX) as text, with row numbers the user can find.

Everything is read as text so that ids such as ``007`` keep their form; numbers are
parsed later by the checks that know what a column means and can name bad values.
"""

from __future__ import annotations

import codecs
import datetime
import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._text import no_control_bytes
from ..exceptions import (
    DuplicateColumnError,
    InvalidParameterError,
    MissingColumnError,
    MissingFileError,
    UnreadableFileError,
)

__all__ = ["ROW", "TableSchema", "read_table", "find_table", "find_tables", "load_mapping",
           "load_mapping_file", "normalise_header", "sniff_encoding"]

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


#: Sections of a mapping file that are not column renames of a table.
SPECIAL_SECTIONS = ("survey", "labels")


def load_mapping_file(mapping: dict | str | Path | None) -> tuple[dict, Path | None]:
    """The raw mapping (a dict) and the folder of its file (None for a dict).

    Examples
    --------
    >>> load_mapping_file({"people": {"EmpNo": "id"}})
    ({'people': {'EmpNo': 'id'}}, None)
    """
    if mapping is None:
        return {}, None
    if isinstance(mapping, (str, Path)):
        path = Path(mapping)
        try:
            with path.open("rb") as fh:
                return tomllib.load(fh), path.resolve().parent
        except FileNotFoundError as err:
            raise MissingFileError(pd.DataFrame([dict(
                file=str(path), row=None, column=None, value=None,
                problem="column mapping file not found",
                action="Check the path given as mapping / --mapping.")])) from err
        except IsADirectoryError as err:
            raise MissingFileError(pd.DataFrame([dict(
                file=str(path), row=None, column=None, value=None,
                problem="the column mapping is a folder, not a TOML file",
                action="Pass the path of a .toml file as mapping / --mapping.")])) from err
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise UnreadableFileError(pd.DataFrame([dict(
                file=str(path), row=None, column=None, value=None,
                problem=f"column mapping is not valid TOML ({err})",
                action="Write one 'their column = \"our column\"' line per column, "
                       "optionally under [people], [nominations] ... sections.")])) from err
    if not isinstance(mapping, dict):
        raise InvalidParameterError("mapping", "a dict, a TOML file path or None", mapping)
    return mapping, None


def load_mapping(mapping: dict | str | Path | None) -> dict[str, dict[str, str]]:
    """Column mapping as ``{table: {their column: our column}}``.

    ``mapping`` may be a flat dict (applied to every table), a dict of dicts keyed by
    table name (``people``, ``nominations``, ``attitudes``, ``impact``, ``edges``), or the
    path of a TOML file with one section per table (or a flat one). The ``[survey]`` and
    ``[labels]`` sections are not column renames and are left out here.

    Examples
    --------
    >>> load_mapping({"Employee Number": "id"})
    {'*': {'employee_number': 'id'}}
    >>> load_mapping({"people": {"EmpNo": "id"}, "survey": {"file": "x.csv"}})
    {'people': {'empno': 'id'}}
    """
    mapping, _ = load_mapping_file(mapping)
    flat = {k: v for k, v in mapping.items() if not isinstance(v, dict)}
    nested = {k: v for k, v in mapping.items() if isinstance(v, dict) and k not in SPECIAL_SECTIONS}
    out: dict[str, dict[str, str]] = {}
    bad = [(k, v) for k, v in flat.items() if not isinstance(v, str)]
    bad += [(f"{t}.{k}", v) for t, sub in nested.items() for k, v in sub.items() if not isinstance(v, str)]
    if bad:
        key, value = bad[0]
        raise UnreadableFileError(pd.DataFrame([dict(
            file="mapping", row=None, column=key, value=repr(value),
            problem="a column mapping entry must map one column name to one column name",
            action='Write it as "their column" = "our column".')]))
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


#: Control characters that no spreadsheet or report can hold (openpyxl refuses them too).
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"

#: How many rows at the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30


def find_tables(folder: Path, stem: str) -> list[Path]:
    """Every file in ``folder`` that could hold a table (``people.csv``, ``people.xlsx`` ...).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "people.csv").write_text("id\\n"); _ = (folder / "people.xlsx").write_bytes(b"")
    >>> [p.name for p in find_tables(folder, "people")]
    ['people.csv', 'people.xlsx']
    """
    return [folder / f"{stem}{suffix}" for suffix in SUFFIXES if (folder / f"{stem}{suffix}").is_file()]


def sniff_encoding(head: bytes, encoding: str) -> str:
    """The encoding to read a CSV with: a byte-order mark or UTF-16 zero bytes win over ``encoding``.

    Examples
    --------
    >>> sniff_encoding("id,name".encode("utf-16"), "utf-8")
    'utf-16'
    >>> sniff_encoding(b"\\xef\\xbb\\xbfid,name", "cp1252")
    'utf-8-sig'
    >>> sniff_encoding("id,name".encode("utf-16-le"), "utf-8")
    'utf-16-le'
    >>> sniff_encoding(b"id,name", "utf-8")
    'utf-8-sig'
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    sample = head[:4096]
    if len(sample) >= 4:
        even_zeros = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_zeros > 0.4 and even_zeros < 0.1:
            return "utf-16-le"
        if even_zeros > 0.4 and odd_zeros < 0.1:
            return "utf-16-be"
    if codecs.lookup(encoding).name == "utf-8":
        return "utf-8-sig"  # accepts a file with or without the mark
    return encoding


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.time(0) else value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _header_score(cells: list, renames: dict[str, str], known: set[str]) -> int:
    names = [normalise_header(c) for c in cells if c not in (None, "")]
    return sum(1 for n in names if renames.get(n, n) in known)


def _read_xlsx(path: Path, renames: dict[str, str], known: set[str] | None,
               notes: list[dict]) -> tuple[list, list[list], int]:
    """Header cells, data rows (as text) and the sheet row number of the header."""
    import openpyxl  # only needed for spreadsheets

    book = openpyxl.load_workbook(path, data_only=True)
    candidates = []  # (score, sheet order, header row, sheet)
    for order, sheet in enumerate(book.worksheets):
        for r, row in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
            filled = [c for c in row if c not in (None, "")]
            if not filled:
                continue
            score = _header_score(list(row), renames, known) if known else 0
            if known:
                candidates.append((score, -order, -r, sheet.title))
            elif len(filled) >= 2 or sheet.max_row <= 1:
                candidates.append((0, -order, -r, sheet.title))
                break
    if not candidates:
        raise UnreadableFileError(_problem(path, "the workbook has no sheet with any data",
                                           "Export the table again with its header row."))
    best = max(candidates)
    if known and best[0] == 0:
        # No sheet names a known column: take the first filled row of the first sheet with data,
        # so the missing-column message lists what that sheet holds.
        firsts = {}
        for _, order, r, title in candidates:
            firsts.setdefault(title, (order, r))
        title = max(firsts, key=lambda t: firsts[t])
        best = (0, *firsts[title], title)
    _, order, neg_row, title = best
    sheet = book[title]
    header_row = -neg_row
    if len(book.worksheets) > 1 or header_row > 1:
        notes.append(dict(row=header_row, column=None, value=title,
                          problem=f"workbook has {len(book.worksheets)} sheet(s): read sheet '{title}' "
                                  f"with the header in row {header_row}",
                          action="check this is the table meant; move it to the first sheet, row 1, to be sure"))
    # Merged cells: every cell of the range gets the value shown in its top-left cell.
    fill: dict[tuple[int, int], object] = {}
    for merged in list(sheet.merged_cells.ranges):
        if merged.max_row <= header_row:
            continue
        top_left = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                fill[(r, c)] = top_left
        notes.append(dict(row=merged.min_row, column=None, value=str(merged.coord),
                          problem=f"merged cells {merged.coord}",
                          action="the value of the first cell is repeated into every cell of the range"))
    rows = [list(r) for r in sheet.iter_rows(min_row=header_row, values_only=True)]
    for (r, c), value in fill.items():
        i = r - header_row
        if 0 <= i < len(rows):
            while len(rows[i]) < c:
                rows[i].append(None)
            rows[i][c - 1] = value
    width = max((len(r) for r in rows), default=0)
    header = rows[0] + [None] * (width - len(rows[0])) if rows else []
    # Formulas saved without a computed value (written by a program, never opened in Excel)
    # read as empty; say so rather than treat them as blank answers.
    formula_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        formulas = formula_book[title]
        for r, row in enumerate(formulas.iter_rows(min_row=header_row + 1), start=header_row + 1):
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                i, c = r - header_row, cell.column
                if i < len(rows) and c - 1 < len(rows[i]) and rows[i][c - 1] in (None, ""):
                    notes.append(dict(row=r, column=_cell_text(header[c - 1]) if c - 1 < len(header) else None,
                                      value=str(cell.value),
                                      problem="formula without a saved value",
                                      action="read as blank; open and save the file in Excel (or "
                                             "paste values) so the computed value is stored"))
    finally:
        formula_book.close()
    data = [[_cell_text(v) for v in r] + [""] * (width - len(r)) for r in rows[1:]]
    return header, data, header_row


def read_table(path: Path, *, encoding: str = "utf-8", mapping: dict[str, dict[str, str]] | None = None,
               table: str | None = None, known=None, quality=None) -> pd.DataFrame:
    """Read a CSV/TSV/XLSX file as text, headers normalised, with a ``_row`` column.

    Parameters
    ----------
    path : Path
        The file to read.
    encoding : str, default="utf-8"
        Text encoding of CSV files. A UTF-8 or UTF-16 byte-order mark (or UTF-16 zero
        bytes) is sniffed per file and wins.
    mapping : dict, optional
        Output of :func:`load_mapping`; renames columns on read. A column named in the
        table's own section that is not in the file is an error listing the columns found.
    table : str, optional
        Table name used to pick the mapping section.
    known : collection of str, optional
        Column names this table understands. In a workbook, the sheet and header row
        holding most of them are read (a cover sheet or title rows are skipped and
        reported). Two columns read as the same known name are an error; as the same
        other name, the second is renamed ``<name>_2`` and reported.
    quality : DataQualityReport, optional
        Receives what was repaired or worth a look (encoding, sheet, merged cells,
        formulas without values, control characters, renamed duplicate headers).

    Returns
    -------
    pandas.DataFrame
        Every cell as text (blank cells are ``""``), plus ``_row``: the row number as a
        spreadsheet shows it. Wholly blank rows are dropped (they carry nothing).

    Raises
    ------
    MissingFileError, UnreadableFileError, MissingColumnError, DuplicateColumnError

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
    return read_table_with_headers(path, encoding=encoding, mapping=mapping, table=table, known=known,
                                   quality=quality)[0]


def _read_csv_fast(path: Path, separator: str, encoding: str) -> pd.DataFrame | None:
    """The CSV file as pandas reads it (every field text, no header, nothing turned into a
    missing value) through pyarrow's multithreaded reader, or None when the file is not
    plain UTF-8 or has a shape pyarrow reads differently (blank lines, ragged rows): then
    pandas reads it. Several times faster on files of millions of rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes(b'id,name\\r\\n007,"Diaz, Ana"\\r\\nNA,\\r\\n')
    >>> _read_csv_fast(path, ",", "utf-8").values.tolist()
    [['id', 'name'], ['007', 'Diaz, Ana'], ['NA', '']]
    >>> _ = path.write_bytes(b"id,name\\n\\n7,Bo\\n")  # a blank line: pandas keeps it as a row
    >>> _read_csv_fast(path, ",", "utf-8") is None
    True
    """
    import csv

    import pyarrow as pa
    import pyarrow.csv as pacsv

    if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig") or len(separator) != 1:
        return None
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    # A blank line (LF, CRLF or CR endings); files with only CR line ends are left to pandas.
    if not data or data.startswith((b"\n", b"\r")) or b"\n\n" in data or b"\n\r" in data \
            or b"\r\r" in data or (b"\r" in data and b"\r\n" not in data):
        return None
    try:
        end = data.find(b"\n")
        first_line = (data if end < 0 else data[:end]).rstrip(b"\r").decode("utf-8")
        width = len(next(csv.reader([first_line], delimiter=separator)))
        names = [f"c{i}" for i in range(width)]
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=True),
            parse_options=pacsv.ParseOptions(delimiter=separator, newlines_in_values=b'"' in data),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError, StopIteration, csv.Error):
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)
    frame.columns = range(width)
    # What the raw bytes prove the per-column passes of read_table_with_headers need not do
    # (a file proven strip-free is control-free too: the bytes are scanned for them once).
    frame.attrs["strip_free"] = _strip_free(data, separator)
    frame.attrs["control_free"] = frame.attrs["strip_free"] or no_control_bytes(data)
    return frame


#: The UTF-8 of the characters besides ASCII that ``str.strip`` removes (U+0085, U+00A0, U+1680,
#: U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000; the U+20xx ones by their first two bytes).
_OTHER_SPACES = (b"\xc2\x85", b"\xc2\xa0", b"\xe1\x9a\x80", b"\xe2\x80", b"\xe2\x81\x9f", b"\xe3\x80\x80")


def _strip_free(data: bytes, separator: str) -> bool:
    """Whether the raw bytes of a CSV file prove that no field starts or ends with a space
    (any character ``str.strip`` removes), so that stripping every field would change nothing.

    Conservative: a quote, a tab, a lone carriage return, a control character or any space
    besides ASCII's anywhere answers False, and so does a space next to a separator, a line
    end or the file's ends.

    Examples
    --------
    >>> _strip_free(b"id,name\\n1,Ana Diaz\\n", ",")
    True
    >>> [_strip_free(data, ",") for data in (b"id,name\\n1, Ana\\n", b"id,name\\n1,Ana \\n", b'id,name\\n1,"Ana"\\n',
    ...                                      b"id,name\\n1,Ana\\x0b\\n")]
    [False, False, False, False]
    """
    if b'"' in data or b"\t" in data or data.count(b"\r") != data.count(b"\r\n") \
            or any(space in data for space in _OTHER_SPACES) or not no_control_bytes(data):
        return False
    edges = (separator.encode("utf-8"), b"\n", b"\r")
    return not (data.startswith(b" ") or data.endswith(b" ")
                or any(b" " + edge in data or edge + b" " in data for edge in edges))


def read_table_with_headers(path: Path, *, encoding: str = "utf-8",
                            mapping: dict[str, dict[str, str]] | None = None, table: str | None = None,
                            known=None, quality=None) -> tuple[pd.DataFrame, dict[str, str]]:
    """:func:`read_table`, plus each column's header as the file spells it (for messages).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text("Employee ID,Who helps you?\\n7,Ana\\n")
    >>> read_table_with_headers(path)[1]
    {'employee_id': 'Employee ID', 'who_helps_you?': 'Who helps you?'}
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError(_problem(path, "file not found", "Check the path."))
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise InvalidParameterError("encoding", "a text encoding Python knows, such as utf-8 or cp1252",
                                    encoding) from None
    suffix = path.suffix.lower()
    renames = dict((mapping or {}).get("*", {}))
    own = dict((mapping or {}).get(table or "", {}))
    renames.update(own)
    known_set = set(known) if known is not None else None
    notes: list[dict] = []
    used = encoding
    control_free = strip_free = False  # proven only by the fast CSV reader
    try:
        if suffix in (".xlsx", ".xlsm"):
            header, data, header_row = _read_xlsx(path, renames, known_set, notes)
            frame = pd.DataFrame(data, columns=range(len(header)), dtype=object)
            columns = [_cell_text(h) or f"column_{i + 1}" for i, h in enumerate(header)]
            first_row = header_row + 1
        else:
            with path.open("rb") as fh:
                head = fh.read(65536)
            used = sniff_encoding(head, encoding)
            first_line = head.decode(used, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
            separator = _sniff_separator(first_line, suffix)
            frame = _read_csv_fast(path, separator, used)
            if frame is not None:  # the proofs are not carried into any table or output
                control_free, strip_free = frame.attrs.pop("control_free"), frame.attrs.pop("strip_free")
            if frame is None:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], header=None,
                                    skip_blank_lines=False, sep=separator, encoding=used)
            if frame.empty:
                raise pd.errors.EmptyDataError("no header row")
            header_at = 0
            if known_set:
                # Title rows above the header (Excel pads them with commas): the header is the
                # first of the top rows that names a known column.
                top = frame.head(HEADER_SEARCH_ROWS).fillna("").astype(str)
                scores = [_header_score(list(row), renames, known_set) for row in top.itertuples(index=False)]
                if scores and scores[0] == 0 and max(scores) > 0:
                    header_at = scores.index(max(scores))
                    notes.append(dict(row=header_at + 1, column=None, value=None,
                                      problem=f"{header_at} title row(s) above the header: header read "
                                              f"from row {header_at + 1}",
                                      action="rows above it skipped; check this is the header meant"))
            columns = [c if c != "" else f"column_{i + 1}"
                       for i, c in enumerate(frame.iloc[header_at].fillna("").astype(str))]
            frame = frame.iloc[header_at + 1:].reset_index(drop=True)
            frame.columns = range(len(columns))
            first_row = header_at + 2
            if codecs.lookup(used).name != codecs.lookup(encoding).name and not (
                    used == "utf-8-sig" and codecs.lookup(encoding).name == "utf-8"):
                notes.append(dict(row=None, column=None, value=used,
                                  problem=f"file is {used.upper()} (byte-order mark or zero bytes), not {encoding}",
                                  action=f"read as {used.upper()}"))
    except UnicodeDecodeError as err:
        raw = path.read_bytes()
        line = raw[: err.start].count(b"\n") + 1
        snippet = raw[max(0, err.start - 15): err.start + 5].decode(used, errors="replace")
        raise UnreadableFileError(_problem(
            path, f"not valid {used} text (byte {err.start})",
            "Save it as UTF-8 (Excel: 'CSV UTF-8'), or pass encoding='cp1252' (--encoding cp1252) "
            "if it came from an older Windows export.", row=line, value=snippet)) from err
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError, KeyError,
            zipfile.BadZipFile, TypeError) as err:
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

    original = [str(c).strip() for c in columns]
    normalised = [normalise_header(c) or f"column_{i + 1}" for i, c in enumerate(columns)]
    missing = [k for k in own if k not in normalised]
    if missing:
        raise MissingColumnError(pd.DataFrame([dict(
            file=path.name, row=None, column=k, value=None,
            problem=f"the column mapping names '{k}', which is not in the file; columns found: {original}",
            action="Correct the name in the mapping (headers are compared ignoring case, spaces and "
                   "punctuation) or remove the line.") for k in missing]))
    final = [renames.get(n, n) for n in normalised]
    seen: dict[str, int] = {}
    problems = []
    for i, name in enumerate(final):
        if name not in seen:
            seen[name] = i
            continue
        j = seen[name]
        how = ("both mapped to" if (normalised[i] != name or normalised[j] != name) else "both read as")
        if known_set is None or name in known_set:
            problems.append(dict(
                file=path.name, row=None, column=name, value=f"{original[j]!r} and {original[i]!r}",
                problem=f"columns {original[j]!r} (column {j + 1}) and {original[i]!r} (column {i + 1}) "
                        f"are {how} '{name}'",
                action="Keep one of them: rename or delete the other, or change the column mapping."))
        else:
            k = 2
            while f"{name}_{k}" in final:
                k += 1
            final[i] = f"{name}_{k}"
            notes.append(dict(row=None, column=final[i], value=original[i],
                              problem=f"columns {original[j]!r} and {original[i]!r} are {how} '{name}'",
                              action=f"the second is kept as '{final[i]}'"))
    if problems:
        raise DuplicateColumnError(pd.DataFrame(problems))
    frame.columns = final
    if len(frame.columns):
        frame = frame.fillna("").astype(str)
        if not strip_free:
            frame = frame.apply(lambda col: col.str.strip())
    frame[ROW] = pd.RangeIndex(first_row, len(frame) + first_row)
    data_columns = [c for c in frame.columns if c != ROW]
    if data_columns and len(frame):
        blank = (frame[data_columns] == "").all(axis=1)
        frame = frame.loc[~blank]
        for column in ([] if control_free else data_columns):
            bad = frame[column].str.contains(CONTROL_CHARACTERS, regex=True)
            if bad.any():
                shown = frame.loc[bad, column].map(ascii)
                for row, value, raw in zip(frame.loc[bad, ROW], shown, frame.loc[bad, column]):
                    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in re.findall(CONTROL_CHARACTERS, raw)}))
                    notes.append(dict(row=int(row), column=column, value=value,
                                      problem=f"control character in the text ({codes})",
                                      action="replaced by a space"))
                frame.loc[bad, column] = (frame.loc[bad, column]
                                          .str.replace(CONTROL_CHARACTERS, " ", regex=True).str.strip())
    if quality is not None:
        for note in notes:
            quality.add(path.name, note["row"], note["column"], note["value"], note["problem"], note["action"])
    return frame.reset_index(drop=True), dict(zip(final, original))
