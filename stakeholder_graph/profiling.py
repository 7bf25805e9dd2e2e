"""Wall time and peak memory of each step of a run, and the progress bar over the steps.

The analysis and the writers mark their steps with :func:`step`; nothing is recorded
unless a :class:`StepLog` is open (``stakeholder-graph analyze --profile`` opens one, and
so does ``analyze(progress=True)`` for its bar), so library calls pay nothing for it.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import pandas as pd

__all__ = ["StepLog", "step", "steps", "peak_rss_mib", "children_peak_mib"]

_current: ContextVar[StepLog | None] = ContextVar("stakeholder_graph_step_log", default=None)


def peak_rss_mib(reset: bool = False) -> float:
    """Peak resident memory of this process so far, in MiB (NaN where unknown).

    With ``reset``, the kernel's high-water mark is reset afterwards (Linux), so the next
    reading covers only what follows.

    Examples
    --------
    >>> peak_rss_mib() > 10
    True
    """
    value = float("nan")
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                value = int(line.split()[1]) / 1024
                break
    except OSError:
        try:
            import resource

            value = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        except (ImportError, OSError):
            pass
    if reset:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
    return value


def _cpu_seconds() -> float:
    """CPU time of this process (every thread) and of its finished child processes (steps
    run in a second process, :mod:`stakeholder_graph._parallel`)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def children_peak_mib() -> float:
    """Peak resident memory of the largest finished child process, in MiB (0 without one).

    Examples
    --------
    >>> children_peak_mib() >= 0
    True
    """
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    except (ImportError, OSError):
        return 0.0


class StepLog:
    """Record each step's wall time (and, with ``memory``, its peak resident memory).

    Parameters
    ----------
    progress : bool, default=False
        Show a tqdm progress bar over the steps (a widget in notebooks).
    memory : bool, default=False
        Also record the peak memory of each step (resets the process's high-water mark
        between steps on Linux, so each figure belongs to one step).
    total : int, optional
        Expected number of steps, for the bar.

    Examples
    --------
    >>> with StepLog() as log:
    ...     with step("sum"):
    ...         _ = sum(range(1000))
    >>> log.to_frame()["step"].tolist()
    ['sum']
    """

    def __init__(self, *, progress: bool = False, memory: bool = False, total: int | None = None,
                 desc: str = "stakeholder-graph"):
        self.memory = memory
        self.rows: list[dict] = []
        self._progress, self._total, self._desc = progress, total, desc
        self._bar = None
        self._token = None
        self._start, self._cpu = time.perf_counter(), _cpu_seconds()
        self._peak_before = float("nan")

    def __enter__(self) -> StepLog:
        self._open()
        self._token = _current.set(self)
        return self

    def _open(self) -> None:
        if self._progress:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=self._total, desc=self._desc, unit="step", leave=False)
        if self.memory:
            self._peak_before = peak_rss_mib(reset=True)
        self._start, self._cpu = time.perf_counter(), _cpu_seconds()

    def __exit__(self, *exc) -> None:
        if self._token is not None:
            _current.reset(self._token)
            self._token = None
        self._close()

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self.wall = time.perf_counter() - self._start
        self.cpu = _cpu_seconds() - self._cpu

    @contextmanager
    def step(self, name: str):
        """Time one step (nested steps are recorded on their own, not subtracted)."""
        if self._bar is not None:
            self._bar.set_postfix_str(name)
        start, cpu = time.perf_counter(), _cpu_seconds()
        try:
            yield
        finally:
            row = {"step": name, "seconds": time.perf_counter() - start, "cpu_seconds": _cpu_seconds() - cpu}
            if self.memory:
                row["peak_mib"] = peak_rss_mib(reset=True)
            self.rows.append(row)
            if self._bar is not None:
                self._bar.update(1)

    def to_frame(self) -> pd.DataFrame:
        """One row per step: ``step``, ``seconds`` (wall), ``cpu_seconds`` (all threads of this
        process and its finished child processes; on a busy machine it stays near what an idle one would take) and, with
        ``memory``, ``peak_mib``."""
        return pd.DataFrame(self.rows, columns=["step", "seconds", "cpu_seconds"]
                            + (["peak_mib"] if self.memory else []))

    def peak_mib(self) -> float:
        """Peak memory of the whole run (the largest step, or what the process held before it)."""
        peaks = [row["peak_mib"] for row in self.rows if "peak_mib" in row] + [self._peak_before]
        return max(peaks) if peaks else float("nan")

    def summary(self) -> str:
        """The table ``--profile`` prints: each step, then the whole run.

        Examples
        --------
        >>> log = StepLog()
        >>> log.rows = [{"step": "read", "seconds": 1.25, "cpu_seconds": 1.0}]
        >>> log.wall, log.cpu = 1.5, 1.2
        >>> print(log.summary())
        step                        seconds  cpu_seconds
        read                           1.25         1.00
        whole run                      1.50         1.20
        """
        width = max([22] + [len(row["step"]) for row in self.rows])
        head = f"{'step':<{width}} {'seconds':>12} {'cpu_seconds':>12}" + (f" {'peak_MiB':>9}" if self.memory else "")
        lines = [head]
        for row in self.rows:
            lines.append(f"{row['step']:<{width}} {row['seconds']:>12.2f} {row['cpu_seconds']:>12.2f}"
                         + (f" {row['peak_mib']:>9.0f}" if self.memory else ""))
        children = children_peak_mib() if self.memory else 0.0
        if children > 0:
            # A second process ran beside this one: its own peak (the run's peak is at most the sum).
            lines.append(f"{'(second process)':<{width}} {float('nan'):>12.2f} {float('nan'):>12.2f} {children:>9.0f}")
        lines.append(f"{'whole run':<{width}} {getattr(self, 'wall', float('nan')):>12.2f} "
                     f"{getattr(self, 'cpu', float('nan')):>12.2f}"
                     + (f" {self.peak_mib():>9.0f}" if self.memory else ""))
        return "\n".join(lines)


def current() -> StepLog | None:
    """The open step log, if any."""
    return _current.get()


@contextmanager
def step(name: str):
    """Mark a step of a run: timed when a :class:`StepLog` is open, free otherwise.

    Examples
    --------
    >>> with step("nothing recorded"):
    ...     pass
    """
    log = _current.get()
    if log is None:
        yield
        return
    with log.step(name):
        yield


class _Steps:
    """Consecutive steps: each :meth:`next` ends the one before."""

    def __init__(self, log: StepLog | None, own: bool):
        self._log, self._own, self._running = log, own, None

    def next(self, name: str) -> None:
        self.end_step()
        if self._log is not None:
            self._running = self._log.step(name)
            self._running.__enter__()

    def end_step(self) -> None:
        if self._running is not None:
            running, self._running = self._running, None
            running.__exit__(None, None, None)

    def close(self) -> None:
        self.end_step()
        if self._own and self._log is not None:
            self._log._close()


def steps(desc: str, *, progress: bool = False, total: int | None = None) -> _Steps:
    """Consecutive steps of one function: recorded in the open :class:`StepLog`, else shown
    on a bar of their own when ``progress`` is true, else nothing.

    Examples
    --------
    >>> with StepLog() as log:
    ...     run = steps("demo")
    ...     run.next("first")
    ...     run.next("second")
    ...     run.close()
    >>> log.to_frame()["step"].tolist()
    ['first', 'second']
    """
    log = _current.get()
    if log is not None:
        return _Steps(log, own=False)
    if not progress:
        return _Steps(None, own=False)
    log = StepLog(progress=True, total=total, desc=desc)
    log._open()  # not made current: nothing outside this function records into it
    return _Steps(log, own=True)
