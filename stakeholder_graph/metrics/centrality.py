"""Who is sought out, and whose word spreads: centrality on one nomination layer.

Direction (design section 3): a nomination ``i -> j`` means *i goes to j*. Prestige
("how many seek you out": in-degree, PageRank) is computed on the layer as it is.
Anything that spreads from a person (diffusion centrality, reach) runs on the transpose,
``j -> i``: a champion's message reaches those who go to them.

All functions take an :class:`~stakeholder_graph.OrgNetwork` and a relation name first
and return a numpy array in node order (``net.people`` row order). They work on scipy
sparse matrices or python-igraph, built straight from the edge table, so that they run on
a million people; tests check them against networkx on small graphs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, eigs


if TYPE_CHECKING:
    import igraph as ig

from .._threads import single_blas_thread
from ..exceptions import InvalidParameterError, StakeholderGraphError
from ..network.orgnetwork import OrgNetwork

__all__ = [
    "in_degree",
    "pagerank",
    "betweenness",
    "default_pivots",
    "diffusion_centrality",
    "spectral_radius",
    "harmonic_closeness",
    "reach_matrix",
    "reach_counts",
    "to_igraph",
    "EXACT_BETWEENNESS_MAX_PEOPLE",
    "HARMONIC_MAX_PEOPLE",
]

#: Betweenness is exact up to this many people; above it, seeded pivot sampling.
EXACT_BETWEENNESS_MAX_PEOPLE = 5_000
#: Harmonic closeness (all shortest paths) is computed up to this many people, else NaN.
HARMONIC_MAX_PEOPLE = 5_000


class PowerIterationFailedConvergence(StakeholderGraphError):
    """An iterative method did not converge within its iteration limit."""


def _binary(A: sp.csr_matrix) -> sp.csr_matrix:
    B = A.copy()
    B.data = np.ones_like(B.data)
    return B


def in_degree(net: OrgNetwork, relation: str = "help", *, weighted: bool = False) -> np.ndarray:
    """How many colleagues go to each person (distinct people), or the sum of their weights.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> in_degree(net).tolist(), in_degree(net, weighted=True).tolist()
    ([3.0, 1.0, 1.0, 0.0, 0.0], [4.0, 1.0, 1.0, 0.0, 0.0])
    """
    A = net.matrix(relation, weighted=weighted)
    return np.asarray(A.sum(axis=0)).ravel()


def pagerank(net: OrgNetwork, relation: str = "help", *, alpha: float = 0.85, weighted: bool = True,
             tol: float = 1e-10, max_iter: int = 1000) -> np.ndarray:
    """PageRank on the layer (prestige: being sought out by the sought-after).

    Same model as ``networkx.pagerank`` (dangling people spread their share uniformly),
    with a tight default tolerance: networkx's default stops too early on large graphs.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> np.round(pagerank(net), 3).tolist()
    [0.454, 0.422, 0.052, 0.036, 0.036]
    """
    if not 0 < alpha < 1:
        raise InvalidParameterError("alpha", "a number in (0, 1)", alpha)
    A = net.matrix(relation, weighted=weighted)
    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(A.sum(axis=1)).ravel()
    inv = np.divide(1.0, out, out=np.zeros_like(out), where=out != 0)
    W = sp.diags(inv) @ A
    WT = W.T.tocsr()
    dangling = out == 0
    p = np.full(n, 1.0 / n)
    x = p.copy()
    for _ in range(max_iter):
        last = x
        x = alpha * (WT @ x + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - last).sum() < n * tol:
            return x
    raise PowerIterationFailedConvergence(f"PageRank did not converge in {max_iter} iterations")


def to_igraph(net: OrgNetwork, relation: str = "help") -> ig.Graph:
    """The layer as a directed python-igraph graph (vertex i = person i), built from the edge table."""
    edges = net.edges(relation)
    return igraph_from_pairs(edges["source"].to_numpy(), edges["target"].to_numpy(), net.n_people, directed=True)


def igraph_from_pairs(source: np.ndarray, target: np.ndarray, n: int, *, directed: bool) -> ig.Graph:
    """An igraph graph on vertices 0..n-1 from two integer arrays.

    ``Graph.DataFrame`` copies the pairs in C, about twice as fast as ``Graph(edges=...)``,
    which converts them one Python integer at a time.

    Examples
    --------
    >>> igraph_from_pairs(np.array([0, 1]), np.array([1, 2]), 4, directed=True).get_edgelist()
    [(0, 1), (1, 2)]
    """
    frame = pd.DataFrame({"source": np.asarray(source, dtype=np.int64), "target": np.asarray(target, dtype=np.int64)})
    from .._igraph import import_igraph  # imported when first needed: a large run computes this in a second process

    g = import_igraph().Graph.DataFrame(frame, directed=directed, use_vids=True)
    if g.vcount() < n:
        g.add_vertices(n - g.vcount())
    return g


def default_pivots(n_people: int, n_ties: int) -> int:
    """Pivots for sampled betweenness: about 2 s of breadth-first searches on one core.

    1,000 pivots (enough to recover most of the top-20 brokers at 10k people) while
    affordable, falling to 100 at 100,000 people and 300,000 ties and to 32 at a million
    people, so that betweenness never dominates a run. Pass
    ``pivots`` to :func:`betweenness` for a closer estimate.

    Examples
    --------
    >>> default_pivots(10_000, 30_000), default_pivots(100_000, 300_000), default_pivots(10**6, 3 * 10**6)
    (1000, 100, 32)
    """
    return int(np.clip(4e7 // max(1, n_people + n_ties), 32, 1000))


def betweenness(net: OrgNetwork, relation: str = "help", *, pivots: int | None = None,
                exact_max_people: int = EXACT_BETWEENNESS_MAX_PEOPLE,
                seed: int | None = 0) -> tuple[np.ndarray, int | None]:
    """Betweenness centrality (unweighted shortest paths), normalised as in networkx.

    Exact when the organisation has at most ``exact_max_people`` people and ``pivots``
    is None; otherwise estimated from shortest paths that start at a seeded random sample
    of pivots and rescaled by ``n / pivots`` (networkx's ``k`` sampling).

    Returns
    -------
    values : numpy.ndarray
        Normalised betweenness, ``1 / ((n - 1)(n - 2))`` times the count of shortest paths
        through each person.
    pivots : int or None
        Number of pivots used (None when exact), for the report.

    Examples
    --------
    Bo reaches Cy and Di's contacts only through Ana: Ana lies on those shortest paths.

    >>> net = build_network(OrgData.example())
    >>> values, used = betweenness(net)
    >>> np.round(values, 3).tolist(), used
    ([0.167, 0.0, 0.0, 0.0, 0.0], None)
    """
    n = net.n_people
    if n < 3:
        return np.zeros(n), None
    g = to_igraph(net, relation)
    if pivots is None and n <= exact_max_people:
        raw = np.asarray(g.betweenness(directed=True), dtype=float)
        used = None
    else:
        used = int(pivots) if pivots is not None else default_pivots(n, g.ecount())
        if not 1 <= used:
            raise InvalidParameterError("pivots", "an integer >= 1 or None", pivots)
        used = min(used, n)
        sources = np.sort(np.random.default_rng(seed).choice(n, size=used, replace=False))
        raw = np.asarray(g.betweenness(directed=True, sources=sources.tolist()), dtype=float) * n / used
    return raw / ((n - 1) * (n - 2)), used


def spectral_radius(A: sp.spmatrix) -> float:
    """Largest eigenvalue modulus of a non-negative sparse matrix (0 for an acyclic graph).

    Examples
    --------
    >>> spectral_radius(sp.csr_matrix(np.array([[0, 1.0], [1.0, 0]])))
    1.0
    """
    n = A.shape[0]
    if A.nnz == 0:
        return 0.0
    if n <= 200:
        return float(np.max(np.abs(np.linalg.eigvals(A.toarray()))).round(12))
    try:
        # ARPACK's dense steps are tiny per call: BLAS threads only fight over the cores
        # (four times the CPU on a busy 2-core machine), so they are limited for this call.
        with single_blas_thread():
            # A fixed start vector: ARPACK's default is random, which moved q (and diffusion
            # centrality) in the ninth digit between runs and flipped rounded percentiles.
            value = eigs(A.astype(float), k=1, which="LM", return_eigenvectors=False, tol=1e-8, maxiter=5000,
                         v0=np.ones(n))
        return float(np.abs(value[0]))
    except (ArpackNoConvergence, ArpackError):
        # Power iteration on A + I: for a non-negative A its Perron root is radius + 1.
        x = np.ones(n) / n
        shifted = A + sp.identity(n, format="csr")
        estimate = 0.0
        for _ in range(2000):
            y = shifted @ x
            estimate_new = y.sum() / x.sum()
            x = y / y.sum()
            if abs(estimate_new - estimate) < 1e-9 * estimate_new:
                break
            estimate = estimate_new
        return max(0.0, float(estimate_new - 1.0))


def diffusion_centrality(net: OrgNetwork, relation: str = "help", *, q: float | None = None,
                         T: int = 3, weighted: bool = False) -> tuple[np.ndarray, float]:
    """Diffusion centrality (Banerjee et al. 2013) on the transpose of the layer.

    ``DC = sum_{t=1..T} (q A')^t 1`` with ``A'`` the transpose (information passes from a
    person to those who go to them): the expected number of times a message seeded at a
    person is heard within ``T`` rounds when each tie passes it with probability ``q``.

    Parameters
    ----------
    q : float, optional
        Passing probability; default ``1 / lambda_1`` (the largest eigenvalue of the
        layer), or 1 when the layer has no cycles (lambda_1 = 0).
    T : int, default=3
        Number of rounds (Banerjee et al. use a small T; 3 sits between degree and
        eigenvector centrality).
    weighted : bool, default=False
        Use tie weights instead of 0/1 ties.

    Returns
    -------
    values : numpy.ndarray
    q : float
        The passing probability used.

    Examples
    --------
    With one round, diffusion centrality is q times the number of people who name you.

    >>> net = build_network(OrgData.example())
    >>> dc, q = diffusion_centrality(net, q=1.0, T=1)
    >>> dc.tolist()
    [3.0, 1.0, 1.0, 0.0, 0.0]
    """
    if not isinstance(T, (int, np.integer)) or T < 1:
        raise InvalidParameterError("T", "an integer >= 1", T)
    A = net.matrix(relation, weighted=weighted)
    if q is None:
        radius = spectral_radius(A)
        q = 1.0 / radius if radius > 0 else 1.0
    elif not q > 0:
        raise InvalidParameterError("q", "a number > 0 (or None for 1 / lambda_1)", q)
    AT = A.T.tocsr()
    v = np.ones(A.shape[0])
    total = np.zeros(A.shape[0])
    for _ in range(T):
        v = q * (AT @ v)
        total += v
    return total, float(q)


def harmonic_closeness(net: OrgNetwork, relation: str = "help", *,
                       max_people: int = HARMONIC_MAX_PEOPLE) -> np.ndarray:
    """Harmonic closeness: sum of 1/distance from every other person who can reach you.

    Same as ``networkx.harmonic_centrality`` on the layer (distances *to* a person, which
    are the distances *from* them on the transpose). All-pairs shortest paths are too slow
    for large organisations: above ``max_people`` the result is NaN.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> np.round(harmonic_closeness(net), 2).tolist()
    [3.0, 2.0, 1.0, 0.0, 0.0]
    """
    n = net.n_people
    if n > max_people:
        return np.full(n, np.nan)
    g = to_igraph(net, relation)
    return np.asarray(g.harmonic_centrality(mode="in", normalized=False), dtype=float)


def reach_matrix(net: OrgNetwork, relation: str = "help", steps: int = 2, *,
                 chunk: int = 50_000) -> sp.csr_matrix:
    """``R[i, j] = 1`` when j goes to i within ``steps`` nominations (j != i).

    Row i lists the people a message from i reaches along the transpose: those who go to
    i, and (with ``steps=2``) those who go to them. Built in row chunks to bound memory.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> R = reach_matrix(net, steps=2)
    >>> [sorted(net.ids[R[i].indices]) for i in range(2)]
    [['2', '3', '4'], ['1', '3', '4']]
    """
    if steps not in (1, 2):
        raise InvalidParameterError("steps", "1 or 2", steps)
    B = _binary(net.matrix(relation, weighted=False)).T.tocsr().astype(np.float32)
    n = B.shape[0]
    parts = []
    for start in range(0, n, chunk):
        rows = B[start:start + chunk]
        block = rows + rows @ B if steps == 2 else rows.copy()
        block = block.tocoo()
        keep = block.row + start != block.col
        parts.append(sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.int8),
                                    (block.row[keep], block.col[keep])),
                                   shape=(rows.shape[0], n)))
    R = sp.vstack(parts, format="csr") if parts else sp.csr_matrix((0, 0), dtype=np.int8)
    R.sum_duplicates()
    R.data[:] = 1
    return R


def reach_counts(net: OrgNetwork, relation: str = "help") -> tuple[np.ndarray, np.ndarray]:
    """People reached within 1 and within 2 steps along the transpose (excluding oneself).

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> [r.tolist() for r in reach_counts(net)]
    [[3, 1, 1, 0, 0], [3, 3, 1, 0, 0]]
    """
    reach_1 = np.diff(reach_matrix(net, relation, steps=1).indptr)
    reach_2 = np.diff(reach_matrix(net, relation, steps=2).indptr)
    return reach_1, reach_2
