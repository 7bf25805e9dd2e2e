"""Promise 7: communities without a readiness survey; say what is missing instead of an all-clear."""

from __future__ import annotations

import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main

NO_READINESS = "no readiness data: resistance risk is unknown"


def test_sampson_monastery_gets_communities_crosswalk_and_the_statement(shared_datasets, tmp_path, capsys):
    folder = shared_datasets / "sampson_monastery"
    assert not (folder / "attitudes.csv").exists()
    out = tmp_path / "out"
    assert main(["plan", str(folder), "--out", str(out), "--resolution", "1", "--system", "Atlas",
                 "--go-live", "2027-03-01"]) == 0
    printed = capsys.readouterr().out
    assert f"Note: {NO_READINESS}" in printed and "Communities: 4 shown" in printed
    people = pd.read_csv(out / "people.csv")
    clusters = pd.read_csv(out / "clusters.csv")
    crosswalk = pd.read_csv(out / "community_departments.csv")
    assert people["community"].notna().all() and set(people["resistance_risk"]) == {"unknown"}
    assert clusters["size"].sum() == len(people) == 25 and (clusters["size"] >= 5).all()
    assert (clusters["risk"] == "unknown").all() and (clusters["likely_reasons"] == NO_READINESS).all()
    assert crosswalk.drop(columns="community").sum(axis=1).tolist() == clusters["size"].tolist()
    # The communities are Sampson's factions, not noise: the Loyal Opposition and the Young Turks
    # (Sampson 1968) fall mostly in different communities.
    factions = pd.read_csv(folder / "people.csv", dtype={"id": str}).set_index("id")["faction_t4"]
    table = pd.crosstab(people.set_index(people["id"].astype(str))["community"], factions)
    assert table["Young Turks"].idxmax() != table["Loyal Opposition"].idxmax()
    assert NO_READINESS in (out / "report.html").read_text(encoding="utf-8")
    assert NO_READINESS in (out / "prompts.md").read_text(encoding="utf-8")
    notes = pd.read_excel(out / "stakeholder_plan.xlsx", sheet_name="Notes")
    assert notes.iloc[:, 0].str.startswith(NO_READINESS).any()


def test_sampson_at_default_resolution_says_why_no_community_is_shown(shared_datasets, tmp_path, capsys):
    assert main(["analyze", str(shared_datasets / "sampson_monastery"), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "no community is shown: all" in printed and "--resolution 1" in printed


@pytest.fixture(scope="module")
def org_without_attitudes(tmp_path_factory):
    from stakeholder_graph.synth import make_org, write_org

    folder = write_org(make_org(120, seed=5), tmp_path_factory.mktemp("noatt") / "org")
    (folder / "attitudes.csv").unlink()
    return folder


def test_without_attitudes_communities_match_the_full_run(org_without_attitudes):
    # Communities are a network result: the same with or without the readiness survey.
    with_survey_folder = org_without_attitudes.parent / "full"
    from stakeholder_graph.synth import make_org, write_org

    full = sg.analyze(write_org(make_org(120, seed=5), with_survey_folder))
    bare = sg.analyze(org_without_attitudes)
    assert bare.resistance is None and full.resistance is not None
    assert (bare.communities.labels == full.resistance.people["community"].to_numpy()).all()
    assert bare.missing == [f"{NO_READINESS} (no attitudes.csv was given)"]
    assert full.missing == []
    public = sg.publish(bare)
    assert {"clusters.csv", "community_departments.csv"} <= set(public.tables)
    assert (public.tables["clusters.csv"]["risk"] == "unknown").all()
    assert "low" not in set(public.tables["people.csv"]["resistance_risk"])  # never an implied all-clear


def test_plan_without_attitudes_says_so(org_without_attitudes, tmp_path, capsys):
    assert main(["plan", str(org_without_attitudes), "--out", str(tmp_path / "out"), "--system", "Atlas",
                 "--go-live", "2027-03-01"]) == 0
    assert NO_READINESS in capsys.readouterr().out
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="resistance"' in page and "This is not an all-clear" in page
    assert "so there is no resistance plan" in page
    assert (tmp_path / "out" / "prompts.md").read_text(encoding="utf-8").count(NO_READINESS) >= 1


@pytest.mark.parametrize("files, says", [
    ({"nominations.csv": "respondent_id,relation,nominee\n2,help,2\n3,help,3\n"}, "only self-nominations"),
    ({"nominations.csv": "respondent_id,relation,nominee\n"}, "no nominations"),
    ({"attitudes.csv": "respondent_id,item,value\n2,readiness,\n3,readiness,\n"},
     "(every attitude answer in attitudes.csv is blank or unusable)"),
])
def test_what_could_not_be_computed_is_said(make_folder, tmp_path, capsys, files, says):
    org = make_folder(files)
    assert main(["analyze", str(org), "--out", str(tmp_path / "out"), "--min-group-size", "1"]) == 0
    printed = capsys.readouterr().out
    assert says in printed
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert says.replace("(", "").split(")")[0] in page.replace("(", "")
    for section in ("summary", "network", "champions", "resistance", "quality", "method"):
        assert f'id="{section}"' in page  # a section is explained, never left out
