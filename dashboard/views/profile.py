"""The district profile: every indicator of one area beside the municipality's, grouped in
sections, each with a sentence saying whether the area is higher or lower, and one table of them
all. Pure functions on published query results, no Streamlit.

Whether a difference may be named is the sentence rule's (``views/compare.py``): rates and shares
with the counts they rest on (``compare.rates``, ``compare.shares``), survey scores by their 95%
intervals (``compare.intervals``). A sentence keeps apart a figure that is not shown (too few
observations to publish), one that is shown but rests on too few cases to compare, and an
indicator with nothing to measure (nobody started).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import N_, _, ngettext
from dashboard.literal import md
from dashboard.views import cells, compare, rates
from dashboard.views.areas import in_area
from dashboard.views.overview import lower_first
from queries.contacts import KeyFigures
from queries.teams import ALL_TEAMS, TeamFigures

RATE, SHARE, SCORE = "rate", "share", "score"

# (survey, section title) in the order the page shows them
SURVEYS = (
    ("clienten", N_("Tevredenheid van cliënten (aandeel eens)")),
    ("medewerkers", N_("Oordeel van medewerkers (rapportcijfer)")),
)


@dataclass(frozen=True)
class Indicator:
    group: str
    label: str
    kind: str  # RATE, SHARE or SCORE (with intervals)
    area: float | None
    municipality: float | None
    area_base: float | None = None  # the count each figure rests on (contacts, people started, …)
    municipality_base: float | None = None
    decimals: int = 1
    area_interval: tuple[float, float] | None = None
    municipality_interval: tuple[float, float] | None = None
    unit: str = ""  # after a rate: "per 1.000 inwoners"
    as_percent: bool = False  # a score that is a share agreeing
    mark: bool = False  # a score that is a mean mark (1–10)
    base_text: str = ""  # the area's base in words: "18 gestart"
    empty: str = ""  # what there is instead of a figure when there is nothing to measure: "niemand gestart"

    def text(self, value: float | None) -> str:
        if value is None:
            return fmt.MISSING
        if self.kind == SHARE or self.as_percent:
            return fmt.percent(value, self.decimals)
        return fmt.number(value, self.decimals)

    def shown(self, value: float) -> str:
        """The area's figure with its unit: '57,5 per 1.000 inwoners', 'gemiddeld een 6,8', '62%'."""
        if self.mark:
            return _("gemiddeld een {mark}").format(mark=self.text(value))
        if self.unit:
            return _("{value} {unit}").format(value=self.text(value), unit=self.unit)
        return self.text(value)

    def verdict(self) -> compare.Verdict:
        if self.kind == SCORE:
            return compare.intervals(self.area_interval, self.municipality_interval)
        rule = compare.shares if self.kind == SHARE else compare.rates
        return rule(self.area, self.municipality, self.area_base, self.municipality_base)


def sentence(indicator: Indicator, level: str, name: str) -> str:
    """'Contacten: 57,5 per 1.000 inwoners in de wijk Nieuwland, hoger dan in de hele gemeente (45,2).'
    (Markdown: labels and names come from the data)."""
    i = indicator
    values = {"label": md(i.label), "place": in_area(level, name)}
    if i.empty:
        return _("{label}: {empty} {place}.").format(empty=i.empty, **values)
    if i.area is None:
        if i.base_text:
            return _("{label}: {place} {hidden} ({base}).").format(hidden=compare.hidden_figure(), base=i.base_text, **values)
        return _("{label}: {place} {hidden}.").format(hidden=compare.hidden_figure(), **values)
    values |= {"value": i.shown(i.area), "whole": i.text(i.municipality)}
    if i.municipality is None:
        return _("{label}: {value} {place}; de hele gemeente: {hidden}.").format(hidden=compare.hidden_figure(), **values)
    verdict = i.verdict()
    if verdict.direction == compare.HIGHER:
        return _("{label}: {value} {place}, hoger dan in de hele gemeente ({whole}).").format(**values)
    if verdict.direction == compare.LOWER:
        return _("{label}: {value} {place}, lager dan in de hele gemeente ({whole}).").format(**values)
    if verdict.reason == compare.OVERLAP:
        return _("{label}: {value} {place}, geen duidelijk verschil met de hele gemeente ({whole}): de "
                 "95%-intervallen overlappen.").format(**values)
    if verdict.reason in (compare.TOO_FEW, compare.HIDDEN):  # a hidden base: fewer cases than can be published
        if i.base_text:
            return _("{label}: {value} {place} ({base}) en {whole} in de hele gemeente; {too_few}.").format(
                base=i.base_text, too_few=compare.too_few(), **values)
        return _("{label}: {value} {place} en {whole} in de hele gemeente; {too_few}.").format(too_few=compare.too_few(), **values)
    return _("{label}: {value} {place}, ongeveer gelijk aan de hele gemeente ({whole}).").format(**values)


def comparison(indicator: Indicator) -> str:
    """The verdict in a word or two, for the table."""
    i = indicator
    if i.empty:
        return i.empty
    if i.area is None or i.municipality is None:
        return _("niet getoond")
    verdict = i.verdict()
    if verdict.named:
        return _("hoger") if verdict.direction == compare.HIGHER else _("lager")
    few = _("te weinig om te vergelijken")
    return {compare.OVERLAP: _("geen duidelijk verschil"), compare.TOO_FEW: few, compare.HIDDEN: few}.get(
        verdict.reason, _("ongeveer gelijk"))


# Indicators from published results

def contacts(area: KeyFigures, whole: KeyFigures) -> list[Indicator]:
    group = _("Contacten")
    mine, all_ = area.value("contacts"), whole.value("contacts")
    empty = _("geen contacten") if mine == 0 else ""
    base = {"area_base": mine, "municipality_base": all_, "empty": empty,
            "base_text": ngettext("{n} contact", "{n} contacten", mine or 0).format(n=fmt.number(mine)) if mine else ""}
    indicators = [
        Indicator(group, _("Contacten"), RATE, area.contacts_per_1000, whole.contacts_per_1000,
                  unit=rates.unit(area.base), **base),
        Indicator(group, _("Afgehandeld met een korte interventie"), SHARE,
                  area.share("short_interventions"), whole.share("short_interventions"), **base),
        Indicator(group, _("Werd een dossier"), SHARE, area.share("dossiers"), whole.share("dossiers"), **base),
    ]
    # Within one theme every theme share is 100%: its life domains are the breakdown then, unless the
    # theme holds a single one (that too would be 100%).
    measure = "question_type" if whole.theme is not None else "theme"
    parts = whole.parts(measure)
    for row in (parts if len(parts) > 1 else parts.iloc[0:0]).to_dict("records"):
        indicators.append(Indicator(
            _("Waarover gingen de vragen?"), _("Aandeel {theme}").format(theme=lower_first(str(row[i18n.label_column()]))),
            SHARE, area.share(measure, row["code"]), whole.share(measure, row["code"]), **base))
    return indicators


def _started(n: int | None) -> str:
    return _("{n} gestart").format(n=fmt.number(n))


def waits(area: pd.DataFrame, whole: pd.DataFrame, services: pd.DataFrame) -> list[Indicator]:
    """Per service the share helped within its norm, over the whole period (``waits.waits`` rows),
    with the number of people whose help started under it."""
    mine, all_ = (frame[frame["kind"] == "total"].set_index("service") for frame in (area, whole))
    indicators = []
    for row in services.to_dict("records"):
        if row["code"] not in all_.index:
            continue
        started = _value(mine, row["code"], "started")
        nobody = row["code"] in mine.index and started == 0 and not mine.loc[row["code"], "started_status"]
        indicators.append(Indicator(
            _("Wachttijden"), _("{service}, binnen {norm}").format(service=row[i18n.label_column()], norm=_weeks(row["norm_days"])),
            SHARE, _value(mine, row["code"], "share"), _value(all_, row["code"], "share"),
            area_base=started, municipality_base=_value(all_, row["code"], "started"), decimals=0,
            base_text=_started(started) if started else "", empty=_("niemand gestart") if nobody else ""))
    return indicators


def survey(results: pd.DataFrame, area_code: str, municipality_code: str, questions: pd.DataFrame, group: str) -> list[Indicator]:
    """Per question the area's score (share agreeing, or mean mark) against the municipality's, with
    their 95% intervals (``surveys.results`` rows of one wave)."""
    by = results.set_index(["code", "question"])
    indicators = []
    for row in questions.to_dict("records"):
        area, whole = _score(by, area_code, row["code"]), _score(by, municipality_code, row["code"])
        if area is None and whole is None:
            continue
        share = row["scale"] == "eens"
        indicators.append(Indicator(
            group, row[i18n.label_column()], SCORE, _first(area), _first(whole), decimals=0 if share else 1,
            area_interval=area[1:] if area else None, municipality_interval=whole[1:] if whole else None,
            as_percent=share, mark=not share))
    return indicators


def caseload(area: TeamFigures, whole: TeamFigures, team_code: str) -> list[Indicator]:
    """Open dossiers per FTE at the end of the period, and the share of households with problems on
    several life domains that have one plan: the team's against all teams together."""
    mine = area.summary.set_index("team_code")
    all_ = whole.summary.set_index("team_code")
    dossiers = _value(mine, team_code, "open_dossiers")
    households = _value(mine, team_code, "multi_problem")
    label = (_("Open dossiers per fte (norm {norm})").format(norm=fmt.number(whole.norm.value, 0)) if whole.norm
             else _("Open dossiers per fte"))
    return [
        Indicator(_("Werkdruk"), label, RATE, _value(mine, team_code, "caseload"), _value(all_, ALL_TEAMS, "caseload"),
                  area_base=dossiers, municipality_base=_value(all_, ALL_TEAMS, "open_dossiers"),
                  base_text=ngettext("{n} open dossier", "{n} open dossiers", int(dossiers or 0)).format(n=fmt.number(dossiers))
                  if dossiers else ""),
        Indicator(_("Werkdruk"), _("Huishoudens met meervoudige problemen met één plan"), SHARE,
                  _value(mine, team_code, "integrated_share"), _value(all_, ALL_TEAMS, "integrated_share"),
                  area_base=households, municipality_base=_value(all_, ALL_TEAMS, "multi_problem"), decimals=0,
                  base_text=ngettext("{n} huishouden", "{n} huishoudens", int(households or 0)).format(n=fmt.number(households))
                  if households else ""),
    ]


def _weeks(days: int) -> str:
    days = int(days)
    if days % 7 == 0:
        return ngettext("{n} week", "{n} weken", days // 7).format(n=days // 7)
    return ngettext("{n} dag", "{n} dagen", days).format(n=days)


def _value(frame: pd.DataFrame, key, column: str) -> float | None:
    if key not in frame.index:
        return None
    return fmt.optional(frame.loc[key, column])


def _first(score: tuple | None) -> float | None:
    return score[0] if score else None


def _score(by: pd.DataFrame, code: str, question: str) -> tuple[float, float, float] | None:
    if (code, question) not in by.index:
        return None
    row = by.loc[(code, question)]
    if not row["shown"]:
        return None
    return float(row["value"]), float(row["low"]), float(row["high"])


# Sections: what the page shows, in order

@dataclass(frozen=True)
class Section:
    title: str
    indicators: list[Indicator]
    level: str  # the area the indicators describe: the chosen one, or its team area
    name: str
    note: str = ""  # Markdown

    def lines(self) -> str:
        """The section's sentences as a Markdown list."""
        return "\n".join(f"- {sentence(i, self.level, self.name)}" for i in self.indicators)


def can_compare(level: str, is_municipality: bool) -> bool:
    """The profile compares a district or a team area with the whole municipality."""
    return not is_municipality and level in ("team", "district")


def choose_note() -> str:
    return _("Kies een wijk of wijkteamgebied om het met de hele gemeente te vergelijken.")


def team_of(area_list: pd.DataFrame, area_code: str, level: str) -> str | None:
    """The team area whose workload and surveys describe the area (``area_list`` indexed by code):
    a team area itself, a district's team, or None."""
    team = area_code if level == "team" else area_list.loc[area_code, "team_code"]
    return team if isinstance(team, str) else None


def last_wave(waves: list[int], period_last: date) -> int | None:
    """The newest wave held by the end of the period."""
    held = [w for w in waves if w <= period_last.year]
    return held[-1] if held else None


def contacts_section(area: KeyFigures, whole: KeyFigures, level: str, name: str) -> Section:
    return Section(_("Contacten en vragen"), contacts(area, whole), level, name)


def waits_section(area: pd.DataFrame, whole: pd.DataFrame, services: pd.DataFrame, level: str, name: str) -> Section:
    return Section(_("Wachttijden"), waits(area, whole, services), level, name,
                   _("Aandeel mensen dat binnen de norm werd geholpen, over de hele periode."))


def survey_section(title: str, results: pd.DataFrame, questions: pd.DataFrame, wave: int, team_code: str,
                   team_name: str, municipality_code: str, through_team: bool) -> Section:
    """One survey's wave: the team area against the municipality. ``through_team``: the chosen area
    is a district, shown through its team area."""
    note = (_("Peiling {wave}, van het wijkteamgebied {team}; een verschil telt pas als de 95%-intervallen niet "
              "overlappen.") if through_team else
            _("Peiling {wave}; een verschil telt pas als de 95%-intervallen niet overlappen.")).format(wave=wave, team=md(team_name))
    return Section(title, survey(results, team_code, municipality_code, questions, title), "team", team_name, note)


def workload_section(area: TeamFigures, whole: TeamFigures, team_code: str, team_name: str, period_last: date,
                     through_team: bool) -> Section:
    note = (_("Stand eind {month}, van het wijkteamgebied {team}.") if through_team else _("Stand eind {month}.")).format(
        month=fmt.month(period_last), team=md(team_name))
    return Section(_("Werkdruk"), caseload(area, whole, team_code), "team", team_name, note)


def table(sections: list[Section], municipality_name: str) -> pd.DataFrame:
    """Every indicator with the area it describes, in one table (``views.cells``: text on screen,
    numbers in a file; a share's label ends in "(%)", as in every file)."""
    rows = [(i, s.name) for s in sections for i in s.indicators]
    return pd.DataFrame(
        {
            _("Onderwerp"): [i.group for i, _who in rows],
            _("Indicator"): [_label(i) for i, _who in rows],
            _("Gebied"): [who for _i, who in rows],
            _("Waarde"): [_cell(i, i.area) for i, _who in rows],
            municipality_name: [_cell(i, i.municipality) for i, _who in rows],
            _("Vergelijking"): [comparison(i) for i, _who in rows],
        }
    ).astype(object)


def _cell(i: Indicator, value) -> cells.Cell:
    if i.kind == SHARE or i.as_percent:
        return cells.share(value, i.decimals)
    return cells.decimal(value, i.decimals)


def _label(i: Indicator) -> str:
    unit = _("rapportcijfer") if i.mark else "%" if i.kind == SHARE or i.as_percent else i.unit
    return _("{label} ({unit})").format(label=i.label, unit=unit) if unit else i.label


def explanation() -> str:
    """Under the table: when a difference is named, and what the other verdicts mean."""
    return _("Hoger of lager noemen we een verschil pas als beide cijfers op minstens {min} waarnemingen rusten en "
             "ze minstens {relative} van elkaar verschillen (aandelen: minstens {points} procentpunt), meer dan de "
             "bescherming van kleine aantallen alleen kan veroorzaken; enquêtescores "
             "als hun 95%-intervallen niet overlappen. Ongeveer gelijk: een kleiner verschil. Te weinig om te "
             "vergelijken: het cijfer is getoond, maar rust op minder dan {min} waarnemingen. Niet getoond: het "
             "cijfer rust op te weinig waarnemingen om te publiceren.").format(
        min=compare.MIN_BASE, relative=fmt.percent(compare.RELATIVE, 0), points=fmt.number(compare.POINTS * 100))
