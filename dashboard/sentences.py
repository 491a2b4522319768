"""Sentences an alderman can say out loud, built only from published figures.

Each returns Markdown: names of areas, teams and categories go in through ``literal.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dashboard import format as fmt
from dashboard.literal import md
from queries.contacts import KeyFigures
from queries.questions import QuestionFigures
from queries.teams import ALL_TEAMS, TeamFigures

if TYPE_CHECKING:
    from dashboard.filters import Filters


def area_phrase(level: str, name: str) -> str:
    """How a sentence names an area; ``name`` as given, the phrase as Markdown."""
    name = md(name)
    return {
        "municipality": f"van {name}",
        "team": f"in het werkgebied van {name}",
        "district": f"van de wijk {name}",
        "neighbourhood": f"van de buurt {name}",
    }[level]


def overview(figures: KeyFigures, year_earlier: KeyFigures | None, selection: Filters) -> str:
    name = md(selection.area_name)
    where = area_phrase(selection.area_level, selection.area_name)
    when = fmt.period(figures.period)
    about = f" over {md(selection.theme_label.lower())}" if selection.theme else ""
    how = f" ({md(selection.channel_label.lower())})" if selection.channel else ""
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
            f"{fmt.percent(share)} van de vragen ging over {md(first['label_nl'].lower())} of {md(second['label_nl'].lower())}."
        )
    return " ".join(sentences)


# Question types and the teams' workload (pages Hulpvragen and Teams)

OTHER_THEME = "overig"


def _lower(label: str) -> str:
    """'Activiteiten dagelijks leven (ADL)' -> 'activiteiten dagelijks leven (ADL)': only the first
    letter; as Markdown, since it only goes into sentences."""
    return md(label[:1].lower() + label[1:])


def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def questions(figures: QuestionFigures, selection: Filters) -> str:
    """The largest themes (or life domains), the biggest changes against a year earlier, and where a
    question most often became a dossier."""
    rows = figures.per_category[figures.per_category["code"] != ""]
    total = figures.per_category["contacts_now"].iloc[-1]
    when = fmt.period(figures.period)
    where = area_phrase(selection.area_level, selection.area_name)
    if not _known(total) or not total:
        return (f"In {when} waren er zo weinig vragen {where} dat we ze niet per thema tonen, om te voorkomen "
                "dat personen herkenbaar worden.")
    # "Other life domains" gathers many small domains; the headline themes are what the council asks about.
    named = rows if selection.theme else rows[rows["code"] != OTHER_THEME]
    ranked = named[named["share_now"].notna()].sort_values("contacts_now", ascending=False)
    sentences = []
    if len(rows) == 1 and len(ranked):
        sentences.append(f"In {when} waren er {where} {fmt.number(int(total))} vragen over {_lower(ranked.iloc[0]['label_nl'])}.")
    elif len(ranked):
        parts = [f"{fmt.percent(r['share_now'])} over {_lower(r['label_nl'])} ({fmt.number(int(r['contacts_now']))})"
                 for _, r in ranked.head(2).iterrows()]
        sentences.append(f"Van de {fmt.number(int(total))} vragen {where} in {when} ging {' en '.join(parts)}.")
    if figures.earlier is None:
        sentences.append("Van een jaar eerder zijn er geen gegevens om mee te vergelijken.")
    else:
        both = rows[rows["contacts_now"].notna() & rows["contacts_earlier"].notna() & (rows["contacts_earlier"] > 0)]
        change = (both["contacts_now"] / both["contacts_earlier"] - 1).astype(float)
        than = f"dan in {fmt.period(figures.earlier)}"
        if len(both) and change.max() > 0:
            up = both.loc[change.idxmax()]
            sentences.append(
                f"Het sterkst gestegen: vragen over {_lower(up['label_nl'])}, {fmt.percent(change.max())} meer {than} "
                f"({fmt.number(int(up['contacts_earlier']))} → {fmt.number(int(up['contacts_now']))})."
            )
        if len(both) and change.min() < 0:
            down = both.loc[change.idxmin()]
            sentences.append(
                f"Het sterkst gedaald: vragen over {_lower(down['label_nl'])}, {fmt.percent(-change.min())} minder "
                f"({fmt.number(int(down['contacts_earlier']))} → {fmt.number(int(down['contacts_now']))})."
            )
    dossiers = rows[rows["dossier_share_now"].notna()]
    if len(dossiers) > 1:
        most = dossiers.loc[dossiers["dossier_share_now"].astype(float).idxmax()]
        sentences.append(
            f"Vragen over {_lower(most['label_nl'])} werden het vaakst een dossier: {fmt.percent(most['dossier_share_now'])}."
        )
    return " ".join(sentences)


def teams(figures: TeamFigures, names: dict) -> str:
    """Caseload at the end of the period against the norm, and the share with one integrated plan."""
    s = figures.summary.set_index("team_code")
    month = fmt.month(figures.period.last)
    norm = figures.norm
    scope = ALL_TEAMS if figures.has_total else s.index[0]
    row = s.loc[scope]
    who = f"de {len(s) - 1} wijkteams samen" if figures.has_total else md(names[scope])
    if not _known(row["caseload"]):
        return f"Voor {month} is de caseload van {who} niet te tonen."
    sentences = [
        f"Eind {month} {'hadden' if figures.has_total else 'had'} {who} {fmt.number(int(row['open_dossiers']))} open dossiers op "
        f"{fmt.number(float(row['fte']), 1)} fte: {fmt.number(float(row['caseload']), 1)} dossiers per fte"
    ]
    if norm:
        norm_text = f"de norm van {fmt.number(norm.value)} per fte"
        sentences[0] += f", {'boven' if row['over_norm'] else 'binnen'} {norm_text}."
        if figures.has_total:
            over = s[(s.index != ALL_TEAMS) & s["over_norm"].astype(bool)].sort_values("caseload", ascending=False)
            if len(over):
                listed = ", ".join(f"{md(names[c])} ({fmt.number(float(v), 1)})" for c, v in over["caseload"].items())
                sentences.append(f"{len(over)} van de {len(s) - 1} teams zaten erboven: {listed}.")
            else:
                sentences.append("Geen enkel team zat erboven.")
        else:
            months = figures.period.months
            sentences.append(f"In {row['months_over_norm']} van de {months} maanden lag de caseload boven de norm.")
    else:
        sentences[0] += "."
    if _known(row["integrated_share"]):
        sentences.append(
            f"Van de {fmt.number(int(row['multi_problem']))} huishoudens met problemen op meer levensgebieden had "
            f"{fmt.percent(row['integrated_share'])} één plan met één regisseur."
        )
    return " ".join(sentences)
