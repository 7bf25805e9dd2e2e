"""Figures for notebooks and the report. Each function returns a matplotlib Figure.

Nothing is drawn on import and nothing is saved implicitly; pass ``ax`` to draw into an
existing axes. Large organisations are drawn as a department or cluster graph instead of
a hairball, and groups smaller than the minimum group size are never drawn alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ..exceptions import InvalidParameterError
from ..network.orgnetwork import OrgNetwork

__all__ = ["plot_network", "plot_coverage_curve", "plot_cluster_risk", "plot_formal_informal",
           "plot_power_interest", "prepare_network_layout", "network_group_ties", "plot_group_network",
           "GroupTies", "NODE_LIMIT"]

#: Above this many people, plot_network draws the aggregated group graph.
NODE_LIMIT = 600
#: People in the formal/informal figure (the most sought out).
FORMAL_INFORMAL_TOP = 15
RISK_COLOURS = {"high": "#c0392b", "medium": "#e67e22", "low": "#7f8c8d"}


def _figure(ax, size=(8, 6)):
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure  # imported when first drawn (a large run draws in a second process)

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _palette(n: int) -> list:
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]


#: Spring layouts already computed in this process, by the graph they lay out (see
#: :func:`prepare_network_layout`); a few, since a process draws a few networks at most.
_LAYOUTS: dict[tuple, dict] = {}


def _spring_layout(n_people: int, source: np.ndarray, target: np.ndarray, seed: int) -> dict:
    """networkx's seeded spring layout of the undirected graph on ``n_people`` nodes with
    the ties ``source -> target``, remembered by the ties themselves (so a layout computed
    ahead, in the drawing process, is the one drawn, and any other graph gets its own)."""
    import hashlib

    import networkx as nx  # for its layouts; imported when a network is first laid out

    source, target = np.ascontiguousarray(source, dtype=np.int64), np.ascontiguousarray(target, dtype=np.int64)
    key = (n_people, seed, hashlib.blake2b(source.tobytes() + b"|" + target.tobytes(), digest_size=16).digest())
    if key not in _LAYOUTS:
        if len(_LAYOUTS) >= 8:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[key] = nx.spring_layout(_person_graph(n_people, source, target), seed=seed,
                                         k=1.5 / np.sqrt(max(n_people, 1)))
    return _LAYOUTS[key]


def _person_graph(n_people: int, source, target):
    """The undirected networkx graph of people ``0..n_people-1`` and the ties ``source -> target``."""
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(range(n_people))
    G.add_edges_from(zip(np.asarray(source).tolist(), np.asarray(target).tolist()))
    return G


def prepare_network_layout(net: OrgNetwork, relation: str = "help", *, seed: int = 0) -> None:
    """Compute, ahead of time, the layout :func:`plot_network` will draw ``net`` with.

    A drawing process calls it while the analysis still runs, so that the network figure
    later only has to be drawn. Nothing happens above :data:`NODE_LIMIT` people, where the
    figure shows groups, not people.

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> prepare_network_layout(net)
    >>> fig = plot_network(net)  # draws the five people where the layout above put them
    >>> fig.axes[0].collections[1].get_offsets().shape
    (5, 2)
    """
    if net.n_people <= NODE_LIMIT:
        edges = net.edges(net.resolve_relation(relation))
        _spring_layout(net.n_people, edges["source"].to_numpy(), edges["target"].to_numpy(), seed)


def plot_network(net: OrgNetwork, relation: str = "help", *, champions: list[str] | None = None,
                 groups: pd.Series | np.ndarray | None = None, group_label: str = "department",
                 min_group_size: int = 5, seed: int = 0, ax=None) -> Figure:
    """The informal network with champions highlighted, coloured by department or cluster.

    Up to :data:`NODE_LIMIT` people, every person is a dot (size = colleagues who seek
    them out) and champions are ringed. Above it, each group is one circle (size =
    headcount) and lines show how many ties run between groups; groups under
    ``min_group_size`` are merged into "Other" (:func:`network_group_ties`, then
    :func:`plot_group_network`).

    Examples
    --------
    >>> fig = plot_network(build_network(OrgData.example()), champions=["1"])
    >>> fig.axes[0].get_title()
    'Who goes to whom for help (5 people; 1 champion ringed)'
    """
    if net.n_people > NODE_LIMIT:
        return plot_group_network(network_group_ties(net, relation, champions=champions, groups=groups,
                                                     group_label=group_label, min_group_size=min_group_size,
                                                     seed=seed), ax=ax)
    import networkx as nx  # for its layouts; imported when a network is first drawn

    relation = net.resolve_relation(relation)
    fig, ax = _figure(ax, (9, 7))
    values, names = _group_values(net, groups, min_group_size)
    colour = dict(zip(names, _palette(len(names))))
    edges = net.edges(relation)
    champion_set = set(map(str, champions or []))
    source, target = edges["source"].to_numpy(), edges["target"].to_numpy()
    pos = _spring_layout(net.n_people, source, target, seed)
    G = _person_graph(net.n_people, source, target)
    indeg = np.bincount(edges["target"].to_numpy(), minlength=net.n_people)
    nx.draw_networkx_edges(G, pos, ax=ax, alpha=0.15, width=0.6)
    ring = np.array([i in champion_set for i in net.ids])
    ax.scatter([pos[i][0] for i in range(net.n_people)], [pos[i][1] for i in range(net.n_people)],
               s=12 + 6 * indeg, c=[colour[v] for v in values], edgecolors=np.where(ring, "black", "none"),
               linewidths=np.where(ring, 2.0, 0.0), zorder=2)
    title = (f"Who goes to whom {_phrase(relation)} ({net.n_people} people; "
             f"{len(champion_set)} champion{'s' if len(champion_set) != 1 else ''} ringed)")
    if len(names) <= 12:
        handles = [ax.scatter([], [], color=colour[g], label=g) for g in names]
        ax.legend(handles=handles, title=group_label.capitalize(), loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_axis_off()
    return fig


def _phrase(relation: str) -> str:
    return {"help": "for help", "advice": "for advice", "influence": "for their opinion"}.get(
        relation.split("@")[0], f"({relation})")


def _group_values(net: OrgNetwork, groups, min_group_size: int) -> tuple[pd.Series, list[str]]:
    """Each person's group (small groups merged into "Other"), and the groups largest first."""
    values = pd.Series(np.asarray(groups) if groups is not None else net.people["department"].to_numpy()).astype(str)
    codes, uniques = pd.factorize(values)
    counts = np.bincount(codes, minlength=len(uniques))
    small = counts[codes] < min_group_size
    if small.any():
        values = values.where(~small, "Other (small groups)")
        codes, uniques = pd.factorize(values)
        counts = np.bincount(codes, minlength=len(uniques))
    order = sorted(range(len(uniques)), key=lambda i: (-int(counts[i]), uniques[i]))
    return values, [str(uniques[i]) for i in order]


@dataclass
class GroupTies:
    """A large network reduced to what its figure shows: groups, their headcount and
    champions, and the ties between groups (see :func:`network_group_ties`)."""

    names: list[str]
    size: np.ndarray
    champions: np.ndarray
    #: Group pairs ``(a, b)`` with ``a < b`` (positions in ``names``) and their tie counts.
    pairs: np.ndarray
    ties: np.ndarray
    n_people: int
    relation: str
    group_label: str
    seed: int
    #: Groups smaller than this (only the merged "Other" group can be) show no counts.
    min_group_size: int = 5


def network_group_ties(net: OrgNetwork, relation: str = "help", *, champions: list[str] | None = None,
                       groups: pd.Series | np.ndarray | None = None, group_label: str = "department",
                       min_group_size: int = 5, seed: int = 0) -> GroupTies:
    """The group graph :func:`plot_network` draws for a large organisation, without drawing:
    a few numbers per group, small enough to send to a drawing process.

    Examples
    --------
    Three people in IT go to Ana Diaz (Exec) for help and she goes to Bo Chen (IT): four
    ties between the two groups.

    >>> ties = network_group_ties(build_network(OrgData.example()), champions=["1"], min_group_size=1)
    >>> ties.names, ties.size.tolist(), ties.champions.tolist(), ties.ties.tolist()
    (['IT', 'Exec'], [3, 2], [0, 1], [4])
    """
    relation = net.resolve_relation(relation)
    values, names = _group_values(net, groups, min_group_size)
    edges = net.edges(relation)
    code = pd.Index(names).get_indexer(values)
    between = pd.DataFrame({"a": code[edges["source"]], "b": code[edges["target"]]})
    between = between[between["a"] != between["b"]]
    between[["a", "b"]] = np.sort(between[["a", "b"]].to_numpy(), axis=1)
    weights = between.value_counts()
    is_champion = np.asarray(pd.Series(net.ids).astype(str).isin(set(map(str, champions or []))))
    return GroupTies(names=names, size=np.bincount(code, minlength=len(names)),
                     champions=np.bincount(code[is_champion], minlength=len(names)),
                     pairs=np.array(weights.index.tolist(), dtype=int).reshape(-1, 2),
                     ties=weights.to_numpy(), n_people=net.n_people, relation=relation,
                     group_label=group_label, seed=seed, min_group_size=min_group_size)


def plot_group_network(ties: GroupTies, *, ax=None) -> Figure:
    """The group graph of a large organisation (:func:`network_group_ties`): each group one
    circle (size = headcount, with its champions), lines as wide as the ties between groups.

    Examples
    --------
    >>> ties = network_group_ties(build_network(OrgData.example()), min_group_size=1)
    >>> plot_group_network(ties).axes[0].get_title()
    'Ties for help between departments (5 people; line width = ties)'
    """
    import networkx as nx  # for its layouts; imported when a network is first drawn

    fig, ax = _figure(ax, (9, 7))
    names, size, champs = ties.names, ties.size, ties.champions
    colour = dict(zip(names, _palette(len(names))))
    G = nx.Graph()
    G.add_nodes_from(range(len(names)))
    for (a, b), w in zip(ties.pairs.tolist(), ties.ties.tolist()):
        G.add_edge(int(a), int(b), weight=int(w))
    # A circle keeps labels apart up to a few dozen groups; beyond that, a seeded layout.
    pos = nx.circular_layout(G) if len(names) <= 30 else nx.spring_layout(G, seed=ties.seed, weight="weight")
    top = ties.ties.max() if len(ties.ties) else 1
    if len(ties.ties):
        from matplotlib.collections import LineCollection

        xy = np.array([pos[i] for i in range(len(names))])
        share = ties.ties / top
        ax.add_collection(LineCollection(np.stack([xy[ties.pairs[:, 0]], xy[ties.pairs[:, 1]]], axis=1),
                                         colors=[(0.5, 0.5, 0.5, a) for a in 0.2 + 0.6 * share],
                                         linewidths=0.5 + 6 * share, zorder=1))
    ax.scatter([pos[i][0] for i in range(len(names))], [pos[i][1] for i in range(len(names))],
               s=200 + 1800 * size / size.max(), c=[colour[g] for g in names], zorder=2, edgecolors="white")
    for i, g in enumerate(names):
        x, y = pos[i]
        counts = (f"{size[i]:,} {'person' if size[i] == 1 else 'people'}, "
                  f"{champs[i]} champion{'' if champs[i] == 1 else 's'}")
        if size[i] < ties.min_group_size:  # the merged small groups, themselves too few to show
            counts = f"fewer than {ties.min_group_size} people"
        ax.annotate(f"{g}\n{counts}", (x, y), xytext=(x * 1.22, y * 1.17), ha="center", va="center",
                    fontsize=8, zorder=3)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.35, 1.35)
    ax.set_title(f"Ties {_phrase(ties.relation)} between {ties.group_label}s "
                 f"({ties.n_people:,} people; line width = ties)")
    ax.set_axis_off()
    return fig


def plot_coverage_curve(champions: pd.DataFrame, *, comparison: dict[str, np.ndarray] | None = None,
                        ax=None) -> Figure:
    """Share of the organisation reached as champions are added, in the order chosen.

    Examples
    --------
    >>> table = pd.DataFrame({"rank": [1, 2, 3], "coverage": [0.3, 0.5, 0.6]})
    >>> plot_coverage_curve(table).axes[0].get_ylabel()
    'Share of the organisation reached'
    """
    fig, ax = _figure(ax, (7, 4.5))
    ax.plot(np.r_[0, champions["rank"]], np.r_[0, champions["coverage"]] * 100, marker="o", markersize=3,
            label="champion set (greedy coverage)")
    for label, curve in (comparison or {}).items():
        ax.plot(np.arange(len(curve) + 1), np.r_[0, curve] * 100, linestyle="--", label=label)
    ax.set_xlabel("Number of champions")
    ax.set_ylabel("Share of the organisation reached")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", frameon=False)
    ax.set_title("Coverage within two steps as champions are added")
    return fig


def plot_cluster_risk(clusters: pd.DataFrame, *, min_group_size: int = 5, label_top: int = 8,
                      highlight: int | None = None, ax=None) -> Figure:
    """Clusters by mean predicted attitude and share predicted resistant (size = people).

    Clusters under ``min_group_size`` are never drawn. ``highlight`` rings one cluster
    (the one picked in the cluster explorer) and names it in the title.

    Examples
    --------
    >>> table = pd.DataFrame({"cluster": [0, 1], "size": [20, 8], "mean_predicted_attitude": [0.3, -0.4],
    ...                       "share_resistant": [0.05, 0.7], "risk": ["low", "high"], "departments": ["IT (20)", "HR (8)"]})
    >>> plot_cluster_risk(table).axes[0].get_xlabel()
    'Mean predicted attitude (-1 against, +1 for)'
    >>> plot_cluster_risk(table, highlight=1).axes[0].get_title()
    'Resistance risk by cluster (2 clusters; groups under 5 not shown): #1 HR ringed'
    """
    fig, ax = _figure(ax, (8, 5.5))
    shown = clusters[clusters["size"] >= min_group_size]
    for risk, colour in RISK_COLOURS.items():
        part = shown[shown["risk"] == risk]
        ax.scatter(part["mean_predicted_attitude"], part["share_resistant"] * 100,
                   s=20 + 600 * part["size"] / max(shown["size"].max(), 1), color=colour, alpha=0.7,
                   edgecolors="white", label=f"{risk} risk ({len(part)})")
    worst = (shown[shown["risk"] != "low"]
             .sort_values(["share_resistant", "size"], ascending=[False, False]).head(label_top))
    for row, dy in zip(worst.itertuples(index=False), [6, -6] * label_top):
        dept = str(row.departments).split(" (")[0]
        ax.annotate(f"#{row.cluster} {dept}", (row.mean_predicted_attitude, row.share_resistant * 100),
                    xytext=(8, dy), textcoords="offset points", fontsize=8)
    ax.axvline(0, color="black", linewidth=0.5)
    ax.set_xlabel("Mean predicted attitude (-1 against, +1 for)")
    ax.set_ylabel("Predicted resistant")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
    ax.set_xlim(-1, 1)
    ax.set_ylim(-3, 112)  # room above 100% for labels, below the title
    ax.set_yticks(range(0, 101, 20))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", frameon=False)
    title = f"Resistance risk by cluster ({len(shown)} clusters; groups under {min_group_size} not shown)"
    picked = shown[shown["cluster"] == highlight] if highlight is not None else shown.iloc[:0]
    if len(picked):
        row = picked.iloc[0]
        ax.scatter([row["mean_predicted_attitude"]], [row["share_resistant"] * 100], s=900, facecolors="none",
                   edgecolors="black", linewidths=2, zorder=5)
        title += f": #{row['cluster']} {str(row['departments']).split(' (')[0]} ringed"
    ax.set_title(title)
    return fig


def plot_formal_informal(table: pd.DataFrame, *, top: int = FORMAL_INFORMAL_TOP, ax=None) -> Figure:
    """Most sought-out people: nominations from their own reporting line versus beyond it.

    ``table`` is :func:`~stakeholder_graph.sought_out_beyond_line` output.

    Examples
    --------
    >>> fig = plot_formal_informal(sg.sought_out_beyond_line(build_network(OrgData.example())))
    >>> fig.axes[0].get_xlabel()
    'Colleagues who go to them for help'
    """
    fig, ax = _figure(ax, (8, 0.35 * top + 1.5))
    rows = table.sort_values(["sought_out", "id"], ascending=[False, True]).head(top).iloc[::-1]
    labels = [f"{n} ({d}){' *' if m else ''}" for n, d, m in zip(rows["name"], rows["department"], rows["is_manager"])]
    ax.barh(labels, rows["within_line"], color="#95a5a6", label="from their own reporting line")
    ax.barh(labels, rows["beyond_line"], left=rows["within_line"], color="#2980b9", label="beyond their line")
    ax.set_xlabel("Colleagues who go to them for help")
    ax.legend(loc="lower right", frameon=False)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title(f"The {len(rows)} most sought-out people: own line vs beyond (* = manager)")
    return fig


def plot_power_interest(table: pd.DataFrame, *, power: str = "power", interest: str = "interest",
                        label: str = "name", label_top: int = 12, ax=None) -> Figure:
    """Mendelow's power-interest grid with the four quadrants named.

    ``power`` and ``interest`` are columns scaled 0-1; the most powerful and most
    interested stakeholders are labelled.

    Examples
    --------
    >>> grid = pd.DataFrame({"name": ["A", "B"], "power": [0.9, 0.2], "interest": [0.8, 0.3]})
    >>> [t.get_text() for t in plot_power_interest(grid).axes[0].texts][:4]
    ['Keep satisfied', 'Manage closely', 'Monitor', 'Keep informed']
    """
    for column in (power, interest):
        if column not in table:
            raise InvalidParameterError(column, f"a column of the table ({list(table.columns)})", column)
    fig, ax = _figure(ax, (7, 6))
    for (x, y, text) in [(0.25, 0.97, "Keep satisfied"), (0.75, 0.97, "Manage closely"),
                         (0.25, 0.03, "Monitor"), (0.75, 0.03, "Keep informed")]:
        ax.text(x, y, text, ha="center", va="top" if y > 0.5 else "bottom", fontsize=10, color="#555555",
                transform=ax.transAxes)
    ax.axhline(0.5, color="grey", linewidth=0.8)
    ax.axvline(0.5, color="grey", linewidth=0.8)
    # Interest often takes a few values (impact 1-5): spread stacked points a little sideways.
    rank = table.groupby(interest)[power].rank(method="first").fillna(0).to_numpy()
    x = table[interest].to_numpy(dtype=float) + ((rank % 5) - 2) * 0.012
    y = table[power].to_numpy(dtype=float)
    kind = table["kind"].to_numpy() if "kind" in table else np.full(len(table), "person")
    ax.scatter(x[kind != "group"], y[kind != "group"], s=30, color="#2c3e50", alpha=0.7, label="person")
    if (kind == "group").any():
        ax.scatter(x[kind == "group"], y[kind == "group"], s=90, marker="s", color="#2980b9", alpha=0.8,
                   label="group")
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 0.08), frameon=False, fontsize=8)
    order = np.argsort(-(y + table[interest].to_numpy(dtype=float)), kind="stable")[:label_top]
    placed: list[tuple[float, float]] = []
    for i in sorted(order, key=lambda j: -y[j]):
        ty = y[i]
        # Keep labels at least 0.03 apart vertically when they sit in the same column.
        while any(abs(ty - py) < 0.03 and abs(x[i] - px) < 0.15 for px, py in placed):
            ty -= 0.03
        placed.append((x[i], ty))
        ax.annotate(str(table[label].iloc[i]), (x[i], y[i]), xytext=(x[i] + 0.02, ty), fontsize=8,
                    ha="left" if x[i] < 0.8 else "right", va="center",
                    arrowprops=dict(arrowstyle="-", color="grey", linewidth=0.5))
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1)
    ax.set_xlabel("Interest (how much the change affects them)")
    ax.set_ylabel("Power (formal level and network influence)")
    ax.set_title("Stakeholders: power and interest")
    return fig
