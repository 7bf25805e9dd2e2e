"""The three planning prompts, written with the source's brackets and filled from data or options.

Each bracket is filled from an option the user gave (system, company type, tools replaced,
primary purpose, key user roles), or from the data (departments and teams that change
most, key user roles from job titles, the stakeholder groups of the communication matrix,
the go-live date). A bracket nobody could fill stays visible and is listed in
``prompt_inputs`` with the option that supplies it. The prompts name groups, roles and
departments, never a person, so they need no pseudonymising.
"""

from __future__ import annotations

import re

import pandas as pd

from .policy import PlanPolicy

__all__ = ["PROMPT_TEMPLATES", "planning_prompts", "fill_brackets"]

PROMPT_TEMPLATES = {
    "resistance_points": (
        "Identify the top 5 resistance points for implementing [system] in [department or team] at a "
        "[company type]. Key user roles: [key user roles]. Tools being replaced: [tools replaced]. For each "
        "resistance point, give the likely objection in the words employees would use, its root cause, and a "
        "specific tactic to address it."),
    "communication_matrix": (
        "Create a communication matrix for the [system] rollout with go-live on [date]. Stakeholder groups: "
        "[stakeholder groups]. The system's primary purpose is [primary purpose]. For each group, state what they "
        "need to know, when, through which channel, who delivers the message, and the action we want from them."),
    "adoption_metrics": (
        "Define success metrics for [system] adoption at a [company type] that go beyond login counts. Primary "
        "purpose: [primary purpose]. Key user roles: [key user roles]. Tell genuine adoption from superficial use, "
        "with a target for weeks 4, 8 and 12 after go-live on [date]."),
}

#: Where each bracket comes from when the user gives no option.
HOW_TO_SUPPLY = {
    "system": "--system NAME (analyze(system=...))",
    "department or team": "impact.csv (departments rated 4 or 5), else every department in people.csv",
    "company type": "--company-type TEXT (analyze(company_type=...))",
    "key user roles": "--key-user-role TITLE, repeatable (analyze(key_user_roles=[...])); else job titles",
    "tools replaced": "--replaces TOOL, repeatable (analyze(replaces=[...]))",
    "date": "--go-live YYYY-MM-DD",
    "stakeholder groups": "the audiences of the communication matrix",
    "primary purpose": "--purpose TEXT (analyze(purpose=...))",
}


def fill_brackets(template: str, values: dict[str, str]) -> str:
    """Replace each ``[bracket]`` that has a non-empty value; leave the others visible.

    Examples
    --------
    >>> fill_brackets("Roll out [system] at a [company type].", {"system": "Atlas", "company type": ""})
    'Roll out Atlas at a [company type].'
    """
    return re.sub(r"\[([^\]]+)\]", lambda m: values.get(m.group(1)) or m.group(0), template)


def _key_roles(people: pd.DataFrame, cut: float, k: int = 5) -> list[str]:
    titles = people["title"].fillna("").astype(str)
    workers = (titles != "") & ~people["is_manager"].fillna(False).astype(bool)
    high = pd.to_numeric(people["impact"], errors="coerce").to_numpy(dtype=float) >= cut
    pool = titles[workers & high] if (workers & high).any() else titles[workers]
    return pool.value_counts().head(k).index.tolist()


def planning_prompts(policy: PlanPolicy, people: pd.DataFrame, communication: pd.DataFrame,
                     resistance: pd.DataFrame | None = None) -> tuple[dict[str, str], pd.DataFrame]:
    """The prompts filled in, and where each bracket's value came from.

    Parameters
    ----------
    policy : PlanPolicy
    people : pandas.DataFrame
        ``department, title, is_manager, impact`` per person.
    communication : pandas.DataFrame
        The communication matrix (``audience, size``).
    resistance : pandas.DataFrame, optional
        The resistance plan; its evidence is appended to the resistance prompt.

    Returns
    -------
    prompts : dict of str to str
    prompt_inputs : pandas.DataFrame
        ``bracket, value, source, how_to_supply``; ``source`` is "missing" for what the
        user still needs to supply.

    Examples
    --------
    >>> people = pd.DataFrame({"department": ["Ops", "Ops"], "title": ["Planner", "Head"],
    ...                        "is_manager": [False, True], "impact": [5.0, 5.0]})
    >>> comm = pd.DataFrame({"audience": ["Ops"], "size": [2]})
    >>> prompts, inputs = planning_prompts(PlanPolicy(go_live="2027-03-01", system="Atlas"), people, comm)
    >>> print(prompts["resistance_points"].split(". ")[0])
    Identify the top 5 resistance points for implementing Atlas in Ops at a [company type]
    >>> inputs.loc[inputs["source"] == "missing", "bracket"].tolist()
    ['company type', 'tools replaced', 'primary purpose']
    """
    impact = pd.to_numeric(people["impact"], errors="coerce").to_numpy(dtype=float)
    departments = people["department"].fillna("").astype(str)
    changing = sorted(departments[(impact >= policy.impact_cut) & (departments != "").to_numpy()].unique())
    roles = list(policy.key_user_roles) or _key_roles(people, policy.impact_cut)
    groups = "; ".join(f"{a} ({s})" for a, s in zip(communication["audience"], communication["size"]))
    values = {
        "system": (policy.system or "", "option"),
        "department or team": (", ".join(changing) or ", ".join(sorted(departments[departments != ""].unique())),
                               "data: impact.csv" if changing else "data: people.csv departments"),
        "company type": (policy.company_type or "", "option"),
        "key user roles": (", ".join(roles), "option" if policy.key_user_roles else "data: commonest job titles"),
        "tools replaced": (", ".join(policy.replaces), "option"),
        "date": (policy.go_live.isoformat(), "option"),
        "stakeholder groups": (groups, "data: communication matrix"),
        "primary purpose": (policy.purpose or "", "option"),
    }
    filled = {k: v for k, (v, _) in values.items()}
    prompts = {name: fill_brackets(text, filled) for name, text in PROMPT_TEMPLATES.items()}
    if resistance is not None and len(resistance):
        evidence = "\n".join(f"- {r.point}: {r.evidence}" for r in resistance.itertuples(index=False))
        prompts["resistance_points"] += ("\n\nEvidence from our network and readiness analysis (group-level risk "
                                         f"indicators, not judgments about people):\n{evidence}")
    inputs = pd.DataFrame([dict(bracket=k, value=v, source=s if v else "missing", how_to_supply=HOW_TO_SUPPLY[k])
                           for k, (v, s) in values.items()])
    used = set(re.findall(r"\[([^\]]+)\]", " ".join(PROMPT_TEMPLATES.values())))
    assert used == set(HOW_TO_SUPPLY), used ^ set(HOW_TO_SUPPLY)  # every bracket has a source
    inputs["in_prompts"] = [", ".join(n for n, t in PROMPT_TEMPLATES.items() if f"[{b}]" in t)
                            for b in inputs["bracket"]]
    return prompts, inputs
