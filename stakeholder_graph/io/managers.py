"""Managers given by any reference: id, e-mail or name, resolved like nominees.

HR exports often hold the manager's e-mail or name instead of an id ("Reports To",
"Manager Email"). Each reference is resolved with the same :class:`NameResolver` rules
as typed nominees (id, e-mail, normalised name, nickname, fuzzy), an ambiguous name is
refused (never guessed), and when most references resolve to no one the read stops:
an org chart made of hundreds of tops is not an org chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import PROBLEM_COLUMNS
from .ids import align_ids
from .names import NameResolver
from .quality import DataQualityReport
from .tables import ROW

__all__ = ["MANAGER_ALIASES", "find_manager_column", "resolve_managers", "MOSTLY_UNRESOLVED"]

#: Headers (normalised) read as ``manager_id`` when the file has no ``manager_id`` column.
MANAGER_ALIASES = ("manager", "manager_email", "manager_e_mail", "manager_name", "manager_employee_id",
                   "managerid", "manager_number", "reports_to", "reports_to_id", "reports_to_email",
                   "line_manager", "line_manager_id", "line_manager_email", "supervisor", "supervisor_id",
                   "supervisor_email", "supervisor_name", "boss")

#: Share of manager references (or nominations, attitudes) matching no one above which the read stops.
MOSTLY_UNRESOLVED = 0.5


def find_manager_column(columns) -> str | None:
    """The column to read as ``manager_id`` when there is none by that name.

    Examples
    --------
    >>> find_manager_column(["id", "name", "reports_to"])
    'reports_to'
    >>> find_manager_column(["id", "name"]) is None
    True
    """
    found = [c for c in MANAGER_ALIASES if c in columns]
    return found[0] if found else None


def _examples(values: pd.Series, limit: int = 5) -> str:
    return ", ".join(repr(v) for v in pd.unique(values.astype(str))[:limit])


def resolve_managers(people: pd.DataFrame, file: str, quality: DataQualityReport, *,
                     fuzzy_threshold: float = 88) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn every ``manager_id`` reference into a person's id.

    Parameters
    ----------
    people : pandas.DataFrame
        The people table with unique, non-blank ``id`` and a ``manager_id`` column of
        references (ids, e-mails or names; blank at the top); ``_row`` holds row numbers.
    file : str
        File name for the findings.
    quality : DataQualityReport
        Receives every match that was not by exact id.
    fuzzy_threshold : float, default=88
        As for nominees.

    Returns
    -------
    people : pandas.DataFrame
        ``manager_id`` holding ids where a reference resolved; unresolved references are
        left as typed (the hierarchy check reports them and treats the person as a top).
    blocking : pandas.DataFrame
        Problems that must stop the read (``file, row, column, value, problem, action``):
        ambiguous names, and most references resolving to no one.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2", "3"], "name": ["Ana Diaz", "Bo Chen", "Cy Ode"],
    ...                        "email": ["ana@x.org", "bo@x.org", "cy@x.org"],
    ...                        "manager_id": ["", "ANA@x.org", "Chen, Bo"], "_row": [2, 3, 4]})
    >>> quality = DataQualityReport()
    >>> out, blocking = resolve_managers(people, "people.csv", quality)
    >>> out["manager_id"].tolist(), len(blocking)
    (['', '1', '2'], 0)
    """
    people = people.copy()
    refs = people["manager_id"].astype(str)
    given = refs != ""
    blocking: list[dict] = []
    aligned = align_ids(refs, people["id"])
    exact = (aligned["how"] == "exact").to_numpy()
    canonical = (aligned["how"] == "canonical").to_numpy()
    quality.add_rows(file, people.loc[canonical, ROW], "manager_id", refs[canonical],
                     "manager id matches a person only when leading zeros or '.0' are ignored: "
                     + aligned.loc[canonical, "id"].astype(str),
                     "matched to that id; check the id formats agree")
    people.loc[canonical, "manager_id"] = aligned.loc[canonical, "id"].to_numpy()
    todo = given.to_numpy() & ~exact & ~canonical
    if not todo.any():
        return people, pd.DataFrame(columns=PROBLEM_COLUMNS)
    resolved = NameResolver(people, fuzzy_threshold=fuzzy_threshold).resolve(refs[todo])
    method = resolved["method"]
    rows = people.loc[todo, ROW]
    typed = refs[todo]
    hit = (resolved["position"] >= 0).to_numpy()
    ids = people["id"].to_numpy()
    for how in ("id", "email", "name"):
        mask = (method == how).to_numpy()
        if mask.any():
            what = {"id": "an id", "email": "an e-mail", "name": "a name"}[how]
            n = int(mask.sum())
            rows_text = f"{n} row{'s' if n != 1 else ''}"
            quality.add(file, None, "manager_id", rows_text,
                        f"manager given as {what} in {rows_text} (e.g. {_examples(typed[mask], 3)})",
                        "resolved to the person's id")
    loose = method.isin(["nickname", "fuzzy"]).to_numpy()
    if loose.any():
        detail = np.where(method[loose] == "nickname", "nickname", "similar name")
        matched = [f"manager matched by {d}: " for d in detail]
        names = people["name"].to_numpy()[resolved.loc[loose, "position"].to_numpy()]
        pids = ids[resolved.loc[loose, "position"].to_numpy()]
        scores = resolved.loc[loose, "score"].to_numpy()
        text = [f"{m}{n} (id {i})" + (f" (similarity {s})" if not np.isnan(s) else "")
                for m, n, i, s in zip(matched, names, pids, scores)]
        quality.add_rows(file, rows[loose], "manager_id", typed[loose], pd.Series(text),
                         "kept; check the match")
    ambiguous = (method == "ambiguous").to_numpy()
    for row, value, detail in zip(rows[ambiguous], typed[ambiguous], resolved.loc[ambiguous, "detail"]):
        blocking.append(dict(file=file, row=row, column="manager_id", value=value,
                             problem=f"ambiguous manager: {detail}",
                             action="Refused, not guessed: give the manager's id or e-mail instead."))
    index = np.flatnonzero(todo)
    people.iloc[index[hit], people.columns.get_loc("manager_id")] = ids[resolved.loc[hit, "position"].to_numpy()]
    unresolved = (method == "unresolved").to_numpy()
    n_given = int(given.sum())
    if n_given >= 3 and unresolved.sum() > MOSTLY_UNRESOLVED * n_given:
        sample_people = people.iloc[:3]
        blocking.append(dict(
            file=file, row=None, column="manager_id", value=f"{int(unresolved.sum())} of {n_given}",
            problem=(f"{int(unresolved.sum())} of {n_given} manager references match no one by id, e-mail "
                     f"or name (e.g. {_examples(typed[unresolved])}), while people are identified like "
                     f"id {_examples(sample_people['id'], 3)}, e-mail {_examples(sample_people['email'], 3)}, "
                     f"name {_examples(sample_people['name'], 3)}"),
            action="Map the column that holds the manager's id, e-mail or name to manager_id "
                   "(e.g. [people] \"Manager Email\" = \"manager_id\"), or correct the references; "
                   "otherwise the org chart would fall apart into one top per person."))
    return people, pd.DataFrame(blocking, columns=PROBLEM_COLUMNS)
