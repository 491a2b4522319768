"""`wijkmonitor benchmark map`: how long the Contacten page takes on the server with many areas.

It builds a throwaway demo database, splits the nine districts into ``neighbourhoods`` grid-cell
neighbourhoods loaded through the real boundary import, moves the last year's contacts from the
districts onto them, and runs the page under Streamlit's AppTest at neighbourhood level: cold
(caches emptied, as after a load or a restart) and warm (cached, as for the next visitor). It
reports medians, never a pass or fail.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import geopandas
import numpy as np
import pandas as pd
import shapely
import streamlit as st
from sqlalchemy import delete, insert, select
from streamlit.testing.v1 import AppTest

from dashboard import format as fmt
from dashboard.i18n import _
from queries import areas, contacts, demo, geometry, schema
from queries.boundaries import import_boundaries
from queries.cellkeys import KEY_MODULUS
from queries.config import DATABASE_URL_VARIABLE, disclosure_rules
from queries.database import Database
from queries.periods import Period

APP = Path(__file__).resolve().parent / "app.py"
YEAR = Period(date(2025, 1, 1), date(2025, 12, 1))


def map_page(neighbourhoods: int = 500, runs: int = 5, say=print) -> dict:
    with tempfile.TemporaryDirectory(prefix="wijkmonitor-benchmark-") as folder:
        url = f"sqlite:///{Path(folder) / 'benchmark.db'}"
        say(_("Een demodatabase bouwen met {n} buurten …").format(n=fmt.number(neighbourhoods)))
        demo.build(url)
        db = Database(url)
        _add_neighbourhoods(db, neighbourhoods, Path(folder))
        moved = _move_contacts_to_neighbourhoods(db, YEAR)
        query = _median_seconds(lambda: contacts.by_area(db, "neighbourhood", YEAR, disclosure_rules()), runs)
        shapes = areas.shapes(db, "neighbourhood")
        db.dispose()

        params = {"van": "2025-01", "tot": "2025-12", "niveau": "neighbourhood"}
        cold, warm, deck_bytes = [], [], 0
        for _run in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            test = _app(url, params)
            cold.append(_seconds(test.run))
            warm.append(_seconds(test.run))
            assert not test.exception, [e.value for e in test.exception]
            deck_bytes = len(test.get("deck_gl_json_chart")[0].proto.json.encode())
        result = {
            "neighbourhoods": len(shapes),
            "contact_rows_on_neighbourhoods": moved,
            "runs": runs,
            "query_seconds_median": query,
            "page_cold_seconds_median": statistics.median(cold),
            "page_warm_seconds_median": statistics.median(warm),
            "map_json_megabytes": round(deck_bytes / 1e6, 2),
        }
    return result


def _app(url: str, params: dict) -> AppTest:
    os.environ[DATABASE_URL_VARIABLE] = url
    test = AppTest.from_file(str(APP), default_timeout=300)
    for key, value in params.items():
        test.query_params[key] = value
    test.run()  # the entry script picks the default page; then go to the map
    test.query_params.update(params)  # the home page dropped the map's own parameters (niveau)
    test.switch_page("pages/contacten.py")
    return test


def _seconds(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _median_seconds(work, runs: int) -> float:
    return statistics.median(_seconds(work) for _ in range(runs))


def _add_neighbourhoods(db: Database, count: int, folder: Path) -> None:
    """Cut every district into grid cells, about ``count`` in all, and load them as a CBS file would be."""
    districts = areas.shapes(db, "district")
    total_area = sum(geometry.from_geojson(g).area for g in districts["geometry"])
    rows = []
    for district in districts.itertuples():
        shape = geometry.from_geojson(district.geometry)
        cells = _grid(shape, max(1, round(count * shape.area / total_area)))
        for number, cell in enumerate(cells, start=1):
            rows.append({"buurtcode": f"BU{district.code[2:]}{number:02d}", "buurtnaam": f"{district.name} {number}", "geometry": cell})
    rows = rows[:count]
    path = folder / "buurten.geojson"
    geopandas.GeoDataFrame(rows, crs=geometry.WGS84).to_file(path, driver="GeoJSON")
    import_boundaries(db, path, "neighbourhood")


def _grid(shape, cells: int) -> list:
    """About ``cells`` pieces of ``shape``: the squares of a grid over it, clipped to it."""
    min_x, min_y, max_x, max_y = shape.bounds
    side = (shape.area / cells) ** 0.5
    pieces = []
    for x in np.arange(min_x, max_x, side):
        for y in np.arange(min_y, max_y, side):
            piece = geometry.polygonal(shapely.box(x, y, x + side, y + side).intersection(shape))
            if not piece.is_empty and piece.area > 0.05 * side * side:
                pieces.append(piece)
    return pieces[:99]  # two digits in the code


def _move_contacts_to_neighbourhoods(db: Database, period: Period) -> int:
    """Spread the period's district contacts over the district's neighbourhoods (multinomially,
    so the totals stay exact) and register them there instead."""
    rng = np.random.default_rng(500)
    facts = db.read(select(schema.contact_month).where(schema.contact_month.c.month.between(period.first, period.last)))
    tree = areas.areas(db)
    children = tree[tree["level"] == "neighbourhood"].groupby("parent_code")["code"].apply(list)
    rows = []
    for fact in facts.itertuples():
        codes = children.get(fact.area_code)
        if not codes:
            rows.append(fact._asdict())
            continue
        weights = rng.dirichlet(np.ones(len(codes)) * 2)
        for code, short, dossiers in zip(codes, rng.multinomial(fact.short_interventions, weights),
                                         rng.multinomial(fact.dossiers_opened, weights)):
            if short or dossiers:
                # Speed does not depend on which keys the split records have: draw them.
                short_key, dossier_key = (int(k) for k in rng.integers(0, KEY_MODULUS, 2))
                rows.append({**fact._asdict(), "area_code": code, "short_interventions": int(short),
                             "dossiers_opened": int(dossiers), "contacts": int(short + dossiers),
                             "short_interventions_ckey": short_key, "dossiers_opened_ckey": dossier_key,
                             "contacts_ckey": (short_key + dossier_key) % KEY_MODULUS})
    frame = pd.DataFrame(rows).drop(columns="Index")
    with db.engine.begin() as connection:
        connection.execute(delete(schema.contact_month).where(schema.contact_month.c.month.between(period.first, period.last)))
        connection.execute(insert(schema.contact_month), frame.astype(object).to_dict("records"))
    return int((frame["area_code"].str.startswith("BU")).sum())


def report(result: dict) -> str:
    """The measurement for people, in the active language."""
    rows = [
        (_("query (contacten per buurt, beschermd)"), fmt.number(result["query_seconds_median"], 3) + " s"),
        (_("pagina, lege caches"), fmt.number(result["page_cold_seconds_median"], 3) + " s"),
        (_("pagina, warme caches"), fmt.number(result["page_warm_seconds_median"], 3) + " s"),
        (_("kaart naar de browser"), fmt.number(result["map_json_megabytes"], 2) + " MB"),
    ]
    width = max(len(label) for label, _value in rows) + 2
    title = _("Pagina Contacten op buurtniveau, {neighbourhoods} buurten, {rows} rijen met contacten daarop, mediaan van "
              "{runs} runs:").format(neighbourhoods=fmt.number(result["neighbourhoods"]),
                                     rows=fmt.number(result["contact_rows_on_neighbourhoods"]), runs=result["runs"])
    return "\n".join([title] + [f"  {label:<{width}}{value}" for label, value in rows])
