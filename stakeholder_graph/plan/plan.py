"""The implementation plan: register, audiences, calendar, resistance plan, operational
integration, success metrics and prompts, as pure functions of explicit tables.

:func:`build_plan` takes the plan's person table (:func:`plan_people`), the resistance
clusters with their structured ``barrier``/``losses``/``what_changes`` columns, the impact
and processes tables, the informal go-to people per department, optional monitor alerts,
and a :class:`PlanPolicy`. ``analyze`` calls it when plan options are given, so one run
writes everything. No step reads back a sentence another step wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import numpy as np
import pandas as pd

from .audiences import _Chooser, _person, assign_audiences, check_audiences, communication_matrix
from .calendar import message_calendar
from .operations import operational_register
from .policy import PlanPolicy
from .prompts import planning_prompts

__all__ = ["resistance_plan", "success_metrics", "build_plan", "ImplementationPlan", "OBJECTIONS", "TACTICS"]

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



def resistance_plan(clusters: pd.DataFrame | None, people: pd.DataFrame, policy: PlanPolicy, *,
                    top: int = 10) -> pd.DataFrame:
    """Top resistance points with evidence, the likely objection, a tactic, messenger, owner and date.

    One row per high- or medium-risk cluster (most resistant first). Everything comes from
    structured columns of ``clusters`` (``barrier, barrier_share, impact, what_changes,
    losses``): the evidence sentence is written from them, never parsed.

    Parameters
    ----------
    clusters : pandas.DataFrame or None
        Resistance clusters (design section 5) with the structured reason columns.
    people : pandas.DataFrame
        :func:`plan_people` output (for messengers and owners).
    policy : PlanPolicy

    Returns
    -------
    pandas.DataFrame
        ``point, cluster, risk, size, evidence, barrier, losses, likely_objection, tactic,
        messenger, messenger_id, owner, owner_id, date``.

    Examples
    --------
    >>> clusters = pd.DataFrame({"cluster": [0], "size": [2], "departments": ["Ops (2)"], "risk": ["high"],
    ...     "share_resistant": [0.5], "mean_predicted_attitude": [-0.3], "barrier": ["desire"],
    ...     "barrier_share": [0.5], "impact": [5.0], "what_changes": ["orders"], "losses": ["paper"]})
    >>> people = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "department": "Ops", "manager_id": ["", "a"],
    ...     "n_reports": [1, 0], "level": [0, 1], "influence": [0.5, 0.9], "stance": ["neutral", "believer"],
    ...     "assigned_champion": "", "community": [0, 0]})
    >>> plan = resistance_plan(clusters, people, PlanPolicy(go_live="2027-03-01"))
    >>> plan[["point", "barrier", "messenger", "owner", "date"]].values.tolist()
    [['Cluster 0: Ops (2)', 'desire', 'B (b)', 'A (a)', '2027-01-04']]
    """
    columns = ["point", "cluster", "risk", "size", "evidence", "barrier", "losses", "likely_objection", "tactic",
               "messenger", "messenger_id", "owner", "owner_id", "date"]
    if clusters is None or clusters.empty:
        return pd.DataFrame(columns=columns)
    risky = clusters[clusters["risk"].isin(["high", "medium"])].sort_values(
        ["share_resistant", "size"], ascending=[False, False]).head(top)
    chooser = _Chooser(people)
    community = people["community"].to_numpy(dtype=float)
    rows = []
    for row in risky.itertuples(index=False):
        barrier, losses = str(getattr(row, "barrier", "") or ""), str(getattr(row, "losses", "") or "")
        changes = str(getattr(row, "what_changes", "") or "")
        parts = [f"{row.share_resistant:.0%} of {row.size} people predicted resistant (mean predicted attitude "
                 f"{row.mean_predicted_attitude:+.2f})"]
        if barrier:
            parts.append(f"ADKAR barrier: {barrier} for {row.barrier_share:.0%} of respondents")
        if not pd.isna(getattr(row, "impact", np.nan)):
            parts.append(f"change impact {row.impact:.1f}/5")
        if changes:
            parts.append(f"what changes: {changes}")
        if losses:
            parts.append(f"what people may lose: {losses}")
        objection = OBJECTIONS.get(barrier, "We were not asked, and we do not yet see what is in it for us.")
        if losses:
            objection += f" What we would lose: {losses}."
        mask = community == row.cluster
        m, _ = chooser.messenger(mask, "resistance_cluster")
        o, _ = chooser.owner(mask, "resistance_cluster", m)
        rows.append(dict(point=f"Cluster {row.cluster}: {row.departments}", cluster=int(row.cluster), risk=row.risk,
                         size=int(row.size), evidence="; ".join(parts), barrier=barrier, losses=losses,
                         likely_objection=objection,
                         tactic=TACTICS.get(barrier, "listen first: a small-group session with the sponsor"),
                         messenger=_person(people, m) if m >= 0 else "",
                         messenger_id=people["id"].iat[m] if m >= 0 else "",
                         owner=_person(people, o) if o >= 0 else "", owner_id=people["id"].iat[o] if o >= 0 else "",
                         date=(policy.go_live - timedelta(weeks=WEEKS_BEFORE[row.risk])).isoformat()))
    return pd.DataFrame(rows, columns=columns)


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


@dataclass
class ImplementationPlan:
    """Every part of the implementation plan, as tables.

    Attributes
    ----------
    policy : PlanPolicy
    audiences : pandas.DataFrame
        One row per person: ``id, audience, audience_type, group_type, group``.
    stakeholders, communication, calendar, resistance, operations, metrics : pandas.DataFrame
        Register, communication matrix, dated calendar, resistance plan, operational
        integration register, success metrics.
    prompts : dict of str to str
        The filled planning prompts.
    prompt_inputs : pandas.DataFrame
        Where each bracket of the prompts came from; ``source == "missing"`` lists what
        the user still needs to supply.
    """

    policy: PlanPolicy
    audiences: pd.DataFrame
    stakeholders: pd.DataFrame
    communication: pd.DataFrame
    calendar: pd.DataFrame
    resistance: pd.DataFrame
    operations: pd.DataFrame
    metrics: pd.DataFrame
    prompts: dict
    prompt_inputs: pd.DataFrame

    @property
    def system(self) -> str:
        return self.policy.system_label

    @property
    def go_live(self):
        return self.policy.go_live

    @property
    def missing_inputs(self) -> list[str]:
        """Brackets of the prompts nobody could fill: what the user still needs to supply."""
        return self.prompt_inputs.loc[self.prompt_inputs["source"] == "missing", "bracket"].tolist()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The plan's tables by workbook sheet name."""
        return {"Stakeholders": self.stakeholders, "Communication": self.communication, "Calendar": self.calendar,
                "Resistance plan": self.resistance, "Operational integration": self.operations,
                "Success metrics": self.metrics, "Prompt inputs": self.prompt_inputs}

    def __repr__(self) -> str:
        return (f"ImplementationPlan({self.system!r}, go-live {self.go_live}: {len(self.stakeholders)} stakeholders, "
                f"{len(self.communication)} audiences covering {len(self.audiences)} people, "
                f"{len(self.calendar)} dated messages, {len(self.resistance)} resistance points, "
                f"{len(self.operations)} operational items ({int(self.operations['double_work_risk'].sum()) if len(self.operations) else 0} "
                "double-work risks))")


def build_plan(people: pd.DataFrame, policy: PlanPolicy, *, clusters: pd.DataFrame | None = None,
               impact: pd.DataFrame | None = None, processes: pd.DataFrame | None = None,
               go_to: pd.DataFrame | None = None, alerts: pd.DataFrame | None = None) -> ImplementationPlan:
    """Every part of the implementation plan from explicit tables.

    Parameters
    ----------
    people : pandas.DataFrame
        :func:`plan_people` output: one row per person with stance, messenger, impact and
        exposure to the change.
    policy : PlanPolicy
        System, go-live, replaced tools, purpose, company type, key user roles, cut-offs.
    clusters : pandas.DataFrame, optional
        Resistance clusters with structured ``barrier, losses, what_changes`` columns.
    impact, processes : pandas.DataFrame, optional
        ``impact.csv`` and ``processes.csv`` (operational integration).
    go_to : pandas.DataFrame, optional
        :func:`informal_go_to` output.
    alerts : pandas.DataFrame, optional
        Monitor alerts (``week, group_type, group, signal``).

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> analyze(OrgData.example(), min_group_size=1, system="Atlas", go_live="2027-03-01").plan
    ImplementationPlan('Atlas', go-live 2027-03-01: ... covering 5 people, ...)
    """
    from .._parallel import Background, parallel_enabled

    # The two registers do not depend on the audiences: for a large organisation a second
    # process makes them while this one assigns the audiences and their messages.
    registers = Background(partial(_registers, people, policy, processes, impact, go_to),
                           enabled=parallel_enabled(len(people)))
    audiences = assign_audiences(people, policy, clusters)
    communication = communication_matrix(people, audiences, policy, clusters=clusters, alerts=alerts)
    check_audiences(people, audiences, communication)
    resistance = resistance_plan(clusters, people, policy)
    prompts, prompt_inputs = planning_prompts(policy, people, communication, resistance)
    stakeholders, operations = registers.result()
    return ImplementationPlan(
        policy=policy, audiences=audiences, stakeholders=stakeholders,
        communication=communication, calendar=message_calendar(communication, policy), resistance=resistance,
        operations=operations, metrics=success_metrics(policy.system_label), prompts=prompts,
        prompt_inputs=prompt_inputs)


def _registers(people: pd.DataFrame, policy: PlanPolicy, processes, impact, go_to) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stakeholder register and the operational-integration register."""
    from ..stakeholders.register import stakeholder_register

    return (stakeholder_register(people, policy),
            operational_register(policy, people, processes=processes, impact=impact, go_to=go_to))
