"""Text cells of a column, seen as one string array, so that checks over every cell of a
large table (formula prefixes, control characters) are vectorised instead of per cell."""

from __future__ import annotations

import numpy as np
import pandas as pd


def text_cells(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """Which cells of ``values`` hold text, and the column as strings (``""`` elsewhere).

    None when the column cannot hold text (numbers, booleans, dates).

    Examples
    --------
    >>> mask, text = text_cells(pd.Series(["=1", 2.5, None], dtype=object))
    >>> mask.tolist(), text.tolist()
    ([True, False, False], ['=1', '', ''])
    >>> text_cells(pd.Series([1.0, 2.0])) is None
    True
    >>> text_cells(pd.Series(["a\\ud800b"], dtype=object))[1].tolist()  # not valid UTF-8: kept as objects
    ['a\\ud800b']
    """
    if isinstance(values.dtype, pd.StringDtype):
        mask = values.notna().to_numpy(dtype=bool)
        return mask, values.fillna("")
    if values.dtype != object:
        return None
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        mask = values.notna().to_numpy(dtype=bool)
    else:
        mask = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    return mask, _as_strings(values.where(mask, ""))


def _as_strings(values: pd.Series) -> pd.Series:
    try:
        return values.astype("str")
    except UnicodeError:  # a lone surrogate cannot be stored as Arrow text: plain objects then
        return values.astype(object)


#: Bytes of the C0 control characters other than tab, line feed and carriage return, and DEL.
#: In UTF-8 they never occur inside another character's bytes.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in CONTROL_BYTES)


def no_control_bytes(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds none of :data:`CONTROL_BYTES` (one pass in C).

    Examples
    --------
    >>> no_control_bytes("Zoë\\tO'Neil\\r\\n".encode()), no_control_bytes(b"A\\x07na")
    (True, False)
    """
    return not data.translate(None, _NOT_CONTROL_BYTES)


def free_of_controls(text: pd.Series) -> bool:
    """Whether the bytes of a column of strings prove that no cell holds a control character
    (:data:`CONTROL_BYTES`, or a C1 control U+0080-U+009F), so that a per-cell search can be
    skipped. False when it cannot tell (then search the cells).

    Examples
    --------
    >>> free_of_controls(pd.Series(["Ana Díaz", "Bo"], dtype="str"))
    True
    >>> [free_of_controls(pd.Series(["Ana", v], dtype="str")) for v in ["B\\x1fo", "B\\x85o", "B\\xa0o"]]
    [False, False, False]
    """
    import pyarrow as pa

    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return False
    for chunk in pa.chunked_array(text.array.__arrow_array__()).chunks:
        data = chunk.buffers()[2]
        # The chunk's whole data buffer (a slice may see more cells than its own: still safe).
        raw = b"" if data is None else memoryview(data).tobytes()
        # U+0080-U+009F are \xc2\x80-\xc2\x9f: any \xc2 (also in U+00A0-U+00BF) means unsure.
        if b"\xc2" in raw or not no_control_bytes(raw):
            return False
    return True
