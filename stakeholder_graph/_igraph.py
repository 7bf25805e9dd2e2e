"""python-igraph, imported without the plotting library it does not need here.

``import igraph`` imports ``matplotlib.pyplot`` for its optional plotting support (about
half a second, most of igraph's import time). This package only uses igraph's algorithms,
and draws its own figures without pyplot. While igraph is imported, ``matplotlib.pyplot``
is therefore a stand-in that imports the real module the first time igraph's plotting
uses it; the stand-in is removed from ``sys.modules`` as soon as igraph is loaded, so any
later ``import matplotlib.pyplot`` (a notebook's, say) gets the real module. Nothing else
is changed: igraph's plotting still works (``tests/test_igraph_import.py``).
"""

from __future__ import annotations

import importlib
import sys
import types

__all__ = ["import_igraph"]

_PYPLOT = "matplotlib.pyplot"
_READ_AT_IMPORT = ("matplotlib.artist", "matplotlib.collections", "matplotlib.transforms")


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
