"""The implementation plan, checked against what is in the inputs and against hand-computed tables."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import icalendar
import numpy as np
import openpyxl
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.plan import (
    PROMPT_TEMPLATES,
    PlanPolicy,
    assign_audiences,
    build_plan,
    communication_matrix,
    message_calendar,
    operational_register,
    planning_prompts,
)
from stakeholder_graph.stakeholders import stakeholder_register
from stakeholder_graph.synth import PLANTED_DOUBLE_WORK

ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"
GO_LIVE = "2027-03-01"
ADKAR = ["awareness", "desire", "knowledge", "ability", "reinforcement"]


@pytest.fixture(scope="module")
def acme():
    return sg.analyze(ACME, system="Atlas ERP", go_live=GO_LIVE, replaces=["Excel month-end workbooks"])


def own_stance(result) -> pd.Series:
    """Stance from each person's own attitude, written out here from the brief's cut-offs."""
    attitude = result.resistance.people.set_index("id")["attitude"]
    return pd.Series(np.where(attitude >= 0.25, "believer", np.where(attitude <= -0.25, "sceptic",
                              np.where(attitude.isna(), "unknown", "neutral"))), index=attitude.index)


# ----------------------------------------------------------------------------- audiences

def assert_everyone_in_one_audience(result):
    people, matrix = result.people, result.plan.communication
    assert people["audience"].notna().all() and (people["audience"] != "").all()
    assert people["id"].is_unique
    counts = people["audience"].value_counts()
    assert set(counts.index) == set(matrix["audience"]) and matrix["audience"].is_unique
    assert counts.sort_index().tolist() == matrix.set_index("audience")["size"].sort_index().tolist()
    assert matrix["size"].sum() == len(people)


def test_everyone_is_in_exactly_one_audience_on_the_demo(acme):
    assert_everyone_in_one_audience(acme)
    people, matrix = acme.people, acme.plan.communication
    # The groups the old matrix forgot now have rows of their own.
    for department in ["Customer Service", "Sales", "Human Resources"]:
        assert department in set(matrix["audience"])
        members = people[people["audience"] == department]
        assert (members["department"] == department).all() and len(members) >= 5
    champions = people[people["is_champion"]]
    assert (champions["audience"] == "Champions").all()
    assert (people.loc[people["audience"] == "People managers", "is_manager"]).all()
    # Departments and clusters below the minimum size never get a row of their own.
    typed = matrix[matrix["audience_type"].isin(["department", "resistance_cluster"])]
    assert (typed["size"] >= 5).all()


@pytest.mark.parametrize("name", ["krackhardt_hightech_managers", "lazega_lawfirm", "burkhardt_government_agency"])
def test_everyone_is_in_exactly_one_audience_on_real_organisations(shared_datasets, name):
    result = sg.analyze(sg.read_org(shared_datasets / name), system="Atlas", go_live=GO_LIVE)
    assert_everyone_in_one_audience(result)
    assert len(result.people) == len(pd.read_csv(shared_datasets / name / "people.csv"))
    # With no readiness survey nobody is known to believe: no one is named as messenger, and the gap says so.
    matrix = result.plan.communication
    assert (matrix["messenger"] == "").all() and matrix["gaps"].str.contains("recruit a believing messenger").all()
    calendar = result.plan.calendar
    assert set(calendar["audience"]) == set(matrix["audience"])


def test_messengers_believe_and_owners_are_accountable_and_distinct(acme):
    stance = own_stance(acme)
    for table in (acme.plan.communication, acme.plan.resistance):
        named = table[table["messenger_id"] != ""]
        assert len(named) == len(table)  # the demo has believers for every audience
        assert (stance.reindex(named["messenger_id"]) == "believer").all()
        assert (stance.reindex(table["owner_id"]) != "sceptic").all()
        assert (table["owner_id"] != "").all() and (table["owner_id"] != table["messenger_id"]).all()
    managers = set(acme.people.loc[acme.people["n_reports"] > 0, "id"])
    assert set(acme.plan.communication["owner_id"]) <= managers


def small_org(stance, assigned=""):
    """Boss a (sceptic or not) leads b..g in Ops; b is a champion matched to everyone."""
    return pd.DataFrame({
        "id": list("abcdefg"), "name": [f"P{i}" for i in range(7)], "department": ["Exec"] + ["Ops"] * 6,
        "title": "", "manager_id": ["", "a", "b", "b", "b", "b", "b"],
        "is_manager": [True, True] + [False] * 5, "n_reports": [1, 5, 0, 0, 0, 0, 0], "level": [0, 1, 2, 2, 2, 2, 2],
        "influence": [0.2, 0.9, 0.8, 0.1, 0.1, 0.1, 0.1], "stance": stance, "assigned_champion": assigned,
        "is_champion": False, "community": 0, "cluster_risk": "", "group_attitude": np.nan, "impact": 4.0,
        "what_changes": "orders", "losses": "paper", "exposure_to_change": 0.0})


def test_sceptics_are_never_messengers_or_owners():
    policy = PlanPolicy(go_live=GO_LIVE, min_group_size=5)
    people = small_org(["sceptic", "sceptic", "neutral", "believer", "unknown", "unknown", "neutral"],
                       assigned=["", "", "c", "c", "c", "c", "c"])
    audiences = assign_audiences(people, policy)
    assert audiences["audience"].tolist() == ["Executives", "Executives"] + ["Ops"] * 5
    matrix = communication_matrix(people, audiences, policy).set_index("audience")
    # The matched champion c is neutral, so the group's believer d speaks; the line manager b is a sceptic
    # and so is the chief executive a: nobody accountable is left, and the row says so.
    assert matrix.at["Ops", "messenger_id"] == "d"
    assert matrix.at["Ops", "owner_id"] == "" and "name an owner" in matrix.at["Ops", "gaps"]
    people["stance"] = ["believer", "neutral", "neutral", "believer", "unknown", "unknown", "neutral"]
    matrix = communication_matrix(people, audiences, policy).set_index("audience")
    assert matrix.at["Ops", "owner_id"] == "b" and matrix.at["Ops", "owner_role"] == "line manager of most members"
    # a is the only believing executive, so a speaks to executives and the sponsor role passes to b.
    assert matrix.at["Executives", "messenger_id"] == "a" and matrix.at["Executives", "owner_id"] == "b"


# ----------------------------------------------------------------------------- calendar

def test_calendar_imports_back_with_the_plans_dates(acme, tmp_path):
    plan = acme.plan
    ics = sg.plan.calendar_to_ics(plan.calendar, system=plan.system)
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    parsed = sorted((e.decoded("DTSTART").isoformat(), str(e["SUMMARY"])) for e in events)
    expected = sorted(zip(plan.calendar["date"], "Atlas ERP " + plan.calendar["stage"] + ": " + plan.calendar["audience"]))
    assert parsed == expected
    assert len({str(e["UID"]) for e in events}) == len(events)
    go_live = date.fromisoformat(GO_LIVE)
    assert plan.calendar["date"].min() == (go_live - timedelta(weeks=12)).isoformat()  # first announcement
    assert plan.calendar["date"].max() == (go_live + timedelta(weeks=12)).isoformat()
    for row in plan.communication.itertuples(index=False):
        own = plan.calendar[plan.calendar["audience"] == row.audience]
        assert own["date"].min() == row.first_message and GO_LIVE in set(own["date"])


def test_cadence_after_go_live_follows_open_alerts(acme):
    people = sg.plan.plan_people(acme.network, acme.people, clusters=acme.resistance.clusters,
                                 impact=acme.org.impact)
    alerts = pd.DataFrame({"week": ["2027-03-08", "2027-03-15", "2027-03-15"],
                           "group_type": ["department", "department", "community"],
                           "group": ["Sales", "Operations", "2"], "signal": ["old", "adoption below plan", "exposure"]})
    policy = PlanPolicy(go_live=GO_LIVE, system="Atlas ERP")
    plan = build_plan(people, policy, clusters=acme.resistance.clusters, alerts=alerts)
    matrix = plan.communication.set_index("audience")
    assert matrix.at["Operations", "cadence_after_go_live"] == "weekly"
    assert matrix.at["Resistance cluster 2", "cadence_after_go_live"] == "weekly"
    assert "adoption below plan" in matrix.at["Operations", "cadence_reason"]
    assert matrix.at["Sales", "cadence_after_go_live"] == "monthly"  # its alert is from an earlier week: closed
    after = plan.calendar[(plan.calendar["audience"] == "Operations") & (plan.calendar["date"] >= GO_LIVE)]
    gaps = np.diff(pd.to_datetime(after["date"]).to_numpy()).astype("timedelta64[D]").astype(int)
    assert len(after) == 13 and set(gaps) == {7}
    without = build_plan(people, policy, clusters=acme.resistance.clusters).communication.set_index("audience")
    assert without.at["Operations", "cadence_after_go_live"] == "every two weeks"


# ----------------------------------------------------------------------------- operational integration

def test_register_retires_every_obsolete_report_and_flags_the_planted_double_work(acme):
    register = acme.plan.operations
    given = pd.read_csv(ACME / "processes.csv", keep_default_na=False)
    assert register["process"].tolist() == given["process"].tolist()
    reports = register[register["kind"] == "obsolete report"]
    assert set(reports["process"]) == set(given.loc[given["report_or_output"] != "", "process"])
    assert (reports["retire_on"] != "").all()
    proposed = given[(given["report_or_output"] != "") & (given["retire_on"] == "")]["process"]
    assert set(reports.loc[reports["retire_on_source"] == "proposed: go-live", "process"]) == set(proposed)
    assert register.loc[register["double_work_risk"], "process"].tolist() == [PLANTED_DOUBLE_WORK]
    assert register.loc[~register["double_work_risk"] & (register["kind"] == "obsolete report"), "retire_on"].le(GO_LIVE).all()
    heads = acme.people.set_index("id")
    assert (heads.loc[register["owner_id"], "title"].str.startswith("Head of")).all()


def test_register_is_prefilled_from_impact_and_the_network_without_processes(acme, tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(ACME, folder, ignore=shutil.ignore_patterns("processes.csv", "truth"))
    result = sg.analyze(folder, system="Atlas ERP", go_live=GO_LIVE, replaces=["Excel"])
    register = result.plan.operations
    impact = pd.read_csv(ACME / "impact.csv", keep_default_na=False)
    assert register["process"].tolist() == impact["what_changes"].tolist()
    assert (register["changes_to"] == "Atlas ERP").all() and (register["current_tool"] == "Excel").all()
    assert register["to_complete"].str.contains("name the reports").all()
    # The informal go-to person is someone the department's members name for help beyond their own line.
    people = pd.read_csv(ACME / "people.csv", dtype=str, keep_default_na=False).set_index("id")
    help_ = result.org.nominations.query("relation == 'help'")
    for row in register[register["informal_go_to_id"] != ""].itertuples(index=False):
        seekers = help_[(help_["nominee_id"] == row.informal_go_to_id)
                        & help_["respondent_id"].map(people["department"]).eq(row.department)]
        beyond = seekers[(seekers["respondent_id"].map(people["manager_id"]) != row.informal_go_to_id)
                         & (people.loc[row.informal_go_to_id, "manager_id"] != seekers["respondent_id"])]
        assert len(beyond) >= 1


def test_processes_with_a_bad_date_name_file_row_and_value(tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(ACME, folder, ignore=shutil.ignore_patterns("truth"))
    text = (folder / "processes.csv").read_text().replace("2027-05-31", "end of May")
    (folder / "processes.csv").write_text(text)
    with pytest.raises(sg.exceptions.InvalidValueError) as err:
        sg.read_org(folder)
    message = str(err.value)
    assert "processes.csv" in message and "end of May" in message and "retire_on" in message


# ----------------------------------------------------------------------------- prompts

def test_prompts_fill_every_bracket_from_options_or_data(acme):
    people = sg.plan.plan_people(acme.network, acme.people, impact=acme.org.impact)
    policy = PlanPolicy(go_live=GO_LIVE, system="Atlas ERP", replaces=["Excel", "e-mail"], purpose="one ledger",
                        company_type="mid-sized manufacturer")
    prompts, inputs = planning_prompts(policy, people, acme.plan.communication)
    assert not any(re.search(r"\[[^\]]+\]", text) for text in prompts.values())
    assert (inputs["source"] != "missing").all()
    assert "Atlas ERP in Finance, Marketing" in prompts["resistance_points"]
    assert "mid-sized manufacturer" in prompts["adoption_metrics"] and "one ledger" in prompts["communication_matrix"]
    # Key user roles are real job titles of non-managers in high-impact departments.
    roles = inputs.set_index("bracket").at["key user roles", "value"].split(", ")
    high = pd.read_csv(ACME / "impact.csv").query("impact >= 4")["department"]
    staff = acme.people[acme.people["department"].isin(high) & ~acme.people["is_manager"]]
    assert len(roles) == 5 and set(roles) <= set(staff["title"])
    for audience in acme.plan.communication["audience"]:
        assert audience in prompts["communication_matrix"]


def test_missing_options_stay_visible_and_are_listed(acme):
    assert acme.plan.missing_inputs == ["company type", "primary purpose"]
    for name, template in PROMPT_TEMPLATES.items():
        for bracket in ("company type", "primary purpose"):
            assert (f"[{bracket}]" in acme.plan.prompts[name]) == (f"[{bracket}]" in template)


# ----------------------------------------------------------------------------- register

def test_interest_uses_impact_and_own_exposure_and_stance_says_whose():
    people = small_org(["believer", "neutral", "sceptic", "believer", "unknown", "neutral", "neutral"])
    people["impact"] = [2.0, 4.0, 4.0, 4.0, 4.0, 4.0, np.nan]
    people["exposure_to_change"] = [0.0, 1.0, 0.0, 0.5, 0.5, 0.5, 0.5]
    people["influence"] = [0.2, 0.95, 0.95, 0.1, 0.1, 0.1, 0.1]
    people["group_attitude"] = -0.4
    policy = PlanPolicy(go_live=GO_LIVE, min_group_size=5)
    register = stakeholder_register(people, policy).set_index("stakeholder")
    # interest = ((impact - 1) / 4 + exposure) / 2: same impact, different exposure, different interest.
    assert register.at["P1", "interest"] == pytest.approx((0.75 + 1.0) / 2)
    assert register.at["P2", "interest"] == pytest.approx((0.75 + 0.0) / 2)
    assert register.at["P0", "interest"] == pytest.approx((0.25 + 0.0) / 2)
    # Ops group: mean over b..g of interest, the unrated impact counting as the midpoint.
    ops = [(0.75 + 1.0) / 2, 0.75 / 2] + [(0.75 + 0.5) / 2] * 3 + [(0.5 + 0.5) / 2]
    assert register.at["Ops (department)", "interest"] == pytest.approx(np.mean(ops), abs=1e-3)
    assert (register.loc[["P1", "P2"], "stance"] == "likely to resist").all()  # their group's, not their own
    assert register.at["P2", "stance_basis"].startswith("their group")
    own = stakeholder_register(people, PlanPolicy(go_live=GO_LIVE, min_group_size=5, individual_stances=True))
    own = own.set_index("stakeholder")
    assert own.at["P1", "stance"] == "neutral" and own.at["P2", "stance"] == "sceptic"
    assert own.at["P2", "stance_basis"].startswith("their own answers")


def test_resistance_plan_reads_structured_columns_that_match_the_answers(acme):
    answers = pd.read_csv(ACME / "attitudes.csv", dtype={"respondent_id": str})
    communities = acme.resistance.people.set_index("id")["community"]
    wide = answers[answers["item"].str.startswith("adkar_")].pivot(index="respondent_id", columns="item",
                                                                    values="value")
    for row in acme.plan.resistance.itertuples(index=False):
        members = communities[communities == row.cluster].index
        scores = wide.reindex(members).dropna(how="all")[[f"adkar_{e}" for e in ADKAR]]
        first_low = scores.apply(lambda r: next((e for e, v in zip(ADKAR, r) if v <= 3), ""), axis=1)
        counts = first_low[first_low != ""].value_counts()
        assert row.barrier == sorted(counts[counts == counts.max()].index)[0]
        department = pd.read_csv(ACME / "people.csv").set_index("id").loc[members, "department"].mode()[0]
        impact = pd.read_csv(ACME / "impact.csv").set_index("department")
        assert row.losses == impact.at[department, "losses"]
        assert f"ADKAR barrier: {row.barrier}" in row.evidence and row.losses in row.likely_objection


# ----------------------------------------------------------------------------- one command

def readme_outputs() -> set[str]:
    text = (ACME.parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("## What `make demo` writes", 1)[1].split("\n## ", 1)[0]
    names = set()
    for cell in re.findall(r"^\| (`reports/[^|]+)\|", section, flags=re.M):
        names |= {n.removeprefix("reports/") for n in re.findall(r"`([^`]+)`", cell)}
    return names


def test_analyze_writes_every_table_sheet_section_and_the_readme_lists_them(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["analyze", str(ACME), "--out", str(out), "--system", "Atlas ERP", "--go-live", GO_LIVE,
                 "--replaces", "Excel month-end workbooks"]) == 0
    printed = capsys.readouterr().out
    assert "double work: Weekly status e-mail to managers" in printed
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert readme_outputs() == written
    book = openpyxl.load_workbook(out / "stakeholder_plan.xlsx")
    from stakeholder_graph.export.csv import SHEET_NAMES

    csvs = {p.name for p in out.glob("*.csv")}
    assert set(book.sheetnames) == {SHEET_NAMES[c] for c in csvs}
    sheet = book["Operational integration"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=2)]
    assert [r["process"] for r in rows if r["double_work_risk"]] == [PLANTED_DOUBLE_WORK]
    people = pd.read_csv(out / "people.csv")
    communication = pd.read_csv(out / "communication.csv")
    assert people["audience"].value_counts().sort_index().tolist() == \
        communication.set_index("audience")["size"].sort_index().tolist()
    page = (out / "report.html").read_text(encoding="utf-8")
    for audience in communication["audience"]:
        assert f"<td>{audience}</td>" in page
    assert "Weekly status e-mail to managers" in page and "Still to supply: company type, primary purpose" in page
    # `plan` is an alias of analyze: the same files.
    again = tmp_path / "again"
    assert main(["plan", str(ACME), "--out", str(again), "--system", "Atlas ERP", "--go-live", GO_LIVE]) == 0
    assert {str(p.relative_to(again)) for p in again.rglob("*") if p.is_file()} == written
    assert main(["analyze", str(ACME), "--out", str(tmp_path / "x"), "--system", "X", "--go-live", "next week"]) == 2
    assert "'go_live' parameter must be a date as YYYY-MM-DD" in capsys.readouterr().err


def test_pseudonymised_plan_names_nobody(tmp_path):
    out = tmp_path / "reports"
    assert main(["analyze", str(ACME), "--out", str(out), "--system", "Atlas ERP", "--go-live", GO_LIVE,
                 "--pseudonymise", "--salt-file", str(tmp_path / "test.key")]) == 0
    names = pd.read_csv(ACME / "people.csv")["name"]
    pattern = re.compile("|".join(re.escape(n) for n in names))
    for name in ["prompts.md", "calendar.csv", "calendar.ics", "communication.csv", "resistance_plan.csv",
                 "operational_integration.csv", "stakeholders.csv"]:
        text = (out / name).read_text(encoding="utf-8")
        assert not pattern.search(text), (name, pattern.search(text).group(0))
    communication = pd.read_csv(out / "communication.csv")
    assert communication["messenger"].str.fullmatch(r"P-[0-9a-f]{10}").all()


def test_groups_under_the_minimum_size_join_everyone_else(acme):
    result = sg.analyze(ACME, system="Atlas ERP", go_live=GO_LIVE, min_group_size=50)
    assert_everyone_in_one_audience(result)
    people, matrix = result.people, result.plan.communication
    typed = matrix[matrix["audience_type"].isin(["department", "resistance_cluster"])]
    assert (typed["size"] >= 50).all()
    # Whoever is left of a department after the role audiences goes to "Everyone else" when under 50.
    roles = ["Executives", "Champions", "IT support", "People managers"]
    left = people[~people["audience"].isin(roles)].groupby("department").size()
    small = set(left[left < 50].index)
    rest = people[people["audience"] == "Everyone else"]
    assert set(rest["department"]) == small and len(rest) == left[left < 50].sum()
    executives = matrix.set_index("audience").loc["Executives"]
    assert executives["size"] < 50 and executives["risk"] == "medium"  # the role's default, not its members'


def test_plan_options_need_a_go_live_and_alerts_need_their_columns(tmp_path, capsys):
    with pytest.raises(sg.exceptions.InvalidParameterError, match="go_live"):
        sg.analyze(sg.OrgData.example(), system="Atlas")
    alerts = tmp_path / "alerts.csv"
    alerts.write_text("week,group,signal\n2027-03-08,Sales,low adoption\n")
    assert main(["analyze", str(ACME), "--out", str(tmp_path / "out"), "--go-live", GO_LIVE,
                 "--alerts", str(alerts)]) == 2
    assert "missing group_type" in capsys.readouterr().err


def test_departments_split_by_impact_when_their_groups_differ(tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(ACME, folder, ignore=shutil.ignore_patterns("truth"))
    impact = pd.read_csv(folder / "impact.csv", keep_default_na=False)
    impact["title"] = ""
    extra = pd.DataFrame([{"department": "", "title": "Operations Specialist", "impact": 2,
                           "what_changes": "only the order screen", "losses": "", }])
    pd.concat([impact, extra], ignore_index=True).to_csv(folder / "impact.csv", index=False)
    result = sg.analyze(folder, system="Atlas ERP", go_live=GO_LIVE)
    assert_everyone_in_one_audience(result)
    people = result.people
    low = people[people["audience"] == "Operations (impact 2/5)"]
    high = people[people["audience"] == "Operations (impact 4/5)"]
    assert len(low) >= 5 and (low["title"] == "Operations Specialist").all()
    assert len(high) >= 5 and (high["department"] == "Operations").all()
    assert not (high["title"] == "Operations Specialist").any()
    matrix = result.plan.communication.set_index("audience")
    assert "only the order screen" in matrix.at["Operations (impact 2/5)", "what_they_need_to_know"]
    assert matrix.at["Operations (impact 2/5)", "group"] == "Operations"  # monitor alerts on the department reach both


def test_unknown_process_owner_and_department_are_reported(tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(ACME, folder, ignore=shutil.ignore_patterns("truth"))
    processes = pd.read_csv(folder / "processes.csv", keep_default_na=False, dtype=str)
    processes.loc[1, "owner"] = "Somebody Else"
    processes.loc[3, "department"] = "Treasury"
    processes.to_csv(folder / "processes.csv", index=False)
    org = sg.read_org(folder)
    found = org.quality.to_frame().query("file == 'processes.csv'")
    assert sorted(found[["row", "column", "value"]].values.tolist()) == [[3, "owner", "Somebody Else"],
                                                                        [5, "department", "Treasury"]]
    result = sg.analyze(org, system="Atlas ERP", go_live=GO_LIVE)
    register = result.plan.operations
    assert register.at[1, "owner"] == "Somebody Else" and register.at[1, "owner_id"] == ""
    assert "an owner from the people table" in register.at[1, "to_complete"]
