"""The filters every page shares: area, period, theme, channel and language, in the sidebar and in
the URL.

The widgets live in the entry script, so their state survives page switches. The URL carries codes
(``?gebied=WK060606&van=2015-01&tot=2015-05&thema=schulden&taal=en``), not labels, so a copied link
keeps working. A link is read before the widgets are drawn; every change is written back to the URL.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NoReturn

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import data, i18n
from dashboard import format as fmt
from dashboard.i18n import _
from dashboard.literal import md
from dashboard.views import contacts
from dashboard.views.areas import area_label
from dashboard.views.selection import AREA, CHANNEL, FILTERS, FIRST, LANGUAGE, LAST, THEME, Selection
from queries.periods import Period, add_months, month_key, months_between, parse_month

SIDEBAR = FILTERS  # the URL parameters the sidebar owns on every page
_KEY = {name: f"filter_{name}" for name in SIDEBAR}  # widget state
# The page parameters this run's page owns (page_choice, own_param, not_shown), every page parameter
# this session has owned, and the place at the top of the page for notices about the link.
_RUN_PARAMS, _SESSION_PARAMS, _NOTICES = "link_run_params", "link_session_params", "link_notices"
# The page of this run and of the last run that finished: a page choice follows an address that
# changed under the same page (Back, Forward), not the bare address of a page switch.
_PAGE, _LAST_PAGE = "link_page", "link_last_page"
ALL = ""  # the option "all themes" / "all channels"
DEFAULT_MONTHS = 3  # the latest quarter


def language() -> str:
    """The language of this run, from the switch or the link, made active for all that is drawn after
    it; call it before anything with words in it."""
    key = _KEY[LANGUAGE]
    # Also when the switch's state came back empty: after the browser's Back the frontend can send
    # the switch without a value, which wrote "taal=None" into the link.
    if st.session_state.get(key) not in i18n.LANGUAGES:
        st.session_state[key] = i18n.DEFAULT
    asked = st.query_params.get(LANGUAGE)
    if asked in i18n.LANGUAGES:
        st.session_state[key] = asked
    return i18n.activate(st.session_state[key])


def sidebar() -> Selection:
    """Draw the filters and return what they select; notices about a bad link go on the page."""
    areas = data.area_list()
    first_month, last_month = data.contact_months()
    months = months_between(first_month, last_month)
    labels = {
        AREA: {row.code: area_label(row.level, row.name) for row in areas.itertuples()},
        THEME: {ALL: _("Alle thema's")} | dict(zip(data.themes()["code"], data.themes()[i18n.label_column()])),
        CHANNEL: {ALL: _("Alle kanalen")} | dict(zip(data.channels()["code"], data.channels()[i18n.label_column()])),
    }
    latest_quarter = max(first_month, add_months(last_month, 1 - DEFAULT_MONTHS))
    for name, default in ((AREA, areas["code"].iloc[0]), (FIRST, latest_quarter), (LAST, last_month), (THEME, ALL), (CHANNEL, ALL)):
        st.session_state.setdefault(_KEY[name], default)
    st.session_state[_RUN_PARAMS] = set()
    st.session_state.setdefault(_SESSION_PARAMS, set())
    notices = _take_link(labels, months)

    newest_first = months[::-1]
    with st.sidebar:
        # Named in both languages: whoever cannot read the current one must still find the switch.
        st.segmented_control("Taal · Language", list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get, key=_KEY[LANGUAGE],
                             on_change=_write_link, required=True)
        # A selectbox shows its options as plain text (unlike radio and segmented_control): no md().
        choose(st.selectbox, _("Gebied"), list(labels[AREA]), labels[AREA].get, _KEY[AREA], on_change=_write_link)
        first, last = st.columns(2)
        short = lambda m: fmt.month(m, short=True)  # noqa: E731  (two narrow columns)
        choose(first.selectbox, _("Van"), newest_first, short, _KEY[FIRST], on_change=_keep_order, args=(FIRST,))
        choose(last.selectbox, _("Tot en met"), newest_first, short, _KEY[LAST], on_change=_keep_order, args=(LAST,))
        choose(st.selectbox, _("Thema"), list(labels[THEME]), labels[THEME].get, _KEY[THEME], on_change=_write_link)
        choose(st.selectbox, _("Kanaal"), list(labels[CHANNEL]), labels[CHANNEL].get, _KEY[CHANNEL], on_change=_write_link)
    _write_link()
    # A container drawn now and filled also at the end of the run (tidy_link): notices about the
    # link stand above the page, whatever page code comes between.
    st.session_state[_NOTICES] = st.container()
    for notice in notices:
        _notice(notice)
    return current()


def own_param(param: str) -> None:
    """Declare ``param`` a parameter of the page being drawn, read by the page itself (as the
    session's ``stap``): it stays in the link. page_choice declares its own."""
    st.session_state[_RUN_PARAMS].add(param)
    st.session_state[_SESSION_PARAMS].add(param)


def not_shown(param: str) -> None:
    """Declare ``param`` a parameter of this page whose choice is not drawn in this run (a
    survey's question in a period without that survey): it leaves the link without a notice.

    The link describes the view as shown, and this view does not depend on the choice. The
    session keeps a choice it made (page_choice's key); when the choice is drawn again, it comes
    back into the link. A copied link therefore never carries a choice its reader cannot see."""
    own_param(param)
    if param in st.query_params:
        del st.query_params[param]
    st.session_state[_in_link(param)] = None


def tidy_link() -> None:
    """After the page: drop every parameter that neither the sidebar nor this page owns (``?foo=1``,
    another page's choice, a misspelt ``thma``), with a notice, so a copied link holds only what
    the view uses. A page parameter this session wrote itself on another page goes silently: the
    person did not bring it in."""
    if _RUN_PARAMS not in st.session_state:  # the sidebar was not drawn (no data yet)
        return
    known = set(SIDEBAR) | st.session_state[_RUN_PARAMS]
    stray = [name for name in st.query_params if name not in known]
    for name in stray:
        if name not in st.session_state[_SESSION_PARAMS]:
            _notice(_("De parameter {name} uit de link hoort niet bij deze pagina en is weggelaten.").format(name=quoted(name)))
    if stray:
        st.query_params.from_dict({k: v for k, v in st.query_params.to_dict().items() if k not in stray})
    st.session_state[_LAST_PAGE] = st.session_state.get(_PAGE)


def page(url_path: str) -> None:
    """Name the page this run draws (before it runs), for ``page_choice``."""
    st.session_state[_PAGE] = url_path


def stop() -> NoReturn:
    """End the page here (st.stop), with its link tidied first: after st.stop nothing more reaches
    the browser, and the tidying at the end of app.py would not run."""
    tidy_link()
    st.stop()


def _notice(text: str) -> None:
    st.session_state[_NOTICES].warning(text, icon=":material/link_off:")


def current() -> Selection:
    """What the sidebar selects, for the page being drawn."""
    _require_entry_script()
    areas = data.area_list().set_index("code")
    row = areas.loc[st.session_state[_KEY[AREA]]]
    theme, channel = st.session_state[_KEY[THEME]] or None, st.session_state[_KEY[CHANNEL]] or None
    return Selection(
        period=Period(st.session_state[_KEY[FIRST]], st.session_state[_KEY[LAST]]),
        area_code=row.name,
        area_name=row["name"],
        area_level=row["level"],
        municipality_code=str(areas.index[0]),
        theme=theme,
        theme_label=_label(data.themes(), theme),
        channel=channel,
        channel_label=_label(data.channels(), channel),
    )


def at_least_a_year(period: Period) -> Period:
    """``period``, or the twelve months up to its end when it is shorter (a trend needs its
    seasons), as far back as the data go."""
    return contacts.trend_period(period, data.contact_months()[0])


def select_area(code: str) -> None:
    """Make ``code`` the selected area, as if chosen in the sidebar (for a click on the map)."""
    st.session_state[_KEY[AREA]] = code
    _write_link()


def select_theme(code: str) -> None:
    """Make ``code`` the selected theme, as if chosen in the sidebar (the Themasessie's own picker)."""
    st.session_state[_KEY[THEME]] = code
    _write_link()


def choose(widget, label: str, options: list, format_func, key: str, on_change=None, args: tuple = (), **kwargs):
    """Draw ``widget`` (st.selectbox, st.segmented_control, …) for the choice kept in
    ``st.session_state[key]`` and return that choice, whatever the language.

    Streamlit remembers a keyed widget's value as its label, so after a language switch the old
    label would come back instead of the option. Each language therefore gets a widget of its own
    (its key ends in the language), and ``key`` holds the choice itself for all of them. Without
    a valid choice yet, the first option is chosen.
    """
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = options[0]
    shown = f"{key}.{i18n.current()}"
    st.session_state[shown] = st.session_state[key]

    def chosen():
        st.session_state[key] = st.session_state[shown]
        if on_change:
            on_change(*args)

    widget(label, options, format_func=format_func, key=shown, on_change=chosen, **kwargs)
    return st.session_state[key]


def page_choice(label: str, options: dict[str, str], param: str, default: str, widget=None, key: str | None = None) -> str:
    """A choice that belongs to one page (what a map shows, which service), kept in the URL as ``param``.

    Drawn with ``widget`` (st.selectbox, or by default a row of buttons, st.segmented_control) through
    ``choose``, so a language switch keeps it; ``key`` is where the session keeps it. The link is read
    once per session: afterwards the choice is the session's, and the link follows it. An unknown or
    stale value in the link gets a notice and the default. When the address changes under the
    page itself (the browser's Back or Forward, an edited address), the address leads again.
    """
    widget = widget or st.segmented_control
    key = key or f"page_{param}"
    own_param(param)
    in_link = _in_link(param)
    asked = st.query_params.get(param, default)
    moved = (st.session_state.get(_LAST_PAGE) == st.session_state.get(_PAGE) and in_link in st.session_state
             and st.query_params.get(param) != st.session_state[in_link])
    if key not in st.session_state or moved:
        if asked not in options:
            _notice(_("{choice} {value} uit de link bestaat niet. U ziet nu: {shown}.").format(
                choice=label, value=quoted(asked), shown=md(options[default])))
            asked = default
        st.session_state[key] = asked
    # A row of buttons always has one pressed: a page choice has no "nothing".
    required = {"required": True} if widget is st.segmented_control else {}
    choice = choose(widget, label, list(options), options.get, key, **required)
    # The default stays out of the link, and an unchanged link is not written: each write is a step
    # in the browser's history, and arriving on a page should not add one.
    if choice == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != choice:
        st.query_params[param] = choice
    st.session_state[in_link] = st.query_params.get(param)
    return choice


def _in_link(param: str) -> str:
    """Where the session keeps what this page's last run left of ``param`` in the link (None: not in it)."""
    return f"link_value_{param}"


def _label(categories: pd.DataFrame, code: str | None) -> str | None:
    return None if code is None else str(categories.set_index("code").loc[code, i18n.label_column()])


def _require_entry_script() -> None:
    """Make sure the entry script (which draws these filters) ran before the page.

    dashboard/ holds a folder named pages/, so Streamlit starts in its older pages-folder mode and
    runs a page on its own until some run calls st.navigation: the first visit after a server start
    to, say, /overzicht would fail. Leave that mode and run again; Streamlit keeps the page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _take_link(labels: dict[str, dict], months: list[date]) -> list[str]:
    """Put the URL's filters into the widgets' state; a notice for each value that cannot be used."""
    notices = []
    params = st.query_params
    if LANGUAGE in params and params[LANGUAGE] not in i18n.LANGUAGES:
        notices.append(_("De taal {value} uit de link bestaat niet in de Wijkmonitor. U ziet nu: {shown}.").format(
            value=quoted(params[LANGUAGE]), shown=i18n.LANGUAGES[i18n.current()]))
    for name, what in ((AREA, _("Het gebied")), (THEME, _("Het thema")), (CHANNEL, _("Het kanaal"))):
        if name not in params:
            continue
        code = params[name].strip()
        if not code and name != AREA:  # "thema=" left empty: all themes (or channels), as without it
            st.session_state[_KEY[name]] = ALL
            continue
        known = {c.upper(): c for c in labels[name] if c != ALL}
        if code.upper() in known:
            st.session_state[_KEY[name]] = known[code.upper()]
        else:
            shown = md(labels[name][st.session_state[_KEY[name]]])
            notices.append(_("{what} {value} uit de link bestaat niet in deze gegevens. U ziet nu: {shown}.").format(
                what=what, value=quoted(code), shown=shown))
    if FIRST in params or LAST in params:
        first_text = params.get(FIRST, params.get(LAST, ""))
        last_text = params.get(LAST, first_text)
        try:
            first, last = parse_month(first_text), parse_month(last_text)
            if first > last or first not in months or last not in months:
                raise ValueError
            st.session_state[_KEY[FIRST]], st.session_state[_KEY[LAST]] = first, last
        except ValueError:
            shown = fmt.period(Period(st.session_state[_KEY[FIRST]], st.session_state[_KEY[LAST]]))
            notices.append(_(
                "De periode {first} tot en met {last} uit de link kan niet worden getoond: er zijn gegevens van "
                "{first_data} tot en met {last_data}. U ziet nu: {shown}."
            ).format(first=quoted(first_text), last=quoted(last_text), first_data=fmt.month(months[0]),
                     last_data=fmt.month(months[-1]), shown=shown))
    return notices


def quoted(text: str) -> str:
    """A value from the URL, shown only when it cannot carry Markdown into the page. Codes hold
    underscores (``klanten_tevreden``): escaped, they cannot start emphasis."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", text):
        return _("(onleesbaar)")
    escaped = text.replace("_", "\\_")
    return f"‘{escaped}’"


def _keep_order(changed: str) -> None:
    """A period cannot end before it starts: move the other end along."""
    if st.session_state[_KEY[FIRST]] > st.session_state[_KEY[LAST]]:
        other = LAST if changed == FIRST else FIRST
        st.session_state[_KEY[other]] = st.session_state[_KEY[changed]]
    _write_link()


def _write_link() -> None:
    """The filters into the link, in one change: every change is a step in the browser's history,
    so a link written a parameter at a time made Back walk through half-written addresses."""
    wanted = st.query_params.to_dict() | {
        AREA: st.session_state[_KEY[AREA]],
        FIRST: month_key(st.session_state[_KEY[FIRST]]),
        LAST: month_key(st.session_state[_KEY[LAST]]),
    }
    for name, default in ((THEME, ALL), (CHANNEL, ALL), (LANGUAGE, i18n.DEFAULT)):  # a default stays out of the link
        if st.session_state[_KEY[name]] == default:
            wanted.pop(name, None)
        else:
            wanted[name] = st.session_state[_KEY[name]]
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)
