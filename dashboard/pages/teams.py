"""Teams: can the teams carry it? Per team area the open, new and closed dossiers, fte, caseload per
fte against the norm, the mix of case weight and the share of multi-problem households with one plan;
with a theme or channel chosen, each team's share of it in the new dossiers."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.views import teams as view

selection = filters.current()
period = selection.period
now = data.team_figures(selection.area_code, period, selection.theme, selection.channel)
selected = selection.description or None  # "thema Wonen": the new dossiers within the chosen filters

widgets.page_heading(_("Teams"), selection)
if now.teams.empty:
    st.info(view.no_team_notice())
    filters.stop()
if notice := view.own_team_notice(now, selection.area_level, selection.area_name):
    st.info(notice)
if notice := view.filter_notice(selected):
    st.info(notice, icon=":material/filter_alt:")

st.markdown(view.sentence(now))
if caption := view.norm_caption(now.norm):
    st.caption(caption)

st.header(view.caseload_heading())
st.caption(view.caseload_caption(now))
widgets.chart(view.caseload_lines(now), view.caseload_per_month(now), "caseload_per_maand")

if now.has_total:
    st.header(view.bars_heading(now))
    widgets.chart(view.caseload_bars(now), view.caseload_table(now), "caseload_per_team")

left, right = st.columns(2)
with left:
    st.header(view.flows_heading())
    st.caption(view.flows_caption(now))
    widgets.chart(view.dossier_flows(now, selected), view.months_table(now, selected), "instroom_uitstroom")
with right:
    st.header(view.plan_heading())
    st.caption(view.plan_caption(now))
    widgets.chart(view.plan_line(now), view.plan_table(now), "een_plan")

if selected:
    everyone, own = view.share_scope(now, lambda: data.team_figures(selection.municipality_code, period, selection.theme,
                                                                    selection.channel))
    st.header(view.share_heading(selected))
    st.markdown(view.share_sentence(everyone, selected, own))
    st.caption(view.share_caption(everyone))
    widgets.chart(view.share_bars(everyone, selected, own), view.share_table(everyone, selected), "aandeel_per_team")

st.header(view.weight_heading(now))
st.caption(view.weight_caption())
widgets.chart(view.weight_mix(now), view.weight_table(now), "zwaarte")

st.header(view.all_figures_heading())
st.caption(view.all_figures_caption(now))
widgets.table_with_downloads(view.summary_table(now, selected),
                             f"wijkmonitor-teams-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}")
widgets.marks_legend()
