"""Reporting-line checks that must scale to a million people."""

from __future__ import annotations

import numpy as np

__all__ = ["reporting_cycles"]


def reporting_cycles(parent: np.ndarray) -> list[list[int]]:
    """Cycles in a parent-pointer forest.

    Parameters
    ----------
    parent : numpy.ndarray of int
        ``parent[i]`` is the position of i's manager, or -1 at a top of the hierarchy.

    Returns
    -------
    list of list of int
        Each cycle as the positions met when following managers from its smallest member;
        empty when every reporting line ends at a top.

    Examples
    --------
    Person 0 is the top; 1 reports to 2, 2 to 3 and 3 back to 1.

    >>> reporting_cycles(np.array([-1, 2, 3, 1, 0]))
    [[1, 2, 3]]
    """
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    if n == 0:
        return []
    # Pointer doubling: after k rounds, jump[i] is i's 2**k-th ancestor (or -1 past a top).
    # Whoever still has an ancestor after 2**k >= n steps is in, or hangs below, a cycle.
    jump = parent.copy()
    steps = 1
    while steps < n:
        alive = jump >= 0
        if not alive.any():
            return []
        nxt = np.full(n, -1, dtype=np.int64)
        nxt[alive] = jump[jump[alive]]
        jump = nxt
        steps *= 2
    suspects = np.flatnonzero(jump >= 0)
    if len(suspects) == 0:
        return []
    # Walk from each suspect; cycles are few and small in practice, and this is an error path.
    state = np.zeros(n, dtype=np.int8)  # 0 unseen, 1 on the current walk, 2 finished
    cycles: list[list[int]] = []
    for start in suspects:
        if state[start]:
            continue
        walk = []
        node = int(start)
        while node >= 0 and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = int(parent[node])
        if node >= 0 and state[node] == 1:
            cycle = walk[walk.index(node):]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
        for visited in walk:
            state[visited] = 2
    return sorted(cycles)
