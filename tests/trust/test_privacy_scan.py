"""Promise 1: one public result, one place for privacy.

Every command that writes is run with --pseudonymise, alone and over an earlier named run
in the same folder; every file written, every figure's text and everything printed is
scanned for every real name, e-mail and id.
"""

from __future__ import annotations

import matplotlib.text
import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.publish import _complementary

from trust_helpers import leaks, output_texts

PLAN = ["--system", "Atlas ERP", "--go-live", "2027-03-01", "--replaces", "Excel"]


def _people(folder):
    return pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("command", ["analyze", "plan"])
@pytest.mark.parametrize("earlier_named_run", [False, True])
def test_pseudonymised_run_leaks_no_name_email_or_id(hostile_org, tmp_path, capsys, command, earlier_named_run):
    people = _people(hostile_org)
    out = tmp_path / "out"
    extra = PLAN if command == "plan" else []
    if earlier_named_run:
        # The named run that used to survive: stakeholders.csv, communication.csv, prompts.md ...
        assert main(["plan", str(hostile_org), "--out", str(out), *PLAN]) == 0
        named = capsys.readouterr().out
        assert leaks(named, people)
        assert leaks((out / "communication.csv").read_text(encoding="utf-8"), people)  # the scan sees names
    assert main([command, str(hostile_org), "--out", str(out), "--pseudonymise", *extra]) == 0
    printed = capsys.readouterr()
    assert leaks(printed.out + printed.err, people) == []
    texts = output_texts(out)
    assert {"people.csv", "data_quality.csv", "stakeholder_plan.xlsx", "report.html"} <= set(texts)
    if command == "plan":
        assert {"prompts.md", "stakeholders.csv", "communication.csv", "resistance_plan.csv"} <= set(texts)
    else:  # the earlier named run's plan files are gone, not left beside the pseudonymised ones
        assert not {"prompts.md", "stakeholders.csv", "communication.csv"} & set(texts)
    for name, text in texts.items():
        assert leaks(text, people) == [], name
    champions = pd.read_csv(out / "champions.csv")
    assert champions["name"].str.fullmatch(r"P-[0-9a-f]{10}").all()
    assert champions["name"].tolist() == champions["id"].tolist()


def test_figures_show_no_real_name(hostile_org):
    people = _people(hostile_org)
    result = sg.analyze(hostile_org, system="Atlas", go_live="2027-03-01")
    named = sg.publish(result)
    public = sg.publish(result, key=b"k" * 32)
    assert set(public.figures) >= {"network", "formal_informal", "coverage", "power_interest"}

    def figure_text(result_):
        parts = []
        for draw in result_.figures.values():
            fig = draw()
            parts += [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        return "\n".join(parts)

    assert leaks(figure_text(named), people)  # the named figures do name people: the scan can see them
    assert leaks(figure_text(public), people) == []


def test_every_name_and_email_in_free_text_is_replaced(hostile_org):
    result = sg.analyze(hostile_org, system="Atlas", go_live="2027-03-01")
    public = sg.publish(result, key=b"k" * 32)
    person = _people(hostile_org).loc[7]
    pseudonym = sg.publish.__globals__["pseudonym"](person["id"], b"k" * 32)
    everything = "\n".join([*public.texts.values(), *(t.to_csv() for t in public.tables.values())])
    assert f"ask {pseudonym} for the old macros" in everything  # "Name (e-mail)" became one pseudonym
    assert person["name"] not in everything and person["email"] not in everything
    named = sg.publish(result)
    assert f"ask {person['name']} ({person['email']}) for the old macros" in "\n".join(
        t.to_csv() for t in named.tables.values())


def test_individual_attitudes_only_on_request(hostile_org):
    result = sg.analyze(hostile_org)
    hidden = sg.publish(result).tables["people.csv"]
    shown = sg.publish(result, include_individual_attitudes=True).tables["people.csv"]
    columns = {"attitude", "predicted_attitude", "exposure", "barrier"}
    assert not columns & set(hidden.columns)
    assert columns <= set(shown.columns)
    assert shown["attitude"].notna().sum() > 30


def test_all_row_minus_shown_rows_reveals_no_small_group():
    # One department of 2 people: the All row minus the shown rows used to give its count.
    table = pd.DataFrame({"department": ["A", "B", "Other (groups under 5 people)", "All"],
                          "headcount": [9, 6, 2, 17], "respondents": [7, 5, pd.NA, 13],
                          "response_rate": [7 / 9, 5 / 6, np.nan, 13 / 17]})
    table["respondents"] = table["respondents"].astype("Int64")
    guarded = _complementary(table, "department", ["respondents", "response_rate"], 5)
    shown = guarded[guarded["department"] != "All"]
    total = guarded.loc[guarded["department"] == "All", "respondents"].iloc[0]
    hidden = shown.loc[shown["respondents"].isna(), "headcount"].sum()
    assert hidden >= 5  # B is suppressed too: A + B + Other cannot be split
    assert guarded.loc[guarded["department"] == "B", "respondents"].isna().all()
    assert guarded.loc[guarded["department"] == "A", "respondents"].iloc[0] == 7
    assert total == 13


def test_acme_response_rate_and_coverage_cannot_be_differenced(tmp_path):
    from pathlib import Path

    acme = Path(__file__).resolve().parents[2] / "datasets" / "acme"
    public = sg.publish(sg.analyze(acme))
    for name, count in [("response_rate.csv", "respondents"), ("coverage_by_department.csv", "covered")]:
        table = public.tables[name]
        body = table[table["department"] != "All"]
        total = table.loc[table["department"] == "All", count].iloc[0]
        hidden = body.loc[body[count].isna(), "headcount"].sum()
        # Either nothing is hidden, or what is hidden adds up to at least the minimum group size.
        assert hidden == 0 or hidden >= 5, name
        assert pd.isna(total) or hidden == 0 or body[count].isna().sum() >= 2, name


def test_crosswalk_cell_cannot_be_recovered_from_cluster_size():
    from stakeholder_graph.publish import _guard_crosswalk

    counts = pd.DataFrame({"IT": [12, 0], "HR": [3, 8], "Ops": [0, 9]}, index=[0, 1])
    shown = _guard_crosswalk(counts, 5)
    for cluster in counts.index:  # cluster sizes are published in clusters.csv
        hidden = counts.loc[cluster][shown.loc[cluster].isna() & (counts.loc[cluster] > 0)].sum()
        assert hidden == 0 or hidden >= 5
    for department in counts.columns:
        hidden = counts[department][shown[department].isna() & (counts[department] > 0)].sum()
        assert hidden == 0 or hidden >= 5
    assert shown.loc[1, "Ops"] == 9 or pd.isna(shown.loc[1, "Ops"])


@pytest.fixture(scope="module")
def rollout_org(tmp_path_factory):
    """200 synthetic people with telemetry, features, comments and second survey waves; one
    comment names a colleague with her e-mail (free text the monitor groups into themes)."""
    folder = tmp_path_factory.mktemp("rollout") / "org"
    assert main(["synth", "--people", "200", "--seed", "0", "--go-live", "2027-03-01", "--out", str(folder)]) == 0
    people = _people(folder)
    comments = pd.read_csv(folder / "comments.csv", dtype=str, keep_default_na=False)
    other = people.loc[7]
    text = [c for c in comments.columns if c not in {"person_id", "id", "timestamp", "date", "week"}][-1]
    comments.loc[0, text] += f"; ask {other['name']} ({other['email']}) for the old macros"
    comments.to_csv(folder / "comments.csv", index=False)
    return folder


@pytest.mark.parametrize("earlier_named_run", [False, True])
def test_pseudonymised_monitor_leaks_no_name_email_or_id(rollout_org, tmp_path, capsys, earlier_named_run):
    people = _people(rollout_org)
    out = tmp_path / "out"
    command = ["monitor", str(rollout_org), "--go-live", "2027-03-01", "--out", str(out),
               "--include-individual-usage", "--show", "1000"]
    if earlier_named_run:
        assert main(command) == 0
        named = capsys.readouterr().out
        assert leaks(named, people)  # champion groups are "Name (id)": the scan sees them
        assert leaks((out / "champion_effect.csv").read_text(encoding="utf-8")
                     + (out / "adoption_weekly.csv").read_text(encoding="utf-8"), people)
        assert leaks((out / "exposure.csv").read_text(encoding="utf-8"), people)
    assert main([*command, "--pseudonymise"]) == 0
    printed = capsys.readouterr()
    assert leaks(printed.out + printed.err, people) == []
    texts = output_texts(out)
    assert {"adoption_weekly.csv", "alerts.csv", "champion_effect.csv", "success_metrics_measured.csv",
            "monitor_data_quality.csv", "exposure.csv", "manifest.json"} <= set(texts)
    for name, text in texts.items():
        assert leaks(text, people) == [], name
    weekly = pd.read_csv(out / "adoption_weekly.csv")
    champions = weekly.loc[weekly["group_type"] == "champion", "group"]
    assert len(champions) and champions.str.fullmatch(r"P-[0-9a-f]{10}").all()
    exposure = pd.read_csv(out / "exposure.csv", dtype=str)
    assert exposure["id"].str.fullmatch(r"P-[0-9a-f]{10}").all()
    assert (tmp_path / "stakeholder-graph.key").is_file()  # the key lives beside the folder, not in it


def test_monitor_refuses_to_write_inside_its_input(rollout_org, capsys):
    before = sorted(p.name for p in rollout_org.iterdir())
    assert main(["monitor", str(rollout_org), "--go-live", "2027-03-01", "--out", str(rollout_org / "reports")]) != 0
    assert "inside the input folder" in capsys.readouterr().err
    assert sorted(p.name for p in rollout_org.iterdir()) == before


def test_the_crosswalk_counts_people_per_cluster_and_department_as_crosstab_does():
    from stakeholder_graph.publish import _crosswalk_and_departments

    rng = np.random.default_rng(3)
    for _ in range(30):
        n, k = int(rng.integers(1, 300)), int(rng.integers(1, 25))
        labels = rng.integers(0, k, n)
        departments = pd.Series(rng.choice(["IT", "HR", "Sales", "R&D", "Zoë's", "a b"], n))
        clusters = sorted(rng.choice(k, int(rng.integers(1, k + 1)), replace=False).tolist())
        crosswalk, text = _crosswalk_and_departments(labels, departments, clusters, 1)
        expected = pd.crosstab(pd.Series(labels, name="community"), pd.Series(departments, name="department"))
        expected = expected.loc[expected.index.isin(clusters)]
        got = crosswalk.set_index("community").fillna(0).astype(int)
        assert got.values.tolist() == expected.values.tolist()
        assert list(got.columns) == list(expected.columns) and list(got.index) == list(expected.index)
        for cluster in clusters:
            row = expected.loc[cluster] if cluster in expected.index else None
            if row is not None:  # largest departments first, up to four, with their counts
                top = sorted(row[row > 0].index, key=lambda d: (-row[d], d))[:4]
                assert text[cluster] == ", ".join(f"{d} ({row[d]})" for d in top)
