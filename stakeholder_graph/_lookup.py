"""Lookups on large text columns.

pandas' ``isin`` and ``get_indexer`` on Arrow-backed strings fall back to Python loops.
Arrow's own hash lookup (``pyarrow.compute.index_in``) builds a table of the reference once
and looks every value up in C++: about twice as fast again as factorising both columns
together, at five million values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["positions_in", "isin", "map_unique"]


def _text(values: pd.Series) -> pa.ChunkedArray:
    """The values as Arrow text (each as its ``str``; missing values stay missing)."""
    text = values.astype(str)
    data = getattr(text.array, "_pa_array", None)
    if data is None:
        data = pa.chunked_array([pa.array(text.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)])
    return data.cast(pa.large_string())


def positions_in(values, reference) -> np.ndarray:
    """Position of each value in ``reference`` (its first occurrence), or -1 (also for a
    missing value).

    Examples
    --------
    >>> positions_in(pd.Series(["b", "z", "a", "b", None]), pd.Series(["a", "b", "a"])).tolist()
    [1, -1, 0, 1, -1]
    """
    reference = pd.Series(reference, dtype=object if len(reference) == 0 else None).reset_index(drop=True)
    values = pd.Series(values).reset_index(drop=True)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(reference) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    found = pc.index_in(_text(values), options=pc.SetLookupOptions(value_set=_text(reference), skip_nulls=True))
    return found.fill_null(-1).to_numpy().astype(np.int64, copy=False)


def isin(values, reference) -> np.ndarray:
    """Boolean mask: is each value in ``reference``?

    Examples
    --------
    >>> isin(pd.Series(["b", "z"]), ["a", "b"]).tolist()
    [True, False]
    """
    return positions_in(values, pd.Series(list(reference) if isinstance(reference, (set, frozenset)) else reference)) >= 0


def map_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised text function once per distinct value, then spread it back.

    Examples
    --------
    >>> map_unique(pd.Series(["Help", "help", "HELP"]), lambda s: s.str.casefold()).tolist()
    ['help', 'help', 'help']
    """
    codes, uniques = pd.factorize(values)
    mapped = func(pd.Series(uniques)).to_numpy()
    return pd.Series(mapped[codes], index=values.index, dtype=values.dtype)
