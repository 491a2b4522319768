"""Overzicht: the key figures of an area and period, against the period before and a year earlier.

Published key figures (``queries.contacts.KeyFigures``) in; the overview sentence, the texts of the
key-figure tiles, the bars per month and per category and the tables beside them out. No Streamlit.
The channel bars are used on Contacten as well.

A hidden count never gets a bar: it gets its mark ("<5") where the bar would start
(``style.mark_hidden``). A breakdown with a single category (one theme that holds one life domain,
one team area) is said in a sentence, not drawn as one bar of 100%.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import N_, _, ngettext
from dashboard.literal import md, plotly_text
from dashboard.views import cells, compare, rates
from dashboard.views.areas import in_area, of_area
from dashboard.views.selection import Selection
from dashboard.views.style import PRIMARY, layout, mark_hidden, month_axis
from queries.contacts import KeyFigures
from queries.periods import parse_month
from queries.rates import INHABITANTS

OTHER_THEME = "overig"  # "other life domains": many small domains together, never a headline theme


def lower_first(label: str) -> str:
    """'Activiteiten dagelijks leven (ADL)' -> 'activiteiten dagelijks leven (ADL)': a label inside a
    sentence, its abbreviations kept."""
    return label[:1].lower() + label[1:]


def _count(figures: KeyFigures, measure: str, code: str = "") -> str:
    return fmt.count(figures.value(measure, code), figures.status(measure, code), figures.rules.min_count)


# The overview sentence

def sentence(now: KeyFigures, year_earlier: KeyFigures | None, selection: Selection) -> str:
    """What an alderman can say about the period (Markdown): contacts, the comparison with a year
    earlier as far as the rule allows it, dossiers, and the two largest themes."""
    return " ".join(s for s in sentences(now, year_earlier, selection).values() if s)


def sentences(now: KeyFigures, year_earlier: KeyFigures | None, selection: Selection) -> dict[str, str]:
    """The overview sentence's parts by what they say ("contacts", "year_earlier", "dossiers",
    "themes"; Markdown), in reading order; a part that has nothing to say is left out. The
    factsheet arranges the same parts with its own."""
    period = fmt.period(now.period)
    theme = md(lower_first(selection.theme_label)) if selection.theme else None
    contacts = now.value("contacts")
    if contacts is None:
        template = (_("In {period} waren er {area} zo weinig contacten met de wijkteams over {theme} dat we de aantallen "
                      "niet tonen, om te voorkomen dat personen herkenbaar worden.") if theme else
                    _("In {period} waren er {area} zo weinig contacten met de wijkteams dat we de aantallen niet tonen, "
                      "om te voorkomen dat personen herkenbaar worden."))
        return {"contacts": template.format(period=period, area=in_area(selection.area_level, selection.area_name),
                                            theme=theme)}
    channel = f" ({md(lower_first(selection.channel_label))})" if selection.channel else ""
    if contacts == 0:  # a published 0 may stand for a few (the protection keeps only a true 0 at 0)
        template = (_("In {period} waren er {area} vrijwel geen contacten met de wijkteams over {theme}{channel}.")
                    if theme else _("In {period} waren er {area} vrijwel geen contacten met de wijkteams{channel}."))
        return {"contacts": template.format(period=period, area=in_area(selection.area_level, selection.area_name),
                                            theme=theme, channel=channel)}
    template = (ngettext("In {period} namen inwoners {area} {n} keer contact op met de wijkteams over {theme}{channel}.",
                         "In {period} namen inwoners {area} {n} keer contact op met de wijkteams over {theme}{channel}.",
                         contacts) if theme else
                ngettext("In {period} namen inwoners {area} {n} keer contact op met de wijkteams{channel}.",
                         "In {period} namen inwoners {area} {n} keer contact op met de wijkteams{channel}.", contacts))
    parts = {"contacts": template.format(period=period, area=of_area(selection.area_level, selection.area_name),
                                         n=fmt.number(contacts), theme=theme, channel=channel)}
    if year_earlier is not None:
        parts["year_earlier"] = _against_a_year_earlier(contacts, year_earlier)
    dossiers = now.value("dossiers")
    if dossiers is not None:
        parts["dossiers"] = (ngettext(
            "Bij {n} contact ({share}) was een korte interventie niet genoeg en werd een dossier geopend.",
            "Bij {n} contacten ({share}) was een korte interventie niet genoeg en werd een dossier geopend.",
            dossiers).format(n=fmt.number(dossiers), share=fmt.percent(now.share("dossiers"))))
    if not selection.theme:
        parts["themes"] = _largest_themes(now)
    return {key: text for key, text in parts.items() if text}


def _against_a_year_earlier(contacts: int, year_earlier: KeyFigures) -> str:
    """The change against a year earlier, named only where ``compare.counts`` allows it."""
    earlier = year_earlier.value("contacts")
    verdict = compare.counts(contacts, earlier)
    if verdict.reason == compare.HIDDEN:
        return _("Het aantal van een jaar eerder is {hidden}.").format(hidden=compare.hidden_figure())
    figures = {"change": fmt.percent(abs(contacts / earlier - 1)) if earlier else "", "earlier": fmt.number(earlier)}
    if verdict.direction == compare.HIGHER:
        return _("Dat is {change} meer dan een jaar eerder ({earlier}).").format(**figures)
    if verdict.direction == compare.LOWER:
        return _("Dat is {change} minder dan een jaar eerder ({earlier}).").format(**figures)
    if verdict.reason == compare.TOO_FEW:
        return _("Een jaar eerder waren het er {earlier}; {reason}.").format(reason=compare.too_few(), **figures)
    return _("Dat is ongeveer evenveel als een jaar eerder ({earlier}): het verschil is te klein om te noemen.").format(**figures)


def _largest_themes(figures: KeyFigures) -> str:
    """'62,3% van de vragen ging over schulden en inkomen of wonen': the two largest headline themes,
    only among at least two that are shown (a ranking of one is none)."""
    themes = figures.parts("theme").dropna(subset=["value"])
    themes = themes[themes["code"] != OTHER_THEME].sort_values("value", ascending=False, kind="stable")
    if not compare.may_rank(len(themes)) or not themes["value"].iloc[0] > 0:
        return ""
    first, second = themes.iloc[0], themes.iloc[1]
    share = figures.share("theme", first["code"]) + figures.share("theme", second["code"])
    label = i18n.label_column()
    return _("{share} van de vragen ging over {first} of {second}.").format(
        share=fmt.percent(share), first=md(lower_first(first[label])), second=md(lower_first(second[label])))


# The key-figure tiles

@dataclass(frozen=True)
class Tile:
    """The texts of one key-figure tile (``widgets.key_figure`` draws them)."""

    label: str
    value: str
    change: str | None  # against a year earlier: '+12,3%', or None where there is nothing to compare
    compared_with: str  # 't.o.v. jan–mei 2014'
    help: str  # what the figure is, and the previous period
    named: bool = False  # the rule (compare) calls the change a rise or fall: only then an arrow


@dataclass(frozen=True)
class Figure:
    label: str
    help: str
    value: Callable[[KeyFigures], float | None]
    text: Callable[[KeyFigures], str]
    cell: Callable[[KeyFigures], cells.Cell]  # the same figure in a table (and a file)
    verdict: Callable[[KeyFigures, KeyFigures], compare.Verdict]  # may the change be called a rise or fall?
    change: Callable[[float | None, float | None], str | None] = fmt.change
    change_cell: Callable[[float | None, float | None], cells.Cell] = cells.change


def _counted(measure: str) -> Callable[[KeyFigures, KeyFigures], compare.Verdict]:
    return lambda now, earlier: compare.counts(now.value(measure), earlier.value(measure))


def _rate_verdict(now: KeyFigures, earlier: KeyFigures) -> compare.Verdict:
    return compare.rates(now.contacts_per_1000, earlier.contacts_per_1000, now.value("contacts"), earlier.value("contacts"))


def _share_verdict(now: KeyFigures, earlier: KeyFigures) -> compare.Verdict:
    return compare.shares(now.share("short_interventions"), earlier.share("short_interventions"), now.value("contacts"),
                          earlier.value("contacts"))


def tile_figures(base: str = INHABITANTS) -> list[Figure]:
    """The four headline figures: the tiles here, the factsheet's table (views/factsheet.py). The
    rate names the theme's population base (``KeyFigures.base``)."""
    return [
        Figure(_("Contacten"), _("Alle keren dat inwoners contact hadden met een wijkteam."),
                lambda f: f.value("contacts"), lambda f: _count(f, "contacts"), lambda f: _cell(f, "contacts"),
                verdict=_counted("contacts")),
        Figure(rates.heading(base), rates.explanation(base),
                lambda f: f.contacts_per_1000, lambda f: fmt.number(f.contacts_per_1000, 1),
                lambda f: cells.decimal(f.contacts_per_1000, 1), verdict=_rate_verdict),
        Figure(_("Dossiers geopend"), _("Contacten waarbij een korte interventie niet genoeg was."),
                lambda f: f.value("dossiers"), lambda f: _count(f, "dossiers"), lambda f: _cell(f, "dossiers"),
                verdict=_counted("dossiers")),
        Figure(_("Korte interventie"), _("Aandeel van de contacten dat zonder dossier is afgehandeld."),
                lambda f: f.share("short_interventions"), lambda f: fmt.percent(f.share("short_interventions")),
                lambda f: cells.share(f.share("short_interventions")), verdict=_share_verdict, change=fmt.point_change,
                change_cell=cells.point_change),
    ]


def tiles(now: KeyFigures, previous: KeyFigures | None, year_earlier: KeyFigures | None) -> list[Tile]:
    """Contacts, contacts per 1,000 inhabitants (young people for the youth theme), dossiers opened
    and the share of short interventions: each against a year earlier, and the previous period in
    its help text."""
    shown = []
    for figure in tile_figures(now.base):
        value = figure.value(now)
        earlier = figure.value(year_earlier) if year_earlier else None
        if previous:
            before = _("Vorige periode ({period}: {value}; {change}).").format(
                period=fmt.period(previous.period), value=figure.text(previous),
                change=figure.change(value, figure.value(previous)) or _("geen vergelijking"))
        else:
            before = _("Vorige periode: geen eerdere gegevens.")
        shown.append(Tile(
            label=figure.label,
            value=figure.text(now),
            change=figure.change(value, earlier),
            compared_with=_("t.o.v. {period}").format(period=fmt.period(year_earlier.period, short=True)) if year_earlier else "",
            help=f"{figure.help} {before}",
            named=year_earlier is not None and figure.verdict(now, year_earlier).named,
        ))
    return shown


# Charts

def _texts(parts: pd.DataFrame, min_count: int) -> list[str]:
    return [fmt.count(None if pd.isna(v) else int(v), s, min_count) for v, s in zip(parts["value"], parts["status"])]


def _values(parts: pd.DataFrame) -> list[int | None]:
    """Published counts; None (no bar) where a count is hidden, never 0."""
    return [None if pd.isna(v) else int(v) for v in parts["value"]]


def monthly_bars(parts: pd.DataFrame, min_count: int, unit: str) -> go.Figure:
    """Bars per month. ``parts``: code ('YYYY-MM'), value, status; ``unit`` names the counts in the
    hover text ('contacten', in the active language)."""
    months = [parse_month(code) for code in parts["code"]]
    values = _values(parts)
    texts = _texts(parts, min_count)
    figure = go.Figure(
        go.Bar(
            x=months,
            y=values,
            marker_color=PRIMARY,
            customdata=[[fmt.month(m), t] for m, t in zip(months, texts)],
            hovertemplate=f"%{{customdata[0]}}: %{{customdata[1]}} {plotly_text(unit)}<extra></extra>",
        )
    )
    month_axis(figure, months)
    hidden = [i for i, v in enumerate(values) if v is None]
    mark_hidden(figure, [months[i] for i in hidden], [texts[i] for i in hidden])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return layout(figure, 320)


def category_bars(parts: pd.DataFrame, min_count: int, unit: str) -> go.Figure:
    """Horizontal bars, first row on top, each labelled with its count. ``parts``: label_nl,
    label_en, value, status; a hidden count gets no bar, only its mark."""
    values = _values(parts)
    texts = _texts(parts, min_count)
    labels = [plotly_text(v) for v in parts[i18n.label_column()]]
    longest = max([v for v in values if v is not None] + [1])
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=PRIMARY,
            text=["" if v is None else t for v, t in zip(values, texts)],
            # Long bars carry their number inside, short ones beside them.
            textposition=["inside" if v is not None and v > 0.6 * longest else "outside" for v in values],
            insidetextanchor="end",
            insidetextfont={"color": "white"},
            cliponaxis=False,
            customdata=texts,
            hovertemplate=f"%{{y}}: %{{customdata}} {plotly_text(unit)}<extra></extra>",
        )
    )
    hidden = [i for i, v in enumerate(values) if v is None]
    mark_hidden(figure, [labels[i] for i in hidden], [texts[i] for i in hidden], horizontal=True)
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    # Every bar carries its number, so the axis needs none (they crowd a narrow column).
    figure.update_xaxes(rangemode="tozero", showticklabels=False, range=[0, longest * 1.18])
    return layout(figure, 60 + 34 * len(parts))


# Tables

GROUPS = {  # measure → its group in the table of all key figures
    "contacts": N_("Totaal"),
    "short_interventions": N_("Uitkomst"),
    "dossiers": N_("Uitkomst"),
    "channel": N_("Kanaal"),
    "theme": N_("Thema"),
    "question_type": N_("Levensgebied"),
    "team": N_("Dossiers per wijkteamgebied"),
}
PART_HEADINGS = {  # measure → (heading of its categories, what is counted)
    "channel": (N_("Kanaal"), N_("Contacten")),
    "theme": (N_("Thema"), N_("Contacten")),
    "question_type": (N_("Levensgebied"), N_("Contacten")),
    "team": (N_("Wijkteamgebied"), N_("Dossiers")),
}


def key_figures_table(periods: list[KeyFigures]) -> pd.DataFrame:
    """One row per key figure, one column per period (``views.cells``: text on screen, numbers in
    a file, a hidden count as its mark)."""
    first = periods[0]
    # Within one theme its life domains are the breakdown; the other themes would all be 0.
    measures = [m for m in GROUPS if m != ("theme" if first.theme else "question_type")]
    rows = first.cells[first.cells.index.get_level_values("measure").isin(measures)]
    table = pd.DataFrame({
        _("Groep"): [_(GROUPS[measure]) for measure, _code in rows.index],
        _("Kerncijfer"): list(rows[i18n.label_column()]),
    })
    for figures in periods:
        table[fmt.period(figures.period)] = pd.Series([_cell(figures, m, c) for m, c in rows.index], dtype=object)
    return table


def _cell(figures: KeyFigures, measure: str, code: str = "") -> cells.Cell:
    return cells.count(figures.value(measure, code), figures.status(measure, code), figures.rules.min_count)


def monthly_table(figures: KeyFigures) -> pd.DataFrame:
    codes = figures.parts("month")["code"]
    return pd.DataFrame({_("Maand"): [fmt.month(parse_month(c)) for c in codes],
                         _("Contacten"): pd.Series([_cell(figures, "month", c) for c in codes], dtype=object)})


def parts_table(figures: KeyFigures, measure: str) -> pd.DataFrame:
    """The categories of ``measure`` with their counts and shares of the total."""
    rows = figures.parts(measure)
    heading, unit = PART_HEADINGS[measure]
    return pd.DataFrame({
        _(heading): list(rows[i18n.label_column()]),
        _(unit): pd.Series([_cell(figures, measure, c) for c in rows["code"]], dtype=object),
        _("Aandeel"): pd.Series([cells.share(figures.share(measure, c)) for c in rows["code"]], dtype=object),
    })


def has_marks(periods: list[KeyFigures]) -> bool:
    """Whether any figure in the key-figures table is hidden (the page then explains the marks)."""
    return any((f.cells["status"] != "").any() for f in periods)


# Chart and table pairs, or the sentence that replaces a breakdown of one category

def months(figures: KeyFigures) -> tuple[go.Figure, pd.DataFrame]:
    return monthly_bars(figures.parts("month"), figures.rules.min_count, _("contacten")), monthly_table(figures)


def breakdown(figures: KeyFigures, measure: str) -> tuple[go.Figure, pd.DataFrame]:
    """Bars of the categories of ``measure`` ('channel', 'theme', 'question_type', 'team') and their table."""
    unit = _("dossiers") if measure == "team" else _("contacten")
    return category_bars(figures.parts(measure), figures.rules.min_count, unit), parts_table(figures, measure)


def questions_measure(selection: Selection) -> str:
    """What 'Waarover gingen de vragen?' breaks down: within one theme, the life domains it groups
    say more than the theme itself."""
    return "question_type" if selection.theme else "theme"


def single_category(figures: KeyFigures, measure: str, selection: Selection) -> str | None:
    """The sentence that replaces a breakdown with a single category (Markdown), or None when there
    are several to draw. One bar would read as '100%' of something that has no parts."""
    rows = figures.parts(measure)
    if len(rows) != 1:
        return None
    row = rows.iloc[0]
    value, count = figures.value(measure, row["code"]), _count(figures, measure, row["code"])
    n = 2 if value is None else value  # a hidden count is spoken of in the plural ("<5 contacten")
    category = md(lower_first(row[i18n.label_column()]))
    if measure == "question_type":
        return ngettext("Het thema {theme} bestaat uit één soort vraag, {category}: {count} contact in deze periode.",
                        "Het thema {theme} bestaat uit één soort vraag, {category}: {count} contacten in deze periode.",
                        n).format(theme=md(selection.theme_label), category=category, count=count)
    if measure == "team":
        return ngettext("Dit gebied valt binnen één wijkteamgebied, {team}: {count} dossier geopend in deze periode.",
                        "Dit gebied valt binnen één wijkteamgebied, {team}: {count} dossiers geopend in deze periode.",
                        n).format(team=md(row[i18n.label_column()]), count=count)
    return ngettext("Eén categorie, {category}: {count} contact in deze periode.",
                    "Eén categorie, {category}: {count} contacten in deze periode.", n).format(category=category, count=count)


def channel_note(figures: KeyFigures, selection: Selection) -> str | None:
    """With one channel chosen, the channel bars would show one bar: a sentence instead (Markdown)."""
    if not selection.channel:
        return None
    value = figures.value("contacts")
    return ngettext(
        "U ziet alleen contacten via het kanaal *{channel}*: {count} contact. Kies in de zijbalk *Alle kanalen* om de "
        "kanalen te vergelijken.",
        "U ziet alleen contacten via het kanaal *{channel}*: {count} contacten. Kies in de zijbalk *Alle kanalen* om de "
        "kanalen te vergelijken.",
        2 if value is None else value,
    ).format(channel=md(lower_first(selection.channel_label)), count=_count(figures, "contacts"))
