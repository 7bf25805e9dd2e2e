"""Read and validate an organisation folder (design section 4).

Two layouts are read by the same function:

* the **organisation folder**: ``people`` (org chart), ``nominations`` (network survey),
  ``attitudes`` (readiness survey) and ``impact`` (change impact), each ``.csv`` or ``.xlsx``;
* the **edge-list folder** of ``../shared/datasets``: ``people`` plus ``edges``
  (``source, target, relation[, wave][, weight]``).

Problems that make the input unusable are collected, all of them, and raised together as
an :class:`~stakeholder_graph.exceptions.InputTableError` subclass. Problems that can be
repaired safely are repaired and listed in the :class:`DataQualityReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..exceptions import (
    DuplicateIdError,
    EmptyTableError,
    InputTableError,
    InvalidParameterError,
    InvalidValueError,
    MissingColumnError,
    MissingFileError,
    ReportingCycleError,
    UnreadableFileError,
)
from .._lookup import isin, map_unique, positions_in
from .hierarchy import reporting_cycles
from .ids import align_ids
from .labels import label_mapping_action, likert_values, unknown_label_message
from .managers import MANAGER_ALIASES, MOSTLY_UNRESOLVED, find_manager_column, resolve_managers
from .names import NameResolver
from .quality import DataQualityReport
from .survey import SurveyTables, parse_survey_mapping, read_survey
from .tables import (
    ROW,
    TableSchema,
    find_table,
    find_tables,
    load_mapping,
    load_mapping_file,
    normalise_header,
    read_table_with_headers,
)

if TYPE_CHECKING:
    from .._parallel import Background

__all__ = ["OrgData", "read_org", "sort_waves", "PEOPLE_COLUMNS", "REPORTS_TO"]

#: Relation name in edge-list folders whose edges are reporting lines (``report -> manager``).
REPORTS_TO = "reports_to"

PEOPLE_COLUMNS = ["id", "name", "email", "manager_id", "department", "title", "location", "responded"]

SCHEMAS = {
    "people": TableSchema("people", required=("id", "name"),
                          optional=("email", "manager_id", "department", "title", "location", "responded")),
    "people_edgelist": TableSchema("people", required=("id",),
                                   optional=("name", "email", "manager_id", "department", "title",
                                             "location", "responded")),
    "nominations": TableSchema("nominations", required=("respondent_id", "nominee"),
                               optional=("relation", "weight", "wave")),
    "edges": TableSchema("edges", required=("source", "target"), optional=("relation", "wave", "weight")),
    "attitudes": TableSchema("attitudes", required=("respondent_id", "item", "value"), optional=("wave",)),
    "impact": TableSchema("impact", required=("impact",), optional=("what_changes", "losses"),
                          one_of=("department", "title", "id")),
    "processes": TableSchema("processes", required=("process",),
                             optional=("department", "owner", "current_tool", "report_or_output", "changes_to",
                                       "retire_on")),
}

#: Largest nomination weight accepted; larger ones are taken for a typo (and would swamp every sum).
MAX_WEIGHT = 1e6

#: Network-survey response rate below which a department's results are flagged as less reliable.
LOW_RESPONSE_RATE = 0.6

TRUE_WORDS = {"true", "t", "yes", "y", "1", "1.0", "x"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "0.0"}


@dataclass
class OrgData:
    """A validated organisation: clean tables plus the report of what was repaired.

    Attributes
    ----------
    people : pandas.DataFrame
        One row per person: ``id, name, email, manager_id, department, title, location,
        responded`` and any other column of the input, kept as attributes.
    nominations : pandas.DataFrame
        One row per kept nomination: ``respondent_id, relation, nominee_id, weight, wave,
        nominee_typed, match``. ``respondent_id -> nominee_id`` reads "respondent goes to
        nominee" (design section 3). ``wave`` is ``""`` when the input has no waves.
    attitudes : pandas.DataFrame or None
        ``respondent_id, item, value, wave`` (numbers on the Likert scale), if given: the
        latest survey wave only, which drives the analysis.
    impact : pandas.DataFrame or None
        The change-impact table, if given.
    quality : DataQualityReport
        Every record that was repaired, dropped or matched loosely.
    source : pathlib.Path
        The folder read.
    layout : str
        ``"organisation"`` or ``"edge list"``.
    files : dict
        Which file was read for each table.
    likert_scale : tuple of int
        The answer scale used to check ``attitudes``.
    survey : SurveyTables or None
        When the answers came from a wide survey export (``[survey]`` in the mapping):
        the long tables it was converted to, before name resolution.
    attitude_waves : pandas.DataFrame or None
        Every wave of the readiness survey (same columns as ``attitudes``; ``wave`` is
        ``""`` without waves), for trends between waves.
    processes : pandas.DataFrame or None
        The operational-integration table (``processes.csv``), if given: ``process,
        department, owner, current_tool, report_or_output, changes_to, retire_on`` (a date
        or ``NaT``).
    """

    people: pd.DataFrame
    nominations: pd.DataFrame
    attitudes: pd.DataFrame | None
    impact: pd.DataFrame | None
    quality: DataQualityReport
    source: Path
    layout: str
    files: dict[str, str] = field(default_factory=dict)
    likert_scale: tuple[int, int] = (1, 5)
    survey: SurveyTables | None = None
    attitude_waves: pd.DataFrame | None = None
    processes: pd.DataFrame | None = None

    @classmethod
    def example(cls) -> "OrgData":
        """A five-person organisation held in memory, for examples and quick tests.

        Ana Diaz (Exec) leads Bo Chen (IT) and Ed Gray (Exec); Bo leads Cy Ode and Di Fox.
        Ed did not answer the network survey.

        Examples
        --------
        >>> OrgData.example()
        OrgData('example': 5 people, 5 nominations, 0 data-quality findings)
        """
        people = pd.DataFrame({
            "id": ["1", "2", "3", "4", "5"],
            "name": ["Ana Diaz", "Bo Chen", "Cy Ode", "Di Fox", "Ed Gray"],
            "email": ["ana@example.org", "bo@example.org", "cy@example.org", "di@example.org", "ed@example.org"],
            "manager_id": ["", "1", "2", "2", "1"],
            "department": ["Exec", "IT", "IT", "IT", "Exec"],
            "title": ["Chief Executive", "IT Manager", "Engineer", "Engineer", "Assistant"],
            "location": ["Leeds"] * 5,
            "responded": [True, True, True, True, False],
        })
        nominations = pd.DataFrame({
            "respondent_id": ["2", "3", "4", "4", "1"], "relation": "help",
            "nominee_id": ["1", "1", "1", "3", "2"], "weight": [1.0, 2.0, 1.0, 1.0, 1.0], "wave": "",
            "nominee_typed": ["1", "Ana Diaz", "ana@example.org", "Cy Ode", "2"],
            "match": ["id", "name", "email", "name", "id"]})
        return cls(people=people, nominations=nominations, attitudes=None, impact=None,
                   quality=DataQualityReport(), source=Path("example"), layout="organisation")

    def __repr__(self) -> str:
        return (f"OrgData({self.source.name!r}: {len(self.people)} people, "
                f"{len(self.nominations)} nominations, {len(self.quality)} data-quality findings)")


class _Problems:
    """Collects blocking problems from every file, then raises them together."""

    def __init__(self) -> None:
        self.parts: list[tuple[type[InputTableError], pd.DataFrame]] = []

    def add(self, kind: type[InputTableError], file: str, rows, column, values, problem, action) -> None:
        part = pd.DataFrame({"row": pd.Series(rows).to_numpy(), "value": pd.Series(values).to_numpy()})
        if part.empty:
            return
        part.insert(0, "file", file)
        part.insert(2, "column", column)
        part["problem"] = problem.to_numpy() if isinstance(problem, pd.Series) else problem
        part["action"] = action
        self.parts.append((kind, part))

    def add_error(self, err: InputTableError) -> None:
        self.parts.append((type(err), err.problems))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def raise_all(self) -> None:
        if self.parts:
            kind = self.parts[0][0]
            frame = pd.concat([p for _, p in self.parts], ignore_index=True)
            raise kind(frame)


def _row_list(rows: pd.Series, limit: int = 6) -> str:
    values = [str(r) for r in rows.tolist()]
    return ", ".join(values[:limit]) + (" ..." if len(values) > limit else "")


def _check_columns(frame: pd.DataFrame, schema: TableSchema, file: str, problems: _Problems) -> bool:
    found = [c for c in frame.columns if c != ROW]
    missing = [c for c in schema.required if c not in frame.columns]
    if schema.one_of and not any(c in frame.columns for c in schema.one_of):
        missing.append(" or ".join(schema.one_of))
    for column in missing:
        problems.add(MissingColumnError, file, [None], column, [None],
                     f"required column '{column}' is missing; columns found: {found}",
                     "Rename the column in the file, or pass a column mapping "
                     f"(mapping={{'<their name>': '{column.split(' or ')[0]}'}} / --mapping FILE.toml).")
    return not missing


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column's text as numbers (decimal comma accepted; blank or not a number: NaN).

    Converted once per distinct text: a weight column repeats a few values millions of times.

    Examples
    --------
    >>> _numbers(pd.DataFrame({"w": ["1", "2,5", "", "x", "1"]}), "w").tolist()
    [1.0, 2.5, nan, nan, 1.0]
    """
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
    text = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype(str)
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False).where(text != ""), errors="coerce")
    return pd.Series(numbers.to_numpy()[codes], index=frame.index)


def _normalise_ids(values: pd.Series) -> pd.Series:
    # Spreadsheets turn the id 17 into 17.0; ids are compared as text.
    suspect = values.str.endswith("0") & values.str.contains(".", regex=False)
    if not suspect.any():
        return values
    values = values.copy()
    values[suspect] = values[suspect].str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return values


def _parse_bool(values: pd.Series) -> pd.Series:
    lowered = values.str.casefold()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[lowered.isin(TRUE_WORDS)] = True
    out[lowered.isin(FALSE_WORDS)] = False
    return out


def _read(folder: Path, stem: str, problems: _Problems, *, required: bool, encoding: str,
          mapping: dict, quality: DataQualityReport | None = None, known=None,
          headers: dict[str, list[str]] | None = None) -> tuple[pd.DataFrame | None, str | None]:
    paths = find_tables(folder, stem)
    if len(paths) > 1:
        names = [p.name for p in paths]
        problems.add(UnreadableFileError, names[0], [None], None, [", ".join(names)],
                     f"several files hold the {stem} table: {names}",
                     "Keep one of them (move the others out of the folder), so it is clear which is read.")
        return None, names[0]
    path = paths[0] if paths else None
    if path is None:
        if required:
            found = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
            problems.add(MissingFileError, f"{stem}.csv", [None], None, [None],
                         f"required file not found in {folder}; files found: {found}",
                         f"Add {stem}.csv or {stem}.xlsx to the folder (design section 4).")
        return None, None
    try:
        frame, original = read_table_with_headers(path, encoding=encoding, mapping=mapping, table=stem,
                                                  quality=quality, known=known)
        if headers is not None:
            headers[path.name] = list(original.values())
        return frame, path.name
    except InputTableError as err:
        problems.add_error(err)
        return None, path.name


def read_org(path: str | Path, mapping: dict | str | Path | None = None, *,
             likert_scale: tuple[int, int] = (1, 5), fuzzy_threshold: float = 88,
             encoding: str = "utf-8", response_rate_threshold: float = LOW_RESPONSE_RATE) -> OrgData:
    """Read, validate and repair an organisation folder.

    Parameters
    ----------
    path : str or Path
        An organisation folder (``people`` + ``nominations`` [+ ``attitudes``, ``impact``])
        or an edge-list folder (``people`` + ``edges``), files as ``.csv`` or ``.xlsx``.
    mapping : dict, str or Path, optional
        Column names of your export mapped to ours, e.g. ``{"Employee ID": "id"}``, or
        per table ``{"people": {...}, "nominations": {...}}``, or a TOML file of the same.
        A ``survey`` section reads a wide survey export instead of ``nominations`` and
        ``attitudes`` (see :mod:`stakeholder_graph.io.survey`); ``labels`` maps answer
        labels to numbers (``{"labels": {"Not at all": 1}}``).
    likert_scale : tuple of int, default=(1, 5)
        Lowest and highest allowed answer in ``attitudes``.
    fuzzy_threshold : float, default=88
        Lowest name similarity (0-100, rapidfuzz ``token_sort_ratio``) accepted when a
        typed nominee name matches no one exactly.
    encoding : str, default="utf-8"
        Encoding of the CSV files (a UTF-8 or UTF-16 byte-order mark wins, per file).
    response_rate_threshold : float, default=0.6
        Departments (of at least 5 people) whose network-survey response rate is below
        this share are listed in the data-quality report as less reliable.

    Returns
    -------
    OrgData
        Clean tables and the data-quality report.

    Raises
    ------
    MissingFileError, MissingColumnError, DuplicateIdError, EmptyTableError,
    InvalidValueError, ReportingCycleError, UnreadableFileError
        Subclasses of ``InputTableError``; the message lists every problem found in every
        file, each with file, row, column, value and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "people.csv").write_text(
    ...     "id,name,manager_id,department\\n1,Ana Diaz,,Exec\\n2,Bo Chen,1,IT\\n3,Cy Ode,1,IT\\n")
    >>> _ = (folder / "nominations.csv").write_text(
    ...     "respondent_id,relation,nominee\\n2,help,Ana Diaz\\n3,help,bo chen\\n3,help,3\\n")
    >>> org = read_org(folder)
    >>> org.nominations[["respondent_id", "nominee_id", "match"]].values.tolist()
    [['2', '1', 'name'], ['3', '2', 'name']]
    >>> org.quality.to_frame()["problem"].tolist()[:2]
    ['self-nomination', 'no responded column: respondents inferred from who made a nomination']
    """
    from .._parallel import stopped_on_error

    with stopped_on_error():  # a read that fails stops the second processes it started
        folder = Path(path)
        lo, hi = likert_scale
        if not (isinstance(lo, (int, np.integer)) and isinstance(hi, (int, np.integer)) and lo < hi):
            raise InvalidParameterError("likert_scale", "a pair of integers (low, high) with low < high", likert_scale)
        if not folder.is_dir():
            what = "is a file, not a folder" if folder.exists() else "does not exist"
            raise MissingFileError(pd.DataFrame([dict(
                file=str(folder), row=None, column=None, value=None,
                problem=f"the organisation folder {what}",
                action="Pass the folder that holds people.csv and nominations.csv (or edges.csv).")]))
        if not (isinstance(response_rate_threshold, (int, float)) and 0 <= response_rate_threshold <= 1):
            raise InvalidParameterError("response_rate_threshold", "a share from 0 to 1", response_rate_threshold)
        raw_mapping, mapping_dir = load_mapping_file(mapping)
        mapping_ = load_mapping(raw_mapping)
        survey_mapping = parse_survey_mapping(raw_mapping, folder=folder, mapping_dir=mapping_dir)
        labels = _labels(raw_mapping)
        problems = _Problems()
        quality = DataQualityReport()
        headers: dict[str, list[str]] = {}
        kw = dict(encoding=encoding, mapping=mapping_, quality=quality, headers=headers)

        edge_list = find_table(folder, "edges") is not None and find_table(folder, "nominations") is None
        layout = "edge list" if edge_list else "organisation"
        # A large readiness survey is read and checked in a second process while this one reads
        # and checks the people and nominations (it needs neither until it is repaired below).
        # It runs at this process's priority: its result is needed as soon as theirs.
        pending_attitudes = None
        if not edge_list and survey_mapping is None and _attitudes_in_background(folder):
            from .._parallel import Background

            pending_attitudes = Background(_read_and_check_attitudes, folder, encoding, mapping_, (int(lo), int(hi)),
                                           labels, enabled=True, niceness=0)
        people, people_file = _read(folder, "people", problems, required=True,
                                    known=SCHEMAS["people"].known + MANAGER_ALIASES, **kw)
        if edge_list:
            nominations, nominations_file = _read(folder, "edges", problems, required=True,
                                                  known=SCHEMAS["edges"].known, **kw)
            attitudes, attitudes_file, impact, impact_file = None, None, None, None
        else:
            nominations, nominations_file = _read(folder, "nominations", problems, required=False,
                                                  known=SCHEMAS["nominations"].known, **kw)
            if pending_attitudes is not None:
                # Collected once the people and nominations are checked (below); what the second
                # process found goes where reading the file here would have put it.
                attitudes, attitudes_file = None, None
                slots = {"read": len(problems.parts), "headers": len(headers)}
            else:
                attitudes, attitudes_file = _read(folder, "attitudes", problems, required=False,
                                                  known=SCHEMAS["attitudes"].known + ("wave",), **kw)
            impact, impact_file = _read(folder, "impact", problems, required=False, known=SCHEMAS["impact"].known, **kw)
        if survey_mapping is not None:
            for given, name, what in ((nominations_file, "relations", "nominations"),
                                      (attitudes_file, "items", "attitudes")):
                if given and getattr(survey_mapping, name):
                    problems.add(UnreadableFileError, given, [None], None, [survey_mapping.file.name],
                                 f"{what} come both from {given} and from the survey export "
                                 f"{survey_mapping.file.name} ([survey.{name}] in the mapping)",
                                 f"Use one source: move {given} out of the folder or drop [survey.{name}].")
        processes, processes_file = (None, None) if edge_list else _read(folder, "processes", problems,
                                                                          required=False,
                                                                          known=SCHEMAS["processes"].known, **kw)
        if pending_attitudes is None:
            _check_mapping_used(mapping_, headers, problems)
        else:
            slots["mapping"] = len(problems.parts)

        people_ok = people is not None and _check_columns(
            people, SCHEMAS["people_edgelist" if edge_list else "people"], people_file, problems)
        if people_ok:
            people = _check_people(people, people_file, problems, quality, edge_list=edge_list)
            people_ok = people is not None

        survey = None
        pending_resolver = None
        ids_usable = people_ok and (people["id"] != "").all() and not people["id"].duplicated().any()
        if ids_usable:
            people, blocking = resolve_managers(people, people_file, quality, fuzzy_threshold=fuzzy_threshold)
            if len(blocking):
                problems.add_error(InvalidValueError(blocking))
            if not edge_list and survey_mapping is None and nominations is not None:
                from .._parallel import Background, parallel_enabled

                # The roster's name indexes need its ids, names and e-mails alone (final from here
                # on): a large one is built in a second process while this one checks the rest,
                # at this process's priority (this one soon waits for it).
                pending_resolver = Background(_name_resolver, people, fuzzy_threshold,
                                              enabled=parallel_enabled(len(people)), niceness=0)
            if survey_mapping is not None:
                try:
                    survey = read_survey(survey_mapping, people, quality, likert_scale=(int(lo), int(hi)),
                                         fuzzy_threshold=fuzzy_threshold, encoding=encoding)
                except InputTableError as err:
                    problems.add_error(err)
                else:
                    if survey_mapping.relations:
                        nominations, nominations_file = survey.nominations.copy(), survey.file
                    if survey_mapping.items:
                        attitudes, attitudes_file = survey.attitudes.copy(), survey.file
                    if people["_responded_given"].isna().all():
                        people["_responded_given"] = pd.array(isin(people["id"], survey.respondents.unique()),
                                                              dtype="boolean")
                        quality.add(people_file, None, "responded", None,
                                    f"no responded column: respondents are the {survey.respondents.nunique()} "
                                    f"people with a submission in {survey.file}",
                                    "counted as respondents, also those who named no one")

        if nominations is not None:
            schema = SCHEMAS["edges" if edge_list else "nominations"]
            if _check_columns(nominations, schema, nominations_file, problems):
                if edge_list:
                    nominations = nominations.rename(columns={"source": "respondent_id", "target": "nominee"})
                nominations = _check_nomination_values(nominations, nominations_file, problems, quality)
            else:
                nominations = None
        if pending_attitudes is not None:
            slots["check"] = len(problems.parts)
        elif attitudes is not None:
            attitudes = _checked_attitudes(attitudes, attitudes_file, likert_scale, problems, quality, labels)
        if impact is not None:
            if _check_columns(impact, SCHEMAS["impact"], impact_file, problems):
                impact = _check_impact_values(impact, impact_file, problems)
            else:
                impact = None
        if processes is not None:
            if _check_columns(processes, SCHEMAS["processes"], processes_file, problems):
                processes = _check_process_values(processes, processes_file, problems)
            else:
                processes = None

        # Reporting lines can be checked as soon as ids are usable, so that a cycle is listed
        # together with the problems in other files.
        if people_ok and (people["id"] != "").all() and not people["id"].duplicated().any():
            if edge_list and nominations is not None:
                reports_to = nominations["relation"] == REPORTS_TO
                if reports_to.any():
                    people = _managers_from_edges(people, nominations[reports_to], nominations_file, quality)
                    nominations = nominations[~reports_to]
            people = _check_hierarchy(people, people_file, problems, quality)
        if pending_attitudes is not None:
            attitudes_read = pending_attitudes.result()
            attitudes, attitudes_file = attitudes_read.attitudes, attitudes_read.file
            quality.extend(attitudes_read.quality)
            later = list(headers.items())[slots["headers"]:]
            for name, _ in later:
                del headers[name]
            headers.update(attitudes_read.headers)
            headers.update(later)
            # Latest slot first, so that the earlier slots still point where they did.
            problems.parts[slots["check"]:slots["check"]] = attitudes_read.check_problems
            mapping_problems = _Problems()
            _check_mapping_used(mapping_, headers, mapping_problems)
            problems.parts[slots["mapping"]:slots["mapping"]] = mapping_problems.parts
            problems.parts[slots["read"]:slots["read"]] = attitudes_read.read_problems
        problems.raise_all()
        assert people is not None  # for type checkers: errors above raised otherwise

        if nominations is not None:
            nominations = _resolve_nominations(people, nominations, nominations_file, quality,
                                               fuzzy_threshold=fuzzy_threshold, by_id_only=edge_list,
                                               resolver=pending_resolver)
        else:
            quality.add("nominations.csv", None, None, None, "no nominations file",
                        "network results (influence, champions, clusters) need nominations.csv")
            nominations = pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                                        [("respondent_id", str), ("relation", str), ("nominee_id", str),
                                         ("weight", float), ("wave", str), ("nominee_typed", str), ("match", str)]})
        people = _settle_responded(people, nominations, people_file, quality)
        if len(nominations):
            _flag_low_response(people, people_file, quality, response_rate_threshold)
        attitude_waves = None
        if attitudes is not None:
            attitude_waves = _attitude_repairs(people, attitudes, attitudes_file, quality).drop(columns=[ROW])
            attitudes = _latest_wave(attitude_waves, attitudes_file, quality)
        if impact is not None:
            impact = _impact_repairs(people, impact, impact_file, quality)
        if processes is not None:
            _process_findings(people, processes, processes_file, quality)

        files = {k: v for k, v in [("people", people_file), ("nominations", nominations_file),
                                   ("attitudes", attitudes_file), ("impact", impact_file),
                                   ("processes", processes_file)] if v}
        return OrgData(people=people.drop(columns=[ROW]).reset_index(drop=True),
                       nominations=nominations.reset_index(drop=True),
                       attitudes=None if attitudes is None else attitudes.reset_index(drop=True),
                       impact=None if impact is None else impact.drop(columns=[ROW]).reset_index(drop=True),
                       quality=quality, source=folder, layout=layout, files=files,
                       likert_scale=(int(lo), int(hi)), survey=survey,
                       attitude_waves=None if attitude_waves is None else attitude_waves.reset_index(drop=True),
                       processes=None if processes is None else processes.drop(columns=[ROW]).reset_index(drop=True))


# --------------------------------------------------------------------------- people

#: From this size an attitudes file is read and checked in a second process (about 50,000 people).
ATTITUDES_BYTES_IN_BACKGROUND = 8_000_000


def _attitudes_in_background(folder: Path) -> bool:
    from .._parallel import second_process_available

    paths = find_tables(folder, "attitudes")
    return (len(paths) == 1 and paths[0].stat().st_size >= ATTITUDES_BYTES_IN_BACKGROUND
            and second_process_available())


def _checked_attitudes(attitudes: pd.DataFrame, file: str, likert_scale: tuple[int, int], problems: _Problems,
                       quality: DataQualityReport, labels: dict[str, float]) -> pd.DataFrame | None:
    if not _check_columns(attitudes, SCHEMAS["attitudes"], file, problems):
        return None
    return _check_attitude_values(attitudes, file, likert_scale, problems, quality=quality, labels=labels)


@dataclass
class _AttitudesRead:
    """The attitudes table as read and checked in a second process, with what it found, kept
    apart by stage so that the findings land where one process would have put them."""

    attitudes: pd.DataFrame | None
    file: str | None
    read_problems: list
    check_problems: list
    quality: DataQualityReport
    headers: dict


def _read_and_check_attitudes(folder: Path, encoding: str, mapping: dict, likert_scale: tuple[int, int],
                              labels: dict[str, float]) -> _AttitudesRead:
    read_problems, check_problems, quality, headers = _Problems(), _Problems(), DataQualityReport(), {}
    attitudes, file = _read(folder, "attitudes", read_problems, required=False, encoding=encoding,
                            mapping=mapping, quality=quality, headers=headers,
                            known=SCHEMAS["attitudes"].known + ("wave",))
    if attitudes is not None:
        attitudes = _checked_attitudes(attitudes, file, likert_scale, check_problems, quality, labels)
    return _AttitudesRead(attitudes, file, read_problems.parts, check_problems.parts, quality, headers)


def _check_mapping_used(mapping: dict, headers: dict[str, list[str]], problems: _Problems) -> None:
    """A problem for each column the mapping names that no file has."""
    unused = [k for k in mapping.get("*", {})
              if not any(k in {normalise_header(h) for h in found} for found in headers.values())]
    if unused and headers:
        problems.add(MissingColumnError, "mapping", [None] * len(unused), unused, [None] * len(unused),
                     "the column mapping names a column that no file has; columns found: "
                     + "; ".join(f"{f}: {h}" for f, h in headers.items()),
                     "Correct the name in the mapping (headers are compared ignoring case, spaces and "
                     "punctuation) or remove the line.")


def _labels(raw_mapping: dict) -> dict[str, float]:
    labels = raw_mapping.get("labels") or {}
    bad = {k: v for k, v in labels.items() if isinstance(v, bool) or not isinstance(v, (int, float))
           or not np.isfinite(v)}
    if not isinstance(labels, dict) or bad:
        raise UnreadableFileError(pd.DataFrame([dict(
            file="mapping [labels]", row=None, column=None, value=repr(bad or labels),
            problem="every label under [labels] must map to a number",
            action='Write one line per label, e.g. "Not at all" = 1.')]))
    return {str(k): float(v) for k, v in labels.items()}


def _flag_low_response(people: pd.DataFrame, file: str, quality: DataQualityReport, threshold: float,
                       min_group_size: int = 5) -> None:
    rates = people.groupby("department", sort=True)["responded"].agg(["size", "sum"])
    rates = rates[rates["size"] >= min_group_size]
    low = rates[rates["sum"] / rates["size"] < threshold]
    for department, row in low.iterrows():
        rate = row["sum"] / row["size"]
        quality.add(file, None, "department", department,
                    f"low network-survey response rate: {rate:.0%} ({int(row['sum'])} of {int(row['size'])}) "
                    f"is below {threshold:.0%}",
                    "results for this department (who is sought out, champions, clusters) are less "
                    "reliable; raise the response rate or read them with caution")


_TEXT_BREAKS = r"[\t\r\n]"


def _check_people(people: pd.DataFrame, file: str, problems: _Problems,
                  quality: DataQualityReport, *, edge_list: bool = False) -> pd.DataFrame | None:
    if people.empty:
        problems.add(EmptyTableError, file, [None], None, [None], "the people table has no rows",
                     "Export the org chart with one row per person.")
        return None
    people = people.copy()
    for column in ("id", "name", "email", "manager_id", "department", "title", "location"):
        if column in people:
            broken = people[column].str.contains(_TEXT_BREAKS, regex=True)
            if broken.any():
                quality.add_rows(file, people.loc[broken, ROW], column, people.loc[broken, column].map(ascii),
                                 "line break or tab inside the value", "replaced by a space")
                people.loc[broken, column] = people.loc[broken, column].str.replace(
                    _TEXT_BREAKS + "+", " ", regex=True).str.strip()
    if "manager_id" not in people and not edge_list:
        alias = find_manager_column(people.columns)
        if alias is not None:
            people = people.rename(columns={alias: "manager_id"})
            quality.add(file, None, alias, None, f"no manager_id column: the column '{alias}' is read as the manager",
                        "its values are resolved as ids, e-mails or names; map another column to "
                        "manager_id if this is wrong")
        else:
            quality.add(file, None, "manager_id", None,
                        "no manager_id column: there is no org chart (every person is a top)",
                        "add a manager_id column (the manager's id, e-mail or name) or map one, "
                        "e.g. [people] \"Reports To\" = \"manager_id\"")
    normalised_ids = _normalise_ids(people["id"])
    changed = normalised_ids != people["id"]
    if changed.any():
        quality.add(file, None, "id", f"{int(changed.sum())} ids",
                    f"{int(changed.sum())} ids written as decimals (e.g. {people.loc[changed, 'id'].iloc[0]!r})",
                    "read without the '.0' (spreadsheets turn the id 17 into 17.0)")
    people["id"] = normalised_ids
    blank = people["id"] == ""
    problems.add(InvalidValueError, file, people.loc[blank, ROW], "id", people.loc[blank, "id"],
                 "person without an id", "Give every person a unique id (or delete the row).")
    dup = people["id"].duplicated(keep=False) & ~blank
    if dup.any():
        rows_by_id = people[dup].groupby("id")[ROW].agg(_row_list)
        problems.add(DuplicateIdError, file, people.loc[dup, ROW], "id", people.loc[dup, "id"],
                     "duplicate id: rows " + people.loc[dup, "id"].map(rows_by_id) + " share it",
                     "Ids must be unique: merge the duplicate rows or correct the id.")
    if "name" not in people:
        people["name"] = people["id"]
    else:
        no_name = people["name"] == ""
        quality.add_rows(file, people.loc[no_name, ROW], "name", people.loc[no_name, "name"],
                         "person without a name", "kept; the id is used as the name")
        people.loc[no_name, "name"] = people.loc[no_name, "id"]
    for column in ("email", "manager_id", "title", "location"):
        if column not in people:
            people[column] = ""
    people["manager_id"] = _normalise_ids(people["manager_id"])
    if "department" not in people:
        people["department"] = "All"
        quality.add(file, None, "department", None, "no department column: everyone is in one group 'All'",
                    "add a department column (or map one) for results per department")
    else:
        no_dept = people["department"] == ""
        quality.add_rows(file, people.loc[no_dept, ROW], "department", people.loc[no_dept, "department"],
                         "person without a department", "kept in the group 'Unassigned'")
        people.loc[no_dept, "department"] = "Unassigned"
    if "responded" in people:
        parsed = _parse_bool(people["responded"])
        bad = parsed.isna() & (people["responded"] != "")
        problems.add(InvalidValueError, file, people.loc[bad, ROW], "responded", people.loc[bad, "responded"],
                     "not a yes/no value", "Use true/false, yes/no or 1/0 (leave blank if unknown).")
        people["_responded_given"] = parsed
    else:
        people["_responded_given"] = pd.array([pd.NA] * len(people), dtype="boolean")
    return people


def _check_hierarchy(people: pd.DataFrame, file: str, problems: _Problems,
                     quality: DataQualityReport) -> pd.DataFrame:
    people = people.copy()
    has_manager = people["manager_id"] != ""
    if not has_manager.any():
        return people
    index = pd.Series(np.arange(len(people)), index=people["id"].to_numpy())
    self_managed = has_manager & (people["manager_id"] == people["id"])
    quality.add_rows(file, people.loc[self_managed, ROW], "manager_id", people.loc[self_managed, "manager_id"],
                     "person is their own manager", "treated as a top of the hierarchy")
    unknown = has_manager & ~isin(people["manager_id"], people["id"]) & ~self_managed
    quality.add_rows(file, people.loc[unknown, ROW], "manager_id", people.loc[unknown, "manager_id"],
                     "manager id is not a person in the people table",
                     "treated as a top of the hierarchy; add the manager or correct the id")
    people.loc[self_managed | unknown, "manager_id"] = ""
    parent = people["manager_id"].map(index).fillna(-1).astype(np.int64).to_numpy()
    for cycle in reporting_cycles(parent):
        members = people.iloc[cycle]
        chain = " -> ".join(f"{n} (id {i})" for n, i in zip(members["name"], members["id"]))
        first = members.iloc[0]
        problems.add(ReportingCycleError, file, [first[ROW]], "manager_id", [first["manager_id"]],
                     f"reporting cycle: {chain} -> {members['name'].iloc[0]} (rows {_row_list(members[ROW], 12)})",
                     "Correct the manager_id of one of these people so that the line ends at a top.")
    tops = people["manager_id"] == ""
    if tops.sum() > 1:
        n_tops = int(tops.sum())
        quality.add_rows(file, people.loc[tops, ROW], "manager_id", people.loc[tops, "manager_id"],
                         f"several tops of the hierarchy: one of {n_tops} people with no manager",
                         "kept as a separate top; give them a manager_id if they report to someone")
    return people


def _managers_from_edges(people: pd.DataFrame, reports: pd.DataFrame, file: str,
                         quality: DataQualityReport) -> pd.DataFrame:
    people = people.copy()
    reports = reports[reports["respondent_id"] != reports["nominee"]]
    extra = reports["respondent_id"].duplicated(keep="first")
    quality.add_rows(file, reports.loc[extra, ROW], "target", reports.loc[extra, "nominee"],
                     "second reports_to line for the same person", "ignored; the first line is the manager")
    first = reports[~extra]
    manager = pd.Series(first["nominee"].to_numpy(), index=first["respondent_id"].to_numpy())
    given = people["manager_id"] != ""
    people.loc[~given, "manager_id"] = people.loc[~given, "id"].map(manager).fillna("")
    quality.add(file, None, "relation", REPORTS_TO,
                f"{len(first)} '{REPORTS_TO}' edges read as the formal hierarchy",
                "used as manager_id (edge source reports to target); not a nomination layer")
    return people


# --------------------------------------------------------------------------- nominations

def _check_nomination_values(nominations: pd.DataFrame, file: str, problems: _Problems,
                             quality: DataQualityReport) -> pd.DataFrame:
    nominations = nominations.copy()
    if "relation" not in nominations:
        nominations["relation"] = "help"
        quality.add(file, None, "relation", None, "no relation column: every nomination is read as 'help'",
                    "add a relation column if the survey asked more than one question")
    else:
        blank = nominations["relation"] == ""
        problems.add(InvalidValueError, file, nominations.loc[blank, ROW], "relation",
                     nominations.loc[blank, "relation"], "relation is empty",
                     "Fill in the question the nomination answers (help, advice, influence ...).")
        nominations["relation"] = map_unique(nominations["relation"], lambda s: s.str.casefold())
    if "weight" in nominations:
        weight = _numbers(nominations, "weight")
        given = nominations["weight"] != ""
        bad = given & weight.isna()
        problems.add(InvalidValueError, file, nominations.loc[bad, ROW], "weight", nominations.loc[bad, "weight"],
                     "weight is not a number", "Use a number >= 0 (or leave blank for 1).")
        negative = np.isfinite(weight) & (weight < 0)
        problems.add(InvalidValueError, file, nominations.loc[negative, ROW], "weight",
                     nominations.loc[negative, "weight"], "weight is negative",
                     "Use a number >= 0; record dislike or conflict as its own relation.")
        infinite = given & weight.notna() & ~np.isfinite(weight)
        problems.add(InvalidValueError, file, nominations.loc[infinite, ROW], "weight",
                     nominations.loc[infinite, "weight"], "weight is not a finite number",
                     "Use a finite number >= 0 (or leave blank for 1).")
        huge = np.isfinite(weight) & (weight > MAX_WEIGHT)
        problems.add(InvalidValueError, file, nominations.loc[huge, ROW], "weight",
                     nominations.loc[huge, "weight"], f"weight is absurdly large (above {MAX_WEIGHT:g})",
                     "Check for a typo; weights say how strong a tie is, e.g. 1 to 5.")
        nominations["weight"] = weight.fillna(1.0).astype(float)
    else:
        nominations["weight"] = 1.0
    if "wave" not in nominations:
        nominations["wave"] = ""
    nominations["respondent_id"] = _normalise_ids(nominations["respondent_id"])
    return nominations


def _name_resolver(people: pd.DataFrame, fuzzy_threshold: float) -> NameResolver:
    """A :class:`NameResolver` of the roster, its fuzzy-matching keys made too (large rosters)."""
    resolver = NameResolver(people, fuzzy_threshold=fuzzy_threshold)
    resolver.prepare_fuzzy()
    return resolver


def _resolve_nominations(people: pd.DataFrame, nominations: pd.DataFrame, file: str,
                         quality: DataQualityReport, *, fuzzy_threshold: float,
                         by_id_only: bool, resolver: NameResolver | Background | None = None) -> pd.DataFrame:
    """The nominations matched to people, the rows dropped or repaired reported in ``quality``.

    ``resolver`` is a :class:`NameResolver` of ``people``, or a ``Background`` building
    one: it is asked for only when the typed names are matched, so that the ids are
    aligned and outsiders dropped meanwhile.
    """
    nominee_column = "target" if by_id_only else "nominee"
    respondent_column = "source" if by_id_only else "respondent_id"
    blank = nominations["nominee"] == ""
    quality.add_rows(file, nominations.loc[blank, ROW], nominee_column, nominations.loc[blank, "nominee"],
                     "empty nominee", "row skipped")
    if blank.any():  # each filter copies the table: only when something is dropped
        nominations = nominations[~blank]
    n_given = len(nominations)
    nominations = _align_column(nominations, "respondent_id", people, file, respondent_column, quality,
                                "respondent")
    if not by_id_only:
        nominations = _align_column(nominations, "nominee", people, file, nominee_column, quality, "nominee",
                                    only_digits=True)

    # Each distinct respondent is looked up once, here, for the whole function.
    codes, respondents = pd.factorize(nominations["respondent_id"], use_na_sentinel=False)
    respondent = positions_in(pd.Series(respondents, dtype=object), people["id"])[codes]
    outsider = pd.Series(respondent < 0, index=nominations.index)
    quality.add_rows(file, nominations.loc[outsider, ROW], respondent_column,
                     nominations.loc[outsider, "respondent_id"],
                     "nomination by someone not in the people table",
                     "dropped; add the person to people.csv if they belong to the organisation")
    outsider_ids = nominations.loc[outsider, "respondent_id"]
    if outsider.any():
        nominations = nominations[~outsider]
        respondent = respondent[~outsider.to_numpy()]

    if by_id_only:
        typed = _normalise_ids(nominations["nominee"])
        position = pd.Series(positions_in(typed, people["id"]), index=nominations.index)
        resolved = pd.DataFrame({"position": position,
                                 "method": np.where(position >= 0, "id", "unresolved"),
                                 "score": np.nan, "detail": ""}, index=nominations.index)
    else:
        if resolver is None:
            resolver = NameResolver(people, fuzzy_threshold=fuzzy_threshold)
        elif not isinstance(resolver, NameResolver):
            resolver = resolver.result()
        resolved = resolver.resolve(nominations["nominee"])
    method = resolved["method"]
    unresolved = method == "unresolved"
    _stop_if_mostly_unmatched(file, "nominations", n_given, int(outsider.sum() + unresolved.sum()),
                              {"respondent_id": outsider_ids, "nominee": nominations.loc[unresolved, "nominee"]},
                              people)
    quality.add_rows(file, nominations.loc[unresolved, ROW], nominee_column, nominations.loc[unresolved, "nominee"],
                     "nominee matches no one in the people table (by id, e-mail or name)",
                     "dropped; correct the name or add the person to people.csv")
    ambiguous = method == "ambiguous"
    quality.add_rows(file, nominations.loc[ambiguous, ROW], nominee_column, nominations.loc[ambiguous, "nominee"],
                     "ambiguous nominee: " + resolved.loc[ambiguous, "detail"],
                     "dropped, not guessed; type an id or e-mail instead")
    fuzzy = method == "fuzzy"
    quality.add_rows(file, nominations.loc[fuzzy, ROW], nominee_column, nominations.loc[fuzzy, "nominee"],
                     "nominee matched by similar name: " + resolved.loc[fuzzy, "detail"]
                     + " (similarity " + resolved.loc[fuzzy, "score"].astype(str) + ")",
                     "kept; check the match")
    nick = method == "nickname"
    if nick.any():
        nick_people = people["name"].to_numpy()[resolved.loc[nick, "position"].to_numpy()]
        nick_ids = people["id"].to_numpy()[resolved.loc[nick, "position"].to_numpy()]
        quality.add_rows(file, nominations.loc[nick, ROW], nominee_column, nominations.loc[nick, "nominee"],
                         pd.Series([f"nominee matched by nickname: {n} (id {i})"
                                    for n, i in zip(nick_people, nick_ids)]),
                         "kept; check the match")
    # From here on rows are only marked: the table (millions of rows at a large employer) is
    # filtered once, at the end, instead of once per kind of row dropped.
    position = resolved["position"].to_numpy()
    kept = np.flatnonzero(position >= 0)
    rows, typed = nominations[ROW].to_numpy(), nominations["nominee"]

    def report(marked: np.ndarray, problem, action: str) -> None:
        quality.add_rows(file, rows[marked], nominee_column, typed.take(marked), problem, action)

    self_nom = kept[respondent[kept] == position[kept]]
    report(self_nom, "self-nomination", "dropped")
    if len(self_nom):
        kept = kept[respondent[kept] != position[kept]]

    weight = nominations["weight"].to_numpy()[kept]
    group, n_groups = _group_codes([respondent[kept], _codes(nominations["relation"])[kept], position[kept],
                                    _codes(nominations["wave"])[kept]])
    if n_groups < len(kept):
        n = len(kept)
        first = np.empty(n_groups, dtype=np.int64)
        first[group[::-1]] = np.arange(n - 1, -1, -1)  # written last: each group's first row
        dup = first[group] != np.arange(n)
        report(kept[dup], "duplicate nomination: same respondent, relation and nominee as row "
               + pd.Series(rows[kept[first[group][dup]]]).astype(str),
               "merged into one nomination with the larger weight")
        largest = np.full(n_groups, np.nan)
        np.fmax.at(largest, group, weight)  # the larger weight of each group (NaN only if all are)
        weight = largest[group][~dup]
        kept = kept[~dup]
    out = nominations[["respondent_id", "relation", "nominee", "wave"]].take(kept)
    return pd.DataFrame({"respondent_id": out["respondent_id"], "relation": out["relation"],
                         "nominee_id": people["id"].to_numpy()[position[kept]], "weight": weight,
                         "wave": out["wave"], "nominee_typed": out["nominee"],
                         "match": resolved["method"].to_numpy()[kept]}, index=out.index)


def _codes(values: pd.Series) -> np.ndarray:
    """Integer codes, equal where the values are equal (missing values included)."""
    return pd.factorize(values, use_na_sentinel=False)[0]


def _group_codes(keys: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """A code for each row, equal where every key is equal; and how many codes.

    Keys are integer codes (positions, factorised text): grouping on several text columns
    in pandas factorises each column again for every call.

    Examples
    --------
    >>> _group_codes([np.array([0, 0, 1, 0]), np.array([5, 6, 5, 5])])
    (array([0, 1, 2, 0]), 3)
    """
    n = len(keys[0]) if keys else 0
    group = np.zeros(n, dtype=np.int64)
    n_groups = 1
    for key in keys:
        codes, uniques = pd.factorize(key)
        group, combined = pd.factorize(group * len(uniques) + codes)
        n_groups = len(combined)
    return group, n_groups


def _align_column(frame: pd.DataFrame, column: str, people: pd.DataFrame, file: str, shown: str,
                  quality: DataQualityReport, what: str, *, only_digits: bool = False) -> pd.DataFrame:
    """Ids that match a person only without leading zeros or '.0': matched, and reported."""
    values = frame[column]
    # Work once per distinct value: nomination files repeat the same ids millions of times.
    codes, uniques = pd.factorize(values)
    unique = pd.Series(uniques, dtype=object).astype(str)
    unmatched = ~isin(unique, people["id"])
    if only_digits:  # typed nominees: only number-like text can be an id in another form
        unmatched &= unique.str.fullmatch(r"\d+(\.0+)?").to_numpy()
    if not unmatched.any():
        return frame
    found = align_ids(unique[unmatched], people["id"])
    canonical = found["how"] == "canonical"
    if not canonical.any():
        return frame
    new_id = pd.Series(pd.NA, index=unique.index, dtype=object)
    new_id[canonical[canonical].index] = found.loc[canonical, "id"]
    per_row = pd.Series(new_id.to_numpy()[codes], index=frame.index)
    changed = per_row.notna()
    aligned = pd.DataFrame({"id": per_row})
    index = changed[changed].index
    quality.add_rows(file, frame.loc[index, ROW], shown, values[index],
                     f"{what} id matches a person only when leading zeros or '.0' are ignored: "
                     + aligned.loc[index, "id"].astype(str),
                     "matched to that id; check the id formats of the files agree")
    frame = frame.copy()
    frame.loc[index, column] = aligned.loc[index, "id"]
    return frame


def _stop_if_mostly_unmatched(file: str, what: str, n: int, n_unmatched: int, examples: dict[str, pd.Series],
                              people: pd.DataFrame) -> None:
    """Most rows matching no one is a key mismatch between files, not a few typos: stop."""
    if n < 3 or n_unmatched <= MOSTLY_UNRESOLVED * n:
        return

    def sample(values: pd.Series, k: int = 4) -> str:
        return ", ".join(repr(v) for v in pd.unique(values.astype(str))[:k]) or "-"

    seen = "; ".join(f"{column} such as {sample(values)}" for column, values in examples.items() if len(values))
    emails = people["email"][people["email"] != ""] if "email" in people else pd.Series([], dtype=str)
    raise InvalidValueError(pd.DataFrame([dict(
        file=file, row=None, column=None, value=f"{n_unmatched} of {n}",
        problem=(f"{n_unmatched} of {n} {what} match no one in the people table ({file}: {seen}; "
                 f"people table: ids such as {sample(people['id'])}"
                 + (f", e-mails such as {sample(emails, 2)}" if len(emails) else "") + ")"),
        action="The files must identify people the same way: check that both use the same ids (or "
               "e-mails), that the right column is mapped, and that the people table is the right one.")]))


def _settle_responded(people: pd.DataFrame, nominations: pd.DataFrame, file: str,
                      quality: DataQualityReport) -> pd.DataFrame:
    people = people.copy()
    nominated_someone = pd.Series(isin(people["id"], nominations["respondent_id"].unique()), index=people.index)
    given = people.pop("_responded_given")
    if given.isna().all():
        if len(nominations):
            quality.add(file, None, "responded", None,
                        "no responded column: respondents inferred from who made a nomination",
                        "add a responded column so that people who answered but named no one count")
        people["responded"] = nominated_someone
        return people
    missing = given.isna()
    quality.add_rows(file, people.loc[missing, ROW], "responded", people.loc[missing, "responded"],
                     "responded is blank", "inferred from whether the person made a nomination")
    contradicted = (given == False) & nominated_someone  # noqa: E712  (pandas nullable boolean)
    quality.add_rows(file, people.loc[contradicted, ROW], "responded", people.loc[contradicted, "responded"],
                     "marked as not responded but made nominations", "counted as a respondent")
    responded = given.fillna(False).astype(bool) | nominated_someone
    silent = responded & ~nominated_someone & (len(nominations) > 0)
    quality.add_rows(file, people.loc[silent, ROW], "responded", people.loc[silent, "responded"],
                     "respondent who nominated nobody", "kept as a respondent with no outgoing ties")
    people["responded"] = responded.to_numpy()
    return people


# --------------------------------------------------------------------------- attitudes and impact

def _check_attitude_values(attitudes: pd.DataFrame, file: str, scale: tuple[int, int],
                           problems: _Problems, *, quality: DataQualityReport | None = None,
                           labels: dict[str, float] | None = None) -> pd.DataFrame:
    attitudes = attitudes.copy()
    lo, hi = scale
    read = likert_values(attitudes["value"], scale, labels)
    value = read["value"]
    unknown = read["how"] == "unknown"
    if unknown.any():
        problems.add(InvalidValueError, file, attitudes.loc[unknown, ROW], "value", attitudes.loc[unknown, "value"],
                     unknown_label_message(attitudes.loc[unknown, "value"], scale),
                     label_mapping_action(attitudes.loc[unknown, "value"]))
    labelled = read["how"].isin(["numbered label", "standard label", "mapped label"])
    if labelled.any() and quality is not None:
        pairs = pd.DataFrame({"label": attitudes.loc[labelled, "value"], "value": value[labelled]})
        for (label, number), count in pairs.value_counts(sort=False).items():
            quality.add(file, None, "value", label,
                        f"answer given as a label: '{label}' read as {number:g} ({count} answers)",
                        "mapped to the scale")
    given = (attitudes["value"] != "") & ~unknown
    bad = given & (value.isna() | ~np.isfinite(value) | (value < lo) | (value > hi))
    problems.add(InvalidValueError, file, attitudes.loc[bad, ROW], "value", attitudes.loc[bad, "value"],
                 f"answer outside the Likert scale {lo}-{hi}",
                 f"Use numbers from {lo} to {hi} (convert text answers first), or pass likert_scale=(low, high).")
    attitudes["respondent_id"] = _normalise_ids(attitudes["respondent_id"])
    attitudes["item"] = map_unique(attitudes["item"], lambda s: s.str.casefold())
    attitudes["value"] = value
    if "wave" not in attitudes:
        attitudes["wave"] = ""
    return attitudes


def _attitude_repairs(people: pd.DataFrame, attitudes: pd.DataFrame, file: str,
                      quality: DataQualityReport) -> pd.DataFrame:
    attitudes = _align_column(attitudes, "respondent_id", people, file, "respondent_id", quality, "respondent")
    outsider = pd.Series(~isin(attitudes["respondent_id"], people["id"]), index=attitudes.index)
    _stop_if_mostly_unmatched(file, "attitudes", len(attitudes), int(outsider.sum()),
                              {"respondent_id": attitudes.loc[outsider, "respondent_id"]}, people)
    quality.add_rows(file, attitudes.loc[outsider, ROW], "respondent_id", attitudes.loc[outsider, "respondent_id"],
                     "answer by someone not in the people table", "dropped")
    attitudes = attitudes[~outsider]
    blank = attitudes["value"].isna()
    quality.add_rows(file, attitudes.loc[blank, ROW], "value", [""] * int(blank.sum()),
                     "missing answer", "dropped; scoring treats the item as not answered")
    attitudes = attitudes[~blank]
    # A later wave is a new answer, not a duplicate: only repeats within one wave are dropped.
    dup = attitudes.duplicated(subset=["respondent_id", "item", "wave"], keep="first")
    quality.add_rows(file, attitudes.loc[dup, ROW], "item", attitudes.loc[dup, "item"],
                     "second answer to the same item by the same person", "dropped; the first answer is kept")
    return attitudes[~dup]


def sort_waves(waves) -> list[str]:
    """Distinct survey waves from oldest to latest.

    Waves are integers, dates or labels: numbers sort as numbers, dates as dates, anything
    else as text after them.

    Examples
    --------
    >>> sort_waves(["10", "2", "2", "9"])
    ['2', '9', '10']
    >>> sort_waves(["2027-04-01", "2027-01-15"])
    ['2027-01-15', '2027-04-01']
    """
    distinct = pd.unique(pd.Series(waves, dtype=object).astype(str).to_numpy())
    numbers = pd.to_numeric(pd.Series(distinct), errors="coerce")
    dates = pd.to_datetime(pd.Series(distinct), errors="coerce", format="ISO8601")
    key = [(0, n, "") if not np.isnan(n) else (1, d.value, "") if not pd.isna(d) else (2, 0, w)
           for w, n, d in zip(distinct, numbers, dates)]
    return [w for _, w in sorted(zip(key, distinct))]


def _latest_wave(attitudes: pd.DataFrame, file: str, quality: DataQualityReport) -> pd.DataFrame:
    waves = sort_waves(attitudes["wave"])
    if len(waves) <= 1:
        return attitudes
    latest = waves[-1]
    earlier = attitudes["wave"] != latest
    quality.add(file, None, "wave", latest,
                f"{len(waves)} survey waves ({', '.join(waves)}): {int(earlier.sum())} answers from earlier waves",
                f"kept for trends between waves; the analysis uses the latest wave ({latest})")
    return attitudes[~earlier]


def _check_impact_values(impact: pd.DataFrame, file: str, problems: _Problems) -> pd.DataFrame:
    impact = impact.copy()
    value = _numbers(impact, "impact")
    bad = value.isna() | (value < 1) | (value > 5)
    problems.add(InvalidValueError, file, impact.loc[bad, ROW], "impact", impact.loc[bad, "impact"],
                 "impact is not a number from 1 to 5",
                 "Rate how much each group's work changes from 1 (hardly) to 5 (completely).")
    impact["impact"] = value
    for column in ("what_changes", "losses"):
        if column not in impact:
            impact[column] = ""
    return impact


def _impact_repairs(people: pd.DataFrame, impact: pd.DataFrame, file: str,
                    quality: DataQualityReport) -> pd.DataFrame:
    for column in ("id", "department", "title"):
        if column in impact:
            given = impact[column] != ""
            unknown = given & ~isin(impact[column], people[column].unique())
            quality.add_rows(file, impact.loc[unknown, ROW], column, impact.loc[unknown, column],
                             f"{column} matches no one in the people table", "row kept but applies to no one")
    return impact


def _check_process_values(processes: pd.DataFrame, file: str, problems: _Problems) -> pd.DataFrame:
    processes = processes.copy()
    for column in SCHEMAS["processes"].optional:
        if column not in processes:
            processes[column] = ""
    given = processes["retire_on"].astype(str).str.strip() != ""
    parsed = pd.to_datetime(processes["retire_on"].where(given, None), format="%Y-%m-%d", errors="coerce")
    bad = given & parsed.isna()
    problems.add(InvalidValueError, file, processes.loc[bad, ROW], "retire_on", processes.loc[bad, "retire_on"],
                 "retire_on is not a date as YYYY-MM-DD",
                 "Write the day the old report or output stops, e.g. 2027-03-01, or leave it empty.")
    processes["retire_on"] = parsed
    return processes


def _process_findings(people: pd.DataFrame, processes: pd.DataFrame, file: str, quality: DataQualityReport) -> None:
    given = processes["department"] != ""
    unknown = given & ~isin(processes["department"], people["department"].unique())
    quality.add_rows(file, processes.loc[unknown, ROW], "department", processes.loc[unknown, "department"],
                     "department matches no one in the people table", "row kept; no informal go-to person named")
    keys = pd.concat([people[c].astype(str).str.strip().str.casefold() for c in ("id", "email", "name")
                      if c in people]).unique()
    owner = processes["owner"].astype(str).str.strip()
    stranger = (owner != "") & ~isin(owner.str.casefold(), keys)
    quality.add_rows(file, processes.loc[stranger, ROW], "owner", processes.loc[stranger, "owner"],
                     "owner matches no id, e-mail or name in the people table",
                     "kept as typed; the register asks for an owner from the people table")
