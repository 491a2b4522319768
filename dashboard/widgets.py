"""Pieces every page uses: the demo notice, key-figure tiles, charts with their table, downloads."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data, filters, i18n, literal, messages
from dashboard import format as fmt
from dashboard.i18n import _, ngettext
from dashboard.views import cells, exports, style
from queries.messages import UserError

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def page_heading(title: str, selection, months: bool = True, extra: str | None = None) -> None:
    """A page's title with the chosen area, and a caption with the period, the other filters and
    ``extra`` (where a session is: 'Beeld 3 van 7')."""
    st.title(f"{title} · {literal.md(selection.area_label)}")
    period = selection.period
    parts = [fmt.first_upper(fmt.period(period)),
             ngettext("{n} maand", "{n} maanden", period.months).format(n=period.months) if months else "",
             literal.md(selection.description), extra or ""]
    st.caption(" · ".join(p for p in parts if p))


def demo_notice() -> None:
    st.info(
        _("**Demogegevens.** Januari tot en met mei 2015 volgen de cijfers die Schiedam publiceerde; "
          "alle latere maanden zijn verzonnen (synthetisch) en zeggen niets over de werkelijkheid."),
        icon=":material/science:",
    )


def key_figure(label: str, value: str, change: str | None, compared_with: str, help: str, named: bool = True) -> None:
    """A tile with the figure and its change against an earlier period (neutral colour: more
    contacts is neither good nor bad). An arrow only where the sentence rule names the change
    (``named``): the number alone where it is too small or rests on too few cases."""
    arrow = "off" if not named or change is None or change.startswith("±") else "down" if change.startswith("−") else "up"
    st.metric(
        label,
        value,
        delta=change,
        delta_color="off",
        delta_arrow=arrow,
        delta_description=compared_with if change else None,
        help=help,
        border=True,
    )


def chart(figure: go.Figure, table: pd.DataFrame, name: str, alt: str | None = None, width="stretch") -> None:
    """A chart with the same numbers as a table beneath it (the accessible alternative), and that
    table as downloads (Streamlit's own CSV export is off: it writes formulas as given). ``width``
    "content": the figure's own width (a map whose labels were placed for it)."""
    st.plotly_chart(figure, config=CHART_CONFIG, key=f"chart_{name}", alt=alt, width=width)
    with st.expander(_("Tabel bij deze grafiek")):
        table_with_downloads(table, f"wijkmonitor-{name}")


def table_with_downloads(table: pd.DataFrame, file_name: str, what: str | None = None) -> None:
    """A view's table (``views.cells``) as the screen shows it, with its downloads beneath."""
    st.dataframe(cells.screen(table), hide_index=True)
    download(table, file_name, what)


def download(table: pd.DataFrame, file_name: str, what: str | None = None) -> None:
    """``table`` as XLSX and as CSV (docs/exports.md), written only when someone clicks: most
    visits download nothing. ``what`` names the table in the labels ("het laadlogboek").

    The file is written after the run, in another thread: it gets the language and what it says
    about the view (filters, link) now, not from Streamlit then; its time is the click's."""
    lang, about = i18n.current(), _about(file_name)
    xlsx_label = _("Download als Excel") if what is None else _("Download {what} als Excel").format(what=what)
    csv_label = _("Download als CSV") if what is None else _("Download {what} als CSV").format(what=what)
    left, right = st.columns(2)
    left.download_button(
        xlsx_label,
        data=lambda: _in_language(lang, exports.xlsx, table, about),
        file_name=f"{file_name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        csv_label,
        data=lambda: _in_language(lang, exports.csv_bytes, table),
        file_name=f"{file_name}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def _in_language(lang: str, write, *args) -> bytes:
    with i18n.language(lang):
        return write(*args)


def _about(file_name: str) -> exports.About:
    """What a file says about the view it comes from: the filters, the sources, the protection,
    whether the data are the demo, and the link that shows the view again."""
    selection = filters.current()
    choices = [
        (_("Gebied"), selection.area_label),
        (_("Periode"), fmt.period(selection.period)),
        (_("Thema"), selection.theme_label or _("Alle thema's")),
        (_("Kanaal"), selection.channel_label or _("Alle kanalen")),
    ]
    sources = [_("Inwoners: {source} ({years})").format(
        source=row.source, years=str(row.first) + (f"–{row.last}" if row.last != row.first else ""))
        for row in data.population_sources().itertuples()]
    sources.append(_("Contacten, wachttijden, caseload en enquêtes: de registratie en rapportages van de "
                     "wijkteams (zie het laadlogboek op de pagina Over de data)."))
    return exports.About(title=file_name, filters=choices, sources=sources, rules=data.rules(), demo=data.is_demo(),
                         link=_link())


def _link() -> str:
    """The page's address with its query parameters: opening it shows this view again."""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # noqa: BLE001 - no browser behind this run (tests): the parameters alone
        base = ""
    query = urlencode(st.query_params.to_dict())
    return f"{base}?{query}" if query else base


def marks_legend() -> None:
    rules = data.rules()
    st.caption(fmt.explain_marks(rules.min_count, rules.exact))


def not_found(path: str, pages: list) -> None:
    """Our page for an address that leads nowhere: what happened, and the way on."""
    st.title(_("Pagina niet gevonden"))
    st.markdown(_("De pagina {path} bestaat niet in de Wijkmonitor. Misschien is de link oud of niet helemaal "
                  "overgenomen. Kies een van deze pagina's:").format(path=filters.quoted(path)))
    for page in pages:
        st.page_link(page)


def internal_banner() -> None:
    """Exact figures must never be mistaken for publishable ones: on every page, before anything else."""
    st.error(
        _("**Intern: exacte cijfers, niet voor publicatie.** Deze Wijkmonitor draait met beschermingsniveau "
          "`internal`: kleine aantallen worden getoond zoals ze zijn. Deel schermen en downloads niet buiten "
          "het gesloten netwerk."),
        icon=":material/lock:",
    )


def database_problem(error: UserError) -> None:
    st.error(
        _("**De gegevens zijn nu niet bereikbaar.** Het dashboard kan de database niet lezen. "
          "Probeer het over een paar minuten opnieuw; blijft dit zo, meld het dan bij de beheerder "
          "van de Wijkmonitor."),
        icon=":material/cloud_off:",
    )
    with st.expander(_("Technische melding voor de beheerder")):
        st.code(messages.text(error), language=None)


# Streamlit marks the focused control with a ring of the primary colour at half strength: 2.5:1 on
# white, under the 3:1 that WCAG 1.4.11 asks of a focus indicator (2.4.7), and none at all on a
# navigation link or a selectbox. One outline in the full primary colour (8.4:1 on white, 7.7:1 on
# the sidebar's grey) for every control of the page and the sidebar, drawn only when the keyboard
# moves the focus (:focus-visible); a selectbox gets it round the whole box. A closed sidebar (the
# Themasessie's, or one the reader closed) is moved off screen but keeps its controls in the Tab order:
# seventeen invisible stops before the page. Hidden, it leaves the order; its button opens it again.
FOCUS_CSS = f"""<style>
[data-testid="stAppViewContainer"] :is(a, button, summary, [tabindex]:not(input)):focus-visible,
[data-testid="stAppViewContainer"] [data-testid="stSelectbox"] [role="group"]:has(input:focus-visible) {{
    outline: 2px solid {style.PRIMARY} !important;
    outline-offset: 2px;
}}
[data-testid="stSidebar"][data-collapsed="true"] {{visibility: hidden}}
</style>"""


def focus_style() -> None:
    """A visible focus for keyboard users (WCAG 2.4.7), in one place for every page."""
    st.html(FOCUS_CSS)


def document_language() -> None:
    """Tell browsers and screen readers the page's language (WCAG 3.1.1): Streamlit's page says
    <html lang="en"> whatever is shown, so a screen reader would read Dutch with English sounds."""
    # The element is hidden: an empty element still took a line's gap above the page title. The
    # code is a fixed one of two, never from input.
    st.html('<style>.stElementContainer:has(> .stHtml #page-language) {display: none}</style>'
            f'<script id="page-language">document.documentElement.lang = "{i18n.current()}";</script>',
            unsafe_allow_javascript=True)


# The Themasessie: one view per screen, read from the back of a council room

SESSION_STYLE = """<style>
.stMain .block-container {padding-top: 3.5rem; padding-bottom: 1rem; max-width: none}
.stMain [data-testid="stAlert"] p {font-size: 1rem}
.stMain h1 {font-size: 2.4rem; padding-bottom: .25rem}
.stMain h2 {font-size: 2.2rem}
.stMain p, .stMain li {font-size: 1.6rem; line-height: 1.35}
.stMain [data-testid="stCaptionContainer"] p {font-size: 1.25rem}
.stMain button p {font-size: 1.25rem}
.stMain [data-testid="stMetricValue"] {font-size: 3.4rem}
.stMain [data-testid="stMetricLabel"] p {font-size: 1.5rem}
.stMain [data-testid="stMetricDelta"] {font-size: 1.4rem}
.stMain [data-testid="stTable"] th, .stMain [data-testid="stTable"] td {font-size: 1.25rem}
.stMain .st-key-session-link code {font-size: .85rem; word-break: break-all}
</style>"""


def session_style() -> None:
    """Large type for the Themasessie, on that page only (the style goes when the page does), and the
    sidebar closed: the filters stay one click away behind its button."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(SESSION_STYLE)


def session_link(address: str, svg: str, alt: str) -> None:
    """The QR code of ``address`` and the address as plain text, so members open the same view."""
    st.image(svg, width=120, alt=alt)
    with st.container(key="session-link"):
        # As code: plain text that no Markdown touches (literal.md would put a word joiner in it
        # that breaks a copied address), with a copy button of its own.
        st.code(address, language=None, wrap_lines=True)
