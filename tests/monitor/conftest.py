"""A synthetic organisation after go-live, analysed and monitored, shared by the monitor tests."""

from __future__ import annotations

import functools

import pytest

from stakeholder_graph import analyze, read_org
from stakeholder_graph.monitor import monitor_analysis
from stakeholder_graph.synth import make_org, write_org
from stakeholder_graph.synth_rollout import make_rollout, write_rollout

GO_LIVE = "2027-03-01"


@functools.lru_cache(maxsize=None)
def _monitored(seed: int, n_people: int = 400):
    """(rollout, analysis, result) for one seed; cached because several tests read the same run."""
    import tempfile
    from pathlib import Path

    org = make_org(n_people, seed=seed)
    rollout = make_rollout(org, go_live=GO_LIVE, seed=seed)
    folder = Path(tempfile.mkdtemp(prefix=f"sg-rollout-{seed}-")) / "org"
    write_org(org, folder)
    write_rollout(rollout, folder)
    analysis = analyze(read_org(folder), seed=seed)
    return rollout, analysis, monitor_analysis(analysis, go_live=GO_LIVE)


@pytest.fixture(scope="session")
def monitored():
    """``monitored(seed)`` -> (rollout, analysis, result), computed once per seed."""
    return _monitored
