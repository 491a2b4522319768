"""Overzicht: the key figures of the chosen area and period, against the period just before and
the same period a year earlier, with the contacts per month, per channel and per theme."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.views import overview

selection = filters.current()
period = selection.period
first_month, _last = data.contact_months()


def figures_for(p):
    """Key figures of a period, or None when the data do not reach back that far."""
    if p.first < first_month:
        return None
    return data.key_figures(selection.area_code, p, selection.theme, selection.channel)


now = figures_for(period)
previous = figures_for(period.previous())
year_earlier = figures_for(period.year_earlier())

widgets.page_heading(_("Overzicht"), selection)
st.markdown(overview.sentence(now, year_earlier, selection))

for column, tile in zip(st.columns(4), overview.tiles(now, previous, year_earlier)):
    with column:
        widgets.key_figure(tile.label, tile.value, tile.change, tile.compared_with, tile.help, tile.named)

left, right = st.columns(2)
with left:
    st.header(_("Contacten per maand"))
    widgets.chart(*overview.months(now), "maand")
with right:
    st.header(_("Hoe kwamen inwoners binnen?"))
    note = overview.channel_note(now, selection)
    if note:
        st.markdown(note)
    else:
        widgets.chart(*overview.breakdown(now, "channel"), "kanaal")

left, right = st.columns(2)
with left:
    st.header(_("Waarover gingen de vragen?"))
    questions = overview.questions_measure(selection)
    single = overview.single_category(now, questions, selection)
    if single:
        st.markdown(single)
    else:
        widgets.chart(*overview.breakdown(now, questions), "vragen")
with right:
    if not now.parts("team").empty:
        st.header(_("Dossiers per wijkteamgebied"))
        single = overview.single_category(now, "team", selection)
        if single:
            st.markdown(single)
        else:
            widgets.chart(*overview.breakdown(now, "team"), "team")

st.header(_("Alle kerncijfers"))
# A twelve-month period's previous period is the year before: one column for it.
compared = list({f.period: f for f in (now, previous, year_earlier) if f is not None}.values())
widgets.table_with_downloads(
    overview.key_figures_table(compared),
    f"wijkmonitor-kerncijfers-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
if overview.has_marks(compared):
    widgets.marks_legend()
