"""Speed and peak memory of the rollout monitor on large event logs (DuckDB).

Usage::

    python benchmarks/bench_monitor.py                      # 10 million events (100,000 people, 12 weeks)
    python benchmarks/bench_monitor.py 10000000 100000000   # and 100 million
    python benchmarks/bench_monitor.py --keep /tmp/sg-bench-monitor 10000000
    python benchmarks/bench_monitor.py --write benchmarks/RESULTS_monitor.md 10000000 100000000   # make bench-monitor

The event log is generated once as Parquet files under a temporary folder (never in the
repository): one row per event with ``person_id`` (dictionary-encoded text), ``timestamp``
(UTC), ``event``, ``system`` (a fifth legacy). Then, in a fresh process so that peak memory
(max RSS, DuckDB included) belongs to the run alone, ``monitor`` computes every output
(weekly metrics per organisation, 20 departments, 2,000 clusters and 3,000 champions'
groups, retention, time to core use, exposure and the hazard model, attitude trends of two
waves, comment themes, alerts) and ``write_monitor`` writes them. DuckDB gets a 3 GB
memory limit and spills to a temporary folder beyond it.

Targets (issue 11): 10 million events within 20 s and 4 GiB; 100 million within 3 minutes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Report, base_folder, in_fresh_process, machine, peak_mib, reset_peak  # noqa: E402

N_PEOPLE = 100_000
WEEKS = 12
GO_LIVE = "2027-03-01"
GO_LIVE_SECONDS = 1_803_859_200
FEATURES = ["create_record", "approve", "search", "update_status", "attach_document", "run_report",
            "login", "view_dashboard", "export_csv", "settings"]
LEGACY = ["open_workbook", "legacy_entry", "legacy_report"]
CHUNK = 5_000_000
THREADS = 2
MEMORY_LIMIT = "3GB"


def _people(n: int, rng: np.random.Generator):
    import pandas as pd

    ids = np.array([f"E{i:07d}" for i in range(n)])
    dept = rng.integers(0, 20, n)
    champions = rng.choice(n, 3000, replace=False)
    is_champion = np.zeros(n, bool)
    is_champion[champions] = True
    return pd.DataFrame({"id": ids, "name": [f"Person {i}" for i in range(n)],
                         "email": [f"p{i}@acme.example" for i in range(n)],
                         "department": np.array([f"Dept {d:02d}" for d in range(20)])[dept],
                         "title": "Specialist", "community": rng.integers(0, 2000, n),
                         "assigned_champion": ids[champions[rng.integers(0, 3000, n)]],
                         "is_champion": is_champion})


def generate(folder: Path, n_events: int, seed: int = 0) -> Path:
    """Write people, features, nominations, attitudes, comments and the event log (Parquet) once."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    log = folder / f"usage_{n_events}"
    if (log / "_done").exists():
        return folder
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = _people(N_PEOPLE, rng)
    people.to_parquet(folder / "people.parquet", index=False)
    pd.DataFrame({"feature": FEATURES, "core": [True] * 6 + [False] * 4, "department": "", "title": ""}).to_parquet(
        folder / "features.parquet", index=False)
    src = np.repeat(np.arange(N_PEOPLE), 5)
    dst = (src + rng.integers(1, 500, len(src))) % N_PEOPLE
    waves = np.where(rng.random(len(src)) < 0.5, "2027-02-01", "2027-04-12")
    pd.DataFrame({"respondent_id": people["id"].to_numpy()[src], "relation": "help",
                  "nominee_id": people["id"].to_numpy()[dst], "wave": waves}).to_parquet(
        folder / "nominations.parquet", index=False)
    items = ["support", "readiness", "adkar_desire"]
    rid = np.repeat(people["id"].to_numpy(), len(items) * 2)
    pd.DataFrame({"respondent_id": rid, "item": np.tile(items, N_PEOPLE * 2),
                  "wave": np.tile(np.repeat(["2027-02-01", "2027-04-12"], len(items)), N_PEOPLE),
                  "value": rng.integers(1, 6, len(rid)).astype(float)}).to_parquet(folder / "attitudes.parquet",
                                                                                     index=False)
    stamps = pd.Timestamp(GO_LIVE, tz="UTC") + pd.to_timedelta(rng.integers(0, WEEKS * 7 * 86400, 5000), unit="s")
    pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "department": people["department"].to_numpy()[rng.integers(0, N_PEOPLE, 5000)],
                  "text": rng.choice(["training was short", "search is slow", "back to excel", "fine"], 5000)}
                 ).to_parquet(folder / "comments.parquet", index=False)

    log.mkdir(exist_ok=True)
    ids = pa.array(people["id"].to_numpy())
    emails = pa.array(people["email"].to_numpy())
    names = pa.array(FEATURES + LEGACY)
    systems = pa.array(["Atlas", "legacy"])
    # Adoption week per person: most start in weeks 1-4, a tenth never does.
    start = np.where(rng.random(N_PEOPLE) < 0.9, rng.integers(1, 5, N_PEOPLE), WEEKS + 1)
    done = 0
    part = 0
    while done < n_events:
        k = min(CHUNK, n_events - done)
        person = rng.integers(0, N_PEOPLE, k)
        week = rng.integers(1, WEEKS + 1, k)
        legacy = (week < start[person]) | (rng.random(k) < 0.15)
        event = np.where(legacy, len(FEATURES) + rng.integers(0, len(LEGACY), k), rng.integers(0, len(FEATURES), k))
        seconds = GO_LIVE_SECONDS + (week - 1) * 7 * 86400 + rng.integers(0, 5 * 86400, k)
        seconds[:1000] -= 10 * 86400  # a pilot before go-live
        use_email = rng.random(k) < 0.05
        person_text = pa.DictionaryArray.from_arrays(pa.array(person.astype(np.int32)), ids).cast(pa.string())
        email_text = pa.DictionaryArray.from_arrays(pa.array(person.astype(np.int32)), emails).cast(pa.string())
        table = pa.table({
            "person_id": pa.array(np.where(use_email, email_text.to_numpy(zero_copy_only=False),
                                           person_text.to_numpy(zero_copy_only=False))),
            "timestamp": pa.array(seconds * 1_000_000, pa.timestamp("us", tz="UTC")),
            "event": pa.DictionaryArray.from_arrays(pa.array(event.astype(np.int32)), names),
            "system": pa.DictionaryArray.from_arrays(pa.array(legacy.astype(np.int32)), systems),
        })
        pq.write_table(table, log / f"part-{part:04d}.parquet", row_group_size=1_000_000)
        done += k
        part += 1
    (log / "_done").write_text("")
    return folder


def measure(folder: str, n_events: str) -> dict:
    import resource

    import pandas as pd

    from stakeholder_graph.monitor import connect, monitor
    from stakeholder_graph.monitor.export import write_monitor

    base = Path(folder)
    reset_peak()
    start, cpu0 = time.perf_counter(), time.process_time()
    people = pd.read_parquet(base / "people.parquet")
    features = pd.read_parquet(base / "features.parquet")
    nominations = pd.read_parquet(base / "nominations.parquet")
    attitudes = pd.read_parquet(base / "attitudes.parquet")
    comments = pd.read_parquet(base / "comments.parquet")
    read = (time.perf_counter() - start, time.process_time() - cpu0)
    spill = tempfile.mkdtemp(prefix="sg-duckdb-spill-")
    con = connect(threads=THREADS, memory_limit=MEMORY_LIMIT, temp_directory=spill)
    result = monitor(people, base / f"usage_{n_events}", go_live=GO_LIVE, features=features, weeks=WEEKS,
                     nominations=nominations, attitude_waves=attitudes, comments=comments, con=con)
    computed = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    paths = write_monitor(result, tempfile.mkdtemp(prefix="sg-bench-monitor-out-"))
    writing = (time.perf_counter() - wall, time.process_time() - cpu)
    total = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    steps = {"read people, features, surveys, comments": read, **result.timings, "write outputs": writing}
    org = result.adoption_weekly.query("group_type == 'organisation'")
    exposure = result.hazard["table"].set_index("term")["coef"].get("exposure", float("nan"))
    return dict(events=int(n_events), people=len(people), seconds_compute=round(computed, 1),
                seconds_total=round(total, 1), cpu_seconds=round(time.process_time() - cpu0, 1),
                cpu_user=round(usage.ru_utime, 1), cpu_system=round(usage.ru_stime, 1),
                peak_mib=round(peak_mib()), files=len(paths),
                steps={k: [round(v[0], 2), round(v[1], 2)] for k, v in steps.items()},
                groups=int(result.adoption_weekly[["group_type", "group"]].drop_duplicates().shape[0]),
                alerts=len(result.alerts), week12_active_share=float(org["active_share"].iloc[-1]),
                quality_rows=len(result.quality), exposure_coef=float(exposure),
                hazard_person_weeks=int(result.hazard["n_person_weeks"]))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--measure"]:
        print(json.dumps(measure(argv[1], argv[2])))
        return
    keep = write = None
    while argv[:1] in (["--keep"], ["--write"]):
        if argv[0] == "--keep":
            keep = Path(argv[1])
        else:
            write = Path(argv[1])
        argv = argv[2:]
    sizes = [int(a) for a in argv] or [10_000_000]
    base = base_folder(keep)
    say = Report()

    load_before = os.getloadavg()
    say("# Benchmark: stakeholder-graph monitor, event log to every output")
    say()
    say(f"Machine: {machine('duckdb', 'ibis', 'pandas')}.")
    say(f"DuckDB: {THREADS} threads, memory limit {MEMORY_LIMIT}, spilling to a temporary folder beyond it.")
    say(f"Load average before the run: {load_before[0]:.2f} (1 min), {load_before[1]:.2f} (5 min), "
        f"{load_before[2]:.2f} (15 min) on {os.cpu_count()} CPUs.")
    say()
    say(f"Each size is a fresh process: `monitor` over a Parquet event log of {N_PEOPLE:,} people and {WEEKS} weeks "
        "(organisation, 20 departments, 2,000 clusters, 3,000 champions' groups; retention, time to core use, "
        "exposure and hazard model, two attitude waves, comment themes, alerts), then `write_monitor`. "
        "`wall` is elapsed time, `cpu` the process's CPU time over all threads (DuckDB's included), "
        "`peak` the peak resident memory (VmHWM). Targets (issue 11): 10 million events within 20 s and 4 GiB; "
        "100 million within 3 minutes.")
    say()
    rows = []
    for n in sizes:
        t = time.perf_counter()
        generate(base, n)
        made = time.perf_counter() - t
        row = in_fresh_process(__file__, "--measure", str(base), str(n))
        rows.append(row)
        target = 20 if n <= 10_000_000 else 180
        say(f"{n:>11,} events, {row['people']:,} people: all outputs in {row['seconds_total']:.1f} s wall "
            f"(target {target} s), {row['cpu_seconds']:.1f} s CPU, peak {row['peak_mib'] / 1024:.2f} GiB; "
            f"{row['groups']:,} groups, {row['alerts']} alerts, {row['files']} files; "
            f"data generated in {made:.0f} s under {base}")
    say()
    say("| events | wall s | CPU s | peak GiB | target |")
    say("|---:|---:|---:|---:|---|")
    for row in rows:
        target = "20 s, 4 GiB" if row["events"] <= 10_000_000 else "180 s"
        say(f"| {row['events']:,} | {row['seconds_total']:.1f} | {row['cpu_seconds']:.1f} | "
            f"{row['peak_mib'] / 1024:.2f} | {target} |")
    say()
    say("Time per step (wall s / CPU s):")
    say()
    say("| step | " + " | ".join(f"{r['events']:,} events" for r in rows) + " |")
    say("|---|" + "---:|" * len(rows))
    for step in rows[0]["steps"] if rows else []:
        say(f"| {step} | " + " | ".join("{:.2f} / {:.2f}".format(*r["steps"].get(step, [float("nan")] * 2))
                                        for r in rows) + " |")
    load_after = os.getloadavg()
    say()
    say(f"Load average after the run: {load_after[0]:.2f} (1 min), {load_after[1]:.2f} (5 min), "
        f"{load_after[2]:.2f} (15 min).")
    if max(load_before[0], load_after[0], load_before[1], load_after[1]) > 0.75 * (os.cpu_count() or 1):
        say()
        say("**Taken on a shared, loaded machine** (other jobs ran on the same CPUs), so wall times are inflated; "
            "CPU seconds are the fairer figure.")
    if write:
        say.write(write)
        print(f"Wrote {write}")


if __name__ == "__main__":
    main(sys.argv[1:])
