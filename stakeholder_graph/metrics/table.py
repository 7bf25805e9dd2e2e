"""All per-person metrics of one layer in one table, plus Cross and Parker roles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..exceptions import InvalidParameterError
from ..network.orgnetwork import OrgNetwork
from .brokerage import burt_constraint_effective_size
from .centrality import (
    betweenness,
    diffusion_centrality,
    harmonic_closeness,
    in_degree,
    pagerank,
    reach_counts,
)

__all__ = ["compute_metrics", "assign_roles", "ROLE_THRESHOLDS", "department_mix"]

#: Role rules (Cross and Parker 2004), stated in the docs and the report.
ROLE_THRESHOLDS = {
    "central_connector_percentile": 0.90,  # top 10% by colleagues who seek them out ...
    "central_connector_min_seekers": 3,    # ... and at least 3 of them
    "boundary_spanner_min_other_departments": 2,  # ties with people in >= 2 other departments
    "boundary_spanner_max_constraint_quantile": 0.5,  # constraint at or below the median
    "peripheral_max_seekers": 1,           # named by at most one colleague
}


def department_mix(net: OrgNetwork, relation: str = "help") -> pd.DataFrame:
    """Departments around each person: who seeks them out, and whom they are tied to.

    Returns
    -------
    pandas.DataFrame
        ``seeker_departments`` (distinct departments of the colleagues who name the
        person), ``other_departments`` (distinct departments other than their own among
        everyone they are tied to, either direction) and ``top_other_department`` (the
        other department that names them most; empty if none).

    Examples
    --------
    >>> department_mix(build_network(OrgData.example())).values.tolist()
    [[1, 1, 'IT'], [1, 1, 'Exec'], [1, 1, ''], [0, 1, ''], [0, 0, '']]
    """
    A = net.matrix(relation, weighted=False)
    n = net.n_people
    codes, departments = pd.factorize(net.people["department"].astype(str))
    D = sp.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, len(departments)))
    seekers = (A.T @ D).tocsr()  # seekers[i, d]: people of department d who name i
    S = ((A + A.T) > 0).astype(float)
    ties = (S @ D).tocsr()
    seeker_departments = np.diff(seekers.indptr)
    own = np.asarray(ties[np.arange(n), codes]).ravel() > 0
    other_departments = np.diff(ties.indptr) - own
    # Seekers from other departments: drop each person's own-department cell (sparse, no LIL copy).
    others = (seekers - seekers.multiply(D.astype(bool))).tocsr()
    others.eliminate_zeros()
    top = np.full(n, "", dtype=object)
    has = np.diff(others.indptr) > 0
    if has.any():
        best = np.asarray(others.argmax(axis=1)).ravel()
        top[has] = np.asarray(departments)[best[has]]
    return pd.DataFrame({"seeker_departments": seeker_departments.astype(int),
                         "other_departments": other_departments.astype(int),
                         "top_other_department": top})


def assign_roles(metrics: pd.DataFrame, thresholds: dict | None = None) -> pd.Series:
    """Cross and Parker roles from a metrics table (see :data:`ROLE_THRESHOLDS`).

    * **central connector**: among the top 10% by colleagues who seek them out, and at
      least 3 of them;
    * **boundary spanner**: ties with people in at least 2 other departments and Burt's
      constraint at or below the organisation's median (many non-redundant contacts);
    * **peripheral**: named by at most one colleague;
    * otherwise **regular**. A person can be both connector and spanner.

    Examples
    --------
    >>> table = pd.DataFrame({"in_degree": [9, 5, 1, 0, 4], "other_departments": [0, 3, 0, 0, 1],
    ...                       "constraint": [0.2, 0.1, 0.9, np.nan, 0.5]})
    >>> assign_roles(table).tolist()
    ['central connector', 'boundary spanner', 'peripheral', 'peripheral', 'regular']
    """
    t = dict(ROLE_THRESHOLDS, **(thresholds or {}))
    seekers = metrics["in_degree"].to_numpy(dtype=float)
    cut = max(np.quantile(seekers, t["central_connector_percentile"]) if len(seekers) else 0,
              t["central_connector_min_seekers"])
    connector = seekers >= cut
    constraint = metrics["constraint"].to_numpy(dtype=float)
    median = np.nanquantile(constraint, t["boundary_spanner_max_constraint_quantile"]) \
        if np.isfinite(constraint).any() else np.nan
    spanner = ((metrics["other_departments"].to_numpy() >= t["boundary_spanner_min_other_departments"])
               & (constraint <= median))
    peripheral = seekers <= t["peripheral_max_seekers"]
    role = np.where(connector & spanner, "central connector, boundary spanner",
                    np.where(connector, "central connector",
                             np.where(spanner, "boundary spanner",
                                      np.where(peripheral, "peripheral", "regular"))))
    return pd.Series(role, index=metrics.index, name="role")


def compute_metrics(net: OrgNetwork, relation: str = "help", *, include_betweenness: bool = True,
                    pivots: int | None = None, diffusion_q: float | None = None, diffusion_T: int = 3,
                    seed: int | None = 0) -> pd.DataFrame:
    """Every per-person metric of one layer, in node order.

    Columns: ``id, name, department, is_manager, in_degree`` (distinct colleagues who
    seek the person out), ``in_degree_weighted``, ``pagerank``, ``betweenness`` (NaN if
    not asked for), ``diffusion``, ``constraint``, ``effective_size``, ``reach_1``,
    ``reach_2``, ``harmonic`` (NaN above 5,000 people), ``seeker_departments``,
    ``other_departments``, ``top_other_department`` and ``role``.

    ``table.attrs`` records how it was computed: relation, betweenness pivots (None =
    exact), diffusion ``q`` and ``T``, and the role thresholds.

    Examples
    --------
    >>> table = compute_metrics(build_network(OrgData.example()))
    >>> table[["name", "in_degree", "reach_2", "role"]]
           name  in_degree  reach_2               role
    0  Ana Diaz          3        3  central connector
    1   Bo Chen          1        3         peripheral
    2    Cy Ode          1        1         peripheral
    3    Di Fox          0        0         peripheral
    4   Ed Gray          0        0         peripheral
    >>> table.attrs["betweenness_pivots"] is None
    True
    """
    relation = net.resolve_relation(relation)
    if relation == "formal":
        raise InvalidParameterError("relation", "a nomination layer such as 'help'", relation)
    table = net.people[["id", "name", "department", "is_manager"]].copy()
    table["in_degree"] = in_degree(net, relation).astype(int)
    table["in_degree_weighted"] = in_degree(net, relation, weighted=True)
    table["pagerank"] = pagerank(net, relation)
    if include_betweenness:
        values, used = betweenness(net, relation, pivots=pivots, seed=seed)
    else:
        values, used = np.full(net.n_people, np.nan), None
    table["betweenness"] = values
    table["diffusion"], q = diffusion_centrality(net, relation, q=diffusion_q, T=diffusion_T)
    table["constraint"], table["effective_size"] = burt_constraint_effective_size(net, relation)
    table["reach_1"], table["reach_2"] = reach_counts(net, relation)
    table["harmonic"] = harmonic_closeness(net, relation)
    table = pd.concat([table, department_mix(net, relation)], axis=1)
    table["role"] = assign_roles(table)
    table.attrs.update(relation=relation, betweenness_pivots=used if include_betweenness else "not computed",
                       diffusion_q=q, diffusion_T=diffusion_T, role_thresholds=dict(ROLE_THRESHOLDS))
    return table
