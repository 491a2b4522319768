"""`wijkmonitor import-geo`: real CBS boundaries in RD New or WGS84, and nothing half-loaded on error."""

from __future__ import annotations

import hashlib
import json
import math
import shutil

import geopandas
import pytest
from shapely import transform, unary_union
from shapely.geometry import MultiPolygon, Polygon, box, shape
from sqlalchemy import select

from dashboard.cli import main
from queries import areas, demo, schema
from queries.boundaries import BoundaryError, import_boundaries
from queries.database import Database
from tests.cli_language import speak


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New to WGS84 by the published approximation of Schreutelkamp and Strang van Hees
    (accurate to about a metre), independent of PROJ, which the import uses."""
    dx, dy = (x - 155000) * 1e-5, (y - 463000) * 1e-5
    k = {(0, 1): 3235.65389, (2, 0): -32.58297, (0, 2): -0.24750, (2, 1): -0.84978, (0, 3): -0.06550,
         (2, 2): -0.01709, (1, 0): -0.00738, (4, 0): 0.00530, (2, 3): -0.00039, (4, 1): 0.00033, (1, 1): -0.00012}
    l = {(1, 0): 5260.52916, (1, 1): 105.94684, (1, 2): 2.45656, (3, 0): -0.81885, (1, 3): 0.05594,  # noqa: E741
         (3, 1): -0.05607, (0, 1): 0.01199, (3, 2): -0.00256, (1, 4): 0.00128, (0, 2): 0.00022, (2, 0): -0.00022,
         (5, 0): 0.00026}
    lat = 52.15517440 + sum(c * dx**p * dy**q for (p, q), c in k.items()) / 3600
    lon = 5.38720621 + sum(c * dx**p * dy**q for (p, q), c in l.items()) / 3600
    return lon, lat


def metres_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    dy = (a[1] - b[1]) * 110_574
    return math.hypot(dx, dy)


# Schiedam in RD New: Nieuwland with a hole (a park), Oost in two parts, and a district of another municipality.
NIEUWLAND = Polygon(box(85000, 436000, 86000, 437000).exterior.coords, [box(85400, 436400, 85600, 436600).exterior.coords])
OOST = MultiPolygon([box(87000, 436000, 87800, 436800), box(88000, 436000, 88300, 436300)])
ELSEWHERE = box(120000, 480000, 121000, 481000)
CODES = ["WK060606", "WK060601", "WK036301"]


def in_wgs84(geometry):
    return transform(geometry, lambda xy: [rd_to_wgs84(x, y) for x, y in xy])


@pytest.fixture
def database(sqlite_demo_url, tmp_path):
    """A writable copy of the demo database, and its file."""
    path = tmp_path / "wijkmonitor.db"
    shutil.copyfile(sqlite_demo_url.removeprefix("sqlite:///"), path)
    db = Database(f"sqlite:///{path}")
    yield db, path
    db.dispose()


def rd_geopackage(tmp_path, geometries=(NIEUWLAND, OOST, ELSEWHERE), codes=CODES):
    path = tmp_path / "wijkenbuurten_2024.gpkg"
    frame = geopandas.GeoDataFrame(
        {"statcode": codes, "statnaam": ["Nieuwland", "Oost", "Elders"]}, geometry=list(geometries), crs="EPSG:28992"
    )
    frame.to_file(path, layer="wijken", driver="GPKG")
    return path


def wgs84_geojson(tmp_path):
    path = tmp_path / "wijken.geojson"
    frame = geopandas.GeoDataFrame(
        {"wijkcode": CODES, "wijknaam": ["Nieuwland", "Oost", "Elders"]},
        geometry=[in_wgs84(g) for g in (NIEUWLAND, OOST, ELSEWHERE)],
        crs="EPSG:4326",
    )
    frame.to_file(path, driver="GeoJSON")
    return path


def stored_shapes(db: Database, level: str = "district") -> dict:
    frame = areas.shapes(db, level)
    return {row.code: (shape(json.loads(row.geometry)), row.geometry_source) for row in frame.itertuples()}


def assert_lands_on(stored, expected_rd) -> None:
    """Every corner of the RD shape is within 3 m of a corner of the stored WGS84 shape."""
    vertices = [tuple(c) for part in _polygons(stored) for ring in [part.exterior, *part.interiors] for c in ring.coords]
    for part in _polygons(expected_rd):
        for ring in [part.exterior, *part.interiors]:
            for x, y in ring.coords:
                expected = rd_to_wgs84(x, y)
                assert min(metres_apart(expected, v) for v in vertices) < 3, (x, y)


def _polygons(geometry):
    return list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]


@pytest.mark.parametrize("make_file", [rd_geopackage, wgs84_geojson], ids=["rd-new-geopackage", "wgs84-geojson"])
def test_boundaries_land_where_they_belong(database, tmp_path, make_file):
    db, _ = database
    report = import_boundaries(db, make_file(tmp_path), "district")
    assert report.loaded == ["WK060601", "WK060606"]
    assert report.unknown == ["WK036301"]
    assert "WK060602" in report.missing
    shapes = stored_shapes(db)
    nieuwland, source = shapes["WK060606"]
    assert len(nieuwland.interiors) == 1 and "CBS" in source
    assert_lands_on(nieuwland, NIEUWLAND)
    oost, _ = shapes["WK060601"]
    assert isinstance(oost, MultiPolygon) and len(oost.geoms) == 2
    assert_lands_on(oost, OOST)
    # districts not in the file keep their schematic shape
    assert shapes["WK060602"][1] == demo.SCHEMATIC_SOURCE


def test_team_areas_and_the_municipality_become_unions_of_their_districts(database, tmp_path):
    db, _ = database
    import_boundaries(db, rd_geopackage(tmp_path), "district")
    districts = {code: g for code, (g, _) in stored_shapes(db).items()}
    teams = {code: (g, source) for code, (g, source) in stored_shapes(db, "team").items()}
    team_of = areas.areas(db).set_index("code")["team_code"]
    oost_team, source = teams[team_of["WK060601"]]
    members = [g for code, g in districts.items() if team_of[code] == team_of["WK060601"]]
    # the fixture's real Oost overlaps the schematic Nieuw Mathenesse: a union, not a sum
    assert oost_team.area == pytest.approx(unary_union(members).area, rel=1e-3)
    assert oost_team.buffer(1e-5).contains(districts["WK060601"])  # to within a metre: six decimals stored
    assert source.startswith("samengesteld uit de wijken")
    municipality = stored_shapes(db, "municipality")["GM0606"][0]
    assert municipality.buffer(1e-5).contains(districts["WK060606"])


def test_neighbourhoods_are_added_under_their_district(database, tmp_path):
    db, _ = database
    path = tmp_path / "buurten.geojson"
    frame = geopandas.GeoDataFrame(
        {"buurtcode": ["BU06060601", "BU03630101"], "buurtnaam": ["Nieuwland-Noord", "Ergens"]},
        geometry=[box(85000, 436500, 86000, 437000), box(120000, 480000, 120500, 480500)],
        crs="EPSG:28992",
    )
    frame.to_file(path, driver="GeoJSON")
    report = import_boundaries(db, path, "neighbourhood")
    assert report.added == ["BU06060601"] and report.unknown == ["BU03630101"]
    known = areas.areas(db).set_index("code")
    assert known.loc["BU06060601", "parent_code"] == "WK060606" and known.loc["BU06060601", "level"] == "neighbourhood"
    ancestors = set(db.read(select(schema.area_ancestor.c.ancestor_code).where(
        schema.area_ancestor.c.area_code == "BU06060601"))["ancestor_code"])
    assert ancestors == {"BU06060601", "WK060606", known.loc["WK060606", "team_code"], "GM0606"}
    assert_lands_on(stored_shapes(db, "neighbourhood")["BU06060601"][0], box(85000, 436500, 86000, 437000))


def test_the_import_is_logged(database, tmp_path):
    db, _ = database
    path = rd_geopackage(tmp_path)
    import_boundaries(db, path, "district")
    log = db.read(select(schema.load_log)).iloc[-1]
    assert (log["kind"], log["file_name"], log["rows_written"], log["result"]) == ("geo-district", path.name, 2, "ok")
    assert log["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.postgres
def test_the_import_works_on_postgresql(fresh_postgres, tmp_path):
    url = fresh_postgres()
    demo.build(url)
    db = Database(url)
    import_boundaries(db, rd_geopackage(tmp_path), "district")
    assert_lands_on(stored_shapes(db)["WK060606"][0], NIEUWLAND)
    db.dispose()


def corrupt_geopackage(tmp_path):
    path = tmp_path / "kapot.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 4)
    return path


def empty_geojson(tmp_path):
    path = tmp_path / "leeg.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    return path


def truncated_geojson(tmp_path):
    path = tmp_path / "afgebroken.geojson"
    path.write_text(wgs84_geojson(tmp_path).read_text()[:500])
    return path


def points_only(tmp_path):
    path = tmp_path / "punten.geojson"
    geopandas.GeoDataFrame({"statcode": ["WK060606"]}, geometry=[NIEUWLAND.centroid], crs="EPSG:28992").to_file(path)
    return path


def no_code_column(tmp_path):
    path = tmp_path / "zonder-codes.geojson"
    geopandas.GeoDataFrame({"naam": ["Nieuwland"]}, geometry=[NIEUWLAND], crs="EPSG:28992").to_file(path)
    return path


def other_municipality(tmp_path):
    return rd_geopackage(tmp_path, [ELSEWHERE, ELSEWHERE, ELSEWHERE], ["WK036301", "WK036302", "WK036303"])


def missing_file(tmp_path):
    return tmp_path / "bestaat-niet.gpkg"


BAD_FILES = [  # (file, what the error says in Dutch, in English)
    (corrupt_geopackage, "kan kapot.gpkg niet lezen als GeoJSON of GeoPackage", "cannot read kapot.gpkg"),
    (empty_geojson, "leeg.geojson bevat geen vormen", "leeg.geojson holds no shapes"),
    (truncated_geojson, "kan afgebroken.geojson niet lezen", "cannot read afgebroken.geojson"),
    (points_only, "moet polygonen bevatten, geen Point", "must hold polygons, not Point"),
    (no_code_column, "heeft geen kolom met wijkcodes", "has no column with district codes"),
    (other_municipality, "geen van de 3 wijkcodes in wijkenbuurten_2024.gpkg hoort bij GM0606",
     "none of the 3 district codes in wijkenbuurten_2024.gpkg belongs to GM0606"),
    (missing_file, "bestaat-niet.gpkg bestaat niet", "bestaat-niet.gpkg does not exist"),
]


@pytest.mark.parametrize(("make_file", "dutch", "english"), BAD_FILES, ids=[f[0].__name__ for f in BAD_FILES])
def test_a_bad_file_gives_one_clear_line_and_changes_nothing(database, tmp_path, capsys, monkeypatch, make_file, dutch, english):
    db, path = database
    path_to_load = make_file(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(BoundaryError, match=dutch):
        import_boundaries(db, path_to_load, "district")
    for lang, prefix, message in (("nl", "fout", dutch), ("en", "error", english)):
        speak(monkeypatch, lang)
        status = main(["import-geo", str(path_to_load), "--db", f"sqlite:///{path}"])
        _, err = capsys.readouterr()
        assert status == 2
        assert err.startswith(f"wijkmonitor import-geo: {prefix}: ") and message in err and err.count("\n") == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_command_reports_what_it_loaded_and_skipped(database, tmp_path, capsys, monkeypatch):
    _, path = database
    speak(monkeypatch, "nl")
    status = main(["import-geo", str(rd_geopackage(tmp_path)), "--db", f"sqlite:///{path}"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "2 wijkgrenzen geladen uit wijkenbuurten_2024.gpkg (EPSG:28992" in out
    assert "1 code van een andere gemeente overgeslagen: WK036301." in out
    assert "Niet in het bestand, vormen gelaten zoals ze waren: " in err and "WK060602" in err
    speak(monkeypatch, "en")
    status = main(["import-geo", str(rd_geopackage(tmp_path)), "--db", f"sqlite:///{path}"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "Loaded 2 district shapes from wijkenbuurten_2024.gpkg (EPSG:28992" in out
    assert "Skipped 1 code of another municipality: WK036301." in out
    assert "Not in the file, shapes left as they were: " in err and "WK060602" in err
