"""Drive JupyterLab and ipywidgets as a person would: menus, sliders, drop-downs."""

from __future__ import annotations

import re
import time

import pytest

RUNNING = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
  .some(p => p.textContent.includes('*'))"""
ALL_DONE = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent) && !p.textContent.includes('*'));
}"""


def _menu(page, menu: str, command: str) -> None:
    _answer_kernel_dialog(page)
    page.locator(".lm-MenuBar-item", has_text=menu).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def _answer_kernel_dialog(page) -> None:
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "Select Kernel" in dialog.first.inner_text():
        dialog.locator("button", has_text="Select").first.click()
        page.wait_for_timeout(500)


def _kernel_ready(page, timeout_s: float = 120) -> None:
    """Wait for an idle kernel; answer a "Select Kernel" dialog as a person would (Select)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        _answer_kernel_dialog(page)
        if page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator"
                        "[data-status='idle']").count():
            return
        page.wait_for_timeout(500)
    pytest.fail(f"the notebook's kernel was not idle within {timeout_s:.0f} s")


def open_notebook(page, lab, name: str) -> None:
    """Open ``name`` alone (a fresh workspace) in JupyterLab and wait until its kernel is idle."""
    workspace = re.sub(r"\W", "-", name)
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?token={lab.token}&reset")
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
    _kernel_ready(page)


def run_all_cells(page, timeout_s: float = 240) -> None:
    """Run > Run All Cells, and wait until every code cell has run.

    Queued cells show ``[*]`` at once, so the run has started when one does and has
    finished when none is left and every code cell has a count.
    """
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-InputPrompt").first.click()
    for attempt in range(3):  # a click on a menu can be lost while the page is still settling
        _menu(page, "Run", "runmenu:run-all")
        try:
            page.wait_for_function(RUNNING, timeout=20_000, polling=100)
            break
        except Exception:
            if attempt == 2:
                pytest.fail("Run > Run All Cells did not start any cell (no [*] prompt within 20 s, three tries)")
    try:
        page.wait_for_function(ALL_DONE, timeout=timeout_s * 1000, polling=500)
        _kernel_ready(page, timeout_s)
    except Exception as error:
        prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_inner_texts()
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        pytest.fail(f"Run All Cells did not finish within {timeout_s:.0f} s: prompts {prompts}, dialogs {dialogs} "
                    f"({type(error).__name__})")


def shut_down_kernels(lab) -> None:
    """Stop every kernel the server runs (each test starts its notebook on a fresh one)."""
    import json
    import urllib.request

    def call(path: str, method: str = "GET"):
        request = urllib.request.Request(f"{lab.url}{path}?token={lab.token}", method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    for session in call("/api/sessions"):
        call(f"/api/sessions/{session['id']}", "DELETE")


def error_outputs(page) -> list[str]:
    """Text of every error or stderr output shown, and of every widget that failed to render."""
    shown = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                         ".jp-OutputArea-output .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [shown.nth(i).inner_text() for i in range(shown.count())]
    broken = page.get_by_text("Error displaying widget")
    texts += [broken.nth(i).inner_text() for i in range(broken.count())]
    return texts


class Explorer:
    """An explorer's controls, table and figure as they appear on the page (by CSS class)."""

    def __init__(self, page, css_class: str):
        self.page = page
        self.root = page.locator(f".{css_class}").first
        self.root.wait_for()

    def _control(self, kind: str, label: str):
        return self.root.locator(f".{kind}", has=self.page.locator(".widget-label", has_text=label)).first

    def choose(self, label: str, option: str) -> None:
        """Pick ``option`` (its visible text) in the drop-down labelled ``label``."""
        self._control("widget-dropdown", label).locator("select").select_option(label=option)

    def press_slider(self, label: str, key: str, times: int = 1) -> None:
        """Focus the slider's handle and press ``key`` (e.g. ArrowRight) ``times``."""
        handle = self._control("widget-slider", label).locator(".noUi-handle").first
        handle.click()
        for _ in range(times):
            handle.press(key)

    def slider_value(self, label: str) -> str:
        return self._control("widget-slider", label).locator(".widget-readout").inner_text()

    def options(self, label: str) -> list[str]:
        return self._control("widget-dropdown", label).locator("option").all_inner_texts()

    @property
    def table_text(self) -> str:
        return self.root.locator(".widget-output table").first.inner_text()

    def table_rows(self) -> list[list[str]]:
        rows = self.root.locator(".widget-output table tbody tr")
        return [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]

    def column(self, name: str) -> list[str]:
        headers = self.root.locator(".widget-output table thead th").all_inner_texts()
        # pandas writes an empty corner header for the index
        position = headers.index(name) - (1 if headers and headers[0] == "" else 0)
        return [row[position] for row in self.table_rows()]

    @property
    def figure_src(self) -> str:
        return self.root.locator(".widget-output img").first.get_attribute("src")

    def state(self) -> tuple[str, str]:
        return self.table_text, self.figure_src

    def wait_for_change(self, before: tuple[str, str], what: str, timeout_s: float = 90) -> tuple[str, str]:
        """Wait until both the table and the figure differ from ``before``; fail naming ``what``."""
        deadline = time.monotonic() + timeout_s
        now = before
        while time.monotonic() < deadline:
            try:
                now = self.state()
            except Exception:  # the output area is being redrawn
                now = before
            if now[0] != before[0] and now[1] != before[1]:
                return self.settle()
            self.page.wait_for_timeout(300)
        changed = [n for n, a, b in zip(("table", "figure"), before, now) if a != b]
        pytest.fail(f"after {what}, the explorer's table and figure should both change within {timeout_s:.0f} s; "
                    f"changed: {changed or 'nothing'}")

    def settle(self, quiet_s: float = 1.5) -> tuple[str, str]:
        """Wait until the shown table and figure stay the same for ``quiet_s`` (updates may queue)."""
        last, since = self.state(), time.monotonic()
        while time.monotonic() - since < quiet_s:
            self.page.wait_for_timeout(300)
            try:
                now = self.state()
            except Exception:
                continue
            if now != last:
                last, since = now, time.monotonic()
        return last
