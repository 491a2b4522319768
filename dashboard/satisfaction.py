"""Figures, tables and sentences of the satisfaction page: survey results in, no Streamlit.

Every score comes with its 95% interval (error bars). A result with too few respondents has no
dot and no score, only the words "te weinig respondenten". Two results whose intervals overlap are
never called different.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard.views.style import layout, wrap
from dashboard.literal import md, plotly_text
from queries.surveys import difference

TOO_FEW = "te weinig respondenten"
NO_DIFFERENCE = "geen duidelijk verschil"


@dataclass(frozen=True)
class Series:
    """One line in the charts: an area or a peer group."""

    kind: str  # 'area' or 'peer'
    code: str
    label: str
    colour: str
    symbol: str


# Okabe-Ito colours (safe for colour-blind readers), each with its own marker shape as well.
STYLES = (("#0072B2", "circle"), ("#009E73", "square"), ("#D55E00", "diamond"))


def score(value, scale: str) -> str:
    """A mark with one decimal ('6,6'), a share as a whole percentage ('62%')."""
    if value is None or pd.isna(value):
        return fmt.MISSING
    return fmt.number(value, 1) if scale == "cijfer" else fmt.percent(value, 0)


def interval(low, high, scale: str) -> str:
    if low is None or pd.isna(low):
        return fmt.MISSING
    if scale == "cijfer":
        return f"{fmt.number(low, 1)}–{fmt.number(high, 1)}"
    return f"{fmt.number(low * 100, 0)}–{fmt.percent(high, 0)}"


def _plotted(value, scale: str):
    if value is None or pd.isna(value):
        return None
    return float(value) if scale == "cijfer" else float(value) * 100


def _rows(results: pd.DataFrame) -> dict[tuple, dict]:
    """Every result by (kind, code, wave, question), the first where a key repeats. One pass over
    the frame: filtering it once per cell shown took most of the page's time."""
    columns = {name: _values(results[name]) for name in results.columns}  # to_dict("records") is slower
    rows = {}
    for values in zip(*columns.values()):
        row = dict(zip(columns, values))
        rows.setdefault((row["kind"], row["code"], row["wave"], row["question"]), row)
    return rows


def _values(column: pd.Series) -> list:
    """A column's values as a row's ``to_dict()`` gives them: Python scalars, None where a nullable
    column (Int64, Float64) has NA."""
    if getattr(column.dtype, "na_value", None) is pd.NA:
        return column.to_numpy(dtype=object, na_value=None).tolist()
    return column.tolist()


def _row(found: dict[tuple, dict], series: Series, wave: int, question: str) -> dict | None:
    return found.get((series.kind, series.code, wave, question))


def verdict(a: dict | None, b: dict | None, than: str) -> str:
    """'hoger dan vergelijkbare gemeenten', 'lager dan …', or 'geen duidelijk verschil' when the
    95% intervals overlap; empty where either has no score."""
    if not a or not b or not a["shown"] or not b["shown"] or pd.isna(a["low"]) or pd.isna(b["low"]):
        return ""
    direction = difference(a["low"], a["high"], b["low"], b["high"])
    return {1: f"hoger dan {than}", -1: f"lager dan {than}", 0: NO_DIFFERENCE}[direction]


def _layout(figure: go.Figure, height: int) -> go.Figure:
    return layout(figure, height, legend_y=-0.12, top=8).update_layout(scattermode="group")


def _axis(scale: str, results: pd.DataFrame | None = None) -> dict:
    """The value axis. Marks start a little below the lowest interval shown (not at 1), so that
    differences of half a point stay visible; the axis title says what is on it."""
    if scale == "cijfer":
        lows = results.loc[results["shown"], "low"].dropna() if results is not None else pd.Series(dtype=float)
        start = max(1, math.floor(float(lows.min())) - 1) if len(lows) else 1
        return {"title": "gemiddeld cijfer (1–10) met 95%-interval", "range": [start, 10], "dtick": 1}
    return {"title": "% (zeer) eens met 95%-interval", "range": [0, 100], "ticksuffix": "%"}


def _trace(series: Series, rows: list[dict | None], scale: str, positions: list, horizontal: bool, hover_labels: list[str]) -> go.Scatter:
    """``positions`` as plotly text already; ``hover_labels`` and the series' label as given."""
    values = [_plotted(r["value"], scale) if r and r["shown"] else None for r in rows]
    lows = [_plotted(r["low"], scale) if r and r["shown"] else None for r in rows]
    highs = [_plotted(r["high"], scale) if r and r["shown"] else None for r in rows]
    plus = [h - v if v is not None and h is not None else None for v, h in zip(values, highs)]
    minus = [v - lo if v is not None and lo is not None else None for v, lo in zip(values, lows)]
    error = {"type": "data", "array": plus, "arrayminus": minus, "color": series.colour, "thickness": 2, "width": 6}
    hover = [
        f"{label}: {score(r['value'], scale)} (95%: {interval(r['low'], r['high'], scale)}; {fmt.number(r['respondents'])} respondenten)"
        if r and r["shown"] else f"{label}: {TOO_FEW}" if r else f"{label}: geen meting"
        for label, r in zip(map(plotly_text, hover_labels), rows)
    ]
    label = plotly_text(series.label)
    common = {"name": label, "mode": "markers", "offsetgroup": series.code, "customdata": hover,
              "hovertemplate": f"{label}<br>%{{customdata}}<extra></extra>",
              "marker": {"color": series.colour, "symbol": series.symbol, "size": 11}}
    if horizontal:
        return go.Scatter(x=values, y=positions, error_x=error, orientation="h", **common)
    return go.Scatter(x=positions, y=values, error_y=error, **common)


def comparison_figure(results: pd.DataFrame, questions: pd.DataFrame, wave: int, series: list[Series]) -> go.Figure:
    """Per question the score of each series in one wave, with its 95% interval."""
    found = _rows(results)
    scale = questions["scale"].iloc[0]
    labels = [wrap(plotly_text(q), 34) for q in questions["label_nl"]]
    figure = go.Figure()
    for s in series:
        rows = [_row(found, s, wave, q) for q in questions["code"]]
        figure.add_trace(_trace(s, rows, scale, labels, True, list(questions["label_nl"])))
    figure.update_xaxes(**_axis(scale, results))
    figure.update_yaxes(autorange="reversed", type="category")
    return _layout(figure, 120 + 70 * len(questions))


def trend_figure(results: pd.DataFrame, question: str, scale: str, waves: list[int], series: list[Series]) -> go.Figure:
    """One question's score per wave for each series, with 95% intervals as error bars."""
    found = _rows(results)
    figure = go.Figure()
    for s in series:
        rows = [_row(found, s, w, question) for w in waves]
        trace = _trace(s, rows, scale, waves, False, [str(w) for w in waves])
        trace.update(mode="lines+markers", line={"color": s.colour, "width": 2})
        figure.add_trace(trace)
    figure.update_xaxes(tickvals=waves, ticktext=[str(w) for w in waves])
    figure.update_yaxes(**_axis(scale, results))
    return _layout(figure, 400)


def teams_figure(results: pd.DataFrame, teams: pd.DataFrame, question: str, scale: str, wave: int,
                 colour: str, min_count: int) -> go.Figure:
    """One question per team area in one wave; a team with too few respondents gets words, not a dot."""
    found = _rows(results)
    series = Series("area", "", "Wijkteamgebied", colour, "circle")
    rows = [_row(found, Series("area", code, "", "", ""), wave, question) for code in teams["code"]]
    names = [plotly_text(n) for n in teams["name"]]
    axis = _axis(scale, results)
    figure = go.Figure(_trace(series, rows, scale, names, True, list(teams["name"])))
    for name, row in zip(names, rows):
        if not row or not row["shown"]:
            text = f"{TOO_FEW} ({fmt.count(row['respondents'], row['respondents_status'], min_count)})" if row else "geen meting"
            figure.add_annotation(x=axis["range"][0], y=name, text=text, showarrow=False, xanchor="left",
                                  font={"color": "#5b6570"})
    figure.update_xaxes(**axis)
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_layout(showlegend=False)
    return _layout(figure, 110 + 44 * len(teams))


def comparison_table(results: pd.DataFrame, questions: pd.DataFrame, wave: int, series: list[Series],
                     peer: Series | None, min_count: int, for_screen: bool) -> pd.DataFrame:
    """Per question, for each series: score, 95% interval and respondents; then the verdict against
    the peer group. For download a score stays a number (rounded as on screen)."""
    found = _rows(results)
    scale = questions["scale"].iloc[0]
    out = []
    for question in questions.itertuples():
        line = {"Vraag": question.label_nl}
        for s in series:
            row = _row(found, s, wave, question.code)
            shown = bool(row and row["shown"])
            if for_screen:
                line[s.label] = score(row["value"], scale) if shown else TOO_FEW if row else fmt.MISSING
            else:
                line[s.label] = (round(float(row["value"]), 3) if shown else TOO_FEW if row else None)
            line[f"{s.label}: 95%-interval"] = interval(row["low"], row["high"], scale) if shown else fmt.MISSING
            line[f"{s.label}: respondenten"] = (
                fmt.count(None if pd.isna(row["respondents"]) else int(row["respondents"]), row["respondents_status"], min_count)
                if row else fmt.MISSING
            )
        if peer is not None:
            focus = _row(found, series[0], wave, question.code)
            line[f"Verschil met {peer.label.lower()}"] = verdict(focus, _row(found, peer, wave, question.code), peer.label.lower()) or fmt.MISSING
        out.append(line)
    return pd.DataFrame(out)


def trend_table(results: pd.DataFrame, question: str, scale: str, waves: list[int], series: list[Series]) -> pd.DataFrame:
    found = _rows(results)
    out = []
    for wave in waves:
        line = {"Meting": str(wave)}
        for s in series:
            row = _row(found, s, wave, question)
            line[s.label] = score(row["value"], scale) if row and row["shown"] else TOO_FEW if row else fmt.MISSING
            line[f"{s.label}: 95%-interval"] = interval(row["low"], row["high"], scale) if row and row["shown"] else fmt.MISSING
        out.append(line)
    return pd.DataFrame(out)


def teams_table(results: pd.DataFrame, teams: pd.DataFrame, question: str, scale: str, wave: int, min_count: int) -> pd.DataFrame:
    found = _rows(results)
    out = []
    for team in teams.itertuples():
        row = _row(found, Series("area", team.code, "", "", ""), wave, question)
        shown = bool(row and row["shown"])
        out.append({
            "Wijkteamgebied": team.name,
            "Score": score(row["value"], scale) if shown else TOO_FEW if row else fmt.MISSING,
            "95%-interval": interval(row["low"], row["high"], scale) if shown else fmt.MISSING,
            "Respondenten": fmt.count(None if pd.isna(row["respondents"]) else int(row["respondents"]),
                                      row["respondents_status"], min_count) if row else fmt.MISSING,
        })
    return pd.DataFrame(out)


def summary(results: pd.DataFrame, questions: pd.DataFrame, wave: int, focus: Series, peer: Series | None) -> str:
    """Where the focus area differs clearly from the peer group in one wave, and where it does not
    (Markdown)."""
    if peer is None:
        return ""
    found = _rows(results)
    scale, than, focus_label = questions["scale"].iloc[0], md(peer.label.lower()), md(focus.label)
    clear, unclear = [], []
    for question in questions.itertuples():
        a, b = _row(found, focus, wave, question.code), _row(found, peer, wave, question.code)
        said = verdict(a, b, than)
        if said == NO_DIFFERENCE:
            unclear.append(question.label_nl)  # only counted
        elif said:
            clear.append(f"{md(question.label_nl.lower())} ({score(a['value'], scale)} tegen {score(b['value'], scale)}: {said.split()[0]})")
    if not clear and not unclear:
        return f"In {wave} zijn er voor {focus_label} te weinig respondenten om met {than} te vergelijken."
    sentences = []
    if clear:
        sentences.append(f"In {wave} verschilt {focus_label} duidelijk van {than} bij " + "; ".join(clear) + ".")
    if unclear and clear:
        other = "de andere vraag" if len(unclear) == 1 else f"de andere {len(unclear)} vragen"
        sentences.append(f"Bij {other} is er {NO_DIFFERENCE}: de 95%-intervallen overlappen.")
    elif unclear:
        sentences.append(f"In {wave} is er bij {'de enige vraag' if len(unclear) == 1 else f'alle {len(unclear)} vragen'} "
                         f"{NO_DIFFERENCE} tussen {focus_label} en {than}: de 95%-intervallen overlappen.")
    return " ".join(sentences)
