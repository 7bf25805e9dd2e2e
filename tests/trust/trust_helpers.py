"""Leak scanners for the trust tests."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd


def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    parts = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts += [str(v) for v in row if v is not None]
    book.close()
    return "\n".join(parts)


def output_texts(folder: Path) -> dict[str, str]:
    """Every text a run left in ``folder``: CSV, JSON, Markdown, HTML and the workbook's cells."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".csv", ".json", ".md", ".html", ".txt", ".ics"}:
            texts[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
        elif path.suffix == ".xlsx":
            texts[path.relative_to(folder).as_posix()] = workbook_text(path)
    return texts


def leaks(text: str, people: pd.DataFrame) -> list[str]:
    """Real names, e-mails and ids of ``people`` found in ``text`` (case-insensitive)."""
    folded = text.casefold()
    found = [n for n in people["name"] if n and n.casefold() in folded]
    found += [e for e in people["email"] if e and e.casefold() in folded]
    found += [i for i in people["id"] if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    return found
