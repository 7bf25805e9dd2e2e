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
def _monitored(seed: int, n_people: int = 400, control: bool = False):
    """(rollout, analysis, result) for one seed; cached because several tests read the same run.

    ``control``: adoption independent of the network (no contagion, no head start for champions).
    """
    import tempfile
    from pathlib import Path

    org = make_org(n_people, seed=seed)
    options = dict(contagion=0.0, champions_first=False) if control else {}
    rollout = make_rollout(org, go_live=GO_LIVE, seed=seed, **options)
    folder = Path(tempfile.mkdtemp(prefix=f"sg-rollout-{seed}-")) / "org"
    write_org(org, folder)
    write_rollout(rollout, folder)
    analysis = analyze(read_org(folder), seed=seed)
    return rollout, analysis, monitor_analysis(analysis, go_live=GO_LIVE)


@pytest.fixture(scope="session")
def monitored():
    """``monitored(seed, control=False)`` -> (rollout, analysis, result), computed once per seed."""
    return _monitored
