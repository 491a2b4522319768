"""Tevredenheid: the staff survey (mean mark 1-10) and the client-experience survey (share agreeing),
per wave, for the team area, the municipality and the peer group, with 95% intervals."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.views import satisfaction as view

selection = filters.current()
period = selection.period
rules = data.rules()
area_list = data.area_list().set_index("code")
teams = view.teams(area_list)
focus_code = view.focus_code(area_list, selection.area_code, selection.area_level, selection.municipality_code)
series, peers = view.series(area_list, focus_code, selection.municipality_code, data.peer_groups())
peer = peers[0] if peers else None

widgets.page_heading(_("Tevredenheid"), selection)
st.caption(view.intro(rules.min_respondents))
if focus_code != selection.area_code:
    st.info(view.team_note(area_list.loc[focus_code, "name"]), icon=":material/info:")
if selection.theme or selection.channel:
    st.caption(view.filters_note())


def survey_section(survey: str, title: str, absent: str) -> bool:
    """One survey: the chosen wave against the peer group, a question's trend, and the team areas.
    True when a number of respondents was too small to publish (its mark then needs the legend)."""
    st.header(title)
    waves = view.waves(data.survey_waves(survey), period)
    if not waves:
        st.markdown(absent)
        filters.not_shown(f"vraag-{survey}")
        return False
    wave = waves[-1]
    results = data.survey_results(survey, view.area_codes(series, teams), tuple(p.code for p in peers), waves[0], wave)
    questions = data.survey_questions(survey)
    scale = questions["scale"].iloc[0]

    st.subheader(view.questions_heading(wave))
    st.markdown(view.summary(results, questions, wave, series[0], peer))
    widgets.chart(
        view.comparison_figure(results, questions, wave, series),
        view.comparison_table(results, questions, wave, series, peer, rules.min_count),
        f"{survey}_vragen",
    )

    labels = view.question_labels(questions)
    question = filters.page_choice(_("Vraag"), labels, f"vraag-{survey}", next(iter(labels)), st.selectbox,
                                  key=f"tevredenheid_vraag_{survey}")
    left, right = st.columns(2)
    with left:
        st.subheader(view.trend_heading(waves))
        widgets.chart(
            view.trend_figure(results, question, scale, waves, series),
            view.trend_table(results, question, scale, waves, series),
            f"{survey}_trend",
        )
    with right:
        st.subheader(view.teams_heading(wave))
        widgets.chart(
            view.teams_figure(results, teams, question, scale, wave, view.STYLES[0][0], rules.min_count),
            view.teams_table(results, teams, question, scale, wave, rules.min_count),
            f"{survey}_teams",
        )
    return (results["respondents_status"] != "").any()


marks = False
for survey, title, absent in view.SURVEYS:
    marks |= survey_section(survey, _(title), _(absent))
if marks:
    widgets.marks_legend()
