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
