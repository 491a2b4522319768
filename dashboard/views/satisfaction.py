"""The staff survey and the client-experience survey: which areas and peer groups are compared,
figures, tables, captions and the summary, from the published results of ``queries.surveys`` (no
Streamlit).

Every score comes with its 95% interval (error bars). A result with too few respondents has no
dot and no score: its mark says so where the dot would be. Two results are called different only
where their 95% intervals do not overlap (``compare.intervals``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import N_, _, ngettext
from dashboard.literal import md, plotly_text
from dashboard.views import cells, compare
from dashboard.views.style import MARK, layout, mark_hidden, wrap
from queries.periods import Period


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

# (survey, title, what to say when it was not held yet in the period)
SURVEYS = (
    ("medewerkers", N_("Medewerkersenquête"), N_("Er is nog geen medewerkersenquête in deze periode.")),
    ("clienten", N_("Cliëntervaringsonderzoek"),
     N_("Het cliëntervaringsonderzoek begon in 2016; in deze periode is aan cliënten nog niet gevraagd hoe "
        "tevreden zij zijn.")),
)


def too_few() -> str:
    """What a result with too few respondents shows instead of a score."""
    return _("te weinig respondenten")


def no_difference() -> str:
    return _("geen duidelijk verschil")


# Which areas and waves are shown

def teams(area_list: pd.DataFrame) -> pd.DataFrame:
    """The team areas (code, name) by name; ``area_list`` indexed by code."""
    return area_list[area_list["level"] == "team"].reset_index()[["code", "name"]].sort_values("name")


def focus_code(area_list: pd.DataFrame, area_code: str, area_level: str, municipality_code: str) -> str:
    """The area whose results are shown: the surveys are held per team area, so a district or
    neighbourhood is shown through its team area (the municipality where it has none)."""
    if area_level in ("district", "neighbourhood"):
        team = area_list.loc[area_code, "team_code"]  # missing (NaN) for a neighbourhood without a team
        return team if isinstance(team, str) else municipality_code
    return area_code


def series(area_list: pd.DataFrame, focus: str, municipality_code: str, groups: pd.DataFrame) -> tuple[list[Series], list[Series]]:
    """The lines of the charts, focus first (when it is not the municipality), then the municipality
    and the peer groups; and the peer groups alone."""
    shown = [Series("area", municipality_code, area_list.loc[municipality_code, "name"], *STYLES[1])]
    if focus != municipality_code:
        shown.insert(0, Series("area", focus, area_list.loc[focus, "name"], *STYLES[0]))
    peers = [Series("peer", g.group_code, _("Vergelijkbare gemeenten") if len(groups) == 1 else g.group_name, *STYLES[2])
             for g in groups.itertuples()]
    return shown + peers, peers


def area_codes(shown: list[Series], team_areas: pd.DataFrame) -> tuple[str, ...]:
    """The areas whose results a survey section reads: the lines and every team area."""
    return tuple(dict.fromkeys([s.code for s in shown if s.kind == "area"] + list(team_areas["code"])))


def waves(available: list[int], period: Period) -> list[int]:
    """The waves up to the period's end year that the section shows: those within the period, or
    every wave up to it when the period lies within one year (one wave is no trend)."""
    held = [w for w in available if w <= period.last.year]
    if not held:
        return []
    first = period.first.year if period.first.year < period.last.year else held[0]
    return [w for w in held if w >= first] or held[-1:]


def question_labels(questions: pd.DataFrame) -> dict[str, str]:
    return dict(zip(questions["code"], questions[i18n.label_column()]))


# Numbers

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


def _shown(row: dict | None) -> bool:
    return bool(row and row["shown"] and not pd.isna(row["low"]))


def _compare(a: dict | None, b: dict | None) -> compare.Verdict:
    """The sentence rule on two results: a difference only where their 95% intervals do not overlap."""
    return compare.intervals((a["low"], a["high"]) if _shown(a) else None, (b["low"], b["high"]) if _shown(b) else None)


def verdict(a: dict | None, b: dict | None, than: str) -> str:
    """'hoger dan vergelijkbare gemeenten', 'lager dan …', or 'geen duidelijk verschil' when the
    95% intervals overlap; empty where either has no score."""
    said = _compare(a, b)
    if said.reason == compare.HIDDEN:
        return ""
    if not said.named:
        return no_difference()
    return (_("hoger dan {than}") if said.direction == compare.HIGHER else _("lager dan {than}")).format(than=than)


# Figures

def _layout(figure: go.Figure, height: int) -> go.Figure:
    return layout(figure, height, legend_y=-0.12, top=8).update_layout(scattermode="group")


def _axis(scale: str, results: pd.DataFrame | None = None) -> dict:
    """The value axis. Marks start a little below the lowest interval shown (not at 1), so that
    differences of half a point stay visible; the axis title says what is on it."""
    if scale == "cijfer":
        lows = results.loc[results["shown"], "low"].dropna() if results is not None else pd.Series(dtype=float)
        start = max(1, math.floor(float(lows.min())) - 1) if len(lows) else 1
        return {"title": _("gemiddeld cijfer (1–10) met 95%-interval"), "range": [start, 10], "dtick": 1}
    return {"title": _("% (zeer) eens met 95%-interval"), "range": [0, 100], "ticksuffix": "%"}


def _hover(label: str, row: dict | None, scale: str) -> str:
    """``label`` as plotly text already."""
    if not row:
        return _("{label}: geen meting").format(label=label)
    if not row["shown"]:
        return _("{label}: {mark}").format(label=label, mark=too_few())
    return _("{label}: {score} (95%: {interval}; {n} respondenten)").format(
        label=label, score=score(row["value"], scale), interval=interval(row["low"], row["high"], scale),
        n=fmt.number(row["respondents"]))


def _trace(series: Series, rows: list[dict | None], scale: str, positions: list, horizontal: bool, hover_labels: list[str]) -> go.Scatter:
    """``positions`` as plotly text already; ``hover_labels`` and the series' label as given."""
    values = [_plotted(r["value"], scale) if r and r["shown"] else None for r in rows]
    lows = [_plotted(r["low"], scale) if r and r["shown"] else None for r in rows]
    highs = [_plotted(r["high"], scale) if r and r["shown"] else None for r in rows]
    plus = [h - v if v is not None and h is not None else None for v, h in zip(values, highs)]
    minus = [v - lo if v is not None and lo is not None else None for v, lo in zip(values, lows)]
    error = {"type": "data", "array": plus, "arrayminus": minus, "color": series.colour, "thickness": 2, "width": 6}
    hover = [_hover(label, r, scale) for label, r in zip(map(plotly_text, hover_labels), rows)]
    label = plotly_text(series.label)
    common = {"name": label, "mode": "markers", "offsetgroup": series.code, "customdata": hover,
              "hovertemplate": f"{label}<br>%{{customdata}}<extra></extra>",
              "marker": {"color": series.colour, "symbol": series.symbol, "size": 11}}
    if horizontal:
        return go.Scatter(x=values, y=positions, error_x=error, orientation="h", **common)
    return go.Scatter(x=positions, y=values, error_y=error, **common)


def _marks(series: Series, rows: list[dict | None], positions: list, horizontal: bool, start: float, text: str) -> go.Scatter:
    """The marks of a series' hidden results, where its dots would be (beside the other series' dots
    in the same group): no dot, no interval, the words or sign in grey."""
    hidden = [p for p, r in zip(positions, rows) if r and not r["shown"]]
    common = {"mode": "text", "text": [text] * len(hidden), "textfont": {"color": MARK}, "offsetgroup": series.code,
              "showlegend": False, "hovertext": [too_few()] * len(hidden), "hoverinfo": "text", "cliponaxis": False}
    if horizontal:
        return go.Scatter(x=[start] * len(hidden), y=hidden, orientation="h", textposition="middle right", **common)
    return go.Scatter(x=hidden, y=[start] * len(hidden), textposition="top center", **common)


def comparison_figure(results: pd.DataFrame, questions: pd.DataFrame, wave: int, series: list[Series]) -> go.Figure:
    """Per question the score of each series in one wave, with its 95% interval."""
    found = _rows(results)
    scale = questions["scale"].iloc[0]
    names = list(questions[i18n.label_column()])
    labels = [wrap(plotly_text(q), 34) for q in names]
    axis = _axis(scale, results)
    figure = go.Figure()
    for s in series:
        rows = [_row(found, s, wave, q) for q in questions["code"]]
        figure.add_trace(_trace(s, rows, scale, labels, True, names))
        figure.add_trace(_marks(s, rows, labels, True, axis["range"][0], too_few()))
    figure.update_xaxes(**axis)
    figure.update_yaxes(autorange="reversed", type="category")
    return _layout(figure, 120 + 70 * len(questions))


def trend_figure(results: pd.DataFrame, question: str, scale: str, waves: list[int], series: list[Series]) -> go.Figure:
    """One question's score per wave for each series, with 95% intervals as error bars."""
    found = _rows(results)
    axis = _axis(scale, results)
    figure = go.Figure()
    for s in series:
        rows = [_row(found, s, w, question) for w in waves]
        trace = _trace(s, rows, scale, waves, False, [str(w) for w in waves])
        trace.update(mode="lines+markers", line={"color": s.colour, "width": 2})
        figure.add_trace(trace)
        figure.add_trace(_marks(s, rows, waves, False, axis["range"][0], "×"))  # no room for words between waves
    figure.update_xaxes(tickvals=waves, ticktext=[str(w) for w in waves])
    figure.update_yaxes(**axis)
    return _layout(figure, 400)


def teams_figure(results: pd.DataFrame, teams: pd.DataFrame, question: str, scale: str, wave: int,
                 colour: str, min_count: int) -> go.Figure:
    """One question per team area in one wave; a team with too few respondents gets words, not a dot."""
    found = _rows(results)
    series = Series("area", "", _("Wijkteamgebied"), colour, "circle")
    rows = [_row(found, Series("area", code, "", "", ""), wave, question) for code in teams["code"]]
    names = [plotly_text(n) for n in teams["name"]]
    axis = _axis(scale, results)
    figure = go.Figure(_trace(series, rows, scale, names, True, list(teams["name"])))
    empty = [(name, _("{mark} ({n})").format(mark=too_few(), n=_respondents(row, min_count))
              if row else _("geen meting")) for name, row in zip(names, rows) if not row or not row["shown"]]
    mark_hidden(figure, [n for n, _t in empty], [t for _n, t in empty], horizontal=True, base=axis["range"][0])
    figure.update_xaxes(**axis)
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_layout(showlegend=False)
    return _layout(figure, 110 + 44 * len(teams))


# Tables

def _respondents(row: dict | None, min_count: int) -> cells.Cell:
    if not row:
        return cells.words(fmt.MISSING)
    return cells.count(row["respondents"], row["respondents_status"], min_count)


def _score(row: dict | None, scale: str) -> cells.Cell:
    """A score as the screen shows it (a mark '6,6', a share '62%'), too few respondents in words."""
    if not (row and row["shown"]):
        return cells.words(too_few() if row else fmt.MISSING)
    if scale == "cijfer":
        return cells.decimal(row["value"], 1)
    return cells.share(row["value"], 0)


def _interval(row: dict | None, scale: str) -> cells.Cell:
    """The 95% interval: '6,1–7,2' on screen, its two ends in a file."""
    if not (row and row["shown"]) or pd.isna(row["low"]):
        return cells.words(fmt.MISSING)
    text = interval(row["low"], row["high"], scale)
    if scale == "cijfer":
        return cells.Cell(text, (round(float(row["low"]), 1), round(float(row["high"]), 1)), cells.NUMBER, 1)
    ends = (round(float(row["low"]) * 100), round(float(row["high"]) * 100))
    return cells.Cell(text, ends, cells.PERCENT, 0, unit="%")


def comparison_table(results: pd.DataFrame, questions: pd.DataFrame, wave: int, series: list[Series],
                     peer: Series | None, min_count: int) -> pd.DataFrame:
    """Per question, for each series: score, 95% interval and respondents; then the verdict against
    the peer group (``views.cells``: text on screen, numbers in a file)."""
    found = _rows(results)
    scale = questions["scale"].iloc[0]
    out = []
    for code, label in question_labels(questions).items():
        line = {_("Vraag"): label}
        for s in series:
            row = _row(found, s, wave, code)
            line[s.label] = _score(row, scale)
            line[_("{series}: 95%-interval").format(series=s.label)] = _interval(row, scale)
            line[_("{series}: respondenten").format(series=s.label)] = _respondents(row, min_count)
        if peer is not None:
            than = peer.label.lower()
            said = verdict(_row(found, series[0], wave, code), _row(found, peer, wave, code), than)
            line[_("Verschil met {peer}").format(peer=than)] = said or fmt.MISSING
        out.append(line)
    return pd.DataFrame(out)


def trend_table(results: pd.DataFrame, question: str, scale: str, waves: list[int], series: list[Series]) -> pd.DataFrame:
    found = _rows(results)
    out = []
    for wave in waves:
        line = {_("Meting"): str(wave)}
        for s in series:
            row = _row(found, s, wave, question)
            line[s.label] = _score(row, scale)
            line[_("{series}: 95%-interval").format(series=s.label)] = _interval(row, scale)
        out.append(line)
    return pd.DataFrame(out)


def teams_table(results: pd.DataFrame, teams: pd.DataFrame, question: str, scale: str, wave: int, min_count: int) -> pd.DataFrame:
    found = _rows(results)
    out = []
    for team in teams.itertuples():
        row = _row(found, Series("area", team.code, "", "", ""), wave, question)
        out.append({
            _("Wijkteamgebied"): team.name,
            _("Score"): _score(row, scale),
            _("95%-interval"): _interval(row, scale),
            _("Respondenten"): _respondents(row, min_count),
        })
    return pd.DataFrame(out)


# Sentences and captions

def _and(items: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    if len(items) == 1:
        return items[0]
    return _("{items} en {last}").format(items=", ".join(items[:-1]), last=items[-1])


def summary(results: pd.DataFrame, questions: pd.DataFrame, wave: int, focus: Series, peer: Series | None) -> str:
    """On which questions the focus area scored higher or lower than the peer group in one wave,
    on how many there is no clear difference, and how many results are hidden (Markdown).

    Each difference is the sentence rule's (``compare.intervals``); "alle" needs every question
    compared (``compare.tally``), and results hidden for too few respondents are counted apart."""
    if peer is None:
        return ""
    found = _rows(results)
    scale = questions["scale"].iloc[0]
    than, who = md(peer.label.lower()), md(focus.label)
    higher, lower, same, hidden = [], [], [], 0
    for code, label in question_labels(questions).items():
        a, b = _row(found, focus, wave, code), _row(found, peer, wave, code)
        if not a or not b:
            continue  # not asked of one of them: nothing to compare, nothing hidden
        said = _compare(a, b)
        if said.reason == compare.HIDDEN:
            hidden += (not _shown(a)) + (not _shown(b))
            continue
        item = _("‘{question}’ ({score} tegen {other})").format(
            question=md(label), score=score(a["value"], scale), other=score(b["value"], scale))
        {compare.HIGHER: higher, compare.LOWER: lower, compare.SAME: same}[said.direction].append((md(label), item))
    values = {"wave": wave, "focus": who, "peer": than}
    if not higher and not lower and not same:
        return _("In {wave} zijn er voor {focus} te weinig respondenten om met {peer} te vergelijken.").format(**values)
    sentences = []
    if higher:
        sentences.append(_("In {wave} scoorde {focus} hoger dan {peer} op {items}.").format(
            items=_and([item for _label, item in higher]), **values))
    if lower:
        template = _("Op {items} scoorde {focus} juist lager.") if higher else \
            _("In {wave} scoorde {focus} lager dan {peer} op {items}.")
        sentences.append(template.format(items=_and([item for _label, item in lower]), **values))
    if same and (higher or lower):
        sentences.append(ngettext("Bij de andere vraag is er geen duidelijk verschil: de 95%-intervallen overlappen.",
                                  "Bij de andere {n} vragen is er geen duidelijk verschil: de 95%-intervallen overlappen.",
                                  len(same)).format(n=len(same)))
    elif same:
        tally = compare.tally([True] * len(same))
        if tally.quantifier == compare.ALL:
            template = (_("In {wave} is er bij alle {n} vergeleken vragen geen duidelijk verschil tussen {focus} en "
                          "{peer}: de 95%-intervallen overlappen.") if hidden else
                        _("In {wave} is er bij alle {n} vragen geen duidelijk verschil tussen {focus} en {peer}: de "
                          "95%-intervallen overlappen."))
            sentences.append(template.format(n=len(same), **values))
        else:
            sentences.append(_("In {wave} is er bij {question} geen duidelijk verschil tussen {focus} en {peer}: de "
                               "95%-intervallen overlappen.").format(question=_("‘{question}’").format(question=same[0][0]),
                                                                      **values))
    sentences.append(compare.hidden_note(hidden))
    return " ".join(s for s in sentences if s)


def intro(min_respondents: int) -> str:
    return _("Eén meting per jaar. Gemiddelden en percentages met hun 95%-interval (de strepen): overlappen twee "
             "intervallen, dan noemen we het verschil niet duidelijk. "
             "Uitkomsten van minder dan {min} respondenten tonen we niet als score.").format(min=min_respondents)


def team_note(team_name: str) -> str:
    """Why a district is shown through its team area (Markdown)."""
    return _("De enquêtes worden per wijkteamgebied gehouden; u ziet de uitkomsten van {team}.").format(team=md(team_name))


def filters_note() -> str:
    return _("Thema en kanaal gelden hier niet: de enquêtes vragen niet per thema of kanaal.")


def questions_heading(wave: int) -> str:
    return _("Alle vragen, meting {wave}").format(wave=wave)


def trend_heading(waves: list[int]) -> str:
    if len(waves) > 1:
        return _("Door de jaren, {first}–{last}").format(first=waves[0], last=waves[-1])
    return _("Meting {wave}").format(wave=waves[-1])


def teams_heading(wave: int) -> str:
    return _("Per wijkteamgebied, meting {wave}").format(wave=wave)
