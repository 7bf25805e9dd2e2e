"""Every notebook runs in JupyterLab without an error shown, and its explorers respond to a person.

Each test opens the notebook in a real browser against a live kernel, runs all cells from
the Run menu, checks that no cell shows an error, then moves the explorer's controls and
checks that the visible table and figure change as they should. Screenshots of each state
are written to tests/browser/artifacts/.
"""

from __future__ import annotations

import pytest

from .conftest import REPO
from .lab import Explorer, error_outputs, open_notebook, run_all_cells, shut_down_kernels

pytestmark = pytest.mark.browser

# dashboard.ipynb is served by Voilà and tested there (test_dashboard.py); 04 (20,000 people, no
# explorer) takes two minutes in the browser for nothing nbval does not check, and make test has 15
NOTEBOOKS = [pytest.param(name, marks=pytest.mark.skip(reason="20,000-person notebook without explorers: run by "
                                                              "nbval; in the browser it would cost 2 minutes of "
                                                              "the 15 make test may take"))
             if name.startswith("04_") else name
             for name in sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb") if p.name != "dashboard.ipynb")]
NEEDS_SHARED = ("07_", "08_")


def explore_champions(page, shots, name):
    explorer = Explorer(page, "sg-champion-explorer")
    start = explorer.settle()
    assert len(explorer.table_rows()) == 12 == int(explorer.slider_value("Champions"))
    shots(explorer.root, f"{name}--champions-1-initial")

    explorer.press_slider("Champions", "ArrowRight", times=3)
    explorer.wait_for_change(start, "moving the champion budget from 12 to 15")
    assert explorer.slider_value("Champions") == "15"
    assert explorer.column("rank") == [str(k) for k in range(1, 16)]
    shots(explorer.root, f"{name}--champions-2-budget-15")

    before = explorer.state()
    help_names = explorer.column("name")
    explorer.choose("Relation", "influence")
    explorer.wait_for_change(before, "switching the relation from help to influence")
    assert all("for their opinion" in reason for reason in explorer.column("reasons"))
    assert explorer.column("name") != help_names
    shots(explorer.root, f"{name}--champions-3-relation-influence")

    stance = explorer.root.locator(".widget-dropdown", has=page.locator(".widget-label", has_text="Stance"))
    if stance.count():  # issue 10 (stance policy) has landed: exercise it as well
        before = explorer.state()
        options = explorer.options("Stance")
        explorer.choose("Stance", options[-1])
        explorer.wait_for_change(before, f"switching the stance policy to {options[-1]!r}")
        shots(explorer.root, f"{name}--champions-4-stance-policy")


def explore_clusters(page, shots, name):
    explorer = Explorer(page, "sg-cluster-explorer")
    start = explorer.settle()
    assert set(explorer.column("risk")) <= {"medium", "high"} and explorer.column("risk")
    shots(explorer.root, f"{name}--clusters-1-initial")

    first = explorer.column("cluster")[0]
    explorer.choose("Cluster", f"#{first}")
    explorer.wait_for_change(start, f"picking resistance cluster #{first}")
    assert explorer.column("cluster") == [first]
    shots(explorer.root, f"{name}--clusters-2-picked-{first}")

    before = explorer.state()
    explorer.choose("Cluster", "all")
    explorer.press_slider("Resolution", "ArrowLeft", times=6)  # 2^3 -> 2^0: department-sized communities
    explorer.wait_for_change(before, "lowering the community resolution")
    assert float(explorer.slider_value("Resolution")) == pytest.approx(1.0)
    sizes = [int(s) for s in explorer.column("size")]
    assert max(sizes) > 17  # communities larger than any at the default resolution
    shots(explorer.root, f"{name}--clusters-3-resolution-1")


EXPLORE = {"02_champions.ipynb": [explore_champions], "03_resistance.ipynb": [explore_clusters]}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_explorers_respond(name, jupyter_lab, page, shots, request):
    if name.startswith(NEEDS_SHARED):
        request.getfixturevalue("shared_datasets")  # skips, or fails under STAKEHOLDER_GRAPH_REQUIRE_SHARED=1
    stem = "lab-" + name.removesuffix(".ipynb")
    try:
        open_notebook(page, jupyter_lab, name)
        run_all_cells(page, timeout_s=420 if name.startswith("04_") else 240)
        errors = error_outputs(page)
        shots(page, f"{stem}--ran", full_page=False)
        assert not errors, f"{name} shows errors in JupyterLab:\n" + "\n---\n".join(errors)
        for explore in EXPLORE.get(name, []):
            explore(page, shots, stem)
    finally:
        shut_down_kernels(jupyter_lab)


@pytest.mark.skip(reason="issue 11 (rollout monitor, helper `monitor`) has not landed on main: "
                         "enable when stakeholder_graph.widgets has the rollout monitor")
def test_rollout_monitor_group_type(jupyter_lab, page, shots):
    """Changing the group type regroups the monitor's table and redraws its chart."""
    name = "06_rollout_monitor.ipynb"
    open_notebook(page, jupyter_lab, name)
    run_all_cells(page)  # noqa: the kernel is shut down with the server
    assert not error_outputs(page)
    explorer = Explorer(page, "sg-rollout-monitor")
    before = explorer.settle()
    options = explorer.options("Group by")
    explorer.choose("Group by", options[-1])
    explorer.wait_for_change(before, f"grouping the rollout monitor by {options[-1]!r}")
    shots(explorer.root, "lab-06_rollout_monitor--group-type")
