"""Formal versus informal: who is sought out beyond their own reporting line."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._lookup import positions_in
from .orgnetwork import OrgNetwork

__all__ = ["sought_out_beyond_line"]


def sought_out_beyond_line(net: OrgNetwork, relation: str = "help") -> pd.DataFrame:
    """How many colleagues go to each person, split by the org chart.

    A nomination ``s -> t`` is *within the line* when ``s`` reports directly to ``t`` or
    ``t`` reports directly to ``s``; every other nomination goes *beyond the line*, which is
    what the org chart does not show. People with many nominations beyond their line
    are candidates for informal influence.

    Parameters
    ----------
    net : OrgNetwork
        The organisation's network.
    relation : str, default="help"
        The nomination layer (``s -> t``: s goes to t).

    Returns
    -------
    pandas.DataFrame
        One row per person (node order): ``id, name, department, is_manager,
        sought_out`` (distinct colleagues who name them), ``within_line``,
        ``beyond_line`` and ``from_other_departments``.

    Examples
    --------
    Bo, Cy and Di go to Ana; only Bo reports to her. Di goes to Cy, a peer.

    >>> table = sought_out_beyond_line(build_network(OrgData.example()))
    >>> table[["name", "sought_out", "within_line", "beyond_line", "from_other_departments"]]
           name  sought_out  within_line  beyond_line  from_other_departments
    0  Ana Diaz           3            1            2                       3
    1   Bo Chen           1            1            0                       1
    2    Cy Ode           1            0            1                       0
    3    Di Fox           0            0            0                       0
    4   Ed Gray           0            0            0                       0
    """
    edges = net.edges(relation)
    source = edges["source"].to_numpy()
    target = edges["target"].to_numpy()
    manager = positions_in(net.people["manager_id"], net.ids)
    within = (manager[source] == target) | (manager[target] == source)
    department = net.people["department"].to_numpy()
    other_department = department[source] != department[target]
    n = net.n_people
    sought_out = np.bincount(target, minlength=n)
    within_line = np.bincount(target[within], minlength=n)
    table = net.people[["id", "name", "department", "is_manager"]].copy()
    table["sought_out"] = sought_out
    table["within_line"] = within_line
    table["beyond_line"] = sought_out - within_line
    table["from_other_departments"] = np.bincount(target[other_department], minlength=n)
    return table
