"""Wide survey exports (one row per respondent, one column per question) read as long tables.

Microsoft Forms, Google Forms, Qualtrics and SurveyMonkey export one row per respondent.
The ``[survey]`` section of the mapping file says which columns hold what:

.. code-block:: toml

    [survey]
    file = "Readiness and help survey.xlsx"     # or .csv
    respondent = "Email"                         # id, e-mail or name of the respondent
    submitted = "Completion time"                # optional: answers become waves by date
    [survey.relations]
    help = ["Colleague 1", "Colleague 2", "Colleague 3"]
    influence = "Whose opinion about new tools do you trust?"
    [survey.items]
    adkar_awareness = "I understand why we are changing"

and :func:`read_survey` turns the export into exactly the long ``nominations`` and
``attitudes`` tables of the input contract (design section 4), so everything downstream
is unchanged. Rules:

* a cell holding several names is split on semicolons and line breaks, never on the
  comma that "Last, First" uses (``split_on_comma = true`` opts in, for Google Forms
  checkboxes over a roster without commas); ``Name (id or e-mail)`` reads the bracket;
* agreement labels ("Strongly agree", "4 - Agree") map to the scale; other labels are an
  error listing the labels seen, unless mapped under ``[labels]``;
* blank answers are non-responses (no row), never zeros;
* Qualtrics' extra header rows (question text, ImportId) and SurveyMonkey's second
  header row are detected and skipped; a mapped column may be named by either row;
* with ``submitted``, submissions more than ``wave_gap_days`` (default 14) apart form
  separate waves (``wave`` = date of the wave's first submission; no ``wave`` column when
  all submissions form one round); within a wave a respondent who submitted twice keeps
  the latest submission, reported;
* a relation may be given as a table with a fixed ``weight`` or a parallel list of
  ``weights`` columns: ``[survey.relations.help_often]`` ``relation = "help"``,
  ``columns = ["Often 1", "Often 2"]``, ``weight = 2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InvalidValueError, MissingColumnError, MissingFileError, UnreadableFileError
from .ids import align_ids
from .labels import label_mapping_action, likert_values, unknown_label_message
from .managers import MOSTLY_UNRESOLVED
from .names import NameResolver
from .quality import DataQualityReport
from .tables import ROW, normalise_header, read_table_with_headers

__all__ = ["SurveyMapping", "RelationColumns", "SurveyTables", "parse_survey_mapping", "read_survey",
           "split_names"]

_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
_MONKEY_SUBLABELS = {"response", "open-ended response", "open ended response"}
_BRACKET = re.compile(r"^(.*?)\s*[(<\[]\s*([^()<>\[\]]+?)\s*[)>\]]\s*$")


@dataclass(frozen=True)
class RelationColumns:
    """Columns answering one relation, with a fixed weight or a parallel weight column each."""

    relation: str
    columns: tuple[str, ...]
    weight: float | None = None
    weights: tuple[str, ...] | None = None


@dataclass
class SurveyMapping:
    """The ``[survey]`` section of a mapping file, checked."""

    file: Path
    respondent: str
    submitted: str | None = None
    relations: list[RelationColumns] = field(default_factory=list)
    items: dict[str, str] = field(default_factory=dict)
    labels: dict[str, float] = field(default_factory=dict)
    split_on_comma: bool = False
    wave_gap_days: float = 14


@dataclass
class SurveyTables:
    """A wide export as the long tables of the input contract.

    Attributes
    ----------
    nominations : pandas.DataFrame
        ``respondent_id, relation, nominee, weight`` (+ ``wave`` with ``submitted`` and
        more than one round) and
        ``_row`` (the export's row).
    attitudes : pandas.DataFrame
        ``respondent_id, item, value`` (+ ``wave``) and ``_row``.
    respondents : pandas.Series
        Ids of everyone whose submission was kept (also those who named no one).
    file : str
        The export's file name (used in data-quality findings).
    """

    nominations: pd.DataFrame
    attitudes: pd.DataFrame
    respondents: pd.Series
    file: str


def _bad_mapping(problem: str, action: str, column: str | None = None, value=None) -> UnreadableFileError:
    return UnreadableFileError(pd.DataFrame([dict(file="mapping [survey]", row=None, column=column,
                                                  value=value, problem=problem, action=action)]))


def _as_columns(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _bad_mapping(f"{where} must be a column name or a list of column names", 
                       'Write e.g. help = ["Colleague 1", "Colleague 2"].', where, repr(value))


def parse_survey_mapping(raw: dict, *, folder: Path, mapping_dir: Path | None = None) -> SurveyMapping | None:
    """The ``[survey]`` section (with ``[labels]``) of a loaded mapping, or None if absent.

    ``file`` is looked for in the organisation folder, then beside the mapping file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "export.csv").write_text("Email\\n")
    >>> m = parse_survey_mapping({"survey": {"file": "export.csv", "respondent": "Email",
    ...                           "relations": {"help": ["Colleague 1", "Colleague 2"]},
    ...                           "items": {"readiness": "I am ready"}}}, folder=folder)
    >>> m.relations[0].columns, m.items
    (('Colleague 1', 'Colleague 2'), {'readiness': 'I am ready'})
    """
    section = raw.get("survey")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise _bad_mapping("[survey] must be a section", "Write [survey] on its own line, then file = ...")
    unknown = set(section) - {"file", "respondent", "submitted", "relations", "items", "labels",
                              "split_on_comma", "wave_gap_days"}
    if unknown:
        raise _bad_mapping(f"unknown keys in [survey]: {sorted(unknown)}",
                           "Use file, respondent, submitted, relations, items, labels, split_on_comma, "
                           "wave_gap_days.", value=sorted(unknown))
    for key in ("file", "respondent"):
        if not isinstance(section.get(key), str) or not section[key].strip():
            raise _bad_mapping(f"[survey] needs '{key}'",
                               'Add e.g. file = "survey export.xlsx" and respondent = "Email".', key)
    candidates = [Path(section["file"])]
    if not candidates[0].is_absolute():
        candidates = [folder / section["file"]] + ([mapping_dir / section["file"]] if mapping_dir else [])
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise MissingFileError(pd.DataFrame([dict(
            file=section["file"], row=None, column=None, value=None,
            problem="the survey export named in [survey] file was not found; looked in "
                    + " and ".join(str(p.parent) for p in candidates),
            action="Put the export in the organisation folder or give its full path as file = ...")]))
    relations: list[RelationColumns] = []
    for key, spec in (section.get("relations") or {}).items():
        if isinstance(spec, dict):
            columns = _as_columns(spec.get("columns"), f"relations.{key}.columns")
            weight, weights = spec.get("weight"), spec.get("weights")
            if weight is not None and not (isinstance(weight, (int, float)) and np.isfinite(weight) and weight >= 0):
                raise _bad_mapping(f"relations.{key}.weight must be a number >= 0", "Write e.g. weight = 2.",
                                   key, repr(weight))
            if weights is not None:
                weights = _as_columns(weights, f"relations.{key}.weights")
                if len(weights) != len(columns):
                    raise _bad_mapping(f"relations.{key}: {len(columns)} columns but {len(weights)} weights",
                                       "Give one weight column per name column.", key)
            relations.append(RelationColumns(str(spec.get("relation", key)).strip().casefold(), columns,
                                             None if weight is None else float(weight), weights))
        else:
            relations.append(RelationColumns(key.strip().casefold(), _as_columns(spec, f"relations.{key}")))
    items = {}
    for key, column in (section.get("items") or {}).items():
        items[normalise_header(key)] = _as_columns(column, f"items.{key}")[0]
    labels = dict(raw.get("labels") or {}) | dict(section.get("labels") or {})
    bad = {k: v for k, v in labels.items() if not isinstance(v, (int, float)) or not np.isfinite(v)}
    if bad:
        raise _bad_mapping("every label under [labels] must map to a number",
                           'Write e.g. "Not at all" = 1.', value=repr(bad))
    if not relations and not items:
        raise _bad_mapping("[survey] maps no question", "Add [survey.relations] and/or [survey.items].")
    gap = section.get("wave_gap_days", 14)
    if not isinstance(gap, (int, float)) or not np.isfinite(gap) or gap < 0:
        raise _bad_mapping("wave_gap_days must be a number of days >= 0", "Write e.g. wave_gap_days = 14.",
                           value=repr(gap))
    return SurveyMapping(file=path, respondent=section["respondent"], submitted=section.get("submitted"),
                         relations=relations, items=items, labels={str(k): float(v) for k, v in labels.items()},
                         split_on_comma=bool(section.get("split_on_comma", False)), wave_gap_days=float(gap))


def split_names(cells: pd.Series, *, on_comma: bool = False) -> pd.Series:
    """Names in each cell, split on semicolons and line breaks (never on commas by default).

    Returns a Series of names (blank parts dropped) whose index repeats the cell's index.

    Examples
    --------
    >>> split_names(pd.Series(["Diaz, Ana; Bo Chen", "Cy Ode\\nDi Fox", ""])).tolist()
    ['Diaz, Ana', 'Bo Chen', 'Cy Ode', 'Di Fox']
    >>> split_names(pd.Series(["Ana Diaz, Bo Chen"]), on_comma=True).tolist()
    ['Ana Diaz', 'Bo Chen']
    """
    pattern = r"[;\n\r,]+" if on_comma else r"[;\n\r]+"
    parts = cells.astype(str).str.split(pattern, regex=True).explode().str.strip()
    return parts[parts.notna() & (parts != "")]


def _header_rows(frame: pd.DataFrame, wanted: set[str], file: str,
                 quality: DataQualityReport) -> tuple[pd.DataFrame, dict[str, str]]:
    """Skip the extra header rows of Qualtrics and SurveyMonkey; aliases from them to columns."""
    data = [c for c in frame.columns if c != ROW]
    aliases: dict[str, str] = {}
    head = frame.head(3)
    extra = 0
    import_rows = [i for i in range(len(head)) if head.iloc[i][data].astype(str).str.match(_IMPORT_ID).any()]
    if import_rows:
        extra = import_rows[0] + 1
        kind = "Qualtrics"
    elif len(head) and head.iloc[0][data].astype(str).str.casefold().isin(_MONKEY_SUBLABELS).any():
        extra, kind = 1, "SurveyMonkey"
        question = ""
        for column in data:
            sub = str(head.iloc[0][column]).strip()
            if not column.startswith("column_"):
                question = column
            if sub and sub.casefold() not in _MONKEY_SUBLABELS:
                aliases[normalise_header(f"{question} - {sub}")] = column
                aliases.setdefault(normalise_header(sub), column)
    elif len(head) and (missing := wanted - set(data)) and \
            missing & {normalise_header(v) for v in head.iloc[0][data].astype(str)}:
        extra, kind = 1, "second header"
    if not extra:
        return frame, aliases
    for i in range(extra):
        for column in data:
            text = str(frame.iloc[i][column])
            found = re.search(r'"ImportId"\s*:\s*"([^"]+)"', text)
            aliases.setdefault(normalise_header(found.group(1) if found else text), column)
    rows = frame[ROW].iloc[:extra].tolist()
    quality.add(file, None, None, f"rows {rows}",
                f"{kind} export: {extra} extra header row(s) after the first",
                "skipped; mapped columns may be named by any header row")
    return frame.iloc[extra:].reset_index(drop=True), aliases


def _locate(mapping: SurveyMapping, frame: pd.DataFrame, aliases: dict[str, str], headers: dict[str, str],
            file: str) -> dict[str, str]:
    """Mapped column name -> the frame column; every missing one in one error."""
    wanted = [mapping.respondent] + ([mapping.submitted] if mapping.submitted else [])
    for spec in mapping.relations:
        wanted += list(spec.columns) + list(spec.weights or ())
    wanted += list(mapping.items.values())
    found, missing = {}, []
    for name in dict.fromkeys(wanted):
        key = normalise_header(name)
        if key in frame.columns:
            found[name] = key
        elif key in aliases:
            found[name] = aliases[key]
        else:
            missing.append(name)
    if missing:
        shown = [headers.get(c, c) for c in frame.columns if c != ROW]
        raise MissingColumnError(pd.DataFrame([dict(
            file=file, row=None, column=name, value=None,
            problem=f"the [survey] mapping names the column '{name}', which is not in the export; "
                    f"columns found: {shown}",
            action="Copy the column's header from the export into the mapping (case, spaces and "
                   "punctuation are ignored).") for name in missing]))
    return found


def _parse_times(values: pd.Series, rows: pd.Series, file: str, column: str) -> pd.Series:
    text = values.astype(str).str.strip()
    first = pd.to_numeric(text.str.extract(r"^(\d{1,2})[/.]\d{1,2}[/.]", expand=False), errors="coerce")
    dayfirst = bool((first > 12).any())
    parsed = pd.to_datetime(text.where(text != ""), format="mixed", dayfirst=dayfirst, errors="coerce")
    bad = parsed.isna()
    if bad.any():
        raise InvalidValueError(pd.DataFrame({
            "file": file, "row": rows[bad].to_numpy(), "column": column, "value": text[bad].to_numpy(),
            "problem": "submission time is blank or not a date",
            "action": "Export the completion time as a date and time, or remove 'submitted' from the mapping."}))
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    return parsed


def _waves(times: pd.Series, gap_days: float) -> pd.Series:
    """Label each submission with its wave: the date of the wave's first submission."""
    order = np.sort(times.unique())
    starts = [order[0]]
    for previous, current in zip(order[:-1], order[1:]):
        if (current - previous) > np.timedelta64(int(gap_days * 86400), "s"):
            starts.append(current)
    starts_index = pd.DatetimeIndex(starts)
    position = starts_index.searchsorted(times.to_numpy(), side="right") - 1
    return pd.Series(starts_index[position].strftime("%Y-%m-%d"), index=times.index)


def _number_text(values: np.ndarray) -> np.ndarray:
    return np.array([str(int(v)) if float(v).is_integer() else repr(float(v)) for v in values], dtype=object)


def _resolve_respondents(frame: pd.DataFrame, column: str, people: pd.DataFrame, file: str, label: str,
                         quality: DataQualityReport, fuzzy_threshold: float) -> pd.Series:
    typed = frame[column].astype(str)
    rows = frame[ROW]
    ids = pd.Series("", index=frame.index, dtype=object)
    aligned = align_ids(typed, people["id"])
    exact = aligned["how"] == "exact"
    canonical = aligned["how"] == "canonical"
    ids[exact | canonical] = aligned.loc[exact | canonical, "id"]
    quality.add_rows(file, rows[canonical], label, typed[canonical],
                     "respondent id matches a person only when leading zeros or '.0' are ignored: "
                     + aligned.loc[canonical, "id"].astype(str), "matched to that id")
    blank = typed == ""
    quality.add_rows(file, rows[blank], label, typed[blank], "submission without a respondent (anonymous)",
                     "dropped: answers cannot be linked to the org chart")
    todo = ~(exact | canonical | blank)
    if todo.any():
        resolved = NameResolver(people, fuzzy_threshold=fuzzy_threshold).resolve(typed[todo])
        method = resolved["method"]
        hit = resolved["position"] >= 0
        ids[hit[hit].index] = people["id"].to_numpy()[resolved.loc[hit, "position"].to_numpy()]
        loose = method.isin(["nickname", "fuzzy"])
        quality.add_rows(file, rows[loose[loose].index], label, typed[loose[loose].index],
                         "respondent matched by " + method[loose].map({"nickname": "nickname",
                                                                       "fuzzy": "similar name"})
                         + ": " + resolved.loc[loose, "detail"].where(method[loose] == "fuzzy", ""),
                         "kept; check the match")
        for kind, problem in (("unresolved", "respondent matches no one in the people table"),
                              ("ambiguous", "ambiguous respondent")):
            mask = method == kind
            detail = resolved.loc[mask, "detail"]
            quality.add_rows(file, rows[mask[mask].index], label, typed[mask[mask].index],
                             (problem + (": " + detail if kind == "ambiguous" else "")),
                             "dropped, not guessed; add the person to people.csv or fix the respondent")
    unmatched = (ids == "") & ~blank
    n = int((~blank).sum())
    if n >= 3 and unmatched.sum() > MOSTLY_UNRESOLVED * n:
        raise InvalidValueError(pd.DataFrame([dict(
            file=file, row=None, column=label, value=f"{int(unmatched.sum())} of {n}",
            problem=(f"{int(unmatched.sum())} of {n} respondents match no one by id, e-mail or name (e.g. "
                     + ", ".join(repr(v) for v in pd.unique(typed[unmatched])[:5])
                     + "); people are identified like " + ", ".join(
                         repr(v) for v in people["id"].head(3)) + " / " + ", ".join(
                         repr(v) for v in people.get("email", people["id"]).head(2))),
            action="Map as 'respondent' the column holding the respondent's id, e-mail or name, "
                   "as people.csv spells them.")]))
    return ids


def _strip_brackets(names: pd.Series, people: pd.DataFrame) -> pd.Series:
    """``Name (id or e-mail)`` -> the bracket; ``Name (Department)`` -> the name."""
    parts = names.str.extract(_BRACKET)
    has = parts[0].notna() & (parts[0].fillna("").str.strip() != "")
    if not has.any():
        return names
    inner = parts.loc[has, 1].astype(str)
    emails = people["email"].astype(str).str.casefold() if "email" in people else pd.Series([], dtype=str)
    known = inner.isin(people["id"]) | inner.str.casefold().isin(emails)
    out = names.copy()
    out[has] = np.where(known, inner, parts.loc[has, 0].str.strip())
    return out


def read_survey(mapping: SurveyMapping, people: pd.DataFrame, quality: DataQualityReport, *,
                likert_scale: tuple[int, int] = (1, 5), fuzzy_threshold: float = 88,
                encoding: str = "utf-8") -> SurveyTables:
    """Read a wide survey export as the long ``nominations`` and ``attitudes`` tables.

    Parameters
    ----------
    mapping : SurveyMapping
        From :func:`parse_survey_mapping`.
    people : pandas.DataFrame
        The checked people table (unique ``id``; ``name`` and ``email`` when known), used
        to resolve respondents given as e-mails or names.
    quality : DataQualityReport
        Receives every repair (skipped header rows, second submissions, label mapping,
        loosely matched or dropped respondents).
    likert_scale : tuple of int, default=(1, 5)
    fuzzy_threshold : float, default=88
    encoding : str, default="utf-8"

    Returns
    -------
    SurveyTables

    Raises
    ------
    MissingColumnError
        A mapped column is not in the export (the message lists the columns found).
    InvalidValueError
        Answer labels off the scale (the message lists the labels seen and how to map
        them), unreadable submission times, or most respondents matching no one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "export.csv").write_text(
    ...     'Email,Colleagues,I want to use it\\n'
    ...     'bo@x.org,"Diaz, Ana; Cy Ode",4 - Agree\\n'
    ...     'cy@x.org,Bo Chen,\\n')
    >>> m = parse_survey_mapping({"survey": {"file": "export.csv", "respondent": "Email",
    ...     "relations": {"help": "Colleagues"}, "items": {"adkar_desire": "I want to use it"}}},
    ...     folder=folder)
    >>> people = pd.DataFrame({"id": ["1", "2", "3"], "name": ["Ana Diaz", "Bo Chen", "Cy Ode"],
    ...                        "email": ["ana@x.org", "bo@x.org", "cy@x.org"]})
    >>> tables = read_survey(m, people, DataQualityReport())
    >>> tables.nominations.drop(columns="_row").values.tolist()
    [['2', 'help', 'Diaz, Ana', '1'], ['2', 'help', 'Cy Ode', '1'], ['3', 'help', 'Bo Chen', '1']]
    >>> tables.attitudes.drop(columns="_row").values.tolist()
    [['2', 'adkar_desire', '4']]
    """
    path = mapping.file
    file = path.name
    wanted = {normalise_header(mapping.respondent)}
    wanted |= {normalise_header(c) for spec in mapping.relations for c in spec.columns + (spec.weights or ())}
    wanted |= {normalise_header(c) for c in mapping.items.values()}
    if mapping.submitted:
        wanted.add(normalise_header(mapping.submitted))
    frame, headers = read_table_with_headers(path, encoding=encoding, known=wanted, quality=quality)
    frame, aliases = _header_rows(frame, wanted, file, quality)
    where = _locate(mapping, frame, aliases, headers, file)
    respondent_col = where[mapping.respondent]
    frame = frame.assign(_respondent=_resolve_respondents(frame, respondent_col, people, file,
                                                         mapping.respondent, quality, fuzzy_threshold))
    frame = frame[frame["_respondent"] != ""]
    wave = None
    if mapping.submitted:
        times = _parse_times(frame[where[mapping.submitted]], frame[ROW], file, mapping.submitted)
        frame = frame.assign(_time=times, _wave=_waves(times, mapping.wave_gap_days) if len(frame) else "")
        frame = frame.sort_values(["_time", ROW], kind="stable")
        wave = "_wave"
    key = ["_respondent"] + ([wave] if wave else [])
    latest = ~frame.duplicated(subset=key, keep="last")
    if (~latest).any():
        kept_row = frame[latest].set_index(key)[ROW]
        earlier = frame[~latest]
        kept = earlier.set_index(key).index.map(kept_row)
        quality.add_rows(file, earlier[ROW], mapping.respondent, earlier[respondent_col],
                         pd.Series([f"second submission by the same respondent: row {k} is later"
                                    for k in kept]),
                         "earlier submission dropped; the latest is kept")
    frame = frame[latest].sort_values(ROW, kind="stable")
    if wave and frame[wave].nunique() <= 1:
        # One survey round: no wave column, so the tables are exactly those of a one-off survey.
        if len(frame):
            quality.add(file, None, mapping.submitted, frame[wave].iloc[0],
                        f"all submissions fall in one wave (from {frame[wave].iloc[0]}; gaps under "
                        f"{mapping.wave_gap_days:g} days)", "read as a single survey round (no wave column)")
        wave = None

    nominations = []
    for spec in mapping.relations:
        for i, column in enumerate(spec.columns):
            names = split_names(frame[where[column]], on_comma=mapping.split_on_comma)
            if names.empty:
                continue
            names = _strip_brackets(names, people)
            if spec.weights:
                raw_weight = frame.loc[names.index, where[spec.weights[i]]]
                weight = raw_weight.where(raw_weight != "", "1")
            else:
                weight = pd.Series(_number_text(np.array([spec.weight if spec.weight is not None else 1.0]))[0],
                                   index=names.index)
            part = pd.DataFrame({"respondent_id": frame.loc[names.index, "_respondent"].to_numpy(),
                                 "relation": spec.relation, "nominee": names.to_numpy(),
                                 "weight": weight.to_numpy()})
            if wave:
                part["wave"] = frame.loc[names.index, wave].to_numpy()
            part[ROW] = frame.loc[names.index, ROW].to_numpy()
            part["_order"] = i
            nominations.append(part)
    columns = ["respondent_id", "relation", "nominee", "weight"] + (["wave"] if wave else []) + [ROW]
    nominations = (pd.concat(nominations, ignore_index=True).sort_values([ROW, "_order"], kind="stable")
                   .drop(columns="_order").reset_index(drop=True) if nominations
                   else pd.DataFrame({c: pd.Series(dtype=object) for c in columns}))

    attitudes, unknown = [], []
    for item, column in mapping.items.items():
        answers = frame[where[column]].astype(str)
        read = likert_values(answers, likert_scale, mapping.labels)
        bad = read["how"] == "unknown"
        if bad.any():
            unknown.append((column, frame.loc[bad, ROW], answers[bad]))
        labelled = read["how"].isin(["numbered label", "standard label", "mapped label"])
        if labelled.any():
            pairs = pd.DataFrame({"label": answers[labelled], "value": read.loc[labelled, "value"]})
            for (label, value), count in pairs.value_counts(sort=False).items():
                quality.add(file, None, column, label,
                            f"answer given as a label: '{label}' read as {value:g} ({count} answers)",
                            "mapped to the scale")
        given = read["value"].notna()
        part = pd.DataFrame({"respondent_id": frame.loc[given, "_respondent"].to_numpy(), "item": item,
                             "value": _number_text(read.loc[given, "value"].to_numpy())})
        if wave:
            part["wave"] = frame.loc[given, wave].to_numpy()
        part[ROW] = frame.loc[given, ROW].to_numpy()
        attitudes.append(part)
    if unknown:
        problems = []
        for column, rows, values in unknown:
            message = unknown_label_message(values, likert_scale)
            action = label_mapping_action(values)
            problems += [dict(file=file, row=r, column=column, value=v, problem=message, action=action)
                         for r, v in zip(rows, values)]
        raise InvalidValueError(pd.DataFrame(problems))
    columns = ["respondent_id", "item", "value"] + (["wave"] if wave else []) + [ROW]
    attitudes = (pd.concat(attitudes, ignore_index=True).sort_values(ROW, kind="stable").reset_index(drop=True)
                 if attitudes else pd.DataFrame({c: pd.Series(dtype=object) for c in columns}))
    return SurveyTables(nominations=nominations,
                        attitudes=attitudes, respondents=frame["_respondent"].reset_index(drop=True), file=file)
