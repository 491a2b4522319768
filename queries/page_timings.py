"""`wijkmonitor benchmark queries`: how long the query layer takes for what each page asks.

Each page's queries for a typical view (the demo's last quarter, the whole municipality and one
district) are run ``runs`` times on the database at ``url``, protection included; medians and 95th
percentiles per page are reported, never a pass or fail. It uses only the query functions the
pages call, so the same measurement can be taken of an older version for a before-and-after.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

from queries import contacts, questions, surveys, teams, waits
from queries.database import Database
from queries.disclosure import DisclosureRules
from queries.messages import DUTCH, N_, Translator
from queries.periods import Period

QUARTER = Period(date(2025, 10, 1), date(2025, 12, 1))
YEAR = Period(date(2025, 1, 1), date(2025, 12, 1))
HOME, DISTRICT, TEAM = "GM0606", "WK060606", "WOT-NIEUWLAND"


def page_queries(db: Database, rules: DisclosureRules) -> dict[str, Callable[[], object]]:
    """Per page (its title), the query calls it makes for its default view."""
    earlier = Period(date(2025, 7, 1), date(2025, 9, 1))
    groups = list(surveys.peer_groups(db)["group_code"])
    return {
        N_("Overzicht"): lambda: [contacts.key_figures(db, HOME, p, rules) for p in (QUARTER, earlier, QUARTER.year_earlier())],
        N_("Contacten"): lambda: (contacts.by_area(db, "district", QUARTER, rules), contacts.monthly_rate(db, HOME, YEAR, rules)),
        N_("Wijkprofiel"): lambda: (contacts.key_figures(db, DISTRICT, QUARTER, rules),
                                questions.question_figures(db, DISTRICT, QUARTER, "district", rules),
                                waits.waits(db, DISTRICT, QUARTER, rules), teams.team_figures(db, DISTRICT, QUARTER, rules)),
        N_("Hulpvragen"): lambda: questions.question_figures(db, HOME, QUARTER, "district", rules),
        N_("Teams"): lambda: teams.team_figures(db, HOME, QUARTER, rules),
        N_("Wachttijden"): lambda: waits.waits(db, TEAM, QUARTER, rules),
        N_("Tevredenheid"): lambda: surveys.results(db, "clienten", [HOME, TEAM], groups, 2021, 2025, rules),
    }


def measure(url: str, runs: int = 20, rules: DisclosureRules | None = None) -> dict[str, dict[str, float]]:
    """Seconds per page: median and 95th percentile over ``runs`` (after one warm-up run)."""
    db = Database(url, readonly=True)
    try:
        results = {}
        for page, work in page_queries(db, rules or DisclosureRules()).items():
            work()
            seconds = []
            for _ in range(runs):
                start = time.perf_counter()
                work()
                seconds.append(time.perf_counter() - start)
            results[page] = {"median": statistics.median(seconds),
                             "p95": statistics.quantiles(seconds, n=20, method="inclusive")[-1]}
        return results
    finally:
        db.dispose()


def report(results: dict[str, dict[str, float]], translator: Translator = DUTCH) -> str:
    pages = {page: translator.gettext(page) for page in results}
    page, median = translator.gettext(N_("pagina")), translator.gettext(N_("mediaan"))
    width = max(len(name) for name in [page, *pages.values()]) + 2

    def ms(seconds: float) -> str:
        return translator.number(seconds * 1000, 1) + " ms"

    lines = [f"{page:<{width}}{median:>11}{'p95':>11}"]
    lines += [f"{pages[name]:<{width}}{ms(r['median']):>11}{ms(r['p95']):>11}" for name, r in results.items()]
    return "\n".join(lines)
