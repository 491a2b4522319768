"""Sentences an alderman can say out loud, built only from published figures."""

from __future__ import annotations

from dashboard import format as fmt
from typing import TYPE_CHECKING

from queries.contacts import KeyFigures

if TYPE_CHECKING:
    from dashboard.filters import Filters


def area_phrase(level: str, name: str) -> str:
    return {
        "municipality": f"van {name}",
        "team": f"in het werkgebied van {name}",
        "district": f"van de wijk {name}",
        "neighbourhood": f"van de buurt {name}",
    }[level]


def overview(figures: KeyFigures, year_earlier: KeyFigures | None, selection: Filters) -> str:
    name = selection.area_name
    where = area_phrase(selection.area_level, name)
    when = fmt.period(figures.period)
    about = f" over {selection.theme_label.lower()}" if selection.theme else ""
    how = f" ({selection.channel_label.lower()})" if selection.channel else ""
    contacts = figures.value("contacts")
    if contacts is None:
        return (
            f"In {when} waren er in {name} zo weinig contacten met de wijkteams{about} dat we de "
            "aantallen niet tonen, om te voorkomen dat personen herkenbaar worden."
        )
    sentences = [f"In {when} namen inwoners {where} {fmt.number(contacts)} keer contact op met de wijkteams{about}{how}"]
    earlier = year_earlier.value("contacts") if year_earlier else None
    if earlier:
        change = contacts / earlier - 1
        direction = "meer" if change > 0 else "minder"
        sentences[0] += (
            f", {fmt.percent(abs(change))} {direction} dan een jaar eerder" if round(change, 3) else ", evenveel als een jaar eerder"
        )
    sentences[0] += "."
    dossiers = figures.value("dossiers")
    if dossiers is not None:
        sentences.append(
            f"Bij {fmt.number(dossiers)} contacten ({fmt.percent(figures.share('dossiers'))}) was een korte interventie "
            "niet genoeg en werd een dossier geopend."
        )
    themes = figures.parts("theme").dropna(subset=["value"])
    themes = themes[themes["code"] != "overig"].sort_values("value", ascending=False)
    if not selection.theme and len(themes) >= 2 and themes["value"].iloc[0] > 0:
        first, second = themes.iloc[0], themes.iloc[1]
        share = figures.share("theme", first["code"]) + figures.share("theme", second["code"])
        sentences.append(
            f"{fmt.percent(share)} van de vragen ging over {first['label_nl'].lower()} of {second['label_nl'].lower()}."
        )
    return " ".join(sentences)
