"""Doctest namespace: ``pd``, ``np``, ``nx``, ``sg`` and the names each module defines."""

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import stakeholder_graph as sg
    from stakeholder_graph.io.org import OrgData
    from stakeholder_graph.network.orgnetwork import build_network

    import scipy.sparse as sp

    doctest_namespace.update(pd=pd, np=np, nx=nx, sp=sp, sg=sg, OrgData=OrgData, build_network=build_network)


def pytest_collectstart(collector):
    """Under nbval, compare the text of outputs, not their HTML rendering or stderr."""
    if collector.fspath and str(collector.fspath).endswith(".ipynb"):
        collector.skip_compare += ("text/html", "application/javascript", "stderr")


REAL_DATA_NOTEBOOKS = ("07_medical_innovation.ipynb", "08_real_organisation.ipynb")


def pytest_collection_modifyitems(config, items):
    """Under nbval, the real-data notebooks skip when ../shared is absent (fail when it is required)."""
    import os
    from pathlib import Path

    root = os.environ.get("STAKEHOLDER_GRAPH_SHARED")
    shared = Path(root) if root else Path(__file__).resolve().parent.parent / "shared"
    if (shared / "datasets").is_dir() or os.environ.get("STAKEHOLDER_GRAPH_REQUIRE_SHARED") == "1":
        return  # present, or required: a missing folder then fails inside the notebook
    skip = pytest.mark.skip(reason=f"{shared / 'datasets'} not present (real-data notebook)")
    for item in items:
        if Path(str(item.fspath)).name in REAL_DATA_NOTEBOOKS:
            item.add_marker(skip)
