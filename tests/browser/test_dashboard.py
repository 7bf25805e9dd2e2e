"""The Voilà dashboard (``make dashboard``): no code shown, and both explorers respond."""

from __future__ import annotations

import pytest

from .lab import Explorer, error_outputs

pytestmark = pytest.mark.browser


def test_dashboard_shows_explorers_without_code(voila_dashboard, page, shots):
    page.goto(voila_dashboard.url)
    page.locator(".sg-dashboard").wait_for(timeout=180_000)
    shots(page, "dashboard-1-loaded")
    text = page.locator("body").inner_text()
    assert "Stakeholder dashboard: acme" in text
    assert "Dashboard.from_folder" not in text and "import os" not in text, "code is shown"
    assert page.locator(".jp-InputArea-editor:visible, .cm-editor:visible, .CodeMirror:visible").count() == 0, \
        "code cells are shown"
    assert not error_outputs(page)

    champions = Explorer(page, "sg-champion-explorer")
    start = champions.settle()
    assert int(champions.slider_value("Champions")) == len(champions.table_rows()) == 12
    champions.press_slider("Champions", "ArrowLeft", times=7)
    champions.wait_for_change(start, "moving the champion budget from 12 to 5 on the dashboard")
    assert champions.column("rank") == ["1", "2", "3", "4", "5"]
    shots(page, "dashboard-2-budget-5")

    page.locator(".lm-TabBar-tab", has_text="Resistance clusters").click()
    clusters = Explorer(page, "sg-cluster-explorer")
    start = clusters.settle()
    assert set(clusters.column("risk")) <= {"medium", "high"}
    picked = clusters.column("cluster")[-1]
    clusters.choose("Cluster", f"#{picked}")
    clusters.wait_for_change(start, f"picking cluster #{picked} on the dashboard")
    assert clusters.column("cluster") == [picked]
    shots(page, f"dashboard-3-cluster-{picked}")
    assert not error_outputs(page)
