"""A self-contained HTML report (figures embedded) for readers who never open a notebook.

The page comes from the Jinja2 template ``templates/report.html.j2`` with autoescaping on,
so no value from the data can inject markup. This module only turns blocks into plain
values a reader can take in at a glance: percentages as percentages, yes/no rather than
True/False, one date format, long lists split into lines, alt text for every figure.
"""

from __future__ import annotations

import base64
import io
import math
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["render_report", "figure_to_data_uri", "png_bytes", "RenderedFigure", "FigureSlot", "fill_figure_slots", "FIGURE_DPI", "format_value", "readable_table",
           "readable_dates", "column_label", "figure_alt_text"]

DATE_FORMAT = "%d %b %Y"  # 18 Jan 2027: unambiguous in every locale the report is read in
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# fractions 0..1 shown as percentages
PERCENT_COLUMN = re.compile(r"^(coverage|reciprocity|density|exposure|.*_rate|share_.*|.*_share)$")
LONG_CELL = 60  # characters; longer text cells get a wider, wrapping column
TABLE_ROWS = 30
#: Booleans and missing values that arrive as text.
TEXT_FLAGS = {"True": "yes", "False": "no", "nan": "–", "NaN": "–", "<NA>": "–", "None": "–"}


#: Resolution of every figure, embedded in the report or saved as a PNG file.
FIGURE_DPI = 110


@dataclass(frozen=True)
class RenderedFigure:
    """A figure already drawn to PNG (in another process): what the report and the files need.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 3)); _ = fig.subplots().set_title("Coverage")
    >>> done = RenderedFigure.of(fig)
    >>> done.png == png_bytes(fig), done.get_size_inches().tolist(), figure_alt_text(done)
    (True, [4.0, 3.0], 'Chart: Coverage.')
    """

    png: bytes
    size_inches: tuple[float, float]
    alt: str

    @classmethod
    def of(cls, fig: Figure) -> RenderedFigure:
        """Render ``fig`` at :data:`FIGURE_DPI` and keep its size and alt text."""
        width, height = fig.get_size_inches()
        return cls(png_bytes(fig), (float(width), float(height)), figure_alt_text(fig))

    def get_size_inches(self) -> np.ndarray:
        return np.array(self.size_inches)


def png_bytes(fig: Figure | RenderedFigure, dpi: int = FIGURE_DPI) -> bytes:
    """The figure as PNG, rendered once per resolution (the report and the PNG files share it).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> png_bytes(fig)[:4], png_bytes(fig) is png_bytes(fig)
    (b'\\x89PNG', True)
    """
    if isinstance(fig, RenderedFigure):
        if dpi != FIGURE_DPI:
            raise ValueError(f"this figure was rendered at {FIGURE_DPI} dpi only, not {dpi}")
        return fig.png
    cache = fig.__dict__.setdefault("_stakeholder_graph_png", {})
    if dpi not in cache:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        cache[dpi] = buffer.getvalue()
    return cache[dpi]


@dataclass(frozen=True)
class FigureSlot:
    """A figure still being drawn in another process: the report page is built around it,
    and :func:`fill_figure_slots` puts the figure in once it is rendered.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 3)); _ = fig.subplots().set_title("Coverage & reach")
    >>> page = render_report([("s", "Reach", [FigureSlot("coverage", "k1")])], title="T")
    >>> filled = fill_figure_slots(page, {"coverage": RenderedFigure.of(fig)}, "k1")
    >>> filled == render_report([("s", "Reach", [fig])], title="T")
    True
    """

    name: str
    #: Unique to one page, so that no text in the report's tables can pass for a slot.
    nonce: str

    def token(self, part: str) -> str:
        return f"@@figure-{self.nonce}-{self.name}-{part}@@"


def fill_figure_slots(page: str, rendered: dict, nonce: str) -> str:
    """The report ``page`` with each :class:`FigureSlot` (of ``nonce``) replaced by its
    rendered figure (name -> :class:`RenderedFigure`), as if the page had been built with it."""
    from markupsafe import escape  # what the page's template escapes its text with

    for name, fig in rendered.items():
        slot = FigureSlot(name, nonce)
        width, height = (int(round(v * 100)) for v in fig.get_size_inches())
        for part, value in (("src", figure_to_data_uri(fig)), ("alt", str(escape(figure_alt_text(fig)))),
                            ("width", str(width)), ("height", str(height))):
            page = page.replace(slot.token(part), value)
    return page


def figure_to_data_uri(fig: Figure, dpi: int = FIGURE_DPI) -> str:
    """PNG of a figure as a ``data:`` URI, so the report needs no other file.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_to_data_uri(Figure()).startswith("data:image/png;base64,")
    True
    """
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig, dpi)).decode("ascii")


def readable_dates(text: str) -> str:
    """Replace every ISO date (``2027-01-18``) in ``text`` with the report's one format.

    Examples
    --------
    >>> readable_dates("from 2027-01-18 (6 weeks before go-live)")
    'from 18 Jan 2027 (6 weeks before go-live)'
    >>> readable_dates("2027-13-40 is not a date")
    '2027-13-40 is not a date'
    """
    def one(match: re.Match) -> str:
        try:
            return date(*map(int, match.groups())).strftime(DATE_FORMAT).lstrip("0")
        except ValueError:
            return match.group(0)

    return ISO_DATE.sub(one, text)


def format_value(value, column: str = "") -> str:
    """One cell as a reader should see it.

    Shares (columns such as ``coverage``, ``response_rate``, ``share_resistant``) become
    percentages, booleans yes/no, dates one format, missing values a dash, large
    integers get thousands separators.

    Examples
    --------
    >>> format_value(0.278, "coverage"), format_value(0.04, "share_resistant")
    ('28%', '4.0%')
    >>> format_value(True, "is_manager"), format_value(False), format_value(None)
    ('yes', 'no', '–')
    >>> format_value("False", "low_response"), format_value("nan")
    ('no', '–')
    >>> format_value(12345), format_value(-0.3456, "mean_predicted_attitude"), format_value(99.7)
    ('12,345', '-0.35', '99.7')
    >>> format_value(date(2027, 3, 1)), format_value("from 2027-01-18")
    ('1 Mar 2027', 'from 18 Jan 2027')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, str) and value in TEXT_FLAGS:  # tables that passed through text keep Python's spelling
        return TEXT_FLAGS[value]
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.strftime(DATE_FORMAT).lstrip("0")
    if isinstance(value, (int,)) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return f"{int(value):,}"
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
        value = float(value)
        if math.isnan(value):
            return "–"
        if PERCENT_COLUMN.match(column):
            return f"{value:.1%}" if abs(value) < 0.1 and value != 0 else f"{value:.0%}"
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(value) >= 1 else f"{value:.2f}"
    return readable_dates(str(value))


def readable_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every value formatted by :func:`format_value` (for the explorers' tables).

    Examples
    --------
    >>> readable_table(pd.DataFrame({"is_manager": [True], "coverage": [0.2775], "rank": [1]})).iloc[0].tolist()
    ['yes', '28%', '1']
    """
    return pd.DataFrame({c: [format_value(v, str(c)) for v in frame[c]] for c in frame.columns}, index=frame.index)


def column_label(name: str) -> str:
    """``share_resistant`` -> ``Share resistant``; names with capitals (departments) are kept.

    Examples
    --------
    >>> column_label("share_resistant"), column_label("Customer Service"), column_label("id")
    ('Share resistant', 'Customer Service', 'ID')
    """
    name = str(name)
    if name.lower() == "id" or name.endswith("_id"):
        return (name[:-3].replace("_", " ").capitalize() + " ID") if name.endswith("_id") else "ID"
    if name != name.lower():
        return name
    return name.replace("_", " ").capitalize()


def figure_alt_text(fig: Figure) -> str:
    """A sentence saying what a figure shows, from its titles and axis labels.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); ax = fig.subplots(); _ = ax.set(title="Coverage", xlabel="Champions", ylabel="Reached")
    >>> figure_alt_text(fig)
    'Chart: Coverage. Horizontal axis: Champions; vertical axis: Reached.'
    """
    if isinstance(fig, RenderedFigure):
        return fig.alt
    parts = []
    if fig._suptitle is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        bits = [ax.get_title()] if ax.get_title() else []
        axes = [f"horizontal axis: {ax.get_xlabel()}" if ax.get_xlabel() else "",
                f"vertical axis: {ax.get_ylabel()}" if ax.get_ylabel() else ""]
        axes = "; ".join(a for a in axes if a)
        if axes:
            bits.append(axes[0].upper() + axes[1:])
        if bits:
            parts.append(". ".join(bits))
    return "Chart: " + (". ".join(parts) if parts else "figure") + "."


def _cell(value, column: str) -> dict:
    text = format_value(value, column)
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool) or (
        hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iuf")
    if isinstance(value, str) and "; " in value and len(value) > LONG_CELL // 2:
        return {"text": text, "lines": [readable_dates(part) for part in value.split("; ")], "css": "long"}
    return {"text": text, "lines": None, "css": "num" if numeric else "long" if len(text) > LONG_CELL else ""}


def _table(frame: pd.DataFrame, limit: int = TABLE_ROWS) -> dict:
    shown = frame.head(limit)
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
               for c in shown.columns]
    rows = [[_cell(v, str(c)) for v, c in zip(row, shown.columns)] for row in shown.itertuples(index=False)]
    return {"kind": "table", "rows": rows, "hidden": max(len(frame) - limit, 0),
            "columns": [{"label": column_label(c), "numeric": n} for c, n in zip(shown.columns, numeric)]}


def _figure(fig: Figure, caption: str = "", alt: str | None = None) -> dict:
    if isinstance(fig, FigureSlot):
        return {"kind": "figure", "src": fig.token("src"), "alt": alt or fig.token("alt"), "caption": caption,
                "width": fig.token("width"), "height": fig.token("height")}
    width, height = (int(round(v * 100)) for v in fig.get_size_inches())
    return {"kind": "figure", "src": figure_to_data_uri(fig), "alt": alt or figure_alt_text(fig),
            "caption": caption, "width": width, "height": height}


def _is_figure(block) -> bool:
    if isinstance(block, (RenderedFigure, FigureSlot)):
        return True
    # A Figure exists only where matplotlib is loaded: a report of figures rendered in other
    # processes is built without importing it (half a second).
    figure_module = sys.modules.get("matplotlib.figure")
    return figure_module is not None and isinstance(block, figure_module.Figure)


def _block(block, heading: str) -> dict:
    if isinstance(block, pd.DataFrame):
        return _table(block)
    if _is_figure(block):
        return _figure(block, caption=heading)
    if isinstance(block, tuple) and block[0] == "figure":
        return _figure(block[1], caption=block[2] if len(block) > 2 else heading,
                       alt=block[3] if len(block) > 3 else None)
    if isinstance(block, tuple) and block[0] == "note":
        return {"kind": "note", "text": readable_dates(str(block[1]))}
    if isinstance(block, tuple) and block[0] == "kpis":
        return {"kind": "kpis", "pairs": [(k, format_value(v)) for k, v in block[1]]}
    return {"kind": "text", "text": readable_dates(str(block))}


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("stakeholder_graph.export", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2")


def render_report(sections: list[tuple[str, str, list]], *, title: str, subtitle: str = "",
                  summary: dict | None = None, generated: date | None = None) -> str:
    """HTML page from sections ``(anchor, heading, blocks)`` and an optional one-screen summary.

    Each block is a string (a paragraph), a DataFrame (a table, values formatted by
    :func:`format_value`), a Figure (an embedded PNG with alt text), ``("figure", fig,
    caption, alt)``, ``("note", text)`` (a highlighted caveat) or ``("kpis", [(label,
    value), ...])``. ``summary`` is ``{"kpis": [(label, value)], "columns": [(heading,
    [item, ...]), ...]}`` and is shown first (see :func:`.summary.sponsor_summary`).
    Everything is escaped by the template.

    Examples
    --------
    >>> page = render_report([("a", "Section", ["<b>Text</b>", pd.DataFrame({"share_x": [0.5], "ok": [True]})])],
    ...                      title="T", generated=date(2027, 1, 4))
    >>> '<section id="a">' in page, "&lt;b&gt;Text&lt;/b&gt;" in page, "<td>yes</td>" in page
    (True, True, True)
    >>> '<td class="num">50%</td>' in page, "Generated 4 Jan 2027" in page, 'href="#a"' in page
    (True, True, True)
    """
    rendered = [{"anchor": anchor, "heading": heading, "blocks": [_block(b, heading) for b in blocks]}
                for anchor, heading, blocks in sections]
    if summary is not None:
        summary = {"kpis": [(k, format_value(v)) for k, v in summary.get("kpis", [])],
                   "columns": [(h, [readable_dates(str(i)) for i in items]) for h, items in summary["columns"]]}
    return _template().render(title=title, subtitle=subtitle, sections=rendered, summary=summary,
                              generated=(generated or date.today()).strftime(DATE_FORMAT).lstrip("0"))
