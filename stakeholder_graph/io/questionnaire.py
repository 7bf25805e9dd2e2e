"""The survey to send: questionnaire, roster for a name picker, and the matching mapping.

``stakeholder-graph survey ORG --out DIR`` writes what a survey tool needs so that the
export that comes back reads without editing:

* ``questionnaire.md``: the questions in order, with the wording of
  ``reference/science.md`` section 5 (name generators) and the readiness items;
* ``questions.csv``: one row per field: the column header the export will carry, the
  question, the answer type and choices (to build the form in any tool);
* ``roster.csv``: ``label, name, department, email`` for a name picker or autocomplete
  (rosters beat free recall: Brewer & Webster 1999);
* ``mapping.toml``: the ``[survey]`` section naming those columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..exceptions import InvalidParameterError
from .labels import STANDARD_LABELS

__all__ = ["RELATION_QUESTIONS", "READINESS_ITEMS", "Questionnaire", "build_questionnaire",
           "write_questionnaire"]

#: Name-generator questions (science.md 5.1) keyed by relation.
RELATION_QUESTIONS = {
    "help": ("Help", "Whom do you typically turn to for help or advice on work-related topics?",
             "Cross & Parker (2004)"),
    "influence": ("Opinion", "Whose opinion about work matters influences you?",
                  "Innovisor; ASSIST (Banerjee et al. 2019)"),
    "advice": ("Advice", "Who do you go to for advice on how to do your work well?",
               "Cross, Borgatti & Parker (2001)"),
    "new_system": ("New system", "Who do you expect to go to for help with {system}?",
                   "change-specific name generator (science.md 5.1)"),
}

#: Readiness items (ADKAR, Hiatt 2006; readiness and support; concern is reverse-coded).
READINESS_ITEMS = {
    "adkar_awareness": "I understand why we are changing to {system}.",
    "adkar_desire": "I want to use {system} in my work.",
    "adkar_knowledge": "I know how to do my work with {system}.",
    "adkar_ability": "I am able to do my daily work in {system}.",
    "adkar_reinforcement": "Working the new way in {system} is recognised and will last.",
    "readiness": "Overall, I am ready for the move to {system}.",
    "support": "I support the move to {system}.",
    "concern": "I am worried about how {system} will affect my work.",
}
#: The optional explicit champion item (read by the stance step; 1-5 agreement).
CHAMPION_ITEM = ("champion_willing", "I would help colleagues with {system} as a champion.")

AGREEMENT = [label.capitalize() for label, _ in sorted(
    ((k, v) for k, v in STANDARD_LABELS[5].items()
     if k in ("strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree")),
    key=lambda kv: kv[1])]


@dataclass
class Questionnaire:
    """The questionnaire as tables; :func:`write_questionnaire` writes them."""

    questions: pd.DataFrame
    roster: pd.DataFrame
    mapping: str
    text: str


def _roster(people: pd.DataFrame) -> pd.DataFrame:
    name = people["name"].astype(str)
    department = people["department"].astype(str) if "department" in people else pd.Series("", index=people.index)
    email = people["email"].astype(str) if "email" in people else pd.Series("", index=people.index)
    shared = name.duplicated(keep=False)
    # A shared name shows the e-mail (read back exactly); a unique one its department.
    second = department.where(~shared | (email == ""), email).where(~shared | (email != ""), people["id"])
    label = name + " (" + second + ")"
    label = label.where(second != "", name)
    return (pd.DataFrame({"label": label, "name": name, "department": department, "email": email})
            .sort_values(["name", "department"], kind="stable").reset_index(drop=True))


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_questionnaire(people: pd.DataFrame, *, system: str = "the new system",
                        relations: tuple[str, ...] = ("help", "influence"), pickers: int = 5,
                        champion_item: bool = True, export_file: str = "survey export.xlsx") -> Questionnaire:
    """The questions, roster and ``[survey]`` mapping for an organisation.

    Parameters
    ----------
    people : pandas.DataFrame
        The roster (``id, name`` and ideally ``department, email``).
    system : str, default="the new system"
        Name of the system, used in the wording.
    relations : tuple of str, default=("help", "influence")
        Name generators to ask, from :data:`RELATION_QUESTIONS`.
    pickers : int, default=5
        Name-picker fields per relation; one more free-text field takes any number of
        further names (one per line), so the count is never capped (science.md 5.2).
    champion_item : bool, default=True
        Ask the optional ``champion_willing`` item.
    export_file : str
        File name the mapping expects for the export.

    Returns
    -------
    Questionnaire

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2", "3"], "name": ["Ana Diaz", "Ann Lee", "Ann Lee"],
    ...                        "department": ["IT", "HR", "HR"], "email": ["a@x", "l1@x", "l2@x"]})
    >>> q = build_questionnaire(people, system="Atlas", pickers=2)
    >>> q.roster["label"].tolist()
    ['Ana Diaz (IT)', 'Ann Lee (l1@x)', 'Ann Lee (l2@x)']
    >>> q.questions["column"].tolist()[:4]
    ['Help: colleague 1', 'Help: colleague 2', 'Help: more colleagues', 'Opinion: colleague 1']
    >>> q.questions["column"].tolist()[-1]
    'I would help colleagues with Atlas as a champion.'
    """
    unknown = [r for r in relations if r not in RELATION_QUESTIONS]
    if unknown or not relations:
        raise InvalidParameterError("relations", f"one or more of {sorted(RELATION_QUESTIONS)}", relations)
    if not isinstance(pickers, int) or not 0 <= pickers <= 20:
        raise InvalidParameterError("pickers", "an integer from 0 to 20", pickers)
    rows = []
    mapping_relations = []
    for relation in relations:
        short, question, source = RELATION_QUESTIONS[relation]
        question = question.format(system=system)
        columns = [f"{short}: colleague {i}" for i in range(1, pickers + 1)] + [f"{short}: more colleagues"]
        for column in columns[:-1]:
            rows.append(dict(section="Your network", relation_or_item=relation, column=column, question=question,
                             answer="one name from the roster (picker or autocomplete); may stay blank",
                             choices="roster.csv: label", source=source))
        rows.append(dict(section="Your network", relation_or_item=relation, column=columns[-1], question=question,
                         answer="any further names, one per line (or separated by ;)", choices="",
                         source=source))
        mapping_relations.append(f"{relation} = [" + ", ".join(_toml_string(c) for c in columns) + "]")
    items = {k: v.format(system=system) for k, v in READINESS_ITEMS.items()}
    if champion_item:
        items[CHAMPION_ITEM[0]] = CHAMPION_ITEM[1].format(system=system)
    for item, statement in items.items():
        rows.append(dict(section="Readiness" if item != CHAMPION_ITEM[0] else "Optional", relation_or_item=item,
                         column=statement, question=statement,
                         answer="one of five agreement labels (or 1-5); may stay blank",
                         choices="; ".join(AGREEMENT),
                         source="ADKAR (Hiatt 2006)" if item.startswith("adkar") else
                         ("stance (explicit champion item)" if item == CHAMPION_ITEM[0] else "readiness survey")))
    questions = pd.DataFrame(rows)
    questions.insert(0, "order", range(1, len(questions) + 1))
    mapping = "\n".join([
        "# Column mapping for the survey export (stakeholder-graph survey).",
        "# Put the export in the organisation folder (or give its full path) and run:",
        "#   stakeholder-graph analyze ORG --mapping mapping.toml --out OUT",
        "",
        "[survey]",
        f"file = {_toml_string(export_file)}",
        "# Microsoft Forms: \"Email\" and \"Completion time\"; Google Forms: \"Email Address\" and",
        "# \"Timestamp\"; Qualtrics: \"RecipientEmail\" and \"EndDate\"; SurveyMonkey: \"Email Address\"",
        "# and \"End Date\". If the tool does not record who answered, add a question \"Your work",
        "# e-mail\" and name it here.",
        'respondent = "Email"',
        'submitted = "Completion time"',
        "",
        "[survey.relations]",
        *mapping_relations,
        "",
        "[survey.items]",
        *[f"{item} = {_toml_string(statement)}" for item, statement in items.items()],
        "",
    ])
    lines = [f"# Survey: working with {system}", "",
             "This short survey helps plan the move to " + system + ": who colleagues go to for help, "
             "and how ready people feel. Answers are used for group-level planning (champions, "
             "support, communication), never to evaluate anyone. Taking part is voluntary; any "
             "question may be left blank. Results for groups under five people are never shown.", ""]
    for relation in relations:
        short, question, source = RELATION_QUESTIONS[relation]
        lines += [f"## {short}", "", f"**{question.format(system=system)}**", "", f"*Source: {source}.*", "",
                  f"Pick up to {pickers} colleagues from the list, and add any others in "
                  f"'{short}: more colleagues', one per line. Name as many or as few as is true.", ""]
    lines += ["## How ready do you feel?", "",
              "For each statement: " + ", ".join(AGREEMENT) + " (1-5).", ""]
    lines += [f"{i}. {statement}" + (" *(optional)*" if item == CHAMPION_ITEM[0] else "")
              for i, (item, statement) in enumerate(items.items(), start=1)]
    lines += ["", "---", "",
              "For the survey builder: `questions.csv` gives every field's exact title (the export's "
              "column header), `roster.csv` the choices for the name pickers (the `label` column), "
              "`mapping.toml` the mapping that reads the export as it comes back.", ""]
    return Questionnaire(questions=questions, roster=_roster(people), mapping=mapping, text="\n".join(lines))


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading ``'`` (OWASP convention)."""
    def safe(column: pd.Series) -> pd.Series:
        if column.dtype.kind in "biuf":
            return column
        text = column.astype(str)
        return text.where(~text.str.match(r"^[=+\-@\t\r]"), "'" + text)
    return frame.apply(safe)


def write_questionnaire(questionnaire: Questionnaire, out: str | Path) -> list[Path]:
    """Write ``questionnaire.md``, ``questions.csv``, ``roster.csv`` and ``mapping.toml``.

    The two CSV files are opened in spreadsheets by whoever builds the form, so text that
    would start a formula (``=``, ``+``, ``-``, ``@``) is written with a leading ``'``.

    Examples
    --------
    >>> import tempfile
    >>> people = pd.DataFrame({"id": ["1", "2"], "name": ["Ana Diaz", "=HYPERLINK(1)"]})
    >>> out = tempfile.mkdtemp()
    >>> [p.name for p in write_questionnaire(build_questionnaire(people), out)]
    ['questionnaire.md', 'questions.csv', 'roster.csv', 'mapping.toml']
    >>> pd.read_csv(f"{out}/roster.csv")["name"].tolist()
    ["'=HYPERLINK(1)", 'Ana Diaz']
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "questionnaire.md", out / "questions.csv", out / "roster.csv", out / "mapping.toml"]
    paths[0].write_text(questionnaire.text, encoding="utf-8")
    _spreadsheet_safe(questionnaire.questions).to_csv(paths[1], index=False)
    _spreadsheet_safe(questionnaire.roster).to_csv(paths[2], index=False)
    paths[3].write_text(questionnaire.mapping, encoding="utf-8")
    return paths
