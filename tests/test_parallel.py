"""Steps run in a second process (large organisations) give exactly the files of one process."""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import openpyxl
import pytest

from stakeholder_graph._parallel import Background, Worker, parallel_enabled
from stakeholder_graph.cli import main

REPO = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="steps run in a child only on Linux")


def _run(out: Path, monkeypatch, parallel: str) -> None:
    if parallel:
        monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", parallel)
    else:  # the default: for 400 people, figures only, drawn by the process started before the analysis
        monkeypatch.delenv("STAKEHOLDER_GRAPH_PARALLEL", raising=False)
    assert main(["analyze", str(REPO / "datasets" / "acme"), "--out", str(out), "--no-progress",
                 "--system", "Atlas ERP", "--go-live", "2027-03-01"]) == 0


def _cells(path: Path) -> dict:
    book = openpyxl.load_workbook(path, read_only=True)
    return {name: [[(c.value, c.data_type) for c in row] for row in book[name].iter_rows()]
            for name in book.sheetnames}


@linux_only
@pytest.mark.parametrize("parallel", ["1", ""], ids=["every-step-forked", "default-drawing-process"])
def test_parallel_and_serial_runs_write_identical_files(tmp_path, monkeypatch, parallel):
    _run(tmp_path / "serial", monkeypatch, "0")
    _run(tmp_path / "parallel", monkeypatch, parallel)
    serial = sorted(p.relative_to(tmp_path / "serial").as_posix() for p in (tmp_path / "serial").rglob("*")
                    if p.is_file())
    parallel = sorted(p.relative_to(tmp_path / "parallel").as_posix() for p in (tmp_path / "parallel").rglob("*")
                      if p.is_file())
    assert serial == parallel and "stakeholder_plan.xlsx" in serial and "figures/network.png" in serial
    # Every table, text and figure byte for byte; the calendar but for its time stamps (when
    # the file was made); the workbook cell by cell (its zip holds times, as does the manifest).
    for name in serial:
        if name.endswith((".csv", ".md", ".png", ".html")) or name == "parameters.json":
            assert filecmp.cmp(tmp_path / "serial" / name, tmp_path / "parallel" / name, shallow=False), name
    events = [[line for line in (tmp_path / run / "calendar.ics").read_text(encoding="utf-8").splitlines()
               if not line.startswith("DTSTAMP")] for run in ("serial", "parallel")]
    assert events[0] == events[1] and sum(line == "BEGIN:VEVENT" for line in events[0]) > 10
    assert _cells(tmp_path / "serial" / "stakeholder_plan.xlsx") == _cells(tmp_path / "parallel" / "stakeholder_plan.xlsx")


@linux_only
def test_an_error_in_the_second_process_is_raised_in_the_first():
    def fail(text):
        raise ValueError(text)

    pending = Background(fail, "bad value", enabled=True)
    assert pending.in_background
    with pytest.raises(ValueError, match="bad value"):
        pending.result()


@linux_only
def test_a_worker_started_early_runs_jobs_sent_later_and_raises_their_errors():
    import os

    with Worker(enabled=True) as worker:
        assert worker.in_background
        worker.submit(os.getpid)
        assert worker.result() != os.getpid()  # ran in the child
        worker.submit(int, "not a number")
        with pytest.raises(ValueError, match="not a number"):
            worker.result()
        # a job may fork processes of its own (the drawing process draws half the figures in a copy)
        worker.submit(_pid_here_and_in_a_copy)
        here, copy = worker.result()
        assert here != copy and os.getpid() not in (here, copy)
    inline = Worker(enabled=False)
    inline.submit(sum, [1, 2])
    assert not inline.in_background and inline.result() == 3


def _pid_here_and_in_a_copy():
    import os

    return os.getpid(), Background(os.getpid, enabled=True).result()


def test_small_organisations_stay_in_one_process(monkeypatch):
    monkeypatch.delenv("STAKEHOLDER_GRAPH_PARALLEL", raising=False)
    assert not parallel_enabled(400)
    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "0")
    assert not parallel_enabled(10_000_000)


@linux_only
def test_sizing_counted_in_a_second_process_matches_one_process():
    import numpy as np
    import scipy.sparse as sp

    from stakeholder_graph.champions.select import greedy_cover

    rng = np.random.default_rng(3)
    n = 400
    A = sp.random(n, n, density=0.01, random_state=4, format="csr", dtype=np.int8)
    A.data[:] = 1
    R = ((A + A @ A + sp.identity(n, dtype=np.int8, format="csr")) > 0).astype(np.int8).tocsr()
    tier = (rng.random(n) < 0.3).astype(np.int64)
    args = dict(eligible=rng.random(n) < 0.8, tier=tier, score=rng.random(n), tiebreak=rng.permutation(n),
                targets=(0.8, 0.9), second_weight=0.25)
    serial = greedy_cover(R, A, 10, **args)
    parallel = greedy_cover(R, A, 10, background_sizing=True, **args)
    assert parallel.pending_needed is not None  # the count really ran elsewhere
    assert parallel.picks == serial.picks and np.array_equal(parallel.champion_of, serial.champion_of)
    assert parallel.sizing() == serial.sizing() and serial.needed[0.8] > 10


@linux_only
def test_champions_settled_later_equal_champions_settled_at_once(monkeypatch):
    """analyze() goes on while the stance-blind shortlist and the sizing are counted."""
    from stakeholder_graph import build_network, read_org
    from stakeholder_graph.champions.select import select_champions
    from stakeholder_graph.champions.stance import stance_from_attitudes

    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "1")
    org = read_org(REPO / "datasets" / "acme")
    net = build_network(org)
    stance = stance_from_attitudes(net.ids, org.attitudes, scale=org.likert_scale)["stance"].to_numpy()
    at_once = select_champions(net, stance=stance)
    later = select_champions(net, stance=stance, settle=False)
    assert later.summary["champions_for_80_percent"] is None and later.stance_blind is None  # still counting
    assert later.settle() is later and later.settle() is later  # settling twice is harmless
    assert later.summary == at_once.summary and later.stance_blind == at_once.stance_blind
    assert at_once.summary["champions_for_80_percent"] > len(at_once.champions) and at_once.stance_blind
