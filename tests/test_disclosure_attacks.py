"""Attacks on the published figures (issue 11), as a reader would make them.

Every route that gave hidden counts back under the old table-by-table rules is replayed on the demo
and on generated data with many small counts, through the query layer, the pages (AppTest, reading
what a user sees) and the `figures` command: a team minus its other districts, the municipality
minus the team areas, the "without team area" remainder of Overzicht against the Teams page, one
row (contacts - short interventions - dossiers), overlapping periods, a total minus its other
themes, channels, months or team areas, waiting-time counts (started - within - over, the period
minus its months, an area minus its sub-areas) and survey respondents.

For every true count from 1 to 4 a route touches, the reader's inference (tests/attacks.py: every
published figure stands for the counts the perturbation table can publish as it) must leave at
least two values, per route and with all routes together. Run under the old per-table rules the
same attacks must give counts back, so these tests can see a leak. Run with `-s` to see, per route,
how often the plain difference happens to equal the true count.

Then: one cell has one value whichever function, page or command asks; reloading an export or
adding a month (also in a longer export without record identifiers) leaves the other published
figures alone; nested totals get unrelated noise; and the residual risk of averaging many
overlapping queries is measured. Leaks still open are strict expected failures, so that their fix
turns them into passes that must be unmarked: rounded survey shares with their intervals still
give respondents back, and the load log shows exact record counts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard import cli
from dashboard import format as fmt
from queries import contacts, ptable, waits
from queries.cellkeys import KEY_MODULUS, key_sum
from queries.database import Database
from queries.disclosure import SMALL, publish_counts
from queries.ingest import ingest
from queries.periods import Period, add_months, month_key, months_between
from queries.schema import area_ancestor, contact_month
from tests import attacks as A
from tests.attacks import Selection
from tests.conftest import APP, copy_of

JAN_MAY_2015 = Period.parse("2015-01", "2015-05")  # the published months, and the README's example link
OCT_DEC_2025 = Period.parse("2025-10", "2025-12")  # the default view when the issue was written
GENERATED_QUARTER = Period.parse(A.GENERATED_MONTHS[0], A.GENERATED_MONTHS[-1])
SMALL_CHANNELS = ("huisarts", "school_jgz", "politie")
THEMES = ("schulden", "wonen", "jeugd", "overig")

DEMO_PLAN = A.Plan(
    selections=(
        Selection(JAN_MAY_2015), Selection(OCT_DEC_2025),
        *(Selection(Period(m, m)) for m in months_between(date(2015, 1, 1), date(2015, 6, 1))),
        *(Selection(JAN_MAY_2015, theme=t) for t in THEMES),
        *(Selection(JAN_MAY_2015, channel=c) for c in SMALL_CHANNELS),
    ),
    # Small districts, and the municipality's contacts referred by the police: small months, large totals.
    overlaps=(("WK060605", Selection(JAN_MAY_2015)), ("WK060608", Selection(OCT_DEC_2025)),
              ("GM0606", Selection(JAN_MAY_2015, channel="politie"))),
    questions=(Selection(JAN_MAY_2015), Selection(OCT_DEC_2025)),
    waits=tuple((area, p) for p in (JAN_MAY_2015, OCT_DEC_2025)
                for area in ("WOT-NOORDRAND", "WOT-OOST", "WOT-CENTRUMWEST", "GM0606")),
    surveys=(("medewerkers", 2015), ("clienten", 2025)),
)
# Against the old rules a few selections suffice to show the leaks.
OLD_PLANS = (
    A.Plan(selections=(Selection(JAN_MAY_2015), Selection(Period.parse("2015-02", "2015-02"))),
           overlaps=(("GM0606", Selection(JAN_MAY_2015, channel="politie")),), questions=(Selection(JAN_MAY_2015),),
           waits=(("WOT-NOORDRAND", JAN_MAY_2015), ("GM0606", JAN_MAY_2015)), surveys=()),
    A.Plan(selections=(Selection(GENERATED_QUARTER),), overlaps=(), questions=(),
           waits=(("WOT-OOST", GENERATED_QUARTER), ("GM0606", GENERATED_QUARTER)), surveys=(("clienten", A.GENERATED_WAVE),)),
)
GENERATED_PLAN = A.Plan(
    selections=(
        Selection(GENERATED_QUARTER), *(Selection(Period.parse(m, m)) for m in A.GENERATED_MONTHS),
        *(Selection(GENERATED_QUARTER, theme=t) for t in THEMES),
        *(Selection(GENERATED_QUARTER, channel=c) for c in ("persoonlijk", "huisarts")),
    ),
    overlaps=tuple((area, Selection(GENERATED_QUARTER)) for area in ("WK060605", "WK060608", "WK060603")),
    questions=(Selection(GENERATED_QUARTER), Selection(Period.parse(A.GENERATED_MONTHS[0], A.GENERATED_MONTHS[0]))),
    waits=tuple((area, GENERATED_QUARTER) for area in ("WOT-NOORDRAND", "WOT-OOST", "WOT-CENTRUMWEST", "GM0606")),
    surveys=(("clienten", A.GENERATED_WAVE),),
)

QUERY_ROUTES = {
    "team minus its other districts", "municipality minus the other team rows",
    "within one row (contacts - short interventions - dossiers)", "theme total minus the other themes",
    "channel total minus the other channels", "period total minus the other months",
    "dossiers minus the other team areas", "municipality's dossiers minus the Teams page's new dossiers",
    "period minus the same period from a month later", "period minus the same period to a month earlier",
    "row total minus the other categories (Hulpvragen)", "category total minus the other areas (Hulpvragen)",
    "started minus over, started minus within", "waiting times: period minus its other months",
    "waiting times: area minus its other sub-areas", "waiting times: team (municipality page) minus its other districts",
}
SURVEY_ROUTE = "survey respondents: municipality minus the other team areas"
# Routes whose leak under the old rules does not depend on how one table was protected: they combine tables.
CROSS_TABLE_ROUTES = {
    "team minus its other districts", "municipality's dossiers minus the Teams page's new dossiers",
    "period minus the same period from a month later", "waiting times: team (municipality page) minus its other districts",
    SURVEY_ROUTE,
}


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ",") -> Path:
    frame.to_csv(path, index=False, sep=sep)
    return path


# Data --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated_url(sqlite_demo_url, tmp_path_factory) -> str:
    """The demo with three generated months of contacts, waits and a survey wave full of small counts."""
    folder = tmp_path_factory.mktemp("generated")
    url = copy_of(sqlite_demo_url, folder)
    for kind, frame in (("contacts", A.generated_contacts()), ("waits", A.generated_waits()), ("survey", A.generated_survey())):
        assert ingest(url, write_csv(frame, folder / f"{kind}.csv"), kind).status == "loaded"
    return url


@pytest.fixture(scope="module")
def demo_views(sqlite_demo_db) -> A.Views:
    return A.Views(sqlite_demo_db)


@pytest.fixture(scope="module")
def generated_views(generated_url):
    database = Database(generated_url, readonly=True)
    yield A.Views(database)
    database.dispose()


@pytest.fixture
def old_rules():
    """The query modules publishing as they did before the cell-key method: exact counts, small ones
    hidden, secondary suppression table by table (tests/per_table_rules.py)."""
    with pytest.MonkeyPatch.context() as patch:
        for module, name, replacement in A.old_rules_patches():
            patch.setattr(module, name, replacement)
        yield


def assert_protected(attacks: list[A.Attack], reader: A.Reader, routes: set[str], title: str, record) -> None:
    """Every route was tried, every figure is one its true count can have, and no small count is pinned,
    by one route or by all together."""
    for a in attacks:
        a.check(reader)
    by_route = A.summary(attacks, reader)
    text = A.table_text(by_route, title)
    print("\n" + text)
    record(title, text)
    tried = {r.split(": ", 1)[1] for r, s in by_route.items() if s.attacks}
    if not routes <= tried:
        raise A.InvalidAttack(f"routes without a small count to attack: {sorted(routes - tried)}")
    pinned = [(a.layer, a.route, a.cell, a.true) for a in attacks if a.bounds(reader)[0] == a.bounds(reader)[1]]
    assert not pinned, f"{len(pinned)} attacks determine a small count, e.g. {pinned[:5]}"
    together = A.combined(attacks, reader)
    pinned = {cell: v for cell, v in together.items() if v[0] == v[1]}
    assert not pinned, f"all routes together determine {len(pinned)} small counts, e.g. {list(pinned.items())[:5]}"


# 1. The query layer ------------------------------------------------------------------------------

@pytest.mark.parametrize("data", ["demo", "generated"])
def test_no_query_route_determines_a_small_count(data, request, record_property):
    views = request.getfixturevalue(f"{data}_views")
    plan = DEMO_PLAN if data == "demo" else GENERATED_PLAN
    routes = QUERY_ROUTES | ({SURVEY_ROUTE} if data == "generated" else set())
    assert_protected(A.query_attacks(views, plan), A.CELL_KEY_READER, routes, f"query layer, {data}", record_property)


def test_the_old_per_table_rules_give_counts_back_on_the_same_routes(old_rules, demo_views, generated_views, record_property):
    """The same attacks against the rules this project had before: they must find exact counts, or
    the attacks above could not see a leak."""
    attacks = []
    for views, plan in zip((demo_views, generated_views), OLD_PLANS):
        old = views.under(A.PUBLIC, A.EXACT_READER)
        attacks += A.query_attacks(old, plan)
    with pytest.raises(AssertionError, match="determine"):
        assert_protected(attacks, A.EXACT_READER, set(), "query layer, old per-table rules", record_property)
    by_route = A.summary(attacks, A.EXACT_READER)
    leaking = {r for r, s in by_route.items() if s.determined}
    assert {f"query: {r}" for r in CROSS_TABLE_ROUTES} <= leaking
    # The issue's own example: WOT Oost's contacts minus Oost's gives Nieuw Mathenesse, January-May 2015.
    example = [a for a in attacks if a.cell == A.cell_of("contacts", "WK060605", Selection(JAN_MAY_2015))
               and a.route == "team minus its other districts"]
    assert example and example[0].difference() == example[0].true == 3


# 2. The pages, read as a user reads them ---------------------------------------------------------

class Pages:
    """The dashboard under AppTest on one database, its tables as a user sees them."""

    def __init__(self, url: str, **params):
        self.url = url
        self.params = params
        self._runs: dict = {}

    def run(self, page: str, **choices) -> AppTest:
        key = (page, tuple(sorted(choices.items())))
        if key not in self._runs:
            self._runs[key] = self._run(page, **choices)
        return self._runs[key]

    def _run(self, page: str, **choices) -> AppTest:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("WIJKMONITOR_DATABASE_URL", self.url)
            st.cache_data.clear()
            st.cache_resource.clear()
            test = AppTest.from_file(str(APP), default_timeout=60)
            for key, value in self.params.items():
                test.query_params[key] = value
            test.run()
            if page != "pages/overzicht.py":
                test.query_params.update(self.params)  # the home page dropped the map's niveau
                test.switch_page(page).run()
            for key, value in choices.items():
                test.selectbox(key=f"{key}.nl").set_value(value).run()  # a widget per language (filters.choose)
            assert not test.exception, [e.value for e in test.exception]
            return test


def frame(test: AppTest, first: str, having: str | None = None, column: str | None = None) -> pd.DataFrame:
    """The table on the page whose first column is ``first`` and that has a row ``having`` and a column ``column``."""
    for element in test.dataframe:
        table = element.value
        if table.columns[0] == first and (having is None or having in set(table[first])) \
                and (column is None or column in table.columns):
            return table.set_index(first)
    raise AssertionError(f"no table {first!r} with {having!r} and {column!r} on the page")


def status_seen(table: pd.DataFrame, row, column: str) -> A.Seen:
    """A published count of a query-layer table with its ``<column>_status``."""
    return A.seen(table.at[row, column], table.at[row, f"{column}_status"])


def same(page: A.Seen, query: A.Seen, where: str) -> A.Seen:
    """A page's figure; it must be the query layer's."""
    assert page == query, f"{where}: the page shows {page}, the query layer publishes {query}"
    return page


OUTCOME_COLUMNS = {"contacts": "Contacten", "short_interventions": "Korte interventies", "dossiers": "Dossiers geopend"}


def contacten_page(pages: Pages, v: A.Views, s: Selection) -> list[A.Attack]:
    """Contacten, districts on the map: the teams' outcome table against the district table, both on one page."""
    test = pages.run("pages/contacten.py")
    team_table = frame(test, "Gebied", "Zonder wijkteamgebied", "Dossiers geopend")
    district_table = frame(test, "Gebied", "Zonder wijk", "Dossiers geopend")
    (teams_pub, teams_true), (districts_pub, districts_true) = v.pair("by_area", "team", s), v.pair("by_area", "district", s)
    out = []

    def cell(table, pub, code, name, m):
        return same(A.parse(table.at[name, OUTCOME_COLUMNS[m]]), A._row(pub, code, m), f"Contacten {name} {m}")

    for team, districts in v.districts.items():
        if len(districts) < 2:
            continue
        for d in districts:
            for m in contacts.OUTCOMES:
                out += A.attack("team minus its other districts (Contacten)", "page", A.cell_of(m, d, s),
                                (cell(district_table, districts_pub, d, v.names[d], m), int(districts_true.at[d, m])),
                                [(1, cell(team_table, teams_pub, team, v.names[team], m), int(teams_true.at[team, m]))]
                                + [(-1, cell(district_table, districts_pub, o, v.names[o], m), int(districts_true.at[o, m]))
                                   for o in districts if o != d])
    # Within one row of the district table: contacts = short interventions + dossiers.
    for code in districts_pub.index:
        name = "Zonder wijk" if code == contacts.REMAINDER else v.names[code]
        fig = {m: (cell(district_table, districts_pub, code, name, m), int(districts_true.at[code, m])) for m in contacts.OUTCOMES}
        c, si, d = fig["contacts"], fig["short_interventions"], fig["dossiers"]
        route = "within one row of the district table (Contacten)"
        out += A.attack(route, "page", A.cell_of("dossiers", code, s), d, [(1, *c), (-1, *si)])
        out += A.attack(route, "page", A.cell_of("short_interventions", code, s), si, [(1, *c), (-1, *d)])
        out += A.attack(route, "page", A.cell_of("contacts", code, s), c, [(1, *si), (1, *d)])
    rows = [*v.team_codes, contacts.REMAINDER]
    label = {**v.names, contacts.REMAINDER: "Zonder wijkteamgebied"}
    for code in rows:
        for m in contacts.OUTCOMES:
            out += A.attack("municipality (district table) minus the other team rows (Contacten)", "page",
                            A.cell_of(m, A.NO_TEAM if code == contacts.REMAINDER else code, s),
                            (cell(team_table, teams_pub, code, label[code], m), int(teams_true.at[code, m])),
                            [(1, cell(district_table, districts_pub, v.home, v.names[v.home], m), int(districts_true.at[v.home, m]))]
                            + [(-1, cell(team_table, teams_pub, o, label[o], m), int(teams_true.at[o, m])) for o in rows if o != code])
    return out


KEY_FIGURE_GROUPS = {"Kanaal": "channel", "Thema": "theme", "Dossiers per wijkteamgebied": "team"}


def overzicht_and_teams_pages(pages: Pages, v: A.Views, s: Selection, area: str | None = None) -> list[A.Attack]:
    """Overzicht's key figures (its table "Alle kerncijfers") and, for the municipality, the Teams page's new dossiers."""
    area = area or v.home
    key_table = frame(pages.run("pages/overzicht.py"), "Groep")
    now = key_table.columns[1]
    kp, kt = v.pair("key_figures", area, s)
    figures = {}  # (measure, code) -> (page figure, true)
    for measure, (group, label) in {"contacts": ("Totaal", "Contacten"), "short_interventions": ("Uitkomst", "Korte interventies"),
                                    "dossiers": ("Uitkomst", "Dossiers")}.items():
        row = key_table[(key_table.index == group) & (key_table["Kerncijfer"] == label)].iloc[0]
        figures[(measure, "")] = (same(A.parse(row[now]), A._part(kp, measure, ""), f"Overzicht {label}"), kt.value(measure))
    for group, measure in KEY_FIGURE_GROUPS.items():
        parts = kp.parts(measure)
        for code, label in zip(parts["code"], parts["label_nl"]):
            row = key_table[(key_table.index == group) & (key_table["Kerncijfer"] == label)].iloc[0]
            figures[(measure, code)] = (same(A.parse(row[now]), A._part(kp, measure, code), f"Overzicht {label}"),
                                        kt.value(measure, code))
    out = []
    if area == v.home:
        new = frame(pages.run("pages/teams.py"), "Wijkteam", "Alle wijkteams", "Nieuwe dossiers")
        tp, tt = v.pair("team_figures", v.home, s)
        summary, truth = tp.summary.set_index("team_code"), tt.summary.set_index("team_code")
        teams_new = {t: (same(A.parse(new.at[v.names[t], "Nieuwe dossiers"]), status_seen(summary, t, "new"), f"Teams {v.names[t]}"),
                         int(truth.at[t, "new"])) for t in v.team_codes}
    if area == v.home and ("team", contacts.NO_TEAM) in figures:
        out += A.attack("Overzicht's dossiers minus the Teams page's new dossiers", "page", A.cell_of("dossiers", A.NO_TEAM, s),
                        figures[("team", contacts.NO_TEAM)],
                        [(1, *figures[("dossiers", "")])] + [(-1, *teams_new[t]) for t in v.team_codes])
    for group, measure in KEY_FIGURE_GROUPS.items():
        total = "dossiers" if measure == "team" else "contacts"
        codes = [code for m, code in figures if m == measure]
        for code in codes:
            out += A.attack(f"Overzicht: {total} minus the other {group.lower()} rows", "page",
                            A._parts_cell(v, area, s, measure, code), figures[(measure, code)],
                            [(1, *figures[(total, "")])] + [(-1, *figures[(measure, o)]) for o in codes if o != code])
    return out


def hulpvragen_page(pages: Pages, v: A.Views, s: Selection) -> list[A.Attack]:
    """Hulpvragen per district: a row's contacts minus its other themes, a theme's municipality total minus the other rows."""
    table = frame(pages.run("pages/hulpvragen.py"), "Gebied", "Zonder wijk")
    qp, qt = v.pair("question_figures", v.home, s, "district")
    pub, true = qp.by_area, qt.by_area
    labels = dict(zip(qp.categories["code"], qp.categories["label_nl"]))
    names = {name: code for code, name in zip(pub["code"], pub["name"])}
    names[f"Hele gemeente {v.names[v.home]}"] = v.home
    figures = {}
    for i in pub.index:
        code, category = pub.at[i, "code"], pub.at[i, "category"]
        name = next(n for n, c in names.items() if c == code and (code != v.home or n.startswith("Hele")))
        figures[(code, category)] = (same(A.parse(table.at[name, f"{labels[category]}: contacten"]),
                                          A.seen(pub.at[i, "contacts"], pub.at[i, "status"]), f"Hulpvragen {name}"),
                                     int(true.at[i, "contacts"]))
        figures[(code, "")] = (same(A.parse(table.at[name, "Contacten"]), A.seen(pub.at[i, "area_contacts"], pub.at[i, "area_status"]),
                                    f"Hulpvragen {name}"), int(true.at[i, "area_contacts"]))
    out = []
    areas_ = list(dict.fromkeys(pub["code"]))
    for code in areas_:
        for category in labels:
            out += A.attack("row total minus the other themes (Hulpvragen)", "page", ("category", code, category, *s.key()),
                            figures[(code, category)],
                            [(1, *figures[(code, "")])] + [(-1, *figures[(code, c)]) for c in labels if c != category])
            if code != v.home:
                out += A.attack("theme's municipality total minus the other areas (Hulpvragen)", "page",
                                ("category", code, category, *s.key()), figures[(code, category)],
                                [(1, *figures[(v.home, category)])] + [(-1, *figures[(o, category)]) for o in areas_
                                                                       if o not in (code, v.home)])
    return out


def wachttijden_page(pages: Pages, v: A.Views, team: str, period: Period, services: list[str]) -> list[A.Attack]:
    """Wachttijden of a team area: its starts per service (overview) minus those of its other districts (per area)."""
    pub, true = v.pair("waits", team, period)
    labels = dict(zip(*[waits_services(v)[c] for c in ("code", "label_nl")]))
    out = []
    for service in services:
        test = pages.run("pages/wachttijden.py", wachttijden_voorziening=service)
        overview = frame(test, "Voorziening", None, "Gestart")
        per_area = frame(test, "Gebied", None, "Gestart")
        rows = pub[pub["service"] == service]
        total = rows.index[rows["kind"] == "total"][0]
        team_started = (same(A.parse(overview.at[labels[service], "Gestart"]), status_seen(pub, total, "started"),
                             f"Wachttijden {service}"), int(true.at[total, "started"]))
        parts = {}
        for i in rows.index[rows["kind"].isin(["area", "remainder"])]:
            name = rows.at[i, "name"]
            parts[i] = (same(A.parse(per_area.at[name, "Gestart"]), status_seen(pub, i, "started"), f"Wachttijden {service} {name}"),
                        int(true.at[i, "started"]))
        for i in parts:
            out += A.attack("waiting times: team minus its other districts (Wachttijden)", "page",
                            ("waits", service, "started", rows.at[i, "code"] or f"{team} remainder", month_key(period.first),
                             month_key(period.last)), parts[i], [(1, *team_started)] + [(-1, *parts[o]) for o in parts if o != i])
    return out


def waits_services(v: A.Views) -> pd.DataFrame:
    from queries import categories

    return categories.services(v.db)


def tevredenheid_page(pages: Pages, v: A.Views, wave: int) -> tuple[list[A.Attack], AppTest]:
    """Tevredenheid: the municipality's respondents to the first client question minus the other team areas'."""
    test = pages.run("pages/tevredenheid.py")
    pub, true = v.pair("survey", "clienten", wave)
    first = pub["question"].iloc[0]
    rows = pub[pub["question"] == first].set_index("code")
    truth = true[true["question"] == first].set_index("code")
    comparison = [e.value for e in test.dataframe if e.value.columns[0] == "Vraag"][-1].set_index("Vraag")
    teams_table = [e.value for e in test.dataframe if e.value.columns[0] == "Wijkteamgebied"][-1].set_index("Wijkteamgebied")
    municipality = f"{v.names[v.home]}: respondenten"
    home = (same(A.parse(comparison[municipality].iloc[0]), status_seen(rows, v.home, "respondents"), "Tevredenheid municipality"),
            int(truth.at[v.home, "respondents"]))
    parts = {t: (same(A.parse(teams_table.at[v.names[t], "Respondenten"]), status_seen(rows, t, "respondents"),
                      f"Tevredenheid {v.names[t]}"), int(truth.at[t, "respondents"])) for t in v.team_codes}
    out = []
    for t in parts:
        out += A.attack("survey respondents: municipality minus the other team areas (Tevredenheid)", "page",
                        ("respondents", "clienten", wave, first, t), parts[t],
                        [(1, *home)] + [(-1, *parts[o]) for o in parts if o != t])
    return out, test


@pytest.fixture(scope="module")
def demo_pages(sqlite_demo_url) -> Pages:
    """The README's example link: January-May 2015, districts on the map."""
    return Pages(sqlite_demo_url, van="2015-01", tot="2015-05", niveau="district")


def test_no_page_route_determines_a_small_count(sqlite_demo_url, generated_url, demo_views, generated_views, demo_pages,
                                                record_property):
    attacks = []
    demo = demo_pages
    s = Selection(JAN_MAY_2015)
    attacks += contacten_page(demo, demo_views, s)
    attacks += overzicht_and_teams_pages(demo, demo_views, s)
    attacks += hulpvragen_page(demo, demo_views, s)
    attacks += contacten_page(Pages(sqlite_demo_url, van="2025-10", tot="2025-12", niveau="district"), demo_views,
                              Selection(OCT_DEC_2025))
    # The issue's row: youth and parenting, October-December 2025.
    attacks += contacten_page(Pages(sqlite_demo_url, van="2025-10", tot="2025-12", niveau="district", thema="jeugd"), demo_views,
                              Selection(OCT_DEC_2025, theme="jeugd"))
    noordrand = Pages(sqlite_demo_url, gebied="WOT-NOORDRAND", van="2015-01", tot="2015-05")
    attacks += wachttijden_page(noordrand, demo_views, "WOT-NOORDRAND", JAN_MAY_2015, ["wmo_onderzoek", "jeugdhulp"])
    month = A.GENERATED_MONTHS[-1]
    generated = Pages(generated_url, van=month, tot=month, niveau="district")
    s = Selection(Period.parse(month, month))
    attacks += contacten_page(generated, generated_views, s)
    attacks += overzicht_and_teams_pages(generated, generated_views, s)
    attacks += overzicht_and_teams_pages(Pages(generated_url, gebied="WK060603", van=month, tot=month), generated_views, s, "WK060603")
    attacks += hulpvragen_page(generated, generated_views, s)
    survey_attacks, _ = tevredenheid_page(generated, generated_views, A.GENERATED_WAVE)
    attacks += survey_attacks
    quarter = Pages(generated_url, gebied="WOT-OOST", van=A.GENERATED_MONTHS[0], tot=A.GENERATED_MONTHS[-1])
    attacks += wachttijden_page(quarter, generated_views, "WOT-OOST", GENERATED_QUARTER, ["wijkteam_intake", "schuldhulp"])
    routes = {"team minus its other districts (Contacten)", "Overzicht's dossiers minus the Teams page's new dossiers",
              "within one row of the district table (Contacten)",
              "row total minus the other themes (Hulpvragen)", "theme's municipality total minus the other areas (Hulpvragen)",
              "waiting times: team minus its other districts (Wachttijden)",
              "survey respondents: municipality minus the other team areas (Tevredenheid)",
              "Overzicht: contacts minus the other thema rows", "Overzicht: contacts minus the other kanaal rows"}
    assert_protected(attacks, A.CELL_KEY_READER, routes, "pages", record_property)


# 3. The command line -----------------------------------------------------------------------------

def figures_json(url: str, area: str, period: Period) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(["figures", "--from", month_key(period.first), "--to", month_key(period.last), "--area", area,
                           "--json", "--db", url])
    assert status == 0
    return json.loads(out.getvalue())


def from_json(value, status: str = "shown") -> A.Seen:
    """A figure of `figures --json`: totals carry no status, so a missing total is a small one."""
    if value is None:
        return A.Seen(None, SMALL if status in ("shown", SMALL) else status)
    return A.Seen(int(value))


def cli_attacks(url: str, v: A.Views, s: Selection, teams_: list[str]) -> list[A.Attack]:
    out = []
    for team in teams_:
        districts = v.districts[team]
        asked = {code: figures_json(url, code, s.period) for code in [team, *districts]}
        truth = {code: v.key_figures(code, s, exact=True) for code in asked}
        for code, answer in asked.items():
            for m in contacts.OUTCOMES:
                same(from_json(answer[m]), A._part(v.key_figures(code, s), m, ""), f"figures --area {code} {m}")
        for d in districts:
            for m in contacts.OUTCOMES:
                out += A.attack("team minus its other districts", "cli", A.cell_of(m, d, s),
                                (from_json(asked[d][m]), truth[d].value(m)),
                                [(1, from_json(asked[team][m]), truth[team].value(m))]
                                + [(-1, from_json(asked[o][m]), truth[o].value(m)) for o in districts if o != d])
    return out


def cli_parts(url: str, v: A.Views, area: str, s: Selection) -> list[A.Attack]:
    """One `figures` answer alone: its total minus its other channels, themes or team areas."""
    answer, truth = figures_json(url, area, s.period), v.key_figures(area, s, exact=True)
    out = []
    for key, measure, total in (("contacts_by_channel", "channel", "contacts"), ("contacts_by_theme", "theme", "contacts"),
                                ("dossiers_by_team", "team", "dossiers")):
        parts = {p["code"]: from_json(p["value"], p["status"]) for p in answer[key]}
        for code in parts:
            out += A.attack(f"one answer: {total} minus the other {measure} parts", "cli", A._parts_cell(v, area, s, measure, code),
                            (parts[code], truth.value(measure, code)),
                            [(1, from_json(answer[total]), truth.value(total))]
                            + [(-1, parts[o], truth.value(measure, o)) for o in parts if o != code])
    return out


def cli_periods(url: str, v: A.Views, area: str, period: Period) -> list[A.Attack]:
    """A period minus the same period from a month later, asked for on the command line."""
    months = months_between(period.first, period.last)
    answers = {m: figures_json(url, area, Period(m, period.last)) for m in months}
    out = []
    for m, later in zip(months, months[1:]):
        s = Selection(Period(m, m))
        longer, shorter = (v.key_figures(area, Selection(Period(x, period.last)), exact=True) for x in (m, later))
        out += A.attack("period minus the same period from a month later", "cli", A.cell_of("contacts", area, s),
                        (from_json(figures_json(url, area, Period(m, m))["contacts"]),
                         v.key_figures(area, s, exact=True).value("contacts")),
                        [(1, from_json(answers[m]["contacts"]), longer.value("contacts")),
                         (-1, from_json(answers[later]["contacts"]), shorter.value("contacts"))])
    return out


def test_no_command_line_route_determines_a_small_count(sqlite_demo_url, generated_url, demo_views, generated_views, record_property):
    attacks = []
    for period in (JAN_MAY_2015, OCT_DEC_2025, Period.parse("2015-02", "2015-02"), Period.parse("2015-03", "2015-03")):
        attacks += cli_attacks(sqlite_demo_url, demo_views, Selection(period), ["WOT-OOST", "WOT-NOORDRAND"])
        attacks += cli_parts(sqlite_demo_url, demo_views, "GM0606", Selection(period))
    attacks += cli_periods(sqlite_demo_url, demo_views, "WK060605", JAN_MAY_2015)
    attacks += cli_periods(generated_url, generated_views, "WK060608", GENERATED_QUARTER)
    # The issue's "one published set alone": Nieuw Mathenesse, April 2019.
    attacks += cli_parts(sqlite_demo_url, demo_views, "WK060605", Selection(Period.parse("2019-04", "2019-04")))
    for month in A.GENERATED_MONTHS:
        s = Selection(Period.parse(month, month))
        attacks += cli_attacks(generated_url, generated_views, s, ["WOT-OOST", "WOT-NOORDRAND", "WOT-CENTRUMWEST"])
        attacks += cli_parts(generated_url, generated_views, "GM0606", s)
    routes = {"team minus its other districts", "period minus the same period from a month later",
              "one answer: contacts minus the other theme parts",
              "one answer: contacts minus the other channel parts", "one answer: dossiers minus the other team parts"}
    assert_protected(attacks, A.CELL_KEY_READER, routes, "figures --json", record_property)


def test_the_old_rules_give_the_issues_examples_back_on_the_page_and_the_command_line(old_rules, sqlite_demo_url, demo_views):
    """Contacten for January-May 2015 and `figures --json`, published under the old rules: Nieuw
    Mathenesse's 3 contacts, 2 short interventions and 1 dossier come back by subtraction."""
    old = demo_views.under(A.PUBLIC, A.EXACT_READER)
    s = Selection(JAN_MAY_2015)
    page = contacten_page(Pages(sqlite_demo_url, van="2015-01", tot="2015-05", niveau="district"), old, s)
    line = cli_attacks(sqlite_demo_url, old, s, ["WOT-OOST"])
    for found in (page, line):
        recovered = {a.cell[1]: a.true for a in found if a.cell[2] == "WK060605" and a.bounds(A.EXACT_READER) == (a.true, a.true)}
        assert recovered == {"contacts": 3, "short_interventions": 2, "dossiers": 1}


# 4. One cell, one value ----------------------------------------------------------------------------

def test_one_team_cell_has_one_value_in_every_function_page_and_command(demo_views, demo_pages, sqlite_demo_url):
    """WOT Oost's dossiers, January-May 2015, asked for in every way there is."""
    v, s, team = demo_views, Selection(JAN_MAY_2015), "WOT-OOST"
    name = v.names[team]
    municipality_teams = v.team_figures(v.home, s).summary.set_index("team_code")
    own_team = v.team_figures(team, s).summary.set_index("team_code")
    key_table = frame(demo_pages.run("pages/overzicht.py"), "Groep")
    seen = {
        "key_figures(municipality), team part": A._part(v.key_figures(v.home, s), "team", team),
        "key_figures(WOT Oost), dossiers": A._part(v.key_figures(team, s), "dossiers", ""),
        "by_area(team)": A._row(v.by_area("team", s), team, "dossiers"),
        "team_figures(municipality), new": A.seen(municipality_teams.at[team, "new"], municipality_teams.at[team, "new_status"]),
        "team_figures(WOT Oost), new": A.seen(own_team.at[team, "new"], own_team.at[team, "new_status"]),
        "question_figures(WOT Oost), all dossiers": A.seen(*v.question_figures(team, s, "district").per_category.iloc[-1][
            ["dossiers_now", "dossiers_now_status"]]),
        "Overzicht page": A.parse(key_table[key_table["Kerncijfer"] == name][key_table.columns[1]].iloc[0]),
        "Teams page": A.parse(frame(demo_pages.run("pages/teams.py"), "Wijkteam", name, "Nieuwe dossiers")
                              .at[name, "Nieuwe dossiers"]),
        "Contacten page": A.parse(frame(demo_pages.run("pages/contacten.py"), "Gebied", "Zonder wijkteamgebied")
                                  .at[name, "Dossiers geopend"]),
        "figures --json": from_json(next(p["value"] for p in figures_json(sqlite_demo_url, v.home, s.period)["dossiers_by_team"]
                                         if p["code"] == team)),
        "figures --json --area WOT-OOST": from_json(figures_json(sqlite_demo_url, team, s.period)["dossiers"]),
    }
    assert len(set(seen.values())) == 1, seen


def test_district_and_month_cells_have_one_value_in_every_table(demo_views):
    """Each district's contacts (and each month's) as the key figures, the area tables, the Hulpvragen
    tables and the monthly rates publish them; a team area of one district is that district."""
    v = demo_views
    for period in (JAN_MAY_2015, OCT_DEC_2025):
        s = Selection(period)
        districts = v.by_area("district", s)
        questions_ = v.question_figures(v.home, s, "district").by_area.drop_duplicates("code").set_index("code")
        for d in [c for codes in v.districts.values() for c in codes]:
            figures = {
                "key_figures": A._part(v.key_figures(d, s), "contacts", ""),
                "by_area": A._row(districts, d, "contacts"),
                "question_figures(municipality)": A.seen(questions_.at[d, "area_contacts"], questions_.at[d, "area_status"]),
                "question_figures(district)": A.seen(*v.question_figures(d, s, "district").per_category.iloc[-1][
                    ["contacts_now", "contacts_now_status"]]),
            }
            assert len(set(figures.values())) == 1, (d, period, figures)
        for team, (only, *more) in v.districts.items():
            if not more:
                for m in contacts.OUTCOMES:
                    assert A._row(v.by_area("team", s), team, m) == A._row(districts, only, m), (team, m)
        months = v.key_figures(v.home, s).parts("month")
        rates = contacts.monthly_rate(v.db, v.home, period, A.PUBLIC)
        for code, value, status, rate in zip(months["code"], months["value"], months["status"], rates["contacts"]):
            single = Selection(Period.parse(code, code))
            assert A.seen(value, status) == A._row(v.by_area("district", single), v.home, "contacts") == A.seen(rate, status), code


def test_waiting_time_cells_have_one_value_at_every_level(demo_views):
    """A team area's waiting-time counts on the municipality's page are those on its own page, and a
    district's on the team's page those on its own."""
    v = demo_views
    for period in (JAN_MAY_2015, OCT_DEC_2025):
        municipality = v.waits(v.home, period)
        for team, districts in v.districts.items():
            own = v.waits(team, period)
            for service in set(own["service"]):
                as_part = municipality[(municipality["service"] == service) & (municipality["code"] == team)].iloc[0]
                whole = own[(own["service"] == service) & (own["kind"] == "total")].iloc[0]
                for m in A.WAIT_COUNTS:
                    assert A.seen(as_part[m], as_part[f"{m}_status"]) == A.seen(whole[m], whole[f"{m}_status"]), (team, service, m)
            if len(districts) > 1:
                d = districts[0]
                alone = v.waits(d, period)
                for service in set(own["service"]):
                    as_part = own[(own["service"] == service) & (own["code"] == d)].iloc[0]
                    whole = alone[(alone["service"] == service) & (alone["kind"] == "total")].iloc[0]
                    for m in A.WAIT_COUNTS:
                        assert A.seen(as_part[m], as_part[f"{m}_status"]) == A.seen(whole[m], whole[f"{m}_status"]), (d, service, m)


def test_a_restarted_process_publishes_the_same_figures(sqlite_demo_url, demo_views):
    """`wijkmonitor figures --json` in a process of its own gives what this one publishes."""
    import subprocess
    import sys

    command = [str(Path(sys.executable).with_name("wijkmonitor")), "figures", "--from", "2015-01", "--to", "2015-05",
               "--area", "WOT-NOORDRAND", "--json", "--db", sqlite_demo_url]
    answer = json.loads(subprocess.run(command, capture_output=True, text=True, check=True, env=dict(os.environ)).stdout)
    assert answer == figures_json(sqlite_demo_url, "WOT-NOORDRAND", JAN_MAY_2015)
    figures = demo_views.key_figures("WOT-NOORDRAND", Selection(JAN_MAY_2015))
    assert [answer[m] for m in contacts.OUTCOMES] == [figures.value(m) for m in contacts.OUTCOMES]


# 5. Loads ----------------------------------------------------------------------------------------

def published_figures(url: str, periods: list[Period]) -> dict:
    """Every published contact figure of these periods: per district, team and the municipality, and
    the municipality's key figures (channels, themes, months, team areas); the municipality's waiting
    times and the generated survey wave's respondents."""
    database = Database(url, readonly=True)
    v = A.Views(database)
    out = {}
    for period in periods:
        s = Selection(period)
        for level in ("district", "team"):
            table = v.by_area(level, s)
            out[(level, str(period))] = table[[*contacts.OUTCOMES, *(f"{m}_status" for m in contacts.OUTCOMES)]].astype(object) \
                .where(table[list(contacts.OUTCOMES)].notna(), None).to_dict()
        cells = v.key_figures(v.home, s).cells
        out[("key figures", str(period))] = {k: (None if pd.isna(x) else int(x), st_) for k, x, st_ in
                                             zip(cells.index, cells["value"], cells["status"])}
        table = v.waits(v.home, period)
        out[("waits", str(period))] = {(r.service, r.code, m): A.seen(getattr(r, m), getattr(r, f"{m}_status"))
                                       for r in table.itertuples() for m in A.WAIT_COUNTS}
    answers = v.survey("clienten", A.GENERATED_WAVE)
    out["survey"] = {(r.code, r.question): A.seen(r.respondents, r.respondents_status) for r in answers.itertuples()}
    database.dispose()
    return out


def generated_periods(months) -> list[Period]:
    return [*(Period.parse(m, m) for m in months), Period.parse(months[0], months[-1]), JAN_MAY_2015]


def test_reloading_the_same_export_changes_no_published_value(sqlite_demo_url, tmp_path):
    records = A.generated_contacts()
    exports = {kind: write_csv(frame, tmp_path / f"{kind}.csv")
               for kind, frame in (("contacts", records), ("waits", A.generated_waits()), ("survey", A.generated_survey()))}
    (tmp_path / "first").mkdir()
    first = copy_of(sqlite_demo_url, tmp_path / "first")
    for kind, path in exports.items():
        assert ingest(first, path, kind).status == "loaded"
    before = published_figures(first, generated_periods(A.GENERATED_MONTHS))
    for kind, path in exports.items():
        assert ingest(first, path, kind).status == "already loaded"
    assert published_figures(first, generated_periods(A.GENERATED_MONTHS)) == before
    # The same exports into a fresh database, the contacts in another file (rows the other way round, semicolons).
    (tmp_path / "second").mkdir()
    second = copy_of(sqlite_demo_url, tmp_path / "second")
    assert ingest(second, write_csv(records.iloc[::-1], tmp_path / "omgekeerd.csv", sep=";"), "contacts").status == "loaded"
    for kind in ("waits", "survey"):
        assert ingest(second, exports[kind], kind).status == "loaded"
    assert published_figures(second, generated_periods(A.GENERATED_MONTHS)) == before


def test_a_new_month_changes_only_the_cells_it_touches(sqlite_demo_url, tmp_path):
    """A cumulative export, January-March and then January-April: the published figures of every
    period without April stay as they were; April's figures appear."""
    url = copy_of(sqlite_demo_url, tmp_path)
    records = A.generated_contacts()
    assert ingest(url, write_csv(records, tmp_path / "jan-mrt.csv"), "contacts").status == "loaded"
    periods = generated_periods(A.GENERATED_MONTHS)
    before = published_figures(url, periods)
    april = A.generated_contacts(seed=21, months=("2026-04",), prefix="H")
    assert ingest(url, write_csv(pd.concat([records, april]), tmp_path / "jan-apr.csv"), "contacts").status == "loaded"
    assert published_figures(url, periods) == before
    new = published_figures(url, [Period.parse("2026-04", "2026-04")])
    assert new[("key figures", "2026-04..2026-04")][("contacts", "")][0] > 0


def test_a_longer_waits_export_leaves_the_figures_of_unchanged_records(sqlite_demo_url, tmp_path):
    """A waits export has no record identifier. Were its keys to depend on where a record stands in the
    file, the same records in a later, longer export would get new noise, and a reader who kept the
    earlier figures could average the two."""
    url = copy_of(sqlite_demo_url, tmp_path)
    # Exported per service, as registration systems list them: a new request lands among the old ones.
    records = A.generated_waits().sort_values(["dienst", "aanvraagdatum"], kind="stable")
    earlier = records[records["aanvraagdatum"] < "2026-02-01"].copy()
    # What the system exported at the end of January: starts after January were not known yet.
    earlier.loc[earlier["startdatum"] >= "2026-02-01", "startdatum"] = ""
    assert ingest(url, write_csv(earlier, tmp_path / "tot-februari.csv"), "waits").status == "loaded"
    period = Period.parse("2025-12", "2026-01")
    database = Database(url, readonly=True)
    before = waits.waits(database, "GM0606", period, A.PUBLIC)[["started", "within", "over"]]
    before_exact = waits.waits(database, "GM0606", period, A.EXACT)[["started", "within", "over"]]
    database.dispose()
    assert ingest(url, write_csv(records, tmp_path / "tot-april.csv"), "waits").status == "loaded"
    database = Database(url, readonly=True)
    after_exact = waits.waits(database, "GM0606", period, A.EXACT)[["started", "within", "over"]]
    after = waits.waits(database, "GM0606", period, A.PUBLIC)[["started", "within", "over"]]
    database.dispose()
    if not (after_exact["started"].sum() > 0 and after_exact.equals(before_exact)):
        raise RuntimeError("the two exports must hold the same records for December and January")
    pd.testing.assert_frame_equal(after, before)


# 6. Survey scores --------------------------------------------------------------------------------

def shown_scores_that_give_respondents_back(v: A.Views, survey: str, waves) -> tuple[int, int]:
    """How many shown scores leave one number of respondents possible, of how many shown."""
    exact = shown_ = 0
    for wave in waves:
        pub, true = v.pair("survey", survey, wave)
        for i in pub.index[pub["shown"]]:
            known = A.respondents_from_score(pub.loc[i], v.reader)
            if not (known and known[0] <= int(true.at[i, "respondents"]) <= known[1]):
                raise A.InvalidAttack(f"the score of {pub.loc[i].to_dict()} does not fit its true respondents")
            shown_ += 1
            exact += known[0] == known[1]
    return exact, shown_


def page_score_rows(test: AppTest, v: A.Views, wave: int) -> dict:
    """The client survey's scores as the Tevredenheid page sends them to the browser (the chart's
    data), with the respondents its tables show: {team code or municipality: row}."""
    charts = [json.loads(chart.proto.spec) for chart in test.get("plotly_chart")]
    tables = [e.value for e in test.dataframe]
    comparison = [t for t in tables if t.columns[0] == "Vraag"][-1].set_index("Vraag")
    teams_table = [t for t in tables if t.columns[0] == "Wijkteamgebied"][-1].set_index("Wijkteamgebied")
    names = {v.names[t]: t for t in v.team_codes}

    def row(trace, i, respondents: str) -> dict:
        x, plus, minus = trace["x"][i], trace["error_x"]["array"][i], trace["error_x"]["arrayminus"][i]
        figure = A.parse(respondents)
        return {"shown": x is not None, "value": None if x is None else x / 100, "scale": "eens",
                "low": None if x is None else (x - minus) / 100, "high": None if x is None else (x + plus) / 100,
                "respondents": figure.value, "respondents_status": figure.status}

    teams_chart = [c for c in charts if c["data"][0].get("name") == "Wijkteamgebied"][-1]["data"][0]
    rows = {names[name]: row(teams_chart, i, teams_table.at[name, "Respondenten"]) for i, name in enumerate(teams_chart["y"])}
    municipality = v.names[v.home]
    # The comparison of all questions: the municipality's horizontal trace (the trend runs upright).
    trace = [t for c in charts for t in c["data"] if t.get("name") == municipality and "error_x" in t][-1]
    rows[v.home] = row(trace, 0, comparison[f"{municipality}: respondenten"].iloc[0])
    return rows


def test_survey_scores_do_not_give_the_respondents_back(generated_url, generated_views, record_property):
    v, wave = generated_views, A.GENERATED_WAVE
    for survey, waves in (("clienten", range(2016, 2027)), ("medewerkers", range(2015, 2026))):
        exact, shown_ = shown_scores_that_give_respondents_back(v, survey, waves)
        print(f"\n{survey}: {exact} of {shown_} shown scores give their exact number of respondents back")
        record_property(f"{survey} scores giving respondents back", f"{exact} of {shown_}")
    attacks = A.survey_routes(v, "clienten", wave, scores=True)
    # The same through the page: the chart data the browser receives.
    test = Pages(generated_url, van=A.GENERATED_MONTHS[0], tot=A.GENERATED_MONTHS[-1]).run("pages/tevredenheid.py")
    rows = page_score_rows(test, v, wave)
    true = v.survey("clienten", wave, exact=True)
    first = true["question"].iloc[0]
    truth = true[true["question"] == first].set_index("code")["respondents"]

    def term(sign, code):
        known = A.respondents_from_score(rows[code], v.reader) if rows[code]["shown"] else None
        return sign, A.Seen(rows[code]["respondents"], rows[code]["respondents_status"]), int(truth[code]), known

    for team in v.team_codes:
        attacks += A.attack("survey respondents with the scores in the chart data (Tevredenheid)", "page",
                            ("respondents", "clienten", wave, first, team), term(1, team)[1:3],
                            [term(1, v.home)] + [term(-1, o) for o in v.team_codes if o != team])
    # Many waves, simulated and scored by the query layer itself: how often is the hidden team pinned?
    pinned, waves_ = A.survey_subtraction(A.simulated_survey_waves(400), A.CELL_KEY_READER)
    print(f"simulated waves whose hidden team's respondents the scores give back: {pinned} of {waves_}")
    record_property("simulated waves pinned by scores", f"{pinned} of {waves_}")
    assert_protected(attacks, A.CELL_KEY_READER, {SURVEY_ROUTE + ", with the scores",
                                                  "survey respondents with the scores in the chart data (Tevredenheid)"},
                     "survey scores", record_property)
    assert pinned == 0, f"{pinned} of {waves_} simulated waves give the hidden team's respondents back"


# 7. Residual risk: averaging -------------------------------------------------------------------

def month_windows(db: Database, area: str, month, last) -> tuple[np.ndarray, np.ndarray]:
    """Contacts and their key sums per month from ``month`` to ``last`` in the area, as stored."""
    frame = db.read(
        select(contact_month.c.month, func.sum(contact_month.c.contacts).label("contacts"),
               key_sum(contact_month.c.contacts_ckey, "key"))
        .join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .where(area_ancestor.c.ancestor_code == area, contact_month.c.month.between(month, last))
        .group_by(contact_month.c.month)
    )
    months = months_between(month, last)
    by_month = {pd.Timestamp(m).date(): (int(c), int(k)) for m, c, k in zip(frame["month"], frame["contacts"], frame["key"])}
    counts = np.array([by_month.get(m, (0, 0))[0] for m in months], dtype=np.int64)
    keys = np.array([by_month.get(m, (0, 0))[1] for m in months], dtype=np.int64)
    return counts, keys


def test_residual_risk_of_averaging_overlapping_queries(sqlite_demo_db, record_property):
    """How many distinct overlapping queries pin one hidden count to within 0.5 with 95% confidence.

    Each query pair (a period and the same period a month shorter, or a team and its other
    districts) gives the hidden count plus the difference of two independent noises, each with the
    table's variance. Measured three ways: from the variance; by simulation through the product's
    own perturbation (the mean of the differences, and the maximum-likelihood count using the public
    table); and on the demo's stored keys for one hidden month of Nieuw Mathenesse.
    """
    table = ptable.load()
    variance = table.variance(table.largest_row)
    analytic = A.queries_for_the_mean(variance)
    differences = A.difference_noise(trials=2_000, queries=160)  # the hidden count is 0 here: only noise
    by_mean = A.first_reliable(A.pinned_by_mean(differences))
    by_likelihood = A.first_reliable(A.pinned_by_likelihood(differences, table))
    adaptive = A.adaptive_attacker(differences)
    # Nested cells (a total and the same total without the hidden cell): the keys add up, so the noises do not
    # vary independently; the attacker does not know the hidden cell's key, so count over many cells.
    nested = A.nested_difference_noise(cells=100, trials=20, queries=160)
    nested_mean = A.first_reliable(A.pinned_by_mean(nested))
    nested_adaptive = A.adaptive_attacker(nested)

    # On the demo: the first month of Nieuw Mathenesse with a small count, and every period from it to a
    # later month minus the same period without it (over a hundred distinct differences).
    area = "WK060605"
    month, true, published = next(window_differences(sqlite_demo_db, area))
    counts, keys = month_windows(sqlite_demo_db, area, month, date(2025, 12, 1))
    for k in (1, 2, 40):  # the stored keys give the numbers the key figures publish for those periods
        period = Period(month, add_months(month, k))
        value, _ = publish_counts([counts[:k + 1].sum()], [keys[:k + 1].sum() % KEY_MODULUS], A.PUBLIC)
        assert (None if pd.isna(value[0]) else int(value[0])) == \
            contacts.key_figures(sqlite_demo_db, area, period, A.PUBLIC).value("contacts")
    running = np.cumsum(published) / np.arange(1, len(published) + 1)
    at = min(analytic, len(published))
    lines = [
        f"noise variance per published total: {variance:.3f}; per difference: {2 * variance:.3f}",
        f"analytic: {analytic} distinct differences (each two queries) before the mean is within ±0.5 with 95% confidence",
        f"simulated, mean of the differences: {by_mean} differences (2,000 trials, P(|mean - x| < 0.5) >= 0.95 from then on)",
        f"simulated, maximum likelihood with the public table: {by_likelihood} differences (P(best guess = x) >= 0.95)",
        f"simulated, stopping when the mean's own 95% interval is within ±0.5: median {adaptive[0]:.0f} differences "
        f"(10% stop by {adaptive[1]:.0f}), right in {adaptive[2]:.0%}",
        f"nested totals (over 100 hidden keys): mean {nested_mean} differences; stopping rule: median "
        f"{nested_adaptive[0]:.0f} (10% stop by {nested_adaptive[1]:.0f}), right in {nested_adaptive[2]:.0%}",
        f"demo, Nieuw Mathenesse {month_key(month)} (true {true}, published as "
        f"{A._part(contacts.key_figures(sqlite_demo_db, area, Period(month, month), A.PUBLIC), 'contacts', '')}): "
        f"mean of the first {at} of {len(published)} differences {running[at - 1]:.2f}, of all {running[-1]:.2f}",
    ]
    print("\n" + "\n".join(lines))
    record_property("averaging", "\n".join(lines))
    assert 1 <= true < A.MIN_COUNT
    # The simulation must agree with the variance it rests on; the likelihood can only do better.
    assert by_mean is not None and abs(by_mean - analytic) <= 0.25 * analytic
    assert by_likelihood is not None and by_likelihood <= by_mean


def window_differences(db: Database, area: str, mix=None, first=date(2015, 1, 1), last=date(2025, 12, 1)):
    """For every month of the area with a small count: (month, true count, the published differences of every
    period from that month on minus the same period a month shorter, where both are numbers)."""
    counts, keys = month_windows(db, area, first, last)
    mix = mix or (lambda k: k)
    total_counts, total_keys = np.concatenate([[0], np.cumsum(counts)]), np.concatenate([[0], np.cumsum(keys)])
    for m in range(len(counts) - 1):
        if not 1 <= counts[m] < A.MIN_COUNT:
            continue
        longer = total_counts[m + 2:] - total_counts[m]
        longer_keys = (total_keys[m + 2:] - total_keys[m]) % KEY_MODULUS
        shorter, shorter_keys = longer - counts[m], (longer_keys - keys[m]) % KEY_MODULUS
        a, _ = publish_counts(longer, mix(longer_keys), A.PUBLIC)
        b, _ = publish_counts(shorter, mix(shorter_keys), A.PUBLIC)
        usable = ~(pd.isna(a) | pd.isna(b))
        yield add_months(first, m), int(counts[m]), np.asarray(a[usable], dtype=np.int64) - np.asarray(b[usable], dtype=np.int64)


def repeated_differences(db: Database, mix=None, queries: int = 20, agree: int = 16) -> tuple[int, int, int, float]:
    """The attack on repetition: take a hidden month's first ``queries`` differences and, where at least
    ``agree`` of them are one value, guess that value. Returns (cells, guesses, right guesses, hit rate)."""
    cells = guesses = right = 0
    hits = []
    for area in ("WK060605", "WK060608"):
        for _, true, differences in window_differences(db, area, mix):
            if len(differences) < queries:
                continue
            first = differences[:queries]
            cells += 1
            hits.append((first == true).mean())
            values, times = np.unique(first, return_counts=True)
            if times.max() >= agree:
                guesses += 1
                right += int(values[times.argmax()] == true)
    return cells, guesses, right, float(np.mean(hits))


def test_differences_of_nested_totals_do_not_repeat_the_hidden_count(sqlite_demo_db, record_property):
    """Cell keys add up, so a total's key is the key of the same total without a hidden cell plus the
    hidden cell's. Were the noise a monotone function of the key (the table's slots in order), the two
    totals would get nearly the same noise whenever the hidden key lies near 0 or 1, and their
    differences would repeat the hidden count. The control scrambles the keys once more: with
    independent noise this attack finds nothing."""
    keyed = repeated_differences(sqlite_demo_db)
    mixed = repeated_differences(sqlite_demo_db, A.mix32)
    lines = [f"{name}: {c} hidden months, {g} with 16 of their first 20 differences agreeing, {r} of those right; "
             f"the plain difference equals the true count in {h:.1%}" for name, (c, g, r, h) in
             (("as published", keyed), ("control, keys scrambled once more", mixed))]
    print("\n" + "\n".join(lines))
    record_property("repeated differences", "\n".join(lines))
    if mixed[1]:
        raise RuntimeError("with independent noise this attack should find nothing: the measurement is off")
    assert keyed[1] == 0, lines[0]


# 8. The load log ------------------------------------------------------------------------------------

def test_the_load_log_gives_no_exact_count_of_a_published_cell(sqlite_demo_url, tmp_path):
    """Three monthly contacts exports: the load log may say no more about a month's contacts than the key figures do."""
    url = copy_of(sqlite_demo_url, tmp_path)
    records = A.generated_contacts()
    for month in A.GENERATED_MONTHS:
        part = records[records["datum"].str.startswith(month)]
        assert ingest(url, write_csv(part, tmp_path / f"contacten-{month}.csv"), "contacts").status == "loaded"
    test = Pages(url, van=A.GENERATED_MONTHS[0], tot=A.GENERATED_MONTHS[-1]).run("pages/over_de_data.py")
    log = next(t.value for t in test.table if "Rijen gelezen" in t.value.columns)
    log = log.map(lambda text: str(text).replace("\\", ""))  # the table is Markdown, its punctuation escaped
    database = Database(url, readonly=True)
    v = A.Views(database)
    told, differs = {}, False
    for month in A.GENERATED_MONTHS:
        row = log[log["Bestand"].str.contains(month, regex=False)]
        if len(row) != 1:
            raise RuntimeError(f"expected the export of {month} once in the load log:\n{log}")
        s = Selection(Period.parse(month, month))
        exact, published = v.key_figures(v.home, s, exact=True).value("contacts"), v.key_figures(v.home, s).value("contacts")
        shown_rows = row["Rijen gelezen"].iloc[0]
        told[month] = (None if shown_rows == fmt.MISSING else int(shown_rows.replace(".", "")), published, exact)
        differs |= exact != published
    database.dispose()
    if not differs:
        raise RuntimeError("every month happens to be published exactly: the test cannot tell")
    # Rows read per load was the exact number of contacts of the month: at the public level it is not shown.
    assert all(shown_rows in (None, published) for shown_rows, published, _ in told.values()), \
        f"rows read in the load log against the published contacts (and the exact ones): {told}"
