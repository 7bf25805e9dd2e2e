"""The fast CSV path reads every file exactly as pandas does, or declines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_graph.io.tables import _read_csv_fast

REPO = Path(__file__).resolve().parents[2]


def _pandas(path: Path, separator: str = ",", encoding: str = "utf-8") -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], header=None,
                       skip_blank_lines=False, sep=separator, encoding=encoding)


def _same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    assert fast.shape == slow.shape
    assert fast.fillna("").astype(str).values.tolist() == slow.fillna("").astype(str).values.tolist()
    assert list(fast.columns) == list(slow.columns)


cell = st.text(alphabet=st.sampled_from(list('ab ,;"\n\r\t0-=@é漢\u00a0')), max_size=8)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=6),
       crlf=st.booleans(), bom=st.booleans())
def test_random_tables_read_alike_or_fall_back(tmp_path_factory, rows, crlf, bom):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([["id", "name", "note"]] + rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    fast = _read_csv_fast(path, ",", "utf-8-sig" if bom else "utf-8")
    if fast is not None:
        _same(fast, _pandas(path, encoding="utf-8-sig" if bom else "utf-8"))


def test_files_pandas_reads_differently_are_left_to_pandas(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,name,note\n,,\r\r\n")  # an unquoted CR CR: a blank line to pandas (found by hypothesis)
    assert _read_csv_fast(path, ",", "utf-8") is None
    path.write_bytes(b"id,name\n1,Ana\n2\n")  # a short row: pandas pads it, pyarrow refuses
    assert _read_csv_fast(path, ",", "utf-8") is None
    path.write_bytes("id,name\n1,Zoë\n".encode("cp1252"))
    assert _read_csv_fast(path, ",", "cp1252") is None


def test_bundled_and_shared_files_read_alike(shared_datasets):
    files = sorted((REPO / "datasets" / "acme").glob("*.csv")) + sorted(Path(shared_datasets).rglob("*.csv"))
    assert len(files) >= 5
    read = 0
    for path in files:
        first = path.read_bytes()[:4096].decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
        separator = ";" if first.count(";") > first.count(",") else ","
        fast = _read_csv_fast(path, separator, "utf-8")
        if fast is not None:
            read += 1
            _same(fast, _pandas(path, separator))
    assert read >= 5


def test_quoted_separators_newlines_and_quotes_are_read_by_the_fast_path(tmp_path):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["id", "name", "note"], ["007", "Diaz, Ana", 'line1\nline2 "q"'], ["  x", "=1+1", ""]])
    path = tmp_path / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    fast = _read_csv_fast(path, ",", "utf-8")
    assert fast is not None
    assert fast.values.tolist()[1:] == [["007", "Diaz, Ana", 'line1\nline2 "q"'], ["  x", "=1+1", ""]]
    _same(fast, _pandas(path))
