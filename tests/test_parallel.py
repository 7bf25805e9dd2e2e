"""Steps run in a second process (large organisations) give exactly the files of one process."""

from __future__ import annotations

import filecmp
import sys
from functools import partial
from pathlib import Path

import openpyxl
import pytest

import stakeholder_graph as sg
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
@pytest.mark.parametrize("parallel, drawing", [("1", True), ("1", False), ("", True)],
                         ids=["every-step-forked", "every-step-forked-without-drawing-process",
                              "default-drawing-process"])
def test_parallel_and_serial_runs_write_identical_files(tmp_path, monkeypatch, parallel, drawing):
    _run(tmp_path / "serial", monkeypatch, "0")
    if not drawing:  # as the library writes when not given a drawing process: report and figures forked
        import stakeholder_graph.cli as cli

        monkeypatch.setattr(cli, "start_drawing_processes", lambda: [])
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


_PREPARED: list = []
_WARM_UP_SAW_THE_FILE: list = []


def _wait_for(path: str, seconds: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    _WARM_UP_SAW_THE_FILE.append(Path(path).exists())


def _remember(payload: bytes) -> None:
    _PREPARED.append(len(payload))


def _what_was_prepared() -> tuple[list, list]:
    return list(_WARM_UP_SAW_THE_FILE), list(_PREPARED)


@linux_only
def test_preparing_does_not_wait_for_a_worker_still_warming_up(tmp_path):
    # The worker reads nothing until its warm-up ends (here: until the file exists). A
    # message larger than a pipe's buffer must not hold this process up meanwhile: if it
    # did, the file would only be written after the warm-up had given up waiting.
    released = tmp_path / "released"
    with Worker(partial(_wait_for, str(released)), enabled=True) as worker:
        worker.prepare(_remember, b"x" * 4_000_000)
        worker.prepare(int, "not a number")  # an error in preparing is not reported
        released.touch()
        worker.submit(_what_was_prepared)
        seen_in_time, prepared = worker.result()
    assert seen_in_time == [True] and prepared == [4_000_000]


@linux_only
def test_a_worker_no_longer_needed_is_stopped_without_waiting_for_its_warm_up(tmp_path):
    worker = Worker(partial(_wait_for, str(tmp_path / "never")), enabled=True)
    process = worker._process
    worker.prepare(_remember, b"x" * 4_000_000)
    worker.close(wait=False)
    assert not worker.in_background and process.exitcode is not None and process.exitcode < 0  # stopped by a signal


@linux_only
def test_a_drawing_process_is_started_before_the_read_and_lays_out_only_a_network_of_people(monkeypatch):
    from stakeholder_graph.export import csv as exports
    from stakeholder_graph.plotting import figures

    monkeypatch.delenv("STAKEHOLDER_GRAPH_PARALLEL", raising=False)
    acme = REPO / "datasets" / "acme"
    laid_out = []
    monkeypatch.setattr(Worker, "prepare", lambda self, func, *args: laid_out.append(func))
    for limit, expected in ((figures.NODE_LIMIT, [exports._lay_out_network]), (10, [])):
        # 400 people: drawn person by person, laid out ahead; above the limit, the group graph
        monkeypatch.setattr(figures, "NODE_LIMIT", limit)
        laid_out.clear()
        drawers = exports.start_drawing_processes()
        assert [type(d).__name__ for d in drawers] == ["Worker"]
        assert exports.prepare_drawing(drawers, sg.read_org(acme)) == drawers
        assert laid_out == expected
        for drawer in drawers:
            drawer.close()
    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "0")
    assert exports.start_drawing_processes() == []


def test_a_large_network_figure_is_sent_to_its_drawing_process_as_its_group_graph(tmp_path):
    # A drawing process is sent the figure's inputs: for a large organisation, a few numbers
    # per group, not the network (45 MB pickled at 100,000 people).
    import pickle

    from stakeholder_graph.synth import make_org, write_org

    result = sg.analyze(write_org(make_org(2000, seed=3), tmp_path / "org"))
    public = sg.publish(result)
    network = public.figures["network"]
    assert network.func.__name__ == "plot_group_network"
    assert len(pickle.dumps(network)) < 20_000 and len(pickle.dumps(public.figures["formal_informal"])) < 20_000
    assert network.args[0].n_people == 2000
    # the same figure plot_network draws from the whole network
    from stakeholder_graph.export.report import png_bytes

    ring = public.tables["champions.csv"]["id"].astype(str).tolist()
    whole = sg.plotting.plot_network(result.network, result.parameters["relation"], champions=ring,
                                     min_group_size=public.min_group_size)
    assert png_bytes(network()) == png_bytes(whole)


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


@pytest.fixture
def started_backgrounds(monkeypatch):
    """Every Background started during the test, in order."""
    from stakeholder_graph import _parallel

    started = []
    original = _parallel.Background.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(_parallel.Background, "__init__", remember)
    return started


@linux_only
def test_a_read_that_fails_stops_the_second_processes_it_started(tmp_path, monkeypatch, started_backgrounds):
    # The survey and the roster's name indexes are read in second processes; a read that
    # fails on a reporting cycle must not leave them waiting on a pipe nobody reads.
    import multiprocessing
    import shutil

    import pandas as pd

    import stakeholder_graph.io.org as org_module
    from stakeholder_graph.exceptions import InputTableError

    folder = tmp_path / "org"
    shutil.copytree(REPO / "datasets" / "acme", folder)
    people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
    top = people.index[people["manager_id"] == ""][0]
    people.loc[top, "manager_id"] = people.loc[people.index != top, "id"].iloc[0]  # the head reports below
    people.to_csv(folder / "people.csv", index=False)
    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "1")
    monkeypatch.setattr(org_module, "ATTITUDES_BYTES_IN_BACKGROUND", 0)
    with pytest.raises(InputTableError, match="cycle"):
        sg.read_org(folder)
    assert len(started_backgrounds) == 2  # the survey and the name indexes
    assert all(not b.in_background for b in started_backgrounds)
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


@linux_only
def test_an_analysis_that_fails_stops_the_second_processes_it_started(monkeypatch, started_backgrounds):
    # The stance is worked out in a second process while the network is built; asking for
    # the formal layer fails after that, and must not leave the process behind.
    import multiprocessing

    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "1")
    org = sg.read_org(REPO / "datasets" / "acme")
    started_backgrounds.clear()  # those of the read, which succeeded
    with pytest.raises(sg.InvalidParameterError, match="relation"):
        sg.analyze(org, relation="formal")
    assert len(started_backgrounds) >= 1 and all(not b.in_background for b in started_backgrounds)
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]
