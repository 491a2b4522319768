"""Wijkmonitor's entry script: page set-up, the filters all pages share, and the navigation.

Run it with `wijkmonitor serve`. Pages live in dashboard/pages/, one file per page.
"""

# pandas and plotly first: a navigation click that interrupts a run while plotly lazily imports
# pandas can leave pandas half-imported ("partially initialized module 'pandas'").
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from dashboard import data, filters, paths, widgets
from dashboard.i18n import _
from queries.config import ConfigError
from queries.database import DatabaseError

st.set_page_config(page_title="Wijkmonitor", page_icon="🏘️", layout="wide")
filters.language()  # before any word is drawn, the page titles in the navigation included
widgets.document_language()
widgets.focus_style()

PAGES = [
    st.Page("pages/overzicht.py", title=_("Overzicht"), icon=":material/dashboard:", url_path=paths.HOME, default=True),
    st.Page("pages/contacten.py", title=_("Contacten"), icon=":material/map:", url_path="contacten"),
    st.Page("pages/wijkprofiel.py", title=_("Wijkprofiel"), icon=":material/location_city:", url_path="wijkprofiel"),
    st.Page("pages/hulpvragen.py", title=_("Hulpvragen"), icon=":material/forum:", url_path="hulpvragen"),
    st.Page("pages/teams.py", title=_("Teams"), icon=":material/groups:", url_path="teams"),
    st.Page("pages/wachttijden.py", title=_("Wachttijden"), icon=":material/hourglass_top:", url_path="wachttijden"),
    st.Page("pages/tevredenheid.py", title=_("Tevredenheid"), icon=":material/sentiment_satisfied:", url_path="tevredenheid"),
    st.Page("pages/themasessie.py", title=_("Themasessie"), icon=":material/co_present:", url_path="themasessie"),
    st.Page("pages/persbriefing.py", title=_("Persbriefing"), icon=":material/campaign:", url_path="persbriefing"),
    st.Page("pages/over_de_data.py", title=_("Over de data"), icon=":material/info:", url_path="over-de-data"),
]
navigation = st.navigation(PAGES + paths.not_found_page(PAGES, widgets.not_found))
# The browser tab and a screen reader's first words name the page, in the active language.
st.set_page_config(page_title=f"{navigation.title} · Wijkmonitor")

try:
    if data.contact_months() is None:
        st.warning(_("Er zijn nog geen contactgegevens geladen. Bouw de demo met `wijkmonitor demo` of laad gegevens."))
        st.stop()
    filters.sidebar()
    if data.rules().exact:
        widgets.internal_banner()
    if data.is_demo():
        widgets.demo_notice()
    filters.page(navigation.url_path)
    navigation.run()
    filters.tidy_link()  # a page that stops early does it through filters.stop
except (DatabaseError, ConfigError) as error:
    widgets.database_problem(error)
