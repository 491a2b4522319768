"""Hulpvragen: what residents come with, per theme (or, within one theme, per type of question): the
share per district, the months against a year earlier, and how often a question became a dossier."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.views import questions as view

selection = filters.current()
period = selection.period
theme_chosen = selection.theme is not None
levels = view.levels(data.contact_levels())

widgets.page_heading(_("Hulpvragen"), selection)
level = filters.page_choice(_("Vergelijk per"), levels, "vergelijk", next(iter(levels)), key="hulpvragen_niveau")
now = data.question_figures(selection.area_code, period, level, selection.theme, selection.channel)

st.markdown(view.sentence(now, selection.area_level, selection.area_name, theme_chosen))

st.header(view.areas_heading(now, theme_chosen))
st.caption(view.areas_caption(now, selection.theme_label))
widgets.chart(view.areas_figure(now), view.areas_table(now), "aandeel_per_gebied")

st.header(view.trend_heading(theme_chosen))
st.caption(view.trend_caption(now))
widgets.chart(view.trend_figure(now), view.trend_table(now, theme_chosen), "verloop")

st.header(view.dossiers_heading())
st.caption(view.dossiers_caption(now))
widgets.chart(view.dossiers_figure(now), view.dossiers_table(now, theme_chosen), "dossiers")

st.header(view.all_figures_heading(theme_chosen))
widgets.table_with_downloads(
    view.per_category_table(now, theme_chosen),
    f"wijkmonitor-hulpvragen-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
widgets.marks_legend()
