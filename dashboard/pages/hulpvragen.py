"""Hulpvragen: what residents come with, per theme (or, within one theme, per life domain): the
share per district, the months against a year earlier, and how often a question became a dossier."""

import streamlit as st

from dashboard import data, figures, filters, sentences, tables, widgets
from dashboard import format as fmt
from dashboard.literal import md

LEVELS = {"district": "Wijken", "team": "Wijkteamgebieden", "neighbourhood": "Buurten"}
ONE = {"district": "wijk", "team": "wijkteamgebied", "neighbourhood": "buurt"}

selection = filters.current()
period = selection.period
levels = [level for level in LEVELS if level in data.contact_levels()]
# Within one theme, the life domains beneath it say more than the theme itself.
heading = "Levensgebied" if selection.theme else "Thema"

st.title(f"Hulpvragen · {md(selection.area_label)}")
st.caption(" · ".join(filter(None, [fmt.period(period).capitalize(), f"{period.months} maanden", md(selection.description)])))
level = st.segmented_control("Vergelijk per", levels, default=levels[0], format_func=LEVELS.get, key="hulpvragen_niveau") or levels[0]
now = data.question_figures(selection.area_code, period, level, selection.theme, selection.channel)
min_count = now.rules.min_count
by_area = now.by_area.assign(name=now.by_area["name"].where(now.by_area["kind"] != "total", "Hele gemeente " + now.by_area["name"]))
has_earlier = now.earlier is not None

st.markdown(sentences.questions(now, selection))

st.subheader(f"Aandeel per {heading.lower()}, per {ONE[level]}")
st.caption("Elk vak: het aandeel van de contacten in dat gebied. Een vak zonder kleur is niet te tonen (te weinig contacten).")
widgets.chart(
    figures.share_heatmap(by_area, min_count),
    tables.area_shares(by_area, min_count, for_screen=True),
    "aandeel_per_gebied",
)

st.subheader(f"Verloop per {heading.lower()}")
st.caption(
    f"Contacten per maand in {fmt.period(period)}"
    + (f", gestippeld dezelfde maanden een jaar eerder ({fmt.period(now.earlier)})." if has_earlier else "; een jaar eerder is er nog geen data.")
)
widgets.chart(
    figures.theme_trends(now.trend, min_count, columns=3 if len(now.categories) > 4 else 2),
    tables.theme_trend(now.trend, min_count, heading),
    "verloop",
)

st.subheader("Hoe vaak werd een vraag een dossier?")
st.caption("Het deel van de contacten waarbij een korte interventie niet genoeg was" + (", met het streepje voor een jaar eerder." if has_earlier else "."))
widgets.chart(
    figures.dossier_shares(now.per_category, has_earlier),
    tables.per_category(now.per_category, min_count, heading, has_earlier, for_screen=True)[
        [heading, "Contacten", "Dossiers", "Werd een dossier", *(["Werd een dossier (jaar eerder)"] if has_earlier else [])]
    ],
    "dossiers",
)

st.subheader(f"Alle cijfers per {heading.lower()}")
st.dataframe(tables.per_category(now.per_category, min_count, heading, has_earlier, for_screen=True), hide_index=True)
widgets.download(
    tables.per_category(now.per_category, min_count, heading, has_earlier, for_screen=False),
    f"wijkmonitor-hulpvragen-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
widgets.download(
    tables.area_shares(by_area, min_count, for_screen=False),
    f"wijkmonitor-hulpvragen-per-gebied-{level}-{period.first:%Y-%m}-{period.last:%Y-%m}",
    "Download aandelen per gebied als Excel",
)
widgets.marks_legend()
