"""The reference categories in display order: themes, question types, channels, services."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from queries.database import Database
from queries.schema import channel, question_type, service, theme, theme_service


def themes(db: Database) -> pd.DataFrame:
    """The headline themes with the population their rates count per 1,000 of (``population_base``)."""
    return db.read(select(theme.c.code, theme.c.label_nl, theme.c.label_en, theme.c.population_base)
                   .order_by(theme.c.sort_order))


def question_types(db: Database) -> pd.DataFrame:
    """Life domains with the theme each belongs to."""
    return db.read(
        select(question_type.c.code, question_type.c.label_nl, question_type.c.label_en, question_type.c.theme_code)
        .join(theme, theme.c.code == question_type.c.theme_code)
        .order_by(theme.c.sort_order, question_type.c.sort_order)
    )


def channels(db: Database) -> pd.DataFrame:
    return db.read(select(channel.c.code, channel.c.label_nl, channel.c.label_en).order_by(channel.c.sort_order))


def services(db: Database, theme_code: str | None = None) -> pd.DataFrame:
    """Services with their waiting-time norm and its source; with a theme, only that theme's
    (``theme_service``)."""
    query = select(service).order_by(service.c.sort_order)
    if theme_code is not None:
        query = query.where(service.c.code.in_(
            select(theme_service.c.service_code).where(theme_service.c.theme_code == theme_code)))
    return db.read(query)
