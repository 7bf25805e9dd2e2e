"""The stakeholder register: named people and groups, their power, interest, stance and salience.

* **Power** = mean of formal power (level in the org chart and span of control) and network
  influence (champion-score percentile), both kept as columns.
* **Interest** = change impact (1-5 from ``impact.csv``) rescaled to 0-1.
* **Mendelow quadrant** splits both at 0.5: manage closely, keep satisfied, keep informed,
  monitor.
* **Salience** (Mitchell, Agle and Wood 1997) from three yes/no attributes: power (>= 0.5),
  legitimacy (a formal stake: affected by the change, impact >= 3, or a manager in the line),
  urgency (impact >= 4, or in a high-risk resistance cluster).
* **Stance** comes from the stakeholder's *group* (their community's mean predicted
  attitude), never from an individual's own answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..champions.score import champion_scores
from ..resistance.assess import impact_per_person

__all__ = ["stakeholder_register", "mendelow_quadrant", "salience_class", "stance_label", "SALIENCE_CLASSES"]

SALIENCE_CLASSES = {
    (False, False, False): "non-stakeholder",
    (True, False, False): "dormant",
    (False, True, False): "discretionary",
    (False, False, True): "demanding",
    (True, True, False): "dominant",
    (True, False, True): "dangerous",
    (False, True, True): "dependent",
    (True, True, True): "definitive",
}


def mendelow_quadrant(power: float, interest: float, *, split: float = 0.5) -> str:
    """Mendelow's quadrant for power and interest on a 0-1 scale.

    Examples
    --------
    >>> [mendelow_quadrant(p, i) for p, i in [(0.8, 0.9), (0.8, 0.1), (0.2, 0.9), (0.2, 0.1)]]
    ['manage closely', 'keep satisfied', 'keep informed', 'monitor']
    """
    if power >= split:
        return "manage closely" if interest >= split else "keep satisfied"
    return "keep informed" if interest >= split else "monitor"


def salience_class(power: bool, legitimacy: bool, urgency: bool) -> str:
    """Mitchell, Agle and Wood's class from the three attributes.

    Examples
    --------
    >>> salience_class(True, True, True), salience_class(True, False, True), salience_class(False, True, False)
    ('definitive', 'dangerous', 'discretionary')
    """
    return SALIENCE_CLASSES[(bool(power), bool(legitimacy), bool(urgency))]


def stance_label(attitude: float) -> str:
    """Plain-word stance from a (group) predicted attitude on -1..1.

    Examples
    --------
    >>> [stance_label(x) for x in [0.4, 0.0, -0.3, float("nan")]]
    ['supportive', 'neutral', 'likely to resist', 'unknown']
    """
    if attitude is None or np.isnan(attitude):
        return "unknown"
    if attitude >= 0.2:
        return "supportive"
    if attitude <= -0.2:
        return "likely to resist"
    return "neutral"


def _levels(people: pd.DataFrame) -> np.ndarray:
    ids = pd.Index(people["id"].astype(str))
    parent = ids.get_indexer(people["manager_id"].astype(str))
    level = np.where(parent < 0, 0, -1)
    for _ in range(len(people)):
        todo = level < 0
        if not todo.any():
            break
        ready = todo & (level[np.maximum(parent, 0)] >= 0)
        level[ready] = level[parent[ready]] + 1
    return level


def stakeholder_register(analysis: Analysis, *, influence_cut: float = 0.9, top_levels: int = 2,
                         min_group_size: int | None = None) -> pd.DataFrame:
    """One row per named stakeholder: influential people, senior leaders, and every group.

    Parameters
    ----------
    analysis : Analysis
        With champions (network influence); resistance and impact are used when present.
    influence_cut : float, default=0.9
        People at or above this percentile of network influence are listed by name.
    top_levels : int, default=2
        People in the top levels of the org chart (0 = chief executive) are listed too.
    min_group_size : int, optional
        Groups smaller than this are not listed (default: the analysis's).

    Returns
    -------
    pandas.DataFrame
        ``stakeholder, kind, id, department, title, headcount, formal_level, formal_power,
        network_influence, power, impact, interest, what_changes, losses, predicted_stance,
        quadrant, salience, legitimacy, urgency``.
    """
    people = analysis.network.people.reset_index(drop=True)
    min_group = min_group_size or analysis.parameters.get("min_group_size", 5)
    n = len(people)
    level = _levels(people)
    depth = max(int(level.max()), 1)
    span = people["n_reports"].to_numpy(dtype=float)
    formal_power = 0.7 * (1 - level / depth) + 0.3 * np.minimum(1, np.log1p(span) / np.log1p(max(span.max(), 1)))
    if analysis.metrics is not None:
        influence = champion_scores(analysis.metrics)["score"].to_numpy() / 100
    else:
        influence = np.zeros(n)
    impact = impact_per_person(people, analysis.org.impact)
    interest = ((impact["impact"].fillna(3) - 1) / 4).to_numpy()
    if analysis.resistance is not None:
        res = analysis.resistance
        group_attitude = res.clusters.set_index("cluster")["mean_predicted_attitude"]
        person_group_attitude = pd.Series(res.people["community"]).map(group_attitude).to_numpy(dtype=float)
        high_risk = (res.people["resistance_risk"] == "high").to_numpy()
    else:
        person_group_attitude = np.full(n, np.nan)
        high_risk = np.zeros(n, dtype=bool)
    named = (influence >= influence_cut) | (level < top_levels)
    rows = []
    for i in np.flatnonzero(named):
        power = (formal_power[i] + influence[i]) / 2
        legit = bool(impact["impact"].iloc[i] >= 3 if not np.isnan(impact["impact"].iloc[i]) else people["is_manager"].iloc[i])
        urgent = bool((impact["impact"].iloc[i] >= 4 if not np.isnan(impact["impact"].iloc[i]) else False) or high_risk[i])
        rows.append(dict(
            stakeholder=people["name"].iloc[i], kind="person", id=people["id"].iloc[i],
            department=people["department"].iloc[i], title=people["title"].iloc[i], headcount=1,
            formal_level=int(level[i]), formal_power=round(float(formal_power[i]), 3),
            network_influence=round(float(influence[i]), 3), power=round(float(power), 3),
            impact=impact["impact"].iloc[i], interest=round(float(interest[i]), 3),
            what_changes=impact["what_changes"].iloc[i], losses=impact["losses"].iloc[i],
            predicted_stance=stance_label(person_group_attitude[i]) + " (their group)",
            quadrant=mendelow_quadrant(power, interest[i]), legitimacy=legit, urgency=urgent,
            salience=salience_class(power >= 0.5, legit, urgent)))
    frame = pd.DataFrame({"department": people["department"].astype(str), "power": (formal_power + influence) / 2,
                          "formal_power": formal_power, "influence": influence, "interest": interest,
                          "impact": impact["impact"], "attitude": person_group_attitude, "high_risk": high_risk,
                          "what_changes": impact["what_changes"], "losses": impact["losses"]})
    for department, part in frame.groupby("department", sort=True):
        if len(part) < min_group:
            continue
        power = float(part["power"].quantile(0.9))  # a group is as powerful as its influential members
        interest = float(part["interest"].mean())
        mean_impact = part["impact"].mean()
        legit = bool(mean_impact >= 3) if not np.isnan(mean_impact) else True
        urgent = bool((mean_impact >= 4 if not np.isnan(mean_impact) else False) or part["high_risk"].mean() >= 0.2)
        rows.append(dict(
            stakeholder=f"{department} (department)", kind="group", id="", department=department, title="",
            headcount=len(part), formal_level=np.nan, formal_power=round(float(part["formal_power"].quantile(0.9)), 3),
            network_influence=round(float(part["influence"].quantile(0.9)), 3), power=round(power, 3),
            impact=round(float(mean_impact), 1) if not np.isnan(mean_impact) else np.nan,
            interest=round(interest, 3),
            what_changes=part["what_changes"].mode().iloc[0] if len(part) else "",
            losses=part["losses"].mode().iloc[0] if len(part) else "",
            predicted_stance=stance_label(float(np.nanmean(part["attitude"])) if part["attitude"].notna().any() else np.nan),
            quadrant=mendelow_quadrant(power, interest), legitimacy=legit, urgency=urgent,
            salience=salience_class(power >= 0.5, legit, urgent)))
    register = pd.DataFrame(rows)
    order = {"manage closely": 0, "keep satisfied": 1, "keep informed": 2, "monitor": 3}
    return (register.assign(_q=register["quadrant"].map(order))
            .sort_values(["_q", "power"], ascending=[True, False]).drop(columns="_q").reset_index(drop=True))
