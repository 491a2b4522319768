"""The dashboard's only way to the data: the query layer, cached.

The engine is a cached resource per database URL; query results are cached for ``TTL`` seconds so
a load shows up on screen within that time. The database is opened read-only.
Results are cached per argument, not per database: the URL and the disclosure rules are fixed for
the life of a server process.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from queries import areas, categories, config, contacts, demo, loads, provenance, ptable, questions, rates, surveys, teams, waits
from queries.database import Database
from queries.disclosure import DisclosureRules
from queries.periods import Period

TTL = 600


@st.cache_resource(show_spinner=False)
def _database(url: str, embedded: bool) -> Database:
    if embedded:  # the embedded default is built on first start
        with st.spinner("De demodatabase wordt voor het eerst opgebouwd…"):
            demo.ensure_embedded(url)
    database = Database(url, readonly=True)
    database.check()
    return database


def database() -> Database:
    setting = config.database_setting()
    return _database(setting.url, setting.is_embedded)


@st.cache_resource(show_spinner=False)
def rules() -> DisclosureRules:
    """The disclosure rules, read once per server process: query results are cached per argument,
    so rules read afresh could put a new protection level's banner over the old level's figures.
    A change of level takes effect when the server restarts."""
    return config.disclosure_rules()


def public_url() -> str | None:
    return config.public_url()


def max_deviation() -> int:
    return ptable.load().max_deviation


@st.cache_data(ttl=TTL, show_spinner=False)
def area_list() -> pd.DataFrame:
    return areas.areas(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def contact_months():
    return loads.contact_months(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def is_demo() -> bool:
    return loads.is_demo(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def themes() -> pd.DataFrame:
    return categories.themes(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def population_base(theme: str | None) -> str:
    """What the theme's rates count per 1,000 of (queries/rates.py)."""
    return rates.base(database(), theme)


@st.cache_data(ttl=TTL, show_spinner=False)
def channels() -> pd.DataFrame:
    return categories.channels(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def key_figures(area_code: str, period: Period, theme: str | None, channel: str | None) -> contacts.KeyFigures:
    return contacts.key_figures(database(), area_code, period, rules(), theme, channel)


# Contacts per area and the map
@st.cache_data(ttl=TTL, show_spinner=False)
def contact_levels() -> list[str]:
    return contacts.levels(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def shapes(level: str) -> pd.DataFrame:
    return areas.shapes(database(), level)


@st.cache_data(ttl=TTL, show_spinner=False)
def contacts_by_area(level: str, period: Period, theme: str | None, channel: str | None) -> pd.DataFrame:
    return contacts.by_area(database(), level, period, rules(), theme, channel)


@st.cache_data(ttl=TTL, show_spinner=False)
def monthly_rate(area_code: str, period: Period, theme: str | None, channel: str | None) -> pd.DataFrame:
    return contacts.monthly_rate(database(), area_code, period, rules(), theme, channel)


# Question types and the teams' workload (pages Hulpvragen and Teams)
@st.cache_data(ttl=TTL, show_spinner=False)
def question_figures(area_code: str, period: Period, level: str, theme: str | None, channel: str | None) -> questions.QuestionFigures:
    return questions.question_figures(database(), area_code, period, level, rules(), theme, channel)


@st.cache_data(ttl=TTL, show_spinner=False)
def team_figures(area_code: str, period: Period, theme: str | None, channel: str | None) -> teams.TeamFigures:
    return teams.team_figures(database(), area_code, period, rules(), theme, channel)


# Waiting times and satisfaction (pages Wachttijden and Tevredenheid)
@st.cache_data(ttl=TTL, show_spinner=False)
def services(theme: str | None = None) -> pd.DataFrame:
    """Services with their norms; with a theme, that theme's services only."""
    return categories.services(database(), theme)


@st.cache_data(ttl=TTL, show_spinner=False)
def wait_times(area_code: str, period: Period, theme: str | None = None) -> pd.DataFrame:
    return waits.waits(database(), area_code, period, rules(), theme)


@st.cache_data(ttl=TTL, show_spinner=False)
def survey_questions(survey: str) -> pd.DataFrame:
    return surveys.questions(database(), survey)


@st.cache_data(ttl=TTL, show_spinner=False)
def survey_waves(survey: str) -> list[int]:
    return surveys.waves(database(), survey)


@st.cache_data(ttl=TTL, show_spinner=False)
def peer_groups() -> pd.DataFrame:
    return surveys.peer_groups(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def survey_results(survey: str, area_codes: tuple[str, ...], group_codes: tuple[str, ...], first_wave: int, last_wave: int) -> pd.DataFrame:
    return surveys.results(database(), survey, list(area_codes), list(group_codes), first_wave, last_wave, rules())

# Over de data: provenance, load log, norms
@st.cache_data(ttl=TTL, show_spinner=False)
def load_history() -> pd.DataFrame:
    """Every load, newest first, with the period it covered as a Period (None when it has none)."""
    history = loads.load_history(database(), rules())
    history["period"] = [
        None if first is None or pd.isna(first) else Period(first, last)
        for first, last in zip(history["period_first"], history["period_last"])
    ]
    return history


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage() -> pd.DataFrame:
    return provenance.coverage(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def population_sources() -> pd.DataFrame:
    return provenance.population_sources(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def shape_sources() -> list[str]:
    return provenance.shape_sources(database())
