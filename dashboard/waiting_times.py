"""Figures, tables and sentences of the waiting-times page: published rows in, no Streamlit.

"Above the norm" means that more than half waited longer than the norm (the median lies above it).
It is marked by colour, by a triangle and in words, never by colour alone. A statistic the query
layer did not publish is drawn as its mark ("<5"), never as zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures
from dashboard import format as fmt
from dashboard.views.style import GRID, PRIMARY, layout, month_axis
from dashboard.literal import md, plotly_text
from queries.periods import parse_month
from queries.waits import AREA, MONTH, OPEN_FROM, REMAINDER, TOTAL  # noqa: F401  (row kinds, for the page)

ABOVE = "#c2410c"  # dark orange: stands apart from the blue for colour-blind readers too
P90 = "#6b8fb5"
NORM = "#1c1e21"
ABOVE_MARK = "▲ boven de norm"


def days(value) -> str:
    """'11,0 dagen', '85 dagen of meer' (the last bucket has no upper edge), or the missing mark."""
    if value is None or pd.isna(value):
        return fmt.MISSING
    if value >= OPEN_FROM:
        return f"{OPEN_FROM} dagen of meer"
    return f"{fmt.number(value, 1)} dagen"


def weeks(norm_days: int) -> str:
    """A norm as people say it: '6 weken', '3 dagen'."""
    return f"{norm_days // 7} weken" if norm_days % 7 == 0 else f"{norm_days} dagen"


def norm_caption(service: pd.Series) -> str:
    """The norm with its source, and the urgent norm where there is one (Markdown)."""
    text = f"**Norm:** {md(service['norm_nl'])}. **Bron:** {md(service['source'])}."
    if pd.notna(service.get("urgent_norm_days")):
        text += (
            " Voor spoedgevallen geldt een kortere termijn; die worden in deze gegevens niet apart "
            "geregistreerd, dus die norm is hier niet te toetsen."
        )
    return text


def is_above(value) -> bool:
    """Whether a row is marked above the norm (NA, where not published, is not)."""
    return bool(value) if pd.notna(value) else False


def _mark(row, min_count: int) -> str:
    """Why a row's statistics are not shown: the mark of the starts or of those within the norm
    when they are under the threshold."""
    for measure in ("started", "within"):
        if row[f"{measure}_status"]:
            return fmt.count(None, row[f"{measure}_status"], min_count)
    return fmt.MISSING


def _layout(figure: go.Figure, height: int) -> go.Figure:
    return layout(figure, height, legend_y=-0.14, top=28)


def _values(series: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in series]


def monthly_days(rows: pd.DataFrame, norm_days: int, min_count: int) -> go.Figure:
    """Median and 90th percentile per month against the norm. ``rows``: the month rows of one service."""
    months = [parse_month(c) for c in rows["code"]]
    medians, p90s = _values(rows["median"]), _values(rows["p90"])
    hover = [[fmt.month(m), days(a), days(b), fmt.percent(s if pd.notna(s) else None)]
             for m, a, b, s in zip(months, medians, p90s, rows["share"])]
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=months, y=p90s, name="90% was binnen", mode="lines+markers", line={"color": P90, "dash": "dot", "width": 2},
        marker={"size": 6}, customdata=hover, hovertemplate="%{customdata[0]}: 90% binnen %{customdata[2]}<extra></extra>",
    ))
    figure.add_trace(go.Scatter(
        x=months, y=medians, name="Mediaan", mode="lines+markers", line={"color": PRIMARY, "width": 3},
        marker={"size": 7}, customdata=hover,
        hovertemplate="%{customdata[0]}: mediaan %{customdata[1]}, binnen de norm %{customdata[3]}<extra></extra>",
    ))
    above = [is_above(v) for v in rows["above_norm"]]
    figure.add_trace(go.Scatter(
        x=[m for m, a in zip(months, above) if a], y=[v for v, a in zip(medians, above) if a], name=ABOVE_MARK,
        mode="markers", marker={"symbol": "triangle-up", "size": 14, "color": ABOVE, "line": {"color": "white", "width": 1}},
        hoverinfo="skip",
    ))
    _norm_line(figure, norm_days, horizontal=True)
    for month, row in zip(months, rows.to_dict("records")):
        if pd.isna(row["median"]) and row["started"] != 0:
            figure.add_annotation(x=month, y=0, text=_mark(row, min_count), showarrow=False, yanchor="bottom",
                                  font={"color": "#5b6570"})
    month_axis(figure, months)
    top = max([norm_days, *[v for v in p90s if v is not None]])
    figure.update_yaxes(title="wachttijd in dagen", rangemode="tozero", range=[0, min(top, OPEN_FROM) * 1.15])
    return _layout(figure, 380)


def _norm_line(figure: go.Figure, norm_days: int, horizontal: bool) -> None:
    text = f"norm {weeks(norm_days)}"
    if horizontal:
        figure.add_hline(y=norm_days, line={"color": NORM, "dash": "dash", "width": 2},
                         annotation={"text": text, "xanchor": "left", "x": 0, "yanchor": "bottom", "bgcolor": "white"})
    else:
        figure.add_vline(x=norm_days, line={"color": NORM, "dash": "dash", "width": 2},
                         annotation={"text": text, "yanchor": "bottom", "y": 1, "xanchor": "left", "bgcolor": "white"})
    # A legend entry for the line, so the norm is named where the series are.
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"Norm: {weeks(norm_days)}",
                                line={"color": NORM, "dash": "dash", "width": 2}))


def monthly_share(rows: pd.DataFrame, norm_days: int, min_count: int) -> go.Figure:
    """Share helped within the norm per month; months where fewer than half were are marked."""
    months = [parse_month(c) for c in rows["code"]]
    shares = [None if pd.isna(s) else float(s) * 100 for s in rows["share"]]
    above = [is_above(v) for v in rows["above_norm"]]
    texts = [(fmt.percent(s / 100, 0) + (" ▲" if a else "")) if s is not None else _mark(r, min_count)
             for s, a, r in zip(shares, above, rows.to_dict("records"))]
    figure = go.Figure(go.Bar(
        x=months, y=shares, name=f"Binnen de norm ({weeks(norm_days)})",
        marker={"color": [ABOVE if a else PRIMARY for a in above],
                "pattern": {"shape": ["/" if a else "" for a in above], "fgcolor": "white"}},
        text=texts if len(months) <= 12 else None, textposition="outside", cliponaxis=False,
        customdata=[[fmt.month(m), t] for m, t in zip(months, texts)],
        hovertemplate="%{customdata[0]}: %{customdata[1]} binnen de norm<extra></extra>",
    ))
    figure.add_hline(y=50, line={"color": NORM, "dash": "dash", "width": 2})
    # Legend entries instead of labels on the plot, which would cover the bars.
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"{ABOVE_MARK}: minder dan de helft binnen de norm",
                                marker={"symbol": "square", "size": 14, "color": ABOVE}))
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="de helft",
                                line={"color": NORM, "dash": "dash", "width": 2}))
    for month, share, text in zip(months, shares, texts):
        if share is None:
            figure.add_annotation(x=month, y=0, text=text, showarrow=False, yanchor="bottom", font={"color": "#5b6570"})
    month_axis(figure, months)
    figure.update_yaxes(title=f"% binnen {weeks(norm_days)}", range=[0, 112], ticksuffix="%")
    return _layout(figure, 380)


def area_days(rows: pd.DataFrame, norm_days: int, min_count: int) -> go.Figure:
    """Per area a line from the median to the 90th percentile, against the norm; areas whose median
    lies above the norm in orange with a triangle and the words."""
    names = [plotly_text(n) for n in rows["name"]]
    medians, p90s = _values(rows["median"]), _values(rows["p90"])
    above = [is_above(v) for v in rows["above_norm"]]
    figure = go.Figure()
    for name, a, b in zip(names, medians, p90s):
        if a is not None:
            figure.add_trace(go.Scatter(x=[a, b], y=[name, name], mode="lines", line={"color": GRID, "width": 6},
                                        showlegend=False, hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=p90s, y=names, mode="markers", name="90% was binnen", marker={"color": P90, "size": 11, "symbol": "line-ns",
                                                                       "line": {"width": 3, "color": P90}},
        customdata=[days(v) for v in p90s], hovertemplate="%{y}: 90% binnen %{customdata}<extra></extra>",
    ))
    for is_above_norm, name, style in ((False, "Mediaan", {"color": PRIMARY, "size": 12, "symbol": "circle"}),
                                       (True, f"Mediaan {ABOVE_MARK}", {"color": ABOVE, "size": 15, "symbol": "triangle-up"})):
        picked = [(n, m) for n, m, a in zip(names, medians, above) if a == is_above_norm and m is not None]
        if picked:
            figure.add_trace(go.Scatter(
                x=[m for _, m in picked], y=[n for n, _ in picked], mode="markers", name=name, marker=style,
                customdata=[days(m) for _, m in picked], hovertemplate="%{y}: mediaan %{customdata}<extra></extra>",
            ))
    # The words go beyond the 90th percentile, where they cover nothing.
    marked = [(name, b if b is not None else a) for name, a, b, x in zip(names, medians, p90s, above) if x]
    figure.add_trace(go.Scatter(
        x=[x for _, x in marked], y=[name for name, _ in marked], mode="text", text=["  " + ABOVE_MARK] * len(marked),
        textposition="middle right", textfont={"color": ABOVE}, showlegend=False, hoverinfo="skip", cliponaxis=False,
    ))
    for name, value, row in zip(names, medians, rows.to_dict("records")):
        if value is None:
            text = _mark(row, min_count) if row["started"] != 0 else "niemand gestart"
            figure.add_annotation(x=0, y=name, text=text, showarrow=False, xanchor="left", font={"color": "#5b6570"})
    _norm_line(figure, norm_days, horizontal=False)
    top = max([norm_days, *[v for v in p90s if v is not None]])
    # Room to the right for the words and for the norm's label above its line.
    right = max(min(top, OPEN_FROM) * (1.5 if any(above) else 1.1), norm_days * 1.6)
    figure.update_xaxes(range=[0, right], ticksuffix=" d")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    return _layout(figure, 190 + 44 * len(rows))


def overview_table(totals: pd.DataFrame, services: pd.DataFrame, waiting: pd.DataFrame, min_count: int,
                   last_month_label: str, for_screen: bool) -> pd.DataFrame:
    """One row per service for the whole period. On screen every cell is Dutch text; for download a
    published number stays a number."""
    by_service = services.set_index("code")
    rows = []
    for total, wait in zip(totals.to_dict("records"), waiting.to_dict("records")):
        service = by_service.loc[total["service"]]
        shown = pd.notna(total["share"])
        rows.append({
            "Voorziening": service["label_nl"],
            "Gestart": _count(total, "started", min_count, for_screen),
            "Mediaan": days(total["median"]) if for_screen else _round(total["median"]),
            "90% binnen": days(total["p90"]) if for_screen else _round(total["p90"]),
            "Binnen de norm": (fmt.percent(total["share"]) if shown else _mark(total, min_count)) if for_screen
            else (round(float(total["share"]), 4) if shown else _mark(total, min_count)),
            "Boven de norm": ABOVE_MARK if is_above(total["above_norm"]) else "nee" if shown else fmt.MISSING,
            f"Wachtend eind {last_month_label}": _count(wait, "waiting", min_count, for_screen),
            "Norm": service["norm_nl"],
            "Bron": service["source"],
        })
    return pd.DataFrame(rows)


def detail_table(rows: pd.DataFrame, first_column: str, min_count: int, for_screen: bool) -> pd.DataFrame:
    """Per month or per area: starts, median, 90th percentile, share within the norm, still waiting."""
    labels = [fmt.month(parse_month(c)) for c in rows["code"]] if first_column == "Maand" else list(rows["name"])
    out = []
    for label, row in zip(labels, rows.to_dict("records")):
        shown = pd.notna(row["share"])
        out.append({
            first_column: label,
            "Gestart": _count(row, "started", min_count, for_screen),
            "Mediaan": days(row["median"]) if for_screen else _round(row["median"]),
            "90% binnen": days(row["p90"]) if for_screen else _round(row["p90"]),
            "Binnen de norm": (fmt.percent(row["share"]) if for_screen else round(float(row["share"]), 4)) if shown
            else _mark(row, min_count),
            "Boven de norm": ABOVE_MARK if is_above(row["above_norm"]) else "nee" if shown else fmt.MISSING,
            "Wachtend eind maand": _count(row, "waiting", min_count, for_screen),
        })
    return pd.DataFrame(out)


def _count(row: dict, measure: str, min_count: int, for_screen: bool):
    value = None if pd.isna(row[measure]) else int(row[measure])
    if for_screen or value is None:
        return fmt.count(value, row[f"{measure}_status"], min_count)
    return value


def _round(value):
    return None if value is None or pd.isna(value) else round(float(value), 1)


def where(level: str, name: str) -> str:
    """'in de wijk Oost', as Markdown."""
    name = md(name)
    return {"team": f"in het werkgebied van {name}", "district": f"in de wijk {name}",
            "neighbourhood": f"in de buurt {name}"}.get(level, f"in {name}")


def summary(totals: pd.DataFrame, services: pd.DataFrame, period_text: str, place: str) -> str:
    """Which services lie above their norm, and the range of shares helped within it (Markdown;
    ``place`` as ``where`` gives it)."""
    by_service = services.set_index("code")
    shown = totals[totals["share"].notna()]
    if shown.empty:
        return (f"In {period_text} begon de hulp {place} bij zo weinig mensen dat we de wachttijden niet tonen, "
                "om te voorkomen dat personen herkenbaar worden.")
    label = lambda code: md(by_service.loc[code, "label_nl"])  # noqa: E731
    above = [f"{label(r.service)} (mediaan {days(r.median)}, norm {weeks(int(by_service.loc[r.service, 'norm_days']))})"
             for r in shown.itertuples() if is_above(r.above_norm)]
    if above:
        first = (f"In {period_text} wachtte {place} bij {len(above)} van de {len(shown)} voorzieningen meer dan de helft "
                 f"langer dan de norm: {'; '.join(above)}.")
    else:
        first = f"In {period_text} kreeg {place} bij elke voorziening meer dan de helft hulp binnen de norm."
    low, high = shown.loc[shown["share"].idxmin()], shown.loc[shown["share"].idxmax()]
    second = (f"Binnen de norm geholpen: van {fmt.percent(low['share'], 0)} ({label(low['service'])}) "
              f"tot {fmt.percent(high['share'], 0)} ({label(high['service'])}).")
    return f"{first} {second}"


def waiting_bars(rows: pd.DataFrame, min_count: int) -> go.Figure:
    """People still waiting at the end of each month (a stock: months do not add up)."""
    parts = pd.DataFrame({"code": rows["code"], "value": rows["waiting"], "status": rows["waiting_status"]})
    return figures.monthly_bars(parts, min_count, "wachtend")
