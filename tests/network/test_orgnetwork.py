"""OrgNetwork: direction convention, sparse matrices equal the networkx view, summaries."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.io.org import OrgData


@pytest.fixture
def net():
    return sg.build_network(OrgData.example())


def test_direction_convention(net):
    # Cy (3) goes to Ana (1) for help: edge 3 -> 1; Ana manages Bo: formal edge 1 -> 2.
    assert net.graph("help").has_edge("3", "1") and not net.graph("help").has_edge("1", "3")
    assert net.graph(sg.FORMAL).has_edge("1", "2") and not net.graph(sg.FORMAL).has_edge("2", "1")
    A = net.matrix("help")
    assert A[net.ids.get_loc("3"), net.ids.get_loc("1")] == 2.0  # weight kept


def test_matrix_equals_networkx_adjacency(net):
    for layer in net.layers:
        G = net.graph(layer)
        expected = nx.to_scipy_sparse_array(G, nodelist=list(net.ids), weight="weight")
        assert (net.matrix(layer) != expected).nnz == 0
        unweighted = nx.to_scipy_sparse_array(G, nodelist=list(net.ids), weight=None)
        assert (net.matrix(layer, weighted=False) != unweighted).nnz == 0


def test_graph_keeps_everyone_and_attributes(net):
    G = net.graph("help")
    assert set(G) == set(net.ids)  # Ed has no help tie but is a node
    assert not G.nodes["5"]["responded"]
    assert G.nodes["2"]["is_manager"] and G.nodes["2"]["department"] == "IT"
    assert net.graph("help") is G  # built once


def test_unknown_relation_lists_layers(net):
    with pytest.raises(sg.UnknownRelationError, match=r"No network layer called 'advice'.*\['formal', 'help'\]"):
        net.graph("advice")


def test_managers_and_reports(net):
    people = net.people.set_index("id")
    assert people["n_reports"].to_dict() == {"1": 2, "2": 2, "3": 0, "4": 0, "5": 0}
    assert people["is_manager"].tolist() == [True, True, False, False, False]


def test_summary_against_networkx(shared_datasets):
    net = sg.build_network(sg.read_org(shared_datasets / "lazega_lawfirm"))
    summary = net.summary().set_index("layer")
    for layer in ["advice", "friendship"]:
        G = net.graph(layer)
        row = summary.loc[layer]
        assert row["ties"] == G.number_of_edges()
        assert row["density"] == pytest.approx(nx.density(G), abs=1e-5)
        assert row["reciprocity"] == pytest.approx(nx.reciprocity(G), abs=1e-3)
        assert row["isolates"] == nx.number_of_isolates(G)
        largest = max(len(c) for c in nx.weakly_connected_components(G))
        assert row["largest_component_share"] == pytest.approx(largest / G.number_of_nodes(), abs=1e-3)


def test_response_rate_merges_small_groups():
    people = pd.DataFrame({"id": [str(i) for i in range(13)], "name": list("ABCDEFGHIJKLM"),
                           "email": "", "manager_id": "", "title": "", "location": "",
                           "department": ["Big"] * 6 + ["Mid"] * 5 + ["Tiny"] * 2,
                           "responded": [True] * 4 + [False] * 2 + [True] * 5 + [True, False]})
    empty = OrgData.example().nominations.iloc[:0]
    org = OrgData(people=people, nominations=empty, attitudes=None, impact=None,
                  quality=sg.DataQualityReport(), source=__import__("pathlib").Path("x"), layout="organisation")
    rates = sg.build_network(org).response_rate(min_group_size=5)
    assert rates["department"].tolist() == ["Big", "Mid", "Other (groups under 5 people)", "All"]
    other = rates.iloc[2]
    assert other["headcount"] == 2 and pd.isna(other["response_rate"]) and pd.isna(other["respondents"])
    assert rates.iloc[0]["response_rate"] == pytest.approx(4 / 6, abs=1e-3)
    assert rates.iloc[-1]["respondents"] == 10
    assert "Tiny" not in rates["department"].tolist()


def test_waves_become_layers_with_a_latest_alias(make_folder):
    folder = make_folder({"nominations.csv": "respondent_id,relation,nominee,wave\n2,help,1,1\n3,help,1,1\n3,help,1,2\n"})
    net = sg.build_network(sg.read_org(folder))
    assert net.relations == ["help@1", "help@2"]
    assert len(net.edges("help")) == 1 and net.resolve_relation("help") == "help@2"


def test_large_network_stays_sparse():
    from stakeholder_graph.synth import make_org, write_org
    import tempfile

    folder = write_org(make_org(3000, seed=5), tempfile.mkdtemp())
    net = sg.build_network(sg.read_org(folder))
    A = net.matrix("help")
    assert A.shape == (3000, 3000) and A.format == "csr"
    assert A.nnz == len(net.edges("help"))
    in_degree = np.asarray(A.astype(bool).sum(axis=0)).ravel()
    assert dict(zip(net.ids, in_degree)) == dict(net.graph("help").in_degree())


def test_sought_out_beyond_line_against_networkx():
    from pathlib import Path

    org = sg.read_org(Path(__file__).resolve().parents[2] / "datasets" / "acme")
    net = sg.build_network(org)
    table = sg.sought_out_beyond_line(net).set_index("id")
    G, formal = net.graph("help"), net.graph(sg.FORMAL)
    for person in ["E00001", "E00010", "E00100", "E00200"] + list(table["sought_out"].nlargest(3).index):
        seekers = set(G.predecessors(person))
        line = seekers & (set(formal.predecessors(person)) | set(formal.successors(person)))
        assert table.loc[person, "sought_out"] == len(seekers)
        assert table.loc[person, "within_line"] == len(line)
        assert table.loc[person, "beyond_line"] == len(seekers - line)
