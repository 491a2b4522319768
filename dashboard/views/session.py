"""Themasessie: one theme walked through on a big screen, a view at a time, for a council's theme
evening. No Streamlit.

The steps are the pages' own views, composed here from the same view modules (overview, contacts,
questions, waiting_times, satisfaction, teams) and sized for a screen of 1920×1080 seen from the
back of a room: key figures, the map, the trend, the question types, the waiting times of the
theme's services, satisfaction and the teams. Each view has a presenter's line under the
comparison rule (``compare``), a table with the same numbers, and a link (with its QR code) that
opens the same view with the same filters on a member's own device.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import segno

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import N_, _
from dashboard.literal import md, plotly_text
from dashboard.views import contacts, overview, questions, rates, satisfaction, teams, waiting_times
from dashboard.views.factsheet import Source as FactsheetSource
from dashboard.views.factsheet import map_alt
from dashboard.views.areas import area_label
from dashboard.views.selection import FILTERS, Selection
from queries.periods import Period

URL_PATH = "themasessie"  # the page's address
STEP = "stap"  # the URL parameter of the view shown
MAP_MEASURE = "per-1000"  # areas of unequal size compare by their rate, not their count

# Sizes for a 1920×1080 screen with the sidebar closed: the page keeps about 1760 px across, and
# the heading, the steps and the presenter's line take about 380 px of the height. The map has the
# presenter's line beside it instead of above, and so the height of the screen.
HEIGHT = 500
MAP_WIDTH, MAP_HEIGHT = 1120, 640  # within the page's wider column (about 1160 px)
TEXT_SIZE = 20  # pixels in the charts: axis labels and names readable at ten metres on a big screen


@dataclass(frozen=True)
class Step:
    key: str  # in the URL: readable, Dutch like the other parameters' values
    label: str  # N_: the step's name on its button


STEPS = (
    Step("kerncijfers", N_("Kerncijfers")),
    Step("kaart", N_("Kaart")),
    Step("verloop", N_("Verloop")),
    Step("hulpvragen", N_("Hulpvragen")),
    Step("wachttijden", N_("Wachttijden")),
    Step("tevredenheid", N_("Tevredenheid")),
    Step("teams", N_("Teams")),
)
FIRST = STEPS[0].key
KEYS = [step.key for step in STEPS]


class Source(FactsheetSource, Protocol):
    """Where the published figures come from: ``dashboard.data`` on the server, the query layer in
    tests. The calls the pages make, with the same arguments, so a step shows the page's numbers."""

    def question_figures(self, area_code: str, period: Period, level: str, theme: str | None, channel: str | None): ...
    def team_figures(self, area_code: str, period: Period, theme: str | None, channel: str | None): ...
    def services(self, theme: str | None = None) -> pd.DataFrame: ...
    def wait_times(self, area_code: str, period: Period, theme: str | None = None) -> pd.DataFrame: ...
    def survey_waves(self, survey: str) -> list[int]: ...
    def survey_questions(self, survey: str) -> pd.DataFrame: ...
    def survey_results(self, survey: str, area_codes: tuple[str, ...], group_codes: tuple[str, ...], first_wave: int,
                       last_wave: int) -> pd.DataFrame: ...
    def peer_groups(self) -> pd.DataFrame: ...


# The steps

def step_labels() -> dict[str, str]:
    """The steps in order, named in the active language."""
    return {step.key: _(step.label) for step in STEPS}


def neighbours(step: str) -> tuple[str | None, str | None]:
    """The steps before and after ``step`` (None at either end)."""
    index = KEYS.index(step)
    return (KEYS[index - 1] if index else None, KEYS[index + 1] if index + 1 < len(KEYS) else None)


def position(step: str) -> str:
    """'Beeld 3 van 7'."""
    return _("Beeld {n} van {total}").format(n=KEYS.index(step) + 1, total=len(KEYS))


def theme_options(themes: pd.DataFrame) -> dict[str, str]:
    """The themes a session can be about: the headline themes, not the catch-all of other domains
    (plain labels: a button reads Markdown, so the page gives them through ``literal.md``)."""
    headline = themes[themes["code"] != overview.OTHER_THEME]
    return dict(zip(headline["code"], headline[i18n.label_column()]))


def choose_theme_note() -> str:
    return _("Een themasessie gaat over één thema. Kies het thema van de avond; de link onthoudt het.")


def title(selection: Selection) -> str:
    """'Themasessie Jeugd en opvoeding' (Markdown: the theme's label comes from the data)."""
    return _("Themasessie {theme}").format(theme=md(selection.theme_label or ""))


# A link to a view, and its QR code

LINK_PARAMS = (*FILTERS, STEP)


def link(root: str, params: dict[str, str]) -> str:
    """The session's address under the app's ``root`` with the filters and the step of ``params``
    (the app's link parameters), in a fixed order; other parameters stay out of a shared link."""
    query = urlencode([(name, params[name]) for name in LINK_PARAMS if params.get(name)])
    address = f"{root.rstrip('/')}/{URL_PATH}"
    return f"{address}?{query}" if query else address


def root_of(page_url: str) -> str:
    """The app's root from the address of one of its pages (``st.context.url``)."""
    address = page_url.split("?")[0].split("#")[0].rstrip("/")
    return address[: -len(URL_PATH)].rstrip("/") if address.endswith("/" + URL_PATH) else address


def qr_svg(text: str) -> str:
    """A QR code of ``text`` as SVG: dark modules on white with the quiet zone scanners need, the
    error correction of level M (a screen's glare or a stain costs no read)."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=4, border=4, dark="#0e1117", light="#ffffff",
                                                   xmldecl=False, svgns=True, title=None, desc=None)
    return out.getvalue().decode()


def qr_alt(address: str) -> str:
    return _("QR-code: open dit beeld op uw eigen apparaat met de link {link}").format(link=address)


# What each view shows

@dataclass(frozen=True)
class View:
    step: str
    title: str  # the view's heading
    line: str  # the presenter's line (Markdown): what to say out loud, under the comparison rule
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None  # the figure's numbers, its text alternative
    tiles: tuple[overview.Tile, ...] = ()
    beside: pd.DataFrame | None = None  # a table shown beside the figure (the services' waiting times)
    note: str | None = None  # a caption under the figure (Markdown)
    alt: str | None = None  # what the figure shows, for screen readers (its table says it too)
    fixed_width: bool = False  # the figure has the width its labels were placed for (the map)


def compose(source: Source, selection: Selection, step: str) -> View:
    """The view of ``step`` for ``selection``, in the active language, from published figures only."""
    return {
        "kerncijfers": _key_figures,
        "kaart": _map,
        "verloop": _trend,
        "hulpvragen": _questions,
        "wachttijden": _waits,
        "tevredenheid": _satisfaction,
        "teams": _teams,
    }[step](source, selection)


def for_the_room(figure: go.Figure, height: int = HEIGHT) -> go.Figure:
    """A chart of the pages, in type large enough for the back of the room."""
    figure.update_layout(height=height, font={"size": TEXT_SIZE}, hoverlabel={"font_size": TEXT_SIZE},
                         legend={"font": {"size": TEXT_SIZE}})
    figure.update_xaxes(tickfont_size=TEXT_SIZE, title_font_size=TEXT_SIZE)
    figure.update_yaxes(tickfont_size=TEXT_SIZE, title_font_size=TEXT_SIZE)
    for annotation in figure.layout.annotations:  # the marks of hidden figures ('<5') and norm labels
        annotation.font.size = TEXT_SIZE
    return figure


def _figures_for(source: Source, selection: Selection, period: Period):
    """Key figures of a period, or None where the data do not reach back that far (as Overzicht)."""
    if period.first < source.contact_months()[0]:
        return None
    return source.key_figures(selection.area_code, period, selection.theme, selection.channel)


def _key_figures(source: Source, selection: Selection) -> View:
    period = selection.period
    now = _figures_for(source, selection, period)
    previous, year_earlier = _figures_for(source, selection, period.previous()), \
        _figures_for(source, selection, period.year_earlier())
    parts = overview.sentences(now, year_earlier, selection)
    figure, table = overview.months(now)
    return View("kerncijfers", _("Kerncijfers"),
                " ".join(parts[key] for key in ("contacts", "year_earlier") if key in parts),
                for_the_room(figure, HEIGHT - 150), table, tuple(overview.tiles(now, previous, year_earlier)))


def _map(source: Source, selection: Selection) -> View:
    level = contacts.default_level(source.contact_levels())
    period = selection.period
    rules = source.rules()
    areas = source.contacts_by_area(level, period, selection.theme, selection.channel)
    shapes = source.shapes(level)
    chosen = None if selection.is_municipality else \
        source.shapes(selection.area_level).set_index("code")["geometry"].get(selection.area_code)
    figure = contacts.map_figure(areas, shapes, MAP_MEASURE, rules.min_count, chosen, height=MAP_HEIGHT, width=MAP_WIDTH,
                                 text_size=TEXT_SIZE)
    rows = contacts.map_rows(areas, shapes, MAP_MEASURE, rules.min_count)
    return View("kaart", contacts.map_title(MAP_MEASURE, level, rates.of(areas)), contacts.highest_rate(areas, level), figure,
                contacts.by_area_table(areas, rules.min_count), alt=map_alt(rows, MAP_MEASURE, level, period),
                fixed_width=True)


def _trend(source: Source, selection: Selection) -> View:
    period = contacts.trend_period(selection.period, source.contact_months()[0])
    series = {selection.area_label: source.monthly_rate(selection.area_code, period, selection.theme, selection.channel)}
    if not selection.is_municipality:
        municipality = source.area_list().set_index("code").loc[selection.municipality_code, "name"]
        series[area_label("municipality", municipality)] = source.monthly_rate(
            selection.municipality_code, period, selection.theme, selection.channel)
    figure, table = contacts.trend(series)
    now = _figures_for(source, selection, selection.period)
    year_earlier = _figures_for(source, selection, selection.period.year_earlier())
    return View("verloop", contacts.trend_title(period, rates.of(next(iter(series.values())))),
                contacts.rate_against_a_year_earlier(now, year_earlier),
                for_the_room(figure), table)


def _questions(source: Source, selection: Selection) -> View:
    level = next(iter(questions.levels(source.contact_levels())))
    figures = source.question_figures(selection.area_code, selection.period, level, selection.theme, selection.channel)
    chosen = selection.theme is not None
    return View("hulpvragen", questions.areas_heading(figures, chosen),
                questions.sentence(figures, selection.area_level, selection.area_name, chosen, dossiers=False),
                for_the_room(questions.areas_figure(figures)), questions.areas_table(figures),
                note=questions.areas_caption(figures, selection.theme_label))


def _waits(source: Source, selection: Selection) -> View:
    """The theme's services, as the page Wachttijden shows them: the same data calls with the theme,
    the table of all of them and the first one per month (unless most months are hidden)."""
    period = selection.period
    min_count = source.rules().min_count
    services = source.services(selection.theme)
    title = waiting_times.services_heading(selection.theme_label)
    if services.empty:
        return View("wachttijden", title, waiting_times.no_services(selection.theme_label or ""))
    waits = source.wait_times(selection.area_code, period, selection.theme)
    totals = waiting_times.totals(waits)
    beside = waiting_times.overview_table(totals, services, waiting_times.last_month(waits), min_count,
                                          fmt.month(period.last))
    # What a room can read at a glance; the page Wachttijden has the rest (the norm is said beneath).
    beside = beside.drop(columns=[_("Gestart"), _("90% binnen"), _("Norm"), _("Bron")], errors="ignore")
    service = services.iloc[0]
    months = waiting_times.months_of(waits, service["code"])
    line = waiting_times.summary(totals, services, period, selection.area_level, selection.area_name)
    if waiting_times.mostly_hidden(months):
        return View("wachttijden", title, line, beside=beside, note=waiting_times.coarser_view(selection.area_level))
    norm_days = int(service["norm_days"])
    figure = waiting_times.monthly_days(months, norm_days, min_count)
    # The chart shows one of the theme's services: named above it, or a room reads the line's service
    # (the one above the norm) into it. As the page's heading, with the service the page's choice shows.
    named = f"{_('Wachttijd per maand')} · {waiting_times.service_labels(services)[service['code']]}"
    figure.update_layout(title={"text": plotly_text(named), "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
                                "font": {"size": TEXT_SIZE}},
                         margin_t=TEXT_SIZE * 3)
    return View("wachttijden", title, line, for_the_room(figure, HEIGHT - 60),
                waiting_times.detail_table(months, "month", min_count), beside=beside,
                note=waiting_times.norm_caption(service))


def _satisfaction(source: Source, selection: Selection) -> View:
    period = selection.period
    rules = source.rules()
    area_list = source.area_list().set_index("code")
    team_areas = satisfaction.teams(area_list)
    focus = satisfaction.focus_code(area_list, selection.area_code, selection.area_level, selection.municipality_code)
    series, peers = satisfaction.series(area_list, focus, selection.municipality_code, source.peer_groups())
    absent = ""
    # The clients' own judgement first, where it was asked in the period; else the staff's.
    for survey, survey_title, not_held in reversed(satisfaction.SURVEYS):
        waves = satisfaction.waves(source.survey_waves(survey), period)
        if not waves:
            absent = absent or _(not_held)
            continue
        wave = waves[-1]
        results = source.survey_results(survey, satisfaction.area_codes(series, team_areas),
                                        tuple(p.code for p in peers), wave, wave)
        asked = source.survey_questions(survey)
        line = satisfaction.summary(results, asked, wave, series[0], peers[0] if peers else None)
        return View("tevredenheid", f"{_(survey_title)} · {satisfaction.questions_heading(wave)}",
                    line or satisfaction.intro(rules.min_respondents),
                    for_the_room(satisfaction.comparison_figure(results, asked, wave, series)),
                    satisfaction.comparison_table(results, asked, wave, series, peers[0] if peers else None,
                                                  rules.min_count),
                    note=satisfaction.filters_note() if selection.theme or selection.channel else None)
    return View("tevredenheid", _("Tevredenheid"), absent)


def _teams(source: Source, selection: Selection) -> View:
    """The teams' share of the theme in their new dossiers, as the page Teams shows it: against every
    team, also when one team's area is chosen; without a theme or channel, the caseload."""
    figures = source.team_figures(selection.area_code, selection.period, selection.theme, selection.channel)
    if figures.teams.empty:
        return View("teams", _("Teams"), teams.no_team_notice())
    selected = selection.description
    if selected:
        everyone, own = teams.share_scope(figures, lambda: source.team_figures(
            selection.municipality_code, selection.period, selection.theme, selection.channel))
        return View("teams", teams.share_heading(selected), teams.share_sentence(everyone, selected, own),
                    for_the_room(teams.share_bars(everyone, selected, own)), teams.share_table(everyone, selected),
                    note=teams.share_caption(everyone))
    if figures.has_total:
        figure, table = teams.caseload_bars(figures), teams.caseload_table(figures)
        heading = teams.bars_heading(figures)
    else:
        figure, table = teams.caseload_lines(figures), teams.caseload_per_month(figures)
        heading = teams.caseload_heading()
    return View("teams", heading, teams.sentence(figures), for_the_room(figure), table,
                note=teams.norm_caption(figures.norm))
