"""Wachttijden: per service the median and 90th-percentile waiting time and the share helped within
the legal norm, for the chosen area and period, per month and per area, and who is still waiting."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard import format as fmt
from dashboard.i18n import _
from dashboard.views import waiting_times as view

selection = filters.current()
period = selection.period
min_count = data.rules().min_count
services = data.services(selection.theme)
waits = data.wait_times(selection.area_code, period, selection.theme)

widgets.page_heading(_("Wachttijden"), selection)
if selection.theme:
    st.caption(view.theme_note(selection.theme_label, services))
if selection.channel:
    st.caption(view.channel_note())
if services.empty:
    st.info(view.no_services(selection.theme_label))
    filters.stop()
totals = view.totals(waits)
st.markdown(view.summary(totals, services, period, selection.area_level, selection.area_name))

st.header(view.services_heading(selection.theme_label))
last_label = fmt.month(period.last)
last_month = view.last_month(waits)
widgets.table_with_downloads(
    view.overview_table(totals, services, last_month, min_count, last_label),
    f"wijkmonitor-wachttijden-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
st.caption(view.overview_caption())

labels = view.service_labels(services)
# The theme's services only: a link with a service of another theme gets the notice and the first of these.
code = filters.page_choice(_("Voorziening"), labels, "voorziening", next(iter(labels)), st.selectbox,
                          key="wachttijden_voorziening")
service = services.set_index("code").loc[code]
norm_days = int(service["norm_days"])
months = view.months_of(waits, code)
st.markdown(view.norm_caption(service))

if view.mostly_hidden(months):
    st.info(view.coarser_view(selection.area_level), icon=":material/zoom_out:")
else:
    left, right = st.columns(2)
    with left:
        st.header(_("Wachttijd per maand"))
        widgets.chart(view.monthly_days(months, norm_days, min_count),
                      view.detail_table(months, "month", min_count), f"wachttijd_{code}")
        st.caption(view.days_caption(months, norm_days, service))
    with right:
        st.header(_("Binnen de norm per maand"))
        widgets.chart(view.monthly_share(months, norm_days, min_count),
                      view.detail_table(months, "month", min_count), f"binnen_norm_{code}")
        st.caption(view.share_caption(norm_days, service))

areas = view.areas_of(waits, code)
left, right = st.columns(2)
with left:
    st.header(_("Per gebied"))
    if areas.empty:
        st.markdown(view.not_subdivided())
    else:
        widgets.chart(view.area_days(areas, norm_days, min_count),
                      view.detail_table(areas, "area", min_count), f"gebied_{code}")
        st.caption(view.area_caption(norm_days, service, period.last))
with right:
    st.header(_("Nog wachtend aan het eind van de maand"))
    widgets.chart(view.waiting_bars(months, min_count),
                  view.detail_table(months, "month", min_count), f"wachtend_{code}")
    st.caption(view.waiting_caption())

if view.has_marks(waits, code):
    widgets.marks_legend()
