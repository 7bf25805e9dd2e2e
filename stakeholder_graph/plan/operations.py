"""Operational integration register: processes that change, reports that become obsolete,
new workflows, and double-work risks (science.md 4.9).

With ``processes.csv`` each of its rows becomes a register row. Without it, the register
is pre-filled from ``impact.csv`` (one row per group whose work changes) for the user to
complete. Either way each row names the colleague the department seeks out beyond its
reporting lines (from the help network), who knows how the work really gets done.

* every **obsolete report** gets a retire date: the one given, else go-live (proposed), so
  nobody maintains both;
* a **double-work risk** is an old output still requested after go-live (its retire date
  falls after go-live): people keep the old report *and* the new system up to date, the
  classic example being managers still asking for status e-mails while users also
  maintain the new tool.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._lookup import positions_in
from .policy import PlanPolicy

__all__ = ["operational_register", "REGISTER_COLUMNS"]

REGISTER_COLUMNS = ["process", "department", "kind", "current_tool", "report_or_output", "changes_to", "owner",
                    "owner_id", "retire_on", "retire_on_source", "double_work_risk", "double_work_reason",
                    "informal_go_to", "informal_go_to_id", "source", "to_complete"]


def _resolve_owner(values: pd.Series, people: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Owner as typed (id, e-mail or name) to ``Name (id)`` and id; unknown text is kept as typed."""
    ids = people["id"].astype(str).to_numpy(dtype=object)
    typed = values.fillna("").astype(str).str.strip()
    keys = typed.str.casefold()
    position = np.full(len(typed), -1, dtype=np.int64)
    for column in ("name", "email", "id"):  # later columns win: an id is the surest key
        if column in people:
            reference = people[column].astype(str).str.strip().str.casefold()
            # The last person holding a key, as a dictionary built in roster order would keep.
            last = positions_in(keys, reference.iloc[::-1])
            hit = (last >= 0) & (keys != "").to_numpy()
            position[hit] = len(reference) - 1 - last[hit]
    names = people["name"].astype(str).to_numpy(dtype=object)
    shown = [f"{names[i]} ({ids[i]})" if i >= 0 else value for i, value in zip(position.tolist(), typed.tolist())]
    return shown, [ids[i] if i >= 0 else "" for i in position.tolist()]


def _department_heads(people: pd.DataFrame) -> pd.Series:
    managers = people[people["n_reports"].fillna(0) > 0]
    managers = managers.sort_values(["level", "n_reports"], ascending=[True, False], kind="stable")
    return managers.drop_duplicates("department").set_index("department")["id"].astype(str)


def operational_register(policy: PlanPolicy, people: pd.DataFrame, *, processes: pd.DataFrame | None = None,
                         impact: pd.DataFrame | None = None, go_to: pd.DataFrame | None = None) -> pd.DataFrame:
    """The operational-integration register.

    Parameters
    ----------
    policy : PlanPolicy
        ``go_live``, ``system`` and ``replaces`` are used.
    people : pandas.DataFrame
        ``id, name, department, level, n_reports`` (and ``email`` when owners are typed as
        e-mails).
    processes : pandas.DataFrame, optional
        ``processes.csv``: ``process, department, owner, current_tool, report_or_output,
        changes_to, retire_on``.
    impact : pandas.DataFrame, optional
        ``impact.csv``; pre-fills the register when ``processes`` is not given.
    go_to : pandas.DataFrame, optional
        :func:`~stakeholder_graph.plan.informal_go_to` output.

    Returns
    -------
    pandas.DataFrame
        :data:`REGISTER_COLUMNS`. ``kind`` is "obsolete report", "new workflow" or
        "process change"; ``retire_on`` is set for every obsolete report.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2"], "name": ["Ana", "Bo"], "department": ["Ops", "Ops"],
    ...                        "level": [0, 1], "n_reports": [1, 0]})
    >>> processes = pd.DataFrame({"process": ["Status mail", "Hand-over"], "department": ["Ops", "Ops"],
    ...     "owner": ["1", ""], "current_tool": ["e-mail", "paper"], "report_or_output": ["status e-mail", ""],
    ...     "changes_to": ["dashboard", "work orders"],
    ...     "retire_on": pd.to_datetime(["2027-05-31", None])})
    >>> register = operational_register(PlanPolicy(go_live="2027-03-01", system="Atlas"), people,
    ...                                 processes=processes)
    >>> register[["process", "kind", "owner", "retire_on", "double_work_risk"]]
           process             kind     owner   retire_on  double_work_risk
    0  Status mail  obsolete report  Ana (1)  2027-05-31              True
    1    Hand-over   process change  Ana (1)                         False
    """
    go_live, system = policy.go_live, policy.system_label
    replaced = ", ".join(policy.replaces)
    heads = _department_heads(people)
    if processes is not None and len(processes):
        table = processes.copy()
        for column in ("department", "owner", "current_tool", "report_or_output", "changes_to"):
            table[column] = table[column].fillna("").astype(str) if column in table else ""
        retire = pd.to_datetime(table["retire_on"], errors="coerce") if "retire_on" in table \
            else pd.Series(pd.NaT, index=table.index)
        source = "processes.csv"
    else:
        rows = [] if impact is None else impact[impact["what_changes"].astype(str) != ""]
        if len(rows) == 0:
            return pd.DataFrame(columns=REGISTER_COLUMNS)
        group = (rows["department"].astype(str) if "department" in rows else pd.Series("", index=rows.index))
        table = pd.DataFrame({"process": rows["what_changes"].astype(str).to_numpy(),
                              "department": group.to_numpy(), "owner": "",
                              "current_tool": replaced, "report_or_output": "", "changes_to": system})
        retire = pd.Series(pd.NaT, index=table.index)
        source = "impact.csv (pre-filled: complete it)"
    table = table.reset_index(drop=True)
    retire = pd.Series(retire.to_numpy(), index=table.index)
    missing_owner = table["owner"] == ""
    table.loc[missing_owner, "owner"] = table.loc[missing_owner, "department"].map(heads).fillna("")
    owner, owner_id = _resolve_owner(table["owner"], people)
    report = table["report_or_output"] != ""
    kind = np.where(report, "obsolete report", np.where(table["current_tool"] == "", "new workflow",
                                                         "process change"))
    go_live_ts = pd.Timestamp(go_live)
    proposed = report & retire.isna()
    retire_on = retire.where(~proposed, go_live_ts)
    double = report & (retire_on > go_live_ts)
    reason = [f"'{out}' is still requested until {day:%Y-%m-%d}, {(day - go_live_ts).days // 7} weeks after "
              f"go-live: people keep it and {system} up to date. Retire it at go-live or produce it from {system}."
              if flag else "" for out, day, flag in zip(table["report_or_output"], retire_on, double)]
    go_to = go_to if go_to is not None else pd.DataFrame(columns=["department", "go_to_id", "go_to_name"])
    by_department = go_to.set_index("department")
    informal = table["department"].map(lambda d: f"{by_department.at[d, 'go_to_name']} ({by_department.at[d, 'go_to_id']})"
                                       if d in by_department.index else "")
    informal_id = table["department"].map(by_department["go_to_id"]).fillna("") if len(go_to) else ""
    to_complete = []
    for i in range(len(table)):
        todo = []
        if source != "processes.csv":
            todo.append("name the reports or outputs this work produces and when each stops")
        if not table["current_tool"].iat[i]:
            todo.append("current tool") if source != "processes.csv" else None
        if not owner_id[i]:
            todo.append("an owner from the people table")
        if proposed.iat[i]:
            todo.append("confirm the retire date (go-live proposed)")
        to_complete.append("; ".join(t for t in todo if t))
    out = pd.DataFrame({
        "process": table["process"], "department": table["department"], "kind": kind,
        "current_tool": table["current_tool"], "report_or_output": table["report_or_output"],
        "changes_to": table["changes_to"], "owner": owner, "owner_id": owner_id,
        "retire_on": [d.strftime("%Y-%m-%d") if isinstance(d, pd.Timestamp) and not pd.isna(d) else ""
                      for d in retire_on],
        "retire_on_source": np.where(~report, "", np.where(proposed, "proposed: go-live", source)),
        "double_work_risk": double.to_numpy(), "double_work_reason": reason,
        "informal_go_to": informal.to_numpy(), "informal_go_to_id": np.asarray(informal_id, dtype=object),
        "source": source, "to_complete": to_complete})
    return out[REGISTER_COLUMNS]
