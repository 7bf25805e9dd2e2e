"""Stance towards the change, from the readiness survey: believer, neutral, sceptic or unknown.

A champion is "someone with informal influence who genuinely believes in the change".
Network position says who has influence; the readiness answers say who believes. Each
person gets a **stance score** in [-1, 1]:

* the **composite attitude** (mean of the readiness items rescaled to [-1, 1], as in
  :func:`~stakeholder_graph.resistance.score_attitudes`, ``champion_willing`` left out);
* the optional explicit item ``champion_willing`` ("I would help colleagues with the new
  system", Likert) counts **twice** as much as the composite: the score is
  ``(2 * willing + composite) / 3`` when both are present, else whichever is present.

Cut-offs (:data:`STANCE_THRESHOLDS`): **believer** at 0.25 or above, **sceptic** at -0.25 or
below, **neutral** in between, **unknown** when the person did not answer (or answered too
few items for a score). On a 1-5 scale 0.25 is an average answer of 3.5, halfway between
"neutral" and "agree".

Stance policies for the shortlist (:data:`STANCE_POLICIES`):

* ``"require-believer"``: only believers may be champions;
* ``"prefer-believer"`` (default): sceptics are never shortlisted; believers come first;
  neutral and unknown people only for colleagues that no believer the budget affords
  covers (those a believers-only shortlist of the same size leaves unreached), flagged
  "ask before recruiting";
* ``"ignore"``: network position only (the ranking before stance existed).

Stance is an individual attitude: it stays on the machine unless the user asks for
individual attitudes. The shortlist itself says whom to ask before recruiting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import InvalidParameterError

__all__ = ["STANCE_THRESHOLDS", "STANCE_POLICIES", "STANCES", "WILLING_ITEM", "stance_from_attitudes",
           "stance_tiers", "classify_stance"]

#: Stance score cut-offs on the [-1, 1] scale.
STANCE_THRESHOLDS = {"believer": 0.25, "sceptic": -0.25}
#: Allowed stance policies; the first-listed default is ``prefer-believer``.
STANCE_POLICIES = ("prefer-believer", "require-believer", "ignore")
STANCES = ("believer", "neutral", "sceptic", "unknown")
#: The optional explicit item: "I would help colleagues with the new system".
WILLING_ITEM = "champion_willing"
#: Weight of the explicit item against the composite (2:1).
WILLING_WEIGHT = 2.0


def classify_stance(score: np.ndarray | pd.Series, thresholds: dict | None = None) -> np.ndarray:
    """Stance label per score (NaN gives ``"unknown"``).

    Examples
    --------
    >>> classify_stance(np.array([0.25, 0.2, -0.25, np.nan])).tolist()
    ['believer', 'neutral', 'sceptic', 'unknown']
    """
    t = dict(STANCE_THRESHOLDS, **(thresholds or {}))
    if not t["sceptic"] < t["believer"]:
        raise InvalidParameterError("thresholds", "a sceptic cut-off below the believer cut-off", thresholds)
    s = np.asarray(score, dtype=float)
    return np.select([np.isnan(s), s >= t["believer"], s <= t["sceptic"]],
                     ["unknown", "believer", "sceptic"], "neutral").astype(object)


def stance_from_attitudes(ids: pd.Series | list, attitudes: pd.DataFrame | None, *,
                          scale: tuple[int, int] = (1, 5), items: list[str] | None = None,
                          reverse: tuple[str, ...] | list[str] = ("concern",),
                          thresholds: dict | None = None, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stance per person from the readiness answers.

    Parameters
    ----------
    ids : sequence of str
        Person ids in output order (node order of the network).
    attitudes : pandas.DataFrame or None
        Long table ``respondent_id, item, value`` (``read_org``). None: everyone unknown.
    scale : tuple of int, default=(1, 5)
        Likert scale of the answers.
    items, reverse :
        Items of the composite and reverse-coded items (as in ``score_attitudes``).
        ``champion_willing`` is never part of the composite.
    thresholds : dict, optional
        Replacement cut-offs ``{"believer": 0.25, "sceptic": -0.25}``.
    scores : pandas.DataFrame, optional
        :func:`~stakeholder_graph.resistance.score_attitudes` of the composite answers
        (without ``champion_willing``) with these ``items``, ``reverse`` and ``scale``,
        when already computed.

    Returns
    -------
    pandas.DataFrame
        One row per id (same order): ``id, attitude`` (composite, NaN if unanswered),
        ``champion_willing`` (rescaled to [-1, 1], NaN if not asked or unanswered),
        ``stance_score`` and ``stance``.

    Examples
    --------
    >>> answers = pd.DataFrame({"respondent_id": ["a", "a", "b", "b", "c", "c"],
    ...                         "item": ["support", "champion_willing"] * 3,
    ...                         "value": [5, 1, 2, 5, 3, 3]})
    >>> stance_from_attitudes(["a", "b", "c", "d"], answers)
      id  attitude  champion_willing  stance_score    stance
    0  a       1.0              -1.0        -0.333   sceptic
    1  b      -0.5               1.0         0.500  believer
    2  c       0.0               0.0         0.000   neutral
    3  d       NaN               NaN           NaN   unknown
    """
    from ..resistance.attitudes import score_attitudes

    # An array, not a list: iterating 100,000 Arrow strings one by one costs a tenth of a second.
    ids = pd.Series(ids.to_numpy(dtype=object) if isinstance(ids, (pd.Series, pd.Index)) else list(ids), dtype=str)
    out = pd.DataFrame({"id": ids, "attitude": np.nan, "champion_willing": np.nan})
    if attitudes is not None and len(attitudes):
        lo, hi = scale
        if scores is None:
            composite = attitudes[attitudes["item"].astype(str) != WILLING_ITEM]
            if len(composite):
                chosen = None if items is None else [i for i in items if i != WILLING_ITEM]
                scores = score_attitudes(composite, items=chosen, reverse=reverse, scale=scale)
        if scores is not None:
            out["attitude"] = ids.map(scores["attitude"]).astype(float).to_numpy()
        willing = attitudes[attitudes["item"].astype(str) == WILLING_ITEM]
        if len(willing):
            value = pd.to_numeric(willing["value"], errors="coerce")
            rescaled = ((value - (lo + hi) / 2) / ((hi - lo) / 2)).groupby(
                willing["respondent_id"].astype(str).to_numpy()).first()
            out["champion_willing"] = ids.map(rescaled).astype(float).to_numpy()
    a, w = out["attitude"].to_numpy(), out["champion_willing"].to_numpy()
    both = (WILLING_WEIGHT * w + a) / (WILLING_WEIGHT + 1)
    score = np.where(np.isnan(w), a, np.where(np.isnan(a), w, both))
    out["stance_score"] = np.round(score, 3)
    out["stance"] = classify_stance(out["stance_score"].to_numpy(), thresholds)
    return out


def stance_tiers(stance: np.ndarray | pd.Series | None, n: int, policy: str = "prefer-believer") -> np.ndarray:
    """Selection tier per person: 0 first choice, 1 only where no believer reaches, -1 never.

    Examples
    --------
    >>> s = np.array(["believer", "neutral", "unknown", "sceptic"], dtype=object)
    >>> stance_tiers(s, 4).tolist(), stance_tiers(s, 4, "require-believer").tolist()
    ([0, 1, 1, -1], [0, -1, -1, -1])
    >>> stance_tiers(s, 4, "ignore").tolist()
    [0, 0, 0, 0]
    """
    if policy not in STANCE_POLICIES:
        raise InvalidParameterError("stance_policy", f"one of {STANCE_POLICIES}", policy)
    if stance is None or policy == "ignore":
        return np.zeros(n, dtype=np.int64)
    s = np.asarray(stance, dtype=object)
    if len(s) != n:
        raise InvalidParameterError("stance", f"one label per person ({n})", f"{len(s)} labels")
    bad = sorted(set(s.tolist()) - set(STANCES))
    if bad:
        raise InvalidParameterError("stance", f"labels among {STANCES}", bad)
    if policy == "require-believer":
        return np.where(s == "believer", 0, -1).astype(np.int64)
    return np.select([s == "believer", s == "sceptic"], [0, -1], 1).astype(np.int64)
