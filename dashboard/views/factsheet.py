"""Persbriefing: a one-page factsheet an alderman can hand out, composed from the same views as the
pages. No Streamlit.

``compose`` asks a data source for the published figures of a period (and the previous period and
the same period a year earlier), an area and a theme, and returns a ``Factsheet``: headline
figures with both changes, three to five sentences under the comparison rule (``compare``), the map
of the chosen measure and the trend chart, the source, the date of the data, the protection note
and the demo label. The page, the PDF (``dashboard/pdf.py``) and the PNG images
(``dashboard/images.py``) all render that one object, so they say the same.

A comparison period without data is said, never left out: "geen gegevens over 2014".
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.literal import WORD_JOINER, md, plotly_text
from dashboard.views import cells, compare, contacts, overview, rates
from dashboard.views.areas import area_label
from dashboard.views.selection import Selection
from dashboard.views.style import wrap
from queries.contacts import KeyFigures
from queries.disclosure import DisclosureRules
from queries.periods import Period

PRESS_WIDTH = 1600  # pixels: the narrowest image a newspaper's picture desk takes


class Source(Protocol):
    """Where the published figures come from: ``dashboard.data`` on the server (cached), the query
    layer on the command line (``dashboard.press.QuerySource``). The same calls, the same numbers."""

    def key_figures(self, area_code: str, period: Period, theme: str | None, channel: str | None) -> KeyFigures: ...
    def contacts_by_area(self, level: str, period: Period, theme: str | None, channel: str | None) -> pd.DataFrame: ...
    def monthly_rate(self, area_code: str, period: Period, theme: str | None, channel: str | None) -> pd.DataFrame: ...
    def shapes(self, level: str) -> pd.DataFrame: ...
    def contact_levels(self) -> list[str]: ...
    def contact_months(self) -> tuple[date, date] | None: ...
    def area_list(self) -> pd.DataFrame: ...
    def is_demo(self) -> bool: ...
    def rules(self) -> DisclosureRules: ...


@dataclass(frozen=True)
class Headline:
    """One headline figure: its value and its changes against the earlier periods of
    ``Factsheet.columns`` ('+4,8%', '−1,2 %-punt', '–' where a figure is hidden, or 'geen
    gegevens over 2014')."""

    label: str
    value: str
    changes: tuple[str, ...]
    table_cells: tuple[cells.Cell, ...]  # the value and the changes, for the table and its downloads


@dataclass(frozen=True)
class Chart:
    name: str  # in file names: 'kaart', 'verloop'
    title: str
    figure: go.Figure  # in the house style, without title: the page draws the title beside it
    alt: str  # what it shows, for screen readers and the PDF's figure tag

    @property
    def alt_markdown(self) -> str:
        return md(self.alt)


@dataclass(frozen=True)
class Factsheet:
    lang: str
    title: str  # 'Persbriefing · Hele gemeente Schiedam'
    subtitle: str  # 'januari–mei 2015 · thema Wonen'
    period: Period
    columns: tuple[str, ...]  # headings of the headline table: figure, period, each earlier period
    headlines: list[Headline]
    sentences: list[str]  # Markdown, as the pages write them
    map: Chart
    trend: Chart
    source: str
    data_date: str  # 'Gegevens tot en met december 2025'
    protection: str
    demo: str | None  # the demo label, on demo data only
    exact: bool  # internal protection level: not for publication

    @property
    def charts(self) -> list[Chart]:
        return [self.map, self.trend]

    @property
    def plain_sentences(self) -> list[str]:
        """The sentences as text, for print and images (Markdown's escapes removed)."""
        return [plain(s) for s in self.sentences]

    @property
    def footer(self) -> list[str]:
        """What every rendering prints under the figures, in this order."""
        return [line for line in (self.source, self.data_date, self.protection, self.demo) if line]

    @property
    def footer_markdown(self) -> str:
        return "  \n".join(md(line) for line in self.footer)


def plain(markdown: str) -> str:
    """Text written with ``literal.md`` escapes, read back as the text it shows."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def compose(source: Source, selection: Selection, measure: str = contacts.DEFAULT_MEASURE) -> Factsheet:
    """The factsheet of ``selection`` in the active language, from published figures only."""
    period = selection.period
    first_month, last_month = source.contact_months()
    rules = source.rules()

    def figures_for(p: Period) -> KeyFigures | None:
        """Key figures of a period, or None when the data do not reach back that far (as Overzicht)."""
        if p.first < first_month:
            return None
        return source.key_figures(selection.area_code, p, selection.theme, selection.channel)

    now, previous, year_earlier = figures_for(period), figures_for(period.previous()), figures_for(period.year_earlier())
    label = area_label(selection.area_level, selection.area_name)
    return Factsheet(
        lang=i18n.current(),
        title=_("Persbriefing · {area}").format(area=label),
        subtitle=" · ".join(p for p in (fmt.first_upper(fmt.period(period)), selection.description) if p),
        period=period,
        columns=(_("Kerncijfer"), fmt.period(period, short=True),
                 *(_("t.o.v. {period}").format(period=fmt.period(p, short=True)) for p in earlier_periods(period))),
        headlines=headlines(now, previous, year_earlier, period),
        sentences=sentences(now, previous, year_earlier, selection),
        map=_map(source, selection, measure, rules),
        trend=_trend(source, selection, first_month),
        source=source_line(now.base),
        data_date=_("Gegevens tot en met {month}").format(month=fmt.month(last_month)),
        protection=fmt.explain_marks(rules.min_count, rules.exact),
        demo=demo_label() if source.is_demo() else None,
        exact=rules.exact,
    )


def no_data(period: Period) -> str:
    """What stands where a comparison period has no data."""
    return _("geen gegevens over {period}").format(period=fmt.period(period))


def earlier_periods(period: Period) -> list[Period]:
    """The periods a factsheet compares with: the one just before and the same one a year earlier;
    for twelve months those are one and the same."""
    return [period.previous()] if period.months == 12 else [period.previous(), period.year_earlier()]


def headlines(now: KeyFigures, previous: KeyFigures | None, year_earlier: KeyFigures | None,
              period: Period) -> list[Headline]:
    """Contacts, per 1,000 inhabitants, dossiers opened and the share of short interventions (the
    Overzicht tiles' figures), each with its change against the earlier periods."""
    earlier = dict(zip(earlier_periods(period), [previous, year_earlier]))

    def change(figure: overview.Figure, figures: KeyFigures | None, when: Period) -> cells.Cell:
        if figures is None:
            return cells.words(no_data(when))
        return figure.change_cell(figure.value(now), figure.value(figures))

    out = []
    for figure in overview.tile_figures(now.base):
        changes = tuple(change(figure, f, p) for p, f in earlier.items())
        out.append(Headline(figure.label, figure.text(now), tuple(c.text for c in changes), (figure.cell(now), *changes)))
    return out


def headline_table(sheet: Factsheet) -> pd.DataFrame:
    """The headline figures as the page's table and its downloads; a share's row says its unit,
    because one column holds counts, rates and shares."""
    rows = [[h.label + (" (%)" if h.table_cells[0].unit == "%" else ""), *h.table_cells] for h in sheet.headlines]
    return pd.DataFrame(rows, columns=list(sheet.columns)).astype(object)


def sentences(now: KeyFigures, previous: KeyFigures | None, year_earlier: KeyFigures | None,
              selection: Selection) -> list[str]:
    """Three to five sentences (Markdown): the Overzicht sentence's parts, the previous period
    beside a year earlier, and plainly said when either has no data. A twelve-month period's
    previous period is the year earlier: said once."""
    parts = overview.sentences(now, year_earlier, selection)
    said = [parts.pop("contacts")]
    shown = now.value("contacts")
    if year_earlier is None:
        said.append(_("Een vergelijking met een jaar eerder kan niet: er zijn {none}.").format(
            none=no_data(now.period.year_earlier())))
    elif "year_earlier" in parts:
        said.append(parts.pop("year_earlier"))
    if now.period.months != 12:
        if previous is None:
            said.append(_("Een vergelijking met de periode ervoor kan niet: er zijn {none}.").format(
                none=no_data(now.period.previous())))
        elif shown:
            said.append(against_previous(shown, previous))
    return said + [parts[key] for key in ("dossiers", "themes") if key in parts]


def against_previous(contacts: int, previous: KeyFigures) -> str:
    """The change against the period just before, named only where ``compare.counts`` allows it."""
    earlier = previous.value("contacts")
    verdict = compare.counts(contacts, earlier)
    period = fmt.period(previous.period)
    if verdict.reason == compare.HIDDEN:
        return _("Het aantal in de periode ervoor ({period}) is {hidden}.").format(
            period=period, hidden=compare.hidden_figure())
    figures = {"change": fmt.percent(abs(contacts / earlier - 1)) if earlier else "", "earlier": fmt.number(earlier),
               "period": period}
    if verdict.direction == compare.HIGHER:
        return _("Dat is {change} meer dan in de periode ervoor ({period}: {earlier}).").format(**figures)
    if verdict.direction == compare.LOWER:
        return _("Dat is {change} minder dan in de periode ervoor ({period}: {earlier}).").format(**figures)
    if verdict.reason == compare.TOO_FEW:
        return _("In de periode ervoor ({period}) waren het er {earlier}; {reason}.").format(
            reason=compare.too_few(), **figures)
    return _("Dat is ongeveer evenveel als in de periode ervoor ({period}: {earlier}): het verschil is te klein om "
             "te noemen.").format(**figures)


def source_line(base: str = rates.INHABITANTS) -> str:
    """Where the figures come from; a youth rate's young people come from the municipality's own
    population register, not from CBS (docs/data-model.md)."""
    if base == rates.YOUTH:
        return _("Bron: registratie van de sociale wijkteams; jongeren (0–17 jaar): bevolkingsregister van de "
                 "gemeente. Wijkmonitor.")
    return _("Bron: registratie van de sociale wijkteams; inwoners: CBS Kerncijfers wijken en buurten. Wijkmonitor.")


def demo_label() -> str:
    return _("Demogegevens: januari tot en met mei 2015 volgen de cijfers die Schiedam publiceerde; alle latere "
             "maanden zijn verzonnen (synthetisch) en zeggen niets over de werkelijkheid.")


def _map(source: Source, selection: Selection, measure: str, rules: DisclosureRules) -> Chart:
    """The Contacten page's map of ``measure`` at its default level, the chosen area outlined."""
    level = contacts.default_level(source.contact_levels())
    areas = source.contacts_by_area(level, selection.period, selection.theme, selection.channel)
    shapes = source.shapes(level)
    selected = None if selection.area_code == selection.municipality_code else \
        source.shapes(selection.area_level).set_index("code")["geometry"].get(selection.area_code)
    figure = contacts.map_figure(areas, shapes, measure, rules.min_count, selected, height=420)
    rows = contacts.map_rows(areas, shapes, measure, rules.min_count)
    return Chart("kaart", contacts.map_title(measure, level, rates.of(areas)), figure,
                 map_alt(rows, measure, level, selection.period))


def map_alt(rows: pd.DataFrame, measure: str, level: str, period: Period) -> str:
    """What the map shows, for a reader who cannot see it: the measure, the classes' range and how
    many areas are not shown."""
    title = contacts.measure_title(measure, rates.of(rows))
    shown = rows.dropna(subset=["value"])
    text = _("Kaart: {measure} per {area}, {period}.").format(
        measure=overview.lower_first(title), area=_(contacts.ONE_OF[level]), period=fmt.period(period))
    if len(shown):
        text += " " + ngettext("{n} gebied: {low}.", "{n} gebieden, van {low} tot {high}.", len(shown)).format(
            n=len(shown), low=contacts.shown(measure, shown["value"].min(), "", 0),
            high=contacts.shown(measure, shown["value"].max(), "", 0))
    hidden = int(((rows["value"].isna()) & (rows["status"] != "")).sum())
    if hidden:
        text += " " + compare.hidden_note(hidden)
    missing = int(((rows["value"].isna()) & (rows["status"] == "")).sum())
    if missing:
        text += " " + contacts.no_rate_note(missing)
    return text


def _trend(source: Source, selection: Selection, first_month: date) -> Chart:
    """The Contacten page's trend: contacts per 1,000 of the theme's population base through at
    least a year, the chosen area against the municipality."""
    period = contacts.trend_period(selection.period, first_month)
    label = area_label(selection.area_level, selection.area_name)
    series = {label: source.monthly_rate(selection.area_code, period, selection.theme, selection.channel)}
    if selection.area_code != selection.municipality_code:
        municipality = source.area_list().set_index("code").loc[selection.municipality_code, "name"]
        series[area_label("municipality", municipality)] = source.monthly_rate(
            selection.municipality_code, period, selection.theme, selection.channel)
    figure, _table = contacts.trend(series)
    base = rates.of(next(iter(series.values())))
    alt = _("Lijngrafiek: {rate} per maand, {period}: {areas}.").format(
        rate=rates.contacts_per(base), period=fmt.period(period), areas=", ".join(series))
    return Chart("verloop", contacts.trend_title(period, base), figure, alt)


def press_figure(sheet: Factsheet, chart: Chart) -> go.Figure:
    """``chart`` as an image for the press: its title and period above, the source, the date of the
    data, the protection note and the demo label burnt in below, so the image says what it is
    wherever it ends up."""
    figure = go.Figure(copy.deepcopy(chart.figure))
    footer = "<br>".join(wrap(plotly_text(line), 125) for line in sheet.footer)
    rows = footer.count("<br>") + 1
    figure.update_layout(
        title={"text": f"<b>{plotly_text(chart.title)}</b>", "x": 0.01, "xanchor": "left", "y": 0.985,
               "yref": "container", "yanchor": "top", "font": {"size": 20},
               "subtitle": {"text": f"{plotly_text(sheet.title)} · {plotly_text(sheet.subtitle)}", "font": {"size": 14}}},
        margin={"t": 96, "b": 52 + 17 * rows, "l": 16, "r": 16},  # the axis's ticks, then the footer
        height=(chart.figure.layout.height or 420) + 120 + 17 * rows,
    )
    if (figure.layout.legend.y or 1) < 0:  # a legend under the plot would sit on the footer: beside it, in a wide image
        figure.update_layout(legend={"orientation": "v", "x": 1.0, "xanchor": "left", "y": 0.5, "yanchor": "middle"})
    figure.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                          yshift=-40, align="left", showarrow=False, font={"size": 12, "color": "#5b6570"})
    return figure
