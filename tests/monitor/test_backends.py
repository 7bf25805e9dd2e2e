"""The same Ibis expressions on DuckDB and on Spark (local mode) give the same numbers."""

from __future__ import annotations

import importlib.util
import shutil

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.monitor import connect, monitor

from test_metric_definitions import FEATURES  # noqa: E402  (same folder, on sys.path)

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark not installed (dev extra)"),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime (java not on PATH)"),
    # PySpark warns that it does not yet fully support pandas 3; Arrow carries the data, not pandas.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]


def _random_log(seed: int, n_people: int = 60, n_events: int = 4000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = pd.Timestamp("2027-02-25")
    when = base + pd.to_timedelta(rng.integers(0, 60 * 24 * 3600, n_events), unit="s")
    offset = rng.choice(["Z", "+02:00", "-05:00", "+00:00"], n_events)
    shift = pd.to_timedelta(np.select([offset == "+02:00", offset == "-05:00"], [2, -5], 0), unit="h")
    stamps = (when + shift).strftime("%Y-%m-%dT%H:%M:%S").to_numpy() + offset
    person = rng.integers(1, n_people + 3, n_events).astype(str)  # two ids beyond the roster
    frame = pd.DataFrame({"person_id": person, "timestamp": stamps,
                          "event": rng.choice(["f1", "f2", "f3", "nc", "old"], n_events),
                          "system": rng.choice(["Atlas", "legacy"], n_events, p=[0.8, 0.2]),
                          "count": rng.choice(["", "2"], n_events, p=[0.9, 0.1])})
    return pd.concat([frame, frame.sample(50, random_state=seed)], ignore_index=True)


@pytest.fixture(scope="module")
def spark():
    return connect("pyspark", **{"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"})


def _compare(a, b):
    for name in ("adoption_weekly", "adoption_summary"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False, obj=name)
    pd.testing.assert_frame_equal(a.quality.to_frame(), b.quality.to_frame(), check_dtype=False)
    pd.testing.assert_frame_equal(a.alerts, b.alerts, check_dtype=False)


def test_random_log_same_on_duckdb_and_spark(spark, tmp_path):
    """Time zones, duplicates, counts, unknown ids and events before go-live, on both engines.

    One Spark run costs about a minute on a busy two-core machine, so one rich log is compared
    rather than many small ones (the hand-computed log is checked on DuckDB).
    """
    people = pd.DataFrame({"id": [str(i) for i in range(1, 61)], "name": [f"P{i}" for i in range(1, 61)],
                           "department": ["A", "B", "C"] * 20})
    _random_log(7).to_parquet(tmp_path / "usage.parquet", index=False)
    options = dict(go_live="2027-03-01", features=FEATURES, min_group_size=5)
    duck = monitor(people, tmp_path / "usage.parquet", **options)
    assert duck.adoption_weekly["active"].sum() > 100  # the comparison has something to compare
    _compare(duck, monitor(people, tmp_path / "usage.parquet", con=spark, **options))
