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
