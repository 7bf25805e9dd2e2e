"""Resistance clusters: communities rated for resistance risk, with reasons and messengers.

For each community: size, departments, mean observed and predicted attitude, share
predicted resistant, cohesion, Morris's blocking condition, exposure to resisters, a risk
level, the opinion leaders inside, the champions best placed to reach it, and likely
reasons (ADKAR barriers, change impact, what people lose).

Risk levels (documented cut-offs, :data:`RISK_RULES`):

* **high**: at least 40 percent of the members are predicted resistant, or the mean
  predicted attitude is -0.2 or lower, or at least 30 percent are resistant and the
  cluster is *blocking* (Morris 2000: every member has more than half of their ties
  inside, so pressure from outside cannot tip it);
* **medium**: at least 20 percent predicted resistant, or a negative mean prediction;
* **low**: otherwise.

Messengers are champions with ties into the cluster who **believe in the change**: a
sceptic is never named (whatever the shortlist's stance policy); believers come before
champions whose stance is unknown or neutral. When no believing
champion reaches a cluster, ``messenger_gap`` says so, so the plan can name the gap
instead of a resister. Every person is named with their id, ``Ivan Yamamoto (E0123)``,
because names repeat.

These are risk indicators about groups, not judgments about people. Clusters smaller
than the minimum group size are suppressed in every export and counted instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..network.orgnetwork import OrgNetwork
from .influence import RESISTANT_CUTOFF

__all__ = ["resistance_clusters", "RISK_RULES", "person_labels"]

RISK_RULES = {
    "high_share_resistant": 0.4,
    "high_mean_predicted": -0.2,
    "high_share_resistant_if_blocking": 0.3,
    "medium_share_resistant": 0.2,
    "blocking_inside_share": 0.5,  # Morris: adoption threshold q = 0.5, blocking if density > 1 - q
}


def _top_names(frame: pd.DataFrame, group: str, value: str, name: str, k: int = 3,
               first: str | None = None) -> pd.Series:
    """Top-k names per group by value (ties: name), joined with '; ' (``first``: a 0/1
    column sorted before the value, 0 first)."""
    frame = frame[frame[value] > 0]
    keys, ascending = [group, value, name], [True, False, True]
    if first is not None:
        keys.insert(1, first)
        ascending.insert(1, True)
    frame = frame.sort_values(keys, ascending=ascending)
    return frame.groupby(group)[name].apply(lambda s: "; ".join(s.head(k)))


def person_labels(people: pd.DataFrame) -> np.ndarray:
    """``Name (id)`` per person: names repeat in real organisations, ids do not.

    Examples
    --------
    >>> person_labels(pd.DataFrame({"id": ["E1", "E2"], "name": ["Ivan Yamamoto"] * 2})).tolist()
    ['Ivan Yamamoto (E1)', 'Ivan Yamamoto (E2)']
    """
    return (people["name"].astype(str) + " (" + people["id"].astype(str) + ")").to_numpy()


def _department_list(people: pd.DataFrame, labels: np.ndarray, min_group_size: int) -> pd.Series:
    counts = (pd.DataFrame({"cluster": labels, "department": people["department"].to_numpy()})
              .value_counts().rename("n").reset_index()
              .sort_values(["cluster", "n", "department"], ascending=[True, False, True]))
    counts["label"] = counts["department"].astype(str) + " (" + np.where(
        counts["n"] < min_group_size, f"<{min_group_size}", counts["n"].astype(str)) + ")"
    return counts.groupby("cluster")["label"].apply(lambda s: ", ".join(s.head(4)))


def resistance_clusters(net: OrgNetwork, labels: np.ndarray, *, observed: np.ndarray, predicted: np.ndarray,
                        exposure: np.ndarray, W: sp.spmatrix, relation: str | list[str],
                        barrier: pd.Series | None = None, impact: pd.DataFrame | None = None,
                        champions: list[str] | None = None, min_group_size: int = 5,
                        cutoff: float = RESISTANT_CUTOFF, rules: dict | None = None,
                        stance: np.ndarray | None = None) -> pd.DataFrame:
    """One row per community, including small ones (flagged ``suppressed``).

    Parameters
    ----------
    labels : numpy.ndarray
        Community per person (node order).
    observed, predicted, exposure : numpy.ndarray
        Observed attitude (NaN for non-respondents), Friedkin-Johnsen prediction, and
        exposure to resisters, per person.
    W : scipy.sparse matrix
        Influence weights (``W[i, j]``: i listens to j); opinion leaders are the members
        the others listen to most.
    relation : str or list of str
        Layer(s) whose ties define cohesion and messengers' ties.
    barrier : pandas.Series, optional
        ADKAR barrier per person (node order; empty where unknown).
    impact : pandas.DataFrame, optional
        Per person ``impact, what_changes, losses`` (node order).
    champions : list of str, optional
        Champion ids; messengers are the champions with most ties into the cluster who
        are not sceptics (believers first).
    stance : numpy.ndarray, optional
        Stance per person (node order); without it every champion counts as a believer.

    Returns
    -------
    pandas.DataFrame
        ``cluster, size, departments, respondents, mean_attitude, mean_predicted_attitude,
        share_resistant, cohesion, morris_density, blocking, exposure, risk,
        opinion_leaders, messengers, messenger_gap, likely_reasons, barrier, barrier_share, impact,
        what_changes, losses, suppressed``. The sentence ``likely_reasons`` is written from
        the structured columns beside it (``barrier`` is the most common ADKAR barrier
        point among respondents, empty under the minimum group size), which are what other
        code reads.
    """
    r = dict(RISK_RULES, **(rules or {}))
    people = net.people
    n = net.n_people
    labels = np.asarray(labels)
    k = int(labels.max()) + 1 if n else 0
    size = np.bincount(labels, minlength=k)
    known = ~np.isnan(observed)
    respondents = np.bincount(labels[known], minlength=k)
    mean_observed = np.bincount(labels[known], weights=observed[known], minlength=k) / np.maximum(respondents, 1)
    mean_observed = np.where(respondents >= min_group_size, mean_observed, np.nan)
    mean_predicted = np.bincount(labels, weights=predicted, minlength=k) / np.maximum(size, 1)
    resistant = predicted <= cutoff
    share_resistant = np.bincount(labels, weights=resistant.astype(float), minlength=k) / np.maximum(size, 1)
    mean_exposure = np.bincount(labels, weights=exposure, minlength=k) / np.maximum(size, 1)

    # Cohesion on the layer's ties, taken in both directions.
    relations = [relation] if isinstance(relation, str) else list(relation)
    A = sum(net.matrix(r, weighted=False) for r in relations)
    S = ((A + A.T) > 0).tocoo()
    inside = labels[S.row] == labels[S.col]
    ends = np.bincount(labels[S.row], minlength=k)
    cohesion = np.bincount(labels[S.row][inside], minlength=k) / np.maximum(ends, 1)
    degree = np.bincount(S.row, minlength=n)
    own = np.bincount(S.row[inside], minlength=n)
    share_inside = np.divide(own, degree, out=np.full(n, np.nan), where=degree > 0)
    morris = pd.Series(share_inside).groupby(labels).min().reindex(range(k)).to_numpy()
    blocking = (morris > r["blocking_inside_share"]) & (mean_predicted < 0)

    risk = np.where((share_resistant >= r["high_share_resistant"])
                    | (mean_predicted <= r["high_mean_predicted"])
                    | ((share_resistant >= r["high_share_resistant_if_blocking"]) & blocking), "high",
                    np.where((share_resistant >= r["medium_share_resistant"]) | (mean_predicted < 0),
                             "medium", "low"))

    # Opinion leaders: members whom other members listen to most.
    Wc = sp.coo_matrix(W)
    same = (labels[Wc.row] == labels[Wc.col]) & (Wc.row != Wc.col)
    listened = np.bincount(Wc.col[same], weights=Wc.data[same], minlength=n)
    label = person_labels(people)
    leaders = _top_names(pd.DataFrame({"cluster": labels, "listened": listened, "name": label}),
                         "cluster", "listened", "name")
    messengers = pd.Series(dtype=object)
    stance = np.full(n, "believer", dtype=object) if stance is None else np.asarray(stance, dtype=object)
    believers = pd.Series(dtype=object)
    if champions:
        is_champion = np.asarray(net.ids.isin([str(c) for c in champions])) & (stance != "sceptic")
        rows = is_champion[S.row]
        ties = pd.DataFrame({"cluster": labels[S.col[rows]], "champion": S.row[rows]})
        ties = ties.value_counts().rename("ties").reset_index()
        who = ties["champion"].to_numpy()
        ties["not_believer"] = (stance[who] != "believer").astype(int)
        ties["name"] = label[who]
        messengers = _top_names(ties, "cluster", "ties", "name", first="not_believer")
        believers = ties[ties["not_believer"] == 0].groupby("cluster").size()
    has_believer = believers.reindex(range(k)).fillna(0).to_numpy() > 0
    any_messenger = messengers.reindex(range(k)).fillna("").to_numpy() != ""
    gap = np.where(has_believer, "", np.where(
        risk == "low", "no believing champion has ties into this cluster",
        "no believing champion has ties into this cluster: recruit a believer inside it, "
        "or have its line managers carry the message"))
    gap = np.where(~has_believer & any_messenger,
                   np.char.add(gap.astype(str), "; the messengers listed have not said where they stand: ask first"),
                   gap)

    reasons, structured = _likely_reasons(labels, k, known, barrier, impact, respondents, min_group_size)
    out = pd.DataFrame({
        "cluster": np.arange(k),
        "size": size,
        "departments": _department_list(people, labels, min_group_size).reindex(range(k)).fillna(""),
        "respondents": respondents,
        "mean_attitude": np.round(mean_observed, 3),
        "mean_predicted_attitude": np.round(mean_predicted, 3),
        "share_resistant": np.round(share_resistant, 3),
        "cohesion": np.round(cohesion, 3),
        "morris_density": np.round(morris, 3),
        "blocking": blocking,
        "exposure": np.round(mean_exposure, 3),
        "risk": risk,
        "opinion_leaders": leaders.reindex(range(k)).fillna("").to_numpy(),
        "messengers": messengers.reindex(range(k)).fillna("").to_numpy(),
        "messenger_gap": gap,
        "likely_reasons": reasons,
        **structured,
        "suppressed": size < min_group_size,
    })
    return out


def _likely_reasons(labels: np.ndarray, k: int, known: np.ndarray, barrier: pd.Series | None,
                    impact: pd.DataFrame | None, respondents: np.ndarray,
                    min_group_size: int) -> tuple[list[str], dict[str, np.ndarray]]:
    parts: list[list[str]] = [[] for _ in range(k)]
    structured = {"barrier": np.full(k, "", dtype=object), "barrier_share": np.full(k, np.nan),
                  "impact": np.full(k, np.nan), "what_changes": np.full(k, "", dtype=object),
                  "losses": np.full(k, "", dtype=object)}
    if barrier is not None:
        b = pd.DataFrame({"cluster": labels, "barrier": np.asarray(barrier, dtype=object)})
        b = b[known & b["barrier"].isin(["awareness", "desire", "knowledge", "ability", "reinforcement"]).to_numpy()]
        counts = b.value_counts().rename("n").reset_index().sort_values(["cluster", "n", "barrier"],
                                                                       ascending=[True, False, True])
        top = counts.groupby("cluster").head(1).set_index("cluster")
        for c, row in top.iterrows():
            if respondents[c] >= min_group_size:
                share = row["n"] / respondents[c]
                structured["barrier"][c], structured["barrier_share"][c] = row["barrier"], round(share, 3)
                parts[c].append(f"ADKAR barrier: {row['barrier']} for {share:.0%} of respondents")
    if impact is not None:
        frame = impact.assign(cluster=labels)
        mean_impact = frame.groupby("cluster")["impact"].mean()
        for column, label in [("what_changes", "what changes"), ("losses", "what people may lose")]:
            texts = frame[frame[column].astype(str) != ""].groupby("cluster")[column].agg(
                lambda s: s.value_counts().index[0])
            for c, text in texts.items():
                parts[c].append(f"{label}: {text}")
                structured[column][c] = text
        for c, value in mean_impact.items():
            if not np.isnan(value):
                structured["impact"][c] = round(float(value), 2)
                parts[c].insert(0 if not parts[c] or not parts[c][0].startswith("ADKAR") else 1,
                                f"change impact {value:.1f}/5")
    return ["; ".join(p) for p in parts], structured
