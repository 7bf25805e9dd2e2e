"""The stakeholder register: named people and groups, their power, interest, stance and salience.

A pure function of explicit tables: the plan's person table
(:func:`~stakeholder_graph.plan.plan_people`) and a :class:`~stakeholder_graph.plan.PlanPolicy`.

* **Power** = mean of formal power (level in the org chart and span of control) and network
  influence (champion-score percentile), both kept as columns.
* **Interest** = mean of change impact (1-5 rescaled to 0-1; 3 when unrated) and the
  person's own exposure to the change (share of their colleagues whose work changes a lot):
  two people in the same group differ in interest when one works with the changing groups.
* **Mendelow quadrant** splits both at 0.5: manage closely, keep satisfied, keep informed,
  monitor.
* **Salience** (Mitchell, Agle and Wood 1997) from three yes/no attributes: power (>= 0.5),
  legitimacy (a formal stake: affected by the change, impact >= 3, or a manager in the line),
  urgency (impact >= 4, or in a high-risk resistance cluster).
* **Stance** comes from the stakeholder's *group* (their resistance cluster's mean predicted
  attitude) unless individual attitudes are asked for; ``stance_basis`` says which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # the plan imports the register; the register only reads the policy's fields
    from ..plan.policy import PlanPolicy

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


def stakeholder_register(people: pd.DataFrame, policy: PlanPolicy, *, top_levels: int = 2) -> pd.DataFrame:
    """One row per named stakeholder: influential people, senior leaders, and every group.

    Parameters
    ----------
    people : pandas.DataFrame
        :func:`~stakeholder_graph.plan.plan_people` output (``id, name, department, title,
        level, n_reports, is_manager, influence, stance, cluster_risk, group_attitude,
        impact, what_changes, losses, exposure_to_change``).
    policy : PlanPolicy
        ``influence_cut`` (people at or above this network-influence percentile are
        named), ``min_group_size`` (smaller groups are not listed) and
        ``individual_stances``.
    top_levels : int, default=2
        People in the top levels of the org chart (0 = chief executive) are named too.

    Returns
    -------
    pandas.DataFrame
        ``stakeholder, kind, id, department, title, headcount, formal_level, formal_power,
        network_influence, power, impact, exposure_to_change, interest, what_changes,
        losses, stance, stance_basis, quadrant, salience, legitimacy, urgency``.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2", "3"], "name": ["Ana", "Bo", "Cy"], "department": "Ops",
    ...     "title": "", "level": [0, 1, 2], "n_reports": [1, 1, 0], "is_manager": [True, False, False],
    ...     "influence": [0.5, 0.95, 0.2], "stance": ["believer", "sceptic", "neutral"], "cluster_risk": "",
    ...     "group_attitude": [0.1, 0.1, 0.1], "impact": [4.0, 4.0, 4.0], "what_changes": "", "losses": "",
    ...     "exposure_to_change": [0.0, 1.0, 0.0]})
    >>> from stakeholder_graph.plan import PlanPolicy
    >>> policy = PlanPolicy(go_live="2027-03-01", min_group_size=3)
    >>> stakeholder_register(people, policy)[["stakeholder", "interest", "stance", "stance_basis"]]
            stakeholder  interest   stance                      stance_basis
    0                Bo     0.875  neutral  their group (resistance cluster)
    1  Ops (department)     0.542  neutral   the group's resistance clusters
    2               Ana     0.375  neutral  their group (resistance cluster)
    """
    people = people.reset_index(drop=True)
    min_group = policy.min_group_size
    level = people["level"].to_numpy()
    depth = max(int(level.max()), 1) if len(level) else 1
    span = people["n_reports"].fillna(0).to_numpy(dtype=float)
    formal_power = 0.7 * (1 - level / depth) + 0.3 * np.minimum(1, np.log1p(span) / np.log1p(max(span.max(), 1)))
    influence = people["influence"].to_numpy(dtype=float)
    impact = people["impact"].to_numpy(dtype=float)
    impact_part = np.where(np.isnan(impact), 0.5, (impact - 1) / 4)
    exposure = people["exposure_to_change"].to_numpy(dtype=float)
    interest = (impact_part + exposure) / 2
    group_attitude = people["group_attitude"].to_numpy(dtype=float)
    high_risk = (people["cluster_risk"] == "high").to_numpy()
    own = policy.individual_stances
    named = (influence >= policy.influence_cut) | (level < top_levels)
    # Named people: whole columns at once (a row loop over thousands of named people at
    # 100,000 staff cost seconds of per-cell DataFrame access).
    chosen = np.flatnonzero(named)
    power = ((formal_power + influence) / 2)[chosen]
    imp, chosen_interest = impact[chosen], interest[chosen]
    known = ~np.isnan(imp)
    legit = np.where(known, imp >= 3, people["is_manager"].to_numpy(dtype=bool)[chosen])
    urgent = np.where(known, imp >= 4, False) | high_risk[chosen]

    def rounded(values: np.ndarray) -> list[float]:
        return [round(v, 3) for v in values.tolist()]

    def column(name: str) -> np.ndarray:
        return people[name].to_numpy(dtype=object)[chosen]

    stance = (column("stance") if own else
              np.array([stance_label(a) for a in group_attitude[chosen].tolist()], dtype=object))
    persons = pd.DataFrame(dict(
        stakeholder=column("name"), kind="person", id=column("id"), department=column("department"),
        title=column("title"), headcount=1, formal_level=level[chosen].astype(int),
        formal_power=rounded(formal_power[chosen]), network_influence=rounded(influence[chosen]),
        power=rounded(power), impact=imp, exposure_to_change=rounded(exposure[chosen]),
        interest=rounded(chosen_interest), what_changes=column("what_changes"), losses=column("losses"),
        stance=stance,
        stance_basis="their own answers (individual attitudes asked for)" if own
        else "their group (resistance cluster)",
        quadrant=[mendelow_quadrant(p, i) for p, i in zip(power.tolist(), chosen_interest.tolist())],
        legitimacy=legit.astype(bool), urgency=urgent.astype(bool),
        salience=[salience_class(p >= 0.5, lg, u) for p, lg, u in zip(power.tolist(), legit.tolist(), urgent.tolist())]))
    rows = []
    frame = pd.DataFrame({"department": people["department"].astype(str), "power": (formal_power + influence) / 2,
                          "formal_power": formal_power, "influence": influence, "interest": interest,
                          "impact": impact, "exposure": exposure, "attitude": group_attitude,
                          "high_risk": high_risk, "what_changes": people["what_changes"], "losses": people["losses"]})
    for department, part in frame.groupby("department", sort=True):
        if len(part) < min_group:
            continue
        power = float(part["power"].quantile(0.9))  # a group is as powerful as its influential members
        group_interest = float(part["interest"].mean())
        mean_impact = part["impact"].mean()
        legit = bool(mean_impact >= 3) if not np.isnan(mean_impact) else True
        urgent = bool((mean_impact >= 4 if not np.isnan(mean_impact) else False) or part["high_risk"].mean() >= 0.2)
        rows.append(dict(
            stakeholder=f"{department} (department)", kind="group", id="", department=department, title="",
            headcount=len(part), formal_level=np.nan, formal_power=round(float(part["formal_power"].quantile(0.9)), 3),
            network_influence=round(float(part["influence"].quantile(0.9)), 3), power=round(power, 3),
            impact=round(float(mean_impact), 1) if not np.isnan(mean_impact) else np.nan,
            exposure_to_change=round(float(part["exposure"].mean()), 3), interest=round(group_interest, 3),
            what_changes=part["what_changes"].mode().iloc[0] if len(part) else "",
            losses=part["losses"].mode().iloc[0] if len(part) else "",
            stance=stance_label(float(np.nanmean(part["attitude"])) if part["attitude"].notna().any() else np.nan),
            stance_basis="the group's resistance clusters",
            quadrant=mendelow_quadrant(power, group_interest), legitimacy=legit, urgency=urgent,
            salience=salience_class(power >= 0.5, legit, urgent)))
    groups = pd.DataFrame(rows, columns=persons.columns)
    register = persons if groups.empty else groups if persons.empty else pd.concat([persons, groups], ignore_index=True)
    if register.empty:
        return register
    order = {"manage closely": 0, "keep satisfied": 1, "keep informed": 2, "monitor": 3}
    return (register.assign(_q=register["quadrant"].map(order))
            .sort_values(["_q", "power"], ascending=[True, False]).drop(columns="_q").reset_index(drop=True))
