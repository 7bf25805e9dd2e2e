"""Run an independent step in a second process while this one goes on.

Most steps of a run are single-threaded Python or C (Leiden, XlsxWriter), so on a laptop
one core idles. For large organisations, steps that do not depend on each other (the
communities beside metrics and champions; the workbook beside the CSV files and the
report) run at the same time in a forked child, which sees the parent's data without
copying it and sends back only its (small) result. Where forking is not safe or not
available (not Linux, one CPU, small inputs) the step simply runs in this process when its
result is asked for, so the answer never depends on the path taken.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from collections.abc import Callable

__all__ = ["Background", "PARALLEL_MIN_PEOPLE", "parallel_enabled"]

#: Below this many people every step runs in one process (forking would cost more than it saves).
PARALLEL_MIN_PEOPLE = 5_000
#: How much lower a second process's scheduling priority is than the main process's.
CHILD_NICENESS = 10


def parallel_enabled(n_people: int, *, minimum: int = PARALLEL_MIN_PEOPLE) -> bool:
    """Whether steps may run in a second process for an organisation of ``n_people``.

    ``STAKEHOLDER_GRAPH_PARALLEL=0`` turns it off, ``=1`` forces it on (for tests);
    by default it is on from ``minimum`` people on Linux machines with several CPUs (a
    step whose cost does not grow with the organisation, such as drawing the figures,
    passes ``minimum=0``).

    Examples
    --------
    >>> parallel_enabled(10)
    False
    """
    setting = os.environ.get("STAKEHOLDER_GRAPH_PARALLEL", "")
    if setting == "0" or not sys.platform.startswith("linux"):
        return False
    if setting == "1":
        return True
    return n_people >= minimum and (os.cpu_count() or 1) > 1


def _child(send, func: Callable, args: tuple) -> None:
    try:
        # The main process is the critical path: a second process takes what CPU it leaves.
        os.nice(CHILD_NICENESS)
    except (AttributeError, OSError):
        pass
    try:
        value = func(*args)
        send.send((True, value))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            send.send((False, error))
        except Exception:  # an exception that cannot be pickled: its text
            send.send((False, RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        send.close()


class Background:
    """``func(*args)`` in a forked child when ``enabled``, otherwise in this process on demand.

    Examples
    --------
    >>> Background(sum, [1, 2, 3], enabled=False).result()
    6
    >>> Background(sum, [1, 2, 3], enabled=True).result()  # a child process on Linux
    6
    """

    def __init__(self, func: Callable, *args, enabled: bool = True) -> None:
        self._func, self._args = func, args
        self._process = None
        if not (enabled and sys.platform.startswith("linux")):
            return
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # Text waiting in this process's buffers would otherwise be written by the child too.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, ValueError, OSError):
                pass
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() in a process with threads; the child only
            # computes with the data it inherited and never touches those threads' state.
            warnings.simplefilter("ignore", DeprecationWarning)
            self._process = context.Process(target=_child, args=(send, func, args), daemon=True)
            # The child's garbage collector would otherwise walk (and so copy, page by page)
            # every object it inherited; frozen, they are left alone. This process unfreezes.
            gc.freeze()
            try:
                self._process.start()
            finally:
                gc.unfreeze()
        send.close()

    @property
    def in_background(self) -> bool:
        """Whether a child process computes the value."""
        return self._process is not None

    def result(self):
        """The value of ``func(*args)`` (waits for the child); its exception is raised here."""
        if self._process is None:
            return self._func(*self._args)
        try:
            ok, value = self._receive.recv()
        except EOFError:
            ok, value = False, RuntimeError("a background step ended without a result (out of memory?)")
        finally:
            self._receive.close()
            self._process.join()
        if not ok:
            raise value
        return value
