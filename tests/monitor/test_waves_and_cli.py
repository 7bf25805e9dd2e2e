"""Survey waves are all kept (the latest drives the analysis); the monitor command end to end."""

from __future__ import annotations

import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.monitor import attitude_trend, group_members

ATTITUDES = """respondent_id,item,value,wave
1,support,5,2027-01-15
2,support,4,2027-01-15
3,support,4,2027-01-15
1,support,2,2027-04-12
2,support,1,2027-04-12
3,support,2,2027-04-12
3,support,5,2027-04-12
"""


def test_both_waves_kept_latest_drives_analysis(make_folder):
    org = sg.read_org(make_folder({"attitudes.csv": ATTITUDES}))
    # Every wave is kept; only the repeat inside the April wave (row 8) is dropped.
    assert len(org.attitude_waves) == 6
    assert sorted(org.attitude_waves["wave"].unique()) == ["2027-01-15", "2027-04-12"]
    assert org.attitudes["wave"].unique().tolist() == ["2027-04-12"]
    assert org.attitudes.set_index("respondent_id")["value"].to_dict() == {"1": 2.0, "2": 1.0, "3": 2.0}
    q = org.quality.to_frame()
    assert q.loc[q["problem"] == "second answer to the same item by the same person", "row"].tolist() == [8]
    assert any(q["problem"].str.startswith("2 survey waves (2027-01-15, 2027-04-12): 3 answers from earlier waves"))
    # The trend compares them: support 5, 4, 4 -> 2, 1, 2 on -1..1 is 0.667 -> -0.667.
    members = group_members(org.people)
    trend = attitude_trend(org.attitude_waves, members, min_group_size=3)
    org_trend = trend[trend["group_type"] == "organisation"]
    assert org_trend["wave"].tolist() == ["2027-01-15", "2027-04-12"]
    assert org_trend["mean_attitude"].tolist() == [0.667, -0.667]
    assert org_trend["share_resistant"].tolist() == [0.0, 1.0]


def test_numbered_waves_sort_as_numbers(make_folder):
    text = "respondent_id,item,value,wave\n1,support,5,10\n1,support,1,9\n"
    org = sg.read_org(make_folder({"attitudes.csv": text}))
    assert org.attitudes["value"].tolist() == [5.0]


def test_no_wave_column_keeps_everything_as_one_wave(make_folder):
    org = sg.read_org(make_folder({"attitudes.csv": "respondent_id,item,value\n1,support,5\n2,support,3\n"}))
    assert len(org.attitudes) == len(org.attitude_waves) == 2


@pytest.fixture(scope="module")
def rollout_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rollout") / "org"
    assert main(["synth", "--people", "300", "--seed", "4", "--out", str(folder), "--go-live", "2027-03-01"]) == 0
    return folder


def test_monitor_command_writes_the_contract(rollout_folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["monitor", str(rollout_folder), "--go-live", "2027-03-01", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Alerts (" in printed and "Diffusion:" in printed
    weekly = pd.read_csv(out / "adoption_weekly.csv")
    assert list(weekly.columns[:9]) == ["group_type", "group", "week", "eligible", "active", "active_share",
                                        "breadth", "depth", "habit"]
    assert weekly["eligible"].min() >= 5 and sorted(weekly["week"].unique()) == list(range(1, 13))
    alerts = pd.read_csv(out / "alerts.csv")
    assert list(alerts.columns) == ["week", "group_type", "group", "signal", "value", "threshold", "message"]
    assert set(alerts["signal"]) <= {"active_drop", "reversion", "attitude_drop", "below_target",
                                     "champion_overload", "comment_theme"}
    trend = pd.read_csv(out / "attitude_trend.csv", dtype={"wave": str})
    assert list(trend.columns) == ["group_type", "group", "wave", "respondents", "mean_attitude", "share_resistant"]
    assert trend.query("group_type == 'organisation'")["wave"].tolist() == ["2027-02-01", "2027-04-12"]
    sheet = pd.read_csv(out / "success_metrics_measured.csv")
    assert {"Breadth", "Depth", "Habit", "Persistence", "Help-seeking"} <= set(sheet["metric"])
    # No individual usage leaves by default.
    assert not (out / "exposure.csv").exists()
    stories = pd.read_csv(rollout_folder / "truth" / "rollout_stories.csv").set_index("story")["value"]
    assert stories["stall"] in set(alerts.loc[alerts["signal"] == "below_target", "group"])


def test_monitor_thresholds_are_configurable(rollout_folder, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("[alerts]\ntarget_active_share = 0.0\npersist_weeks = 3\n")
    out = tmp_path / "out"
    assert main(["monitor", str(rollout_folder), "--go-live", "2027-03-01", "--out", str(out),
                 "--rules", str(rules)]) == 0
    alerts = pd.read_csv(out / "alerts.csv")
    assert "below_target" not in set(alerts["signal"])


def test_monitor_refuses_to_write_into_its_input(rollout_folder, capsys):
    assert main(["monitor", str(rollout_folder), "--go-live", "2027-03-01",
                 "--out", str(rollout_folder / "out")]) == 2
    assert "outside the input folder" in capsys.readouterr().err


def test_missing_usage_column_is_named(rollout_folder, tmp_path, capsys):
    bad = tmp_path / "usage.csv"
    bad.write_text("who,timestamp,event\n1,2027-03-01T10:00:00Z,login\n")
    assert main(["monitor", str(rollout_folder), "--go-live", "2027-03-01", "--out", str(tmp_path / "o"),
                 "--usage", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "usage.csv" in err and "person_id" in err


def test_fast_composite_equals_score_attitudes():
    from stakeholder_graph.monitor.feedback import composite_attitude
    from stakeholder_graph.resistance import score_attitudes
    from stakeholder_graph.synth import make_org

    answers = make_org(300, seed=3).attitudes
    answers = answers.assign(value=pd.to_numeric(answers["value"], errors="coerce")).dropna(subset=["value"])
    expected = score_attitudes(answers)["attitude"]
    got = composite_attitude(answers)
    pd.testing.assert_series_equal(got.reindex(expected.index), expected, check_names=False)
