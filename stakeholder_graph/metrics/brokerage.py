"""Burt's structural holes: constraint and effective size, on sparse matrices.

Ties are taken in both directions (a nomination either way links two people), as in
``networkx.constraint`` and ``networkx.effective_size`` on a directed graph with
``weight=None``:

* mutual tie ``s_ij = a_ij + a_ji``; proportional tie ``p_ij = s_ij / sum_k s_ik``;
* constraint ``C_i = sum_{j in N(i)} (p_ij + sum_q p_iq p_qj)^2`` (low = many
  non-redundant contacts, a broker; a star's centre with d leaves has C = 1/d);
* effective size ``ES_i = sum_{j in N(i)} (1 - sum_q p_iq m_jq)`` with
  ``m_jq = s_jq / max_k s_jk`` (a star's centre has ES = d; a clique member ES = 1).

People with no tie get NaN for both, as in networkx.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..network.orgnetwork import OrgNetwork

__all__ = ["burt_constraint_effective_size"]


def _masked_row_sums(X: sp.csr_matrix, Y: sp.csr_matrix, weight: sp.csr_matrix, *,
                     power: int | None, base: sp.csr_matrix | None, chunk: int) -> np.ndarray:
    """Row sums of f(base + (X @ Y) restricted to weight's pattern), chunked over rows.

    With ``power=2`` and ``base=P``: sum_j (P_ij + (X@Y)_ij)^2 over j in the pattern.
    With ``power=None``: sum_j weight_ij * (X@Y)_ij.
    """
    n = X.shape[0]
    out = np.zeros(n)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        product = (X[start:stop] @ Y).multiply(weight[start:stop] != 0).tocsr()
        if power is None:
            out[start:stop] = np.asarray(weight[start:stop].multiply(product).sum(axis=1)).ravel()
        else:
            total = (base[start:stop] + product).tocsr()
            total.data **= power
            out[start:stop] = np.asarray(total.sum(axis=1)).ravel()
    return out


def burt_constraint_effective_size(net: OrgNetwork, relation: str = "help", *,
                                   chunk: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
    """Burt's constraint and effective size of every person on one layer.

    Parameters
    ----------
    net : OrgNetwork
    relation : str, default="help"
    chunk : int, default=20000
        Rows per block of the two-step products (bounds memory on large graphs).

    Returns
    -------
    constraint, effective_size : numpy.ndarray
        NaN for people with no tie in the layer.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> constraint, size = burt_constraint_effective_size(net)
    >>> np.round(constraint, 3).tolist()
    [0.531, 1.0, 0.953, 0.953, nan]
    >>> np.round(size, 3).tolist()
    [2.5, 1.0, 1.25, 1.25, nan]
    """
    A = net.matrix(relation, weighted=False)
    A = A.copy()
    A.data[:] = 1.0
    S = (A + A.T).tocsr()
    S.setdiag(0)
    S.eliminate_zeros()
    strength = np.asarray(S.sum(axis=1)).ravel()
    has_ties = strength > 0
    inv = np.divide(1.0, strength, out=np.zeros_like(strength), where=has_ties)
    P = (sp.diags(inv) @ S).tocsr()
    row_max = S.max(axis=1).toarray().ravel()
    M = (sp.diags(np.divide(1.0, row_max, out=np.zeros_like(row_max), where=row_max > 0)) @ S).tocsr()
    constraint = _masked_row_sums(P, P, S, power=2, base=P, chunk=chunk)
    neighbours = S.copy()
    neighbours.data[:] = 1.0
    degree = np.diff(S.indptr).astype(float)
    redundancy = _masked_row_sums(neighbours, M, P, power=None, base=None, chunk=chunk)
    effective_size = degree - redundancy
    constraint[~has_ties] = np.nan
    effective_size[~has_ties] = np.nan
    return constraint, effective_size
