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


spaced = st.one_of(st.text(alphabet=st.sampled_from(list("ab é")), max_size=6),  # often plain
                   st.text(alphabet=st.sampled_from(list('ab ,;"\n\r\t\x07\x1f0=é\u00a0\u2003\u3000\u2019')),
                           max_size=6))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(spaced, min_size=3, max_size=3), min_size=1, max_size=5), crlf=st.booleans())
def test_a_file_proven_plain_reads_as_if_every_field_were_stripped_and_cleaned(tmp_path_factory, rows, crlf):
    from unittest import mock

    from stakeholder_graph.exceptions import InputTableError
    from stakeholder_graph.io import tables

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([["id", "name", "note"]] + rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    try:
        fast, _ = tables.read_table_with_headers(path)
    except InputTableError:
        return
    with mock.patch.object(tables, "no_control_bytes", return_value=False), \
            mock.patch.object(tables, "_strip_free", return_value=False):
        checked, _ = tables.read_table_with_headers(path)
    pd.testing.assert_frame_equal(fast, checked)
    assert fast.attrs == {}  # the proof is not carried into the tables (or the Parquet files written from them)


def test_strip_free_is_claimed_only_when_no_field_has_a_space_or_control_character_at_an_end():
    from stakeholder_graph._text import no_control_bytes as _control_free
    from stakeholder_graph.io.tables import _strip_free

    assert _strip_free(b"id,name\r\n1,Ana Diaz\r\n2,Bo\r\n", ",")
    assert _strip_free("id;name\n1;Zoë O’Neil\n".replace("’", "'").encode(), ";")
    for data in (b" id,name\n1,Ana\n", b"id,name\n1,Ana\n ", b"id,name\n1 ,Ana\n", b"id,name\r\n1,Ana \r\n",
                 b"id,name\n1,Ana\x0b\n", b"id,name\n1,\x7fAna\n", "id,name\n1,Ana\u00a0\n".encode(),
                 "id,name\n1,\u2003Ana\n".encode(), "id,name\n1,Ana\u3000\n".encode(), b"id,name\n1,Ana\rBo\n",
                 b'id,name\n1," Diaz,Ana"\n', b"id,name\n1,\tAna\n"):
        assert not _strip_free(data, ","), data
    # a separator other than a comma: a space next to it counts, one next to a comma does not
    assert not _strip_free(b"id;name\n1; Ana\n", ";")
    assert _strip_free(b"id;name\n1;Diaz, Ana\n", ";")
    # control characters: exact, quotes or not
    assert _control_free(b'id,name\n1," Diaz, Ana "\r\n') and not _control_free(b'id,name\n1,"Ana\x1f"\n')
