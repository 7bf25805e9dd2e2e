"""A self-contained HTML report (figures embedded) for readers who never open a notebook."""

from __future__ import annotations

import base64
import html
import io
from datetime import date

import pandas as pd
from matplotlib.figure import Figure

__all__ = ["render_report", "figure_to_data_uri", "png_bytes", "FIGURE_DPI"]

STYLE = """
body { font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; line-height: 1.45; padding: 0 1em; }
h1 { color: #1F4E78; } h2 { color: #1F4E78; border-bottom: 2px solid #1F4E78; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
th { background: #1F4E78; color: white; text-align: left; padding: .35em .6em; }
td { border-bottom: 1px solid #ddd; padding: .3em .6em; vertical-align: top; }
tr:nth-child(even) td { background: #f6f8fa; }
.note { background: #fff8e1; border-left: 4px solid #f0ad4e; padding: .6em 1em; margin: 1em 0; }
.kpi { display: inline-block; margin: 0 2em 1em 0; } .kpi b { display: block; font-size: 1.8em; color: #1F4E78; }
img { max-width: 100%; } nav a { margin-right: 1em; }
"""


#: Resolution of every figure, embedded in the report or saved as a PNG file.
FIGURE_DPI = 110


def png_bytes(fig: Figure, dpi: int = FIGURE_DPI) -> bytes:
    """The figure as PNG, rendered once per resolution (the report and the PNG files share it).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> png_bytes(fig)[:4], png_bytes(fig) is png_bytes(fig)
    (b'\\x89PNG', True)
    """
    cache = fig.__dict__.setdefault("_stakeholder_graph_png", {})
    if dpi not in cache:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        cache[dpi] = buffer.getvalue()
    return cache[dpi]


def figure_to_data_uri(fig: Figure, dpi: int = FIGURE_DPI) -> str:
    """PNG of a figure as a ``data:`` URI, so the report needs no other file.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_to_data_uri(Figure()).startswith("data:image/png;base64,")
    True
    """
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig, dpi)).decode("ascii")


def _table(frame: pd.DataFrame, limit: int = 30) -> str:
    frame = frame.head(limit)
    frame = frame.astype(object).where(frame.notna(), "–")  # pd.NA would print as <NA>
    return frame.to_html(index=False, border=0, na_rep="–", escape=True,
                                     float_format=lambda v: f"{v:.3g}")


def render_report(sections: list[tuple[str, str, list]], *, title: str, subtitle: str = "") -> str:
    """HTML page from sections ``(anchor, heading, blocks)``.

    Each block is a string (a paragraph, escaped), a DataFrame (a table), a Figure (an
    embedded PNG) or a ``("note", text)`` pair (a highlighted caveat).

    Examples
    --------
    >>> page = render_report([("a", "Section", ["Text", pd.DataFrame({"x": [1]})])], title="T")
    >>> "<h2 id=\\"a\\">Section</h2>" in page and "<table" in page
    True
    """
    nav = " ".join(f'<a href="#{anchor}">{html.escape(heading)}</a>' for anchor, heading, _ in sections)
    body = [f"<h1>{html.escape(title)}</h1>",
            f"<p>{html.escape(subtitle)} Generated {date.today().isoformat()} by stakeholder-graph.</p>",
            f"<nav>{nav}</nav>"]
    for anchor, heading, blocks in sections:
        body.append(f'<h2 id="{anchor}">{html.escape(heading)}</h2>')
        for block in blocks:
            if isinstance(block, pd.DataFrame):
                body.append(_table(block))
            elif isinstance(block, Figure):
                body.append(f'<img alt="{html.escape(heading)}" src="{figure_to_data_uri(block)}">')
            elif isinstance(block, tuple) and block[0] == "note":
                body.append(f'<div class="note">{html.escape(block[1])}</div>')
            elif isinstance(block, tuple) and block[0] == "kpis":
                body.append("".join(f'<span class="kpi"><b>{html.escape(str(v))}</b>{html.escape(k)}</span>'
                                    for k, v in block[1]))
            else:
                body.append(f"<p>{html.escape(str(block))}</p>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
