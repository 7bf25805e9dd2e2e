"""Thread limits scoped to one call (never set for the whole process)."""

from __future__ import annotations

from contextlib import contextmanager

__all__ = ["single_blas_thread"]


@contextmanager
def single_blas_thread():
    """Run the block with one BLAS thread, then restore the previous limits.

    Iterative sparse solvers call BLAS on single vectors: with several BLAS threads each
    call wakes them all, which on a busy machine costs several times the CPU for no gain.

    Examples
    --------
    >>> import numpy as np
    >>> with single_blas_thread():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
