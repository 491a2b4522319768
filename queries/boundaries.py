"""Area boundaries: real ones from the CBS district and neighbourhood map, or the demo's schematic ones.

`import_boundaries` reads a GeoJSON or GeoPackage file (via GeoPandas and GDAL), in RD New or
WGS84, with CBS's property names old (statcode, statnaam) or new (wijkcode, buurtcode, …). It
checks everything before it writes, then writes in one transaction: district shapes, the team
areas and municipality as unions of their districts, or neighbourhoods with their district.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas
import pandas as pd
import shapely
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from queries import geometry, schema
from queries.areas import home_municipality
from queries.database import Database
from queries.ingest.privacy import file_label
from queries.messages import N_, UserError, ngettext
from queries.reference import ancestor_pairs

LEVELS = {"district": "WK", "neighbourhood": "BU"}  # CBS code prefix per level
# CBS's column names over the years, most recent first; matched without regard to case.
CODE_COLUMNS = {"district": ["wijkcode", "statcode", "wk_code"], "neighbourhood": ["buurtcode", "statcode", "bu_code"]}
NAME_COLUMNS = {"district": ["wijknaam", "statnaam", "wk_naam"], "neighbourhood": ["buurtnaam", "statnaam", "bu_naam"]}
LAYERS = {"district": ["wijken", "cbs_wijken", "wijk"], "neighbourhood": ["buurten", "cbs_buurten", "buurt"]}


NETHERLANDS = (3.0, 50.5, 7.5, 53.8)  # lon/lat box around the country and its waters, for a sanity check


class BoundaryError(UserError, ValueError):
    """The file cannot be used; the message says why."""


@dataclass
class BoundaryReport:
    level: str
    source: str
    loaded: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # neighbourhoods new to the database
    unknown: list[str] = field(default_factory=list)  # in the file, not in this municipality
    missing: list[str] = field(default_factory=list)  # in the database, not in the file
    crs: str = ""


def import_boundaries(db: Database, path: Path, level: str = "district", layer: str | None = None) -> BoundaryReport:
    if level not in LEVELS:
        raise BoundaryError(N_("het niveau moet een van {levels} zijn"), levels=", ".join(LEVELS))
    frame, crs = _read(path, level, layer)
    home = home_municipality(db)
    areas = db.read(select(schema.area.c.code, schema.area.c.name, schema.area.c.level, schema.area.c.parent_code,
                           schema.area.c.team_code))
    districts = set(areas.loc[areas["level"] == "district", "code"])
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    # The source is shown on Over de data: the file's name only after the same check as the load log's.
    source = f"{file_label(path.name, sha256)} (CBS wijk- en buurtkaart)"
    report = BoundaryReport(level, source, crs=crs)

    if level == "district":
        known = frame["code"].isin(districts)
        report.missing = sorted(districts - set(frame["code"]))
    else:
        # Neighbourhoods belong to this municipality when their district does: BU06060101 lies in WK060601.
        frame["parent_code"] = "WK" + frame["code"].str[2:8]
        known = frame["parent_code"].isin(districts)
        existing = set(areas.loc[areas["level"] == "neighbourhood", "code"])
        report.added = sorted(set(frame.loc[known, "code"]) - existing)
        report.missing = sorted(existing - set(frame["code"]))
    report.unknown = sorted(frame.loc[~known, "code"])
    frame = frame[known]
    if frame.empty:
        templates = {
            "district": ngettext("de wijkcode in {file} hoort niet bij {home} ({codes})",
                                 "geen van de {n} wijkcodes in {file} hoort bij {home} (de eerste: {codes})",
                                 len(report.unknown)),
            "neighbourhood": ngettext("de buurtcode in {file} hoort niet bij {home} ({codes})",
                                      "geen van de {n} buurtcodes in {file} hoort bij {home} (de eerste: {codes})",
                                      len(report.unknown)),
        }
        raise BoundaryError(templates[level], n=len(report.unknown), file=path.name, home=home,
                            codes=", ".join(report.unknown[:5]))
    shapes = dict(zip(frame["code"], geometry.simplify_for_web(list(frame.geometry))))
    report.loaded = sorted(shapes)

    with db.engine.begin() as connection:
        if level == "neighbourhood":
            _add_neighbourhoods(connection, frame[frame["code"].isin(report.added)], areas)
        write_shapes(connection, shapes, source)
        if level == "district":
            write_shapes(connection, derived_shapes(connection), f"samengesteld uit de wijken van {source}")
        connection.execute(
            insert(schema.load_log).values(
                loaded_at=datetime.now(UTC),
                kind=f"geo-{level}",
                file_name=file_label(path.name, sha256),
                sha256=sha256,
                rows_read=len(frame) + len(report.unknown),
                rows_written=len(shapes),
                result="ok",
                # Stored, like every load's explanation, in Dutch: the log is data, shown as written.
                message=f"{len(shapes)} {'wijkgrenzen' if level == 'district' else 'buurtgrenzen'}; "
                        f"{len(report.unknown)} codes van andere gemeenten overgeslagen",
            )
        )
    return report


def _read(path: Path, level: str, layer: str | None) -> tuple[geopandas.GeoDataFrame, str]:
    """The file's shapes of ``level`` as (code, name, geometry) in WGS84, one row per code."""
    if not path.is_file():
        raise BoundaryError(N_("{path} bestaat niet"), path=path)
    try:
        # GDAL also warns about a damaged file; the one clear error below says it instead.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            layers = [name for name, _ in geopandas.list_layers(path).itertuples(index=False)]
            if layer is None:
                layer = next((name for name in layers if name.lower() in LAYERS[level]), layers[0] if layers else None)
            frame = geopandas.read_file(path, layer=layer)
    except Exception as error:  # GDAL reports a damaged file in many ways
        raise BoundaryError(N_("kan {file} niet lezen als GeoJSON of GeoPackage: {error}"),
                            file=path.name, error=str(error).splitlines()[0]) from None
    if frame.empty:
        raise BoundaryError(N_("{file} bevat geen vormen"), file=path.name)
    columns = {c.lower(): c for c in frame.columns}
    code = next((columns[c] for c in CODE_COLUMNS[level] if c in columns), None)
    name = next((columns[c] for c in NAME_COLUMNS[level] if c in columns), None)
    if code is None:
        template = {"district": N_("{file} heeft geen kolom met wijkcodes (gezocht naar {columns})"),
                    "neighbourhood": N_("{file} heeft geen kolom met buurtcodes (gezocht naar {columns})")}[level]
        raise BoundaryError(template, file=path.name, columns=", ".join(CODE_COLUMNS[level]))
    frame = frame.rename(columns={code: "code", **({name: "name"} if name else {})})
    frame["code"] = frame["code"].astype(str).str.strip().str.upper()
    frame = frame[frame["code"].str.startswith(LEVELS[level])]
    if frame.empty:
        template = {"district": N_("{file} heeft geen wijkcodes die met {prefix} beginnen"),
                    "neighbourhood": N_("{file} heeft geen buurtcodes die met {prefix} beginnen")}[level]
        raise BoundaryError(template, file=path.name, prefix=LEVELS[level])
    kinds = set(frame.geometry.geom_type.dropna())
    if not kinds:
        raise BoundaryError(N_("{file} moet polygonen bevatten, geen lege vormen"), file=path.name)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise BoundaryError(N_("{file} moet polygonen bevatten, geen {kinds}"), file=path.name, kinds=", ".join(sorted(kinds)))
    shapeless = frame.loc[frame.geometry.isna() | frame.geometry.is_empty, "code"]
    if len(shapeless):
        raise BoundaryError(N_("{file} heeft codes zonder vorm: {codes}"), file=path.name, codes=", ".join(shapeless.iloc[:5]))
    crs = _crs(frame, path)
    try:
        shapes = geometry.to_wgs84(shapely.make_valid(frame.geometry.values), crs)
    except (shapely.errors.GEOSException, ValueError) as error:
        raise BoundaryError(N_("{file} bevat een vorm die niet bruikbaar is: {error}"),
                            file=path.name, error=str(error).splitlines()[0]) from None
    west, south, east, north = shapely.total_bounds(shapes)
    if not (NETHERLANDS[0] <= west and east <= NETHERLANDS[2] and NETHERLANDS[1] <= south and north <= NETHERLANDS[3]):
        raise BoundaryError(N_("{file} heeft coördinaten buiten Nederland (of niet in het coördinatenstelsel dat het bestand opgeeft)"),
                            file=path.name)
    frame = geopandas.GeoDataFrame({"code": frame["code"].values, "name": frame.get("name", frame["code"]).values},
                                   geometry=shapes, crs=geometry.WGS84)
    # CBS splits some areas over several rows (land and water): one shape per code.
    frame = frame.dissolve(by="code", aggfunc="first", as_index=False)
    frame["geometry"] = [geometry.polygonal(g) for g in frame.geometry]
    return frame, crs


def _crs(frame: geopandas.GeoDataFrame, path: Path) -> str:
    """The file's coordinate system; files without one are recognised by their coordinates."""
    if frame.crs is not None:
        return frame.crs.to_string()
    min_x, min_y, max_x, max_y = frame.total_bounds
    if -180 <= min_x and max_x <= 180 and -90 <= min_y and max_y <= 90:
        return geometry.WGS84
    if 0 <= min_x and max_x <= 300_000 and 300_000 <= min_y and max_y <= 625_000:
        return geometry.RD_NEW
    raise BoundaryError(N_("{file} noemt geen coördinatenstelsel en de coördinaten zijn geen WGS84 en geen RD New"),
                        file=path.name)


def _add_neighbourhoods(connection: Connection, frame: pd.DataFrame, areas: pd.DataFrame) -> None:
    if frame.empty:
        return
    rows = [{"code": r.code, "name": r.name, "level": "neighbourhood", "parent_code": r.parent_code} for r in frame.itertuples()]
    connection.execute(insert(schema.area), rows)
    everything = pd.concat([areas, pd.DataFrame(rows)], ignore_index=True).astype(object)
    everything = everything.where(everything.notna(), None)
    connection.execute(delete(schema.area_ancestor))
    connection.execute(
        insert(schema.area_ancestor),
        [{"area_code": a, "ancestor_code": b} for a, b in ancestor_pairs(everything)],
    )


def write_shapes(connection: Connection, shapes: dict, source: str) -> None:
    """Store shapes (WGS84 geometries by area code) with a label point and where they came from."""
    for code, shape in shapes.items():
        lon, lat = geometry.label_point(shape)
        connection.execute(
            update(schema.area)
            .where(schema.area.c.code == code)
            .values(geometry=geometry.to_geojson(shape), geometry_source=source, centroid_lon=lon, centroid_lat=lat)
        )


def derived_shapes(connection: Connection) -> dict:
    """Team areas and the municipality as the union of the district shapes in the database."""
    area = schema.area
    rows = connection.execute(
        select(area.c.code, area.c.parent_code, area.c.team_code, area.c.geometry).where(
            area.c.level == "district", area.c.geometry.is_not(None)
        )
    ).all()
    groups: dict[str, list] = {}
    for row in rows:
        shape = geometry.from_geojson(row.geometry)
        for holder in (row.team_code, row.parent_code):
            if holder:
                groups.setdefault(holder, []).append(shape)
    return {code: geometry.union(parts) for code, parts in groups.items()}
