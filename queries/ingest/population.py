"""Inhabitants per area from CBS's "Kerncijfers wijken en buurten", as downloaded from StatLine.

StatLine's CSV is semicolon-separated, pads region codes with spaces ("WK060601  ") and marks
figures it does not publish with "." (not available) or "x" (secret); "-" means nil. Both the
typed data set (headers such as ``Codering_3`` and ``AantalInwoners_5``) and the table download
(``Regioaanduiding/Codering (code)``, ``Bevolking/Aantal inwoners (aantal)``) are understood.
Only areas the database holds are imported; the rest of the country is skipped. The same table
can be fetched from CBS's open-data API instead (``import_from_cbs``), where secret figures are null.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote
from urllib.request import Request, urlopen

import pandas as pd
from sqlalchemy import delete, insert, select

from queries import schema
from queries.areas import home_municipality
from queries.database import Database
from queries.ingest import IngestError, Report, privacy, reading, writing
from queries.ingest.vocabulary import normalise
from queries.messages import N_, message, ngettext

UNPUBLISHED = {".", "x", "?"}
NIL = "-"
# Normalised header, spaces removed, containing one of these -> the column.
COLUMNS = {
    "code": ("codering", "regiocode", "wijkenenbuurten"),
    "inhabitants": ("aantalinwoners",),
    "households": ("huishoudenstotaal",),
    # Young people aged 0 to 17 (the youth theme's rates): not in Kerncijfers wijken en buurten, which
    # counts 0-15 and 15-25; a municipality adds the column from its own register (docs/data-model.md).
    "youth_0_17": ("youth017", "jongeren017", "0tot18jaar", "0totenmet17jaar"),
    "period": ("perioden",),
}
CBS_API = "https://opendata.cbs.nl/ODataApi/odata"
_TABLE = re.compile(r"\d{5}[A-Z]{3}")
_YEAR = re.compile(r"(\d{4})")
_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_WHOLE = re.compile(r"([0-9]+)(?:[.,]0+)?")  # 79980, or 79980.0 as the API's numbers come
MAX_COUNT = 100_000_000  # more people than the country has is a broken figure


def import_population(url: str, path: Path, year: int | None = None) -> Report:
    """Replace the inhabitants and households of ``year`` for every area in the file that the database holds."""
    try:
        source = reading.inspect(Path(path))
        frame = pd.concat([chunk.frame for chunk in reading.chunks(source)])
    except reading.ReadError as error:
        raise IngestError(error.message) from None
    return _store(url, frame, source.header, source.path.name, source.sha256, year)


def import_from_cbs(url: str, table: str, year: int, fetch: Callable[[str], dict] | None = None) -> Report:
    """The same, straight from CBS's open-data API (OData 3): only the municipality's own rows are asked for.

    ``fetch`` gets a URL and returns the decoded JSON; tests pass a stand-in for the network.
    """
    if not _TABLE.fullmatch(table):
        raise IngestError(N_("{table!r} is geen CBS-tabelnummer zoals 85984NED"), table=table)
    db = Database(url)
    try:
        db.check()
        home = home_municipality(db)
    finally:
        db.dispose()
    number = home[2:]
    wanted = " or ".join(f"startswith(WijkenEnBuurten,'{prefix}{number}')" for prefix in ("GM", "WK", "BU"))
    address = f"{CBS_API}/{table}/TypedDataSet?$format=json&$filter={quote(wanted)}"
    records: list[dict] = []
    while address:
        try:
            page = (fetch or _get_json)(address)
        except (OSError, ValueError) as error:
            raise IngestError(N_("kan tabel {table} niet lezen uit CBS open data: {error}"), table=table, error=error) from None
        records += page.get("value", [])
        address = page.get("odata.nextLink")
    if not records:
        raise IngestError(N_("CBS-tabel {table} heeft geen rijen voor {home}"), table=table, home=home)
    frame = pd.DataFrame(records)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    digest = hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()
    return _store(url, frame, list(frame.columns), f"CBS open data {table}", digest, year)


def _get_json(address: str) -> dict:
    request = Request(address, headers={"Accept": "application/json", "User-Agent": "wijkmonitor"})
    with urlopen(request, timeout=60) as response:
        return json.load(response)


def _store(url: str, frame: pd.DataFrame, header: list[str], name: str, sha256: str, year: int | None) -> Report:
    columns = _columns(header, name)
    year = _year(frame, columns, year, name)
    db = Database(url)
    try:
        db.check()
        if (earlier := writing.previous_load(db, "population", sha256)) is not None:
            return Report("already loaded", name, "population", int(earlier["rows_read"]),
                          int(earlier["rows_written"]), earlier["period_first"], earlier["period_last"])
        known = set(db.read(select(schema.area.c.code))["code"])
        rows, unpublished = _rows(frame, columns, known, year, name)
        if not rows:
            raise IngestError(N_("{file}: geen van de gebieden met een gepubliceerd inwonertal staat in de database; "
                                 "is het de goede gemeente?"), file=name)
        with db.engine.begin() as connection:
            # An area CBS keeps secret loses an older figure for the year too: unknown is better than stale.
            codes = [row["area_code"] for row in rows] + unpublished
            population = schema.area_population
            if "youth_0_17" not in columns:  # a file without young people keeps the ones loaded for the year
                kept = dict(connection.execute(select(population.c.area_code, population.c.youth_0_17).where(
                    population.c.year == year, population.c.area_code.in_(codes))).all())
                rows = [row | {"youth_0_17": kept.get(row["area_code"])} for row in rows]
            connection.execute(delete(population).where(population.c.year == year, population.c.area_code.in_(codes)))
            connection.execute(insert(population), rows)
            connection.execute(insert(schema.load_log).values(
                loaded_at=pd.Timestamp.now(tz="UTC").to_pydatetime(), kind="population",
                file_name=privacy.file_label(name, sha256)[:300],
                sha256=sha256, period_first=date(year, 1, 1), period_last=date(year, 12, 1),
                rows_read=len(frame), rows_written=len(rows), result="ok",
                message=f"CBS Kerncijfers wijken en buurten {year}"
                + (f"; zonder gepubliceerd inwonertal: {', '.join(unpublished)}" if unpublished else ""),
            ))
        return Report("loaded", name, "population", len(frame), len(rows), date(year, 1, 1), date(year, 12, 1))
    finally:
        db.dispose()


def _columns(header: list[str], name: str) -> dict[str, int]:
    keys = [normalise(text).replace(" ", "") for text in header]
    found: dict[str, int] = {}
    for column, parts in COLUMNS.items():  # the parts in order of preference: a code column over a name column
        for part in parts:
            if column not in found and (matches := [i for i, key in enumerate(keys) if part in key]):
                found[column] = matches[0]
    missing = {"code": message(N_("geen kolom met de gebiedscode (zoals Codering_3)")),
               "inhabitants": message(N_("geen kolom met het aantal inwoners (zoals AantalInwoners_5)"))}
    problems = [problem for column, problem in missing.items() if column not in found]
    if problems:
        raise IngestError(N_("{file} is geen tabel Kerncijfers wijken en buurten van het CBS"), file=name, problems=problems)
    return found


def _year(frame: pd.DataFrame, columns: dict[str, int], year: int | None, name: str) -> int:
    if "period" in columns:
        years = {int(m[1]) for value in frame.iloc[:, columns["period"]].dropna() if (m := _YEAR.search(str(value)))}
        if len(years) != 1:
            raise IngestError(N_("{file} bevat {n} jaren ({years}); importeer één jaar per bestand"),
                              file=name, n=len(years), years=", ".join(map(str, sorted(years))))
        if year is not None and year not in years:
            raise IngestError(N_("{file} gaat over {found}, niet over --year {year}"), file=name, found=years.pop(), year=year)
        return years.pop()
    if year is None:
        raise IngestError(N_("{file} zegt niet over welk jaar het gaat; geef dat op met --year"), file=name)
    return year


def _count(text) -> int | None | str:
    """A CBS figure: a whole number, 0 for nil, None when CBS does not publish it, 'wrong' otherwise."""
    value = "" if text is None or text != text else str(text).strip()  # None, or NaN from the API's nulls
    if value in UNPUBLISHED or value == "":
        return None
    if value == NIL:
        return 0
    if _THOUSANDS.fullmatch(value):  # counts are whole numbers, so 79.980 is seventy-nine thousand
        value = value.replace(".", "")
    # Only plain ASCII digits: float() would also take 1e18, 1_000 or other scripts' digits.
    whole = _WHOLE.fullmatch(value)
    return int(whole.group(1)) if whole and int(whole.group(1)) <= MAX_COUNT else "wrong"


def _rows(frame: pd.DataFrame, columns: dict[str, int], known: set[str], year: int, name: str) -> tuple[list[dict], list[str]]:
    """Rows for area_population, and the codes of known areas whose number of inhabitants CBS does not publish."""
    rows, unpublished, wrong = [], [], []
    for number, values in zip(frame.index, frame.itertuples(index=False)):
        code = str(values[columns["code"]] or "").strip().upper()
        if code not in known:
            continue
        inhabitants = _count(values[columns["inhabitants"]])
        households = _count(values[columns["households"]]) if "households" in columns else None
        youth = _count(values[columns["youth_0_17"]]) if "youth_0_17" in columns else None
        if "wrong" in (inhabitants, households, youth):
            wrong.append(message(N_("rij {row}: {code} heeft een cijfer dat geen geheel getal is"), row=number, code=code))
        elif inhabitants is None:
            unpublished.append(code)
        else:
            rows.append({"area_code": code, "year": year, "inhabitants": inhabitants, "households": households,
                         "youth_0_17": youth, "source": f"CBS Kerncijfers wijken en buurten {year}"})
    if wrong:
        raise IngestError(ngettext("{file}: {n:,} probleem; er is niets geladen", "{file}: {n:,} problemen; er is niets geladen",
                                   len(wrong)), file=name, n=len(wrong), problems=wrong[:20])
    return rows, unpublished
