"""Protection levels: `internal` shows exact figures and says so on every page and in every export;
`public` (the default) says nothing of the kind."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.views import exports
from queries.disclosure import DisclosureRules

from .test_pages import registered_pages

BANNER = "Intern: exacte cijfers, niet voor publicatie."


@pytest.mark.parametrize("page", registered_pages())
def test_every_page_carries_the_internal_banner_only_at_the_internal_level(app, page):
    internal = app(van="2015-01", tot="2015-05", exact=True)
    internal.switch_page(page).run()
    assert not internal.exception
    assert BANNER in internal.error[0].value  # first, before anything the page shows
    public = app(van="2015-01", tot="2015-05")
    public.switch_page(page).run()
    assert not any(BANNER in e.value for e in public.error)


@pytest.mark.parametrize(("rules", "level"), [(DisclosureRules(protection="internal"), "intern"), (DisclosureRules(), "openbaar")])
def test_every_export_states_its_protection_level(rules, level):
    content = exports.xlsx(pd.DataFrame({"Gebied": ["Oost"], "Contacten": [478]}), exports.About(rules=rules))
    about = pd.read_excel(io.BytesIO(content), sheet_name="Toelichting").set_index("Onderwerp")["Waarde"]
    assert about["Beschermingsniveau"].startswith(level)
    assert ("exacte cijfers" in about["Bescherming"]) == rules.exact
    data = pd.read_excel(io.BytesIO(content), sheet_name="Wijkmonitor")
    assert data["Contacten"].tolist() == [478]
