"""How an area is named: in lists and titles ("Wijk Oost"), and inside a sentence ("in de wijk
Oost"). Names come from the data: sentence phrases are Markdown, made safe with ``literal.md``."""

from __future__ import annotations

from dashboard.i18n import _
from dashboard.literal import md


def area_label(level: str, name: str) -> str:
    """'Hele gemeente Schiedam', 'WOT Oost', 'Wijk Oost', 'Buurt Kethel' (plain text)."""
    template = {
        "municipality": _("Hele gemeente {name}"),
        "district": _("Wijk {name}"),
        "neighbourhood": _("Buurt {name}"),
    }.get(level, "{name}")
    return template.format(name=name)


def in_area(level: str, name: str) -> str:
    """'in Schiedam', 'in het werkgebied van WOT Oost', 'in de wijk Oost' (Markdown)."""
    template = {
        "team": _("in het werkgebied van {name}"),
        "district": _("in de wijk {name}"),
        "neighbourhood": _("in de buurt {name}"),
    }.get(level, _("in {name}"))
    return template.format(name=md(name))


def of_area(level: str, name: str) -> str:
    """'van Schiedam', 'uit het werkgebied van WOT Oost', 'uit de wijk Oost' (Markdown): who the
    inhabitants are."""
    template = {
        "team": _("uit het werkgebied van {name}"),
        "district": _("uit de wijk {name}"),
        "neighbourhood": _("uit de buurt {name}"),
    }.get(level, _("uit {name}"))
    return template.format(name=md(name))
