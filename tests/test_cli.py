"""The command line: exit status, short messages on bad input, files written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from stakeholder_graph.cli import main

ACME = Path(__file__).resolve().parents[1] / "datasets" / "acme"


def test_analyze_writes_reports(tmp_path, capsys):
    assert main(["analyze", str(ACME), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "400 people" in out and "help" in out and "Data-quality findings" in out
    quality = pd.read_csv(tmp_path / "data_quality.csv")
    assert list(quality.columns) == ["file", "row", "column", "value", "problem", "action"]
    assert len(quality) > 0
    people = pd.read_csv(tmp_path / "people.csv", dtype={"id": str})
    assert len(people) == 400 and {"id", "name", "department", "is_manager", "responded",
                                   "in_degree_help", "in_degree_influence"} <= set(people.columns)
    summary = pd.read_csv(tmp_path / "network_summary.csv")
    assert summary["layer"].tolist() == ["formal", "help", "influence"]
    rates = pd.read_csv(tmp_path / "response_rate.csv")
    assert rates["headcount"].iloc[-1] == 400
    small = rates["headcount"] < 5  # the one-person Executive Office, merged and suppressed
    assert rates.loc[small, "department"].tolist() == ["Other (groups under 5 people)"]
    assert rates.loc[small, "response_rate"].isna().all()


def test_pseudonymise_hides_names_and_ids(tmp_path):
    assert main(["analyze", str(ACME), "--out", str(tmp_path / "out"), "--pseudonymise"]) == 0
    assert (tmp_path / "stakeholder-graph.key").is_file()  # beside the outputs, not in them
    tmp_path = tmp_path / "out"
    people = pd.read_csv(tmp_path / "people.csv")
    real = pd.read_csv(ACME / "people.csv")
    assert people["id"].str.match(r"P-[0-9a-f]{10}$").all()
    assert not set(people["name"]) & set(real["name"])
    assert not set(people["id"]) & set(real["id"])
    quality = pd.read_csv(tmp_path / "data_quality.csv", keep_default_na=False)
    text = " ".join(quality.astype(str).values.ravel())
    assert not any(name in text for name in real["name"])


def test_validate_ok_and_bad(tmp_path, capsys):
    assert main(["validate", str(ACME)]) == 0
    assert "No blocking problems" in capsys.readouterr().out
    (tmp_path / "people.csv").write_text("id,name\n1,Ana\n1,Bo\n")
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "people.csv, row 2, column 'id' (value '1')" in err and "Traceback" not in err


def test_synth_command(tmp_path, capsys):
    assert main(["synth", "--people", "120", "--seed", "3", "--out", str(tmp_path / "org")]) == 0
    assert (tmp_path / "org" / "people.csv").exists() and (tmp_path / "org" / "truth" / "truth.csv").exists()
    assert main(["synth", "--people", "3", "--out", str(tmp_path / "tiny")]) == 2
    assert "'n_people' parameter must be an integer >= 20. Got 3 instead." in capsys.readouterr().err


def test_console_script_prints_no_traceback(tmp_path):
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "people.csv").write_text("id,name,manager_id\n1,Ana,2\n2,Bo,1\n")
    done = subprocess.run([sys.executable, "-m", "stakeholder_graph.cli", "analyze", str(tmp_path / "org"),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "reporting cycle: Ana (id 1) -> Bo (id 2) -> Ana" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_analyze_writes_the_champion_outputs(tmp_path, capsys):
    assert main(["analyze", str(ACME), "--out", str(tmp_path), "--champions", "8", "--managers", "exclude",
                 "--quota", "department", "--max-members-per-champion", "40"]) == 0
    out = capsys.readouterr().out
    assert "Champion shortlist (8 people on 'help'" in out and "managers: exclude" in out
    champions = pd.read_csv(tmp_path / "champions.csv")
    assert champions.columns.tolist() == ["rank", "id", "name", "department", "title", "is_manager", "score",
                                          "score_sought_out", "score_diffusion", "score_reach_2",
                                          "score_brokerage", "sought_out_by_reports", "sought_out_across_line",
                                          "stance", "recruit", "new_reach", "coverage", "reasons"]
    assert not (champions["stance"] == "sceptic").any()
    assert len(champions) == 8 and not champions["is_manager"].any()
    assert champions["coverage"].is_monotonic_increasing
    people = pd.read_csv(tmp_path / "people.csv", dtype={"id": str}, keep_default_na=False)
    for column in ["pagerank", "betweenness", "constraint", "reach_1", "reach_2", "role", "champion_score",
                   "is_champion", "assigned_champion", "sought_out_by_reports", "sought_out_across_line"]:
        assert column in people.columns
    assert "stance" not in people.columns  # an individual attitude: only on request
    assert not (tmp_path / "win_over_first.csv").exists()
    assert "Influential sceptics to win over first: " in out and "names with --include-individual-attitudes" in out
    assert set(people.loc[people["is_champion"].astype(str) == "True", "id"]) == set(champions["id"])
    loads = people.loc[(people["assigned_champion"] != "") & (people["is_champion"].astype(str) == "False"),
                       "assigned_champion"].value_counts()
    assert loads.max() <= 40 and set(loads.index) <= set(champions["id"])
    # Every department big enough to be shown has a champion (quota), in the shortlist.
    departments = pd.read_csv(ACME / "people.csv")["department"].unique()
    assert set(champions["department"]) == set(departments) - {"Executive Office"}  # its only person manages


def test_bad_quota_is_a_short_error(tmp_path, capsys):
    assert main(["analyze", str(ACME), "--out", str(tmp_path), "--champions", "2", "--quota", "department"]) == 2
    assert "'quotas' parameter must be at most 2 champions in total" in capsys.readouterr().err


def test_progress_bar_on_request(tmp_path, capsys):
    assert main(["analyze", str(ACME), "--out", str(tmp_path), "--progress", "--show", "1"]) == 0
    assert "analysis:" in capsys.readouterr().err
    assert main(["analyze", str(ACME), "--out", str(tmp_path), "--no-progress", "--show", "1"]) == 0
    assert "analysis:" not in capsys.readouterr().err
