"""Formal versus informal credibility: who seeks a person out from inside and outside their reporting line.

Many people name their own manager for help. That is formal credibility (the manager is
the sanctioned source), not the informal influence a champion programme looks for, and
counting it like any other nomination turns a shortlist into the management chain. So
nominations are split: ``sought_out_by_reports`` (the nominator is a direct report of the
person) and ``sought_out_across_line`` (everyone else). Both appear in ``people.csv`` and
the champions' reasons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..network.orgnetwork import OrgNetwork

__all__ = ["nominations_by_line"]


def nominations_by_line(net: OrgNetwork, relation: str = "help") -> pd.DataFrame:
    """Distinct colleagues naming each person: their own direct reports, and everyone else.

    Returns
    -------
    pandas.DataFrame
        Node order: ``id, sought_out_by_reports, sought_out_across_line``.

    Examples
    --------
    >>> net = build_network(OrgData.example())  # 2 and 5 report to 1; 3 and 4 report to 2
    >>> nominations_by_line(net).values.tolist()
    [['1', 1, 2], ['2', 0, 1], ['3', 0, 1], ['4', 0, 0], ['5', 0, 0]]
    """
    A = net.matrix(net.resolve_relation(relation), weighted=False).tocoo()
    n = net.n_people
    position = pd.Series(np.arange(n), index=net.ids.to_numpy())
    boss = net.people["manager_id"].astype(str).map(position).fillna(-1).astype(np.int64).to_numpy()
    nonzero = A.data != 0
    row, col = A.row[nonzero], A.col[nonzero]
    own = boss[row] == col
    return pd.DataFrame({"id": net.ids.to_numpy(),
                         "sought_out_by_reports": np.bincount(col[own], minlength=n),
                         "sought_out_across_line": np.bincount(col[~own], minlength=n)})
