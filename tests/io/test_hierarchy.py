"""Reporting cycles found by pointer doubling, checked against networkx's cycle finder."""

import networkx as nx
import numpy as np
import pytest

from stakeholder_graph.io.hierarchy import reporting_cycles


@pytest.mark.parametrize("parent, cycles", [
    ([-1, 0, 0, 1], []),
    ([1, 0], [[0, 1]]),
    ([0], [[0]]),
    ([-1, 2, 3, 1, 3], [[1, 2, 3]]),          # 4 hangs below the cycle but is not in it
    ([1, 2, 0, 4, 3, -1], [[0, 1, 2], [3, 4]]),
    ([], []),
])
def test_known_cycles(parent, cycles):
    assert reporting_cycles(np.array(parent, dtype=np.int64)) == cycles


@pytest.mark.parametrize("seed", range(20))
def test_random_forests_with_cycles_match_networkx(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    parent = np.where(rng.random(n) < 0.1, -1, rng.integers(0, n, n))
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from((i, int(p)) for i, p in enumerate(parent) if p >= 0)
    expected = sorted(sorted(c) for c in nx.simple_cycles(G))
    assert sorted(sorted(c) for c in reporting_cycles(parent)) == expected
