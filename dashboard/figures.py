"""Plotly figures: data in, figure out, no Streamlit, so they can be tested on their own.

Labels and hover texts are formatted in Dutch here (plotly's own month names are English); a
suppressed count gets no bar, only its mark ("<5" or "×"), so it is never read as zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from queries.periods import parse_month

PRIMARY = "#1b4f82"
GRID = "#e3e7ec"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"


def _layout(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        font={"family": FONT, "size": 14, "color": "#1c1e21"},
        separators=",.",  # decimal comma, thousands point
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        hoverlabel={"font_size": 14},
    )
    figure.update_xaxes(gridcolor=GRID, zeroline=False)
    figure.update_yaxes(gridcolor=GRID, zeroline=False)
    return figure


def _texts(parts: pd.DataFrame, min_count: int) -> list[str]:
    return [fmt.count(None if pd.isna(v) else int(v), s, min_count) for v, s in zip(parts["value"], parts["status"])]


def monthly_bars(parts: pd.DataFrame, min_count: int, unit: str) -> go.Figure:
    """Bars per month. ``parts``: code ('YYYY-MM'), value, status."""
    months = [parse_month(code) for code in parts["code"]]
    values = [None if pd.isna(v) else int(v) for v in parts["value"]]
    texts = _texts(parts, min_count)
    figure = go.Figure(
        go.Bar(
            x=months,
            y=values,
            marker_color=PRIMARY,
            customdata=[[fmt.month(m), t] for m, t in zip(months, texts)],
            hovertemplate=f"%{{customdata[0]}}: %{{customdata[1]}} {unit}<extra></extra>",
        )
    )
    step = 1 if len(months) <= 6 else 3 if len(months) <= 36 else 12
    ticks = months[::step]
    figure.update_xaxes(tickvals=ticks, ticktext=[fmt.month(m, short=True) for m in ticks])
    marks = [(m, t) for m, v, t in zip(months, values, texts) if v is None]
    for month, text in marks:  # a suppressed month shows its mark where the bar would be
        figure.add_annotation(x=month, y=0, text=text, showarrow=False, yanchor="bottom", font={"color": "#5b6570"})
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return _layout(figure, 320)


def category_bars(parts: pd.DataFrame, min_count: int, unit: str, label: str = "label_nl") -> go.Figure:
    """Horizontal bars, first row on top. ``parts``: label, value, status."""
    values = [0 if pd.isna(v) else int(v) for v in parts["value"]]
    texts = _texts(parts, min_count)
    figure = go.Figure(
        go.Bar(
            y=list(parts[label]),
            x=values,
            orientation="h",
            marker_color=PRIMARY,
            text=texts,
            # Long bars carry their number inside, short ones beside them.
            textposition=["inside" if v > 0.6 * max(values) else "outside" for v in values],
            insidetextanchor="end",
            insidetextfont={"color": "white"},
            cliponaxis=False,
            customdata=texts,
            hovertemplate=f"%{{y}}: %{{customdata}} {unit}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    # Every bar carries its number, so the axis needs none (they crowd a narrow column).
    figure.update_xaxes(rangemode="tozero", showticklabels=False, range=[0, max(values + [1]) * 1.18])
    return _layout(figure, 60 + 34 * len(parts))


LIGHT = "#9ecae1"  # the lighter blue beside PRIMARY in stacked bars


def outcome_bars(rows: pd.DataFrame, min_count: int) -> go.Figure:
    """Per area, contacts split into short interventions and dossiers: how far contacts go.

    ``rows``: name, short_interventions, dossiers and their ``_status`` columns. A suppressed part
    gets no bar, only its mark.
    """
    figure = go.Figure()
    for measure, colour, label in (("short_interventions", LIGHT, "Korte interventie"), ("dossiers", PRIMARY, "Dossier")):
        values = [None if pd.isna(v) else int(v) for v in rows[measure]]
        texts = [fmt.count(v, s, min_count) for v, s in zip(values, rows[f"{measure}_status"])]
        figure.add_trace(
            go.Bar(
                y=list(rows["name"]),
                x=values,
                name=label,
                orientation="h",
                marker_color=colour,
                text=texts,
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#1c1e21" if colour == LIGHT else "white"},
                customdata=texts,
                hovertemplate=f"%{{y}}: %{{customdata}} {label.lower()}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    figure.update_xaxes(tickformat=",d", title_text="contacten")
    _layout(figure, 90 + 34 * len(rows))
    figure.update_layout(showlegend=True, legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"})
    return figure


def rate_lines(series: dict[str, pd.DataFrame], unit: str) -> go.Figure:
    """One line per area through the months. ``series``: name → frame with month and per_1000
    (missing where the count is not published: the line breaks there instead of dropping to zero)."""
    figure = go.Figure()
    for (name, frame), colour in zip(series.items(), (PRIMARY, "#7f7f7f")):
        values = [None if pd.isna(v) else float(v) for v in frame["per_1000"]]
        figure.add_trace(
            go.Scatter(
                x=list(frame["month"]),
                y=values,
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3 if colour == PRIMARY else 2, "dash": "solid" if colour == PRIMARY else "dash"},
                customdata=[[fmt.month(m), fmt.number(v, 1)] for m, v in zip(frame["month"], values)],
                hovertemplate=f"{name}, %{{customdata[0]}}: %{{customdata[1]}} {unit}<extra></extra>",
            )
        )
    months = list(next(iter(series.values()))["month"])
    step = 1 if len(months) <= 6 else 3 if len(months) <= 36 else 12
    figure.update_xaxes(tickvals=months[::step], ticktext=[fmt.month(m, short=True) for m in months[::step]])
    figure.update_yaxes(rangemode="tozero", tickformat=",.1f")
    _layout(figure, 320)
    figure.update_layout(showlegend=True, legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0})
    return figure
