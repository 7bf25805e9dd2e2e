"""The two-pass Leiden default against the previous default (Leiden passes until stable).

Quality must not regress for speed: on synthetic organisations (planted departments and
teams) the two partitions agree (adjusted Rand index and NMI close to 1, as close as two
seeds of the stable method), with the same modularity; on Sampson's monastery both
recover his factions equally well.
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.resistance import detect_communities
from stakeholder_graph.resistance.communities import _undirected
from stakeholder_graph.synth import make_org, write_org


def _modularity(net, layers, labels, resolution):
    S = _undirected(net, layers)
    g = ig.Graph(n=net.n_people, edges=np.column_stack([S.row, S.col]), directed=False)
    return g.modularity(labels.tolist(), weights=S.data.tolist(), resolution=resolution)


@pytest.mark.parametrize("n, seed", [(2000, 0), (5000, 1)])
@pytest.mark.parametrize("resolution", [8.0, 1.0])
def test_two_pass_leiden_agrees_with_stable_leiden(tmp_path, n, seed, resolution):
    net = sg.build_network(sg.read_org(write_org(make_org(n, seed=seed), tmp_path)))
    layers = list(net.layers)
    new = detect_communities(net, layers, method="leiden", resolution=resolution, seed=0)
    old = detect_communities(net, layers, method="leiden-stable", resolution=resolution, seed=0)
    ari = ig.compare_communities(new.tolist(), old.tolist(), method="adjusted_rand")
    nmi = ig.compare_communities(new.tolist(), old.tolist(), method="nmi")
    # Measured: ARI 0.985-1.0 and NMI 0.993-1.0 here (0.964 / 0.973 at 100,000 people,
    # where two seeds of the stable method agree at 0.947 / 0.971).
    assert ari >= 0.95 and nmi >= 0.97, (ari, nmi)
    assert _modularity(net, layers, new, resolution) >= _modularity(net, layers, old, resolution) - 0.002


def test_both_leiden_methods_find_sampsons_factions(shared_datasets):
    folder = shared_datasets / "sampson_monastery"
    net = sg.build_network(sg.read_org(folder))
    people = pd.read_csv(folder / "people.csv", dtype=str)
    core = people.loc[people["in_core18"] == "1"].set_index("id")
    in_core = net.people["id"].isin(core.index).to_numpy()
    factions = core.loc[net.people["id"][in_core], "faction_t4_code"].astype(int).tolist()
    scores = {}
    for method in ("leiden", "leiden-stable"):
        # Liking at T4, the wave of Sampson's classification.
        labels = detect_communities(net, "like@4", method=method, resolution=1.0, seed=0)[in_core]
        scores[method] = (ig.compare_communities(factions, labels.tolist(), method="nmi"),
                          ig.compare_communities(factions, labels.tolist(), method="adjusted_rand"))
    # Four factions (one of them the three "interstitial" novices) from three communities.
    assert scores["leiden"][0] >= 0.8 and scores["leiden"][1] >= 0.75, scores
    assert scores["leiden"] == pytest.approx(scores["leiden-stable"]), scores
