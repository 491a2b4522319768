"""Tevredenheid: the staff survey (mean mark 1-10) and the client-experience survey (share agreeing),
per wave, for the team area, the municipality and the peer group, with 95% intervals."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard import satisfaction as view
from dashboard.literal import md
from dashboard.satisfaction import STYLES, Series

selection = filters.current()
period = selection.period
rules = data.rules()
area_list = data.area_list().set_index("code")
teams = area_list[area_list["level"] == "team"].reset_index()[["code", "name"]].sort_values("name")

# The surveys are held per team area: a district or neighbourhood is shown through its team area.
focus_code = selection.area_code
if selection.area_level in ("district", "neighbourhood"):
    team_code = area_list.loc[selection.area_code, "team_code"]  # missing (NaN) for a neighbourhood without a team
    focus_code = team_code if isinstance(team_code, str) else selection.municipality_code
municipality = Series("area", selection.municipality_code, area_list.loc[selection.municipality_code, "name"], *STYLES[1])
series = [municipality]
if focus_code != selection.municipality_code:
    series.insert(0, Series("area", focus_code, area_list.loc[focus_code, "name"], *STYLES[0]))
groups = data.peer_groups()
peers = [
    Series("peer", g.group_code, "Vergelijkbare gemeenten" if len(groups) == 1 else g.group_name, *STYLES[2])
    for g in groups.itertuples()
]
peer = peers[0] if peers else None
series += peers

st.title(f"Tevredenheid · {md(selection.area_label)}")
st.caption(
    "Eén meting per jaar. Gemiddelden en percentages met hun 95%-interval (de strepen): overlappen twee "
    "intervallen, dan noemen we het verschil niet duidelijk. "
    f"Uitkomsten van minder dan {rules.min_respondents} respondenten tonen we niet als score."
)
if focus_code != selection.area_code:
    st.info(f"De enquêtes worden per wijkteamgebied gehouden; u ziet de uitkomsten van {md(area_list.loc[focus_code, 'name'])}.",
            icon=":material/info:")
if selection.theme or selection.channel:
    st.caption("Thema en kanaal gelden hier niet: de enquêtes vragen niet per thema of kanaal.")


def survey_section(survey: str, title: str, absent: str) -> bool:
    """One survey: the chosen wave against the peer group, a question's trend, and the team areas.
    True when a number of respondents was too small to publish (its mark then needs the legend)."""
    st.header(title)
    available = [w for w in data.survey_waves(survey) if w <= period.last.year]
    if not available:
        st.markdown(absent)
        return False
    # One wave is no trend: a period within one year shows every wave up to it.
    first = period.first.year if period.first.year < period.last.year else available[0]
    waves = [w for w in available if w >= first] or available[-1:]
    wave = waves[-1]
    codes = tuple(dict.fromkeys([s.code for s in series if s.kind == "area"] + list(teams["code"])))
    results = data.survey_results(survey, codes, tuple(p.code for p in peers), waves[0], wave)
    questions = data.survey_questions(survey)
    scale = questions["scale"].iloc[0]

    st.subheader(f"Alle vragen, meting {wave}")
    st.markdown(view.summary(results, questions, wave, series[0], peer))
    widgets.chart(
        view.comparison_figure(results, questions, wave, series),
        view.comparison_table(results, questions, wave, series, peer, rules.min_count, for_screen=True),
        f"{survey}_vragen",
    )
    widgets.download(
        view.comparison_table(results, questions, wave, series, peer, rules.min_count, for_screen=False),
        f"wijkmonitor-{survey}-{focus_code}-{wave}",
    )

    labels = dict(zip(questions["code"], questions["label_nl"]))
    question = st.selectbox("Vraag", list(labels), format_func=labels.get, key=f"tevredenheid_vraag_{survey}")
    left, right = st.columns(2)
    with left:
        st.subheader(f"Door de jaren, {waves[0]}–{wave}" if len(waves) > 1 else f"Meting {wave}")
        widgets.chart(
            view.trend_figure(results, question, scale, waves, series),
            view.trend_table(results, question, scale, waves, series),
            f"{survey}_trend",
        )
    with right:
        st.subheader(f"Per wijkteamgebied, meting {wave}")
        widgets.chart(
            view.teams_figure(results, teams, question, scale, wave, STYLES[0][0], rules.min_count),
            view.teams_table(results, teams, question, scale, wave, rules.min_count),
            f"{survey}_teams",
        )
    return (results["respondents_status"] != "").any()


marks = survey_section(
    "medewerkers",
    "Medewerkersenquête",
    "Er is nog geen medewerkersenquête in deze periode.",
)
marks |= survey_section(
    "clienten",
    "Cliëntervaringsonderzoek",
    "Het cliëntervaringsonderzoek begon in 2016; in deze periode is aan cliënten nog niet gevraagd hoe "
    "tevreden zij zijn.",
)
if marks:
    widgets.marks_legend()
