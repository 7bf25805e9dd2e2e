"""Every metric against a small log computed by hand (science.md 4.7; issue 11 definitions).

go-live Monday 2027-03-01 00:00 UTC; week 1 = 1-7 March, week 2 = 8-14, week 3 = 15-21.
Departments: A = people 1-4 (core features f1, f2), B = people 5-6 (f1, f2 and f3).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.monitor import monitor

PEOPLE = pd.DataFrame({"id": ["1", "2", "3", "4", "5", "6"], "name": ["Ana", "Bo", "Cy", "Di", "Ed", "Fay"],
                       "email": ["ana@x.org", "bo@x.org", "cy@x.org", "di@x.org", "ed@x.org", "fay@x.org"],
                       "department": ["A"] * 4 + ["B"] * 2})
FEATURES = pd.DataFrame({"feature": ["f1", "f2", "f3", "nc"], "core": [True, True, True, False],
                         "department": ["", "", "B", ""], "title": ""})
LOG = """person_id,timestamp,event,system,count
1,2027-02-28T23:30:00Z,f1,Atlas,
1,2027-03-01T00:30:00+02:00,f1,Atlas,
1,2027-03-01T09:00:00+01:00,f1,Atlas,
1,2027-03-01T09:00:00+01:00,f1,Atlas,
1,2027-03-02T09:00:00Z,f2,Atlas,
1,2027-03-02T10:00:00Z,open_workbook,legacy,
BO@X.ORG,2027-03-03T10:00:00Z,nc,Atlas,
3,2027-03-04T10:00:00Z,open_workbook,Legacy,2
3,2027-03-09T10:00:00Z,f1,Atlas,
1,2027-03-10T10:00:00Z,open_workbook,legacy,
E999,2027-03-03T10:00:00Z,f1,Atlas,
E999,2027-03-04T10:00:00Z,f1,Atlas,
5,2027-03-07T23:30:00-01:00,f3,Atlas,
6,2027-03-05T12:00:00+00:00,f3,Atlas,4
6,2027-03-05T13:00:00Z,f1,Atlas,
6,2027-03-06T13:00:00Z,legacy_entry,legacy,
2,2027-03-15T10:00:00Z,f1,Atlas,
"""


@pytest.fixture(scope="module")
def log_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("usage") / "usage.csv"
    path.write_text(LOG)
    return path


@pytest.fixture(scope="module")
def result(log_file):
    return monitor(PEOPLE, log_file, go_live="2027-03-01", features=FEATURES, min_group_size=1)


def _row(result, group_type, group, week):
    w = result.adoption_weekly
    return w[(w["group_type"] == group_type) & (w["group"] == group) & (w["week"] == week)].iloc[0]


# (group_type, group, week): eligible, active, active_share, breadth, depth, habit, reverted, reversion_rate
EXPECTED = {
    # p1 (f1, f2 on days 0-1), p2 (non-core only), p6 (f3 x4 and f1 on day 4) are active; p3 only legacy (2 events).
    ("organisation", "organisation", 1): (6, 3, 0.5, (1 + 0 + 2 / 3) / 3, 8 / 12, (0.4 + 0.2 + 0.2) / 3, 0, np.nan),
    ("department", "A", 1): (4, 2, 0.5, 0.5, 3 / 6, 0.3, 0, np.nan),
    ("department", "B", 1): (2, 1, 0.5, 2 / 3, 5 / 6, 0.2, 0, np.nan),
    # p3 (f1), p5 (f3 at 23:30 on 7 March at UTC-1 = 8 March UTC) active; p1 legacy only: reverted.
    ("organisation", "organisation", 2): (6, 2, 1 / 3, (1 / 2 + 1 / 3) / 2, 2 / 3, 0.2, 1, 1 / 3),
    ("department", "A", 2): (4, 1, 0.25, 0.5, 0.5, 0.2, 1, 0.5),
    ("department", "B", 2): (2, 1, 0.5, 1 / 3, 1.0, 0.2, 0, 0.0),
    ("organisation", "organisation", 3): (6, 1, 1 / 6, 0.5, 1.0, 0.2, 0, 0.0),
    ("department", "B", 3): (2, 0, 0.0, np.nan, np.nan, np.nan, 0, 0.0),
}


@pytest.mark.parametrize("key", list(EXPECTED))
def test_weekly_metrics_by_hand(result, key):
    row = _row(result, *key)
    names = ["eligible", "active", "active_share", "breadth", "depth", "habit", "reverted", "reversion_rate"]
    got = [row[n] for n in names]
    np.testing.assert_allclose(np.array(got, dtype=float), np.array(EXPECTED[key], dtype=float), atol=6e-4,
                               err_msg=str(key))


def test_weeks_follow_the_log(result):
    assert result.parameters["weeks"] == 3
    assert sorted(result.adoption_weekly["week"].unique()) == [1, 2, 3]


def test_data_quality_report(result):
    q = result.quality.to_frame()
    problems = q["problem"].tolist()
    # 23:30 UTC on 28 Feb and 00:30 at UTC+2 on 1 March are both before go-live.
    assert "2 events before go-live" in problems
    assert "1 duplicate events (same person, time, event, system and count)" in problems
    unknown = q[q["column"] == "person_id"]
    assert unknown["value"].tolist() == ["E999"]
    assert "(2 events)" in unknown["problem"].iloc[0]
    assert unknown["action"].iloc[0].startswith("dropped")


def test_summary_retention_and_time_to_core(result):
    s = result.adoption_summary.set_index(["group_type", "group"])
    org = s.loc[("organisation", "organisation")]
    # Ever active: 1, 2, 3, 5, 6. Cohort (active in week 1 or 2): the same five; none is seen in week 4.
    assert (org["adopted"], org["cohort"]) == (5, 5)
    assert org["retention_4"] == 0
    # First relevant core feature, in days from go-live: p1 0, p6 4, p5 7, p3 8, p2 14 -> median 7.
    assert (org["used_core"], org["median_days_to_core"]) == (5, 7.0)
    a = s.loc[("department", "A")]
    assert (a["adopted"], a["used_core"], a["median_days_to_core"]) == (3, 3, 8.0)


def test_people_without_events_count_as_eligible_not_active(result):
    # Di (4) never appears in the log: eligible in every week of department A, never active.
    a = result.adoption_weekly.query("group == 'A'")
    assert (a["eligible"] == 4).all()
    assert a["active"].tolist() == [2, 1, 1]


def test_same_numbers_from_parquet_and_from_a_dataframe(log_file, result, tmp_path):
    frame = pd.read_csv(io.StringIO(LOG), dtype=str, keep_default_na=False)
    frame.to_parquet(tmp_path / "usage.parquet", index=False)
    for source in (tmp_path / "usage.parquet", frame):
        other = monitor(PEOPLE, source, go_live="2027-03-01", features=FEATURES, min_group_size=1)
        pd.testing.assert_frame_equal(other.adoption_weekly, result.adoption_weekly)


def test_small_groups_are_suppressed(log_file):
    out = monitor(PEOPLE, log_file, go_live="2027-03-01", features=FEATURES, min_group_size=3)
    assert set(out.adoption_weekly["group"]) == {"organisation", "A"}


def test_without_relevance_every_core_feature_counts_for_everyone(log_file):
    features = FEATURES.assign(department="")
    out = monitor(PEOPLE, log_file, go_live="2027-03-01", features=features, min_group_size=1)
    org = out.adoption_weekly.query("group == 'organisation' and week == 1").iloc[0]
    # p1: f1, f2 of 3; p2: none; p6: f3, f1 of 3.
    assert org["breadth"] == pytest.approx((2 / 3 + 0 + 2 / 3) / 3, abs=6e-4)
