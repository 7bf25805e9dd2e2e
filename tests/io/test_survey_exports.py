"""Wide survey exports (issue 15): each tool's style reads back as the demo's long tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.io.tables import read_table
from tests.io.wide_exports import read_long, write_export

ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"
STYLES = ["columns", "cell", "qualtrics", "msforms", "surveymonkey"]


def _as_read(name: str) -> pd.DataFrame:
    """The demo's long table as the reader sees it (cells trimmed), without row numbers."""
    return read_table(ACME / name).drop(columns="_row")


def _sorted(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.sort_values(key, kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    people, nominations, attitudes = read_long(ACME)
    out = {}
    for style in STYLES:
        folder = tmp_path_factory.mktemp(style)
        shutil.copy(ACME / "people.csv", folder)
        shutil.copy(ACME / "impact.csv", folder)
        out[style] = folder, write_export(style, people, nominations, attitudes, folder)
    return out


@pytest.mark.parametrize("style", STYLES)
def test_each_export_style_gives_the_demo_long_tables(exports, style):
    folder, mapping = exports[style]
    org = sg.read_org(folder, mapping)
    nominations = org.survey.nominations.drop(columns="_row")
    attitudes = org.survey.attitudes.drop(columns="_row")
    key = ["respondent_id", "relation", "nominee", "weight"]
    pd.testing.assert_frame_equal(_sorted(nominations, key), _sorted(_as_read("nominations.csv"), key))
    pd.testing.assert_frame_equal(_sorted(attitudes, ["respondent_id", "item"]),
                                  _sorted(_as_read("attitudes.csv"), ["respondent_id", "item"]))
    # ... hence the same resolved nominations as reading the long files themselves.
    base = sg.read_org(ACME)
    cols = ["respondent_id", "relation", "nominee_id", "weight"]
    pd.testing.assert_frame_equal(_sorted(org.nominations[cols], cols), _sorted(base.nominations[cols], cols))


def test_qualtrics_and_surveymonkey_header_rows_are_reported(exports):
    for style, text in (("qualtrics", "Qualtrics export: 2 extra header row(s)"),
                        ("surveymonkey", "SurveyMonkey export: 1 extra header row(s)")):
        folder, mapping = exports[style]
        problems = sg.read_org(folder, mapping).quality.to_frame()["problem"]
        assert problems.str.startswith(text).sum() == 1


def test_microsoft_forms_export_gives_the_same_champions_and_clusters(exports):
    folder, mapping = exports["msforms"]
    org = sg.read_org(folder, mapping)
    assert "wave" not in org.survey.nominations  # five days of answers: one round, said so
    assert org.quality.to_frame()["problem"].str.startswith("all submissions fall in one wave (from 2026-11-02").any()
    via_survey, direct = sg.analyze(org), sg.analyze(sg.read_org(ACME))
    assert via_survey.champions.champions["id"].tolist() == direct.champions.champions["id"].tolist()
    a = via_survey.people.set_index("id")["community"]
    b = direct.people.set_index("id")["community"].reindex(a.index)
    table = pd.crosstab(a, b)
    assert ((table > 0).sum(axis=1) == 1).all() and ((table > 0).sum(axis=0) == 1).all()  # same partition
    cols = ["size", "departments", "risk", "share_resistant"]
    pd.testing.assert_frame_equal(via_survey.resistance.clusters[cols], direct.resistance.clusters[cols])


def test_convert_writes_long_tables_that_read_without_a_mapping(exports, tmp_path, capsys):
    folder, mapping = exports["cell"]
    out = tmp_path / "long"
    assert main(["convert", str(folder), "--mapping", str(mapping), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Survey export export_cells.csv: 310 respondents, 1527 names, 2398 answers." in printed
    key = ["respondent_id", "relation", "nominee", "weight"]
    pd.testing.assert_frame_equal(_sorted(read_table(out / "nominations.csv").drop(columns="_row"), key),
                                  _sorted(_as_read("nominations.csv"), key))
    again, base = sg.read_org(out), sg.read_org(ACME)
    assert again.people["manager_id"].tolist() == base.people["manager_id"].tolist()
    assert len(again.nominations) == len(base.nominations)
    assert main(["convert", str(folder), "--mapping", str(mapping), "--out", str(folder / "sub")]) == 2


def test_a_cell_splits_on_semicolons_and_line_breaks_never_on_commas(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": 'Email,Who helps you?\nbo.chen@acme.example,"Diaz, Ana; Cy Ode\nDi Fox"\n'})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   '[survey.relations]\nhelp = "Who helps you?"\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.survey.nominations["nominee"].tolist() == ["Diaz, Ana", "Cy Ode", "Di Fox"]
    assert org.nominations["nominee_id"].tolist() == ["1", "3", "4"]


def test_roster_labels_with_an_email_or_department_in_brackets(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": "Email,Help\n"
                                        "bo.chen@acme.example,Ana Diaz (Executive); Somebody (cy.ode@acme.example)\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   '[survey.relations]\nhelp = "Help"\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.survey.nominations["nominee"].tolist() == ["Ana Diaz", "cy.ode@acme.example"]


def test_blank_answers_are_non_responses_and_labels_map(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": "Email,Help,I want it,I get it\n"
                                        "bo.chen@acme.example,Ana Diaz,Strongly agree,\n"
                                        "cy.ode@acme.example,,,2 - Disagree\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   '[survey.relations]\nhelp = "Help"\n'
                                   '[survey.items]\nadkar_desire = "I want it"\nadkar_knowledge = "I get it"\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.attitudes[["respondent_id", "item", "value"]].values.tolist() == [
        ["2", "adkar_desire", 5.0], ["3", "adkar_knowledge", 2.0]]  # no zeros for blanks
    assert org.people.set_index("id").loc[["2", "3", "4"], "responded"].tolist() == [True, True, False]


def test_double_submission_keeps_the_latest_and_waves_follow_dates(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": "Email,Completion time,Help\n"
                                        "bo.chen@acme.example,2026-03-02 10:00,Ana Diaz\n"
                                        "bo.chen@acme.example,2026-03-03 09:00,Cy Ode\n"
                                        "cy.ode@acme.example,2026-03-04 09:00,Bo Chen\n"
                                        "cy.ode@acme.example,2026-06-01 09:00,Di Fox\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   'submitted = "Completion time"\n[survey.relations]\nhelp = "Help"\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.survey.nominations[["respondent_id", "nominee", "wave"]].values.tolist() == [
        ["2", "Cy Ode", "2026-03-02"], ["3", "Bo Chen", "2026-03-02"], ["3", "Di Fox", "2026-06-01"]]
    quality = org.quality.to_frame()
    dropped = quality[quality["problem"].str.startswith("second submission")]
    assert dropped[["row", "problem"]].values.tolist() == [
        [2, "second submission by the same respondent: row 3 is later"]]


def test_without_a_submission_time_the_last_row_of_a_respondent_wins(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": "Email,Help\nbo.chen@acme.example,Ana Diaz\n"
                                                                 "BO.CHEN@acme.example,Cy Ode\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   '[survey.relations]\nhelp = "Help"\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.survey.nominations["nominee"].tolist() == ["Cy Ode"]
    assert "second submission by the same respondent: row 3 is later" in org.quality.to_frame()["problem"].tolist()


def test_a_missing_mapped_column_lists_the_columns_found(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": "Email,Who helps you?\nbo.chen@acme.example,Ana Diaz\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "E-mail address"\n'
                                   '[survey.relations]\nhelp = ["Who helps you?", "Colleague 2"]\n')
    with pytest.raises(sg.MissingColumnError) as info:
        sg.read_org(folder, folder / "m.toml")
    problems = info.value.problems
    assert problems["column"].tolist() == ["E-mail address", "Colleague 2"]
    assert "columns found: ['Email', 'Who helps you?']" in problems["problem"].iloc[0]


def test_an_unknown_label_lists_the_labels_seen_and_how_to_map_them(make_folder):
    folder = make_folder({"nominations.csv": None, "export.csv": "Email,Ready?\nbo.chen@acme.example,Very much\n"
                                        "cy.ode@acme.example,Not at all\nana.diaz@acme.example,Agree\n"})
    mapping = '[survey]\nfile = "export.csv"\nrespondent = "Email"\n[survey.items]\nreadiness = "Ready?"\n'
    (folder / "m.toml").write_text(mapping)
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder, folder / "m.toml")
    problems = info.value.problems
    assert problems["row"].tolist() == [2, 3]
    assert "'Very much' (1x), 'Not at all' (1x)" in problems["problem"].iloc[0]
    assert '[labels]' in problems["action"].iloc[0] and '"Very much" = <number>' in problems["action"].iloc[0]
    (folder / "m.toml").write_text(mapping + '[labels]\n"Very much" = 5\n"Not at all" = 1\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.attitudes.sort_values("respondent_id")["value"].tolist() == [4.0, 5.0, 1.0]


def test_survey_and_nominations_file_together_is_an_error(make_folder):
    folder = make_folder({"export.csv": "Email,Help\nbo.chen@acme.example,Ana Diaz\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   '[survey.relations]\nhelp = "Help"\n')
    with pytest.raises(sg.UnreadableFileError, match="nominations come both from nominations.csv"):
        sg.read_org(folder, folder / "m.toml")


def test_survey_command_then_filled_export_then_analyze(tmp_path, capsys):
    org_folder = tmp_path / "org"
    org_folder.mkdir()
    for name in ("people.csv", "impact.csv"):
        shutil.copy(ACME / name, org_folder)
    kit = tmp_path / "kit"
    assert main(["survey", str(org_folder), "--out", str(kit), "--system", "Atlas"]) == 0
    assert "Wrote 4 files" in capsys.readouterr().out
    questions = pd.read_csv(kit / "questions.csv")
    roster = pd.read_csv(kit / "roster.csv")
    assert len(roster) == 400 and roster["label"].is_unique  # a picker needs distinct labels
    # Simulate the Microsoft Forms export: pickers filled with roster labels, readiness as labels.
    people, nominations, attitudes = read_long(ACME)
    label_of = dict(zip(people["email"], roster.set_index("email").loc[people["email"], "label"]))
    email_of = dict(zip(people["id"], people["email"]))
    resolved = sg.read_org(ACME).nominations
    rows = []
    for i, (respondent, group) in enumerate(resolved.groupby("respondent_id", sort=True)):
        row = {"ID": i + 1, "Start time": "11/2/26 9:00:00", "Completion time": "11/2/26 9:07:00",
               "Email": email_of[respondent], "Name": ""}
        for relation, short in (("help", "Help"), ("influence", "Opinion")):
            chosen = [label_of[email_of[n]] for n in group.loc[group["relation"] == relation, "nominee_id"]]
            for k, label in enumerate(chosen[:5], start=1):
                row[f"{short}: colleague {k}"] = label
            row[f"{short}: more colleagues"] = "\n".join(chosen[5:])
        answers = attitudes[attitudes["respondent_id"] == respondent]
        for item, value in zip(answers["item"], answers["value"]):
            statement = questions.loc[questions["relation_or_item"] == item, "column"].iloc[0]
            row[statement] = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                              "Strongly agree"][int(value) - 1]
        rows.append(row)
    columns = ["ID", "Start time", "Completion time", "Email", "Name"] + questions["column"].tolist()
    pd.DataFrame(rows).reindex(columns=columns).to_excel(org_folder / "survey export.xlsx", index=False)
    out = tmp_path / "out"
    assert main(["analyze", str(org_folder), "--mapping", str(kit / "mapping.toml"), "--out", str(out)]) == 0
    direct = pd.read_csv(out / "champions.csv", dtype=str)
    assert len(direct) == 12
    base = sg.read_org(ACME).nominations
    again = sg.read_org(org_folder, kit / "mapping.toml").nominations
    cols = ["respondent_id", "relation", "nominee_id", "weight"]
    # Every resolved tie comes back (weights are 1: the questionnaire does not ask how often).
    pd.testing.assert_frame_equal(_sorted(again[cols[:3]].drop_duplicates(), cols[:3]),
                                  _sorted(base[cols[:3]].drop_duplicates(), cols[:3]))


def test_qualtrics_as_a_workbook_reads_like_its_csv(exports, tmp_path):
    folder, mapping = exports["qualtrics"]
    raw = pd.read_csv(folder / "qualtrics.csv", dtype=str, keep_default_na=False)
    target = tmp_path / "q"
    target.mkdir()
    shutil.copy(ACME / "people.csv", target)
    raw.to_excel(target / "qualtrics.xlsx", index=False)
    (target / "m.toml").write_text(mapping.read_text().replace("qualtrics.csv", "qualtrics.xlsx"))
    from_csv = sg.read_org(folder, mapping).survey
    from_xlsx = sg.read_org(target, target / "m.toml").survey
    pd.testing.assert_frame_equal(from_xlsx.nominations.drop(columns="_row"),
                                  from_csv.nominations.drop(columns="_row"))
    pd.testing.assert_frame_equal(from_xlsx.attitudes.drop(columns="_row"), from_csv.attitudes.drop(columns="_row"))


@pytest.mark.parametrize("first, second", [("11/25/2026 14:03:12", "12/30/2026 09:00:00"),   # Google (US)
                                           ("25/11/2026 14:03", "30/12/2026 09:00")])       # day first
def test_google_forms_timestamps_make_waves_in_either_date_order(make_folder, first, second):
    folder = make_folder({"nominations.csv": None,
                          "export.csv": f"Timestamp,Email Address,Help\n{first},bo.chen@acme.example,Ana Diaz\n"
                                        f"{second},bo.chen@acme.example,Cy Ode\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email Address"\n'
                                   'submitted = "Timestamp"\n[survey.relations]\nhelp = "Help"\n')
    org = sg.read_org(folder, folder / "m.toml")
    assert org.survey.nominations[["nominee", "wave"]].values.tolist() == [["Ana Diaz", "2026-11-25"],
                                                                          ["Cy Ode", "2026-12-30"]]


def test_an_unreadable_submission_time_names_the_row(make_folder):
    folder = make_folder({"nominations.csv": None,
                          "export.csv": "Timestamp,Email,Help\nyesterday,bo.chen@acme.example,Ana Diaz\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   'submitted = "Timestamp"\n[survey.relations]\nhelp = "Help"\n')
    with pytest.raises(sg.InvalidValueError) as info:
        sg.read_org(folder, folder / "m.toml")
    assert info.value.problems[["row", "column", "value"]].values.tolist() == [[2, "Timestamp", "yesterday"]]


def test_survey_problems_are_listed_with_the_other_files_problems(make_folder):
    folder = make_folder({"nominations.csv": None, "impact.csv": "department,impact\nIT,9\n",
                          "export.csv": "Email,Help\nbo.chen@acme.example,Ana Diaz\n"})
    (folder / "m.toml").write_text('[survey]\nfile = "export.csv"\nrespondent = "Email"\n'
                                   '[survey.relations]\nhelp = "Colleague"\n')
    with pytest.raises(sg.InputTableError) as info:
        sg.read_org(folder, folder / "m.toml")
    assert sorted(info.value.problems["file"]) == ["export.csv", "impact.csv"]
