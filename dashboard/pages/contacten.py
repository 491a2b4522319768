"""Contacten: a map of the chosen measure per area, how residents came in, how far contacts went
(short intervention or dossier) per team area, and the trend of the chosen area against the
municipality; under the map the same numbers as a table."""

import streamlit as st

from dashboard import data, figures, filters, maps, tables, widgets
from dashboard import format as fmt
from dashboard.literal import md

MEASURES = {  # URL value → (column in contacts.by_area, button, title)
    "contacten": ("contacts", "Contacten", "Contacten"),
    "per-1000": ("per_1000", "Per 1.000 inwoners", "Contacten per 1.000 inwoners"),
    "dossiers": ("dossiers", "Dossiers", "Dossiers geopend"),
    "korte-interventie": ("short_share", "Korte interventie", "Aandeel korte interventie"),
}
LEVELS = {"team": "Wijkteamgebieden", "district": "Wijken", "neighbourhood": "Buurten"}
ONE_OF = {"team": "wijkteamgebied", "district": "wijk", "neighbourhood": "buurt"}

selection = filters.current()
period = selection.period
min_count = data.rules().min_count

st.title(f"Contacten · {md(selection.area_label)}")
st.caption(" · ".join(filter(None, [fmt.period(period).capitalize(), f"{period.months} maanden", md(selection.description)])))

choose_measure, choose_level = st.columns([3, 2])
with choose_measure:
    measure = filters.page_choice("Op de kaart", {k: button for k, (_, button, _) in MEASURES.items()}, "maat", "contacten")
with choose_level:
    levels = {level: LEVELS[level] for level in data.contact_levels()}
    level = filters.page_choice("Gebieden", levels, "niveau", "district" if "district" in levels else next(iter(levels)))
column, _, measure_label = MEASURES[measure]

areas = data.contacts_by_area(level, period, selection.theme, selection.channel)
shapes = data.shapes(level).set_index("code")
on_map = areas[areas["kind"] == "area"].merge(shapes[["geometry"]], left_on="code", right_index=True)
on_map = on_map[on_map["geometry"].notna()]


def shown(value, status="") -> str:
    """One figure of the chosen measure as the map and its legend write it."""
    if column == "per_1000":
        return fmt.number(value, 1)
    if column == "short_share":
        return fmt.percent(value)
    return fmt.count(None if value is None else int(value), status, min_count)


def bound(value: float) -> str:
    """A class bound in the legend, with a decimal only where it has one."""
    if column == "short_share":
        return fmt.percent(value, 0 if round(value * 100, 1) == round(value * 100) else 1)
    return fmt.number(value, 0 if value == round(value) else 1)


# A rate is missing because a count under it is not published, or because the population is unknown.
counts_under = {"contacts": ["contacts"], "per_1000": ["contacts"], "dossiers": ["dossiers"],
                "short_share": ["contacts", "short_interventions"]}[column]
statuses = on_map[[f"{c}_status" for c in counts_under]].agg(lambda marks: next((m for m in marks if m), ""), axis=1)
values = [fmt.optional(v) for v in on_map[column]]
on_map = on_map.assign(value=values, status=statuses, text=[shown(v, s) for v, s in zip(values, statuses)])
scale = maps.legend(maps.class_bounds(list(on_map["value"].dropna())), bound)
areas_index = data.area_list().set_index("code")
selected_shape = None if selection.is_municipality else \
    data.shapes(selection.area_level).set_index("code")["geometry"].get(selection.area_code)
# A new map per chosen area: Streamlit would otherwise keep the clicked area selected and dim all
# others, so their colours no longer matched the legend. The chosen area has its own outline.
map_key = f"kaart_{selection.area_code}"


def choose_from_map() -> None:
    chosen = st.session_state[map_key].selection.objects.get(maps.LAYER, [])
    if chosen:
        filters.select_area(chosen[0]["properties"]["code"])


left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(f"{measure_label} per {ONE_OF[level]}")
    st.pydeck_chart(
        maps.deck(on_map, scale, selected_shape),
        on_select=choose_from_map,
        selection_mode="single-object",
        key=map_key,
        height=520,
        alt=f"Kaart: {measure_label.lower()} per gebied, {fmt.period(period)}. De tabel onder de kaart geeft dezelfde cijfers.",
    )
    st.caption("Klik op een gebied om het te kiezen; de rest van de pagina en de link volgen die keuze.")
    sources = set(shapes["geometry_source"].dropna())
    if any(source.startswith("schematisch") for source in sources):
        st.caption(":material/info: **Schematische kaart.** De vlakken liggen rond de middelpunten van de wijken en "
                   "zijn geen echte grenzen. Laad de CBS-wijkkaart met `wijkmonitor import-geo`.")
with right:
    missing = on_map["value"].isna()
    st.html(maps.legend_html(scale, measure_label, (missing & (on_map["status"] != "")).any(),
                             (missing & (on_map["status"] == "")).any()))
    st.subheader("Hoe kwamen inwoners binnen?")
    if selection.channel:
        st.markdown(f"Alleen contacten via het kanaal *{md(selection.channel_label.lower())}*.")
    else:
        now = data.key_figures(selection.area_code, period, selection.theme, selection.channel)
        widgets.chart(
            figures.category_bars(now.parts("channel"), min_count, "contacten"),
            tables.parts(now, "channel", "Kanaal", "Contacten"),
            "kanalen",
        )

st.subheader("Van contact naar dossier, per wijkteamgebied")
st.markdown("Elk contact eindigt met een korte interventie of met een dossier: hulp die meer vraagt dan een paar gesprekken.")
teams = data.contacts_by_area("team", period, selection.theme, selection.channel)
teams = teams[teams["kind"] != "total"]
widgets.chart(figures.outcome_bars(teams, min_count), tables.by_area(teams, min_count, for_screen=True), "uitkomsten")

trend_period = filters.at_least_a_year(period)
st.subheader(f"Verloop: contacten per 1.000 inwoners, {fmt.period(trend_period)}")
series = {selection.area_label: data.monthly_rate(selection.area_code, trend_period, selection.theme, selection.channel)}
if not selection.is_municipality:
    municipality = areas_index.loc[selection.municipality_code]
    series[filters.area_label("municipality", municipality["name"])] = data.monthly_rate(
        selection.municipality_code, trend_period, selection.theme, selection.channel
    )
trend_table = series[selection.area_label][["month"]].assign(Maand=lambda f: f["month"].map(fmt.month))[["Maand"]]
for name, frame in series.items():
    trend_table[name] = [fmt.number(fmt.optional(v), 1) for v in frame["per_1000"]]
widgets.chart(figures.rate_lines(series, "contacten per 1.000 inwoners"), trend_table, "verloop")

st.subheader(f"Alle {LEVELS[level].lower()}")
st.dataframe(tables.by_area(areas, min_count, for_screen=True), hide_index=True)
widgets.download(
    tables.by_area(areas, min_count, for_screen=False),
    f"wijkmonitor-contacten-{level}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
if (areas[[f"{m}_status" for m in tables.AREA_COLUMNS]] != "").any().any():
    widgets.marks_legend()
