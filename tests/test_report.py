"""report.html is self-contained and complete; the workbook is formatted; figures are legible."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
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
    result, out = written
    page = (out / "report.html").read_text(encoding="utf-8")
    for section in ["summary", "network", "champions", "resistance", "quality", "method"]:
        assert f'id="{section}"' in page
    sources = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert page.count("<img") == 4  # network, formal vs informal, coverage, cluster risk
    assert "not judgments about people" in page
    assert "predicted_attitude</th>" not in page.replace("mean_predicted_attitude</th>", "")
    # The content is the analysis': every champion by name in rank order, every high-risk cluster's reasons.
    champions = result.champions.champions["name"].tolist()
    positions = [page.index(f"<td>{html.escape(name)}</td>") for name in champions]
    assert positions == sorted(positions)
    for reasons in result.resistance.clusters.query("risk == 'high'")["likely_reasons"]:
        assert html.escape(reasons) in page
    assert f"Together they reach {result.champions.coverage:.0%} of the organisation" in page


def test_workbook_has_one_formatted_sheet_per_table_with_its_rows(written):
    result, out = written
    from stakeholder_graph.export.csv import SHEET_NAMES

    book = openpyxl.load_workbook(out / "stakeholder_plan.xlsx")
    csvs = sorted(out.glob("*.csv"))
    assert sorted(book.sheetnames) == sorted(SHEET_NAMES[p.name] for p in csvs)
    for path in csvs:
        sheet = book[SHEET_NAMES[path.name]]
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert [c.value for c in sheet[1]] == list(table.columns)
        assert sheet.max_row == len(table) + 1
        first = ["" if c.value is None else str(c.value) for c in sheet["A"][1:]]
        assert [v.removesuffix(".0") for v in first] == [v.removesuffix(".0") for v in table.iloc[:, 0]]
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(table.columns))}{max(len(table), 1) + 1}"
    champions = book["Champions"]
    reasons = [c.value for c in champions[1]].index("reasons") + 1
    # XlsxWriter stores the width with its 0.71 character padding, as Excel itself does.
    assert champions.column_dimensions[openpyxl.utils.get_column_letter(reasons)].width == pytest.approx(60, abs=1)


def test_figures_draw_the_analysis_numbers(written):
    result, _ = written
    chosen = result.champions.champions
    line = plotting.plot_coverage_curve(chosen).axes[0].lines[0]
    assert list(line.get_xdata()) == [0] + chosen["rank"].tolist()
    assert np.allclose(line.get_ydata(), np.r_[0, chosen["coverage"]] * 100)
    clusters = result.resistance.clusters
    ax = plotting.plot_cluster_risk(clusters).axes[0]
    points = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    expected = clusters[["mean_predicted_attitude", "share_resistant"]].to_numpy() * [1, 100]
    assert sorted(map(tuple, points.round(6))) == sorted(map(tuple, expected.round(6)))
    table = sg.sought_out_beyond_line(result.network)
    ax = plotting.plot_formal_informal(table).axes[0]
    top = table.sort_values(["sought_out", "id"], ascending=[False, True]).head(len(ax.patches) // 2)
    widths = [p.get_width() for p in ax.patches]
    half = len(widths) // 2
    assert sorted(np.add(widths[:half], widths[half:])) == sorted(top["sought_out"])


def test_large_network_figure_aggregates(tmp_path):
    from stakeholder_graph.synth import make_org, write_org

    net = sg.build_network(sg.read_org(write_org(make_org(2000, seed=1), tmp_path)))
    fig = plotting.plot_network(net)
    ax = fig.axes[0]
    assert "between departments" in ax.get_title()
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == net.people["department"].nunique()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium not installed")
def test_report_opens_in_headless_chromium(written, tmp_path):
    _, out = written
    shot = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,3000",
                    f"--screenshot={shot}", (out / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert shot.stat().st_size > 50_000
