"""The one-screen summary at the top of the report: who to recruit, where resistance will
come from, what to do this week.

Built only from the export tables (the public result, privacy already applied), so the
summary can never show more than the rest of the report.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["sponsor_summary"]

RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


def _first_names(names, limit: int) -> str:
    names = [str(n) for n in names]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _usable(tables: dict[str, pd.DataFrame], name: str, columns: set[str]) -> pd.DataFrame | None:
    """The table when it has rows and every column the summary reads (a public result may not)."""
    table = tables.get(name)
    return table if table is not None and len(table) and columns <= set(table.columns) else None


def sponsor_summary(tables: dict[str, pd.DataFrame], *, top: int = 4) -> dict:
    """Three short lists and a few headline numbers for a sponsor with five minutes.

    Parameters
    ----------
    tables : dict
        Export tables by file name (``champions.csv``, ``clusters.csv``,
        ``response_rate.csv``, and from a plan ``resistance_plan.csv`` and
        ``communication.csv``); any may be missing.
    top : int
        Items per list.

    Returns
    -------
    dict
        ``{"kpis": [(label, value)], "columns": [(heading, [item, ...]) x 3]}`` for
        :func:`~stakeholder_graph.export.report.render_report`.

    Examples
    --------
    >>> champions = pd.DataFrame({"rank": [1, 2], "name": ["Ana Diaz", "Bo Chen"], "department": ["IT", "HR"],
    ...                           "coverage": [0.4, 0.7], "reasons": ["Sought out for help by 9; reaches 20", "x"]})
    >>> clusters = pd.DataFrame({"cluster": [3, 4], "size": [12, 9], "departments": ["Finance (12)", "IT (9)"],
    ...                          "share_resistant": [0.75, 0.1], "risk": ["high", "low"], "messengers": ["Bo Chen", ""]})
    >>> s = sponsor_summary({"champions.csv": champions, "clusters.csv": clusters})
    >>> s["columns"][0][1][0]
    'Ana Diaz (IT): sought out for help by 9'
    >>> s["columns"][1][1]
    ['Cluster #3, Finance (12 people): 75% predicted resistant; reach them through Bo Chen']
    >>> s["columns"][2][1][0]
    'Invite the 2 champions to a first briefing: Ana Diaz, Bo Chen.'
    """
    kpis: list[tuple[str, object]] = []
    recruit: list[str] = []
    resistance: list[str] = []
    week: list[str] = []

    rate = _usable(tables, "response_rate.csv", {"department", "headcount", "response_rate"})
    if rate is not None and (rate["department"] == "All").any():  # the total row (small groups stay merged)
        total = rate[rate["department"] == "All"].iloc[0]
        kpis.append(("people", int(total["headcount"])))
        if pd.notna(total["response_rate"]):
            kpis.append(("answered the survey", f"{total['response_rate']:.0%}"))

    champions = _usable(tables, "champions.csv", {"rank", "name", "department", "coverage", "reasons"})
    if champions is not None:
        champions = champions.sort_values("rank")
        kpis.append(("champions", len(champions)))
        kpis.append(("colleagues they reach", f"{champions['coverage'].iloc[-1]:.0%}"))
        for row in champions.head(top).itertuples(index=False):
            why = str(row.reasons).split("; ")[0]
            recruit.append(f"{row.name} ({row.department}): {why[:1].lower() + why[1:]}")
        if len(champions) > top:
            recruit.append(f"… and {len(champions) - top} more, each chosen to reach colleagues the others do not "
                           "(Champions section).")
        week.append(f"Invite the {len(champions)} champions to a first briefing: "
                    f"{_first_names(champions['name'], 6)}.")
    else:
        recruit.append("No champion shortlist: the network survey is needed to choose champions.")

    clusters = _usable(tables, "clusters.csv", {"cluster", "size", "departments", "share_resistant", "risk"})
    if clusters is not None:
        risky = clusters[clusters["risk"].isin(["high", "medium"])]
        risky = risky.assign(_o=risky["risk"].map(RISK_ORDER)).sort_values(["_o", "share_resistant", "size"],
                                                                           ascending=[True, False, False])
        high = int((clusters["risk"] == "high").sum())
        kpis.append(("high-risk clusters", high))
        for row in risky.head(top).itertuples(index=False):
            where = str(row.departments).split(" (")[0]
            messengers = str(getattr(row, "messengers", "") or "").strip()
            reach = f"; reach them through {messengers.split('; ')[0]}" if messengers and messengers != "nan" else ""
            resistance.append(f"Cluster #{row.cluster}, {where} ({row.size} people): "
                              f"{row.share_resistant:.0%} predicted resistant{reach}")
        if len(risky) > top:
            resistance.append(f"… and {len(risky) - top} more medium or high risk clusters (Resistance risk section).")
        if not len(risky):
            resistance.append("No cluster is rated medium or high risk.")
    else:
        resistance.append("No readiness survey: add attitudes.csv to see where resistance may cluster.")

    plan = _usable(tables, "resistance_plan.csv", {"point", "tactic"})
    if plan is not None:
        first = plan.iloc[0]
        who = [f"{label} {first[column]}" for label, column in (("owner", "owner"), ("by", "date"))
               if column in plan.columns and str(first[column]).strip()]
        week.append(f"{first['point']}: {first['tactic']}" + (f" ({', '.join(who)})." if who else "."))
    elif resistance and resistance[0].startswith("Cluster #"):
        week.append(f"Ask the messengers of {resistance[0].split(':')[0]} to hear the group's objections before "
                    "any announcement.")
    communication = _usable(tables, "communication.csv", {"channel", "audience", "when"})
    if communication is not None:
        first = communication.iloc[0]
        week.append(f"Book the first {first['channel']} for {first['audience']} ({first['when']}).")
    week.append("Share this report with the sponsor and agree who owns each action.")
    return {"kpis": kpis, "columns": [("Who to recruit", recruit), ("Where resistance will come from", resistance),
                                      ("What to do this week", week[:top])]}
