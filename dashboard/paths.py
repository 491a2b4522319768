"""What a path in the address leads to, beyond the pages of the navigation: the home page under its
own name, and a page of ours for a path that leads nowhere.

Streamlit serves the default page at ``/`` only: its url_path is ignored, so ``/overzicht`` (what
a person types after seeing ``/contacten``) and a mistyped ``/bestaat-niet`` both get Streamlit's
English "Page not found" dialog over the home page. Streamlit resolves the path against the pages
given to st.navigation in this run (``PagesManager.set_pages_and_resolve``), from the page name the
browser asked for. Reading that name before st.navigation lets the app answer both itself. These
are Streamlit internals (1.67): tests/test_browser_links.py notices when they change.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from dashboard.i18n import _

HOME = "overzicht"  # the default page's name; the page itself lives at /
_ASKED = "paths_not_found"  # session state: the path that led nowhere, while its page is shown
# A path Streamlit can name a page after: one segment (a nested path never reaches the app: the
# browser asks for Streamlit's own files under it, and gets an empty page).
_SEGMENT = re.compile(r"[^/]{1,100}")


def not_found_page(pages: list, draw: Callable[[str, list], None]) -> list:
    """The pages to add to ``pages`` for this run: a hidden page of ours at a path that matches no
    page, drawn by ``draw(path, pages)``; none otherwise. ``/overzicht`` goes to the home page."""
    manager = get_script_run_ctx().pages_manager
    asked = manager.intended_page_name
    if asked == HOME:
        # The home page by its own name: run it as ``/``, and the browser's address follows.
        manager.set_script_intent("", "")
        return []
    missing = st.session_state.get(_ASKED)
    if asked:  # asked by name: the first run at an address
        known = {page.url_path for page in pages}
        missing = asked if asked not in known and _SEGMENT.fullmatch(asked) else None
    elif missing is not None and manager.intended_page_script_hash != calc_hash(missing):
        missing = None  # a later run asks by the page's hash: another page now
    st.session_state[_ASKED] = missing
    if missing is None:
        return []

    def page() -> None:
        draw(missing, pages)

    return [st.Page(page, title=_("Pagina niet gevonden"), url_path=missing, visibility="hidden")]
