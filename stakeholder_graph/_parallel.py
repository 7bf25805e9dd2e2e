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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["Background", "Worker", "PARALLEL_MIN_PEOPLE", "parallel_enabled", "second_process_available"]

#: Below this many people every step runs in one process (forking would cost more than it saves).
PARALLEL_MIN_PEOPLE = 5_000
#: How much lower a second process's scheduling priority is than the main process's.
CHILD_NICENESS = 10
#: Lower still for a result nobody waits for until the end of the run, so that a second
#: process the main one waits for sooner (the communities, say) gets the CPU first.
LATE_CHILD_NICENESS = 15


def parallel_enabled(n_people: int) -> bool:
    """Whether steps may run in a second process for an organisation of ``n_people``.

    ``STAKEHOLDER_GRAPH_PARALLEL=0`` turns it off, ``=1`` forces it on (for tests);
    by default it is on from :data:`PARALLEL_MIN_PEOPLE` people where
    :func:`second_process_available`.

    Examples
    --------
    >>> parallel_enabled(10)
    False
    """
    if os.environ.get("STAKEHOLDER_GRAPH_PARALLEL", "") == "1":
        return second_process_available()
    return n_people >= PARALLEL_MIN_PEOPLE and second_process_available()


def second_process_available() -> bool:
    """Whether a step may run in a second process at all: on Linux machines with several
    CPUs, unless ``STAKEHOLDER_GRAPH_PARALLEL=0`` (``=1`` forces it, for tests). Steps whose
    cost does not grow with the organisation (drawing the figures) ask only this.

    Examples
    --------
    >>> import os
    >>> second_process_available() == (os.environ.get("STAKEHOLDER_GRAPH_PARALLEL") != "0"
    ...     and __import__("sys").platform.startswith("linux")
    ...     and ((os.cpu_count() or 1) > 1 or os.environ.get("STAKEHOLDER_GRAPH_PARALLEL") == "1"))
    True
    """
    setting = os.environ.get("STAKEHOLDER_GRAPH_PARALLEL", "")
    if setting == "0" or not sys.platform.startswith("linux"):
        return False
    return setting == "1" or (os.cpu_count() or 1) > 1


def _fork_context():
    import multiprocessing

    return multiprocessing.get_context("fork")


def _forked(target: Callable, *args):
    """A started, daemonic child process running ``target(*args)`` on a copy of this one."""
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
        process = _fork_context().Process(target=target, args=args, daemon=True)
        # The child's garbage collector would otherwise walk (and so copy, page by page)
        # every object it inherited; frozen, they are left alone. This process unfreezes.
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
    return process


def _child(send, func: Callable, args: tuple, niceness: int) -> None:
    _lower_priority(niceness)
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

    def __init__(self, func: Callable, *args, enabled: bool = True, niceness: int = CHILD_NICENESS) -> None:
        self._func, self._args = func, args
        self._process = None
        if not (enabled and sys.platform.startswith("linux")):
            return
        self._receive, send = _fork_context().Pipe(duplex=False)
        self._process = _forked(_child, send, func, args, niceness)
        send.close()
        scope = _STARTED.get()
        if scope is not None:
            scope.append(self)

    @property
    def in_background(self) -> bool:
        """Whether a child process computes the value."""
        return self._process is not None

    def cancel(self) -> None:
        """Stop the child, whose value is no longer wanted (a step before it failed): it
        would otherwise wait, blocked on a pipe nobody reads, until this process ends."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()
        self._process = None

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


#: The second processes started inside :func:`stopped_on_error` (None outside it).
_STARTED: ContextVar[list | None] = ContextVar("stakeholder_graph_started", default=None)


@contextmanager
def stopped_on_error() -> Iterator[None]:
    """Every :class:`Background` started inside the block is stopped if the block raises:
    its value is no longer wanted, and it would otherwise wait on a pipe nobody reads.

    Examples
    --------
    >>> try:
    ...     with stopped_on_error():
    ...         pending = Background(sum, [1, 2], enabled=True)
    ...         raise ValueError("a later step failed")
    ... except ValueError:
    ...     pass
    >>> pending.in_background
    False
    """
    started: list = []
    token = _STARTED.set(started)
    try:
        yield
    except BaseException:
        for pending in started:
            pending.cancel()
        raise
    finally:
        _STARTED.reset(token)


def _lower_priority(niceness: int = CHILD_NICENESS) -> None:
    """The main process is the critical path: a second process takes what CPU it leaves
    (a second process's own second process is no lower than it)."""
    try:
        os.nice(max(niceness - os.nice(0), 0))
    except (AttributeError, OSError):
        pass


def _serve(connection, warm: Callable | None) -> None:
    import multiprocessing

    _lower_priority()
    # Daemonic, so that it never outlives this run; its jobs may still use Background,
    # whose processes it always waits for.
    multiprocessing.current_process().daemon = False
    if warm is not None:
        try:
            warm()
        except Exception:  # noqa: BLE001 - warming up is optional; the job reports its own errors
            pass
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        func, args, answer = job
        if not answer:
            try:
                func(*args)
            except Exception:  # noqa: BLE001 - preparing is optional, like warming up
                pass
            continue
        try:
            connection.send((True, func(*args)))
        except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
            try:
                connection.send((False, error))
            except Exception:
                connection.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


#: Tells a worker's sending thread that nothing more will be sent.
_END_OF_MESSAGES = object()


def _send_all(connection, outbox) -> None:
    while (message := outbox.get()) is not _END_OF_MESSAGES:
        try:
            connection.send_bytes(message)
        except OSError:  # the child was stopped: nothing more to send
            return


class Worker:
    """A second process forked now, while this one is still small, for work sent later.

    ``warm()`` runs in the child straight away (imports, caches), so a job sent after the
    main process has done its own work starts at once. A job (``func`` and ``args``) is
    pickled to the child, so it must be picklable (module-level functions,
    ``functools.partial`` of them, plain data). Where a second process is not available or
    not ``enabled``, ``submit`` only records the job and ``result`` runs it here.

    Examples
    --------
    >>> worker = Worker(enabled=True)
    >>> worker.submit(sum, [1, 2, 3])
    >>> worker.result()
    6
    >>> worker.close()
    """

    def __init__(self, warm: Callable | None = None, *, enabled: bool = True) -> None:
        self._process = None
        self._job: tuple | None = None
        self._outbox = self._sender = None
        if not (enabled and sys.platform.startswith("linux")):
            return
        self._connection, child_end = _fork_context().Pipe(duplex=True)
        self._process = _forked(_serve, child_end, warm)
        child_end.close()

    @property
    def in_background(self) -> bool:
        """Whether a child process runs the jobs."""
        return self._process is not None

    def submit(self, func: Callable, *args) -> None:
        """Send ``func(*args)`` to the child (or keep it to run here); one job at a time."""
        if self._job is not None:
            raise RuntimeError("ask for the result of the last job before submitting another")
        self._job = (func, args)
        if self._process is not None:
            self._send((func, args, True))

    def prepare(self, func: Callable, *args) -> None:
        """Send ``func(*args)`` to the child to run before the next job, for its side
        effects there (a cache); nothing comes back, and an error only means the job will
        do that work itself. Without a child, nothing is run.

        Examples
        --------
        >>> with Worker(enabled=True) as worker:
        ...     worker.prepare(int, "not a number")  # fails quietly in the child
        ...     worker.submit(sum, [1, 2])
        ...     worker.result()
        3
        """
        if self._process is not None:
            self._send((func, args, False))

    def _send(self, message) -> None:
        """Pickle ``message`` here and leave it to a thread to write to the pipe, in order.

        The child reads nothing until it has warmed up, and a message larger than the
        pipe's buffer (an organisation to prepare for) would hold this process up until then.
        """
        if self._outbox is None:
            import queue
            from threading import Thread

            self._outbox = queue.SimpleQueue()
            self._sender = Thread(target=_send_all, args=(self._connection, self._outbox), daemon=True)
            self._sender.start()
        from multiprocessing.reduction import ForkingPickler

        self._outbox.put(bytes(ForkingPickler.dumps(message)))

    def result(self):
        """The value of the job submitted last (waits for the child); its exception is raised here."""
        if self._job is None:
            raise RuntimeError("no job was submitted")
        func, args = self._job
        self._job = None
        if self._process is None:
            return func(*args)
        try:
            ok, value = self._connection.recv()
        except EOFError:
            ok, value = False, RuntimeError("a background step ended without a result (out of memory?)")
        if not ok:
            raise value
        return value

    def close(self, wait: bool = True) -> None:
        """End the child process: once it has finished a job still running, or (``wait=False``)
        at once, for a worker no longer needed."""
        if self._process is None:
            return
        if not wait:
            self._process.terminate()
        self._send(None)  # the child stops when it reads this
        self._outbox.put(_END_OF_MESSAGES)
        self._sender.join()
        self._connection.close()
        self._process.join()
        self._process = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
