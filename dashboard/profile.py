"""The district profile: every indicator of one area beside the municipality's, and a sentence
saying whether it is higher or lower. Pure functions on query-layer results, no Streamlit.

A difference is only called one when it is worth saying out loud: rates within 5% of each other
and shares within 2 percentage points are "about the same", and survey scores whose 95% intervals
overlap show "no clear difference".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import format as fmt
from dashboard.literal import md
from queries.contacts import KeyFigures
from queries.surveys import difference
from queries.teams import ALL_TEAMS, TeamFigures

RATE_MARGIN = 0.05  # relative
SHARE_MARGIN = 0.02  # absolute: two percentage points


@dataclass(frozen=True)
class Indicator:
    group: str
    label: str
    kind: str  # "rate", "share" or "score" (with intervals)
    area: float | None
    municipality: float | None
    decimals: int = 1
    area_interval: tuple[float, float] | None = None
    municipality_interval: tuple[float, float] | None = None
    unit: str = ""  # after a rate: "per 1.000 inwoners"
    higher_is: str = "hoger"  # how to say "higher" for this indicator ("meer", …)
    lower_is: str = "lager"
    as_percent: bool = False  # a score that is a share agreeing

    def text(self, value: float | None) -> str:
        if value is None:
            return fmt.MISSING
        if self.kind == "share" or self.as_percent:
            return fmt.percent(value, self.decimals)
        return fmt.number(value, self.decimals)


def sentence(indicator: Indicator, area_name: str) -> str:
    """'Nieuwland: 57,5 contacten per 1.000 inwoners, hoger dan de hele gemeente (45,2).' (Markdown:
    labels and names come from the data)."""
    i = indicator
    label, area_name = md(i.label), md(area_name)
    if i.area is None or i.municipality is None:
        return f"{label}: niet te vergelijken, want er zijn te weinig waarnemingen om een cijfer te tonen."
    unit = f" {i.unit}" if i.unit else ""
    shown = f"{label}: {i.text(i.area)}{unit} in {area_name}"
    whole = f"de hele gemeente ({i.text(i.municipality)})"
    verdict = compare(i)
    if verdict == 0:
        word = "geen duidelijk verschil met" if i.kind == "score" else "ongeveer gelijk aan"
        return f"{shown}, {word} {whole}."
    return f"{shown}, {i.higher_is if verdict > 0 else i.lower_is} dan {whole}."


def compare(indicator: Indicator) -> int:
    """1 when the area is clearly above the municipality, -1 clearly below, 0 otherwise."""
    i = indicator
    if i.kind == "score":
        if not i.area_interval or not i.municipality_interval:
            return 0
        return difference(*i.area_interval, *i.municipality_interval)
    gap = i.area - i.municipality
    margin = SHARE_MARGIN if i.kind == "share" else RATE_MARGIN * abs(i.municipality)
    return 0 if abs(gap) < margin else 1 if gap > 0 else -1


def contacts(area: KeyFigures, whole: KeyFigures) -> list[Indicator]:
    group = "Contacten"
    indicators = [
        Indicator(group, "Contacten", "rate", area.contacts_per_1000, whole.contacts_per_1000,
                  unit="per 1.000 inwoners", higher_is="meer", lower_is="minder"),
        Indicator(group, "Afgehandeld met een korte interventie", "share",
                  area.share("short_interventions"), whole.share("short_interventions")),
        Indicator(group, "Werd een dossier", "share", area.share("dossiers"), whole.share("dossiers")),
    ]
    themes = whole.parts("theme") if whole.theme is None else whole.parts("theme").iloc[0:0]  # one theme: all 100%
    for row in themes.itertuples():
        indicators.append(
            Indicator("Waarover gingen de vragen?", f"Aandeel {row.label_nl.lower()}", "share",
                      area.share("theme", row.code), whole.share("theme", row.code))
        )
    return indicators


def waits(area: pd.DataFrame, whole: pd.DataFrame, services: pd.DataFrame) -> list[Indicator]:
    """Per service the share helped within its norm, over the whole period (``waits.waits`` rows)."""
    mine, all_ = (frame[frame["kind"] == "total"].set_index("service") for frame in (area, whole))
    return [
        Indicator("Wachttijden", f"{row.label_nl}, binnen {_days(row.norm_days)}", "share",
                  _value(mine, row.code, "share"), _value(all_, row.code, "share"), decimals=0)
        for row in services.itertuples()
        if row.code in all_.index
    ]


def survey(results: pd.DataFrame, area_code: str, municipality_code: str, questions: pd.DataFrame, group: str) -> list[Indicator]:
    """Per question the area's score (share agreeing, or mean mark) against the municipality's, with
    their 95% intervals (``surveys.results`` rows of one wave)."""
    by = results.set_index(["code", "question"])
    indicators = []
    for row in questions.itertuples():
        area, whole = _score(by, area_code, row.code), _score(by, municipality_code, row.code)
        if area is None and whole is None:
            continue
        share = row.scale == "eens"
        indicators.append(
            Indicator(group, row.label_nl, "score", _first(area), _first(whole), decimals=0 if share else 1,
                      area_interval=area[1:] if area else None, municipality_interval=whole[1:] if whole else None,
                      unit="" if share else "(rapportcijfer)", as_percent=share)
        )
    return indicators


def caseload(area: TeamFigures, whole: TeamFigures, team_code: str) -> list[Indicator]:
    """Open dossiers per FTE at the end of the period: the team's against all teams together."""
    mine = area.summary.set_index("team_code")
    all_ = whole.summary.set_index("team_code")
    value = _value(mine, team_code, "caseload")
    total = _value(all_, ALL_TEAMS, "caseload")
    norm = f" (norm {fmt.number(whole.norm.value, 0)})" if whole.norm else ""
    return [
        Indicator("Werkdruk", f"Open dossiers per fte{norm}", "rate", value, total, higher_is="hoger", lower_is="lager"),
        Indicator("Werkdruk", "Huishoudens met meervoudige problemen met één plan", "share",
                  _value(mine, team_code, "integrated_share"), _value(all_, ALL_TEAMS, "integrated_share"), decimals=0),
    ]


def _days(days: int) -> str:
    return f"{days // 7} weken" if days % 7 == 0 else f"{days} dagen"


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


def table(rows: list[tuple[Indicator, str]], municipality_name: str, for_screen: bool) -> pd.DataFrame:
    """Every indicator with the area it describes, in one table: on screen as Dutch text, for
    download as numbers (shares in percent)."""
    def cell(i: Indicator, value):
        if for_screen or value is None:
            return i.text(value)
        return round(value * 100, 1) if i.kind == "share" or i.as_percent else round(value, 2)

    return pd.DataFrame(
        {
            "Onderwerp": [i.group for i, _ in rows],
            "Indicator": [_label(i, for_screen) for i, _ in rows],
            "Gebied": [who for _, who in rows],
            "Waarde": [cell(i, i.area) for i, _ in rows],
            municipality_name: [cell(i, i.municipality) for i, _ in rows],
            "Vergelijking": [_verdict(i) for i, _ in rows],
        }
    ).astype(object)


def _label(i: Indicator, for_screen: bool) -> str:
    unit = i.unit.strip("()")
    if not for_screen and (i.kind == "share" or i.as_percent):
        unit = "%"
    return f"{i.label} ({unit})" if unit else i.label


def _verdict(i: Indicator) -> str:
    if i.area is None or i.municipality is None:
        return "niet te vergelijken"
    verdict = compare(i)
    if verdict == 0:
        return "geen duidelijk verschil" if i.kind == "score" else "ongeveer gelijk"
    return i.higher_is if verdict > 0 else i.lower_is
