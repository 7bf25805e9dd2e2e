"""Friedkin-Johnsen opinion dynamics over the influence layer, and exposure to resisters.

Model: ``x(t+1) = L W x(t) + (I - L) x(0)``, with ``W`` row-stochastic (person i's weights
come from i's own nominations: whom i listens to) and ``L = diag(susceptibility)``. Its
equilibrium solves the sparse system ``(I - L W) x* = (I - L) x(0)``: a sparse solve, never
a dense inverse, so a million people fit.

Who has weights:

* **respondents who named someone**: their nominations on the layer, normalised
  (weights kept);
* **everyone else** (non-respondents, and respondents who named no one): the people
  who name *them* (colleagues they work with) plus their formal manager with weight
  ``manager_weight``; an isolate with neither keeps a self-weight of 1.

Susceptibility: ``respondent_susceptibility`` (default 0.5: half own view, half
colleagues') for people with an observed attitude; people without one are fully open
(susceptibility 1, their start value is irrelevant) unless they have no one to listen
to, in which case they stay neutral (0).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import bicgstab, spsolve

from .._threads import single_blas_thread
from ..exceptions import InvalidParameterError, StakeholderGraphError
from ..network.orgnetwork import FORMAL, OrgNetwork

__all__ = ["influence_matrix", "friedkin_johnsen", "predict_attitudes", "exposure_to_resisters",
           "influence_relation", "RESISTANT_CUTOFF"]

#: A (predicted) attitude at or below this is "resistant" (-1 = fully against, 0 = neutral).
RESISTANT_CUTOFF = -0.25

#: Direct sparse solve up to this many people; iterative (BiCGSTAB) above, because the
#: direct factorisation fills in badly on organisation graphs (minutes at 100k people).
DIRECT_SOLVE_MAX_PEOPLE = 5_000


def influence_relation(net: OrgNetwork, relation: str | None = None) -> str:
    """The layer used for influence: ``relation`` if given, else influence, help, advice.

    Examples
    --------
    >>> influence_relation(build_network(OrgData.example()))
    'help'
    """
    if relation is not None:
        return net.resolve_relation(relation)
    for candidate in ("influence", "help", "advice"):
        try:
            return net.resolve_relation(candidate)
        except KeyError:
            continue
    if not net.relations:
        raise InvalidParameterError("relation", "a nomination layer (the organisation has none)", relation)
    return net.relations[0]


def influence_matrix(net: OrgNetwork, relation: str | None = None, *,
                     manager_weight: float = 1.0) -> sp.csr_matrix:
    """Row-stochastic weights: ``W[i, j]`` = share of i's attention that goes to j.

    Examples
    --------
    Ed (5) named no one: he listens to Ana, his manager. Di (4) named Ana and Cy.

    >>> net = build_network(OrgData.example())
    >>> W = influence_matrix(net)
    >>> W.toarray().round(2).tolist()[3:]
    [[0.5, 0.0, 0.5, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0]]
    """
    if manager_weight < 0:
        raise InvalidParameterError("manager_weight", "a number >= 0", manager_weight)
    relation = influence_relation(net, relation)
    A = net.matrix(relation, weighted=True).tocsr()
    out_weight = np.asarray(A.sum(axis=1)).ravel()
    speaks = out_weight > 0
    # People with no nominations of their own: those who name them, and their manager.
    formal = net.matrix(FORMAL, weighted=False)  # manager -> report
    fallback = (A.T + manager_weight * formal.T).tocsr()
    keep = sp.diags((~speaks).astype(float))
    W = (sp.diags(speaks.astype(float)) @ A + keep @ fallback).tocsr()
    W.setdiag(0)
    W.eliminate_zeros()
    row = np.asarray(W.sum(axis=1)).ravel()
    isolated = row == 0
    W = (sp.diags(np.divide(1.0, row, out=np.zeros_like(row), where=~isolated)) @ W).tocsr()
    W = (W + sp.diags(isolated.astype(float))).tocsr()
    return W


def friedkin_johnsen(W: sp.spmatrix, x0: np.ndarray, susceptibility: np.ndarray | float) -> np.ndarray:
    """Equilibrium ``x* = (I - L W)^-1 (I - L) x0`` by a sparse solve.

    Parameters
    ----------
    W : scipy.sparse matrix
        Row-stochastic influence weights.
    x0 : numpy.ndarray
        Initial attitudes.
    susceptibility : numpy.ndarray or float
        ``L``'s diagonal, in [0, 1]; 0 keeps one's own view, 1 takes only others'.

    Examples
    --------
    Two people who listen only to each other; A is stubborn (0), B fully open (1).

    >>> W = sp.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> friedkin_johnsen(W, np.array([1.0, -1.0]), np.array([0.0, 1.0])).tolist()
    [1.0, 1.0]
    """
    n = W.shape[0]
    x0 = np.asarray(x0, dtype=float)
    lam = np.broadcast_to(np.asarray(susceptibility, dtype=float), (n,)).copy()
    if np.any((lam < 0) | (lam > 1)) or np.any(np.isnan(lam)):
        raise InvalidParameterError("susceptibility", "numbers in [0, 1]", "values outside")
    if np.any(np.isnan(x0)):
        raise InvalidParameterError("x0", "numbers (no NaN)", "NaN values")
    M = (sp.identity(n, format="csr") - sp.diags(lam) @ W).tocsc()
    b = (1 - lam) * x0
    if n <= DIRECT_SOLVE_MAX_PEOPLE:
        x = spsolve(M, b)
    else:
        with single_blas_thread():  # vector steps: BLAS threads cost more than they save
            x, info = bicgstab(M.tocsr(), b, x0=x0, rtol=1e-12, atol=0.0, maxiter=10_000)
        if info != 0:
            x = _fixed_point(W, lam, b, x0)
    if not np.all(np.isfinite(x)):
        raise StakeholderGraphError("Friedkin-Johnsen system is singular: some group of fully open people "
                                    "listens only to itself; lower their susceptibility below 1.")
    return np.asarray(x, dtype=float)


def _fixed_point(W: sp.spmatrix, lam: np.ndarray, b: np.ndarray, start: np.ndarray,
                 max_iter: int = 100_000, tol: float = 1e-12) -> np.ndarray:
    """Iterate x = L W x + b: converges whenever the equilibrium exists (spectral radius < 1)."""
    LW = (sp.diags(lam) @ W).tocsr()
    x = start.copy()
    for _ in range(max_iter):
        nxt = LW @ x + b
        if np.abs(nxt - x).max() < tol:
            return nxt
        x = nxt
    raise StakeholderGraphError("Friedkin-Johnsen iteration did not converge; check that every fully open "
                                "person listens, directly or not, to someone less open.")


def predict_attitudes(net: OrgNetwork, observed: np.ndarray, *, relation: str | None = None,
                      respondent_susceptibility: float = 0.5, manager_weight: float = 1.0) -> np.ndarray:
    """Predicted attitude for everyone, respondents and non-respondents.

    Parameters
    ----------
    observed : numpy.ndarray
        Attitude in [-1, 1] per person in node order; NaN where unknown.

    Examples
    --------
    Ana (+1) and Bo listen to each other, so Bo (no answer) ends at +1; Cy (-1) listens
    to Ana and ends halfway; Ed (no answer, names no one) follows his manager Ana.

    >>> net = build_network(OrgData.example())
    >>> observed = np.array([1.0, np.nan, -1.0, -1.0, np.nan])
    >>> predict_attitudes(net, observed).round(2).tolist()
    [1.0, 1.0, 0.0, -0.25, 1.0]
    """
    if not 0 <= respondent_susceptibility <= 1:
        raise InvalidParameterError("respondent_susceptibility", "a number in [0, 1]", respondent_susceptibility)
    observed = np.asarray(observed, dtype=float)
    W = influence_matrix(net, relation, manager_weight=manager_weight)
    known = ~np.isnan(observed)
    isolated = W.diagonal() == 1
    lam = np.where(known, respondent_susceptibility, 1.0)
    lam[isolated] = 0.0
    x0 = np.where(known, observed, 0.0)
    return friedkin_johnsen(W, x0, lam)


def exposure_to_resisters(W: sp.spmatrix, predicted: np.ndarray, *, cutoff: float = RESISTANT_CUTOFF) -> np.ndarray:
    """Share of whom each person listens to (by weight) who are predicted resistant.

    Examples
    --------
    >>> W = sp.csr_matrix(np.array([[0, 0.5, 0.5], [1.0, 0, 0], [0, 0, 1.0]]))
    >>> exposure_to_resisters(W, np.array([0.5, -0.8, 0.1])).tolist()
    [0.5, 0.0, 0.0]
    """
    W = sp.csr_matrix(W, copy=True)
    W.setdiag(0)
    W.eliminate_zeros()
    total = np.asarray(W.sum(axis=1)).ravel()
    resistant = (np.asarray(predicted) <= cutoff).astype(float)
    return np.divide(W @ resistant, total, out=np.zeros_like(total), where=total > 0)
