"""Area shapes: reprojection, simplification for the web, unions, and the demo's schematic map.

Shapely does the geometry and pyproj the reprojection, so none of it is hand-written. Shapes are
stored as GeoJSON in WGS84 (longitude, latitude), rounded to six decimals (about 0.1 m).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"  # Rijksdriehoekstelsel, the metric grid of Dutch geodata
# Generalisation for web maps: a district boundary simplified to 5 m is indistinguishable at the
# zoom levels a municipality is seen at, and a tenth of the size.
WEB_TOLERANCE_METRES = 5.0

_TO_RD = Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
_TO_WGS84 = Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


def reproject(geometry, transformer: Transformer):
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def to_wgs84(geometries, crs: str) -> list:
    """Reproject shapes from ``crs`` to WGS84 (always longitude first)."""
    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
    return [reproject(g, transformer) for g in geometries]


def simplify_for_web(geometries_wgs84: list, tolerance_metres: float = WEB_TOLERANCE_METRES) -> list:
    """Simplify neighbouring shapes together, in metres, so shared borders stay shared (no gaps or
    overlaps appear between districts, as they would when each is simplified on its own)."""
    simplified = shapely.coverage_simplify([reproject(g, _TO_RD) for g in geometries_wgs84], tolerance_metres)
    return [reproject(g, _TO_WGS84) for g in simplified]


def polygonal(geometry):
    """Only the areal part of a shape (a union can leave slivers of lines or points)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return shapely.union_all(parts) if parts else Polygon()


def union(geometries: list):
    return polygonal(shapely.union_all(geometries))


def to_geojson(geometry) -> str:
    return json.dumps(mapping(shapely.set_precision(geometry, 1e-6)), separators=(",", ":"))


def from_geojson(text: str):
    return shape(json.loads(text))


def label_point(geometry) -> tuple[float, float]:
    """A point inside the shape (a centroid can fall outside a crescent-shaped district)."""
    point = geometry.point_on_surface()
    return round(point.x, 6), round(point.y, 6)


def schematic(centres: Mapping[str, tuple[float, float]], bounds: tuple[float, float, float, float]) -> dict:
    """Shapes for areas known only by their centre points: the Voronoi cell of each centre within
    ``bounds`` (lon_min, lat_min, lon_max, lat_max). Each area gets the land closest to its centre.

    Computed in RD metres, where distances are true; a schematic stand-in for real boundaries.
    """
    codes = list(centres)
    points = [shapely.Point(_TO_RD.transform(*centres[c])) for c in codes]
    frame = box(*_TO_RD.transform(bounds[0], bounds[1]), *_TO_RD.transform(bounds[2], bounds[3]))
    cells = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=frame)
    shapes = {}
    for code, point in zip(codes, points):
        cell = next(c for c in cells.geoms if c.contains(point))
        shapes[code] = reproject(cell.intersection(frame), _TO_WGS84)
    return shapes


def hatch(geometry, spacing: float) -> list[list[list[float]]]:
    """Diagonal lines across a shape, ``spacing`` degrees apart: how a map marks an area whose
    figure is not published, so it is never read as a low value."""
    min_x, min_y, max_x, max_y = geometry.bounds
    height = max_y - min_y
    starts = np.arange(min_x - height, max_x, spacing)
    lines = shapely.linestrings([[(x, min_y), (x + height, max_y)] for x in starts])
    clipped = shapely.intersection(lines, geometry)
    parts = shapely.get_parts(clipped)
    return [[list(c) for c in part.coords] for part in parts if isinstance(part, shapely.LineString) and not part.is_empty]
