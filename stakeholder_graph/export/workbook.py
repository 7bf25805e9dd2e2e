"""The Excel workbook for the change team: one formatted sheet per public table.

Written with XlsxWriter in constant-memory mode (rows streamed to disk, seconds at any
size). Every text cell is written as a string, never as a formula, whatever it starts
with (``=``, ``+``, ``-``, ``@``); numbers stay numbers. Tables longer than
:data:`LARGE_TABLE_ROWS` are not put in the workbook (a spreadsheet of hundreds of
thousands of rows helps nobody and costs minutes): their sheet holds a note pointing to
the CSV and Parquet files instead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._text import text_cells

__all__ = ["write_workbook", "write_sheets", "LARGE_TABLE_ROWS", "sheet_name"]

HEADER_COLOUR = "#1F4E78"
#: Tables with more rows than this go to CSV (and Parquet) only; the workbook gets a note sheet.
LARGE_TABLE_ROWS = 20_000
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sheet_name(name: str, taken: set[str] = frozenset()) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, no ``[]:*?/\\``).

    Examples
    --------
    >>> sheet_name("Communities x departments: all/any")
    'Communities x departments- all-'
    """
    base = _SHEET_FORBIDDEN.sub("-", str(name)).strip("'") or "Sheet"
    base = base[:31]
    candidate, k = base, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({k})"
        candidate, k = base[: 31 - len(suffix)] + suffix, k + 1
    return candidate


def _cell_text(value: object) -> str:
    return _XML_ILLEGAL.sub("\ufffd", value if isinstance(value, str) else str(value))


def _write_cell(sheet, row: int, col: int, value: object) -> None:
    if value is None or value is pd.NA or value is pd.NaT:
        return
    if isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            return
        if math.isinf(number):
            sheet.write_string(row, col, "inf" if number > 0 else "-inf")
        else:
            sheet.write_number(row, col, number)
    elif isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        sheet.write_string(row, col, value.isoformat())
    else:
        sheet.write_string(row, col, _cell_text(value))


def _column_cells(sheet, values: pd.Series) -> tuple:
    """How to write one column and its cells (None: leave the cell empty), decided once per
    column: the per-cell type dispatch cost more than XlsxWriter itself on large sheets."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) and not values.isna().any():
        return sheet.write_boolean, values.astype(bool).tolist()
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        if not np.isinf(numbers).any():
            return sheet.write_number, [None if v != v else v for v in numbers.tolist()]
    cells = text_cells(values)
    if cells is not None and cells[0].all():
        return sheet.write_string, [_cell_text(v) for v in cells[1].tolist()]
    if cells is not None and (cells[0] | values.isna().to_numpy()).all():
        text = [_cell_text(v) for v in cells[1].tolist()]
        return sheet.write_string, [t if is_text else None for t, is_text in zip(text, cells[0].tolist())]
    return (lambda row, col, value: _write_cell(sheet, row, col, value)), [
        None if v is None else v for v in values.astype(object).tolist()]


def write_sheets(sheets: dict[str, pd.DataFrame | str], path: str | Path) -> Path:
    """Formatted sheets (bold filled header, widths, frozen header, filters) to an .xlsx file.

    A value that is a string instead of a table becomes a one-cell note sheet. Used by
    :func:`write_workbook`; call that one with a :class:`~stakeholder_graph.PublicResult`.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> path = write_sheets({"Champions": pd.DataFrame({"rank": [1], "name": ["=HYPERLINK(1)"]})},
    ...                     tempfile.mkdtemp() + "/plan.xlsx")
    >>> book = openpyxl.load_workbook(path)
    >>> sheet = book["Champions"]
    >>> book.sheetnames, sheet.freeze_panes, sheet.auto_filter.ref, sheet["B2"].value, sheet["B2"].data_type
    (['Champions'], 'A2', 'A1:B2', '=HYPERLINK(1)', 's')
    """
    import xlsxwriter

    path = Path(path)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})
    header = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOUR,
                              "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    taken: set[str] = set()
    try:
        for name, table in sheets.items():
            title = sheet_name(name, taken)
            taken.add(title)
            sheet = book.add_worksheet(title)
            if isinstance(table, str):
                sheet.set_column(0, 0, 100, wrap)
                sheet.write_string(0, 0, _cell_text(table), wrap)
                continue
            columns = list(table.columns)
            widths = []
            for i, column in enumerate(columns):
                sample = [len(str(v)) for v in table.iloc[:500, i].tolist()]
                longest = max([len(str(column))] + sample)
                widths.append(longest)
                sheet.set_column(i, i, min(max(10, longest + 2), 60), wrap if longest > 60 else None)
            for i, column in enumerate(columns):
                sheet.write_string(0, i, _cell_text(column), header)
            cells = [_column_cells(sheet, table.iloc[:, i]) for i in range(len(columns))]
            for r in range(len(table)):
                for c, (write, values) in enumerate(cells):
                    value = values[r]
                    if value is not None:
                        write(r + 1, c, value)
            sheet.freeze_panes(1, 0)
            if columns:
                sheet.autofilter(0, 0, max(len(table), 1), len(columns) - 1)
    finally:
        book.close()
    return path


def write_workbook(public, path: str | Path) -> Path:
    """``stakeholder_plan.xlsx`` from a public result: one sheet per table, formula-safe.

    Parameters
    ----------
    public : PublicResult
        Result of :func:`~stakeholder_graph.publish` (writers accept nothing else).
    path : str or Path

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from stakeholder_graph import analyze, OrgData, publish
    >>> path = write_workbook(publish(analyze(OrgData.example())), tempfile.mkdtemp() + "/plan.xlsx")
    >>> openpyxl.load_workbook(path).sheetnames
    ['People', 'Champions', 'Coverage', 'Champion summary', 'Spread', 'Clusters', 'Communities x departments', 'Data quality', 'Network', 'Response rate', 'Notes']
    """
    from ..publish import PublicResult
    from .csv import SHEET_NAMES

    if not isinstance(public, PublicResult):
        raise TypeError("write_workbook takes a PublicResult: call stakeholder_graph.publish(analysis) first")
    sheets: dict[str, pd.DataFrame | str] = {}
    for name, table in public.tables.items():
        title = SHEET_NAMES.get(name, name.removesuffix(".csv").replace("_", " ").capitalize())
        if len(table) > LARGE_TABLE_ROWS:
            stem = name.removesuffix(".csv")
            sheets[title] = (f"{name} has {len(table):,} rows, more than the {LARGE_TABLE_ROWS:,} a workbook sheet "
                             f"is written for: open {name} (or {stem}.parquet) instead.")
        else:
            sheets[title] = table
    if public.notes:
        sheets["Notes"] = pd.DataFrame({"what could not be computed, and why": public.notes})
    return write_sheets(sheets, path)
