"""Wijkprofiel: one district or team area against the whole municipality on every indicator the
database has (contacts, themes, waiting times, satisfaction, workload), each with a sentence
saying whether it is higher or lower."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.views import profile as view
from dashboard.views.areas import area_label

selection = filters.current()
period = selection.period
areas = data.area_list().set_index("code")

widgets.page_heading(_("Wijkprofiel"), selection, months=False)

if not view.can_compare(selection.area_level, selection.is_municipality):
    st.info(view.choose_note(), icon=":material/touch_app:")
    choices = areas[areas["level"].isin(["team", "district"])]
    st.session_state["profiel_gebied"] = None  # the box only asks: an earlier answer would not fire a change again
    filters.choose(st.selectbox, _("Gebied om te vergelijken"), [None, *choices.index],
                   lambda c: _("Kies…") if c is None else area_label(choices.loc[c, "level"], choices.loc[c, "name"]),
                   "profiel_gebied", on_change=lambda: filters.select_area(st.session_state["profiel_gebied"]))
    filters.stop()

level, name = selection.area_level, selection.area_name
municipality = selection.municipality_code
team = view.team_of(areas, selection.area_code, level)
through_team = team is not None and team != selection.area_code

sections = [
    view.contacts_section(data.key_figures(selection.area_code, period, selection.theme, selection.channel),
                          data.key_figures(municipality, period, selection.theme, selection.channel), level, name),
    view.waits_section(data.wait_times(selection.area_code, period, selection.theme),
                       data.wait_times(municipality, period, selection.theme), data.services(selection.theme), level, name),
]
if team:
    team_name = areas.loc[team, "name"]
    for survey, title in view.SURVEYS:
        wave = view.last_wave(data.survey_waves(survey), period.last)
        if wave is None:
            continue
        sections.append(view.survey_section(_(title), data.survey_results(survey, (team, municipality), (), wave, wave),
                                            data.survey_questions(survey), wave, team, team_name, municipality, through_team))
    sections.append(view.workload_section(data.team_figures(team, period, None, None),
                                          data.team_figures(municipality, period, None, None),
                                          team, team_name, period.last, through_team))

sections = [s for s in sections if s.indicators]
for section in sections:
    st.header(section.title)
    if section.note:
        st.caption(section.note)
    st.markdown(section.lines())

municipality_name = area_label("municipality", areas.loc[municipality, "name"])
st.header(_("Alle indicatoren"))
widgets.table_with_downloads(view.table(sections, municipality_name),
                             f"wijkmonitor-wijkprofiel-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}")
st.caption(view.explanation())
