"""The Excel workbook for the change team: one formatted sheet per output table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

__all__ = ["write_workbook"]

HEADER_FILL = PatternFill("solid", start_color="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write tables to an .xlsx file: bold header, column widths, frozen header, filters.

    Parameters
    ----------
    tables : dict of str to DataFrame
        Sheet name (at most 31 characters) to table, in sheet order.
    path : str or Path

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> path = write_workbook({"Champions": pd.DataFrame({"rank": [1], "name": ["Ana"]})},
    ...                       tempfile.mkdtemp() + "/plan.xlsx")
    >>> book = openpyxl.load_workbook(path)
    >>> book.sheetnames, book["Champions"].freeze_panes, book["Champions"].auto_filter.ref
    (['Champions'], 'A2', 'A1:B2')
    """
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            sheet_name = name[:31]
            table.to_excel(writer, sheet_name=sheet_name, index=False)
            sheet = writer.sheets[sheet_name]
            for cell in sheet[1]:
                cell.fill, cell.font = HEADER_FILL, HEADER_FONT
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for i, column in enumerate(table.columns, start=1):
                values = [str(v) for v in table[column].head(500).tolist()]
                longest = max([len(str(column))] + [len(v) for v in values])
                sheet.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
                if longest > 60:
                    for cell in sheet[get_column_letter(i)][1:]:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.freeze_panes = "A2"
            if len(table.columns):
                sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(table), 1) + 1}"
    return path
