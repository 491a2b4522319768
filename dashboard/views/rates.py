"""How a rate per 1,000 says what it counts per: inhabitants, or young people aged 0 to 17 for a
theme whose population base is youth (``queries/rates.py``; data/themes.csv). Every rate on screen,
in a table, a chart or a sentence names its base through these words, so a youth rate is never
read as one per inhabitant."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import _
from queries.rates import INHABITANTS, YOUTH


def of(frame: pd.DataFrame) -> str:
    """The base of published rows (``contacts.by_area``, ``contacts.monthly_rate``)."""
    if "base" in frame.columns and len(frame):
        return str(frame["base"].iloc[0])
    return INHABITANTS


def unit(base: str) -> str:
    """After a number: '57,5 per 1.000 inwoners'."""
    return _("per 1.000 jongeren (0–17 jaar)") if base == YOUTH else _("per 1.000 inwoners")


def heading(base: str) -> str:
    """A column, tile or button: 'Per 1.000 inwoners'."""
    return _("Per 1.000 jongeren (0–17 jaar)") if base == YOUTH else _("Per 1.000 inwoners")


def contacts_per(base: str) -> str:
    """Inside a sentence or an axis: 'contacten per 1.000 inwoners'."""
    return _("contacten per 1.000 jongeren (0–17 jaar)") if base == YOUTH else _("contacten per 1.000 inwoners")


def title(base: str) -> str:
    """A map or chart title: 'Contacten per 1.000 inwoners'."""
    return _("Contacten per 1.000 jongeren (0–17 jaar)") if base == YOUTH else _("Contacten per 1.000 inwoners")


def population(base: str) -> str:
    """The column of the population a rate is taken of."""
    return _("Jongeren (0–17 jaar)") if base == YOUTH else _("Inwoners")


def explanation(base: str) -> str:
    """What the rate is, for a tile's help text."""
    if base == YOUTH:
        return _("Contacten in de periode per 1.000 jongeren van 0 tot en met 17 jaar in het gebied.")
    return _("Contacten in de periode per 1.000 inwoners van het gebied.")
