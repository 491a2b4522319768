"""Areas: the municipality, its team areas, districts and neighbourhoods."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from queries.database import Database, DatabaseError
from queries.messages import N_
from queries.schema import area, area_ancestor, area_population


def home_municipality(db: Database) -> str:
    """The code of the municipality the database describes (the one with areas beneath it)."""
    children = select(area.c.parent_code).where(area.c.parent_code.is_not(None))
    codes = db.read(select(area.c.code).where(area.c.level == "municipality", area.c.code.in_(children)))
    if len(codes) != 1:
        raise DatabaseError(N_("de database moet precies één gemeente beschrijven, maar beschrijft er {found}"), found=len(codes))
    return str(codes["code"].iloc[0])


def areas(db: Database) -> pd.DataFrame:
    """The home municipality and every area beneath it, in display order: the municipality, then each
    team area followed by its districts (and their neighbourhoods)."""
    home = home_municipality(db)
    frame = db.read(
        select(
            area.c.code,
            area.c.name,
            area.c.level,
            area.c.parent_code,
            area.c.team_code,
            area.c.centroid_lon,
            area.c.centroid_lat,
        )
        .join(area_ancestor, area_ancestor.c.area_code == area.c.code)
        .where(area_ancestor.c.ancestor_code == home)
        .order_by(area.c.code)
    )
    return frame.iloc[_display_order(frame)].reset_index(drop=True)


def _display_order(frame: pd.DataFrame) -> list[int]:
    position = {code: i for i, code in enumerate(frame["code"])}
    level = dict(zip(frame["code"], frame["level"]))
    name = dict(zip(frame["code"], frame["name"]))
    children: dict[str | None, list[str]] = {}
    for row in frame.itertuples():
        # Districts are listed under their team area; team areas and unassigned districts under the municipality.
        holder = row.team_code if row.level == "district" and row.team_code else row.parent_code
        children.setdefault(holder, []).append(row.code)

    order: list[int] = []

    def visit(code: str) -> None:
        order.append(position[code])
        for child in sorted(children.get(code, []), key=lambda c: (level[c] != "team", name[c])):
            visit(child)

    for root in frame.loc[frame["level"] == "municipality", "code"]:
        visit(root)
    return order


def team_of_area():
    """Subquery (area_code, team_code): the team area above each area that has one."""
    team = area.alias("team")
    return (
        select(area_ancestor.c.area_code, area_ancestor.c.ancestor_code.label("team_code"))
        .join(team, team.c.code == area_ancestor.c.ancestor_code)
        .where(team.c.level == "team")
        .subquery("team_of_area")
    )


def shapes(db: Database, level: str) -> pd.DataFrame:
    """The home municipality's areas at ``level`` with their shape (GeoJSON), label point and source."""
    return db.read(
        select(area.c.code, area.c.name, area.c.geometry, area.c.geometry_source, area.c.centroid_lon, area.c.centroid_lat)
        .join(area_ancestor, area_ancestor.c.area_code == area.c.code)
        .where(area_ancestor.c.ancestor_code == home_municipality(db), area.c.level == level)
        .order_by(area.c.name)
    )


def inhabitants(db: Database, year: int) -> pd.Series:
    """Inhabitants per area code in ``year`` (or the latest year before it that is known)."""
    return population(db, year, "inhabitants")


def population(db: Database, year: int, base: str) -> pd.Series:
    """The population ``base`` (a column of area_population: inhabitants, youth_0_17) per area code
    in ``year``, or in the latest year before it in which that column is known.

    An area's own figure when it has one, else the sum of its parts: the district figures add
    up to a team area, and a municipality with figures for both districts and neighbourhoods is
    not counted twice. An area whose parts are not all known has none.
    """
    column = area_population.c[base]
    latest = (select(func.max(area_population.c.year))
              .where(area_population.c.year <= year, column.is_not(None)).scalar_subquery())
    known = db.read(
        select(area_population.c.area_code, column.label("people"))
        .where(area_population.c.year == latest, column.is_not(None))
    ).set_index("area_code")["people"]
    tree = areas(db)
    children: dict[str, list[str]] = {}
    for row in tree.itertuples():
        holder = row.team_code if row.level == "district" and row.team_code else row.parent_code
        children.setdefault(holder, []).append(row.code)

    def count(code: str) -> int | None:
        if code in known.index:
            return int(known[code])
        parts = [count(child) for child in children.get(code, [])]
        return sum(parts) if parts and None not in parts else None

    return pd.Series({code: count(code) for code in tree["code"]}, dtype="Int64")
