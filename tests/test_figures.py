"""The network figure's layout, prepared ahead by the drawing process, is the one drawn."""

from __future__ import annotations

import numpy as np

from stakeholder_graph import OrgData, read_org
from stakeholder_graph.network.orgnetwork import build_network
from stakeholder_graph.plotting import figures
from stakeholder_graph.synth import make_org, write_org


def _dots(net) -> np.ndarray:
    return figures.plot_network(net).axes[0].collections[1].get_offsets().data.copy()


def test_a_prepared_layout_is_the_one_drawn_and_only_for_its_own_ties(monkeypatch, tmp_path):
    one = build_network(read_org(write_org(make_org(60, seed=1), tmp_path / "one")))
    other = build_network(read_org(write_org(make_org(60, seed=2), tmp_path / "other")))  # as many people, other ties
    monkeypatch.setattr(figures, "_LAYOUTS", {})
    fresh_one, fresh_other = _dots(one), _dots(other)
    monkeypatch.setattr(figures, "_LAYOUTS", {})
    figures.prepare_network_layout(one, "help")
    assert len(figures._LAYOUTS) == 1
    np.testing.assert_array_equal(_dots(one), fresh_one)
    assert len(figures._LAYOUTS) == 1  # drawn from the prepared layout, not laid out again
    np.testing.assert_array_equal(_dots(other), fresh_other)  # not given the first network's layout
    assert len(figures._LAYOUTS) == 2
    assert not np.allclose(fresh_one, fresh_other)


def test_nothing_is_prepared_for_a_network_drawn_as_groups(monkeypatch):
    monkeypatch.setattr(figures, "_LAYOUTS", {})
    monkeypatch.setattr(figures, "NODE_LIMIT", 3)
    figures.prepare_network_layout(build_network(OrgData.example()))
    assert figures._LAYOUTS == {}


def test_the_merged_small_groups_show_no_counts_when_they_are_too_few_themselves(tmp_path):
    # Groups under the minimum merge into "Other"; when that merged group is itself under
    # the minimum (two people here), the figure says so instead of printing its counts.
    import stakeholder_graph as sg
    from stakeholder_graph.synth import make_org, write_org

    net = sg.build_network(sg.read_org(write_org(make_org(700, seed=2), tmp_path / "org")))
    groups = net.people["department"].astype(str).to_numpy().copy()
    groups[:2] = ["Solo A", "Solo B"]
    texts = [t.get_text() for t in sg.plotting.plot_network(net, champions=[net.ids[0]], groups=groups,
                                                            min_group_size=5).axes[0].texts]
    assert "Other (small groups)\nfewer than 5 people" in texts
    assert not any(t.startswith("Other") and "2 people" in t for t in texts)
    shown = [t for t in texts if not t.startswith("Other")]
    assert shown and all(int(t.split("\n")[1].split(" ")[0].replace(",", "")) >= 5 for t in shown)
    assert any(t.endswith(" 1 champion") or t.endswith(" champions") for t in shown)
