"""A transparent champion score and a plain-language reason for each person."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import InvalidParameterError

__all__ = ["champion_scores", "explain", "SCORE_WEIGHTS"]

#: Weights of the score components (each a percentile rank, 0-100, within the organisation).
SCORE_WEIGHTS = {
    "sought_out": 0.40,   # distinct colleagues who go to the person (Valente's sociometric leaders)
    "diffusion": 0.30,    # Banerjee et al.'s diffusion centrality on the transpose
    "reach_2": 0.20,      # people reached within two steps
    "brokerage": 0.10,    # 1 - Burt's constraint: non-redundant contacts
}

_COMPONENT_SOURCE = {"sought_out": "in_degree", "diffusion": "diffusion", "reach_2": "reach_2"}


def champion_scores(metrics: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Champion score (0-100) with its components kept visible.

    Each component is the person's percentile rank in the organisation (0-100, ties
    share the average rank): ``score_sought_out`` (distinct colleagues who seek them out),
    ``score_diffusion`` (diffusion centrality), ``score_reach_2`` (people within two steps)
    and ``score_brokerage`` (low Burt constraint; people with no tie get 0). The score is
    their weighted mean (:data:`SCORE_WEIGHTS`). Managers are *not* penalised here; the
    set selection decides what to do with them.

    Parameters
    ----------
    metrics : pandas.DataFrame
        Output of :func:`~stakeholder_graph.metrics.compute_metrics`.
    weights : dict, optional
        Replacement weights for some components (they are renormalised to sum to 1).

    Returns
    -------
    pandas.DataFrame
        ``score`` and the four ``score_*`` columns, aligned with ``metrics``.

    Examples
    --------
    >>> from stakeholder_graph.metrics import compute_metrics
    >>> scores = champion_scores(compute_metrics(build_network(OrgData.example())))
    >>> scores.round(1).values.tolist()[0]
    [98.0, 100.0, 100.0, 90.0, 100.0]
    """
    w = dict(SCORE_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in w:
            raise InvalidParameterError("weights", f"a dict with keys among {sorted(w)}", weights)
        if not value >= 0:
            raise InvalidParameterError("weights", "non-negative numbers", weights)
        w[key] = float(value)
    total = sum(w.values())
    if total <= 0:
        raise InvalidParameterError("weights", "weights that do not all equal 0", weights)
    parts = {}
    for name, column in _COMPONENT_SOURCE.items():
        parts[name] = metrics[column].astype(float).rank(pct=True, method="average").fillna(0.0) * 100
    brokerage = (1.0 - metrics["constraint"].astype(float)).fillna(-1.0)  # no ties: lowest
    parts["brokerage"] = brokerage.rank(pct=True, method="average") * 100
    out = pd.DataFrame({f"score_{k}": v for k, v in parts.items()}, index=metrics.index)
    out.insert(0, "score", sum(out[f"score_{k}"] * (w[k] / total) for k in w))
    return out


def _relation_phrase(relation: str) -> str:
    base = relation.split("@", 1)[0]
    return {"help": "for help", "advice": "for advice", "influence": "for their opinion"}.get(
        base, f"on '{base}'")


def explain(metrics: pd.DataFrame, rows: np.ndarray | list[int] | None = None, *,
            relation: str = "help", n_reports: pd.Series | None = None,
            by_reports: pd.Series | np.ndarray | None = None) -> pd.Series:
    """One plain sentence per person saying why they matter in the network.

    With ``by_reports`` (per person, colleagues among those seeking them out who are their
    own direct reports), formal credibility is told apart from informal: "Sought out for
    help by 12 colleagues (3 of them their own reports)".

    Examples
    --------
    >>> from stakeholder_graph.metrics import compute_metrics
    >>> net = build_network(OrgData.example())
    >>> explain(compute_metrics(net), [0], n_reports=net.people["n_reports"]).iloc[0]
    'Sought out for help by 3 colleagues in 1 department; reaches 3 people within two steps; bridges Exec and IT; manages 2 people.'
    """
    table = metrics if rows is None else metrics.iloc[np.asarray(rows)]
    phrase = _relation_phrase(relation)
    one_department = metrics["department"].nunique() <= 1  # no department column: say nothing

    def department(name: object) -> str:
        text = str(name)
        return f"department {text}" if text.isdigit() else text

    formal = None if by_reports is None else np.asarray(by_reports)
    sentences = []
    for i, row in zip(table.index, table.itertuples(index=False)):
        seekers = int(row.in_degree)
        depts = int(row.seeker_departments)
        own = 0 if formal is None else int(formal[metrics.index.get_loc(i)])
        parts = [f"Sought out {phrase} by {seekers} colleague{'s' if seekers != 1 else ''}"
                 + (f" ({own} of them {'their own reports' if own != 1 else 'their own report'})" if own else "")
                 + (f" in {depts} department{'s' if depts != 1 else ''}" if seekers and not one_department else "")]
        parts.append(f"reaches {int(row.reach_2)} people within two steps")
        if row.top_other_department:
            parts.append(f"bridges {department(row.department)} and {department(row.top_other_department)}")
        if row.is_manager:
            reports = int(n_reports.loc[i]) if n_reports is not None else None
            parts.append(f"manages {reports} people" if reports else "a manager")
        else:
            parts.append("not a manager")
        sentences.append("; ".join(parts) + ".")
    return pd.Series(sentences, index=table.index, name="reasons")
