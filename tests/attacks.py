"""The reader's side of disclosure control: what someone can work out from published figures.

A reader knows every published figure, the perturbation table (data/ptable.csv is public, and so
is its maximum deviation) and how the figures add up. From one relation, say a team's contacts
minus those of its other districts, the reader learns the set of true values a hidden count can
have: every published term stands for the true counts the table can publish as that figure, the
hidden cell's own mark ("<5", or a number) limits it further, and the sets combine by adding and
subtracting their bounds. An attack *determines* a count when one value is left. A survey score
shown beside a number of respondents narrows that number too (``respondents_from_score``).

``Views`` asks the query layer for every table twice, as published (the rules under test) and
exact (protection ``internal``), so each attack knows the true count it tries to recover. Route
functions turn tables into attacks; ``summary`` counts per route how often the plain difference
happens to equal the true count and how many values stay possible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from queries import areas, contacts, ptable, questions, surveys, teams, waits
from queries.database import Database
from queries.disclosure import INTERNAL, SHOWN, SMALL, DisclosureRules
from queries.periods import Period, month_key, months_between

PUBLIC = DisclosureRules()
EXACT = DisclosureRules(protection=INTERNAL)
MIN_COUNT = PUBLIC.min_count
UNBOUNDED = 10**9
MEASURES = ("contacts", "short_interventions", "dossiers")


class InvalidAttack(Exception):
    """The attack itself is wrong (a relation that does not add up, a figure its count cannot have, a
    route with nothing to attack): not a finding about the protection, so never an AssertionError."""


# What one published figure says ------------------------------------------------------------------

@dataclass(frozen=True)
class Seen:
    """A figure as published: a number, or None with the status of its mark."""

    value: int | None
    status: str = SHOWN

    def __str__(self) -> str:
        return str(self.value) if self.status == SHOWN else {SMALL: f"<{MIN_COUNT}"}.get(self.status, "×")


def seen(value, status: str = SHOWN) -> Seen:
    return Seen(None if value is None or pd.isna(value) else int(value), str(status or SHOWN))


def parse(text: str) -> Seen:
    """A count as a page or the command line writes it: '1.234', '<5', or a mark of a count hidden
    for another reason ('×'; the pages of the cell-key method write such a count, which they never
    get, as '–')."""
    text = str(text).strip()
    if text == f"<{MIN_COUNT}":
        return Seen(None, SMALL)
    if text in ("×", "–"):
        return Seen(None, "protecting")
    return Seen(int(text.replace(".", "")))


class Reader:
    """The true counts a reader must allow for behind one published figure.

    With a perturbation table: a number ``v`` stands for ``table.possible(v)``; "<5" for every count
    that can be published as 1 to ``min_count - 1``. Without one (exact publication, the old
    per-table rules): a number is itself, "<5" is 1 to ``min_count - 1`` and "×" anything.
    """

    def __init__(self, table: ptable.PerturbationTable | None, min_count: int = MIN_COUNT):
        self.table = table
        self.min_count = min_count
        self._cache: dict[Seen, tuple[int, int]] = {}

    def bounds(self, figure: Seen) -> tuple[int, int]:
        if figure not in self._cache:
            self._cache[figure] = self._bounds(figure)
        return self._cache[figure]

    def _bounds(self, figure: Seen) -> tuple[int, int]:
        if figure.status == SMALL:
            if self.table is None:
                return 1, self.min_count - 1
            values = {i for j in range(1, self.min_count) for i in self.table.possible(j)}
        elif figure.value is None:
            return 0, UNBOUNDED
        elif self.table is None:
            return figure.value, figure.value
        else:
            values = set(self.table.possible(figure.value))
        # Every set the table gives is a run of whole numbers, so bounds describe it exactly.
        if not values or values != set(range(min(values), max(values) + 1)):
            raise InvalidAttack(f"{figure} stands for {sorted(values)}: not a run of whole numbers")
        return min(values), max(values)


CELL_KEY_READER = Reader(ptable.load())
EXACT_READER = Reader(None)


# One relation used against one hidden count --------------------------------------------------------


@dataclass(frozen=True)
class Term:
    sign: int
    figure: Seen
    true: int
    known: tuple[int, int] | None = None  # what else the reader learnt about this count (from scores)

    def bounds(self, reader: Reader) -> tuple[int, int]:
        low, high = reader.bounds(self.figure)
        if self.known:
            low, high = max(low, self.known[0]), min(high, self.known[1])
        return low, high


@dataclass(frozen=True)
class Attack:
    """The hidden count ``cell`` equals the signed sum of ``terms``; ``own`` is its own published figure."""

    route: str
    layer: str  # query, page or cli
    cell: tuple
    true: int
    own: Seen
    terms: tuple[Term, ...]

    def bounds(self, reader: Reader) -> tuple[int, int]:
        low = high = 0
        for term in self.terms:
            a, b = term.bounds(reader)
            low, high = (low + a, high + b) if term.sign > 0 else (low - b, high - a)
        own_low, own_high = reader.bounds(self.own)
        return max(low, own_low, 0), min(high, own_high)

    def difference(self) -> int | None:
        """What subtracting the published numbers gives, where they are all numbers."""
        if any(t.figure.value is None for t in self.terms):
            return None
        return sum(t.sign * t.figure.value for t in self.terms)

    def check(self, reader: Reader) -> None:
        """The true count of every term lies within what its figure allows, so the bounds hold the truth."""
        if sum(t.sign * t.true for t in self.terms) != self.true:
            raise InvalidAttack(f"{self.route} {self.cell}: the relation does not add up")
        for term in (*self.terms, Term(1, self.own, self.true)):
            low, high = term.bounds(reader)
            if not low <= term.true <= high:
                raise InvalidAttack(f"{self.route} {self.cell}: {term.figure} cannot stand for {term.true}")


def attack(route: str, layer: str, cell: tuple, own: tuple[Seen, int], terms: Iterable[tuple],
           min_count: int = MIN_COUNT) -> list[Attack]:
    """The attack on ``cell`` as a list of one, or none when its true count is not small.
    ``terms``: (sign, figure, true count) or (sign, figure, true count, known bounds)."""
    figure, true = own
    if not 1 <= true < min_count:
        return []
    return [Attack(route, layer, cell, true, figure, tuple(Term(*t) for t in terms))]


@dataclass
class RouteSummary:
    route: str
    attacks: int = 0
    differences: int = 0  # attacks whose terms are all published numbers
    hits: int = 0  # of those, how often the plain difference equals the true count
    determined: int = 0  # attacks that leave one value
    fewest: int = UNBOUNDED  # the fewest values any attack of the route leaves

    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.differences if self.differences else None


def summary(attacks: list[Attack], reader: Reader) -> dict[str, RouteSummary]:
    routes: dict[str, RouteSummary] = {}
    for a in attacks:
        s = routes.setdefault(f"{a.layer}: {a.route}", RouteSummary(f"{a.layer}: {a.route}"))
        low, high = a.bounds(reader)
        s.attacks += 1
        s.determined += low == high
        s.fewest = min(s.fewest, high - low + 1)
        difference = a.difference()
        if difference is not None:
            s.differences += 1
            s.hits += difference == a.true
    return routes


def combined(attacks: list[Attack], reader: Reader) -> dict[tuple, tuple[int, int, int]]:
    """Per hidden cell: what every route against it leaves together (low, high, true)."""
    cells: dict[tuple, list] = defaultdict(lambda: [0, UNBOUNDED, None])
    for a in attacks:
        low, high = a.bounds(reader)
        entry = cells[a.cell]
        if entry[2] not in (None, a.true):
            raise InvalidAttack(f"{a.cell}: two routes disagree on its true count")
        entry[0], entry[1], entry[2] = max(entry[0], low), min(entry[1], high), a.true
    return {cell: tuple(v) for cell, v in cells.items()}


def table_text(routes: dict[str, RouteSummary], title: str) -> str:
    width = max([len(r) for r in routes] + [5]) + 2
    lines = [title, f"{'route':<{width}}{'attacks':>8}{'diffs':>7}{'hits':>6}{'hit rate':>10}{'fewest':>8}{'pinned':>8}"]
    for s in sorted(routes.values(), key=lambda s: s.route):
        rate = "-" if s.hit_rate is None else f"{s.hit_rate:.0%}"
        lines.append(f"{s.route:<{width}}{s.attacks:>8}{s.differences:>7}{s.hits:>6}{rate:>10}{s.fewest:>8}{s.determined:>8}")
    return "\n".join(lines)


# The query layer, published and exact --------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    period: Period
    theme: str | None = None
    channel: str | None = None

    def key(self) -> tuple:
        return (month_key(self.period.first), month_key(self.period.last), self.theme, self.channel)


class Views:
    """Query-layer tables of one database, each asked once per protection (the published ones under
    ``rules``, the exact ones under protection ``internal``)."""

    def __init__(self, db: Database, rules: DisclosureRules = PUBLIC, reader: Reader = CELL_KEY_READER,
                 exact: dict | None = None):
        self.db = db
        self.rules = rules
        self.reader = reader
        self._published: dict = {}
        self._exact: dict = {} if exact is None else exact
        tree = areas.areas(db)
        self.home = str(tree["code"].iloc[0])
        self.names = dict(zip(tree["code"], tree["name"]))
        self.team_codes = list(tree.loc[tree["level"] == "team", "code"])
        self.districts = {t: list(tree.loc[(tree["level"] == "district") & (tree["team_code"] == t), "code"])
                          for t in self.team_codes}

    def under(self, rules: DisclosureRules, reader: Reader) -> Views:
        """The same database published under other rules; the exact tables are shared."""
        return Views(self.db, rules, reader, self._exact)

    def _ask(self, key: tuple, exact: bool, compute):
        cache = self._exact if exact else self._published
        if key not in cache:
            cache[key] = compute(EXACT if exact else self.rules)
        return cache[key]

    def by_area(self, level: str, s: Selection, exact=False) -> pd.DataFrame:
        return self._ask(("by_area", level, s), exact,
                         lambda r: contacts.by_area(self.db, level, s.period, r, s.theme, s.channel).set_index("code"))

    def key_figures(self, area: str, s: Selection, exact=False) -> contacts.KeyFigures:
        return self._ask(("key_figures", area, s), exact,
                         lambda r: contacts.key_figures(self.db, area, s.period, r, s.theme, s.channel))

    def team_figures(self, area: str, s: Selection, exact=False) -> teams.TeamFigures:
        return self._ask(("team_figures", area, s), exact,
                         lambda r: teams.team_figures(self.db, area, s.period, r, s.theme, s.channel))

    def question_figures(self, area: str, s: Selection, level: str, exact=False) -> questions.QuestionFigures:
        return self._ask(("question_figures", area, s, level), exact,
                         lambda r: questions.question_figures(self.db, area, s.period, level, r, s.theme, s.channel))

    def waits(self, area: str, period: Period, exact=False) -> pd.DataFrame:
        return self._ask(("waits", area, period), exact, lambda r: waits.waits(self.db, area, period, r))

    def survey(self, survey: str, wave: int, exact=False) -> pd.DataFrame:
        codes = [self.home, *self.team_codes]
        return self._ask(("survey", survey, wave), exact,
                         lambda r: surveys.results(self.db, survey, codes, [], wave, wave, r))

    def pair(self, method: str, *args):
        """The published and the exact version of one table."""
        return getattr(self, method)(*args), getattr(self, method)(*args, exact=True)


def cell_of(measure: str, area: str, s: Selection) -> tuple:
    """The canonical name of a contact count, whichever table shows it."""
    return ("contacts", measure, area, *s.key())


def month_cell(measure: str, area: str, month, s: Selection) -> tuple:
    return cell_of(measure, area, Selection(Period(month, month), s.theme, s.channel))


NO_TEAM = "without team area"


def _row(frame: pd.DataFrame, code: str, measure: str) -> Seen:
    return seen(frame.at[code, measure], frame.at[code, f"{measure}_status"])


# Routes on the query layer -------------------------------------------------------------------------

def team_minus_districts(v: Views, s: Selection) -> list[Attack]:
    """A team area's contacts, short interventions and dossiers minus those of its other districts
    (Contacten, team areas against districts)."""
    (teams_pub, teams_true), (districts_pub, districts_true) = v.pair("by_area", "team", s), v.pair("by_area", "district", s)
    out = []
    for team, districts in v.districts.items():
        if len(districts) < 2:
            continue  # a team of one district is that district: the same records, the same figure
        for d in districts:
            for m in MEASURES:
                out += attack("team minus its other districts", "query", cell_of(m, d, s),
                              (_row(districts_pub, d, m), int(districts_true.at[d, m])),
                              [(1, _row(teams_pub, team, m), int(teams_true.at[team, m]))]
                              + [(-1, _row(districts_pub, o, m), int(districts_true.at[o, m])) for o in districts if o != d])
    return out


def municipality_minus_areas(v: Views, s: Selection, level: str) -> list[Attack]:
    """The municipality's row minus every other row of one level (the remainder included)."""
    pub, true = v.pair("by_area", level, s)
    rows = [c for c in pub.index if c != v.home]
    out = []
    for code in rows:
        name = NO_TEAM if code == contacts.REMAINDER and level == "team" else code
        for m in MEASURES:
            out += attack(f"municipality minus the other {level} rows", "query", cell_of(m, name, s),
                          (_row(pub, code, m), int(true.at[code, m])),
                          [(1, _row(pub, v.home, m), int(true.at[v.home, m]))]
                          + [(-1, _row(pub, o, m), int(true.at[o, m])) for o in rows if o != code])
    return out


def within_rows(v: Views, s: Selection, level: str) -> list[Attack]:
    """Within one row: contacts = short interventions + dossiers."""
    pub, true = v.pair("by_area", level, s)
    out = []
    for code in pub.index:
        name = NO_TEAM if code == contacts.REMAINDER and level == "team" else code
        fig = {m: (_row(pub, code, m), int(true.at[code, m])) for m in MEASURES}
        c, si, d = fig["contacts"], fig["short_interventions"], fig["dossiers"]
        route = "within one row (contacts - short interventions - dossiers)"
        out += attack(route, "query", cell_of("dossiers", name, s), d, [(1, *c), (-1, *si)])
        out += attack(route, "query", cell_of("short_interventions", name, s), si, [(1, *c), (-1, *d)])
        out += attack(route, "query", cell_of("contacts", name, s), c, [(1, *si), (1, *d)])
    return out


def _part(f: contacts.KeyFigures, measure: str, code: str) -> Seen:
    return seen(f.value(measure, code), f.status(measure, code))


def parts_minus_others(v: Views, area: str, s: Selection) -> list[Attack]:
    """One set of key figures alone: a total minus its other parts (themes, life domains, channels,
    months, dossiers per team area)."""
    pub, true = v.pair("key_figures", area, s)
    out = []
    splits = {"theme": "contacts", "channel": "contacts", "month": "contacts", "team": "dossiers",
              "question_type": "contacts"}
    names = {"theme": "theme total minus the other themes", "channel": "channel total minus the other channels",
             "month": "period total minus the other months", "team": "dossiers minus the other team areas",
             "question_type": "theme minus its other life domains"}
    for measure, total in splits.items():
        codes = list(pub.parts(measure)["code"])
        if measure == "question_type" and s.theme is None or len(codes) < 2:
            continue  # life domains are shown, and add up to the total, only within one theme
        if measure == "team" and area != v.home:
            continue
        for code in codes:
            cell = _parts_cell(v, area, s, measure, code)
            out += attack(names[measure], "query", cell, (_part(pub, measure, code), true.value(measure, code)),
                          [(1, _part(pub, total, ""), true.value(total))]
                          + [(-1, _part(pub, measure, o), true.value(measure, o)) for o in codes if o != code])
    return out


def _parts_cell(v: Views, area: str, s: Selection, measure: str, code: str) -> tuple:
    if measure == "theme":
        if s.theme is None:
            return cell_of("contacts", area, Selection(s.period, code, s.channel))
        return ("theme part", area, code, *s.key())
    if measure == "channel":
        if s.channel is None:
            return cell_of("contacts", area, Selection(s.period, s.theme, code))
        return ("channel part", area, code, *s.key())
    if measure == "month":
        return month_cell("contacts", area, pd.Timestamp(code + "-01").date(), s)
    if measure == "team":
        return cell_of("dossiers", NO_TEAM if code == contacts.NO_TEAM else code, s)
    return ("life domain", area, code, *s.key())


def overlapping_periods(v: Views, area: str, s: Selection) -> list[Attack]:
    """A period minus the same period without its first month (January-May minus February-May), and
    minus the same period without its last month."""
    months = months_between(s.period.first, s.period.last)
    out = []
    for i, month in enumerate(months[:-1]):
        longer, shorter = Selection(Period(month, s.period.last), s.theme, s.channel), \
            Selection(Period(months[i + 1], s.period.last), s.theme, s.channel)
        out += _period_difference(v, area, s, month, longer, shorter, "period minus the same period from a month later")
    for i, month in enumerate(months[1:], start=1):
        longer, shorter = Selection(Period(s.period.first, month), s.theme, s.channel), \
            Selection(Period(s.period.first, months[i - 1]), s.theme, s.channel)
        out += _period_difference(v, area, s, month, longer, shorter, "period minus the same period to a month earlier")
    return out


def _period_difference(v: Views, area: str, s: Selection, month, longer: Selection, shorter: Selection, route: str):
    (lp, lt), (sp, st) = v.pair("key_figures", area, longer), v.pair("key_figures", area, shorter)
    code = month_key(month)
    return attack(route, "query", month_cell("contacts", area, month, s),
                  (_part(lp, "month", code), lt.value("month", code)),
                  [(1, _part(lp, "contacts", ""), lt.value("contacts")), (-1, _part(sp, "contacts", ""), st.value("contacts"))])


def remainder_across_tables(v: Views, s: Selection) -> list[Attack]:
    """Dossiers without a team area: the municipality's dossiers (Overzicht) minus the new dossiers of
    every team (Teams)."""
    (kp, kt), (tp, tt) = v.pair("key_figures", v.home, s), v.pair("team_figures", v.home, s)
    if contacts.NO_TEAM not in set(kt.parts("team")["code"]):
        return []  # no contacts without a team area: nothing hidden
    column = "selected" if s.theme or s.channel else "new"
    sp, st = tp.summary.set_index("team_code"), tt.summary.set_index("team_code")
    return attack("municipality's dossiers minus the Teams page's new dossiers", "query", cell_of("dossiers", NO_TEAM, s),
                  (_part(kp, "team", contacts.NO_TEAM), kt.value("team", contacts.NO_TEAM)),
                  [(1, _part(kp, "dossiers", ""), kt.value("dossiers"))]
                  + [(-1, seen(sp.at[t, column], sp.at[t, f"{column}_status"]), int(st.at[t, column])) for t in v.team_codes])


def question_rows(v: Views, s: Selection, level: str) -> list[Attack]:
    """Hulpvragen: a row's contacts minus its other categories, and a category's municipality total
    minus the other rows."""
    qp, qt = v.pair("question_figures", v.home, s, level)
    pub, true = qp.by_area, qt.by_area

    def fig(i):
        return seen(pub.at[i, "contacts"], pub.at[i, "status"]), int(true.at[i, "contacts"])

    out = []
    for code, group in pub.groupby("code", sort=False):
        rows = list(group.index)
        for i in rows:
            out += attack("row total minus the other categories (Hulpvragen)", "query",
                          ("category", code, pub.at[i, "category"], *s.key()),
                          fig(i),
                          [(1, seen(pub.at[i, "area_contacts"], pub.at[i, "area_status"]), int(true.at[i, "area_contacts"]))]
                          + [(-1, *fig(o)) for o in rows if o != i])
    for category, group in pub.groupby("category", sort=False):
        total = group.index[group["kind"] == contacts.TOTAL][0]
        rows = [i for i in group.index if i != total]
        for i in rows:
            out += attack("category total minus the other areas (Hulpvragen)", "query",
                          ("category", pub.at[i, "code"], category, *s.key()),
                          fig(i), [(1, *fig(total))] + [(-1, *fig(o)) for o in rows if o != i])
    return out


def team_share_routes(v: Views, s: Selection, themes: Iterable[str] = ()) -> list[Attack]:
    """Teams, "Aandeel in de nieuwe dossiers" (issue 14): a team's new dossiers within the theme are
    the teams together's minus the other teams', its period's minus its other months', and its new
    dossiers of every theme minus those of the other ``themes`` (each a selection of its own)."""
    if s.theme is None and s.channel is None:
        raise InvalidAttack("the share of the new dossiers needs a theme or a channel")
    pub, true = v.pair("team_figures", v.home, s)
    summary, truth = pub.summary.set_index("team_code"), true.summary.set_index("team_code")
    monthly, monthly_true = pub.monthly.set_index(["team_code", "month"]), true.monthly.set_index(["team_code", "month"])

    def fig(frame, exact, key, column):
        return seen(frame.at[key, column], frame.at[key, f"{column}_status"]), int(exact.at[key, column])

    out = []
    for team in v.team_codes:
        out += attack("teams together's new dossiers in the theme minus the other teams' (Teams)", "query",
                      cell_of("dossiers", team, s), fig(summary, truth, team, "selected"),
                      [(1, *fig(summary, truth, teams.ALL_TEAMS, "selected"))]
                      + [(-1, *fig(summary, truth, o, "selected")) for o in v.team_codes if o != team])
        months = [m for t, m in monthly.index if t == team]
        for month in months if len(months) > 1 else []:
            out += attack("a team's new dossiers in the theme over the period minus its other months (Teams)", "query",
                          month_cell("dossiers", team, pd.Timestamp(month + "-01").date(), s),
                          fig(monthly, monthly_true, (team, month), "selected"),
                          [(1, *fig(summary, truth, team, "selected"))]
                          + [(-1, *fig(monthly, monthly_true, (team, m), "selected")) for m in months if m != month])
        others = [t for t in themes if t != s.theme]
        if s.channel is None and others:
            terms = [(1, *fig(summary, truth, team, "new"))]
            for other in others:
                op, ot = v.pair("team_figures", v.home, Selection(s.period, other))
                terms.append((-1, *fig(op.summary.set_index("team_code"), ot.summary.set_index("team_code"), team, "selected")))
            out += attack("a team's new dossiers minus those of its other themes (Teams)", "query",
                          cell_of("dossiers", team, s), fig(summary, truth, team, "selected"), terms)
    return out


WAIT_COUNTS = ("started", "within", "over")


def wait_routes(v: Views, area: str, period: Period) -> list[Attack]:
    """Waiting times of one area: started minus within minus over, the period minus its other
    months, the area minus its other sub-areas; and (for a team area) the municipality's row of the
    team minus the team's other districts."""
    pub, true = v.pair("waits", area, period)
    out = []
    key = (month_key(period.first), month_key(period.last))

    def fig(i, m):
        return seen(pub.at[i, m], pub.at[i, f"{m}_status"]), int(true.at[i, m])

    def cell(i, m):
        row = pub.loc[i]
        place = {"total": area, "month": area, "area": row["code"], "remainder": f"{area} remainder"}[row["kind"]]
        months = (row["code"], row["code"]) if row["kind"] == "month" else key
        return ("waits", row["service"], m, place, *months)

    for i in pub.index:
        out += attack("started minus over, started minus within", "query", cell(i, "within"), fig(i, "within"),
                      [(1, *fig(i, "started")), (-1, *fig(i, "over"))])
        out += attack("started minus over, started minus within", "query", cell(i, "over"), fig(i, "over"),
                      [(1, *fig(i, "started")), (-1, *fig(i, "within"))])
    for service, rows in pub.groupby("service", sort=False):
        total = rows.index[rows["kind"] == "total"][0]
        for kind, route in (("month", "period minus its other months"), ("area", "area minus its other sub-areas")):
            parts = list(rows.index[rows["kind"].isin([kind, "remainder"] if kind == "area" else [kind])])
            for i in parts:
                for m in WAIT_COUNTS:
                    out += attack(f"waiting times: {route}", "query", cell(i, m), fig(i, m),
                                  [(1, *fig(total, m))] + [(-1, *fig(o, m)) for o in parts if o != i])
    if area in v.districts and len(v.districts[area]) > 1:
        wp, wt = v.pair("waits", v.home, period)
        for service, rows in pub.groupby("service", sort=False):
            team_row = wp.index[(wp["service"] == service) & (wp["kind"] == "area") & (wp["code"] == area)][0]
            parts = list(rows.index[rows["kind"].isin(["area", "remainder"])])
            for i in parts:
                for m in WAIT_COUNTS:
                    out += attack("waiting times: team (municipality page) minus its other districts", "query", cell(i, m),
                                  fig(i, m), [(1, seen(wp.at[team_row, m], wp.at[team_row, f"{m}_status"]), int(wt.at[team_row, m]))]
                                  + [(-1, *fig(o, m)) for o in parts if o != i])
    return out


def respondents_from_score(row, reader: Reader, decimals: int | None = -1) -> tuple[int, int] | None:
    """The numbers of respondents a shown score leaves possible: those within what the published
    number allows for which some whole number of answers (positive ones for a share, the sum of
    marks for a mean) over them gives the score as shown, and for a share the Wilson interval as
    shown. ``decimals``: how the score is rounded; by default as the query layer documents it
    (``queries.surveys.SCORE_DECIMALS``, full precision where it names none); None for full precision."""
    import math

    if not row["shown"] or pd.isna(row["value"]):
        return None
    if decimals == -1:
        decimals = getattr(surveys, "SCORE_DECIMALS", {}).get(row["scale"])
    low, high = reader.bounds(seen(row["respondents"], row["respondents_status"]))
    if row["scale"] == "eens" and decimals is not None:
        # The query layer builds a share from published counts (perturbed positives over the published
        # respondents): it tells the reader nothing about the true respondents beyond their published number.
        return low, high
    value = float(row["value"])
    shown = (value, float(row["low"]), float(row["high"]))

    def matches(numbers: tuple, exact: bool) -> bool:
        if exact:
            return all(abs(a - b) < 1e-9 for a, b in zip(numbers, shown))
        return all(round(a, decimals) == round(b, decimals) for a, b in zip(numbers, shown))

    fits = []
    for n in range(max(low, 1), min(high, 100_000) + 1):
        if decimals is None:
            whole = round(value * n)
            if abs(value * n - whole) > 1e-6:
                continue
            if row["scale"] == "eens" and not matches((whole / n, *surveys.wilson(whole, n)), exact=True):
                continue
            fits.append(n)
        elif row["scale"] == "eens":
            near = range(max(0, math.floor(value * n) - 1), min(n, math.ceil(value * n) + 1) + 1)
            if any(matches((k / n, *surveys.wilson(k, n)), exact=False) for k in near):
                fits.append(n)
        else:  # a rounded mean with its interval: the interval needs the spread of the marks, unknown here
            if any(round(total / n, decimals) == round(value, decimals)
                   for total in range(math.floor((value - 0.5) * n), math.ceil((value + 0.5) * n) + 1)):
                fits.append(n)
    return (min(fits), max(fits)) if fits else None


def survey_routes(v: Views, survey: str, wave: int, scores: bool = False) -> list[Attack]:
    """Respondents: the municipality minus the other team areas, per question; with ``scores``, each
    number narrowed by what the score shown beside it allows."""
    pub, true = v.pair("survey", survey, wave)
    reader = v.reader
    out = []
    for question, rows in pub.groupby("question", sort=False):
        home = rows.index[rows["code"] == v.home][0]
        parts = [i for i in rows.index if i != home]
        def term(sign, i):
            known = respondents_from_score(pub.loc[i], reader) if scores else None
            return sign, seen(pub.at[i, "respondents"], pub.at[i, "respondents_status"]), int(true.at[i, "respondents"]), known

        route = "survey respondents: municipality minus the other team areas" + (", with the scores" if scores else "")
        for i in parts:
            out += attack(route, "query", ("respondents", survey, wave, question, pub.at[i, "code"]),
                          (seen(pub.at[i, "respondents"], pub.at[i, "respondents_status"]), int(true.at[i, "respondents"])),
                          [term(1, home)] + [term(-1, o) for o in parts if o != i])
    return out


# Generated data: many small counts ---------------------------------------------------------------

GENERATED_MONTHS = ("2026-01", "2026-02", "2026-03")
GENERATED_WAVE = 2026
# Contacts per district over the three months: a few large districts and several small ones, and
# some contacts registered on the municipality (no team area).
GENERATED_AREAS = {"WK060601": 160, "WK060602": 40, "WK060603": 25, "WK060604": 30, "WK060605": 9, "WK060606": 120,
                   "WK060607": 60, "WK060608": 7, "WK060609": 70, "GM0606": 11}
# Survey respondents per team area: one of them under the threshold (the WOT Zuid).
GENERATED_RESPONDENTS = {"WOT-CENTRUMWEST": 24, "WOT-GROENOORD": 14, "WOT-NIEUWLAND": 31, "WOT-NOORDRAND": 18,
                         "WOT-OOST": 12, "WOT-ZUID": 3}
WAIT_SERVICES = ("wijkteam_intake", "wmo_onderzoek", "jeugdhulp", "schuldhulp")


def generated_contacts(seed: int = 11, months=GENERATED_MONTHS, prefix: str = "G") -> pd.DataFrame:

    rng = np.random.default_rng(seed)
    areas_ = np.repeat(list(GENERATED_AREAS), list(GENERATED_AREAS.values()))
    n = len(areas_)
    types = ["financien", "huisvesting", "opvoeding", "dagbesteding", "huiselijke_relaties", "adl"]
    channels = ["telefoon", "persoonlijk", "email_web", "huisarts", "school_jgz", "politie", "overig"]
    month = rng.choice(list(months), n)
    return pd.DataFrame({
        "contactnummer": [f"{prefix}{i:05d}" for i in range(n)],
        "datum": [f"{m}-{d:02d}" for m, d in zip(month, rng.integers(1, 29, n))],
        "gebied": areas_,
        "vraagtype": rng.choice(types, n, p=[0.35, 0.25, 0.15, 0.1, 0.1, 0.05]),
        "kanaal": rng.choice(channels, n, p=[0.6, 0.15, 0.1, 0.06, 0.04, 0.03, 0.02]),
        "uitkomst": rng.choice(["korte interventie", "dossier"], n, p=[0.72, 0.28]),
    })


def generated_waits(seed: int = 12) -> pd.DataFrame:
    from datetime import date, timedelta

    rng = np.random.default_rng(seed)
    districts = ["WK060601", "WK060605", "WK060608", "WK060609", "WK060602", "WK060603"]
    n = 260
    requested = [date(2025, 12, 1) + timedelta(days=int(d)) for d in rng.integers(0, 100, n)]
    delay = rng.integers(0, 110, n)
    started = [r + timedelta(days=int(d)) for r, d in zip(requested, delay)]
    return pd.DataFrame({
        "dienst": rng.choice(WAIT_SERVICES, n),
        "gebied": rng.choice(districts, n, p=[0.3, 0.05, 0.05, 0.3, 0.15, 0.15]),
        "aanvraagdatum": [d.isoformat() for d in requested],
        "startdatum": [s.isoformat() if s <= date(2026, 3, 31) else "" for s in started],
    })


def generated_survey(seed: int = 13) -> pd.DataFrame:

    rng = np.random.default_rng(seed)
    questions_ = ["weet_waar", "snel_geholpen", "serieus_genomen", "samen_oplossingen"]
    rows = []
    for team, n in GENERATED_RESPONDENTS.items():
        for person in range(n):
            for q in questions_:
                rows.append({"golf": GENERATED_WAVE, "gebied": team, "enquete": "clienten", "vraag": q,
                             "antwoord": int(rng.integers(1, 6))})
    return pd.DataFrame(rows)


# Every query-layer route over a plan of selections -------------------------------------------------

@dataclass(frozen=True)
class Plan:
    selections: tuple[Selection, ...]  # contacts: area tables, key figures, teams
    overlaps: tuple[tuple[str, Selection], ...]  # (area, selection): overlapping periods and its own parts
    questions: tuple[Selection, ...]
    waits: tuple[tuple[str, Period], ...]
    surveys: tuple[tuple[str, int], ...]


def query_attacks(v: Views, plan: Plan) -> list[Attack]:
    out: list[Attack] = []
    for s in plan.selections:
        out += team_minus_districts(v, s)
        out += municipality_minus_areas(v, s, "team")
        out += within_rows(v, s, "district")
        out += parts_minus_others(v, v.home, s)
        out += remainder_across_tables(v, s)
    for area, s in plan.overlaps:
        out += parts_minus_others(v, area, s)
        out += overlapping_periods(v, area, s)
    for s in plan.questions:
        out += question_rows(v, s, "district")
    for area, period in plan.waits:
        out += wait_routes(v, area, period)
    for survey, wave in plan.surveys:
        out += survey_routes(v, survey, wave)
    return out


# The old per-table rules, as a drop-in for the publishing functions the query modules imported -----

def _old_statuses(counts, relations, min_count: int) -> dict:
    from tests import per_table_rules

    return per_table_rules.suppress(dict(enumerate(int(c) for c in counts)), relations, min_count)


def old_publish_counts(counts, keys, rules: DisclosureRules):
    """Exact counts with the small ones hidden; where the last count is the sum of the others (an
    area table's column with its total), secondary suppression within that column as before."""
    from tests import per_table_rules

    counts = np.asarray(counts, dtype=np.int64)
    if rules.exact:
        return pd.array(counts, dtype="Int64"), np.full(len(counts), SHOWN, dtype=object)
    relations = []
    if len(counts) > 2 and counts[:-1].sum() == counts[-1]:
        relations = [per_table_rules.Relation(len(counts) - 1, range(len(counts) - 1))]
    status = _old_statuses(counts, relations, rules.min_count)
    statuses = np.array([status[i] for i in range(len(counts))], dtype=object)
    values = pd.array(counts, dtype="Int64")
    values[statuses != SHOWN] = pd.NA
    return values, statuses


def old_publish(cells, rules: DisclosureRules):
    names = list(cells)
    values, statuses = old_publish_counts([cells[n][0] for n in names], [cells[n][1] for n in names], rules)
    return ({n: None if pd.isna(v) else int(v) for n, v in zip(names, values)}, dict(zip(names, map(str, statuses))))


def old_publish_frame(frame: pd.DataFrame, value: str, key: str, rules: DisclosureRules, status: str = "status"):
    """The key figures as the old rules protected them: one table, with its totals and parts as relations."""
    from tests import per_table_rules

    out = frame.drop(columns=key)
    counts = {label: int(v) for label, v in frame[value].items()}
    if rules.exact:
        out[status] = SHOWN
        return out
    relations = [per_table_rules.Relation(("contacts", ""), [("short_interventions", ""), ("dossiers", "")])]
    for measure, total in contacts.PART_OF.items():
        if measure in ("short_interventions", "dossiers", "question_type"):
            continue
        parts = [label for label in frame.index if label[0] == measure]
        if parts and (total, "") in counts:
            relations.append(per_table_rules.Relation((total, ""), parts))
    statuses = per_table_rules.suppress(counts, relations, rules.min_count)
    out[value] = pd.array([None if statuses[label] != SHOWN else counts[label] for label in frame.index], dtype="Int64")
    out[status] = [statuses[label] for label in frame.index]
    return out


def old_rules_patches() -> list[tuple[object, str, object]]:
    """(module, name, replacement) for every publishing function a query module uses."""
    replacements = {"publish_counts": old_publish_counts, "publish": old_publish, "publish_frame": old_publish_frame}
    patches = [(module, name, function) for module in (contacts, questions, teams, waits, surveys)
               for name, function in replacements.items() if hasattr(module, name)]
    # Waiting-time statistics and survey shares came from the exact counts.
    patches += [(module, "perturb", lambda counts, _keys: np.asarray(counts, dtype=np.int64)) for module in (waits, surveys)]
    return patches


# Residual risk: averaging many overlapping queries -----------------------------------------------

Z95 = 1.959963984540054


def queries_for_the_mean(variance: float, half_width: float = 0.5, z: float = Z95) -> int:
    """Differences of two independently perturbed totals (each noise of ``variance``) needed before
    their mean lies within ``half_width`` of the hidden count with the confidence of ``z``."""
    import math

    return math.ceil((z * math.sqrt(2 * variance) / half_width) ** 2)


def difference_noise(trials: int, queries: int, seed: int = 1, base: int = 1_000) -> np.ndarray:
    """Noise of ``queries`` differences per trial, drawn through the product's own perturbation of
    large totals with uniformly spread cell keys (as record-key sums are)."""

    from queries.cellkeys import KEY_MODULUS
    from queries.disclosure import perturb

    rng = np.random.default_rng(seed)
    size = 2 * trials * queries
    counts = base + rng.integers(0, 1_000, size)
    keys = rng.integers(0, KEY_MODULUS, size)
    noise = (perturb(counts, keys) - counts).reshape(2, trials, queries)
    return noise[0] - noise[1]


def first_reliable(success: np.ndarray, level: float = 0.95) -> int | None:
    """The first number of queries from which the share of trials that succeed stays at ``level``."""

    rate = success.mean(axis=0)
    below = np.flatnonzero(rate < level)
    n = 1 if not len(below) else int(below[-1]) + 2
    return n if n <= success.shape[1] else None


def pinned_by_mean(differences: np.ndarray) -> np.ndarray:
    """Per trial and number of queries: whether the mean difference lies within 0.5 of the truth."""

    n = np.arange(1, differences.shape[1] + 1)
    return np.abs(np.cumsum(differences, axis=1) / n) < 0.5


def pinned_by_likelihood(differences: np.ndarray, table: ptable.PerturbationTable) -> np.ndarray:
    """Per trial and number of queries: whether the most likely count, given the public table's noise
    distribution, is the true one (and the only most likely)."""

    row = table.rows[table.rows["i"] == table.largest_row]
    noise, p = (row["j"] - row["i"]).to_numpy(), row["p"].to_numpy()
    pmf = {}
    for a, pa in zip(noise, p):
        for b, pb in zip(noise, p):
            pmf[a - b] = pmf.get(a - b, 0.0) + pa * pb
    reach = max(pmf)
    log_pmf = np.full(4 * reach + 1, -np.inf)
    for d, q in pmf.items():
        log_pmf[d + 2 * reach] = np.log(q)
    offsets = np.arange(-reach, reach + 1)  # candidate count minus true count
    likelihood = np.stack([np.cumsum(log_pmf[differences - c + 2 * reach], axis=1) for c in offsets])
    best = likelihood.max(axis=0)
    return (likelihood[reach] == best) & ((likelihood == best).sum(axis=0) == 1)


def nested_difference_noise(cells: int, trials: int, queries: int, seed: int = 3, mix=None) -> np.ndarray:
    """Noise of differences T - O where T holds O's records and the hidden cell's (a team and its other
    district, a period and the same period a month shorter): T's cell key is O's plus the hidden
    cell's, so the two noises are not independent. One hidden cell key per row of ``cells``; ``mix``
    applies a function to every cell key before the table lookup. Shape: (cells * trials, queries)."""

    from queries.cellkeys import KEY_MODULUS
    from queries.disclosure import perturb

    rng = np.random.default_rng(seed)
    hidden = rng.integers(0, KEY_MODULUS, cells)[:, None, None]
    other = rng.integers(0, KEY_MODULUS, (cells, trials, queries))
    mix = mix or (lambda keys: keys)
    base = np.full(other.size, 1_000)
    noise_other = perturb(base, mix(other.ravel())) - base
    noise_total = perturb(base, mix(((other + hidden) % KEY_MODULUS).ravel())) - base
    return (noise_total - noise_other).reshape(cells * trials, queries)


def mix32(keys) -> np.ndarray:
    """The product's own scramble applied once more, for controls: keys scrambled again give noise
    that no longer follows from the parts' keys."""
    from queries.cellkeys import scramble

    return scramble(keys)


def adaptive_attacker(differences: np.ndarray, min_queries: int = 5) -> tuple[float, float, float]:
    """An attacker who stops as soon as the 95% interval of the mean difference (from the differences'
    own spread) is narrower than ±0.5 and takes the nearest whole number: the median and 10th
    percentile of the queries used, and how often the guess is right (the true count is 0 here)."""

    n = np.arange(1, differences.shape[1] + 1)
    total, squares = np.cumsum(differences, axis=1), np.cumsum(differences * differences, axis=1)
    mean = total / n
    variance = np.where(n > 1, (squares - total * total / n) / np.maximum(n - 1, 1), np.inf)
    done = (n >= min_queries) & (Z95 * np.sqrt(variance / n) < 0.5)
    stop = np.where(done.any(axis=1), done.argmax(axis=1), differences.shape[1] - 1)
    right = np.abs(mean[np.arange(len(differences)), stop]) < 0.5
    return float(np.median(stop + 1)), float(np.quantile(stop + 1, 0.1)), float(right.mean())


def simulated_survey_waves(waves: int, seed: int = 5, teams: int = 6, rules: DisclosureRules = PUBLIC) -> pd.DataFrame:
    """Survey parts for many waves of one agree/disagree question: ``teams`` team areas, the first
    with 1 to 4 respondents, the others with 10 to 60, and the municipality as their sum; cell keys
    drawn as record-key sums are. Scored by the query layer's own ``surveys.score``. Columns of the
    scored rows plus ``wave``, ``code`` ("M" or the team number) and ``n`` (the true respondents)."""

    from queries.cellkeys import KEY_MODULUS

    rng = np.random.default_rng(seed)
    rows = []
    for wave in range(waves):
        n = np.r_[rng.integers(1, MIN_COUNT), rng.integers(10, 61, teams - 1)]
        positive = rng.binomial(n, rng.uniform(0.4, 0.8))
        keys, positive_keys = rng.integers(0, KEY_MODULUS, teams), rng.integers(0, KEY_MODULUS, teams)
        for code, a, b, k, kp in zip(range(teams), n, positive, keys, positive_keys):
            rows.append({"wave": wave, "code": str(code), "n": int(a), "n_positive": int(b), "n_ckey": int(k),
                         "n_positive_ckey": int(kp)})
        rows.append({"wave": wave, "code": "M", "n": int(n.sum()), "n_positive": int(positive.sum()),
                     "n_ckey": int(keys.sum() % KEY_MODULUS), "n_positive_ckey": int(positive_keys.sum() % KEY_MODULUS)})
    parts = pd.DataFrame(rows).assign(scale="eens", sum_score=0, sum_sq=0)
    truth = parts["n"].to_numpy()
    scored = surveys.score(parts, rules)
    return scored.assign(n=truth)


def survey_subtraction(scored: pd.DataFrame, reader: Reader) -> tuple[int, int]:
    """Per wave, the hidden team's respondents = the municipality's minus the other teams', each
    narrowed by its shown score: (waves whose hidden team is pinned, waves)."""
    pinned = 0
    waves_ = 0
    for _, wave in scored.groupby("wave"):
        wave = wave.set_index("code")

        def term(sign, code):
            row = wave.loc[code]
            return sign, seen(row["respondents"], row["respondents_status"]), int(row["n"]), respondents_from_score(row, reader)

        others = [c for c in wave.index if c not in ("M", "0")]
        found = attack("survey", "query", ("survey", 0), (seen(wave.at["0", "respondents"], wave.at["0", "respondents_status"]),
                                                           int(wave.at["0", "n"])),
                       [term(1, "M")] + [term(-1, c) for c in others])
        for a in found:
            a.check(reader)
            low, high = a.bounds(reader)
            pinned += low == high
            waves_ += 1
    return pinned, waves_
