"""Browser harness: Playwright for Python driving the system Chromium, and local servers.

Fixtures start what a person would use (JupyterLab with a token, a Voilà dashboard, a
report file) on a free localhost port and hand a Playwright ``page`` to the tests.
Screenshots of every state go to ``tests/browser/artifacts/`` (git-ignored; CI keeps it).

Without a browser the tests skip with the reason, except when
``STAKEHOLDER_GRAPH_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("STAKEHOLDER_GRAPH_ARTIFACTS", REPO / "tests" / "browser" / "artifacts"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    """The Chromium to drive: $STAKEHOLDER_GRAPH_CHROMIUM, else the first one on PATH."""
    explicit = os.environ.get("STAKEHOLDER_GRAPH_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def _no_browser(reason: str):
    if os.environ.get("STAKEHOLDER_GRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and STAKEHOLDER_GRAPH_REQUIRE_BROWSER=1 (CI must run the browser tests)")
    pytest.skip(f"browser tests need {reason.split(' is ')[0]}: {reason}")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright (skips with the reason when there is none)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright is not installed (pip install -e '.[dev]')")
    executable = find_chromium()
    if executable is None:
        _no_browser("Chromium is not installed (Debian: apt-get install chromium; or set STAKEHOLDER_GRAPH_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab, 1280 x 2400 px, closed after the test.

    Tall because JupyterLab scrolls inside its own panel: a screenshot of an explorer
    shows only what fits on the screen.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def shots():
    """``shots(page_or_element, name)`` writes ``artifacts/<name>.png`` and returns the path.

    A page is captured whole (``full_page``), an element (a Playwright locator) alone.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shoot(target, name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        if hasattr(target, "goto"):
            target.screenshot(path=str(path), full_page=full_page)
        else:
            target.scroll_into_view_if_needed()
            target.screenshot(path=str(path))
        return path

    return shoot


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Poll ``url`` until it answers; fail with the server's log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def workspace(tmp: Path) -> Path:
    """A copy of notebooks/ beside a link to datasets/, as in the repository.

    The servers run on the copy so that autosave never rewrites the stored notebooks.
    """
    (tmp / "notebooks").mkdir()
    for nb in (REPO / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, tmp / "notebooks" / nb.name)
    (tmp / "datasets").symlink_to(REPO / "datasets")
    return tmp / "notebooks"


def server_env(tmp: Path) -> dict[str, str]:
    """Keep every Jupyter setting and runtime file in ``tmp``; no news, no update checks."""
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTER_PLATFORM_DIRS="1", OMP_WAIT_POLICY="passive",
               MPLBACKEND="module://matplotlib_inline.backend_inline",
               # the real-data notebooks find ../shared from the copy too
               STAKEHOLDER_GRAPH_SHARED=os.environ.get("STAKEHOLDER_GRAPH_SHARED", str(REPO.parent / "shared")))
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    # every cell stays in the page (no virtual scrolling), so the harness sees every output
    notebook = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True)
    (notebook / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    return env


class Server:
    def __init__(self, url: str, root: Path, process: subprocess.Popen, log: Path):
        self.url, self.root, self.process, self.log = url, root, process, log


def start_server(args: list[str], tmp: Path, probe: str, name: str) -> Server:
    root = workspace(tmp)
    log = tmp / f"{name}.log"
    handle = log.open("w")
    process = subprocess.Popen([sys.executable, "-m", *args], cwd=root, env=server_env(tmp),
                               stdout=handle, stderr=subprocess.STDOUT)
    handle.close()
    try:
        wait_for_http(probe, process, log)
    except BaseException:
        process.terminate()
        process.wait(30)
        raise
    return Server(probe, root, process, log)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(10)


@pytest.fixture(scope="session")
def jupyter_lab(browser, tmp_path_factory):
    """JupyterLab on a free localhost port with a random token, serving a copy of notebooks/."""
    import secrets

    port, token = free_port(), secrets.token_hex(16)
    tmp = tmp_path_factory.mktemp("lab")
    server = start_server(["jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                           f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
                           "--LabApp.news_url=", "--LabApp.extension_manager=readonly", "--allow-root"],
                          tmp, f"http://127.0.0.1:{port}/api/status?token={token}", "jupyterlab")
    server.url = f"http://127.0.0.1:{port}"
    server.token = token
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def voila_dashboard(browser, tmp_path_factory):
    """The Voilà dashboard (``make dashboard``) on a free localhost port."""
    port = free_port()
    tmp = tmp_path_factory.mktemp("voila")
    server = start_server(["voila", "dashboard.ipynb", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
                          tmp, f"http://127.0.0.1:{port}/voila/static/voila.js", "voila")
    server.url = f"http://127.0.0.1:{port}/"
    yield server
    stop_server(server)
