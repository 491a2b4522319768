"""Overzicht: the key figures of the chosen area and period, against the period just before and
the same period a year earlier, with the contacts per month, per channel and per theme."""

import streamlit as st

from dashboard import data, figures, filters, sentences, tables, widgets
from dashboard import format as fmt
from dashboard.literal import md

selection = filters.current()
period = selection.period
first_month, _ = data.contact_months()


def figures_for(p):
    """Key figures of a period, or None when the data do not reach back that far."""
    if p.first < first_month:
        return None
    return data.key_figures(selection.area_code, p, selection.theme, selection.channel)


now = figures_for(period)
previous = figures_for(period.previous())
year_earlier = figures_for(period.year_earlier())
min_count = now.rules.min_count

st.title(f"Overzicht · {md(selection.area_label)}")
st.caption(" · ".join(filter(None, [fmt.period(period).capitalize(), f"{period.months} maanden", md(selection.description)])))
st.markdown(sentences.overview(now, year_earlier, selection))


def tile(column, label: str, value, text, help: str, change=fmt.change) -> None:
    """One key figure, its change against a year earlier, and the previous period in the help text."""
    earlier = value(year_earlier) if year_earlier else None
    before = value(previous) if previous else None
    before_text = f"{fmt.period(previous.period)}: {text(previous)}" if previous else "geen eerdere gegevens"
    with column:
        widgets.key_figure(
            label,
            text(now),
            change(value(now), earlier),
            f"t.o.v. {fmt.period(year_earlier.period, short=True)}" if year_earlier else "",
            f"{help} Vorige periode ({before_text}; {change(value(now), before) or 'geen vergelijking'}).",
        )


def count_text(measure):
    return lambda f: fmt.count(f.value(measure), f.status(measure), min_count)


columns = st.columns(4)
tile(columns[0], "Contacten", lambda f: f.value("contacts"), count_text("contacts"),
     "Alle keren dat inwoners contact hadden met een wijkteam.")
tile(columns[1], "Per 1.000 inwoners", lambda f: f.contacts_per_1000,
     lambda f: fmt.number(f.contacts_per_1000, 1), "Contacten in de periode per 1.000 inwoners van het gebied.")
tile(columns[2], "Dossiers geopend", lambda f: f.value("dossiers"), count_text("dossiers"),
     "Contacten waarbij een korte interventie niet genoeg was.")
tile(columns[3], "Korte interventie", lambda f: f.share("short_interventions"),
     lambda f: fmt.percent(f.share("short_interventions")), "Aandeel van de contacten dat zonder dossier is afgehandeld.",
     change=fmt.point_change)

left, right = st.columns(2)
with left:
    st.subheader("Contacten per maand")
    widgets.chart(figures.monthly_bars(now.parts("month"), min_count, "contacten"), tables.monthly(now, "Contacten"), "maand")
with right:
    st.subheader("Hoe kwamen inwoners binnen?")
    if selection.channel:
        st.markdown(f"Alleen contacten via het kanaal *{md(selection.channel_label.lower())}*; kies in de zijbalk "
                    "*Alle kanalen* om de kanalen te vergelijken.")
    else:
        widgets.chart(
            figures.category_bars(now.parts("channel"), min_count, "contacten"),
            tables.parts(now, "channel", "Kanaal", "Contacten"),
            "kanaal",
        )

left, right = st.columns(2)
with left:
    # Within one theme, the life domains it groups say more than the theme itself.
    questions = "question_type" if selection.theme else "theme"
    st.subheader("Waarover gingen de vragen?")
    widgets.chart(
        figures.category_bars(now.parts(questions), min_count, "contacten"),
        tables.parts(now, questions, "Levensgebied" if selection.theme else "Thema", "Contacten"),
        "vragen",
    )
with right:
    if not now.parts("team").empty:
        st.subheader("Dossiers per wijkteamgebied")
        widgets.chart(
            figures.category_bars(now.parts("team"), min_count, "dossiers"),
            tables.parts(now, "team", "Wijkteamgebied", "Dossiers"),
            "team",
        )

st.subheader("Alle kerncijfers")
# A twelve-month period's previous period is the year before: one column for it.
compared = list({f.period: f for f in (now, previous, year_earlier) if f is not None}.values())
st.dataframe(tables.key_figures(compared, for_screen=True), hide_index=True)
widgets.download(
    tables.key_figures(compared, for_screen=False),
    f"wijkmonitor-kerncijfers-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
if any((f.cells["status"] != "").any() for f in compared):
    widgets.marks_legend()
