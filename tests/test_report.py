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
