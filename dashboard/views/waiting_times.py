"""Waiting times per service against their norms: figures, tables, captions and the summary, from
the published rows of ``queries.waits`` (no Streamlit).

"Above the norm" means that more than half waited longer than the norm (the median lies above it).
It is marked by colour, by a triangle and in words, never by colour alone. A statistic the query
layer did not publish is drawn as its mark ("<5"), never as zero. The summary follows the sentence
rule (``views/compare.py``): it counts only the services whose figures are shown, says how many are
not, and keeps apart a service nobody started with (nothing to show) and one that is hidden.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.literal import md, plotly_text
from dashboard.views import cells, compare
from dashboard.views.areas import in_area
from dashboard.views.overview import lower_first
from dashboard.views.style import GRID, PRIMARY, layout, mark_hidden, month_axis
from queries.periods import Period, parse_month
from queries.waits import AREA, MONTH, OPEN_FROM, REMAINDER, TOTAL

ABOVE = "#c2410c"  # dark orange: stands apart from the blue for colour-blind readers too
P90 = "#6b8fb5"
NORM = "#1c1e21"


def above_mark() -> str:
    return _("▲ boven de norm")


def days(value) -> str:
    """'11,0 dagen', '85 dagen of meer' (the last bucket has no upper edge), or the missing mark."""
    if value is None or pd.isna(value):
        return fmt.MISSING
    if value >= OPEN_FROM:
        return _("{days} dagen of meer").format(days=OPEN_FROM)
    return _("{days} dagen").format(days=fmt.number(value, 1))


def weeks(norm_days: int) -> str:
    """A norm as people say it: '6 weken', '3 dagen'."""
    if norm_days % 7 == 0:
        return ngettext("{n} week", "{n} weken", norm_days // 7).format(n=norm_days // 7)
    return ngettext("{n} dag", "{n} dagen", norm_days).format(n=norm_days)


def norm_text(service) -> str:
    """The norm of a service in words, as the reference data state it in the active language."""
    return str(service[f"norm_{i18n.current()}"])


def norm_caption(service: pd.Series) -> str:
    """The norm with its source, and the urgent norm where there is one (Markdown)."""
    text = _("**Norm:** {norm}. **Bron:** {source}.").format(norm=md(norm_text(service)), source=md(service["source"]))
    if pd.notna(service.get("urgent_norm_days")):
        text += " " + _("Voor spoedgevallen geldt een kortere termijn; die worden in deze gegevens niet apart "
                        "geregistreerd, dus die norm is hier niet te toetsen.")
    return text


def is_above(value) -> bool:
    """Whether a row is marked above the norm (NA, where not published, is not)."""
    return bool(value) if pd.notna(value) else False


# Which rows the page shows

def totals(waits: pd.DataFrame) -> pd.DataFrame:
    """One row per service for the whole period."""
    return waits[waits["kind"] == TOTAL]


def last_month(waits: pd.DataFrame) -> pd.DataFrame:
    """One row per service for the last month of the period: who was still waiting at its end."""
    monthly = waits[waits["kind"] == MONTH]
    return monthly[monthly["code"] == monthly["code"].iloc[-1]]


def months_of(waits: pd.DataFrame, service: str) -> pd.DataFrame:
    return waits[(waits["service"] == service) & (waits["kind"] == MONTH)]


def areas_of(waits: pd.DataFrame, service: str) -> pd.DataFrame:
    """The areas one level down, and the starts no such area holds, for one service."""
    return waits[(waits["service"] == service) & waits["kind"].isin([AREA, REMAINDER])]


def has_marks(waits: pd.DataFrame, service: str) -> bool:
    """Whether what the page shows (every service's totals, one service in detail) holds a mark
    that the legend of protected figures must explain."""
    shown = waits[(waits["kind"] == TOTAL) | (waits["service"] == service)]
    return bool((shown[[c for c in waits.columns if c.endswith("_status")]] != "").any(axis=None))


def service_labels(services: pd.DataFrame) -> dict[str, str]:
    return dict(zip(services["code"], services[i18n.label_column()]))


def _area_name(row: dict) -> str:
    """An area's name from the data; the remainder row is named by us, in the active language."""
    if row["kind"] == REMAINDER:
        return {"Zonder wijkteamgebied": _("Zonder wijkteamgebied"), "Zonder deelgebied": _("Zonder deelgebied")}.get(
            row["name"], row["name"])
    return row["name"]


def _mark(row, min_count: int) -> str:
    """Why a row's statistics are not shown: the mark of the starts or of those within the norm
    when they are under the threshold."""
    for measure in ("started", "within"):
        if row[f"{measure}_status"]:
            return fmt.count(None, row[f"{measure}_status"], min_count)
    return fmt.MISSING


def _hidden(row) -> bool:
    """A row whose statistics are not published because a count under them is too small (not one
    where nobody started)."""
    return bool(row["started_status"] or row["within_status"])


# Figures

def _layout(figure: go.Figure, height: int) -> go.Figure:
    return layout(figure, height, legend_y=-0.14, top=28)


def _values(series: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in series]


def monthly_days(rows: pd.DataFrame, norm_days: int, min_count: int) -> go.Figure:
    """Median and 90th percentile per month against the norm. ``rows``: the month rows of one service."""
    months = [parse_month(c) for c in rows["code"]]
    medians, p90s = _values(rows["median"]), _values(rows["p90"])
    records = rows.to_dict("records")
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=months, y=p90s, name=_("90% was binnen"), mode="lines+markers", line={"color": P90, "dash": "dot", "width": 2},
        marker={"size": 6}, hovertemplate="%{customdata}<extra></extra>",
        customdata=[_("{month}: 90% binnen {days}").format(month=fmt.month(m), days=days(b)) for m, b in zip(months, p90s)],
    ))
    figure.add_trace(go.Scatter(
        x=months, y=medians, name=_("Mediaan"), mode="lines+markers", line={"color": PRIMARY, "width": 3},
        marker={"size": 7}, hovertemplate="%{customdata}<extra></extra>",
        customdata=[_("{month}: mediaan {days}, binnen de norm {share}").format(
            month=fmt.month(m), days=days(a), share=fmt.percent(fmt.optional(s))) for m, a, s in zip(months, medians, rows["share"])],
    ))
    above = [is_above(v) for v in rows["above_norm"]]
    figure.add_trace(go.Scatter(
        x=[m for m, a in zip(months, above) if a], y=[v for v, a in zip(medians, above) if a], name=above_mark(),
        mode="markers", marker={"symbol": "triangle-up", "size": 14, "color": ABOVE, "line": {"color": "white", "width": 1}},
        hoverinfo="skip",
    ))
    _norm_line(figure, norm_days, horizontal=True)
    hidden = [(m, _mark(r, min_count)) for m, r in zip(months, records) if pd.isna(r["median"]) and r["started"] != 0]
    mark_hidden(figure, [m for m, _t in hidden], [t for _m, t in hidden])
    month_axis(figure, months)
    top = max([norm_days, *[v for v in p90s if v is not None]])
    figure.update_yaxes(title=_("wachttijd in dagen"), rangemode="tozero", range=[0, min(top, OPEN_FROM) * 1.15])
    return _layout(figure, 380)


def _norm_line(figure: go.Figure, norm_days: int, horizontal: bool) -> None:
    text = _("norm {weeks}").format(weeks=weeks(norm_days))
    if horizontal:
        figure.add_hline(y=norm_days, line={"color": NORM, "dash": "dash", "width": 2},
                         annotation={"text": text, "xanchor": "left", "x": 0, "yanchor": "bottom", "bgcolor": "white"})
    else:
        figure.add_vline(x=norm_days, line={"color": NORM, "dash": "dash", "width": 2},
                         annotation={"text": text, "yanchor": "bottom", "y": 1, "xanchor": "left", "bgcolor": "white"})
    # A legend entry for the line, so the norm is named where the series are.
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=_("Norm: {weeks}").format(weeks=weeks(norm_days)),
                                line={"color": NORM, "dash": "dash", "width": 2}))


def monthly_share(rows: pd.DataFrame, norm_days: int, min_count: int) -> go.Figure:
    """Share helped within the norm per month; months where fewer than half were are marked."""
    months = [parse_month(c) for c in rows["code"]]
    shares = [None if pd.isna(s) else float(s) * 100 for s in rows["share"]]
    above = [is_above(v) for v in rows["above_norm"]]
    texts = [(fmt.percent(s / 100, 0) + (" ▲" if a else "")) if s is not None else _mark(r, min_count)
             for s, a, r in zip(shares, above, rows.to_dict("records"))]
    figure = go.Figure(go.Bar(
        x=months, y=shares, name=_("Binnen de norm ({weeks})").format(weeks=weeks(norm_days)),
        marker={"color": [ABOVE if a else PRIMARY for a in above],
                "pattern": {"shape": ["/" if a else "" for a in above], "fgcolor": "white"}},
        text=texts if len(months) <= 12 else None, textposition="outside", cliponaxis=False,
        customdata=[_("{month}: {share} binnen de norm").format(month=fmt.month(m), share=t) for m, t in zip(months, texts)],
        hovertemplate="%{customdata}<extra></extra>",
    ))
    figure.add_hline(y=50, line={"color": NORM, "dash": "dash", "width": 2})
    # Legend entries instead of labels on the plot, which would cover the bars.
    figure.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", marker={"symbol": "square", "size": 14, "color": ABOVE},
        name=_("{mark}: minder dan de helft binnen de norm").format(mark=above_mark())))
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=_("de helft"),
                                line={"color": NORM, "dash": "dash", "width": 2}))
    hidden = [(m, t) for m, s, t in zip(months, shares, texts) if s is None]
    mark_hidden(figure, [m for m, _t in hidden], [t for _m, t in hidden])
    month_axis(figure, months)
    figure.update_yaxes(title=_("% binnen {weeks}").format(weeks=weeks(norm_days)), range=[0, 112], ticksuffix="%")
    return _layout(figure, 380)


def area_days(rows: pd.DataFrame, norm_days: int, min_count: int) -> go.Figure:
    """Per area a line from the median to the 90th percentile, against the norm; areas whose median
    lies above the norm in orange with a triangle and the words."""
    records = rows.to_dict("records")
    names = [plotly_text(_area_name(r)) for r in records]
    medians, p90s = _values(rows["median"]), _values(rows["p90"])
    above = [is_above(v) for v in rows["above_norm"]]
    figure = go.Figure()
    for name, a, b in zip(names, medians, p90s):
        if a is not None:
            figure.add_trace(go.Scatter(x=[a, b], y=[name, name], mode="lines", line={"color": GRID, "width": 6},
                                        showlegend=False, hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=p90s, y=names, mode="markers", name=_("90% was binnen"),
        marker={"color": P90, "size": 11, "symbol": "line-ns", "line": {"width": 3, "color": P90}},
        customdata=[_("{area}: 90% binnen {days}").format(area=n, days=days(v)) for n, v in zip(names, p90s)],
        hovertemplate="%{customdata}<extra></extra>",
    ))
    for is_above_norm, name, style in ((False, _("Mediaan"), {"color": PRIMARY, "size": 12, "symbol": "circle"}),
                                       (True, _("Mediaan {mark}").format(mark=above_mark()),
                                        {"color": ABOVE, "size": 15, "symbol": "triangle-up"})):
        picked = [(n, m) for n, m, a in zip(names, medians, above) if a == is_above_norm and m is not None]
        if picked:
            figure.add_trace(go.Scatter(
                x=[m for _n, m in picked], y=[n for n, _m in picked], mode="markers", name=name, marker=style,
                customdata=[_("{area}: mediaan {days}").format(area=n, days=days(m)) for n, m in picked],
                hovertemplate="%{customdata}<extra></extra>",
            ))
    # The words go beyond the 90th percentile, where they cover nothing.
    marked = [(name, b if b is not None else a) for name, a, b, x in zip(names, medians, p90s, above) if x]
    figure.add_trace(go.Scatter(
        x=[x for _n, x in marked], y=[name for name, _x in marked], mode="text", text=["  " + above_mark()] * len(marked),
        textposition="middle right", textfont={"color": ABOVE}, showlegend=False, hoverinfo="skip", cliponaxis=False,
    ))
    empty = [(n, _mark(r, min_count) if r["started"] != 0 else _("niemand gestart"))
             for n, v, r in zip(names, medians, records) if v is None]
    mark_hidden(figure, [n for n, _t in empty], [t for _n, t in empty], horizontal=True)
    _norm_line(figure, norm_days, horizontal=False)
    top = max([norm_days, *[v for v in p90s if v is not None]])
    # Room to the right for the words and for the norm's label above its line.
    right = max(min(top, OPEN_FROM) * (1.5 if any(above) else 1.1), norm_days * 1.6)
    figure.update_xaxes(range=[0, right], ticksuffix=" " + _("d"))
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    return _layout(figure, 190 + 44 * len(rows))


def waiting_bars(rows: pd.DataFrame, min_count: int) -> go.Figure:
    """People still waiting at the end of each month (a stock: months do not add up); a month under
    the threshold gets its mark, no bar."""
    months = [parse_month(c) for c in rows["code"]]
    values = [None if pd.isna(v) else int(v) for v in rows["waiting"]]
    texts = [fmt.count(v, s, min_count) for v, s in zip(values, rows["waiting_status"])]
    figure = go.Figure(go.Bar(
        x=months, y=values, marker_color=PRIMARY, name=_("Wachtend"),
        customdata=[_("{month}: {n} wachtend").format(month=fmt.month(m), n=t) for m, t in zip(months, texts)],
        hovertemplate="%{customdata}<extra></extra>",
    ))
    month_axis(figure, months)
    hidden = [(m, t) for m, v, t in zip(months, values, texts) if v is None]
    mark_hidden(figure, [m for m, _t in hidden], [t for _m, t in hidden])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return layout(figure, 320)


# Tables

def overview_table(totals: pd.DataFrame, services: pd.DataFrame, waiting: pd.DataFrame, min_count: int,
                   last_month_label: str) -> pd.DataFrame:
    """One row per service for the whole period (``views.cells``: text on screen, numbers in a file)."""
    by_service = services.set_index("code")
    rows = []
    for total, wait in zip(totals.to_dict("records"), waiting.to_dict("records")):
        service = by_service.loc[total["service"]]
        rows.append({
            _("Voorziening"): service[i18n.label_column()],
            **_figures(total, min_count),
            _("Wachtend eind {month}").format(month=last_month_label): _count(wait, "waiting", min_count),
            _("Norm"): norm_text(service),
            _("Bron"): service["source"],
        })
    return pd.DataFrame(rows)


def detail_table(rows: pd.DataFrame, by: str, min_count: int) -> pd.DataFrame:
    """Per month (``by="month"``) or per area (``by="area"``): starts, median, 90th percentile,
    share within the norm, still waiting."""
    records = rows.to_dict("records")
    if by == "month":
        heading, labels = _("Maand"), [fmt.month(parse_month(r["code"])) for r in records]
    else:
        heading, labels = _("Gebied"), [_area_name(r) for r in records]
    return pd.DataFrame([{heading: label, **_figures(row, min_count), _("Wachtend eind maand"): _count(row, "waiting", min_count)}
                         for label, row in zip(labels, records)])


def _figures(row: dict, min_count: int) -> dict:
    shown = pd.notna(row["share"])
    return {
        _("Gestart"): _count(row, "started", min_count),
        _("Mediaan"): _days(row["median"]),
        _("90% binnen"): _days(row["p90"]),
        _("Binnen de norm"): cells.share(row["share"]) if shown else cells.words(_mark(row, min_count)),
        _("Boven de norm"): _above_cell(row, shown),
    }


def _days(value) -> cells.Cell:
    """Days as a number; the open last bucket ('85 dagen of meer') as its lower edge, flagged."""
    unit = _("dagen")
    if value is None or pd.isna(value):
        return cells.Cell(fmt.MISSING, None, cells.NUMBER, 1, unit=unit)
    if value >= OPEN_FROM:
        return cells.Cell(days(value), OPEN_FROM, cells.NUMBER, 0, _("of meer"), unit)
    return cells.Cell(days(value), round(float(value), 1), cells.NUMBER, 1, unit=unit)


def _above_cell(row: dict, shown: bool) -> str:
    if is_above(row["above_norm"]):
        return above_mark()
    return _("nee") if shown else fmt.MISSING


def _count(row: dict, measure: str, min_count: int) -> cells.Cell:
    return cells.count(row[measure], row[f"{measure}_status"], min_count)


# Sentences and captions

def summary(totals: pd.DataFrame, services: pd.DataFrame, period: Period, level: str, name: str) -> str:
    """At how many of the services shown the waiting time lay above the norm, the range of shares
    helped within it, and how many services are not shown (Markdown: labels and names come from
    the data).

    A service counts only where its figures are shown (``compare.tally``): "alle" needs every shown
    one, and the services hidden for too few starts are named as a number, never silently left out
    of "every". A service that nobody started is neither shown nor hidden: there is nothing to show.
    """
    by_service = services.set_index("code")
    records = totals.to_dict("records")
    shown = [r for r in records if pd.notna(r["share"])]
    hidden = sum(1 for r in records if pd.isna(r["share"]) and _hidden(r))
    nobody = sum(1 for r in records if pd.isna(r["share"]) and not _hidden(r))
    when, place = fmt.period(period), in_area(level, name)
    label = lambda code: md(by_service.loc[code, i18n.label_column()])  # noqa: E731
    if not shown:
        if hidden:
            return _("In {period} begon de hulp {place} bij zo weinig mensen dat we de wachttijden niet tonen, "
                     "om te voorkomen dat personen herkenbaar worden.").format(period=when, place=place)
        return _("In {period} is {place} bij geen enkele voorziening hulp begonnen.").format(period=when, place=place)

    tally = compare.tally([is_above(r["above_norm"]) for r in shown] + [None] * hidden)
    above = [_("{service} (mediaan {median}, norm {norm})").format(
        service=label(r["service"]), median=days(r["median"]), norm=weeks(int(by_service.loc[r["service"], "norm_days"])))
        for r in shown if is_above(r["above_norm"])]
    values = {"period": when, "place": place, "n": tally.shown, "k": tally.meeting, "services": "; ".join(above)}
    if tally.quantifier == compare.ALL:
        first = (_("In {period} lag de wachttijd {place} bij alle {n} getoonde voorzieningen boven de norm: {services}.")
                 if hidden else _("In {period} lag de wachttijd {place} bij alle {n} voorzieningen boven de norm: {services}."))
    elif tally.shown == 1:
        only = shown[0]
        values |= {"service": label(only["service"]), "share": fmt.percent(only["share"], 0),
                   "norm": weeks(int(by_service.loc[only["service"], "norm_days"])), "median": days(only["median"])}
        first = (_("In {period} lag de wachttijd {place} bij de enige getoonde voorziening, {service}, boven de norm: "
                   "mediaan {median}, norm {norm}.") if tally.meeting else
                 _("In {period} lag de wachttijd {place} bij de enige getoonde voorziening, {service}, niet boven de "
                   "norm: {share} werd binnen {norm} geholpen."))
    elif tally.quantifier == compare.NONE:
        first = (_("In {period} lag de wachttijd {place} bij geen van de {n} getoonde voorzieningen boven de norm.")
                 if hidden else _("In {period} lag de wachttijd {place} bij geen van de {n} voorzieningen boven de norm."))
    else:
        first = (_("In {period} lag de wachttijd {place} bij {k} van de {n} getoonde voorzieningen boven de norm: "
                   "{services}.") if hidden else
                 _("In {period} lag de wachttijd {place} bij {k} van de {n} voorzieningen boven de norm: {services}."))
    sentences = [first.format(**values)]
    if compare.may_rank(tally.shown):
        low = min(shown, key=lambda r: r["share"])
        high = max(shown, key=lambda r: r["share"])
        if fmt.percent(low["share"], 0) == fmt.percent(high["share"], 0):  # a range from a figure to itself says nothing
            sentences.append(_("Het aandeel dat binnen de norm werd geholpen was overal {share}.").format(
                share=fmt.percent(low["share"], 0)))
        else:
            sentences.append(_("Binnen de norm geholpen: van {low} ({low_service}) tot {high} ({high_service}).").format(
                low=fmt.percent(low["share"], 0), low_service=label(low["service"]),
                high=fmt.percent(high["share"], 0), high_service=label(high["service"])))
    sentences.append(compare.hidden_note(hidden))
    if nobody:
        sentences.append(ngettext("Bij {n} voorziening is in deze periode niemand gestart.",
                                  "Bij {n} voorzieningen is in deze periode niemand gestart.", nobody).format(n=nobody))
    return " ".join(s for s in sentences if s)


def services_heading(theme_label: str | None) -> str:
    if theme_label:
        return _("Voorzieningen bij het thema {theme}").format(theme=md(lower_first(theme_label)))
    return _("Alle voorzieningen")


def theme_note(theme_label: str, services: pd.DataFrame) -> str:
    """With a theme chosen: which services the page shows, and why (Markdown)."""
    names = ", ".join(md(label) for label in services[i18n.label_column()])
    return _("Thema *{theme}*: u ziet de wachttijden van de voorzieningen van dit thema ({services}). Wachttijden "
             "worden per voorziening geregistreerd, niet per vraag. Kies *Alle thema's* in de zijbalk voor alle "
             "voorzieningen.").format(theme=md(lower_first(theme_label)), services=names)


def channel_note() -> str:
    return _("Het kanaal geldt hier niet: wachttijden worden per voorziening geregistreerd, niet per kanaal.")


def no_services(theme_label: str) -> str:
    return _("Bij het thema *{theme}* horen geen voorzieningen met een wachttijdnorm (data/theme_services.csv).").format(
        theme=md(lower_first(theme_label)))


def mostly_hidden(months: pd.DataFrame) -> bool:
    """Whether most months of a service have too few starts to show their waiting time: a row of
    marks says nothing, a coarser view does (``coarser_view``)."""
    return bool(len(months)) and sum(_hidden(row) for row in months.to_dict("records")) > len(months) / 2


def coarser_view(level: str) -> str:
    """What to choose instead of a month-by-month view that would be mostly marks."""
    if level == "municipality":
        return _("In de meeste maanden begonnen te weinig mensen om hun wachttijd per maand te tonen. De tabel "
                 "hierboven geeft de wachttijd over de hele periode.")
    return _("In de meeste maanden begonnen hier te weinig mensen om hun wachttijd per maand te tonen. De tabel "
             "hierboven geeft de hele periode; voor cijfers per maand kiest u een groter gebied, zoals het "
             "wijkteamgebied of de hele gemeente.")


def overview_caption() -> str:
    return _("Mediaan: de helft wachtte korter. 90% binnen: negen op de tien wachtten korter. Berekend uit de "
             "samengevoegde wachttijdklassen van alle maanden en wijken, nooit als gemiddelde van medianen; "
             "binnen een klasse is de waarde geschat, het aandeel binnen de norm is exact. "
             "**{mark}**: meer dan de helft wachtte langer dan de norm.").format(mark=above_mark())


def days_caption(months: pd.DataFrame, norm_days: int, service: pd.Series) -> str:
    """Under the chart of days per month: the norm, its source, and what the open last class means
    where a value reaches it (Markdown)."""
    text = _("Gestreepte lijn: de norm van {weeks}. Bron: {source}.").format(weeks=weeks(norm_days), source=md(service["source"]))
    if (months[["median", "p90"]] >= OPEN_FROM).any(axis=None):
        text += " " + _("Op {days} dagen staat ‘{days} dagen of meer’: de laatste klasse heeft geen bovengrens.").format(days=OPEN_FROM)
    return text


def share_caption(norm_days: int, service: pd.Series) -> str:
    return _("Aandeel van wie in die maand hulp kreeg dat binnen {weeks} geholpen werd. Bron van de norm: {source}. "
             "Oranje, gearceerd en met ▲: minder dan de helft, dus de mediaan ligt boven de norm.").format(
        weeks=weeks(norm_days), source=md(service["source"]))


def area_caption(norm_days: int, service: pd.Series, last: date) -> str:
    return _("Wachttijd in dagen (d). Stip: mediaan; streepje: 90% was binnen. Gestreepte lijn: de norm van {weeks}. "
             "Bron: {source}. Wachtenden in de tabel: eind {month}.").format(
        weeks=weeks(norm_days), source=md(service["source"]), month=fmt.month(last))


def waiting_caption() -> str:
    return _("Mensen van wie de hulp eind van de maand nog niet was begonnen (een stand, geen optelsom over maanden).")


def not_subdivided() -> str:
    return _("Dit gebied is niet verder onderverdeeld.")
