"""Every real dataset in ../shared/datasets loads through read_org with the counts its README states."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg

# people, then edge rows per relation (and wave), as stated in each dataset's README.
# Relation labels are read in lower case (practice_A -> practice_a).
EXPECTED = {
    "bank_wiring_room": (14, {"games": 56, "conflict": 38, "friendship": 26, "antagonistic": 38,
                              "help": 24, "trade_jobs": 7}),
    "brazilian_farmers": (692, {"friend": 830, "influential": 923, "practice_a": 268, "practice_b": 261,
                                "practice_c": 237, "coop_project": 339}),
    "burkhardt_government_agency": (73, {"advice_communication@1": 1492, "advice_communication@2": 1408,
                                         "advice_communication@3": 1566, "advice_communication@4": 1438,
                                         "advice_communication@5": 1528}),
    "freeman_eies": (32, {"acquaintance@1": 650, "acquaintance@2": 759, "messages": 440}),
    "kapferer_tailor_shop": (39, {"instrumental@1": 109, "instrumental@2": 147,
                                  "sociational@1": 316, "sociational@2": 446}),
    "korean_family_planning": (1047, {"fp_discussion": 2578, "fp_advice": 2372, "fp_information": 2059,
                                      "abortion_advice": 733, "closest_neighbor": 3126,
                                      "education_advice": 1878, "health_advice": 1793,
                                      "purchase_advice": 1880}),
    "krackhardt_hightech_managers": (21, {"advice": 190, "friendship": 102, sg.FORMAL: 20}),
    "krackhardt_hitech_union": (36, {"friendship": 147, "advice_undocumented": 147}),
    "lazega_lawfirm": (71, {"advice": 892, "friendship": 575, "cowork": 1104}),
    "medical_innovation": (246, {"advice": 480, "discussion": 565, "friendship": 506}),
    "michael_sawmill": (36, {"work_communication": 124}),
    "michael_strike": (24, {"discussed_strike": 76}),
    "sampson_monastery": (25, None),  # 725 rows over many relation x wave layers: checked in total
}
TOTAL_ROWS = {"bank_wiring_room": 189, "brazilian_farmers": 2858, "burkhardt_government_agency": 7432,
              "freeman_eies": 1849, "kapferer_tailor_shop": 1018, "korean_family_planning": 16419,
              "krackhardt_hightech_managers": 312, "krackhardt_hitech_union": 294, "lazega_lawfirm": 2571,
              "medical_innovation": 1551, "michael_sawmill": 124, "michael_strike": 76,
              "sampson_monastery": 725}


def test_every_shared_dataset_is_listed_here(shared_datasets):
    folders = {p.name for p in shared_datasets.iterdir() if (p / "edges.csv").exists()}
    assert folders == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dataset_counts(shared_datasets, name):
    org = sg.read_org(shared_datasets / name)
    net = sg.build_network(org)
    people, per_layer = EXPECTED[name]
    assert org.layout == "edge list"
    assert net.n_people == people == len(pd.read_csv(shared_datasets / name / "people.csv"))
    ties = {layer: len(net.edges(layer)) for layer in net.layers if len(net.edges(layer))}
    assert sum(ties.values()) == TOTAL_ROWS[name]
    if per_layer is not None:
        assert ties == per_layer
    # These datasets are clean: nothing may have been dropped or merged on the way.
    report = org.quality.to_frame()
    assert not report["action"].str.match("dropped|merged").any(), report


def test_sampson_layers_by_wave(shared_datasets):
    net = sg.build_network(sg.read_org(shared_datasets / "sampson_monastery"))
    assert len(net.edges("like@1")) == 39 and len(net.edges("like@3")) == 57
    # The plain relation name means the latest wave of that relation.
    assert net.resolve_relation("like") == "like@5"
    assert net.resolve_relation("blame") == "blame@4"


def test_hightech_managers_hierarchy_from_reports_to(shared_datasets):
    org = sg.read_org(shared_datasets / "krackhardt_hightech_managers")
    net = sg.build_network(org)
    edges = pd.read_csv(shared_datasets / "krackhardt_hightech_managers" / "edges.csv", dtype=str)
    reports = edges[edges["relation"] == "reports_to"]
    assert dict(zip(reports["source"], reports["target"])) == dict(
        org.people.loc[org.people["manager_id"] != "", ["id", "manager_id"]].values.tolist())
    tops = org.people.loc[org.people["manager_id"] == "", "id"].tolist()
    assert tops == ["7"]  # the CEO, the only person who reports to no one
    formal = net.graph(sg.FORMAL)
    assert formal.out_degree("7") == 4  # the vice presidents report to the CEO (level 2)
    levels = org.people.set_index("id")["level"]
    assert all(levels[m] < levels[r] for m, r in formal.edges())


def test_advice_in_degree_matches_edges_csv(shared_datasets):
    for name in ["krackhardt_hightech_managers", "lazega_lawfirm"]:
        edges = pd.read_csv(shared_datasets / name / "edges.csv", dtype=str)
        counts = edges[edges["relation"] == "advice"].groupby("target").size()
        net = sg.build_network(sg.read_org(shared_datasets / name))
        in_degree = pd.Series(np.asarray(net.matrix("advice").sum(axis=0)).ravel(), index=net.ids)
        assert in_degree[in_degree > 0].astype(int).sort_index().to_dict() == counts.sort_index().to_dict()
        G = net.graph("advice")
        assert dict(G.in_degree()) == in_degree.astype(int).to_dict()


def test_mapping_brings_departments_from_a_dataset_column(shared_datasets):
    org = sg.read_org(shared_datasets / "lazega_lawfirm", {"people": {"office_label": "department"}})
    rates = sg.build_network(org).response_rate()
    assert set(rates["department"]) >= {"Boston", "Hartford", "All"}
    assert rates.iloc[-1]["headcount"] == 71
