"""The resistance pipeline in one call: scores, influence model, communities, clusters."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._lookup import positions_in
from ..exceptions import InvalidParameterError
from ..io.org import OrgData
from ..network.orgnetwork import OrgNetwork
from .attitudes import score_attitudes
from .clusters import RISK_RULES, resistance_clusters
from .communities import community_crosswalk, detect_communities
from .influence import (
    RESISTANT_CUTOFF,
    exposure_to_resisters,
    friedkin_johnsen,
    influence_matrix,
    influence_relation,
)

__all__ = ["ResistanceAssessment", "assess_resistance", "impact_per_person", "NetworkCommunities",
           "network_communities"]

#: Said wherever resistance risk would be shown when there are no readiness answers.
NO_READINESS = "no readiness data: resistance risk is unknown"


@dataclass
class ResistanceAssessment:
    """Where resistance is likely to cluster, and why.

    Attributes
    ----------
    people : pandas.DataFrame
        Per person (node order): ``id, community, resistance_risk`` and, for use on this
        machine only, ``attitude`` (observed), ``predicted_attitude``, ``exposure``,
        ``barrier``.
    clusters : pandas.DataFrame
        One row per community of at least the minimum group size (see
        :func:`~stakeholder_graph.resistance.clusters.resistance_clusters`).
    suppressed_clusters : int
        Communities smaller than the minimum group size (not shown).
    suppressed_people : int
        People in those communities.
    crosswalk : pandas.DataFrame
        People per community and department (cells under the minimum blanked).
    unscored : pandas.DataFrame
        Respondents whose answers were too incomplete for a score: ``respondent_id,
        items_answered, items_missing`` (for the data-quality report).
    parameters : dict
    """

    people: pd.DataFrame
    clusters: pd.DataFrame
    suppressed_clusters: int
    suppressed_people: int
    crosswalk: pd.DataFrame
    unscored: pd.DataFrame = field(default_factory=pd.DataFrame)
    parameters: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        counts = self.clusters["risk"].value_counts()
        return (f"ResistanceAssessment({len(self.clusters)} clusters: {counts.get('high', 0)} high, "
                f"{counts.get('medium', 0)} medium, {counts.get('low', 0)} low risk; "
                f"{self.suppressed_clusters} small clusters suppressed)")


def impact_per_person(people: pd.DataFrame, impact: pd.DataFrame | None) -> pd.DataFrame:
    """``impact, what_changes, losses`` for each person: the id row, else title, else department.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2"], "department": ["IT", "HR"], "title": ["Dev", "Clerk"]})
    >>> rows = pd.DataFrame({"department": ["IT", ""], "title": ["", "Clerk"], "impact": [4.0, 2.0],
    ...                      "what_changes": ["new tools", "forms"], "losses": ["", "paper"]})
    >>> impact_per_person(people, rows).values.tolist()
    [[4.0, 'new tools', ''], [2.0, 'forms', 'paper']]
    """
    out = pd.DataFrame({"impact": np.nan, "what_changes": "", "losses": ""}, index=people.index)
    if impact is None or impact.empty:
        return out
    for column in ("department", "title", "id"):  # later, more specific rows win
        if column not in impact:
            continue
        rows = impact[impact[column].astype(str) != ""].drop_duplicates(column, keep="first")
        # One hash lookup per person, then plain array reads (a map per column costs more).
        row = positions_in(people[column].astype(str), rows[column].astype(str))
        found = row >= 0
        value = np.full(len(people), np.nan)
        value[found] = pd.to_numeric(rows["impact"], errors="coerce").to_numpy(dtype=float)[row[found]]
        hit = ~np.isnan(value)  # a row without a number leaves the broader one standing
        out.loc[hit, "impact"] = value[hit]
        for text in ("what_changes", "losses"):
            out.loc[hit, text] = pd.Series(rows[text].to_numpy(dtype=object)[row[hit]]).fillna("").astype(str).to_numpy()
    return out


def assess_resistance(net: OrgNetwork, org: OrgData, *, relation: str | None = None,
                      community_relation: str | list[str] | None = None, method: str = "leiden",
                      resolution: float = 8.0, respondent_susceptibility: float = 0.5,
                      manager_weight: float = 1.0, items: list[str] | None = None,
                      reverse: tuple[str, ...] = ("concern",), champions: list[str] | None = None,
                      min_group_size: int = 5, cutoff: float = RESISTANT_CUTOFF,
                      seed: int | None = 0, labels: np.ndarray | None = None,
                      stance: np.ndarray | None = None,
                      attitude_scores: pd.DataFrame | None = None) -> ResistanceAssessment:
    """Predict where resistance will cluster, why, and who can reach each cluster.

    Parameters
    ----------
    net, org : OrgNetwork, OrgData
        The network and the data it was built from (``org.attitudes`` is required).
    relation : str, optional
        Influence layer (default: influence, else help, else advice).
    community_relation : str or list of str, optional
        Layers for communities (default: every nomination layer plus the formal one, so
        that non-respondents join their team).
    method, resolution, seed :
        Community detection (:func:`detect_communities`). The default resolution 8 gave
        about 75 communities on synthetic organisations of 2,000 to 1,000,000 people
        (unit-sized: ~25 people at 2,000, ~1,200 at 100,000); raise it for finer clusters
        in large organisations (8 x headcount / 2,000 gives ~10-30 people), lower it (1)
        for department-sized blocks.
    respondent_susceptibility, manager_weight :
        Influence model (:func:`predict_attitudes`).
    items, reverse :
        Attitude items and reverse-coded items (:func:`score_attitudes`).
    champions : list of str, optional
        Champion ids, to name messengers per cluster.
    stance : numpy.ndarray, optional
        Stance per person (node order): sceptics are never named as messengers.
    min_group_size : int, default=5
    cutoff : float, default=-0.25
        Predicted attitude at or below which a person counts as resistant.
    labels : numpy.ndarray, optional
        Communities already detected with the same settings (:func:`network_communities`),
        so they are not computed twice.
    attitude_scores : pandas.DataFrame, optional
        :func:`score_attitudes` of the answers without ``champion_willing``, with these
        ``items`` and ``reverse``, already computed (``analyze`` shares it with
        :func:`~stakeholder_graph.champions.stance_from_attitudes`).

    Returns
    -------
    ResistanceAssessment
    """
    if org.attitudes is None or org.attitudes.empty:
        raise InvalidParameterError("org", "an organisation with attitudes.csv", "no attitude answers")
    relation = influence_relation(net, relation)
    if community_relation is None:
        community_relation = list(net.layers)
    elif isinstance(community_relation, str):
        community_relation = [community_relation]
    community_relation = [net.resolve_relation(r) for r in community_relation]
    from ..champions.stance import WILLING_ITEM

    # The explicit "I would help colleagues" item feeds stance, not the attitude composite.
    scores = attitude_scores
    if scores is None:
        answers = org.attitudes[org.attitudes["item"].astype(str) != WILLING_ITEM]
        scores = score_attitudes(answers, items=items, reverse=reverse, scale=org.likert_scale)
    position = pd.Series(np.arange(net.n_people), index=net.ids)
    observed = np.full(net.n_people, np.nan)
    at = position.reindex(scores.index)
    valid = at.notna().to_numpy()
    observed[at[valid].astype(int).to_numpy()] = scores["attitude"].to_numpy()[valid]
    barrier = np.full(net.n_people, "", dtype=object)
    barrier[at[valid].astype(int).to_numpy()] = scores["barrier"].to_numpy()[valid]

    W = influence_matrix(net, relation, manager_weight=manager_weight)
    known = ~np.isnan(observed)
    lam = np.where(known, respondent_susceptibility, 1.0)
    lam[W.diagonal() == 1] = 0.0
    # Non-respondents whose attention never reaches anyone with a view of their own (a group
    # that only names each other) have no equilibrium: they keep the neutral prior.
    lam[~_reaches(W, lam < 1)] = 0.0
    predicted = friedkin_johnsen(W, np.where(known, observed, 0.0), lam)
    exposure = exposure_to_resisters(W, predicted, cutoff=cutoff)
    if labels is None:
        labels = detect_communities(net, community_relation, method=method, resolution=resolution, seed=seed)
    clusters = resistance_clusters(
        net, labels, observed=observed, predicted=predicted, exposure=exposure, W=W,
        relation=community_relation, barrier=pd.Series(barrier), impact=impact_per_person(net.people, org.impact),
        champions=champions, min_group_size=min_group_size, cutoff=cutoff, stance=stance)
    small = clusters["suppressed"].to_numpy()
    risk = clusters["risk"].to_numpy()[labels]
    risk = np.where(small[labels], "not shown (small group)", risk)
    people = pd.DataFrame({"id": net.ids.to_numpy(), "community": labels, "resistance_risk": risk,
                           "attitude": np.round(observed, 3), "predicted_attitude": np.round(predicted, 3),
                           "exposure": np.round(exposure, 3), "barrier": barrier})
    shown = clusters[~clusters["suppressed"]].drop(columns="suppressed").reset_index(drop=True)
    return ResistanceAssessment(
        people=people, clusters=shown, suppressed_clusters=int(small.sum()),
        suppressed_people=int(clusters.loc[clusters["suppressed"], "size"].sum()),
        unscored=scores.loc[scores["attitude"].isna(), ["items_answered", "items_missing"]].reset_index(),
        crosswalk=community_crosswalk(labels[~small[labels]], net.people["department"][~small[labels]],
                                      min_cell=min_group_size),
        parameters=dict(relation=relation, community_relation=community_relation, method=method,
                        resolution=resolution, respondent_susceptibility=respondent_susceptibility,
                        manager_weight=manager_weight, cutoff=cutoff, risk_rules=dict(RISK_RULES),
                        min_group_size=min_group_size, seed=seed))


@dataclass
class NetworkCommunities:
    """Communities of the network, with or without a readiness survey (a network result).

    Attributes
    ----------
    labels : numpy.ndarray
        Community per person (node order), 0 = the largest.
    clusters : pandas.DataFrame
        One row per community of at least the minimum group size: ``cluster, size,
        departments, cohesion, risk, likely_reasons``; without readiness answers ``risk`` is
        ``"unknown"`` and ``likely_reasons`` says so.
    suppressed : numpy.ndarray of bool
        Per community: under the minimum group size (not shown).
    suppressed_clusters, suppressed_people : int
    crosswalk : pandas.DataFrame
        People per community and department (cells under the minimum blanked).
    parameters : dict
    """

    labels: np.ndarray
    clusters: pd.DataFrame
    suppressed: np.ndarray
    suppressed_clusters: int
    suppressed_people: int
    crosswalk: pd.DataFrame
    parameters: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"NetworkCommunities({len(self.clusters)} shown, {self.suppressed_clusters} under the minimum "
                f"group size)")


def _reaches(W: sp.spmatrix, anchors: np.ndarray) -> np.ndarray:
    """Who can reach an anchor by following ``W``'s ties (``W[i, j] > 0``: i listens to j).

    Examples
    --------
    >>> W = sp.csr_matrix(np.array([[0, 1.0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1.0], [0, 0, 1.0, 0]]))
    >>> _reaches(W, np.array([False, True, False, False])).tolist()
    [True, True, False, False]
    """
    listens = (W != 0).astype(np.int8).tocsr()
    reached = np.asarray(anchors, dtype=bool).copy()
    while True:
        grown = reached | (listens @ reached.astype(np.int8) > 0)
        if (grown == reached).all():
            return reached
        reached = grown


def network_communities(net: OrgNetwork, *, relation: str | list[str] | None = None, method: str = "leiden",
                        resolution: float = 8.0, min_group_size: int = 5,
                        seed: int | None = 0) -> NetworkCommunities:
    """Communities and their crosswalk to departments, from the network alone.

    The same communities :func:`assess_resistance` rates (same layers, method, resolution
    and seed); without a readiness survey their risk is unknown, and the table says so
    instead of implying an all-clear.

    Examples
    --------
    >>> from stakeholder_graph import build_network, OrgData
    >>> found = network_communities(build_network(OrgData.example()), resolution=1, min_group_size=1)
    >>> found.clusters[["cluster", "size", "risk"]].values.tolist()
    [[0, 5, 'unknown']]
    >>> found.clusters["likely_reasons"].iloc[0]
    'no readiness data: resistance risk is unknown'
    """
    relations = list(net.layers) if relation is None else [relation] if isinstance(relation, str) else relation
    relations = [net.resolve_relation(r) for r in relations]
    labels = detect_communities(net, relations, method=method, resolution=resolution, seed=seed)
    k = int(labels.max()) + 1 if len(labels) else 0
    size = np.bincount(labels, minlength=k)
    A = sum(net.matrix(r, weighted=False) for r in relations)
    S = ((A + A.T) > 0).tocoo()
    inside = labels[S.row] == labels[S.col]
    cohesion = np.bincount(labels[S.row][inside], minlength=k) / np.maximum(np.bincount(labels[S.row], minlength=k), 1)
    counts = (pd.DataFrame({"cluster": labels, "department": net.people["department"].astype(str).to_numpy()})
              .value_counts().rename("n").reset_index().sort_values(["cluster", "n", "department"],
                                                                     ascending=[True, False, True]))
    counts["label"] = counts["department"] + " (" + np.where(counts["n"] < min_group_size, f"<{min_group_size}",
                                                            counts["n"].astype(str)) + ")"
    departments = counts.groupby("cluster")["label"].apply(lambda s: ", ".join(s.head(4)))
    small = size < min_group_size
    table = pd.DataFrame({"cluster": np.arange(k), "size": size,
                          "departments": departments.reindex(range(k)).fillna("").to_numpy(),
                          "cohesion": np.round(cohesion, 3), "risk": "unknown", "likely_reasons": NO_READINESS})
    shown = ~small[labels] if k else np.zeros(0, dtype=bool)
    return NetworkCommunities(
        labels=labels, clusters=table[~small].reset_index(drop=True), suppressed=small,
        suppressed_clusters=int(small.sum()), suppressed_people=int(size[small].sum()),
        crosswalk=community_crosswalk(labels[shown], net.people["department"][shown], min_cell=min_group_size),
        parameters=dict(relation=relations, method=method, resolution=resolution,
                        min_group_size=min_group_size, seed=seed))
