"""The dashboard's only way to the data: the query layer, cached.

The engine is a cached resource per database URL; query results are cached for ``TTL`` seconds so
a load shows up on screen within that time. The database is opened read-only.
Results are cached per argument, not per database: the URL and the disclosure rules are fixed for
the life of a server process.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from queries import areas, categories, config, contacts, demo, loads, provenance
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


def rules() -> DisclosureRules:
    return config.disclosure_rules()


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
def channels() -> pd.DataFrame:
    return categories.channels(database())


@st.cache_data(ttl=TTL, show_spinner=False)
def key_figures(area_code: str, period: Period, theme: str | None, channel: str | None) -> contacts.KeyFigures:
    return contacts.key_figures(database(), area_code, period, rules(), theme, channel)


# Over de data: provenance, load log, norms
@st.cache_data(ttl=TTL, show_spinner=False)
def load_history() -> pd.DataFrame:
    """Every load, newest first, with the period it covered as a Period (None when it has none)."""
    history = loads.load_history(database())
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


@st.cache_data(ttl=TTL, show_spinner=False)
def services() -> pd.DataFrame:
    return categories.services(database())
