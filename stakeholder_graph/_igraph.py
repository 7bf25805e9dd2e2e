"""python-igraph, imported without the plotting library it does not need here.

``import igraph`` imports ``matplotlib.pyplot`` for its optional plotting support (about
half a second, most of igraph's import time). This package only uses igraph's algorithms,
and draws its own figures without pyplot. While igraph is imported, ``matplotlib.pyplot``
is therefore a stand-in that imports the real module the first time igraph's plotting
uses it; the stand-in is removed from ``sys.modules`` as soon as igraph is loaded, so any
later ``import matplotlib.pyplot`` (a notebook's, say) gets the real module. Nothing else
is changed: igraph's plotting still works (``tests/test_igraph_import.py``).

A process that never plots with igraph (the command line: its figures are drawn with
matplotlib directly, mostly in other processes) calls :func:`igraph_never_plots` first;
igraph is then imported as if matplotlib were not installed, which saves the remaining
third of a second (importing matplotlib's core). matplotlib itself stays importable.
"""

from __future__ import annotations

import importlib
import sys
import types

__all__ = ["import_igraph", "igraph_never_plots"]

_PYPLOT = "matplotlib.pyplot"
_READ_AT_IMPORT = ("matplotlib.artist", "matplotlib.collections", "matplotlib.transforms")
_plots = True


def igraph_never_plots() -> None:
    """Declare that this process never plots with igraph, so :func:`import_igraph` may
    import it without matplotlib (its plotting then raises igraph's "install matplotlib"
    error). For a program's entry point, never for a library or a notebook.

    Examples
    --------
    >>> import subprocess, sys
    >>> code = ("import sys; from stakeholder_graph import _igraph; _igraph.igraph_never_plots(); "
    ...         "ig = _igraph.import_igraph(); print(ig.Graph([(0, 1)]).vcount(), 'matplotlib' in sys.modules)")
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()
    ['2', 'False']
    """
    global _plots
    _plots = False


class _PyplotOnFirstUse(types.ModuleType):
    """Stands in for ``matplotlib.pyplot`` inside igraph until igraph plots something."""

    def __getattr__(self, name: str):
        if sys.modules.get(_PYPLOT) is self:  # pragma: no cover - only during igraph's import
            del sys.modules[_PYPLOT]
        return getattr(importlib.import_module(_PYPLOT), name)


def import_igraph():
    """The ``igraph`` module, imported without importing ``matplotlib.pyplot``.

    Examples
    --------
    >>> ig = import_igraph()
    >>> ig.Graph([(0, 1)]).vcount()
    2
    """
    module = sys.modules.get("igraph")
    if module is not None:
        return module
    if _PYPLOT in sys.modules:  # already paid for: nothing to save
        return importlib.import_module("igraph")
    if not _plots and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # what igraph sees when matplotlib is not installed
        try:
            return importlib.import_module("igraph")
        finally:
            del sys.modules["matplotlib"]
    try:
        # What igraph's plotting modules read from matplotlib when they are imported (pyplot
        # would have imported these too); the rest it reads only when it plots.
        for name in _READ_AT_IMPORT:
            importlib.import_module(name)
    except ImportError:  # no matplotlib: igraph imports without it
        return importlib.import_module("igraph")
    stand_in = _PyplotOnFirstUse(_PYPLOT)
    sys.modules[_PYPLOT] = stand_in
    try:
        return importlib.import_module("igraph")
    finally:
        if sys.modules.get(_PYPLOT) is stand_in:
            del sys.modules[_PYPLOT]
