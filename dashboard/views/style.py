"""The house style of every chart, and how a hidden figure is drawn: one place for both.

A hidden count never gets a bar, a point or a colour that could be read as a value: it gets its
mark ("<5") where the bar would start, in grey. Names from the data go through
``literal.plotly_text`` before they reach a figure: plotly reads HTML in them.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard import i18n

PRIMARY = "#1b4f82"
LIGHT = "#9ecae1"  # the lighter blue beside PRIMARY in stacked bars
GRID = "#e3e7ec"
TEXT = "#0e1117"  # as textColor in .streamlit/config.toml
MARK = "#5b6570"  # the grey of a hidden figure's mark: 6.0:1 on white
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
# Okabe-Ito (with Tol's wine instead of vermilion, which marks the norm): distinguishable with every
# common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#882255")
EARLIER = "#8a939c"
OVER_NORM = "#D55E00"
SHARE_SCALE = [[0, "#f3f7fb"], [1, PRIMARY]]
SEPARATORS = {"nl": ",.", "en": ".,"}  # plotly's decimal and thousands marks per language


def layout(figure: go.Figure, height: int, legend_y: float | None = None, top: int = 8) -> go.Figure:
    """The house style; a horizontal legend only when ``legend_y`` says where: above the plot from
    1 up, under it below 0."""
    figure.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": top, "b": 8},
        font={"family": FONT, "size": 14, "color": TEXT},
        separators=SEPARATORS[i18n.current()],
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend_y is not None,
        hoverlabel={"font_size": 14},
    )
    if legend_y is not None:
        anchor = "bottom" if legend_y >= 1 else "top"
        figure.update_layout(legend={"orientation": "h", "yanchor": anchor, "y": legend_y, "x": 0})
    figure.update_xaxes(gridcolor=GRID, zeroline=False)
    figure.update_yaxes(gridcolor=GRID, zeroline=False)
    return figure


def month_axis(figure: go.Figure, months: list) -> None:
    """Month names in the active language under the x-axis (plotly's own are English), fewer of
    them as the period grows."""
    ticks = months[:: 1 if len(months) <= 6 else 3 if len(months) <= 36 else 12]
    figure.update_xaxes(tickvals=ticks, ticktext=[fmt.month(m, short=True) for m in ticks])


def mark_hidden(figure: go.Figure, positions: list, texts: list[str], horizontal: bool = False, base: float = 0,
                **where) -> None:
    """Write each hidden figure's mark where its bar would start; ``positions`` are the category or
    x values of the hidden ones only (a bar chart gives them no bar: None, never 0). ``where``
    (row, col) places the marks in one panel of a figure of subplots."""
    for position, text in zip(positions, texts):
        if horizontal:
            figure.add_annotation(y=position, x=base, text=text, showarrow=False, xanchor="left", font={"color": MARK}, **where)
        else:
            figure.add_annotation(x=position, y=base, text=text, showarrow=False, yanchor="bottom", font={"color": MARK}, **where)


def mark_hidden_in_group(figure: go.Figure, group: str, positions: list, texts: list[str]) -> None:
    """``mark_hidden`` for grouped bars: the marks of the bar trace with ``offsetgroup=group`` stand
    under where its bars would be, not in the middle of the group, so a reader sees whose figure is
    hidden. (An annotation cannot follow a bar's offset; a text trace in the same group can.)"""
    if not positions:
        return
    figure.add_trace(go.Scatter(x=positions, y=[0] * len(positions), text=texts, mode="text", textposition="top center",
                                textfont={"color": MARK}, offsetgroup=group, showlegend=False, hoverinfo="skip"))
    figure.update_layout(scattermode="group")


def wrap(label: str, width: int = 14) -> str:
    """A long category label over two or three lines, for axis ticks (``label`` as plotly text)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])
