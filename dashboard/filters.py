"""The filters every page shares: period and area, in the sidebar and in the URL.

The widgets live in the entry script, so their state survives page switches. The URL carries codes
(``?van=2015-01&tot=2015-05&gebied=WK060606``), not labels, so a copied link keeps working. A link
is read before the widgets are drawn; every change is written back to the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import data
from dashboard import format as fmt
from queries.periods import Period, add_months, month_key, months_between, parse_month

AREA, FIRST, LAST = "gebied", "van", "tot"  # URL parameters
_AREA_KEY, _FIRST_KEY, _LAST_KEY = "filter_area", "filter_first", "filter_last"
DEFAULT_MONTHS = 3  # the latest quarter


@dataclass(frozen=True)
class Filters:
    period: Period
    area_code: str
    area_name: str
    area_level: str
    municipality_code: str

    @property
    def is_municipality(self) -> bool:
        return self.area_code == self.municipality_code

    @property
    def area_label(self) -> str:
        return area_label(self.area_level, self.area_name)


def area_label(level: str, name: str) -> str:
    """How an area is named in lists and titles: 'Hele gemeente Schiedam', 'WOT Oost', 'Wijk Oost'."""
    prefix = {"municipality": "Hele gemeente ", "district": "Wijk ", "neighbourhood": "Buurt "}
    return prefix.get(level, "") + name


def sidebar(areas: pd.DataFrame, covered: tuple[date, date]) -> Filters:
    """Draw the filters and return what they select; notices about a bad link go on the page."""
    codes = list(areas["code"])
    labels = {row.code: area_label(row.level, row.name) for row in areas.itertuples()}
    months = months_between(*covered)
    st.session_state.setdefault(_AREA_KEY, codes[0])
    st.session_state.setdefault(_FIRST_KEY, max(covered[0], add_months(covered[1], 1 - DEFAULT_MONTHS)))
    st.session_state.setdefault(_LAST_KEY, covered[1])
    notices = _take_link(codes, months, labels)

    newest_first = months[::-1]
    with st.sidebar:
        st.selectbox("Gebied", codes, format_func=labels.get, key=_AREA_KEY, on_change=_write_link)
        first, last = st.columns(2)
        first.selectbox("Van", newest_first, format_func=fmt.month, key=_FIRST_KEY, on_change=_keep_order, args=(_FIRST_KEY,))
        last.selectbox("Tot en met", newest_first, format_func=fmt.month, key=_LAST_KEY, on_change=_keep_order, args=(_LAST_KEY,))
    _write_link()
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    return current()


def current() -> Filters:
    """What the sidebar selects, for the page being drawn."""
    _require_entry_script()
    areas = data.area_list()
    row = areas.set_index("code").loc[st.session_state[_AREA_KEY]]
    period = Period(st.session_state[_FIRST_KEY], st.session_state[_LAST_KEY])
    return Filters(period, row.name, row["name"], row["level"], str(areas["code"].iloc[0]))


def _require_entry_script() -> None:
    """Make sure the entry script (which draws these filters) ran before the page.

    dashboard/ holds a folder named pages/, so Streamlit starts in its older pages-folder mode and
    runs a page on its own until some run calls st.navigation: the first visit after a server start
    to, say, /overzicht would fail. Leave that mode and run again; Streamlit keeps the page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _take_link(codes: list[str], months: list[date], labels: dict[str, str]) -> list[str]:
    """Put the URL's filters into the widgets' state; a Dutch notice for each value that cannot be used."""
    notices = []
    params = st.query_params
    if AREA in params:
        code = params[AREA].strip().upper()
        if code in codes:
            st.session_state[_AREA_KEY] = code
        else:
            notices.append(
                f"Het gebied {_quote(params[AREA])} uit de link bestaat niet in deze gegevens. "
                f"U ziet nu: {labels[st.session_state[_AREA_KEY]]}."
            )
    if FIRST in params or LAST in params:
        first_text = params.get(FIRST, params.get(LAST, ""))
        last_text = params.get(LAST, first_text)
        try:
            first, last = parse_month(first_text), parse_month(last_text)
            if first > last or first not in months or last not in months:
                raise ValueError
            st.session_state[_FIRST_KEY], st.session_state[_LAST_KEY] = first, last
        except ValueError:
            shown = fmt.period(Period(st.session_state[_FIRST_KEY], st.session_state[_LAST_KEY]))
            notices.append(
                f"De periode {_quote(first_text)} tot en met {_quote(last_text)} uit de link kan niet worden "
                f"getoond: er zijn gegevens van {fmt.month(months[0])} tot en met {fmt.month(months[-1])}. "
                f"U ziet nu: {shown}."
            )
    return notices


def _quote(text: str) -> str:
    """A value from the URL, shown only when it cannot carry Markdown into the page."""
    return f"‘{text}’" if re.fullmatch(r"[A-Za-z0-9-]{1,32}", text) else "(onleesbaar)"


def _keep_order(changed: str) -> None:
    """A period cannot end before it starts: move the other end along."""
    if st.session_state[_FIRST_KEY] > st.session_state[_LAST_KEY]:
        other = _LAST_KEY if changed == _FIRST_KEY else _FIRST_KEY
        st.session_state[other] = st.session_state[changed]
    _write_link()


def _write_link() -> None:
    st.query_params[FIRST] = month_key(st.session_state[_FIRST_KEY])
    st.query_params[LAST] = month_key(st.session_state[_LAST_KEY])
    st.query_params[AREA] = st.session_state[_AREA_KEY]
