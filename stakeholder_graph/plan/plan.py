"""The implementation plan: communication matrix, resistance plan, success metrics, prompts.

Everything is generated from an analysis and stays an editable table. Rules:

* **Messenger** (Prosci preferred senders; Rogers): business reasons come from the
  executive sponsor; "what changes for me" from the line manager; how-to and peer proof from
  champions. For a group, the champions matched to most of its members (or with most ties
  into a resistance cluster) are named; with none, the line managers.
* **Cadence** follows risk: weekly for high-risk audiences, every two weeks for medium,
  monthly otherwise.
* **When**: awareness and desire messages first (8 to 6 weeks before go-live), knowledge
  and ability (training) from 4 weeks before, reinforcement after go-live (ADKAR order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..exceptions import InvalidParameterError
from ..resistance.assess import impact_per_person

__all__ = ["communication_matrix", "resistance_plan", "success_metrics", "planning_prompts", "build_plan",
           "ImplementationPlan", "CADENCE"]

CADENCE = {"high": "weekly", "medium": "every two weeks", "low": "monthly"}
WEEKS_BEFORE = {"high": 8, "medium": 6, "low": 4}

OBJECTIONS = {
    "awareness": "We do not see why this is changing or what is wrong with how we work now.",
    "desire": "We understand the change but do not want it: it costs us more than it gives us.",
    "knowledge": "We are willing, but nobody has shown us how to do our work in the new system.",
    "ability": "We know the steps but cannot yet do our real work in it at our pace.",
    "reinforcement": "We tried it, and the old way is still quicker and still accepted.",
}
TACTICS = {
    "awareness": "sponsor briefing on why now and the risk of not changing, followed by a team Q&A",
    "desire": "involve the group in shaping the rollout (pilot, design input), address what they lose, "
              "visible sponsor commitment",
    "knowledge": "role-based training on their own processes, job aids, champion drop-in sessions",
    "ability": "hands-on practice time, floor-walkers at go-live, temporary targets relief",
    "reinforcement": "recognise early users, retire the old route and workarounds, track usage",
}


def _date(go_live: date, weeks: int) -> str:
    return (go_live - timedelta(weeks=weeks)).isoformat()


def _names(ids: list[str], people: pd.DataFrame, limit: int = 3) -> str:
    lookup = people.set_index("id")["name"]
    return "; ".join(lookup.get(i, i) for i in ids[:limit])


def _group_messengers(analysis: Analysis, mask: np.ndarray) -> list[str]:
    if analysis.champions is None:
        return []
    assigned = analysis.champions.assignment["assigned_champion"].to_numpy()[mask]
    counts = pd.Series(assigned[assigned != ""]).value_counts()
    return counts.index.tolist()


def _line_managers(people: pd.DataFrame, mask: np.ndarray) -> str:
    managers = people.loc[mask, "manager_id"].astype(str)
    counts = managers[managers != ""].value_counts()
    lookup = people.set_index("id")["name"]
    return "; ".join(lookup.get(m, m) for m in counts.index[:3])


def communication_matrix(analysis: Analysis, *, system: str, go_live: date,
                         min_group_size: int | None = None, impact_cut: float = 4) -> pd.DataFrame:
    """One row per audience: what they need to know, when, channel, who delivers it, action wanted.

    Audiences: executives, people managers, each high-impact department (impact at least
    ``impact_cut``), each high- or medium-risk resistance cluster, champions, IT support.
    Audiences smaller than the minimum group size are merged into one row or left out.

    Returns
    -------
    pandas.DataFrame
        ``audience, size, risk, what_they_need_to_know, when, cadence, channel, messenger,
        messenger_rule, desired_action``.
    """
    people = analysis.network.people
    min_group = min_group_size or analysis.parameters.get("min_group_size", 5)
    impact = impact_per_person(people, analysis.org.impact)
    rows = []

    def add(audience, mask, risk, know, channel, messenger, rule, action, first_weeks=None):
        size = int(mask.sum())
        weeks = first_weeks or WEEKS_BEFORE[risk]
        rows.append(dict(audience=audience, size=size, risk=risk, what_they_need_to_know=know,
                         when=f"from {_date(go_live, weeks)} ({weeks} weeks before go-live), then {CADENCE[risk]} "
                              f"until 4 weeks after",
                         cadence=CADENCE[risk], channel=channel, messenger=messenger, messenger_rule=rule,
                         desired_action=action))

    level0 = (people["manager_id"].astype(str) == "").to_numpy()
    top_ids = set(people.loc[level0, "id"])
    executives = (level0 | people["manager_id"].isin(top_ids).to_numpy()) & people["is_manager"].to_numpy()
    sponsor = _names(people.loc[level0, "id"].tolist(), people, 1) or "the executive sponsor"
    add("Executives", executives, "medium",
        f"Why {system} now, the risk of not changing, the adoption plan and how they will see progress; "
        "their visible role as sponsors.", "face-to-face briefing", sponsor,
        "business reasons come from the most senior sponsor",
        f"sponsor {system} in their own meetings and ask for adoption figures", first_weeks=10)
    managers = people["is_manager"].to_numpy() & ~executives
    add("People managers", managers, "medium",
        "What changes for each of their teams, the timeline, training slots, how to handle concerns, "
        "and which champions support their people.", "manager briefing and toolkit", sponsor,
        "managers hear it from leadership first, then carry the personal-impact message to their teams",
        "hold a team conversation before training and release people for it", first_weeks=8)

    impact_values = impact["impact"].to_numpy(dtype=float)
    for department in sorted(people["department"].astype(str).unique()):
        mask = (people["department"].astype(str) == department).to_numpy()
        value = np.nanmean(impact_values[mask]) if np.isfinite(impact_values[mask]).any() else np.nan
        if not value >= impact_cut:
            continue
        changes = impact.loc[mask, "what_changes"].mode()
        losses = impact.loc[mask, "losses"].mode()
        champions = _group_messengers(analysis, mask)
        messenger = _names(champions, people) if champions else _line_managers(people, mask)
        add(f"{department} (high impact {value:.0f}/5)", mask, "medium",
            f"What changes: {changes.iloc[0] if len(changes) else 'their daily tools'}; what they keep or gain "
            f"in exchange for {losses.iloc[0] if len(losses) and losses.iloc[0] else 'their current routine'}; "
            "when training happens.", "team meeting and hands-on demo",
            messenger, "line managers for personal impact; the champions most of the group is matched to for how-to",
            f"attend training and complete their first real task in {system}")

    if analysis.resistance is not None:
        clusters = analysis.resistance.clusters
        communities = analysis.resistance.people["community"].to_numpy()
        for row in clusters[clusters["risk"].isin(["high", "medium"])].itertuples(index=False):
            mask = communities == row.cluster
            messenger = row.messengers or _line_managers(people, mask)
            add(f"Resistance cluster {row.cluster}: {row.departments}", mask, row.risk,
                f"Acknowledge the concern ({row.likely_reasons or 'see the resistance plan'}); what {system} "
                "changes and what it does not; how they can shape the rollout.",
                "small-group conversation in person", messenger,
                "champions with most ties into the cluster, backed by their line managers",
                "raise concerns early, join a pilot or design session")
    if analysis.champions is not None:
        champions = people["id"].isin(analysis.champions.champions["id"]).to_numpy()
        add("Champions", champions, "low",
            f"Early access to {system}, the plan, the questions colleagues will ask, and who they support.",
            "kick-off workshop and a chat channel", sponsor, "the sponsor recruits; the project team equips",
            "support their matched colleagues and report what they hear", first_weeks=10)
    it = people["department"].astype(str).str.fullmatch("IT|Information Technology", case=False).to_numpy()
    if it.sum():
        add("IT support", it, "low", f"Support model for {system}, known issues, escalation paths, "
            "expected ticket volume in the first weeks.", "runbook walkthrough",
            _line_managers(people, it) or sponsor, "IT leads brief their own teams",
            "staff the service desk for go-live and log adoption issues", first_weeks=6)

    matrix = pd.DataFrame(rows)
    small = matrix["size"] < min_group
    if small.any():
        merged = matrix[small]
        matrix = matrix[~small]
        if merged["size"].sum() >= min_group:
            matrix = pd.concat([matrix, pd.DataFrame([dict(
                audience="Other small audiences (merged)", size=int(merged["size"].sum()), risk="low",
                what_they_need_to_know="The general rollout messages.", when=f"from {_date(go_live, 4)}",
                cadence=CADENCE["low"], channel="intranet and email", messenger=sponsor,
                messenger_rule="groups under the minimum size are never addressed alone",
                desired_action=f"attend training and use {system}")])], ignore_index=True)
    return matrix.reset_index(drop=True)


def resistance_plan(analysis: Analysis, *, system: str, go_live: date, top: int = 10) -> pd.DataFrame:
    """Top resistance points with evidence, the likely objection, a tactic, an owner and a date.

    One row per high- or medium-risk cluster (most resistant first). Evidence cites only
    what is in the inputs: the cluster's predicted stance, its ADKAR barriers, change impact
    and stated losses from ``impact.csv``.
    """
    if analysis.resistance is None:
        return pd.DataFrame(columns=["point", "risk", "evidence", "likely_objection", "tactic", "owner", "date"])
    clusters = analysis.resistance.clusters
    risky = clusters[clusters["risk"].isin(["high", "medium"])].sort_values(
        ["share_resistant", "size"], ascending=[False, False]).head(top)
    people = analysis.network.people
    communities = analysis.resistance.people["community"].to_numpy()
    rows = []
    for row in risky.itertuples(index=False):
        barrier = ""
        if "ADKAR barrier:" in row.likely_reasons:
            barrier = row.likely_reasons.split("ADKAR barrier:", 1)[1].split(" for ", 1)[0].strip()
        evidence = (f"{row.share_resistant:.0%} of {row.size} people predicted resistant (mean predicted attitude "
                    f"{row.mean_predicted_attitude:+.2f}); {row.likely_reasons}")
        objection = OBJECTIONS.get(barrier, "We were not asked, and we do not yet see what is in it for us.")
        losses = row.likely_reasons.split("what people may lose:", 1)[1].split(";")[0].strip() \
            if "what people may lose:" in row.likely_reasons else ""
        if losses:
            objection += f" What we would lose: {losses}."
        owner = row.messengers or _line_managers(people, communities == row.cluster) or "change lead"
        rows.append(dict(point=f"Cluster {row.cluster}: {row.departments}", risk=row.risk, evidence=evidence,
                         likely_objection=objection,
                         tactic=TACTICS.get(barrier, "listen first: a small-group session with the sponsor"),
                         owner=owner, date=_date(go_live, WEEKS_BEFORE[row.risk])))
    return pd.DataFrame(rows)


def success_metrics(system: str, *, core_features: int | None = None) -> pd.DataFrame:
    """Adoption metrics beyond login counts (science.md 4.7), with targets and what a low score means.

    Examples
    --------
    >>> table = success_metrics("Atlas CRM")
    >>> table["metric"].tolist()
    ['Breadth', 'Depth', 'Habit', 'Proficiency', 'Persistence', 'Help-seeking']
    """
    features = f"the {core_features} core features" if core_features else "the core features"
    rows = [
        ("Breadth", f"share of {features} of {system} each person's role needs that they actually use",
         ">= 70% of role-relevant features by week 8", f"{system} usage telemetry joined with a role-to-feature map",
         "people log in but work around the system; check training coverage and missing functions"),
        ("Depth", f"share of in-scope transactions done end to end in {system} (vs legacy tools, spreadsheets, "
                  "workarounds)", ">= 80% by week 12; legacy share falling every week",
         "transaction logs of the new and legacy systems, inventory of shadow files",
         "compliance without adoption: parallel spreadsheets or the old system still carry the work"),
        ("Habit", f"active days per week in {system} / days the role needs it", ">= 0.8 for 4 consecutive weeks",
         "telemetry plus the roster of eligible people", "the system is not yet part of the routine; ask why"),
        ("Proficiency", "task success and error or rework rate, median cycle time against the pre-change baseline",
         "error rate and cycle time back to baseline within 6 weeks", "process logs and help-desk tickets by topic",
         "people need coaching or the process design has friction"),
        ("Persistence", "share of each week-1 cohort still active at weeks 4, 8 and 12; reversion to legacy",
         ">= 90% retained at week 12; reversion under 5%", "telemetry, legacy logs, IT service-management data",
         "early users drop back; reinforcement or fixes are missing"),
        ("Help-seeking", f"weekly 'who did you go to for help with {system}?' pulse: load per champion and "
                         "share of questions answered by peers", "every champion active; no champion over 30 requests a week",
         "a one-question weekly pulse", "champions are overloaded or silent; rebalance or recruit"),
    ]
    return pd.DataFrame(rows, columns=["metric", "what_it_measures", "target", "how_to_collect", "low_score_suggests"])


def planning_prompts(analysis: Analysis, *, system: str, go_live: date, replaced: list[str] | None = None,
                     communication: pd.DataFrame | None = None, plan: pd.DataFrame | None = None) -> dict[str, str]:
    """The three planning prompts practitioners paste into an assistant, filled in from the analysis.

    No network call is made; the text is ready to paste and contains no placeholder.
    """
    if not system:
        raise InvalidParameterError("system", "the name of the system being rolled out", system)
    replaced_text = ", ".join(replaced) if replaced else "the current tools and manual workarounds"
    people = analysis.network.people
    n = len(people)
    departments = ", ".join(sorted(people["department"].astype(str).unique())[:12])
    impact = analysis.org.impact
    high_impact = ""
    if impact is not None and "department" in impact:
        rows = impact[impact["impact"] >= 4]
        high_impact = "; ".join(f"{r.department} (impact {r.impact:.0f}/5: {r.what_changes}; may lose {r.losses})"
                                for r in rows.itertuples(index=False) if r.department)
    plan = plan if plan is not None else resistance_plan(analysis, system=system, go_live=go_live)
    evidence = "\n".join(f"- {r.point}: {r.evidence}" for r in plan.itertuples(index=False)) or \
        "- No cluster is rated medium or high risk."
    champions = ""
    if analysis.champions is not None:
        champions = ", ".join(f"{r.name} ({r.department})" for r in analysis.champions.champions.head(10).itertuples())
    audiences = ", ".join(communication["audience"]) if communication is not None else "executives, managers, users"
    context = (f"We are rolling out {system} on {go_live.isoformat()} to {n:,} people in these departments: "
               f"{departments}. It replaces {replaced_text}.")
    return {
        "resistance_points": (
            f"{context}\nHigh-impact groups: {high_impact or 'none rated 4 or 5'}.\nOur network and readiness "
            f"analysis found these resistance clusters (group-level risk indicators, not judgments about people):\n"
            f"{evidence}\nFor each cluster, name the most likely objections in the words employees would use, "
            "the underlying cause (what they lose, which ADKAR element is missing), and one concrete tactic with "
            "an owner and a date relative to go-live."),
        "communication_matrix": (
            f"{context}\nAudiences: {audiences}.\nChampions (people colleagues already go to for help): "
            f"{champions or 'none selected'}.\nDraft a communication matrix: for each audience, what they need "
            "to know (why, what changes for them, what is in it for them), when relative to go-live, the channel, "
            "who delivers it (sponsor for business reasons, line manager for personal impact, champions for how-to) "
            "and the action we want from them."),
        "adoption_metrics": (
            f"{context}\nPropose how to tell genuine from superficial adoption of {system} week by week, beyond "
            "login counts: breadth of core-feature use, depth (end-to-end transactions versus "
            f"{replaced_text}), habit, proficiency against the pre-change baseline, and persistence. For each, "
            "give the formula, a target threshold for weeks 4, 8 and 12, the data source, and what a low score "
            "suggests we do."),
    }


@dataclass
class ImplementationPlan:
    """Stakeholder register, communication matrix, resistance plan, success metrics and prompts."""

    system: str
    go_live: date
    stakeholders: pd.DataFrame
    communication: pd.DataFrame
    resistance: pd.DataFrame
    metrics: pd.DataFrame
    prompts: dict

    def tables(self) -> dict[str, pd.DataFrame]:
        """The plan's tables by workbook sheet name."""
        return {"Stakeholders": self.stakeholders, "Communication": self.communication,
                "Resistance plan": self.resistance, "Success metrics": self.metrics}

    def __repr__(self) -> str:
        return (f"ImplementationPlan({self.system!r}, go-live {self.go_live}: {len(self.stakeholders)} stakeholders, "
                f"{len(self.communication)} audiences, {len(self.resistance)} resistance points)")


def build_plan(analysis: Analysis, *, system: str, go_live: date | str, replaced: list[str] | None = None,
               influence_cut: float = 0.9) -> ImplementationPlan:
    """Every part of the implementation plan from one analysis.

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> build_plan(analyze(OrgData.example(), min_group_size=1), system="Atlas", go_live="2027-03-01")
    ImplementationPlan('Atlas', go-live 2027-03-01: ...)
    """
    from ..stakeholders.register import stakeholder_register

    if isinstance(go_live, str):
        try:
            go_live = date.fromisoformat(go_live)
        except ValueError:
            raise InvalidParameterError("go_live", "a date as YYYY-MM-DD", go_live) from None
    communication = communication_matrix(analysis, system=system, go_live=go_live)
    resistance = resistance_plan(analysis, system=system, go_live=go_live)
    return ImplementationPlan(
        system=system, go_live=go_live,
        stakeholders=stakeholder_register(analysis, influence_cut=influence_cut),
        communication=communication, resistance=resistance, metrics=success_metrics(system),
        prompts=planning_prompts(analysis, system=system, go_live=go_live, replaced=replaced,
                                 communication=communication, plan=resistance))
