"""The explicit tables the plan is computed from, assembled once from the analysis parts.

The plan and the register never see an ``Analysis``: :func:`plan_people` turns the
network, the people table, the champion metrics, the resistance assessment and the
impact table into one row per person with exactly the columns the plan reads, and
:func:`informal_go_to` says whom each department seeks out beyond its reporting lines.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._lookup import positions_in
from ..network.orgnetwork import OrgNetwork
from ..resistance.assess import impact_per_person
from .stance import person_stance

__all__ = ["plan_people", "informal_go_to", "org_levels", "PLAN_PEOPLE_COLUMNS"]

#: Columns of the person table the plan functions read.
PLAN_PEOPLE_COLUMNS = ["id", "name", "department", "title", "manager_id", "is_manager", "n_reports", "level",
                       "influence", "stance", "assigned_champion", "is_champion", "community", "cluster_risk",
                       "group_attitude", "impact", "what_changes", "losses", "exposure_to_change"]


def org_levels(people: pd.DataFrame) -> np.ndarray:
    """Level in the org chart (0 = no manager), from ``id`` and ``manager_id``.

    Examples
    --------
    >>> org_levels(pd.DataFrame({"id": ["1", "2", "3"], "manager_id": ["", "1", "2"]})).tolist()
    [0, 1, 2]
    """
    ids = pd.Index(people["id"].astype(str))
    parent = ids.get_indexer(people["manager_id"].astype(str))
    level = np.where(parent < 0, 0, -1)
    for _ in range(len(people)):
        todo = level < 0
        if not todo.any():
            break
        ready = todo & (level[np.maximum(parent, 0)] >= 0)
        level[ready] = level[parent[ready]] + 1
    return level


def plan_people(network: OrgNetwork, people: pd.DataFrame, *, scores: pd.Series | None = None,
                clusters: pd.DataFrame | None = None, impact: pd.DataFrame | None = None,
                impact_cut: float = 4) -> pd.DataFrame:
    """One row per person (node order) with what the plan reads (:data:`PLAN_PEOPLE_COLUMNS`).

    Parameters
    ----------
    network : OrgNetwork
        For the ties that define each person's exposure to the change.
    people : pandas.DataFrame
        The ``people.csv`` table of the analysis (node order); ``stance`` or ``attitude``,
        ``assigned_champion``, ``is_champion``, ``community`` are used when present.
    scores : pandas.Series, optional
        Champion score 0-100 per person (network influence); 0 without it.
    clusters : pandas.DataFrame, optional
        Resistance clusters (``cluster, risk, mean_predicted_attitude``).
    impact : pandas.DataFrame, optional
        The ``impact.csv`` table.
    impact_cut : float, default=4
        Impact from which a colleague's work counts as changing a lot.

    Returns
    -------
    pandas.DataFrame
        ``exposure_to_change`` is the share of a person's colleagues (nomination ties in
        either direction, any question) whose work changes a lot: how much the change will
        reach them through the people they work with, whatever their own impact.

    Examples
    --------
    Ana's colleagues (Bo, Cy, Di) all work in IT, whose work changes completely; Bo's only
    colleague is Ana, whose work does not.

    >>> from stakeholder_graph import OrgData, build_network
    >>> from stakeholder_graph.analysis import people_table
    >>> net = build_network(OrgData.example())
    >>> impact = pd.DataFrame({"department": ["IT"], "impact": [5.0], "what_changes": ["tools"], "losses": [""]})
    >>> table = plan_people(net, people_table(net), impact=impact)
    >>> table[["name", "level", "impact", "exposure_to_change"]]
           name  level  impact  exposure_to_change
    0  Ana Diaz      0     NaN                 1.0
    1   Bo Chen      1     5.0                 0.0
    2    Cy Ode      2     5.0                 0.5
    3    Di Fox      2     5.0                 0.5
    4   Ed Gray      1     NaN                 0.0
    """
    out = people[["id", "name", "department", "title", "manager_id", "is_manager", "n_reports"]].copy()
    out = out.reset_index(drop=True)
    for column in ("department", "title", "manager_id", "name"):
        out[column] = out[column].fillna("").astype(str)
    out["level"] = org_levels(out)
    out["influence"] = (np.asarray(scores, dtype=float) / 100) if scores is not None else 0.0
    out["stance"] = person_stance(people.reset_index(drop=True)).to_numpy()
    out["assigned_champion"] = (people["assigned_champion"].fillna("").astype(str).to_numpy()
                                if "assigned_champion" in people else "")
    out["is_champion"] = people["is_champion"].fillna(False).astype(bool).to_numpy() if "is_champion" in people \
        else False
    community = pd.to_numeric(people["community"], errors="coerce").to_numpy() if "community" in people \
        else np.full(len(out), np.nan)
    out["community"] = community
    if clusters is not None and len(clusters):
        by_cluster = clusters.set_index("cluster")
        out["cluster_risk"] = pd.Series(community).map(by_cluster["risk"]).fillna("").to_numpy()
        out["group_attitude"] = pd.Series(community).map(by_cluster["mean_predicted_attitude"]).to_numpy(float)
    else:
        out["cluster_risk"] = ""
        out["group_attitude"] = np.nan
    per_person = impact_per_person(out, impact)
    out["impact"] = per_person["impact"].to_numpy(dtype=float)
    out["what_changes"] = per_person["what_changes"].to_numpy()
    out["losses"] = per_person["losses"].to_numpy()
    out["exposure_to_change"] = _exposure_to_change(network, out["impact"].to_numpy(), impact_cut)
    return out


def _exposure_to_change(network: OrgNetwork, impact: np.ndarray, cut: float) -> np.ndarray:
    n = network.n_people
    if not network.relations:
        return np.zeros(n)
    A = sum(network.matrix(r, weighted=False) for r in network.relations)
    S = ((A + A.T) > 0).astype(float)
    S.setdiag(0)
    S.eliminate_zeros()
    degree = np.asarray(S.sum(axis=1)).ravel()
    changing = np.nan_to_num(impact, nan=0.0) >= cut
    touched = S @ changing.astype(float)
    return np.round(np.divide(touched, degree, out=np.zeros(n), where=degree > 0), 2)


def informal_go_to(network: OrgNetwork, relation: str | None) -> pd.DataFrame:
    """Per department, the colleague its members seek out most beyond their reporting line.

    A nomination ``s -> t`` is beyond the line unless one reports directly to the other
    (as in :func:`~stakeholder_graph.sought_out_beyond_line`). These are the people who
    know how the work really gets done: the operational-integration register names them
    next to each process so the owner can ask them.

    Returns
    -------
    pandas.DataFrame
        ``department, go_to_id, go_to_name, go_to_department, seekers`` (distinct
        colleagues of the department who name them), one row per department with any such tie.

    Examples
    --------
    >>> from stakeholder_graph import OrgData, build_network
    >>> informal_go_to(build_network(OrgData.example()), "help")
      department go_to_id go_to_name go_to_department  seekers
    0         IT        1   Ana Diaz             Exec        2
    """
    columns = ["department", "go_to_id", "go_to_name", "go_to_department", "seekers"]
    if relation is None or relation not in network.relations:
        return pd.DataFrame(columns=columns)
    edges = network.edges(relation)
    source, target = edges["source"].to_numpy(), edges["target"].to_numpy()
    manager = positions_in(network.people["manager_id"], network.ids)
    beyond = (manager[source] != target) & (manager[target] != source) & (source != target)
    department = network.people["department"].fillna("").astype(str).to_numpy()
    pairs = pd.DataFrame({"department": department[source[beyond]], "target": target[beyond],
                          "source": source[beyond]}).drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    counts = pairs.groupby(["department", "target"]).size().rename("seekers").reset_index()
    counts["name"] = network.people["name"].astype(str).to_numpy()[counts["target"]]
    top = (counts.sort_values(["department", "seekers", "name"], ascending=[True, False, True])
           .groupby("department").head(1).reset_index(drop=True))
    return pd.DataFrame({"department": top["department"], "go_to_id": network.ids.to_numpy()[top["target"]],
                         "go_to_name": top["name"], "go_to_department": department[top["target"]],
                         "seekers": top["seekers"].astype(int)})
