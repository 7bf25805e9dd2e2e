"""The publish step: what may leave the machine, with privacy applied once (design section 8).

:func:`publish` turns an :class:`~stakeholder_graph.Analysis` (and its implementation plan)
into a :class:`PublicResult`: the output tables by file name, the texts (planning prompts,
console summary, statements about what could not be computed), the inputs of the figures
and the method description. Every writer (CSV, XLSX, HTML, Markdown, PNG, the console)
accepts only a :class:`PublicResult`, so no writer can show what publishing removed.

Privacy rules, applied here and nowhere else:

* **Pseudonyms** (with a ``key``): every column holding a person id (``id``, ``*_id``,
  ``assigned_champion``) gets a keyed pseudonym, HMAC-SHA256 of the id under a random
  secret key (:func:`read_or_create_key`); name columns (``name``, ``*_name``) get the
  pseudonym of the same row's id; every real name, e-mail address and bracketed id left
  anywhere in any text cell or text (reasons, messengers, owners, prompts, data-quality
  findings, the console) is replaced generically, so tables added later are covered too.
  Data-quality values (what someone typed) are replaced by their pseudonym.
* **Minimum group size**: aggregates over fewer people are suppressed by the analysis;
  here the tables with an ``All`` row and the community x department crosswalk get
  complementary suppression, so that a total minus the shown rows cannot reveal a
  suppressed group (no differencing).
* **Individual attitudes** (``attitude``, ``predicted_attitude``, ``exposure``,
  ``barrier``) leave only with ``include_individual_attitudes=True``.
* **Control characters** in text cells are replaced by a space and reported in the
  data-quality table (they break spreadsheets and hide text).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ._text import free_of_controls, text_cells
from .analysis import INDIVIDUAL_ATTITUDE_COLUMNS, Analysis
from .exceptions import InvalidParameterError
from .resistance.assess import NO_READINESS

__all__ = ["PublicResult", "TextFiles", "publish", "Pseudonymiser", "read_or_create_key", "default_key_path",
           "is_id_column", "is_name_column", "KEY_FILE_NAME", "NO_READINESS", "pseudonym"]

#: Name of the key file created beside the output folder on the first pseudonymised run.
KEY_FILE_NAME = "stakeholder-graph.key"
_KEY_HEADER = "stakeholder-graph pseudonym key (keep secret; delete to make pseudonyms unlinkable)"
#: C0 controls except tab and newline, DEL and C1 controls: they break XLSX and hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r"[^\W_]+")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_BRACKETED_ID = re.compile(r"\((id\s+)?([^()\s]+)\)", re.IGNORECASE)
_AFTER_ID_WORD = re.compile(r"\b(id\s+)([^\s(),;:]+)", re.IGNORECASE)
_NAME_THEN_ID = re.compile(r"(P-[0-9a-f]{10}) \((?:id )?([^()\s]+)\)")
_DOUBLED = re.compile(r"(P-[0-9a-f]{10}) \((?:id )?\1\)")


def is_id_column(column: object) -> bool:
    """Whether a column holds person ids by the shared convention.

    Examples
    --------
    >>> [is_id_column(c) for c in ["id", "manager_id", "assigned_champion", "identity"]]
    [True, True, True, False]
    """
    column = str(column)
    return column == "id" or column.endswith("_id") or column == "assigned_champion"


def is_name_column(column: object) -> bool:
    """Whether a column holds person names by the shared convention (``name``, ``*_name``).

    Examples
    --------
    >>> [is_name_column(c) for c in ["name", "champion_name", "names_count"]]
    [True, True, False]
    """
    column = str(column)
    return column == "name" or column.endswith("_name")


def pseudonym(value: object, key: bytes) -> str:
    """Keyed pseudonym of an id: ``P-`` and 10 hex digits of HMAC-SHA256(key, id).

    Without the key nobody can compute it from the id, so a list of ids does not reveal
    who is who; with the same key the same person always gets the same pseudonym.

    Examples
    --------
    >>> pseudonym("E001", b"0" * 32)
    'P-79b7fd7229'
    >>> pseudonym("E001", b"0" * 32) == pseudonym("E001", b"1" * 32)
    False
    """
    return "P-" + hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()[:10]


def default_key_path(out: str | Path) -> Path:
    """Where the key of an output folder lives: beside it, not in it (so sharing the folder
    does not share the key).

    Examples
    --------
    >>> default_key_path("/data/reports").as_posix()
    '/data/stakeholder-graph.key'
    """
    return Path(os.path.abspath(out)).parent / KEY_FILE_NAME


def read_or_create_key(path: str | Path) -> bytes:
    """The secret key in ``path``, created (32 random bytes, owner-only) if the file is absent.

    Keep the file to give people the same pseudonyms in later runs; delete it to make
    published pseudonyms impossible to link to anyone again.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "k.key")
    >>> first = read_or_create_key(path)
    >>> len(first), read_or_create_key(path) == first
    (32, True)
    """
    path = Path(path)
    if path.is_dir():
        raise InvalidParameterError("salt file", "a file path, not a folder", str(path))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another run created it meanwhile: use theirs
            return read_or_create_key(path)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"# {_KEY_HEADER}\n{key.hex()}\n")
        return key
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidParameterError("salt file", "a readable key file written by stakeholder-graph",
                                    f"{path} ({err.__class__.__name__})") from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    try:
        key = bytes.fromhex(lines[0]) if len(lines) == 1 else b""
    except ValueError:
        key = b""
    if len(key) < 16:
        raise InvalidParameterError(
            "salt file", "a key file written by stakeholder-graph (one line of at least 32 hex digits); "
            "delete it to create a new key, which changes every pseudonym", str(path))
    return key


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


class Pseudonymiser:
    """Replaces the people of one organisation by keyed pseudonyms, in ids and in any text.

    Parameters
    ----------
    people : pandas.DataFrame
        ``id`` and ``name`` (and ``email`` when known) of everyone.
    key : bytes
        The secret key (:func:`read_or_create_key`).

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["E7"], "name": ["Ana Diaz"], "email": ["ana@x.example"]})
    >>> p = Pseudonymiser(people, b"k" * 32)
    >>> p.text("Ask Ana Diaz (E7) or write to ana@x.example; DIAZ, Ana agrees.") == (
    ...     f"Ask {p.id('E7')} or write to {p.id('E7')}; {p.id('E7')} agrees.")
    True
    >>> q = Pseudonymiser(pd.DataFrame({"id": ["7"], "name": ["Bo Li"]}), b"k" * 32)
    >>> q.text("Finance (7); Bo Li (7)") == f"Finance (7); {q.id('7')}"  # a count in brackets is not an id
    True
    """

    def __init__(self, people: pd.DataFrame, key: bytes):
        self.key = key
        ids = people["id"].astype(str).to_numpy()
        self._ids = {i: pseudonym(i, key) for i in ids if i}
        self._names: dict[tuple[str, ...], str] = {}
        self._emails: dict[str, str] = {}
        for column, mapping in (("name", self._names), ("email", self._emails)):
            if column not in people:
                continue
            for i, value in zip(ids, people[column].tolist()):
                if not isinstance(value, str) or not value.strip() or not i:
                    continue
                if column == "email":
                    mapping[value.strip().casefold()] = self._ids[i]
                    continue
                key_tokens = tuple(m.group().casefold() for m in _tokens(value))
                if key_tokens and not all(t.isdigit() for t in key_tokens):
                    mapping[key_tokens] = self._ids[i]
                    if len(key_tokens) >= 2:  # "Diaz, Ana" or "Diaz Ana" as typed in surveys
                        mapping.setdefault(key_tokens[-1:] + key_tokens[:-1], self._ids[i])
        # Ids that cannot be mistaken for a number in a sentence are replaced as bare words too.
        for i, p in self._ids.items():
            key_tokens = tuple(m.group().casefold() for m in _tokens(i))
            if key_tokens and not all(t.isdigit() for t in key_tokens) and len(i) >= 3:
                self._names.setdefault(key_tokens, p)
        self._longest = max((len(k) for k in self._names), default=0)
        self._cache: dict[str, str] = {}

    def id(self, value: object) -> str:
        """Pseudonym of an id (empty stays empty)."""
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        text = str(value)
        if text == "":
            return ""
        return self._ids.get(text) or pseudonym(text, self.key)

    def text(self, value: str) -> str:
        """``value`` with every real name, e-mail and bracketed id replaced by a pseudonym."""
        if not isinstance(value, str) or not value:
            return value
        cached = self._cache.get(value)
        if cached is not None:
            return cached
        out = _EMAIL.sub(lambda m: self._emails.get(m.group().casefold(), "(e-mail withheld)"), value)
        # "(id 17)" and "id 17" are ids; a bare "(17)" is an id only right after that person's name
        # (a count such as "Finance (17)" stays), while "(E0017)" cannot be a count.
        out = _BRACKETED_ID.sub(lambda m: f"({m.group(1) or ''}{self._ids[m.group(2)]})"
                                if m.group(2) in self._ids and (m.group(1) or not m.group(2).isdigit())
                                else m.group(), out)
        out = _AFTER_ID_WORD.sub(lambda m: m.group(1) + self._ids[m.group(2)]
                                 if m.group(2) in self._ids else m.group(), out)
        out = self._replace_names(out)
        out = _NAME_THEN_ID.sub(lambda m: m.group(1) if self._ids.get(m.group(2)) == m.group(1) else m.group(), out)
        out = _DOUBLED.sub(r"\1", out)
        if len(self._cache) < 1_000_000:
            self._cache[value] = out
        return out

    def _replace_names(self, text: str) -> str:
        if not self._names:
            return text
        tokens = _tokens(text)
        words = [m.group().casefold() for m in tokens]
        pieces, last, i = [], 0, 0
        while i < len(tokens):
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                hit = self._names.get(tuple(words[i:i + n]))
                if hit is not None and not (n == 1 and words[i] == hit.casefold()):
                    pieces += [text[last:tokens[i].start()], hit]
                    last = tokens[i + n - 1].end()
                    i += n
                    break
            else:
                i += 1
        pieces.append(text[last:])
        return "".join(pieces)

    def frame(self, table: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``table`` with id columns, name columns and every text cell pseudonymised."""
        table = table.copy()
        ids = {c: table[c] for c in table.columns if is_id_column(c)}
        for column in table.columns:
            values = table[column]
            if is_id_column(column):
                mapped = values.astype(str).map(self._ids)
                unknown = mapped.isna() & values.notna()
                # Values that are no one's id (a department row of the register) keep their text, scrubbed.
                mapped[unknown] = values[unknown].map(lambda v: self.text(v) if isinstance(v, str) else v)
                table[column] = mapped.where(values.notna() & (values.astype(str) != ""), values)
            elif is_name_column(column) or f"{column}_id" in ids:
                # A name column, or a display column beside its id column (messenger / messenger_id).
                sibling = f"{column}_id" if f"{column}_id" in ids else "id" if column == "name" else \
                    column[: -len("name")] + "id"
                out = ids[sibling].astype(str).map(self._ids) if sibling in ids else pd.Series(np.nan, index=values.index)
                rest = out.isna()
                out[rest] = values[rest].map(lambda v: self.text(v) if isinstance(v, str) else v)
                table[column] = out
            elif values.dtype == object or isinstance(values.dtype, pd.StringDtype):
                uniques = pd.unique(values.dropna())
                mapping = {v: self.text(v) for v in uniques if isinstance(v, str)}
                if any(k != v for k, v in mapping.items()):
                    table[column] = values.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
        return table


class TextFiles(Mapping):
    """Text files by name, each made the first time it is read (and kept).

    A writer reads them while second processes draw the figures, so a text that takes a
    moment to make (the iCalendar file) no longer holds up the start of the drawing.

    Examples
    --------
    >>> texts = TextFiles({"a.md": "# A\\n"}, later={"b.ics": lambda: "BEGIN:VCALENDAR"})
    >>> list(texts), texts["b.ics"]
    (['b.ics', 'a.md'], 'BEGIN:VCALENDAR')
    """

    def __init__(self, made: Mapping[str, str] | None = None, *, later: Mapping[str, Callable[[], str]] | None = None):
        self._makers = dict(later or {})
        self._made = dict(made or {})
        self._order = [*self._makers, *(name for name in self._made if name not in self._makers)]

    def __getitem__(self, name: str) -> str:
        if name not in self._made:
            self._made[name] = self._makers[name]()  # KeyError for an unknown name, as a dict
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass
class PublicResult:
    """Everything an analysis may show outside this machine, privacy already applied.

    Attributes
    ----------
    tables : dict of str to DataFrame
        Output tables by file name (``people.csv``, ``champions.csv``, ...), in order.
    texts : mapping of str to str
        Text files by name (``calendar.ics``, ``prompts.md``), a :class:`TextFiles`.
    summary : list of str
        The console summary, one line each.
    notes : list of str
        What could not be computed and why (e.g. ``"no readiness data: resistance risk is
        unknown"``); shown in the console, the report, the workbook and the plan.
    facts : dict
        Plain numbers and labels the report states (headcount, response rate, ...).
    parameters : dict
        The method description (``parameters.json``).
    figures : dict of str to callable
        Zero-argument functions drawing each figure from public inputs only.
    pseudonymised : bool
    min_group_size : int
    """

    tables: dict[str, pd.DataFrame]
    texts: Mapping[str, str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    figures: dict[str, Callable] = field(default_factory=dict)
    pseudonymised: bool = False
    min_group_size: int = 5

    def __repr__(self) -> str:
        return (f"PublicResult({len(self.tables)} tables, {len(self.texts)} texts, "
                f"{'pseudonymised' if self.pseudonymised else 'named'}, min group size {self.min_group_size})")


#: File names of the plan's tables (ImplementationPlan attribute -> file).
PLAN_FILES = {"stakeholders": "stakeholders.csv", "communication": "communication.csv",
              "calendar": "calendar.csv", "resistance": "resistance_plan.csv",
              "operational_integration": "operational_integration.csv", "metrics": "success_metrics.csv"}


def _plan_tables(plan) -> dict[str, pd.DataFrame]:
    if plan is None:
        return {}
    if hasattr(plan, "operations"):  # the plan that analyze owns: its own file names and order
        from .plan.export import plan_tables

        return plan_tables(plan)
    if dataclasses.is_dataclass(plan):
        items = [(f.name, getattr(plan, f.name)) for f in dataclasses.fields(plan)]
    else:
        items = list(vars(plan).items())
    tables = {}
    for name, value in items:
        if isinstance(value, pd.DataFrame):
            tables[PLAN_FILES.get(name, f"{name}.csv")] = value.copy()
    return tables


def _plan_prompts(plan) -> dict[str, str]:
    prompts = getattr(plan, "prompts", None) if plan is not None else None
    return dict(prompts) if isinstance(prompts, dict) else {}


def _clean_controls(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Replace control characters in text cells and headers by a space; one finding per column."""
    findings = []
    for name in list(tables):
        table = tables[name]
        renamed = {c: _CONTROL.sub(" ", c) for c in table.columns if isinstance(c, str) and _CONTROL.search(c)}
        if renamed:
            table = tables[name] = table.set_axis([renamed.get(c, c) for c in table.columns], axis=1)
            findings.append(dict(file=f"{name} (export)", row=None, column="(header)", value=next(iter(renamed.values())),
                                 problem="control characters in a column name", action="replaced by a space"))
        for column in table.columns:
            cells = text_cells(table[column])
            if cells is None:
                continue
            text = cells[1]
            if free_of_controls(text):  # most columns: their bytes alone rule it out
                continue
            bad = text.str.contains(_CONTROL, regex=True)
            if not bad.any():
                continue
            cleaned = text[bad].str.replace(_CONTROL, " ", regex=True)
            table.loc[bad, column] = cleaned
            chars = sorted({f"U+{ord(ch):04X}" for v in text[bad].head(1000) for ch in _CONTROL.findall(v)})
            findings.append(dict(file=f"{name} (export)", row=None, column=str(column), value=cleaned.iloc[0],
                                 problem=f"control characters ({', '.join(chars)}) in {int(bad.sum())} cells",
                                 action="replaced by a space in every export"))
    return findings


def _complementary(table: pd.DataFrame, by: str, counts: list[str], min_group_size: int) -> pd.DataFrame:
    """Suppress further rows so that ``All`` minus the shown rows reveals no group under the minimum."""
    if by not in table or "headcount" not in table or not (table[by] == "All").any():
        return table
    table = table.copy()
    body = table[table[by] != "All"]
    hidden = body[counts[0]].isna()
    if not hidden.any():
        return table
    hidden_people = int(body.loc[hidden, "headcount"].sum())
    order = body.loc[~hidden].sort_values("headcount", kind="stable").index.tolist()
    while 0 < hidden_people < min_group_size and order:
        extra = order.pop(0)
        table.loc[extra, counts] = pd.NA
        hidden_people += int(table.loc[extra, "headcount"])
    if 0 < hidden_people < min_group_size:
        table.loc[table[by] == "All", counts] = pd.NA
    for column in counts:
        if table[column].dtype != object and not pd.api.types.is_integer_dtype(table[column]):
            table[column] = table[column].astype(float)
    return table


def _guard_crosswalk(counts: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Blank cells under the minimum, then more cells until no row or column total minus the
    shown cells reveals fewer than the minimum (totals are published as cluster sizes and
    department headcounts)."""
    shown = counts.where(counts >= min_group_size)
    for _ in range(counts.size + 1):
        changed = False
        for axis in (1, 0):
            hidden = counts.where(shown.isna() & (counts > 0), 0).sum(axis=axis)
            for label in hidden.index[(hidden > 0) & (hidden < min_group_size)]:
                line = shown.loc[label] if axis == 1 else shown[label]
                candidates = line.dropna()
                if len(candidates):
                    smallest = candidates.idxmin()
                    if axis == 1:
                        shown.loc[label, smallest] = np.nan
                    else:
                        shown.loc[smallest, label] = np.nan
                    changed = True
        if not changed:
            break
    return shown


def _crosswalk_and_departments(labels: np.ndarray, departments: pd.Series, clusters: list,
                               min_group_size: int) -> tuple[pd.DataFrame, dict]:
    """People per cluster and department (``pd.crosstab``'s table, counted with bincount:
    crosstab took a quarter of a second at 100,000 people), guarded, and each cluster's
    largest departments in words.

    Examples
    --------
    >>> crosswalk, text = _crosswalk_and_departments(np.array([0] * 8 + [1] * 3), pd.Series(["IT"] * 5 + ["HR"] * 6),
    ...                                              [0, 1], 3)
    >>> crosswalk.values.tolist(), text
    ([[0.0, 3.0, 5.0], [1.0, 3.0, nan]], {0: 'IT (5), HR (3)', 1: 'HR (3)'})
    """
    label_values, label_codes = np.unique(np.asarray(labels), return_inverse=True)
    department_values, department_codes = np.unique(np.asarray(departments).astype(str).astype(object),
                                                    return_inverse=True)
    cells = np.bincount(label_codes.ravel() * len(department_values) + department_codes.ravel(),
                        minlength=len(label_values) * len(department_values))
    counts = pd.DataFrame(cells.reshape(len(label_values), len(department_values)).astype(np.int64),
                          index=pd.Index(label_values, name="community"),
                          columns=pd.Index(department_values.tolist(), name="department", dtype="str"))
    counts = counts.loc[counts.index.isin(clusters)]
    shown = _guard_crosswalk(counts, min_group_size)
    text = {}
    names = counts.columns.to_numpy(dtype=object)
    for cluster, row, visible in zip(counts.index, counts.to_numpy(), shown.to_numpy(dtype=float)):
        present = np.flatnonzero(row > 0)
        order = sorted(present, key=lambda d: (-(visible[d] if not np.isnan(visible[d]) else 0), names[d]))
        text[cluster] = ", ".join(f"{names[d]} ({int(visible[d])})" if not np.isnan(visible[d])
                                  else f"{names[d]} (not shown)" for d in order[:4])
    crosswalk = shown.reset_index()
    crosswalk.columns.name = None
    return crosswalk, text


def _missing_statements(analysis: Analysis) -> list[str]:
    """Say what could not be computed and why (never an implied all-clear)."""
    notes = list(getattr(analysis, "missing", []) or [])
    return notes


def publish(analysis: Analysis, *, plan=None, key: bytes | None = None,
            include_individual_attitudes: bool = False, show: int = 10) -> PublicResult:
    """What may leave the machine: the analysis (and plan) with every privacy rule applied once.

    Parameters
    ----------
    analysis : Analysis
        Result of :func:`~stakeholder_graph.analyze`.
    plan : ImplementationPlan, optional
        Adds its tables (stakeholders, communication, resistance plan, success metrics, ...)
        and ``prompts.md``. Default: ``analysis.plan`` when the analysis has one.
    key : bytes, optional
        Secret key for pseudonyms (:func:`read_or_create_key`). Without it names are shown
        (champion shortlists name people: that is their purpose).
    include_individual_attitudes : bool, default=False
        Keep each person's attitude columns in ``people.csv``.
    show : int, default=10
        Champions and clusters listed in the console summary.

    Returns
    -------
    PublicResult

    Examples
    --------
    >>> from stakeholder_graph import analyze, OrgData
    >>> result = analyze(OrgData.example())
    >>> public = publish(result, key=b"k" * 32)
    >>> public
    PublicResult(10 tables, 0 texts, pseudonymised, min group size 5)
    >>> "Ana Diaz" in public.tables["champions.csv"].to_string()
    False
    >>> bool(public.tables["people.csv"]["id"].str.match(r"P-[0-9a-f]{10}$").all())
    True
    """
    from .export.csv import method_description

    if key is not None and (not isinstance(key, (bytes, bytearray)) or len(key) < 16):
        raise InvalidParameterError("key", "at least 16 secret bytes (read_or_create_key)", key)
    if plan is None:
        plan = getattr(analysis, "plan", None)
    min_group = int(analysis.parameters.get("min_group_size", 5))
    people = analysis.people.copy()
    if not include_individual_attitudes:
        people = people.drop(columns=[c for c in INDIVIDUAL_ATTITUDE_COLUMNS if c in people])
    communities = getattr(analysis, "communities", None)
    labels = None
    if analysis.resistance is not None:
        labels = analysis.resistance.people["community"].to_numpy()
    elif communities is not None:
        labels = communities.labels
        people["community"] = labels
        people["resistance_risk"] = np.where(communities.suppressed[labels], "not shown (small group)", "unknown")

    tables: dict[str, pd.DataFrame] = {"people.csv": people}
    if analysis.champions is not None:
        tables["champions.csv"] = analysis.champions.champions.copy()
        tables["coverage_by_department.csv"] = _complementary(
            analysis.champions.coverage_by_department, "department", ["covered", "coverage"], min_group)
        win = getattr(analysis, "win_over_first", None)
        tables["champion_summary.csv"] = pd.DataFrame(
            [{"measure": k, "value": "" if v is None else str(v)} for k, v in analysis.champions.summary.items()]
            + ([] if win is None else [{"measure": "influential_sceptics", "value": str(len(win))}]))
        if getattr(analysis, "spread", None) is not None:
            tables["spread_comparison.csv"] = analysis.spread.copy()
        if win is not None and include_individual_attitudes:
            # Influential sceptics by name: individual attitudes, so only on request.
            tables["win_over_first.csv"] = win.copy()
    clusters = None
    if analysis.resistance is not None:
        clusters = analysis.resistance.clusters.copy()
    elif communities is not None:
        clusters = communities.clusters.copy()
    if clusters is not None and labels is not None:
        crosswalk, departments = _crosswalk_and_departments(
            labels, analysis.network.people["department"], clusters["cluster"].tolist(), min_group)
        clusters["departments"] = clusters["cluster"].map(departments).fillna(clusters["departments"])
        tables["clusters.csv"] = clusters
        tables["community_departments.csv"] = crosswalk
    tables.update(_plan_tables(plan))
    quality = analysis.quality.to_frame().copy()
    tables["data_quality.csv"] = quality
    tables["network_summary.csv"] = analysis.network_summary.copy()
    tables["response_rate.csv"] = _complementary(analysis.response_rate, "department",
                                                  ["respondents", "response_rate"], min_group)
    prompts = _plan_prompts(plan)
    notes = _missing_statements(analysis)

    findings = _clean_controls(tables)
    prompts = {k: _CONTROL.sub(" ", v) for k, v in prompts.items()}
    if findings:
        quality = pd.concat([tables["data_quality.csv"], pd.DataFrame(findings, columns=quality.columns)],
                            ignore_index=True)
        quality["row"] = pd.array(quality["row"], dtype="Int64")
        tables["data_quality.csv"] = quality
    # The data-quality table goes last among the analysis tables, after the findings above.
    tables["data_quality.csv"] = tables.pop("data_quality.csv")
    tables["network_summary.csv"] = tables.pop("network_summary.csv")
    tables["response_rate.csv"] = tables.pop("response_rate.csv")

    texts: dict[str, str] = {}
    if plan is not None and prompts:
        system = getattr(plan, "system", "the new system")
        lead = "".join(f"> {note}\n\n" for note in notes)
        if hasattr(plan, "prompt_inputs"):
            from .plan.export import prompts_markdown

            title, _, rest = _CONTROL.sub(" ", prompts_markdown(plan)).partition("\n\n")
            texts["prompts.md"] = f"{title}\n\n{lead}{rest}"
        else:
            blocks = "\n\n".join(f"## {name.replace('_', ' ').capitalize()}\n\n{prompt}"
                                   for name, prompt in prompts.items())
            texts["prompts.md"] = f"# Planning prompts for {system}\n\n{lead}{blocks}\n"

    facts = _facts(analysis, plan, min_group)
    if analysis.champions is not None:
        from .analysis import champion_summary_lines

        facts["champion_lines"] = champion_summary_lines(analysis,
                                                         include_individual_attitudes=include_individual_attitudes)
    pseudo = None
    if key is not None:
        pseudo = Pseudonymiser(analysis.network.people, bytes(key))
        for name, table in tables.items():
            if name == "data_quality.csv":
                table = table.copy()
                table["value"] = table["value"].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                                                    or v == "" else pseudo.id(v))
            tables[name] = pseudo.frame(table)
            if name == "operational_integration.csv" and {"owner", "owner_id"} <= set(table.columns):
                # An owner typed in processes.csv who matches no one is still a name: withhold it.
                tables[name]["owner"] = tables[name]["owner_id"]
        texts = {k: pseudo.text(v) for k, v in texts.items()}
        prompts = {k: pseudo.text(v) for k, v in prompts.items()}
    parameters = method_description(analysis)
    if pseudo is not None:
        parameters = json.loads(pseudo.text(json.dumps(parameters, default=str, ensure_ascii=False)))
    public = PublicResult(tables=tables, texts=texts, notes=notes, facts=facts,
                          parameters=parameters, pseudonymised=key is not None,
                          min_group_size=min_group)
    public.facts["prompts"] = prompts
    if plan is not None and hasattr(plan, "calendar") and "calendar.csv" in tables:
        from types import SimpleNamespace

        # Built from the public calendar table, so folded lines never hide a name from the
        # scrubber; made when first read (by a writer, while the figures are drawn).
        public.texts = TextFiles(public.texts, later={"calendar.ics": partial(
            _ics_text, tables["calendar.csv"], plan.system)})
        policy = getattr(plan, "policy", None)
        public.facts["plan_view"] = SimpleNamespace(
            system=plan.system, go_live=plan.go_live, prompts=prompts,
            missing_inputs=list(getattr(plan, "missing_inputs", [])),
            policy=SimpleNamespace(weeks_after=getattr(policy, "weeks_after", None)))
        public.facts["plan_repr"] = repr(plan)
    public.figures = _figures(analysis, public, pseudo)
    public.summary = _summary(public, show)
    if pseudo is not None:
        public.summary = [pseudo.text(line) for line in public.summary]
    return public


def _ics_text(calendar: pd.DataFrame, system: str) -> str:
    from .plan.calendar import calendar_to_ics

    return calendar_to_ics(calendar, system=system).decode("utf-8")


def _facts(analysis: Analysis, plan, min_group: int) -> dict:
    net = analysis.network
    rate = analysis.response_rate.iloc[-1]
    facts = {"source": analysis.org.source.name, "n_people": int(net.n_people),
             "n_nominations": int(len(analysis.org.nominations)),
             "respondents": int(analysis.people["responded"].sum()),
             "response_rate": float(rate["response_rate"]) if pd.notna(rate["response_rate"]) else float("nan"),
             "quality_findings": int(len(analysis.quality)), "relation": analysis.parameters.get("relation"),
             "min_group_size": min_group, "has_champions": analysis.champions is not None,
             "has_resistance": analysis.resistance is not None, "has_plan": plan is not None}
    if analysis.champions is not None:
        chosen = analysis.champions
        facts.update(n_champions=int(len(chosen.champions)), coverage=float(chosen.coverage),
                     steps=chosen.parameters.get("steps"), champion_relation=chosen.parameters.get("relation"),
                     managers=chosen.parameters.get("managers"), unmet_quotas=list(chosen.unmet_quotas))
    if analysis.resistance is not None:
        facts.update(suppressed_clusters=int(analysis.resistance.suppressed_clusters),
                     suppressed_people=int(analysis.resistance.suppressed_people))
    elif getattr(analysis, "communities", None) is not None:
        c = analysis.communities
        facts.update(suppressed_clusters=int(c.suppressed_clusters), suppressed_people=int(c.suppressed_people))
    if plan is not None:
        facts.update(system=getattr(plan, "system", ""), go_live=str(getattr(plan, "go_live", "")))
    return facts


def _public_network(net, pseudo: Pseudonymiser | None):
    """A view of the network whose people table is what may be shown (ties are positional,
    so they stay valid); figures draw from this view only."""
    import copy

    view = copy.copy(net)
    people = net.people.copy()
    _clean_controls({"people": people})
    if pseudo is not None:
        people = pseudo.frame(people)
    view.people = people.reset_index(drop=True)
    view.ids = pd.Index(view.people["id"].astype(str), name="id")
    view._graphs = {}
    return view


def _figures(analysis: Analysis, public: PublicResult, pseudo: Pseudonymiser | None) -> dict[str, Callable]:
    """Figure drawers that see only public inputs (the people table of the network view
    is cleaned and pseudonymised like every other table); partials, so that they can be
    sent to a drawing process."""
    from .network.formal_informal import sought_out_beyond_line
    from .plotting.figures import (FORMAL_INFORMAL_TOP, NODE_LIMIT, network_group_ties, plot_cluster_risk,
                                   plot_coverage_curve, plot_formal_informal, plot_group_network, plot_network)

    figures: dict[str, Callable] = {}
    relation = analysis.parameters.get("relation")
    min_group = public.min_group_size
    tables = public.tables
    if relation:
        net = _public_network(analysis.network, pseudo)
        ring = tables["champions.csv"]["id"].astype(str).tolist() if "champions.csv" in tables else None
        # What each figure draws, not more: a large network as its group graph and the most
        # sought-out people only, so that a drawing process is sent a few kilobytes.
        if net.n_people > NODE_LIMIT:
            figures["network"] = partial(plot_group_network, network_group_ties(
                net, relation, champions=ring, min_group_size=min_group))
        else:
            figures["network"] = partial(plot_network, net, relation, champions=ring, min_group_size=min_group)
        beyond = sought_out_beyond_line(net, relation)
        beyond = beyond.sort_values(["sought_out", "id"], ascending=[False, True]).head(FORMAL_INFORMAL_TOP)
        figures["formal_informal"] = partial(plot_formal_informal, beyond)
    if "champions.csv" in tables:
        champions = tables["champions.csv"]
        figures["coverage"] = partial(plot_coverage_curve, champions)
    if "clusters.csv" in tables and analysis.resistance is not None:
        clusters = tables["clusters.csv"]
        figures["cluster_risk"] = partial(plot_cluster_risk, clusters, min_group_size=min_group)
    if "stakeholders.csv" in tables:
        from .plotting.figures import plot_power_interest

        stakeholders = tables["stakeholders.csv"]
        figures["power_interest"] = partial(plot_power_interest, stakeholders, label="stakeholder")
    return figures


def _summary(public: PublicResult, show: int) -> list[str]:
    """The console summary, from public tables and facts only."""
    f, t = public.facts, public.tables
    rate = f["response_rate"]
    lines = [f"Read {f['source']}: {f['n_people']} people, {f['n_nominations']} nominations; "
             f"response rate {rate:.0%}." if rate == rate else
             f"Read {f['source']}: {f['n_people']} people, {f['n_nominations']} nominations."]
    lines += t["network_summary.csv"][["layer", "ties", "people_sought_out", "isolates"]].to_string(index=False).splitlines()
    lines.append(f"Data-quality findings: {len(t['data_quality.csv'])} (see data_quality.csv).")
    for note in public.notes:
        lines.append(f"Note: {note}.")
    if "champions.csv" in t:
        champions = t["champions.csv"]
        lines += ["", f"Champion shortlist ({len(champions)} {'person' if len(champions) == 1 else 'people'} on "
                      f"'{f['champion_relation']}', together reaching "
                      f"{f['coverage']:.0%} of the organisation within {f['steps']} steps; managers: {f['managers']}):"]
        for row in champions.head(show).itertuples(index=False):
            recruit = getattr(row, "recruit", "")
            flag = f" [{recruit}]" if isinstance(recruit, str) and recruit else ""
            lines.append(f"{row.rank:>3}. {row.name} ({row.id}, {row.department}) - coverage {row.coverage:.0%}.{flag} "
                         f"{row.reasons}")
        if len(champions) > show:
            lines.append(f"     ... {len(champions) - show} more in champions.csv")
        for unmet in f.get("unmet_quotas", []):
            lines.append(f"Quota not met: {unmet}")
        lines += f.get("champion_lines", [])
    if "clusters.csv" in t:
        clusters = t["clusters.csv"]
        if f["has_resistance"]:
            high = clusters[clusters["risk"] == "high"]
            lines += ["", f"Resistance clusters: {len(clusters)} shown ({(clusters['risk'] == 'high').sum()} high, "
                          f"{(clusters['risk'] == 'medium').sum()} medium risk); {f['suppressed_clusters']} communities "
                          f"under {public.min_group_size} people ({f['suppressed_people']} people) not shown. "
                          "Risk describes groups, not people."]
            for row in high.head(show).itertuples(index=False):
                lines.append(f"  cluster {row.cluster}: {row.size} people, {row.departments}; "
                             f"{row.share_resistant:.0%} predicted resistant; messengers: {row.messengers or 'none'}"
                             f"{' (' + row.messenger_gap + ')' if getattr(row, 'messenger_gap', '') else ''}. "
                             f"{row.likely_reasons}")
        else:
            lines += ["", f"Communities: {len(clusters)} shown ({f['suppressed_clusters']} under "
                          f"{public.min_group_size} people, {f['suppressed_people']} people, not shown); "
                          f"{NO_READINESS} (see clusters.csv and community_departments.csv)."]
    if f["has_plan"] and "stakeholders.csv" in t:
        lines += ["", f.get("plan_repr", "Implementation plan")]
        counts = t["stakeholders.csv"]["quadrant"].value_counts()
        lines.append("Stakeholders by quadrant: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        if "communication.csv" in t and "size" in t["communication.csv"]:
            lines.append("Audiences (everyone in exactly one): " + ", ".join(
                f"{r.audience} {r.size}" for r in t["communication.csv"].itertuples(index=False)))
        plan = t.get("resistance_plan.csv")
        if plan is not None:
            if not f["has_resistance"]:
                lines.append(f"  resistance plan: none, because {NO_READINESS}")
            for row in plan.head(show).itertuples(index=False):
                owner = getattr(row, "owner", "") or "to name"
                lines.append(f"  {row.date} {row.point} ({row.risk}): {row.tactic}; owner: {owner}")
        operations = t.get("operational_integration.csv")
        if operations is not None and "double_work_risk" in operations:
            for row in operations[operations["double_work_risk"].astype(bool)].itertuples(index=False):
                lines.append(f"  double work: {row.process} ({row.department}): {row.double_work_reason}")
        missing = f.get("plan_view").missing_inputs if f.get("plan_view") is not None else []
        if missing:
            lines.append("Prompts still need: " + ", ".join(missing) + " (see prompts.md)")
    return lines
