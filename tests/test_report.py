"""report.html is self-contained and complete; the workbook is formatted; figures are legible."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import stakeholder_graph as sg
from stakeholder_graph import plotting

ACME = Path(__file__).resolve().parents[1] / "datasets" / "acme"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = sg.analyze(ACME)
    sg.write_reports(result, out)
    return result, out


def test_report_has_every_section_and_needs_no_network(written):
    _, out = written
    page = (out / "report.html").read_text(encoding="utf-8")
    for section in ["summary", "network", "champions", "resistance", "quality", "method"]:
        assert f'id="{section}"' in page
    sources = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert page.count("<img") == 4  # network, formal vs informal, coverage, cluster risk
    assert "not judgments about people" in page
    assert ">Predicted attitude</th>" not in page and ">Attitude</th>" not in page  # group means only
    assert ">Mean predicted attitude</th>" in page


def test_workbook_sheets_are_formatted(written):
    _, out = written
    book = openpyxl.load_workbook(out / "stakeholder_plan.xlsx")
    assert book.sheetnames == ["People", "Champions", "Coverage", "Clusters", "Communities x departments",
                               "Data quality", "Network", "Response rate"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold
    champions = book["Champions"]
    assert [c.value for c in champions[1]][:3] == ["rank", "id", "name"]
    assert champions.max_row == 13  # header + 12 champions
    reasons = [c.value for c in champions[1]].index("reasons") + 1
    assert champions.column_dimensions[openpyxl.utils.get_column_letter(reasons)].width == 60


def test_figures_are_labelled(written):
    result, _ = written
    figures = [plotting.plot_network(result.network, champions=result.champions.champions["id"].tolist()),
               plotting.plot_coverage_curve(result.champions.champions),
               plotting.plot_cluster_risk(result.resistance.clusters),
               plotting.plot_formal_informal(sg.sought_out_beyond_line(result.network))]
    for fig in figures:
        ax = fig.axes[0]
        assert ax.get_title()
    for fig in figures[1:]:
        ax = fig.axes[0]
        assert ax.get_xlabel() and (ax.get_ylabel() or ax.get_yticklabels())


def test_large_network_figure_aggregates(tmp_path):
    from stakeholder_graph.synth import make_org, write_org

    net = sg.build_network(sg.read_org(write_org(make_org(2000, seed=1), tmp_path)))
    fig = plotting.plot_network(net)
    ax = fig.axes[0]
    assert "between departments" in ax.get_title()
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == net.people["department"].nunique()


def test_report_values_are_readable_and_escaped():
    from datetime import date

    import pandas as pd

    from stakeholder_graph.export.report import render_report

    frame = pd.DataFrame({"name": ["<script>alert(1)</script>"], "is_manager": [False], "coverage": [0.278],
                          "when": ["from 2027-01-18 (6 weeks before go-live)"], "missing": [pd.NA]})
    page = render_report([("s", "S & P", [frame, "a <b>", ("note", "n")])], title="<T>", generated=date(2027, 1, 4))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<td>no</td>" in page and '<td class="num">28%</td>' in page
    assert "from 18 Jan 2027 (6 weeks before go-live)" in page and "2027-01-18" not in page
    assert "<td>–</td>" in page and "&lt;NA&gt;" not in page
    assert "<title>&lt;T&gt;</title>" in page and "S &amp; P" in page


def test_sponsor_summary_names_the_first_champions_and_the_worst_cluster(written):
    from stakeholder_graph.export import export_tables
    from stakeholder_graph.export.summary import sponsor_summary

    result, out = written
    tables = export_tables(result)
    summary = dict(sponsor_summary(tables)["columns"])
    champions = tables["champions.csv"].sort_values("rank")
    assert summary["Who to recruit"][0].startswith(f"{champions['name'].iloc[0]} ({champions['department'].iloc[0]})")
    clusters = tables["clusters.csv"]
    worst = clusters[clusters["risk"] == "high"].sort_values(["share_resistant", "size"], ascending=False).iloc[0]
    assert summary["Where resistance will come from"][0].startswith(f"Cluster #{worst['cluster']},")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index('id="at-a-glance"') < page.index('id="summary"')
