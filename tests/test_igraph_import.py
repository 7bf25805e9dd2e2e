"""igraph is imported without matplotlib.pyplot, and its own plotting still works."""

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env={"MPLBACKEND": "Agg", "PATH": ""}, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_igraph_loads_without_pyplot_and_still_plots_with_it():
    printed = _run("""
        import sys
        from stakeholder_graph._igraph import import_igraph
        ig = import_igraph()
        print("pyplot" if "matplotlib.pyplot" in sys.modules else "no-pyplot")
        import matplotlib.pyplot as plt
        print(type(sys.modules["matplotlib.pyplot"]).__name__)
        fig, ax = plt.subplots()
        ig.plot(ig.Graph.Ring(5), target=ax, layout=[(0, 0), (1, 0), (1, 1), (0, 1), (0.5, 1.5)])
        # igraph's vertex and edge collections were drawn onto the axes
        print(len(ax.collections) + len(ax.patches) + len(ax.artists))
    """)
    assert printed[0] == "no-pyplot"
    assert printed[1] == "module"  # the real pyplot, not the stand-in
    assert int(printed[2]) >= 1


def test_when_pyplot_is_already_loaded_igraph_uses_it():
    printed = _run("""
        import sys
        import matplotlib.pyplot as plt
        from stakeholder_graph._igraph import import_igraph
        ig = import_igraph()
        import igraph.drawing.matplotlib.graph as drawing
        print(drawing.plt is plt)
    """)
    assert printed == ["True"]
