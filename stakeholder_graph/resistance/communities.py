"""Communities: who clusters together in the informal network.

Leiden (Traag, Waltman and van Eck 2019) is the default, as implemented in python-igraph's
C core (``Graph.community_leiden``, by the same author as ``leidenalg`` and about 20 times
faster here): its communities are always connected. ``"leiden"`` runs two Leiden passes
(igraph's default), ``"leiden-stable"`` repeats passes until the partition stops changing
(the previous default; 3 to 4 times slower at 100,000 people for a partition
that agrees with the two-pass one about as closely as two seeds of itself, see
``tests/resistance/test_community_methods.py``). networkx's Louvain is the reference on
small graphs. All maximise modularity with a ``resolution`` parameter on the *undirected*
weighted graph of the layers (a tie either way counts, weights add), and all take the same
``seed``. igraph draws from a random generator that is set to ``random.Random(seed)`` for
the call and restored afterwards; Python's global random state is never touched.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..exceptions import InvalidParameterError
from ..network.orgnetwork import OrgNetwork

__all__ = ["detect_communities", "community_crosswalk", "METHODS"]

#: Leiden passes per method: two (igraph's default), or until nothing changes (-1).
_LEIDEN_PASSES = {"leiden": 2, "leiden-stable": -1}
METHODS = ("leiden", "leiden-stable", "louvain")


def _undirected(net: OrgNetwork, relations: list[str]) -> sp.coo_matrix:
    A = sum(net.matrix(r, weighted=True) for r in relations)
    S = sp.triu(A + A.T, k=1).tocoo()
    return S


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number communities 0, 1, ... by decreasing size (ties: smallest member first)."""
    sizes = np.bincount(labels)
    first = np.full(len(sizes), len(labels))
    np.minimum.at(first, labels, np.arange(len(labels)))
    order = np.lexsort((first, -sizes))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[labels]


def detect_communities(net: OrgNetwork, relation: str | list[str] = "help", *, method: str = "leiden",
                       resolution: float = 1.0, seed: int | None = 0) -> np.ndarray:
    """Community label per person (node order), 0 = the largest community.

    Parameters
    ----------
    net : OrgNetwork
    relation : str or list of str, default="help"
        Layer(s) to cluster (ties taken in both directions, weights summed over layers).
    method : {"leiden", "leiden-stable", "louvain"}, default="leiden"
        Leiden (python-igraph; two passes, or passes until stable) or Louvain (networkx,
        the reference; slow above ~50k people).
    resolution : float, default=1.0
        Higher gives more, smaller communities.
    seed : int or None, default=0

    Examples
    --------
    Two triangles joined by one tie split into two communities.

    >>> G = nx.DiGraph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    >>> net = sg.OrgNetwork.from_graph(G)
    >>> detect_communities(net).tolist()
    [0, 0, 0, 1, 1, 1]
    >>> detect_communities(net, method="louvain").tolist()
    [0, 0, 0, 1, 1, 1]
    """
    if method not in METHODS:
        raise InvalidParameterError("method", f"one of {METHODS}", method)
    if not resolution > 0:
        raise InvalidParameterError("resolution", "a number > 0", resolution)
    relations = [net.resolve_relation(r) for r in ([relation] if isinstance(relation, str) else relation)]
    n = net.n_people
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    S = _undirected(net, relations)
    if method in _LEIDEN_PASSES:
        import random

        from .._igraph import import_igraph
        from ..metrics.centrality import igraph_from_pairs

        ig = import_igraph()

        g = igraph_from_pairs(S.row, S.col, n, directed=False)
        ig.set_random_number_generator(random.Random(0 if seed is None else int(seed)))
        try:
            partition = g.community_leiden(objective_function="modularity", weights=S.data.tolist(),
                                           resolution=resolution, n_iterations=_LEIDEN_PASSES[method])
        finally:
            ig.set_random_number_generator(random)
        labels = np.asarray(partition.membership, dtype=np.int64)
    else:
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(zip(S.row.tolist(), S.col.tolist(), S.data.tolist()))
        communities = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
        labels = np.empty(n, dtype=np.int64)
        for k, members in enumerate(communities):
            labels[list(members)] = k
    return _relabel(labels)


def community_crosswalk(labels: np.ndarray, groups: pd.Series, *, min_cell: int = 1) -> pd.DataFrame:
    """People per community (rows) and group such as department (columns).

    Cells under ``min_cell`` are blanked (NaN), so exports never show a handful of people.

    Examples
    --------
    >>> community_crosswalk(np.array([0, 0, 1, 1, 1]), pd.Series(["IT", "IT", "IT", "HR", "HR"]))
    department  HR  IT
    community
    0            0   2
    1            2   1
    """
    table = pd.crosstab(pd.Series(labels, name="community"),
                        pd.Series(np.asarray(groups), name=groups.name or "department"))
    if min_cell > 1:
        table = table.where(table >= min_cell)
    return table
