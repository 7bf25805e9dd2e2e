"""Agreement answers given as words ("Strongly agree", "4 - Agree") read as numbers.

Survey tools export Likert answers as their labels. The standard agreement labels of
a 5- or 7-point scale are read without configuration; a leading number ("4 - Agree",
"4. Agree", "(4) Agree") is taken as the answer. Any other label must be mapped by the
user (``[labels]`` in the mapping file), and the error lists the labels seen.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["STANDARD_LABELS", "likert_values", "normalise_label", "unknown_label_message", "label_mapping_action"]

#: Standard agreement labels (normalised) per scale length.
STANDARD_LABELS: dict[int, dict[str, int]] = {
    5: {"strongly disagree": 1, "disagree": 2, "somewhat disagree": 2, "tend to disagree": 2,
        "neither agree nor disagree": 3, "neither agree or disagree": 3, "neutral": 3, "neither": 3,
        "undecided": 3, "agree": 4, "somewhat agree": 4, "tend to agree": 4, "strongly agree": 5},
    7: {"strongly disagree": 1, "disagree": 2, "somewhat disagree": 3, "slightly disagree": 3,
        "neither agree nor disagree": 4, "neither agree or disagree": 4, "neutral": 4, "neither": 4,
        "somewhat agree": 5, "slightly agree": 5, "agree": 6, "strongly agree": 7},
}

_LEADING_NUMBER = re.compile(r"^\(?\s*([+-]?\d+(?:[.,]\d+)?)\s*\)?\s*(?:[-\u2013\u2014=:.)]\s*|\s+)(\D.*)$")
_TRAILING_NUMBER = re.compile(r"^(\D.*?)\s*\(\s*([+-]?\d+)\s*\)$")


def normalise_label(label: str) -> str:
    """A label in comparable form: lower case, single spaces, no end punctuation.

    Examples
    --------
    >>> normalise_label("  Strongly   AGREE. ")
    'strongly agree'
    """
    text = re.sub(r"\s+", " ", str(label).strip().casefold())
    return text.strip(" .!;:")


def likert_values(values: pd.Series, scale: tuple[int, int] = (1, 5),
                  labels: dict[str, float] | None = None) -> pd.DataFrame:
    """Read answers given as numbers, numbered labels or standard agreement labels.

    Parameters
    ----------
    values : pandas.Series of str
        Answers as text; ``""`` is a non-response.
    scale : tuple of int, default=(1, 5)
        Lowest and highest answer. Standard labels are known for 1-5 and 1-7.
    labels : dict, optional
        The user's own labels, ``{"Not at all": 1, ...}`` (compared normalised).

    Returns
    -------
    pandas.DataFrame
        Aligned with ``values``: ``value`` (float, NaN when blank or not understood) and
        ``how`` (``"number"``, ``"numbered label"``, ``"standard label"``, ``"mapped label"``,
        ``"blank"`` or ``"unknown"``).

    Examples
    --------
    >>> out = likert_values(pd.Series(["4", "5 - Strongly agree", "Disagree", "", "Meh", "3,5"]))
    >>> out["value"].tolist()
    [4.0, 5.0, 2.0, nan, nan, 3.5]
    >>> out["how"].tolist()
    ['number', 'numbered label', 'standard label', 'blank', 'unknown', 'number']
    """
    text = values.astype(str).str.strip()
    codes, uniques = pd.factorize(text)
    unique = pd.Series(uniques, dtype=object).astype(str)
    value = np.full(len(unique), np.nan)
    how = np.full(len(unique), "unknown", dtype=object)
    lo, hi = scale
    standard = STANDARD_LABELS.get(hi - lo + 1, {}) if lo in (0, 1) else {}
    offset = lo - 1
    own = {normalise_label(k): float(v) for k, v in (labels or {}).items()}
    for i, answer in enumerate(unique):
        if answer == "":
            how[i] = "blank"
            continue
        number = pd.to_numeric(answer.replace(",", "."), errors="coerce")
        if not pd.isna(number):
            value[i], how[i] = float(number), "number"
            continue
        key = normalise_label(answer)
        if key in own:
            value[i], how[i] = own[key], "mapped label"
            continue
        match = _LEADING_NUMBER.match(answer) or _TRAILING_NUMBER.match(answer)
        if match:
            groups = match.groups()
            digits = groups[0] if _LEADING_NUMBER.match(answer) else groups[1]
            value[i], how[i] = float(digits.replace(",", ".")), "numbered label"
            continue
        if key in standard:
            value[i], how[i] = float(standard[key] + offset), "standard label"
    return pd.DataFrame({"value": value[codes], "how": how[codes]}, index=values.index)


def unknown_label_message(labels: pd.Series, scale: tuple[int, int]) -> str:
    """The sentence explaining labels that could not be read, listing those seen.

    Examples
    --------
    >>> unknown_label_message(pd.Series(["Meh", "Meh"]), (0, 10))
    "answer labels not on the 0-10 scale: 'Meh' (2x); no standard labels are known for a 0-10 scale"
    """
    counts = labels.value_counts()
    seen = ", ".join(f"'{k}' ({v}x)" for k, v in counts.head(12).items())
    lo, hi = scale
    known = STANDARD_LABELS.get(hi - lo + 1)
    if known:
        primary = [k for k in known if k not in ("neither", "neutral", "undecided")
                   and not k.startswith(("tend to", "slightly", "neither agree or"))]
        hint = f"the standard labels of a {lo}-{hi} scale are " + ", ".join(
            f"'{k}'" for k in sorted(primary, key=lambda k: (known[k], k)))
    else:
        hint = f"no standard labels are known for a {lo}-{hi} scale"
    return f"answer labels not on the {lo}-{hi} scale: {seen}; {hint}"


def label_mapping_action(labels: pd.Series) -> str:
    """What to do about unknown labels: a [labels] section with one line per label.

    Examples
    --------
    >>> label_mapping_action(pd.Series(["Very much", "Not at all"]))
    'Map each label to a number under [labels] in the mapping file ("Very much" = <number>; "Not at all" = <number>), or export the answers as numbers.'
    """
    example = "; ".join(f'"{k}" = <number>' for k in labels.value_counts().index[:3])
    return (f"Map each label to a number under [labels] in the mapping file ({example}), "
            "or export the answers as numbers.")
