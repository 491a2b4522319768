"""Wijkprofiel: one district or team area against the whole municipality on every indicator the
database has (contacts, themes, waiting times, satisfaction, workload), each with a sentence
saying whether it is higher or lower."""

import streamlit as st

from dashboard import data, filters, profile, widgets
from dashboard import format as fmt
from dashboard.literal import md

SURVEYS = {"clienten": "Tevredenheid van cliënten (aandeel eens)", "medewerkers": "Oordeel van medewerkers (rapportcijfer)"}

selection = filters.current()
period = selection.period
areas = data.area_list().set_index("code")

st.title(f"Wijkprofiel · {md(selection.area_label)}")
st.caption(" · ".join(filter(None, [fmt.period(period).capitalize(), md(selection.description)])))

if selection.is_municipality or selection.area_level not in ("team", "district"):
    st.info("Kies een wijk of wijkteamgebied om het met de hele gemeente te vergelijken.", icon=":material/touch_app:")
    choices = areas[areas["level"].isin(["team", "district"])]
    st.selectbox("Gebied om te vergelijken", [None, *choices.index], key="profiel_gebied",
                 format_func=lambda c: "Kies…" if c is None else filters.area_label(choices.loc[c, "level"], choices.loc[c, "name"]),
                 on_change=lambda: filters.select_area(st.session_state["profiel_gebied"]))
    st.stop()

name = selection.area_name
municipality = selection.municipality_code
municipality_name = filters.area_label("municipality", areas.loc[municipality, "name"])
# Teams register workload and hold surveys per team area: a district is shown with its team's.
team = selection.area_code if selection.area_level == "team" else areas.loc[selection.area_code, "team_code"]
team_name = areas.loc[team, "name"] if isinstance(team, str) else None

sections = []
here = data.key_figures(selection.area_code, period, selection.theme, selection.channel)
whole = data.key_figures(municipality, period, selection.theme, selection.channel)
sections.append(("Contacten en vragen", profile.contacts(here, whole), name, None))

sections.append((
    "Wachttijden",
    profile.waits(data.wait_times(selection.area_code, period), data.wait_times(municipality, period), data.services()),
    name,
    "Aandeel mensen dat binnen de norm werd geholpen, over de hele periode.",
))

if team_name:
    for survey, title in SURVEYS.items():
        waves = [w for w in data.survey_waves(survey) if w <= period.last.year]
        if not waves:
            continue
        wave = waves[-1]
        results = data.survey_results(survey, (team, municipality), (), wave, wave)
        indicators = profile.survey(results, team, municipality, data.survey_questions(survey), title)
        note = f"Peiling {wave}" + (f", van het wijkteamgebied {md(team_name)}" if team != selection.area_code else "") + \
            "; een verschil telt pas als de 95%-intervallen niet overlappen."
        sections.append((title, indicators, team_name, note))
    workload = profile.caseload(data.team_figures(team, period, None, None), data.team_figures(municipality, period, None, None), team)
    note = f"Stand eind {fmt.month(period.last)}" + (f", van het wijkteamgebied {md(team_name)}" if team != selection.area_code else "") + "."
    sections.append(("Werkdruk", workload, team_name, note))

every = []
for title, indicators, who, note in sections:
    if not indicators:
        continue
    st.subheader(title)
    if note:
        st.caption(note)
    st.markdown("\n".join(f"- {profile.sentence(i, who)}" for i in indicators))
    every += [(i, who) for i in indicators]

st.subheader("Alle indicatoren")
st.dataframe(profile.table(every, municipality_name, for_screen=True), hide_index=True)
widgets.download(profile.table(every, municipality_name, for_screen=False),
                 f"wijkmonitor-wijkprofiel-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}")
st.caption(f"Ongeveer gelijk: cijfers binnen {fmt.percent(profile.RATE_MARGIN, 0)} van elkaar, of aandelen binnen "
           f"{fmt.number(profile.SHARE_MARGIN * 100)} procentpunt. Niet te vergelijken: een van beide cijfers is niet "
           "gepubliceerd omdat het op te weinig waarnemingen rust.")
