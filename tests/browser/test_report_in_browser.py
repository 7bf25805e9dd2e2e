"""report.html as a sponsor sees it: at 1280 px and 800 px, on screen and printed.

Checks what a reader would notice: no sideways scrolling, every figure loaded and
described, every section reachable from the table of contents, the summary on the first
screen, readable values (yes/no, percentages, one date format), a clean printout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stakeholder_graph as sg

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = sg.analyze(ACME, system="Atlas ERP", go_live="2027-03-01", replaces=["Excel month-end workbooks"])
    sg.write_reports(result, out)
    return out / "report.html"


@pytest.mark.parametrize("width", [1280, 800])
def test_report_reads_well_at_width(report, browser, shots, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        shots(page, f"report-{width}px--first-screen", full_page=False)
        shots(page, f"report-{width}px--full")

        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
        hidden = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')]
            .filter(w => w.scrollWidth > w.clientWidth + 1)
            .map(w => w.closest('section').id + ': ' + w.scrollWidth + ' > ' + w.clientWidth)""")
        assert not hidden, f"tables wider than the page at {width} px (columns hidden): {hidden}"

        images = page.evaluate("""() => [...document.images].map(i => ({complete: i.complete, w: i.naturalWidth,
            alt: i.alt, shown: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right}))""")
        assert len(images) == 5  # network, formal vs informal, coverage, cluster risk, power-interest
        for image in images:
            assert image["complete"] and image["w"] > 0, f"a figure did not load: {image['alt']}"
            assert image["alt"].startswith("Chart: ") and len(image["alt"]) > 30
            assert 0 < image["shown"] and image["right"] <= width

        links = page.locator("nav.toc a")
        anchors = [href.lstrip("#") for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")]
        sections = page.evaluate("() => [...document.querySelectorAll('main section, section.glance')].map(s => s.id)")
        assert sorted(anchors) == sorted(sections) and len(anchors) >= 10
        for i, anchor in enumerate(anchors):
            links.nth(i).click()
            page.wait_for_function(f"() => location.hash === '#{anchor}'")
            top = page.evaluate(f"() => document.getElementById('{anchor}').getBoundingClientRect().top")
            at_bottom = page.evaluate("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight")
            assert -2 <= top <= 5 or (at_bottom and 0 <= top < 800), f"#{anchor} not scrolled into view (top {top})"
        page.locator("nav.toc a", has_text="Resistance plan").click()
        shots(page, f"report-{width}px--after-toc-resistance-plan", full_page=False)

        glance = page.locator("#at-a-glance")
        for heading in ("Who to recruit", "Where resistance will come from", "What to do this week"):
            assert glance.get_by_role("heading", name=heading).count() == 1
        if width == 1280:
            page.evaluate("() => scrollTo(0, 0)")
            box = glance.bounding_box()
            assert box["y"] + box["height"] <= 800, "the summary does not fit on the first screen at 1280 x 800"
    finally:
        context.close()


def test_report_values_read_as_words_and_percentages(report, browser):
    page = browser.new_page()
    try:
        page.goto(report.as_uri())
        cells = page.locator("td").all_inner_texts()
        text = page.locator("body").inner_text()
        assert not {"True", "False", "<NA>", "nan", "NaN"} & set(cells)
        assert "yes" in cells or "no" in cells
        champions = page.locator("#champions table").first
        headers = champions.locator("th").all_inner_texts()
        coverage = champions.locator("tbody tr").first.locator("td").nth(headers.index("Coverage")).inner_text()
        assert re.fullmatch(r"\d{1,3}%", coverage)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date is left in the report"
        assert re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b", text)
        # "; "-joined lists (messengers, reasons) are shown one per line
        assert page.locator("#communication td ul.cell-list li").count() > 0
    finally:
        page.close()


def test_report_prints_cleanly(report, browser):
    page = browser.new_page()
    try:
        page.goto(report.as_uri())
        page.emulate_media(media="print")
        assert page.locator("nav.toc").is_hidden()
        assert page.evaluate("() => getComputedStyle(document.querySelector('thead')).display") == "table-header-group"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf = page.pdf(path=str(ARTIFACTS / "report-print.pdf"), format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 5 <= pages <= 40, f"{pages} pages"
    finally:
        page.close()
