"""Plotly figures: data in, figure out, no Streamlit, so they can be tested on their own.

Labels and hover texts are formatted in Dutch here (plotly's own month names are English); a
count under the threshold gets no bar, only its mark ("<5"), so it is never read as zero. Names and
category labels from the data go through ``literal.plotly_text``: plotly reads HTML in them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard.literal import plotly_text
from queries.periods import parse_month

from dashboard.views.style import (  # noqa: F401  (moving to dashboard/views/)
    EARLIER, GRID, LIGHT, OVER_NORM, PALETTE, PRIMARY, SHARE_SCALE, layout, month_axis, wrap,
)


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
    month_axis(figure, months)
    marks = [(m, t) for m, v, t in zip(months, values, texts) if v is None]
    for month, text in marks:  # a suppressed month shows its mark where the bar would be
        figure.add_annotation(x=month, y=0, text=text, showarrow=False, yanchor="bottom", font={"color": "#5b6570"})
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return layout(figure, 320)


def category_bars(parts: pd.DataFrame, min_count: int, unit: str, label: str = "label_nl") -> go.Figure:
    """Horizontal bars, first row on top. ``parts``: label, value, status."""
    values = [0 if pd.isna(v) else int(v) for v in parts["value"]]
    texts = _texts(parts, min_count)
    figure = go.Figure(
        go.Bar(
            y=[plotly_text(v) for v in parts[label]],
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
    return layout(figure, 60 + 34 * len(parts))


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
                y=[plotly_text(n) for n in rows["name"]],
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
    layout(figure, 90 + 34 * len(rows), legend_y=1.02)
    figure.update_layout(legend_traceorder="normal")
    return figure


def rate_lines(series: dict[str, pd.DataFrame], unit: str) -> go.Figure:
    """One line per area through the months. ``series``: name → frame with month and per_1000
    (missing where the count is not published: the line breaks there instead of dropping to zero)."""
    figure = go.Figure()
    for (name, frame), colour in zip(series.items(), (PRIMARY, "#7f7f7f")):
        name = plotly_text(name)
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
    month_axis(figure, list(next(iter(series.values()))["month"]))
    figure.update_yaxes(rangemode="tozero", tickformat=",.1f")
    return layout(figure, 320, legend_y=1.02)


# Question types and the teams' workload (pages Hulpvragen and Teams)

def _mark(value, status: str, min_count: int) -> str:
    return fmt.count(None if pd.isna(value) else int(value), status, min_count)


def share_heatmap(by_area: pd.DataFrame, min_count: int) -> go.Figure:
    """Areas down, categories across, each cell the category's share of the area's contacts.

    A share built on a hidden count has no colour and shows the count's mark instead.
    """
    categories = list(dict.fromkeys(by_area["label_nl"]))
    names = list(dict.fromkeys(by_area["name"]))
    grid = by_area.pivot_table(index="name", columns="label_nl", values="share", aggfunc="first", dropna=False)
    grid = grid.reindex(index=names, columns=categories)
    # (share, contacts, status) per (area, category): a dict, not a .loc per cell (most of the figure's time)
    cells = dict(zip(zip(by_area["name"], by_area["label_nl"]), zip(by_area["share"], by_area["contacts"], by_area["status"])))
    texts = [
        [
            fmt.percent(share, 0) if not pd.isna(share) else _mark(contacts, status, min_count) if status else fmt.MISSING
            for share, contacts, status in (cells[(n, c)] for c in categories)
        ]
        for n in names
    ]
    counts = [[_mark(contacts, status, min_count) for _, contacts, status in (cells[(n, c)] for c in categories)] for n in names]
    z = grid.astype("float64").to_numpy() * 100
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[wrap(plotly_text(c), 14 if len(categories) <= 4 else 9) for c in categories],
            y=[plotly_text(n) for n in names],
            text=texts,
            texttemplate="%{text}",
            customdata=[[[plotly_text(c), t, k] for c, t, k in zip(categories, row_texts, row_counts)]
                        for row_texts, row_counts in zip(texts, counts)],
            hovertemplate="%{y} · %{customdata[0]}: %{customdata[1]} (%{customdata[2]} contacten)<extra></extra>",
            colorscale=SHARE_SCALE,
            zmin=0,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
        )
    )
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    figure.update_xaxes(side="top", gridcolor="white", tickangle=0, tickfont={"size": 14 if len(categories) <= 4 else 12})
    return layout(figure, 90 + 38 * len(names))


def theme_trends(trend: pd.DataFrame, min_count: int, columns: int = 2) -> go.Figure:
    """Small multiples, one per category: contacts per month (solid) and a year earlier (dashed)."""
    from plotly.subplots import make_subplots

    categories = list(dict.fromkeys(trend["label_nl"]))
    rows = -(-len(categories) // columns)
    now = trend[trend["which"] == "now"]
    earlier = trend[trend["which"] == "earlier"]
    months = list(dict.fromkeys(now["month"]))
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=[plotly_text(c) for c in categories], shared_xaxes=True,
                           vertical_spacing=0.5 / max(rows, 2) / 2, horizontal_spacing=0.08)
    for i, category in enumerate(categories):
        row, col = i // columns + 1, i % columns + 1
        for part, colour, dash, name in ((earlier, EARLIER, "dash", "een jaar eerder"), (now, PRIMARY, "solid", "gekozen periode")):
            part = part[part["label_nl"] == category].sort_values("position")
            if part.empty:
                continue
            values = [None if pd.isna(v) else int(v) for v in part["contacts"]]
            texts = [_mark(v, s, min_count) for v, s in zip(part["contacts"], part["status"])]
            figure.add_trace(
                go.Scatter(
                    x=[months[p] for p in part["position"]],
                    y=values,
                    mode="lines+markers",
                    line={"color": colour, "dash": dash, "width": 2.5 if dash == "solid" else 2},
                    marker={"size": 6},
                    name=name,
                    legendgroup=name,
                    showlegend=i == 0,
                    customdata=[[fmt.month(m), t] for m, t in zip(part["month"], texts)],
                    hovertemplate=f"{plotly_text(category)} · %{{customdata[0]}}: %{{customdata[1]}} contacten<extra></extra>",
                ),
                row=row,
                col=col,
            )
    step = 1 if len(months) <= 6 else 3 if len(months) <= 24 else 12
    figure.update_xaxes(tickvals=months[::step], ticktext=[fmt.month(m, short=True) for m in months[::step]])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    layout(figure, 80 + 210 * rows)
    figure.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.08, "x": 0}, margin={"t": 30})
    return figure


def dossier_shares(per_category: pd.DataFrame, has_earlier: bool) -> go.Figure:
    """Per category the share of contacts that became a dossier, with a year earlier as a marker."""
    rows = per_category[per_category["code"] != ""]
    now = [None if pd.isna(s) else float(s) for s in rows["dossier_share_now"]]
    texts = [fmt.percent(s) for s in now]
    figure = go.Figure(
        go.Bar(
            y=[plotly_text(v) for v in rows["label_nl"]],
            x=[0 if s is None else s for s in now],
            orientation="h",
            marker_color=PRIMARY,
            name="gekozen periode",
            text=texts,
            textposition="inside",
            insidetextanchor="start",
            insidetextfont={"color": "white"},
            hovertemplate="%{y}: %{text} werd een dossier<extra></extra>",
        )
    )
    if has_earlier:
        earlier = [None if pd.isna(s) else float(s) for s in rows["dossier_share_earlier"]]
        figure.add_trace(
            go.Scatter(
                y=[plotly_text(v) for v in rows["label_nl"]],
                x=earlier,
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 24, "color": "#1c1e21", "line": {"width": 3}},
                name="een jaar eerder",
                customdata=[fmt.percent(s) for s in earlier],
                hovertemplate="%{y}, een jaar eerder: %{customdata}<extra></extra>",
            )
        )
    top = max([s for s in now if s is not None] + [0.1])
    figure.update_xaxes(range=[0, top * 1.25], tickformat=".0%")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    layout(figure, 90 + 34 * len(rows))
    figure.update_layout(showlegend=has_earlier, legend={"orientation": "h", "y": -0.15, "x": 0})
    return figure


def _norm_line(figure: go.Figure, norm: float | None, text: str, vertical: bool = False) -> None:
    if norm is None:
        return
    line = {"line_dash": "dash", "line_color": OVER_NORM, "line_width": 2, "annotation_text": text,
            "annotation_font_color": OVER_NORM}
    if vertical:
        figure.add_vline(x=norm, annotation_position="top", **line)
    else:
        figure.add_hline(y=norm, annotation_position="bottom right", annotation_bgcolor="white", **line)


def caseload_lines(monthly: pd.DataFrame, teams: pd.DataFrame, norm: float | None, norm_text: str) -> go.Figure:
    """Open dossiers per fte per month, one line per team (the teams together in black); months above
    the norm get a large vermilion marker."""
    figure = go.Figure()
    months = sorted(set(monthly["month"]))
    dates = {m: parse_month(m) for m in months}
    for i, team in enumerate(teams.itertuples()):
        rows = monthly[monthly["team_code"] == team.code].sort_values("month")
        together = team.code == ""
        name = plotly_text(team.name)
        values = [None if pd.isna(v) else float(v) for v in rows["caseload"]]
        figure.add_trace(
            go.Scatter(
                x=[dates[m] for m in rows["month"]],
                y=values,
                mode="lines+markers",
                name=name,
                line={"color": "#000000" if together else PALETTE[i % len(PALETTE)], "width": 4 if together else 2},
                marker={"size": 5},
                customdata=[[fmt.month(dates[m]), fmt.number(v, 1)] for m, v in zip(rows["month"], values)],
                hovertemplate=f"{name} · %{{customdata[0]}}: %{{customdata[1]}} dossiers per fte<extra></extra>",
            )
        )
    over = monthly[monthly["over_norm"].astype(bool)]
    if len(over):  # one trace for every month above the norm, so the legend explains the mark
        figure.add_trace(
            go.Scatter(
                x=[dates[m] for m in over["month"]],
                y=[float(v) for v in over["caseload"]],
                mode="markers",
                name="boven de norm",
                marker={"symbol": "diamond-open", "size": 13, "color": OVER_NORM, "line": {"width": 2.5}},
                hoverinfo="skip",
            )
        )
    _norm_line(figure, norm, norm_text)
    month_axis(figure, [dates[m] for m in months])
    figure.update_yaxes(rangemode="tozero", tickformat=",.0f", title_text="open dossiers per fte")
    layout(figure, 380)
    figure.update_layout(showlegend=len(teams) > 1, legend={"orientation": "h", "y": -0.12, "x": 0})
    return figure


def caseload_bars(summary: pd.DataFrame, names: dict, norm: float | None, norm_text: str) -> go.Figure:
    """Open dossiers per fte per team at the end of the period; bars above the norm in vermilion."""
    values = [None if pd.isna(v) else float(v) for v in summary["caseload"]]
    over = summary["over_norm"].astype(bool).tolist()
    labels = [plotly_text(names[c]) for c in summary["team_code"]]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=[v or 0 for v in values],
            orientation="h",
            marker_color=[OVER_NORM if o else PRIMARY for o in over],
            marker_pattern_shape=["/" if o else "" for o in over],
            text=[fmt.number(v, 1) + (" · boven de norm" if o else "") for v, o in zip(values, over)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} dossiers per fte<extra></extra>",
        )
    )
    _norm_line(figure, norm, norm_text, vertical=True)
    top = max([v for v in values if v is not None] + [norm or 0, 1])
    figure.update_xaxes(range=[0, top * 1.35], tickformat=",.0f")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    layout(figure, 90 + 36 * len(summary))
    figure.update_layout(margin={"t": 32})  # room for the norm's label above the plot
    return figure


def dossier_flows(monthly: pd.DataFrame, min_count: int, selected_label: str | None) -> go.Figure:
    """New and closed dossiers per month (grouped bars) and, with a theme or channel chosen, the new
    dossiers within it."""
    rows = monthly.sort_values("month")
    dates = [parse_month(m) for m in rows["month"]]
    series = [("new", "nieuwe dossiers", PRIMARY), ("closed", "afgesloten dossiers", PALETTE[1])]
    if selected_label:
        series.insert(1, ("selected", f"nieuw, {plotly_text(selected_label)}", PALETTE[4]))
    figure = go.Figure()
    for column, name, colour in series:
        texts = [_mark(v, s, min_count) for v, s in zip(rows[column], rows[f"{column}_status"])]
        figure.add_trace(
            go.Bar(
                x=dates,
                y=[None if pd.isna(v) else int(v) for v in rows[column]],
                name=name,
                marker_color=colour,
                customdata=[[fmt.month(d), t] for d, t in zip(dates, texts)],
                hovertemplate=f"%{{customdata[0]}}: %{{customdata[1]}} {name}<extra></extra>",
            )
        )
    month_axis(figure, dates)
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    layout(figure, 340)
    figure.update_layout(showlegend=True, barmode="group", legend={"orientation": "h", "y": -0.15, "x": 0})
    return figure


WEIGHT_LABELS = {"weight_1": "licht", "weight_2": "midden", "weight_3": "zwaar"}


def weight_mix(summary: pd.DataFrame, names: dict) -> go.Figure:
    """Case weight in three levels per team, as shares of the open dossiers (100% bars); a team
    without registered weight gets the words "niet geregistreerd" instead of a bar."""
    labels = [plotly_text(names[c]) for c in summary["team_code"]]
    figure = go.Figure()
    for (column, label), colour in zip(WEIGHT_LABELS.items(), ("#cfe0f0", "#5b8fc0", PRIMARY)):
        shares = [None if pd.isna(s) else float(s) for s in summary[f"{column}_share"]]
        figure.add_trace(
            go.Bar(
                y=labels,
                x=shares,
                orientation="h",
                name=label,
                marker_color=colour,
                text=[fmt.percent(s, 0) if s is not None else "" for s in shares],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#1c1e21" if column == "weight_1" else "white"},
                customdata=[fmt.percent(s) for s in shares],
                hovertemplate=f"%{{y}}, {label}: %{{customdata}}<extra></extra>",
            )
        )
    for label, status in zip(labels, summary["weight_1_status"]):
        if status == "unregistered":
            figure.add_annotation(x=0.5, y=label, text="niet geregistreerd", showarrow=False, font={"color": "#5b6570"})
    figure.update_xaxes(range=[0, 1], tickformat=".0%")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    layout(figure, 110 + 36 * len(summary))
    figure.update_layout(showlegend=True, barmode="stack", margin={"t": 36},
                         legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"})
    return figure


def share_line(monthly: pd.DataFrame, column: str, name: str) -> go.Figure:
    """One share per month as a line (0-100%)."""
    rows = monthly.sort_values("month")
    dates = [parse_month(m) for m in rows["month"]]
    values = [None if pd.isna(v) else float(v) for v in rows[column]]
    figure = go.Figure(
        go.Scatter(
            x=dates,
            y=values,
            mode="lines+markers",
            line={"color": PRIMARY, "width": 2.5},
            customdata=[[fmt.month(d), fmt.percent(v)] for d, v in zip(dates, values)],
            hovertemplate=f"%{{customdata[0]}}: %{{customdata[1]}} {name}<extra></extra>",
        )
    )
    month_axis(figure, dates)
    figure.update_yaxes(range=[0, 1], tickformat=".0%")
    return layout(figure, 300)
