"""Write an organisation's long tables as the wide exports survey tools produce (test helper).

Each style writes the export and the ``[survey]`` mapping a user would write for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.io.questionnaire import READINESS_ITEMS

LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree", 5: "Strongly agree"}
STATEMENTS = {item: text.format(system="Atlas") for item, text in READINESS_ITEMS.items()}


def read_long(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)  # noqa: E731
    return read("people.csv"), read("nominations.csv"), read("attitudes.csv")


def _respondents(nominations: pd.DataFrame, attitudes: pd.DataFrame) -> list[str]:
    return sorted(set(nominations["respondent_id"]) | set(attitudes["respondent_id"]))


def _items_wide(attitudes: pd.DataFrame, respondents: list[str], as_text) -> pd.DataFrame:
    wide = attitudes.pivot(index="respondent_id", columns="item", values="value").reindex(respondents)
    wide = wide.fillna("").astype(str)
    out = pd.DataFrame(index=respondents)
    for item in sorted(attitudes["item"].unique()):
        out[STATEMENTS[item]] = [as_text(v) if v else "" for v in wide[item]]
    return out


def _columns_per_relation(nominations: pd.DataFrame, respondents: list[str]) -> tuple[pd.DataFrame, dict]:
    """One column per nominee position ("Help 1" ...) with a parallel weight column."""
    out = pd.DataFrame(index=respondents)
    relations = {}
    for relation, group in nominations.groupby("relation", sort=True):
        k = group.groupby("respondent_id").cumcount()
        names = group.assign(k=k).pivot(index="respondent_id", columns="k", values="nominee").reindex(respondents)
        weights = group.assign(k=k).pivot(index="respondent_id", columns="k", values="weight").reindex(respondents)
        columns, weight_columns = [], []
        for i in names.columns:
            name, weight = f"{relation.title()} {i + 1}", f"How often do you turn to {relation.title()} {i + 1}?"
            out[name] = names[i].fillna("").to_numpy()
            out[weight] = weights[i].fillna("").to_numpy()
            columns.append(name)
            weight_columns.append(weight)
        relations[relation] = {"columns": columns, "weights": weight_columns}
    return out, relations


def _cells_per_relation(nominations: pd.DataFrame, respondents: list[str], sep: str) -> tuple[pd.DataFrame, dict]:
    """One cell with several names per relation and weight ("often" = weight 2)."""
    out = pd.DataFrame(index=respondents)
    relations = {}
    for (relation, weight), group in nominations.groupby(["relation", "weight"], sort=True):
        column = f"Whom do you go to ({relation}, {'often' if weight == '2' else 'sometimes'})?"
        joined = group.groupby("respondent_id")["nominee"].agg(sep.join).reindex(respondents)
        out[column] = joined.fillna("").to_numpy()
        relations[f"{relation}_{weight}"] = {"relation": relation, "columns": column, "weight": int(weight)}
    return out, relations


def _mapping(file: str, respondent: str, relations: dict, items: dict, submitted: str | None = None) -> str:
    lines = ["[survey]", f"file = {json.dumps(file)}", f"respondent = {json.dumps(respondent)}"]
    if submitted:
        lines.append(f"submitted = {json.dumps(submitted)}")
    for key, spec in relations.items():
        lines.append(f"[survey.relations.{key}]")
        for k, v in spec.items():
            lines.append(f"{k} = {json.dumps(v)}")
    lines.append("[survey.items]")
    lines += [f"{item} = {json.dumps(column)}" for item, column in items.items()]
    return "\n".join(lines) + "\n"


def write_export(style: str, people: pd.DataFrame, nominations: pd.DataFrame, attitudes: pd.DataFrame,
                 folder: Path) -> Path:
    """Write the wide export of ``style`` into ``folder``; return the mapping file's path."""
    respondents = _respondents(nominations, attitudes)
    email = dict(zip(people["id"], people["email"]))
    name = dict(zip(people["id"], people["name"]))
    items = {item: STATEMENTS[item] for item in sorted(attitudes["item"].unique())}
    submitted = None
    if style == "columns":  # several columns per relation, respondent by id, numbers
        wide, relations = _columns_per_relation(nominations, respondents)
        wide = pd.concat([wide, _items_wide(attitudes, respondents, str)], axis=1)
        wide.insert(0, "Employee ID", respondents)
        file, respondent = "export_columns.csv", "Employee ID"
        wide.to_csv(folder / file, index=False)
    elif style == "cell":  # one cell with several names (";" and line breaks), e-mail, "4 - Agree"
        wide, relations = _cells_per_relation(nominations, respondents, sep=";\n")
        wide = pd.concat([wide, _items_wide(attitudes, respondents, lambda v: f"{v} - {LABELS[int(v)]}")], axis=1)
        wide.insert(0, "Email", [email[r] for r in respondents])
        file, respondent = "export_cells.csv", "Email"
        wide.to_csv(folder / file, index=False)
    elif style == "qualtrics":  # three header rows; mapping by question text; CSV
        wide, relations = _cells_per_relation(nominations, respondents, sep="; ")
        wide = pd.concat([wide, _items_wide(attitudes, respondents, lambda v: LABELS[int(v)])], axis=1)
        texts = list(wide.columns)
        qids = [f"QID{i + 1}" for i in range(len(texts))]
        wide.columns = [f"Q{i + 1}" for i in range(len(texts))]
        front = pd.DataFrame({"StartDate": "2026-11-02 09:00:00", "EndDate": "2026-11-02 09:10:00",
                              "ResponseId": [f"R_{i:05d}" for i in range(len(respondents))],
                              "RecipientEmail": [email[r] for r in respondents]}, index=respondents)
        wide = pd.concat([front, wide], axis=1)
        header2 = ["Start Date", "End Date", "Response ID", "Recipient Email"] + texts
        header3 = [json.dumps({"ImportId": c}) for c in ["startDate", "endDate", "_recordId", "recipientEmail"] + qids]
        top = pd.DataFrame([header2, header3], columns=wide.columns)
        file, respondent = "qualtrics.csv", "Recipient Email"
        pd.concat([top, wide], ignore_index=True).to_csv(folder / file, index=False)
        submitted = "EndDate"
    elif style == "msforms":  # XLSX with ID, Start time, Completion time, Email, Name; labels
        wide, relations = _cells_per_relation(nominations, respondents, sep="\n")
        wide = pd.concat([wide, _items_wide(attitudes, respondents, lambda v: LABELS[int(v)])], axis=1)
        rng = np.random.default_rng(0)
        start = pd.Timestamp("2026-11-02 08:00") + pd.to_timedelta(rng.integers(0, 5 * 24 * 60, len(respondents)),
                                                                     unit="min")
        front = pd.DataFrame({"ID": range(1, len(respondents) + 1), "Start time": start,
                              "Completion time": start + pd.Timedelta(minutes=7),
                              "Email": [email[r] for r in respondents], "Name": [name[r] for r in respondents]},
                             index=respondents)
        wide = pd.concat([front, wide], axis=1)
        file, respondent, submitted = "Readiness and help survey.xlsx", "Email", "Completion time"
        wide.to_excel(folder / file, index=False, sheet_name="Sheet1")
    elif style == "surveymonkey":  # two header rows: question, then "Response" / sub-labels
        wide, relations = _cells_per_relation(nominations, respondents, sep="; ")
        wide = pd.concat([wide, _items_wide(attitudes, respondents, lambda v: LABELS[int(v)])], axis=1)
        questions = list(wide.columns)
        front = pd.DataFrame({"Respondent ID": range(10_000, 10_000 + len(respondents)),
                              "Email Address": [email[r] for r in respondents]}, index=respondents)
        wide = pd.concat([front, wide], axis=1)
        sub = ["", ""] + ["Response"] * len(questions)
        top = pd.DataFrame([sub], columns=wide.columns)
        file, respondent = "surveymonkey.csv", "Email Address"
        pd.concat([top, wide.astype(str)], ignore_index=True).to_csv(folder / file, index=False)
    else:
        raise ValueError(style)
    mapping = folder / f"mapping_{style}.toml"
    mapping.write_text(_mapping(file, respondent, relations, items, submitted), encoding="utf-8")
    return mapping
