"""Contacten: a map of the chosen measure per area, how residents came in, how far contacts went
(short intervention or dossier) per team area, and the trend of the chosen area against the
municipality; under the map the same numbers as a table."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.views import contacts, overview
from dashboard.views.areas import area_label

selection = filters.current()
period = selection.period
min_count = data.rules().min_count

widgets.page_heading(_("Contacten"), selection)

choose_measure, choose_level = st.columns([3, 2])
with choose_measure:
    measure = filters.page_choice(_("Op de kaart"), contacts.measure_buttons(data.population_base(selection.theme)), "maat", contacts.DEFAULT_MEASURE)
with choose_level:
    levels = data.contact_levels()
    level = filters.page_choice(_("Gebieden"), contacts.level_buttons(levels), "niveau", contacts.default_level(levels))

areas = data.contacts_by_area(level, period, selection.theme, selection.channel)
shapes = data.shapes(level)
selected_shape = None if selection.is_municipality else \
    data.shapes(selection.area_level).set_index("code")["geometry"].get(selection.area_code)
choropleth = contacts.choropleth(areas, shapes, measure, level, period, min_count, selected_shape)
# A new map per chosen area: Streamlit would otherwise keep the clicked area selected and dim all
# others, so their colours no longer matched the legend. The chosen area has its own outline.
map_key = f"kaart_{selection.area_code}"


def choose_from_map() -> None:
    chosen = st.session_state[map_key].selection.objects.get(contacts.LAYER, [])
    if chosen:
        filters.select_area(chosen[0]["properties"]["code"])


left, right = st.columns([3, 2], gap="large")
with left:
    st.header(choropleth.title)
    st.pydeck_chart(
        choropleth.deck,
        on_select=choose_from_map,
        selection_mode="single-object",
        key=map_key,
        height=520,
        alt=choropleth.alt,
    )
    st.caption(_("Klik op een gebied om het te kiezen; de rest van de pagina en de link volgen die keuze."))
    schematic = contacts.schematic_note(shapes)
    if schematic:
        st.caption(f":material/info: {schematic}")
with right:
    st.html(choropleth.legend_html)
    st.header(_("Hoe kwamen inwoners binnen?"))
    now = data.key_figures(selection.area_code, period, selection.theme, selection.channel)
    note = overview.channel_note(now, selection)
    if note:
        st.markdown(note)
    else:
        widgets.chart(*overview.breakdown(now, "channel"), "kanalen")

st.header(_("Van contact naar dossier, per wijkteamgebied"))
st.markdown(contacts.outcome_intro())
teams = data.contacts_by_area("team", period, selection.theme, selection.channel)
widgets.chart(*contacts.outcomes(teams, min_count), "uitkomsten")

trend_period = filters.at_least_a_year(period)
st.header(contacts.trend_title(trend_period, data.population_base(selection.theme)))
series = {selection.area_label: data.monthly_rate(selection.area_code, trend_period, selection.theme, selection.channel)}
if not selection.is_municipality:
    municipality = data.area_list().set_index("code").loc[selection.municipality_code, "name"]
    series[area_label("municipality", municipality)] = data.monthly_rate(
        selection.municipality_code, trend_period, selection.theme, selection.channel
    )
widgets.chart(*contacts.trend(series), "verloop")

st.header(contacts.all_areas_title(level))
widgets.table_with_downloads(
    contacts.by_area_table(areas, min_count),
    f"wijkmonitor-contacten-{level}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
if contacts.has_marks(areas):
    widgets.marks_legend()
