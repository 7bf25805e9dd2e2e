"""Ids that differ only in form: ``00017`` and ``17``, ``17.0`` and ``17``.

Spreadsheets drop leading zeros and turn whole numbers into ``17.0``. An id that matches
no one as typed but matches exactly one person once both sides are put in canonical
form is matched, and the caller reports it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._lookup import positions_in

__all__ = ["canonical_ids", "align_ids"]


def canonical_ids(values: pd.Series) -> pd.Series:
    """Ids without a trailing ``.0`` and, when all digits, without leading zeros.

    Examples
    --------
    >>> canonical_ids(pd.Series(["00017", "17.0", "E017", "0", "A-0001"])).tolist()
    ['17', '17', 'E017', '0', 'A-0001']
    """
    text = values.astype(str).str.strip().str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return text.str.replace(r"^0+(?=\d)", "", regex=True)


def align_ids(values: pd.Series, ids: pd.Series) -> pd.DataFrame:
    """Match each value to an id as typed, else in canonical form when that is unique.

    Parameters
    ----------
    values : pandas.Series of str
        Ids as typed in another file.
    ids : pandas.Series of str
        The people table's ids.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``values``: ``id`` (the person's id, or the value unchanged when no
        person matches) and ``how`` (``"exact"``, ``"canonical"``, ``"none"`` or ``"blank"``).

    Examples
    --------
    >>> align_ids(pd.Series(["1", "00002", "3.0", "9", ""]), pd.Series(["00001", "2", "3"]))
          id       how
    0  00001  canonical
    1      2  canonical
    2      3  canonical
    3      9       none
    4                blank
    """
    values = values.astype(str)
    ids = ids.astype(str).reset_index(drop=True)
    codes, uniques = pd.factorize(values)
    unique = pd.Series(uniques, dtype=object).astype(str)
    out_id = unique.to_numpy(dtype=object).copy()
    how = np.where(positions_in(unique, ids) >= 0, "exact", "none").astype(object)
    how[(unique == "").to_numpy()] = "blank"
    todo = np.flatnonzero(how == "none")
    if len(todo):
        canon_ids = canonical_ids(ids)
        counts = canon_ids.value_counts()
        unique_canon = canon_ids[canon_ids.map(counts) == 1]
        lookup = pd.Series(ids[unique_canon.index].to_numpy(), index=unique_canon.to_numpy())
        found = canonical_ids(unique.iloc[todo]).map(lookup)
        hit = found.notna().to_numpy()
        out_id[todo[hit]] = found[hit].to_numpy()
        how[todo[hit]] = "canonical"
    return pd.DataFrame({"id": out_id[codes], "how": how[codes]}, index=values.index)
