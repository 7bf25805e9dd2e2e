"""Audiences of the communication matrix: everyone in exactly one, each with a believing
messenger and an accountable owner (science.md 3.7).

Membership is decided in a fixed order and the first match wins, so nobody is in two
audiences and nobody falls through:

1. **Executives**: people with no manager who lead others, and the managers reporting to them;
2. **Champions**;
3. **IT support** (department named IT or Information Technology);
4. **People managers**;
5. each high- or medium-risk **resistance cluster** whose remaining members reach the
   minimum group size;
6. each **department**, split by impact level when its groups differ in impact and each
   part reaches the minimum size (small parts stay together as the department);
7. **Everyone else**: whoever is left (small departments, people without a department).

Messengers (Prosci's preferred senders; Rogers' near-peer opinion leaders) must *believe
in the change* (stance ``believer``): for a group, the believing champion matched to most
of its members, else its most influential believer, else the most senior believer; for
executives, their most senior believer. The **owner** is accountable and never the
messenger: the line manager of most members, else the department's most senior manager,
else the executive sponsor; never a sceptic. Where no such person exists the row says so
in ``gaps`` instead of naming someone unsuitable.

An audience's ``risk`` comes from its members' resistance clusters (high when at least 40
percent are in high-risk clusters, medium from 20 percent in medium or high ones or a mean
impact at the high-impact cut) and sets the cadence; for an audience under the minimum
group size it is the role's default instead, so no row describes a handful of people.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from .._lookup import isin
from .policy import PlanPolicy

__all__ = ["assign_audiences", "communication_matrix", "check_audiences", "CADENCE_BY_RISK", "AUDIENCE_TYPES"]

CADENCE_BY_RISK = {"high": "weekly", "medium": "every two weeks", "low": "monthly"}
CADENCE_DAYS = {"weekly": 7, "every two weeks": 14, "monthly": 28}
AUDIENCE_TYPES = ("executives", "champions", "it_support", "people_managers", "resistance_cluster", "department",
                  "everyone_else")
IT_DEPARTMENTS = r"IT|Information Technology|IT Support|IT Services"
#: Risk level of a role audience too small to describe by its members' clusters.
ROLE_RISK = {"executives": "medium", "people_managers": "medium", "champions": "low", "it_support": "low",
             "everyone_else": "low"}


def _person(people: pd.DataFrame, i: int) -> str:
    return f"{people['name'].iat[i]} ({people['id'].iat[i]})"


def assign_audiences(people: pd.DataFrame, policy: PlanPolicy, clusters: pd.DataFrame | None = None) -> pd.DataFrame:
    """The one audience of each person.

    Parameters
    ----------
    people : pandas.DataFrame
        :func:`~stakeholder_graph.plan.plan_people` output (``id, department, level,
        is_manager, n_reports, is_champion, community, impact``).
    policy : PlanPolicy
        ``min_group_size`` is used.
    clusters : pandas.DataFrame, optional
        Resistance clusters (``cluster, risk``).

    Returns
    -------
    pandas.DataFrame
        One row per person (same order): ``id, audience, audience_type, group_type,
        group``.

    Examples
    --------
    >>> people = pd.DataFrame({"id": list("abcdefg"), "department": ["Exec"] + ["Sales"] * 6,
    ...     "level": [0, 1, 2, 2, 2, 2, 2], "is_manager": [True, True] + [False] * 5, "n_reports": [1, 5] + [0] * 5,
    ...     "is_champion": [False] * 6 + [True], "community": [0] * 7, "impact": [2.0] + [4.0] * 6})
    >>> assign_audiences(people, PlanPolicy(go_live="2027-03-01", min_group_size=4))["audience"].tolist()
    ['Executives', 'Executives', 'Sales', 'Sales', 'Sales', 'Sales', 'Champions']
    """
    n = len(people)
    minimum = policy.min_group_size
    audience = np.full(n, "", dtype=object)
    kind = np.full(n, "", dtype=object)
    group_type = np.full(n, "audience", dtype=object)
    group = np.full(n, "", dtype=object)
    level = people["level"].to_numpy()
    is_manager = people["is_manager"].fillna(False).astype(bool).to_numpy()
    leads = (people["n_reports"].fillna(0).to_numpy() > 0)

    def take(mask, name, type_, gtype="audience", gvalue=None):
        mask = mask & (audience == "")
        audience[mask], kind[mask] = name, type_
        group_type[mask], group[mask] = gtype, name if gvalue is None else gvalue

    top = (level == 0) & leads
    take(top | ((level == 1) & is_manager & top.any()), "Executives", "executives")
    take(people["is_champion"].fillna(False).astype(bool).to_numpy(), "Champions", "champions")
    department = people["department"].fillna("").astype(str)
    take(department.str.fullmatch(IT_DEPARTMENTS, case=False).to_numpy(), "IT support", "it_support")
    take(is_manager, "People managers", "people_managers")
    if clusters is not None and len(clusters):
        community = people["community"].to_numpy(dtype=float)
        risky = clusters[clusters["risk"].isin(["high", "medium"])]
        order = {"high": 0, "medium": 1}
        risky = risky.assign(_o=risky["risk"].map(order)).sort_values(["_o", "cluster"])
        for cluster in risky["cluster"]:
            mask = (community == cluster) & (audience == "")
            if mask.sum() >= minimum:
                take(mask, f"Resistance cluster {int(cluster)}", "resistance_cluster", "community", str(int(cluster)))
    impact = people["impact"].to_numpy(dtype=float)
    impact_label = np.where(np.isnan(impact), "impact not rated", pd.Series(impact).map(
        lambda v: f"impact {v:g}/5").to_numpy())
    for name in sorted(department[(audience == "") & (department != "").to_numpy()].unique()):
        in_department = (department == name).to_numpy() & (audience == "")
        labels = pd.Series(impact_label[in_department]).value_counts()
        parts = labels[labels >= minimum]
        if len(labels) > 1 and len(parts) >= 1:
            for label in sorted(parts.index):
                take(in_department & (impact_label == label), f"{name} ({label})", "department", "department", name)
        rest = in_department & (audience == "")
        if rest.sum() >= minimum:
            take(rest, name if len(labels) == 1 or not len(parts) else f"{name} (other roles)", "department",
                 "department", name)
    take(np.ones(n, dtype=bool), "Everyone else", "everyone_else")
    return pd.DataFrame({"id": people["id"].to_numpy(), "audience": audience, "audience_type": kind,
                         "group_type": group_type, "group": group})


def _risk(cluster_risk: np.ndarray, impact: np.ndarray, impact_cut: float) -> str:
    """Risk of an audience from its members' cluster risk and impact."""
    if len(cluster_risk) == 0:
        return "low"
    high = np.mean(cluster_risk == "high")
    medium = np.mean(np.isin(cluster_risk, ["high", "medium"]))
    mean_impact = np.nanmean(impact) if np.isfinite(impact).any() else np.nan
    if high >= 0.4:
        return "high"
    if medium >= 0.2 or mean_impact >= impact_cut:
        return "medium"
    return "low"


def _mode_text(values: pd.Series) -> str:
    values = values[values.astype(str) != ""]
    return str(values.value_counts().index[0]) if len(values) else ""


class _Chooser:
    """Messenger and owner rules over one people table."""

    def __init__(self, people: pd.DataFrame):
        self.people = people
        self.stance = people["stance"].to_numpy()
        self.believer = self.stance == "believer"
        self.sceptic = self.stance == "sceptic"
        self.level = people["level"].to_numpy()
        self.influence = people["influence"].to_numpy(dtype=float)
        self.reports = people["n_reports"].fillna(0).to_numpy()
        self.position = pd.Series(np.arange(len(people)), index=people["id"].astype(str))
        self.senior = np.lexsort((-self.influence, -self.reports, self.level))  # most senior first
        # Columns read once: each audience (dozens) asks for them again.
        self.assigned = people["assigned_champion"].astype(str).to_numpy(dtype=object) \
            if "assigned_champion" in people else None
        self.manager = people["manager_id"].astype(str).to_numpy(dtype=object)
        self.department = people["department"].astype(str).to_numpy(dtype=object)

    def _first(self, candidates, exclude: int = -1, ok=None) -> int:
        ok = self.believer if ok is None else ok
        for i in candidates:
            if i >= 0 and i != exclude and ok[i]:
                return int(i)
        return -1

    def messenger(self, mask: np.ndarray, type_: str) -> tuple[int, str]:
        inside = np.flatnonzero(mask)
        if type_ == "executives":
            i = self._first(self.senior[mask[self.senior]])
            if i >= 0:
                return i, "business reasons come from the most senior executive who believes in the change"
        elif type_ not in ("champions", "people_managers", "everyone_else"):
            assigned = self.assigned[inside]
            counts = pd.Series(assigned[assigned != ""]).value_counts()
            i = self._first(self.position.reindex(counts.index).fillna(-1).astype(int).tolist())
            if i >= 0:
                return i, "the believing champion most of the group is matched to (how-to and peer proof)"
            i = self._first(inside[np.argsort(-self.influence[inside], kind="stable")])
            if i >= 0:
                return i, "the group's most influential colleague who believes in the change"
        i = self._first(self.senior)
        if i >= 0:
            return i, "the most senior person who believes in the change"
        return -1, ""

    def owner(self, mask: np.ndarray, type_: str, messenger: int) -> tuple[int, str]:
        ok = ~self.sceptic
        managers_ok = ok & (self.reports > 0)
        if type_ in ("resistance_cluster", "department", "it_support"):
            managers = self.manager[mask]
            counts = pd.Series(managers[managers != ""]).value_counts()
            i = self._first(self.position.reindex(counts.index).fillna(-1).astype(int).tolist(), messenger,
                            managers_ok)
            if i >= 0:
                return i, "line manager of most members"
            main = _mode_text(self.people["department"][mask])
            same = self.department == main
            i = self._first(self.senior[same[self.senior]], messenger, managers_ok)
            if i >= 0:
                return i, "most senior manager of the department"
        i = self._first(self.senior, messenger, managers_ok)
        if i >= 0:
            return i, "executive sponsor"
        return -1, ""


def communication_matrix(people: pd.DataFrame, audiences: pd.DataFrame, policy: PlanPolicy, *,
                         clusters: pd.DataFrame | None = None, alerts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per audience: what they need to know, when, cadence, channel, messenger, owner, action.

    Parameters
    ----------
    people : pandas.DataFrame
        :func:`~stakeholder_graph.plan.plan_people` output.
    audiences : pandas.DataFrame
        :func:`assign_audiences` output for the same people.
    policy : PlanPolicy
    clusters : pandas.DataFrame, optional
        Resistance clusters with structured ``barrier, losses, what_changes`` columns.
    alerts : pandas.DataFrame, optional
        Monitor alerts (``week, group_type, group, signal``); groups with an open alert
        hear from the plan weekly after go-live.

    Returns
    -------
    pandas.DataFrame
        ``audience, audience_type, group_type, group, size, risk, impact,
        what_they_need_to_know, first_message, weeks_before_go_live, cadence_before_go_live,
        cadence_after_go_live, cadence_reason, last_message, when, channel, messenger,
        messenger_id, messenger_stance, messenger_rule, owner, owner_id, owner_role,
        desired_action, gaps``.

    Examples
    --------
    >>> people = pd.DataFrame({"id": list("abcdef"), "name": list("ABCDEF"), "department": ["Ops"] * 6,
    ...     "title": "", "manager_id": ["", "a", "a", "a", "a", "a"], "is_manager": [True] + [False] * 5,
    ...     "n_reports": [5, 0, 0, 0, 0, 0], "level": [0, 1, 1, 1, 1, 1], "influence": [0.9, 0.5, 0.1, 0, 0, 0],
    ...     "stance": ["neutral", "believer", "sceptic", "unknown", "neutral", "believer"],
    ...     "assigned_champion": "", "is_champion": False, "community": 0, "cluster_risk": "",
    ...     "impact": 4.0, "what_changes": "orders", "losses": "paper"})
    >>> policy = PlanPolicy(go_live="2027-03-01", system="Atlas", min_group_size=5)
    >>> audiences = assign_audiences(people, policy)
    >>> matrix = communication_matrix(people, audiences, policy)
    >>> matrix[["audience", "size", "messenger", "owner", "first_message"]]
         audience  size messenger  owner first_message
    0  Executives     1     B (b)  A (a)    2026-12-07
    1         Ops     5     B (b)  A (a)    2027-01-18
    """
    go_live = policy.go_live
    system = policy.system_label
    chooser = _Chooser(people)
    open_alerts = _open_alerts(alerts)
    by_cluster = clusters.set_index("cluster") if clusters is not None and len(clusters) else None
    rows = []
    # Columns read once, not once per audience.
    impact_all = people["impact"].to_numpy(dtype=float)
    cluster_risk_all = people["cluster_risk"].to_numpy(dtype=object)
    for (name, type_), members in audiences.groupby(["audience", "audience_type"], sort=False):
        mask = np.zeros(len(people), dtype=bool)
        mask[members.index.to_numpy()] = True
        gtype, gvalue = members["group_type"].iat[0], members["group"].iat[0]
        impact = impact_all[mask]
        mean_impact = round(float(np.nanmean(impact)), 1) if np.isfinite(impact).any() else np.nan
        changes, losses = _mode_text(people["what_changes"][mask]), _mode_text(people["losses"][mask])
        # Under the minimum size a risk level would describe a handful of people: use the role's default.
        small = mask.sum() < policy.min_group_size
        risk = ROLE_RISK.get(type_, "low") if small else _risk(cluster_risk_all[mask], impact, policy.impact_cut)
        barrier = ""
        if type_ == "resistance_cluster" and by_cluster is not None:
            row = by_cluster.loc[int(gvalue)]
            risk = str(row["risk"])
            barrier = str(row.get("barrier", "") or "")
            changes = str(row.get("what_changes", "") or changes)
            losses = str(row.get("losses", "") or losses)
        if type_ in ("executives", "people_managers") and risk == "low":
            risk = "medium"
        know, channel, action, weeks = _content(type_, system, changes, losses, barrier, mean_impact, policy)
        before = "weekly" if type_ == "champions" else CADENCE_BY_RISK[risk]
        alert = open_alerts.get((gtype, str(gvalue)))
        after = "weekly" if alert else CADENCE_BY_RISK[risk]
        reason = (f"open alert after go-live: {alert}" if alert else
                  "risk level (no monitor alerts given)" if alerts is None else "risk level; no open alert")
        m, rule = chooser.messenger(mask, type_)
        o, role = chooser.owner(mask, type_, m)
        gaps = []
        if m < 0:
            gaps.append("no one known to believe in the change: recruit a believing messenger before the first message")
        if o < 0:
            gaps.append("no accountable manager who is not a sceptic: name an owner")
        first = go_live - timedelta(weeks=weeks)
        last = go_live + timedelta(weeks=policy.weeks_after)
        rows.append(dict(
            audience=name, audience_type=type_, group_type=gtype, group=gvalue, size=int(mask.sum()), risk=risk,
            impact=mean_impact, what_they_need_to_know=know, first_message=first.isoformat(),
            weeks_before_go_live=weeks, cadence_before_go_live=before, cadence_after_go_live=after,
            cadence_reason=reason, last_message=last.isoformat(),
            when=(f"from {first.isoformat()} ({weeks} weeks before go-live) {before}, then {after} after go-live "
                  f"until {last.isoformat()}"),
            channel=channel,
            messenger=_person(people, m) if m >= 0 else "", messenger_id=people["id"].iat[m] if m >= 0 else "",
            messenger_stance=chooser.stance[m] if m >= 0 else "", messenger_rule=rule,
            owner=_person(people, o) if o >= 0 else "", owner_id=people["id"].iat[o] if o >= 0 else "",
            owner_role=role, desired_action=action, gaps="; ".join(gaps)))
    order = {t: i for i, t in enumerate(AUDIENCE_TYPES)}
    matrix = pd.DataFrame(rows)
    return (matrix.assign(_o=matrix["audience_type"].map(order)).sort_values(["_o", "audience"], kind="stable")
            .drop(columns="_o").reset_index(drop=True))


BARRIER_LINE = {
    "awareness": "why this is changing and the risk of not changing",
    "desire": "what is in it for them and what happens to what they lose",
    "knowledge": "how to do their own work in the new system",
    "ability": "practice time and help at their desk",
    "reinforcement": "that the old route really closes and early use is recognised",
}


def _content(type_: str, system: str, changes: str, losses: str, barrier: str, impact: float,
             policy: PlanPolicy) -> tuple[str, str, str, int]:
    """What they need to know, channel, desired action and weeks before go-live, per audience type."""
    changes_text = changes or "their daily tools and steps"
    if type_ == "executives":
        return (f"Why {system} now and the risk of not changing; why this is the right change; the adoption plan "
                "and how they will see progress; their visible role as sponsors.", "face-to-face briefing",
                f"sponsor {system} in their own meetings, ask for adoption figures, retire old reports on the "
                "agreed dates", 12)
    if type_ == "champions":
        return (f"Early access to {system}, the plan, the questions colleagues will ask, and the colleagues "
                "matched to them.", "kick-off workshop, then a weekly champions' huddle and chat channel",
                "help their matched colleagues and pass on every week what they hear", 10)
    if type_ == "it_support":
        return (f"The support model for {system}, known issues, escalation paths and expected ticket volume in "
                "the first weeks.", "runbook walkthrough", "staff the service desk for go-live and log adoption "
                "issues by group", 8)
    if type_ == "people_managers":
        return ("What changes for each of their teams, the timeline, training slots, how to handle concerns, "
                "and which champions support their people.", "manager briefing and toolkit",
                "hold a team conversation before training and release people for it", 10)
    if type_ == "resistance_cluster":
        focus = BARRIER_LINE.get(barrier, "what worries them, heard before anything is explained")
        return (f"Acknowledge what they may lose ({losses or 'ask them'}); what {system} changes for them "
                f"({changes_text}) and what it does not; {focus}; how they can shape the rollout.",
                "small-group conversation in person", "raise concerns early and join a pilot or design session",
                8)
    if type_ == "department":
        high = not np.isnan(impact) and impact >= policy.impact_cut
        return (f"What changes for them: {changes_text}; what they keep or gain in exchange for "
                f"{losses or 'their current routine'}; when training happens and whom to ask.",
                "team meeting and hands-on demo" if high else "team meeting and intranet",
                f"attend training and complete their first real task in {system}", 6 if high else 4)
    return (f"Why {system} is coming, what changes for them and where to get help.",
            "intranet, e-mail and all-hands", f"know where to get help and use {system} from go-live", 4)


def _open_alerts(alerts: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """Open alerts by (group type, group): a ``status`` of "open" when given, else the latest week's."""
    if alerts is None or alerts.empty:
        return {}
    table = alerts.copy()
    if "status" in table:
        table = table[table["status"].astype(str).str.casefold() == "open"]
    elif "week" in table:
        table = table[table["week"].astype(str) == table["week"].astype(str).max()]
    kinds = {"department": "department", "community": "community", "cluster": "community", "audience": "audience"}
    out: dict[tuple[str, str], str] = {}
    for row in table.itertuples(index=False):
        key = (kinds.get(str(row.group_type).casefold(), str(row.group_type)), str(row.group))
        out[key] = "; ".join(filter(None, [out.get(key, ""), str(row.signal)]))
    return out


def check_audiences(people: pd.DataFrame, audiences: pd.DataFrame, matrix: pd.DataFrame) -> None:
    """Raise if anyone is in no audience or in more than one, or if sizes do not add up.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["a", "b"]})
    >>> audiences = pd.DataFrame({"id": ["a", "b"], "audience": ["X", ""]})
    >>> check_audiences(people, audiences, pd.DataFrame({"audience": ["X"], "size": [1]}))
    Traceback (most recent call last):
    ...
    ValueError: audiences do not cover the organisation: 1 people without one (b)
    """
    ids = people["id"].astype(str)
    given = audiences.set_index(audiences["id"].astype(str))["audience"]
    missing = ids[~isin(ids, given[given != ""].index.to_series())]
    if len(missing):
        raise ValueError(f"audiences do not cover the organisation: {len(missing)} people without one "
                         f"({', '.join(missing.head(5))})")
    if given.index.duplicated().any() or len(given) != len(ids):
        raise ValueError("someone is in more than one audience")
    sizes = given.value_counts()
    listed = matrix.set_index("audience")["size"]
    if not sizes.sort_index().equals(listed.sort_index().astype(sizes.dtype)):
        raise ValueError("communication matrix sizes do not match the audience of each person")
