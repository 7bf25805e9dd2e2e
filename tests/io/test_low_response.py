"""Departments whose network-survey response rate is below 60% are flagged (issue 9)."""

from __future__ import annotations

import pandas as pd

import stakeholder_graph as sg
from stakeholder_graph.cli import main


def _org(make_folder):
    people = ["id,name,manager_id,department,responded", "1,Boss,,Exec,true"]
    # Sales: 2 of 6 answered (33%); Ops: 5 of 6 (83%); Tiny: 0 of 2 (under the minimum group size).
    people += [f"{10 + i},S{i},1,Sales,{'true' if i < 2 else 'false'}" for i in range(6)]
    people += [f"{20 + i},O{i},1,Ops,{'true' if i < 5 else 'false'}" for i in range(6)]
    people += [f"{30 + i},T{i},1,Tiny,false" for i in range(2)]
    nominations = ["respondent_id,relation,nominee", "10,help,1", "11,help,10"]
    nominations += [f"{20 + i},help,{20 + (i + 1) % 6}" for i in range(5)]
    return make_folder({"people.csv": "\n".join(people) + "\n", "nominations.csv": "\n".join(nominations) + "\n"})


def test_low_response_departments_are_data_quality_findings(make_folder):
    org = sg.read_org(_org(make_folder))
    found = org.quality.to_frame()
    low = found[found["problem"].str.startswith("low network-survey response rate")]
    assert low[["value", "problem"]].values.tolist() == [
        ["Sales", "low network-survey response rate: 33% (2 of 6) is below 60%"]]
    assert "less reliable" in low["action"].iloc[0]
    stricter = sg.read_org(_org(make_folder), response_rate_threshold=0.9)
    assert set(stricter.quality.to_frame().query("problem.str.startswith('low network')")["value"]) == {"Sales", "Ops"}


def test_response_rate_table_flags_low_groups_as_data(make_folder, tmp_path, capsys):
    org = sg.read_org(_org(make_folder))
    rates = sg.build_network(org).response_rate(min_group_size=5).set_index("department")
    assert rates.loc["Sales", "low_response"] == True  # noqa: E712
    assert rates.loc["Ops", "low_response"] == False  # noqa: E712
    assert pd.isna(rates.loc["Other (groups under 5 people)", "low_response"])  # suppressed, not judged
    assert main(["analyze", str(_org(make_folder)), "--out", str(tmp_path / "out")]) == 0
    assert "Low response (results less reliable): Sales 33%" in capsys.readouterr().out
    written = pd.read_csv(tmp_path / "out" / "response_rate.csv").set_index("department")
    assert bool(written.loc["Sales", "low_response"]) is True
