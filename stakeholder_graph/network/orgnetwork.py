"""The organisation as network layers: formal reporting lines and one layer per relation.

Direction convention (design section 3)
---------------------------------------
* A nomination edge ``source -> target`` means *source goes to target* (for help, for
  advice, or is influenced by target's opinion). "How many people seek you out" is the
  in-degree on this graph.
* Anything that spreads from a person (a champion's reach, diffusion, exposure to
  resisters) flows ``target -> source``: use the transpose.
* The formal layer, ``"formal"``, points ``manager -> report``.

Storage: each layer is an edge table of node positions plus a scipy CSR matrix
``A[i, j] = weight of i -> j`` (built on first use), so a million people fit in memory.
``networkx.DiGraph`` views are built only when asked for, with person ids as nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .._groups import count_share_by_group
from .._lookup import positions_in
from ..exceptions import InvalidParameterError, UnknownRelationError
from ..io.org import OrgData

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["OrgNetwork", "build_network", "FORMAL"]

#: Name of the formal (org-chart) layer; its edges point manager -> report.
FORMAL = "formal"


class OrgNetwork:
    """Network layers of one organisation over a fixed set of people.

    Build it with :func:`build_network`. Node ``i`` is ``people.iloc[i]``.

    Attributes
    ----------
    people : pandas.DataFrame
        One row per person (node order), with ``is_manager``, ``n_reports`` and
        ``responded`` besides the input columns.
    ids : pandas.Index
        Person ids in node order.
    """

    def __init__(self, people: pd.DataFrame, layers: dict[str, pd.DataFrame]):
        self.people = people.reset_index(drop=True)
        self.ids = pd.Index(self.people["id"].astype(str), name="id")
        self._layers = layers
        self._aliases = _latest_wave_aliases(layers)
        self._matrices: dict[tuple[str, bool], sp.csr_matrix] = {}
        self._graphs: dict[str, nx.DiGraph] = {}

    @classmethod
    def from_graph(cls, G: nx.Graph, relation: str = "help", *, weight: str | None = "weight") -> "OrgNetwork":
        """An organisation network whose ``relation`` layer is a networkx graph.

        Nodes become people (ids are ``str(node)``); node attributes ``name``,
        ``department``, ``title``, ``location``, ``manager_id`` and ``responded`` are used
        when present. An undirected graph gives ties in both directions. Handy for
        examples and tests on networkx's classic graphs.

        Examples
        --------
        >>> net = OrgNetwork.from_graph(nx.karate_club_graph())
        >>> net.n_people, len(net.edges("help"))
        (34, 156)
        """
        D = G.to_directed() if not G.is_directed() else G
        nodes = list(D)
        ids = [str(v) for v in nodes]
        data = [D.nodes[v] for v in nodes]
        people = pd.DataFrame({
            "id": ids,
            "name": [str(d.get("name", v)) for v, d in zip(ids, data)],
            "email": "",
            "manager_id": [str(d.get("manager_id", "")) for d in data],
            "department": [str(d.get("department", "All")) for d in data],
            "title": [str(d.get("title", "")) for d in data],
            "location": [str(d.get("location", "")) for d in data],
            "responded": [bool(d.get("responded", True)) for d in data],
        })
        index = {v: i for i, v in enumerate(nodes)}
        edges = list(D.edges(data=True))
        table = pd.DataFrame({
            "source": np.array([index[u] for u, _, _ in edges], dtype=np.int64),
            "target": np.array([index[v] for _, v, _ in edges], dtype=np.int64),
            "weight": np.array([float(d.get(weight, 1.0)) if weight else 1.0 for _, _, d in edges]),
        })
        ids_index = pd.Index(ids)
        manager_pos = ids_index.get_indexer(people["manager_id"])
        has_manager = manager_pos >= 0
        people["n_reports"] = np.bincount(manager_pos[has_manager], minlength=len(ids))
        people["is_manager"] = people["n_reports"] > 0
        formal = pd.DataFrame({"source": manager_pos[has_manager].astype(np.int64),
                               "target": np.flatnonzero(has_manager).astype(np.int64), "weight": 1.0})
        return cls(people, {FORMAL: formal, relation: table})

    # ------------------------------------------------------------------ layers
    @property
    def n_people(self) -> int:
        """Number of people (nodes)."""
        return len(self.people)

    @property
    def relations(self) -> list[str]:
        """Nomination layers, in input order (the formal layer is not included).

        When the input has survey waves, layers are named ``relation@wave``; the plain
        relation name is accepted everywhere as the latest wave of that relation.
        """
        return [name for name in self._layers if name != FORMAL]

    @property
    def layers(self) -> list[str]:
        """Every layer: ``"formal"`` first, then the nomination layers."""
        return list(self._layers)

    def resolve_relation(self, relation: str) -> str:
        """The stored layer name for ``relation`` (handles the latest-wave alias)."""
        if relation in self._layers:
            return relation
        if relation in self._aliases:
            return self._aliases[relation]
        known = self.layers + sorted(self._aliases)
        raise UnknownRelationError(
            f"No network layer called {relation!r}. Layers in this organisation: {known}. "
            "Check the relation column of nominations.csv.")

    def edges(self, relation: str, *, ids: bool = False) -> pd.DataFrame:
        """Edge table of a layer: ``source, target, weight`` (node positions, or ids).

        ``source -> target`` reads "source goes to target" (formal layer: manager -> report).

        Examples
        --------
        >>> net = build_network(OrgData.example())
        >>> net.edges("help", ids=True).head(2).values.tolist()
        [['2', '1', 1.0], ['3', '1', 2.0]]
        """
        table = self._layers[self.resolve_relation(relation)]
        if not ids:
            return table
        return pd.DataFrame({"source": self.ids[table["source"].to_numpy()],
                             "target": self.ids[table["target"].to_numpy()],
                             "weight": table["weight"].to_numpy()})

    def matrix(self, relation: str, *, weighted: bool = True) -> sp.csr_matrix:
        """Adjacency matrix ``A[i, j]`` = weight of ``i -> j`` (CSR, n x n, float64).

        Use ``.T`` for anything that spreads from a person to those who go to them.

        Examples
        --------
        >>> net = build_network(OrgData.example())
        >>> net.matrix("help").sum(axis=0).A1.tolist()  # weighted in-degree
        [4.0, 1.0, 1.0, 0.0, 0.0]
        """
        name = self.resolve_relation(relation)
        key = (name, weighted)
        if key not in self._matrices:
            table = self._layers[name]
            data = table["weight"].to_numpy(dtype=np.float64) if weighted else np.ones(len(table))
            self._matrices[key] = sp.csr_matrix(
                (data, (table["source"].to_numpy(), table["target"].to_numpy())),
                shape=(self.n_people, self.n_people))
        return self._matrices[key]

    def graph(self, relation: str = "help") -> nx.DiGraph:
        """A ``networkx.DiGraph`` of one layer (built on first request, then cached).

        Every person is a node (keyed by id, with the people columns as attributes),
        including people with no tie in this layer. Edges carry ``weight``.
        Do not modify the returned graph; copy it first (``G.copy()``).

        Examples
        --------
        >>> net = build_network(OrgData.example())
        >>> G = net.graph("help")
        >>> G.number_of_nodes(), G.number_of_edges(), G.nodes["1"]["name"]
        (5, 5, 'Ana Diaz')
        >>> dict(G.in_degree())["1"]  # three colleagues go to Ana for help
        3
        """
        name = self.resolve_relation(relation)
        if name not in self._graphs:
            import networkx as nx  # only for users who ask for a networkx view

            G = nx.DiGraph(relation=name)
            attrs = self.people.to_dict("records")
            G.add_nodes_from(zip(self.ids, attrs))
            table = self.edges(name, ids=True)
            G.add_weighted_edges_from(table.itertuples(index=False, name=None))
            self._graphs[name] = G
        return self._graphs[name]

    # ------------------------------------------------------------------ summaries
    def response_rate(self, by: str = "department", *, min_group_size: int = 5,
                      threshold: float = 0.6) -> pd.DataFrame:
        """Headcount, respondents and response rate per group, low rates flagged.

        Groups smaller than ``min_group_size`` are merged into one row,
        ``"Other (groups under N people)"``, so that no small group is shown alone;
        if that row is itself under the minimum, its rate is suppressed (NaN).
        ``low_response`` is true where the rate is below ``threshold`` (60% by default;
        practitioners aim for 80% and treat 70% as a floor, science.md 5.3): results
        there (who is sought out, champions, clusters) are less reliable.

        Examples
        --------
        >>> net = build_network(OrgData.example())
        >>> net.response_rate(min_group_size=1)
          department  headcount  respondents  response_rate  low_response
        0         IT          3            3            1.0         False
        1       Exec          2            1            0.5          True
        2        All          5            4            0.8         False
        """
        if by not in self.people:
            raise InvalidParameterError("by", f"a people column such as {list(self.people.columns)[:8]}", by)
        if min_group_size < 1:
            raise InvalidParameterError("min_group_size", "an integer >= 1", min_group_size)
        if not (isinstance(threshold, (int, float)) and 0 <= threshold <= 1):
            raise InvalidParameterError("threshold", "a share from 0 to 1", threshold)
        out = count_share_by_group(self.people[by], self.people["responded"].to_numpy(dtype=bool), by=by,
                                   count="respondents", share="response_rate", min_group_size=min_group_size)
        low = pd.array(out["response_rate"] < threshold, dtype="boolean")
        low[out["response_rate"].isna().to_numpy()] = pd.NA
        out["low_response"] = low
        return out

    def summary(self) -> pd.DataFrame:
        """One row per layer: size, density, reciprocity, isolates, largest component.

        Columns: ``layer, direction, people, ties, density, reciprocity,
        mean_ties_per_respondent, people_sought_out, isolates, largest_component_share``.
        ``people_sought_out`` counts people named at least once (in-degree >= 1);
        ``isolates`` people with no tie in either direction; the largest component is
        weakly connected.

        Examples
        --------
        >>> net = build_network(OrgData.example())
        >>> net.summary()[["layer", "ties", "people_sought_out", "isolates"]].values.tolist()
        [['formal', 4, 4, 0], ['help', 5, 3, 1]]
        """
        respondents = int(self.people["responded"].sum())
        rows = []
        n = self.n_people
        for name in self.layers:
            A = self.matrix(name, weighted=False)
            ties = int(A.nnz)
            indeg = np.diff(A.tocsc().indptr)
            outdeg = np.diff(A.indptr)
            reciprocated = int(A.multiply(A.T).nnz)
            _, labels = connected_components(A, directed=True, connection="weak")
            largest = np.bincount(labels).max() if n else 0
            rows.append(dict(
                layer=name,
                direction="manager -> report" if name == FORMAL else "person -> whom they go to",
                people=n, ties=ties,
                density=round(ties / (n * (n - 1)), 5) if n > 1 else np.nan,
                reciprocity=round(reciprocated / ties, 3) if ties else np.nan,
                mean_ties_per_respondent=(round(ties / respondents, 2)
                                          if respondents and name != FORMAL else np.nan),
                people_sought_out=int((indeg > 0).sum()),
                isolates=int(((indeg == 0) & (outdeg == 0)).sum()),
                largest_component_share=round(largest / n, 3) if n else np.nan,
            ))
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        ties = ", ".join(f"{name}: {len(t)}" for name, t in self._layers.items())
        return f"OrgNetwork({self.n_people} people; ties {ties})"


def _latest_wave_aliases(layers: dict[str, pd.DataFrame]) -> dict[str, str]:
    latest: dict[str, tuple[object, str]] = {}
    for name in layers:
        if "@" not in name:
            continue
        relation, wave = name.rsplit("@", 1)
        order = (0, float(wave)) if _is_number(wave) else (1, wave)
        if relation not in layers and (relation not in latest or order > latest[relation][0]):
            latest[relation] = (order, name)
    return {relation: name for relation, (_, name) in latest.items()}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def build_network(org: OrgData) -> OrgNetwork:
    """Build the formal layer and one directed, weighted layer per relation.

    Parameters
    ----------
    org : OrgData
        Output of :func:`~stakeholder_graph.read_org`.

    Returns
    -------
    OrgNetwork
        Layers ``"formal"`` (manager -> report) and one per relation
        (respondent -> nominee, "goes to"). With survey waves, one layer per relation and
        wave, named ``relation@wave``; the plain relation name then means its latest wave.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> net
    OrgNetwork(5 people; ties formal: 4, help: 5)
    >>> net.people[["id", "is_manager", "n_reports", "responded"]].values.tolist()[:2]
    [['1', True, 2, True], ['2', True, 2, True]]
    """
    people = org.people.copy()
    ids = pd.Index(people["id"].astype(str))
    manager_pos = positions_in(people["manager_id"], ids)
    has_manager = manager_pos >= 0
    reports = np.bincount(manager_pos[has_manager], minlength=len(people))
    people["n_reports"] = reports
    people["is_manager"] = reports > 0
    layers: dict[str, pd.DataFrame] = {
        FORMAL: pd.DataFrame({"source": manager_pos[has_manager].astype(np.int64),
                              "target": np.flatnonzero(has_manager).astype(np.int64),
                              "weight": 1.0})}
    noms = org.nominations
    if len(noms):
        source = positions_in(noms["respondent_id"], ids)
        target = positions_in(noms["nominee_id"], ids)
        wave = noms["wave"].astype(str)
        layer_name = noms["relation"].where(wave == "", noms["relation"] + "@" + wave)
        table = pd.DataFrame({"layer": layer_name.to_numpy(), "source": source.astype(np.int64),
                              "target": target.astype(np.int64),
                              "weight": noms["weight"].to_numpy(dtype=np.float64)})
        for name, part in table.groupby("layer", sort=False):
            layers[str(name)] = part.drop(columns="layer").reset_index(drop=True)
    return OrgNetwork(people, layers)
