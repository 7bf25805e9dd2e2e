"""Stakeholder register, communication matrix, resistance plan, metrics and prompts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.plan import build_plan, communication_matrix
from stakeholder_graph.stakeholders import mendelow_quadrant, salience_class

ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"


@pytest.mark.parametrize("power, interest, quadrant", [
    (0.9, 0.9, "manage closely"), (0.9, 0.1, "keep satisfied"), (0.1, 0.9, "keep informed"),
    (0.1, 0.1, "monitor"), (0.5, 0.5, "manage closely"), (0.49, 0.5, "keep informed")])
def test_mendelow_quadrants(power, interest, quadrant):
    assert mendelow_quadrant(power, interest) == quadrant


@pytest.mark.parametrize("attributes, name", [
    ((False, False, False), "non-stakeholder"), ((True, False, False), "dormant"),
    ((False, True, False), "discretionary"), ((False, False, True), "demanding"),
    ((True, True, False), "dominant"), ((True, False, True), "dangerous"),
    ((False, True, True), "dependent"), ((True, True, True), "definitive")])
def test_salience_classes(attributes, name):
    assert salience_class(*attributes) == name


@pytest.fixture(scope="module")
def acme():
    result = sg.analyze(ACME)
    return result, build_plan(result, system="Atlas ERP", go_live="2027-03-01", replaced=["Excel workbooks"])


def test_register_quadrants_follow_power_and_interest(acme):
    _, plan = acme
    register = plan.stakeholders
    for row in register.itertuples(index=False):
        assert row.quadrant == mendelow_quadrant(row.power, row.interest)
        assert row.salience == salience_class(row.power >= 0.5, row.legitimacy, row.urgency)
    people = pd.read_csv(ACME / "people.csv")
    persons = register[register["kind"] == "person"]
    assert set(persons["stakeholder"]) <= set(people["name"]) and len(persons) >= 10
    assert (register[register["kind"] == "group"]["headcount"] >= 5).all()
    assert "Omar Ito" in set(persons["stakeholder"])  # the chief executive is always named
    assert not persons["predicted_stance"].str.contains(r"\d").any()  # no individual scores


def test_every_high_risk_cluster_has_a_row_and_a_messenger(acme):
    result, plan = acme
    high = result.resistance.clusters.query("risk == 'high'")
    assert len(high) >= 1
    for cluster in high["cluster"]:
        comm = plan.communication[plan.communication["audience"].str.startswith(f"Resistance cluster {cluster}:")]
        res = plan.resistance[plan.resistance["point"].str.startswith(f"Cluster {cluster}:")]
        assert len(comm) == 1 and comm["messenger"].iloc[0] and comm["cadence"].iloc[0] == "weekly"
        assert len(res) == 1 and res["owner"].iloc[0]
    table = pd.read_csv(ACME / "people.csv")
    people = set(table["name"]) | set(table["name"] + " (" + table["id"] + ")")  # named with or without id
    messengers = {m for cell in plan.communication["messenger"] for m in cell.split("; ")}
    owners = {m for cell in plan.resistance["owner"] for m in cell.split("; ")}
    assert messengers <= people and owners <= people  # real people from the data


def test_resistance_plan_cites_only_evidence_in_the_inputs(acme):
    result, plan = acme
    impact = pd.read_csv(ACME / "impact.csv", keep_default_na=False)
    answers = pd.read_csv(ACME / "attitudes.csv", dtype={"respondent_id": str})
    communities = result.resistance.people.set_index("id")["community"]
    for row in plan.resistance.itertuples(index=False):
        cluster = int(re.match(r"Cluster (\d+):", row.point).group(1))
        members = communities[communities == cluster].index
        changes = re.search(r"what changes: ([^;]+)", row.evidence).group(1)
        losses = re.search(r"what people may lose: ([^;]+)", row.evidence).group(1)
        assert changes in set(impact["what_changes"]) and losses in set(impact["losses"])
        level = float(re.search(r"change impact ([\d.]+)/5", row.evidence).group(1))
        departments = pd.read_csv(ACME / "people.csv").set_index("id").loc[members, "department"]
        assert level == pytest.approx(departments.map(impact.set_index("department")["impact"]).mean(), abs=0.05)
        barrier = re.search(r"ADKAR barrier: (\w+) for (\d+)% of respondents", row.evidence)
        item = answers[(answers["respondent_id"].isin(members)) & (answers["item"] == f"adkar_{barrier.group(1)}")]
        assert (item["value"] <= 3).any()  # the barrier is in the members' own answers


def test_small_audiences_are_never_shown_alone(acme):
    result, _ = acme
    full = communication_matrix(result, system="Atlas", go_live=date(2027, 3, 1), min_group_size=5)
    matrix = communication_matrix(result, system="Atlas", go_live=date(2027, 3, 1), min_group_size=50)
    assert (full["size"] >= 5).all()
    assert (matrix["size"] >= 50).all()
    small = full[full["size"] < 50]
    merged = matrix[matrix["audience"] == "Other small audiences (merged)"]
    assert merged["size"].tolist() == [small["size"].sum()]


def test_prompts_are_filled(acme):
    _, plan = acme
    assert set(plan.prompts) == {"resistance_points", "communication_matrix", "adoption_metrics"}
    for text in plan.prompts.values():
        assert "Atlas ERP" in text and "2027-03-01" in text and "Excel workbooks" in text
        assert not re.search(r"\{[^}]*\}|<[A-Z_ ]+>|\[[A-Z_ ]+\]|TODO|TBD|XXX", text)
    assert "Finance" in plan.prompts["resistance_points"] and "Anna Silva" in plan.prompts["communication_matrix"]


def test_success_metrics_go_beyond_logins(acme):
    _, plan = acme
    metrics = plan.metrics
    assert len(metrics) >= 5 and not metrics["metric"].str.contains("login", case=False).any()
    assert metrics.notna().all().all() and (metrics != "").all().all()


def test_plan_command_writes_sheets_sections_and_prompts(tmp_path, capsys):
    assert main(["plan", str(ACME), "--out", str(tmp_path), "--system", "Atlas ERP", "--go-live", "2027-03-01",
                 "--replaces", "Excel workbooks"]) == 0
    assert "ImplementationPlan('Atlas ERP'" in capsys.readouterr().out
    book = openpyxl.load_workbook(tmp_path / "stakeholder_plan.xlsx")
    assert {"Stakeholders", "Communication", "Resistance plan", "Success metrics"} <= set(book.sheetnames)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for section in ["stakeholders", "communication", "resistance-plan", "success-metrics", "prompts"]:
        assert f'id="{section}"' in page
    assert "Atlas ERP" in (tmp_path / "prompts.md").read_text(encoding="utf-8")
    assert main(["plan", str(ACME), "--out", str(tmp_path), "--system", "X", "--go-live", "next week"]) == 2
    assert "'go_live' parameter must be a date as YYYY-MM-DD" in capsys.readouterr().err
