"""Reference data shipped as readable files in data/: areas, categories, services with their norms,
survey questions and peer groups. A municipality edits these files, not the code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import delete, insert
from sqlalchemy.engine import Connection

from queries import schema
from queries.config import DATA_DIR
from queries.database import DatabaseError
from queries.messages import N_

# Loaded in this order so that foreign keys are satisfied; deleted in the reverse order.
REFERENCE_FILES = {
    "themes.csv": schema.theme,
    "question_types.csv": schema.question_type,
    "channels.csv": schema.channel,
    "services.csv": schema.service,
    "theme_services.csv": schema.theme_service,
    "survey_questions.csv": schema.survey_question,
    "team_norms.csv": schema.team_norm,
}


def read_csv(path: Path) -> pd.DataFrame:
    """A reference file as strings, with empty fields as None."""
    frame = pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8").map(str.strip)
    return frame.astype(object).where(frame != "", None)


def create_schema(connection: Connection) -> None:
    schema.metadata.create_all(connection)
    connection.execute(delete(schema.meta).where(schema.meta.c.key == "schema_version"))
    connection.execute(insert(schema.meta).values(key="schema_version", value=str(schema.SCHEMA_VERSION)))


class ReferenceDataError(DatabaseError):
    """A reference file a municipality edited refers to a code that does not exist."""


def _readable(data_dir: Path, name: str, table) -> pd.DataFrame:
    """A reference file as ``read_csv`` gives it, or one ReferenceDataError a municipality can act on:
    the file is missing, is not UTF-8, lacks a column (also what a file saved with semicolons looks
    like), leaves a required field empty or repeats a key. The database would refuse most of these
    too, but with a traceback or a constraint name nobody who edits the file can act on."""
    path = data_dir / name
    try:
        frame = read_csv(path)
    except FileNotFoundError:
        raise ReferenceDataError(N_("{file} ontbreekt in {folder}"), file=name, folder=str(data_dir)) from None
    except UnicodeDecodeError:
        raise ReferenceDataError(N_("{file} is geen UTF-8-tekst; sla het bestand op als CSV UTF-8"), file=name) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ReferenceDataError(N_("{file} is geen leesbaar CSV-bestand: {error}"), file=name, error=str(error)) from None
    required = [c.name for c in table.columns if not c.nullable]
    missing = [c for c in (c.name for c in table.columns) if c not in frame.columns]
    if missing:
        raise ReferenceDataError(N_("{file}: kolom ontbreekt: {columns}; de eerste regel moet de kolommen {expected} noemen, "
                                    "gescheiden door komma's"), file=name, columns=", ".join(missing),
                                 expected=", ".join(c.name for c in table.columns))
    for line, row in enumerate(frame[required].itertuples(index=False), start=2):
        for column, value in zip(required, row):
            if value is None:
                raise ReferenceDataError(N_("{file} regel {line}: kolom {column} is leeg"), file=name, line=line, column=column)
    key = [c.name for c in table.primary_key.columns]
    repeated = frame.duplicated(subset=key, keep="first")
    if repeated.any():
        line = int(repeated.to_numpy().nonzero()[0][0]) + 2
        raise ReferenceDataError(N_("{file} regel {line}: {code!r} staat er al eerder in"), file=name, line=line,
                                 code=", ".join(str(v) for v in frame.loc[repeated, key].iloc[0]))
    return frame


def validate_reference(data_dir: Path = DATA_DIR) -> None:
    """Raise one ReferenceDataError, naming file, line and code, for the first reference that points
    nowhere: a database would refuse it too, but with a foreign-key error nobody can act on."""
    files = {name: _readable(data_dir, name, table) for name, table in REFERENCE_FILES.items()}
    themes = files["themes.csv"]
    services = set(files["services.csv"]["code"])
    for line, row in enumerate(themes.itertuples(), start=2):
        if row.population_base not in schema.POPULATION_BASES:
            raise ReferenceDataError(N_("{file} regel {line}: onbekende bevolkingsbasis {code!r}; kies uit {known}"),
                                     file="themes.csv", line=line, code=row.population_base,
                                     known=", ".join(schema.POPULATION_BASES))
    checks = (
        ("question_types.csv", "theme_code", set(themes["code"]), "themes.csv"),
        ("theme_services.csv", "theme_code", set(themes["code"]), "themes.csv"),
        ("theme_services.csv", "service_code", services, "services.csv"),
    )
    for name, column, known, source in checks:
        for line, code in enumerate(files[name][column], start=2):
            if code not in known:
                raise ReferenceDataError(N_("{file} regel {line}: {code!r} staat niet in {source}; bekend zijn {known}"),
                                         file=name, line=line, code=code, source=source, known=", ".join(sorted(known)))
    # A theme without question types counts nothing: every page would show it empty, the demo could not fill it.
    holding = set(files["question_types.csv"]["theme_code"])
    for line, code in enumerate(themes["code"], start=2):
        if code not in holding:
            raise ReferenceDataError(N_("themes.csv regel {line}: thema {code!r} heeft geen vraagtypen in question_types.csv"),
                                     line=line, code=code)


def load_reference(connection: Connection, data_dir: Path = DATA_DIR) -> None:
    """Write every reference table from ``data_dir`` (into empty tables)."""
    validate_reference(data_dir)
    for name, table in REFERENCE_FILES.items():
        rows = read_csv(data_dir / name).to_dict("records")
        connection.execute(insert(table), rows)
    areas = read_csv(data_dir / "areas.csv")
    peers = read_csv(data_dir / "peer_groups.csv")
    validate_areas(areas)
    peer_areas = peers[["municipality_code", "municipality_name"]].drop_duplicates()
    area_rows = areas.to_dict("records") + [
        {"code": row.municipality_code, "name": row.municipality_name, "level": "municipality"}
        for row in peer_areas.itertuples()
    ]
    # Parents first, so that the self-reference is satisfied row by row.
    depth = {"municipality": 0, "team": 1, "district": 2, "neighbourhood": 3}
    area_rows.sort(key=lambda row: depth[row["level"]])
    connection.execute(insert(schema.area), [_area_row(row) for row in area_rows])
    connection.execute(
        insert(schema.area_ancestor),
        [{"area_code": a, "ancestor_code": b} for a, b in ancestor_pairs(pd.DataFrame(area_rows))],
    )
    connection.execute(
        insert(schema.peer_group),
        peers[["group_code", "municipality_code", "group_name"]].to_dict("records"),
    )


def _area_row(row: dict) -> dict:
    out = {column.name: row.get(column.name) for column in schema.area.columns}
    for coordinate in ("centroid_lon", "centroid_lat"):
        if out[coordinate] is not None:
            out[coordinate] = float(out[coordinate])
    return out


def validate_areas(areas: pd.DataFrame) -> None:
    """Raise ValueError when areas.csv does not describe one municipality's tree."""
    codes = set(areas["code"])
    if len(codes) != len(areas):
        raise ValueError("areas.csv: area codes must be unique")
    municipalities = areas[areas["level"] == "municipality"]
    if len(municipalities) != 1:
        raise ValueError("areas.csv: exactly one area must have level 'municipality'")
    level = dict(zip(areas["code"], areas["level"]))
    for line, row in enumerate(areas.itertuples(), start=2):
        if row.level not in schema.AREA_LEVELS:
            raise ValueError(f"areas.csv line {line}: unknown level {row.level!r}")
        if row.level != "municipality" and row.parent_code not in codes:
            raise ValueError(f"areas.csv line {line}: parent {row.parent_code!r} of {row.code} is not in the file")
        if row.team_code is not None and level.get(row.team_code) != "team":
            raise ValueError(f"areas.csv line {line}: team_code {row.team_code!r} of {row.code} is not a team area")


def ancestor_pairs(areas: pd.DataFrame) -> list[tuple[str, str]]:
    """(area, ancestor) for every area and each area above it, itself included.

    A district's team area counts as an ancestor; a neighbourhood inherits its district's team.
    """
    def links(column: str) -> dict:
        return {code: link if pd.notna(link) else None for code, link in zip(areas["code"], areas[column])}

    parent, team = links("parent_code"), links("team_code")

    def above(code: str | None) -> list[str]:
        if code is None:
            return []
        return [code, *above(parent[code]), *above(team[code])]

    return sorted({(code, ancestor) for code in areas["code"] for ancestor in above(code)})
