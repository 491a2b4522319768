"""Importing CBS Kerncijfers wijken en buurten as StatLine delivers it."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.cli import main
from queries import schema
from queries.areas import inhabitants
from queries.database import Database
from queries.ingest import IngestError
from queries.ingest.population import import_from_cbs, import_population
from tests.cli_language import speak
from tests.test_ingest import checksum, read

# The typed data set: codes padded to ten characters, "." for not available, "x" for secret, "-" for nil.
TYPED = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";"HuishoudensTotaal_28"\r\n'
    '0;"NL00      ";"Nederland                               ";"Land      ";"NL00      ";17942942;8122000\r\n'
    '1;"GM0606    ";"Schiedam                                ";"Gemeente  ";"GM0606    ";80540;41990\r\n'
    '2;"WK060601  ";"Schiedam                                ";"Wijk      ";"WK060601  ";11930;6200\r\n'
    '3;"WK060605  ";"Schiedam                                ";"Wijk      ";"WK060605  ";x;x\r\n'
    '4;"WK060608  ";"Schiedam                                ";"Wijk      ";"WK060608  ";15;-\r\n'
    '5;"BU06060101";"Schiedam                                ";"Buurt     ";"BU06060101";2100;.\r\n'
    '6;"WK059901  ";"Rotterdam                               ";"Wijk      ";"WK059901  ";40000;20000\r\n'
)
# The table download ("CSV met statistische symbolen"): names first, then the code, a Perioden column.
TABLE = (
    '"Wijken en buurten";"Perioden";"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)";'
    '"Huishoudens/Huishoudens totaal (aantal)"\n'
    '"Schiedam";"2023";"GM0606    ";"79.980";"41.700"\n'
    '"Nieuwland";"2023";"WK060606  ";"13.050";"6.340"\n'
)


def test_statline_typed_data_set(fresh_url, tmp_path):
    path = tmp_path / "85984NED.csv"
    path.write_text(TYPED, encoding="utf-8")
    report = import_population(fresh_url, path, 2024)
    assert (report.status, report.rows_read, report.rows_written) == ("loaded", 7, 3)
    stored = read(fresh_url, schema.area_population, schema.area_population.c.year == 2024).set_index("area_code")
    assert stored.loc["GM0606", ["inhabitants", "households"]].tolist() == [80540, 41990]
    assert stored.loc["WK060601", ["inhabitants", "households"]].tolist() == [11930, 6200]
    assert stored.loc["WK060608", ["inhabitants", "households"]].tolist() == [15, 0]  # "-" is nil
    assert "WK060605" not in stored.index  # secret: the demo's estimate is gone, not kept
    assert stored.loc["WK060606", "source"].startswith("demo")  # not in the file: untouched
    assert "WK059901" not in stored.index  # another municipality
    db = Database(fresh_url, readonly=True)
    assert inhabitants(db, 2024)["GM0606"] == 80540  # the municipality's own figure wins over the sum
    db.dispose()
    log = read(fresh_url, schema.load_log, schema.load_log.c.kind == "population")
    assert log["message"].iloc[0].endswith("zonder gepubliceerd inwonertal: WK060605")
    assert log["period_first"].iloc[0] == date(2024, 1, 1)
    before = checksum(fresh_url)
    assert import_population(fresh_url, path, 2024).status == "already loaded"
    assert checksum(fresh_url) == before


def test_table_download_with_periods_and_thousand_points(sqlite_url, tmp_path):
    path = tmp_path / "kwb.csv"
    path.write_text(TABLE, encoding="utf-8")
    assert import_population(sqlite_url, path).first == date(2023, 1, 1)
    stored = read(sqlite_url, schema.area_population, schema.area_population.c.year == 2023).set_index("area_code")
    assert stored.loc["WK060606", ["inhabitants", "households"]].tolist() == [13050, 6340]


@pytest.mark.parametrize(
    ("content", "arguments", "message"),
    [
        (TYPED, [], "kwb.csv zegt niet over welk jaar het gaat; geef dat op met --year"),
        (TABLE, ["--year", "2024"], "kwb.csv gaat over 2023, niet over --year 2024"),
        ('"Codering_3";"Mannen_6"\n"WK060601  ";5000\n', ["--year", "2024"],
         "kwb.csv is geen tabel Kerncijfers wijken en buurten van het CBS\n  geen kolom met het aantal inwoners"),
        (TYPED.replace("GM0606", "GM9999").replace("WK0606", "WK9999"), ["--year", "2024"], "is het de goede gemeente?"),
        (TYPED.replace("11930", "veel"), ["--year", "2024"],
         "kwb.csv: 1 probleem; er is niets geladen\n  rij 4: WK060601 heeft een cijfer dat geen geheel getal is"),
    ],
)
def test_refused_population_files(sqlite_url, tmp_path, capsys, monkeypatch, content, arguments, message):
    speak(monkeypatch, "nl")
    path = tmp_path / "kwb.csv"
    path.write_text(content, encoding="utf-8")
    before = checksum(sqlite_url)
    assert main(["import-population", str(path), "--db", sqlite_url, *arguments]) == 2
    assert message in capsys.readouterr().err
    assert checksum(sqlite_url) == before


def test_a_refused_population_file_in_english(sqlite_url, tmp_path, capsys, monkeypatch):
    speak(monkeypatch, "en")
    path = tmp_path / "kwb.csv"
    path.write_text(TYPED.replace("11930", "veel"), encoding="utf-8")
    assert main(["import-population", str(path), "--db", sqlite_url, "--year", "2024"]) == 2
    assert capsys.readouterr().err == ("wijkmonitor import-population: error: kwb.csv: 1 problem; nothing was loaded\n"
                                       "  row 4: WK060601 has a figure that is not a whole number\n")


def test_population_error_is_an_ingest_error(sqlite_url, tmp_path):
    path = tmp_path / "kwb.csv"
    path.write_text(TYPED, encoding="utf-8")
    with pytest.raises(IngestError, match="--year"):
        import_population(sqlite_url, path)


def cbs_page(codes_and_counts, next_link=None) -> dict:
    """A page as the CBS OData 3 API returns it: padded codes, null where CBS does not publish."""
    page = {"odata.metadata": "https://opendata.cbs.nl/ODataApi/odata/85984NED/$metadata#Cbs.OData.WebAPI.TypedDataSet",
            "value": [{"ID": i, "WijkenEnBuurten": code.ljust(10), "Gemeentenaam_1": "Schiedam".ljust(40),
                       "Codering_3": code.ljust(10), "AantalInwoners_5": inhabitants, "HuishoudensTotaal_28": households}
                      for i, (code, inhabitants, households) in enumerate(codes_and_counts)]}
    if next_link:
        page["odata.nextLink"] = next_link
    return page


def test_straight_from_the_cbs_api_with_a_stand_in_for_the_network(fresh_url):
    asked = []
    second = "https://opendata.cbs.nl/ODataApi/odata/85984NED/TypedDataSet?$skiptoken=2"

    def network(address: str) -> dict:
        asked.append(address)
        if address == second:
            return cbs_page([("WK060605", None, None), ("BU06060101", 2100, None)])
        return cbs_page([("GM0606", 80540, 41990), ("WK060601", 11930, 6200)], next_link=second)

    report = import_from_cbs(fresh_url, "85984NED", 2024, fetch=network)
    assert (report.status, report.rows_read, report.rows_written) == ("loaded", 4, 2)
    assert asked[0].startswith("https://opendata.cbs.nl/ODataApi/odata/85984NED/TypedDataSet?$format=json&$filter=")
    assert "startswith%28WijkenEnBuurten%2C%27WK0606%27%29" in asked[0] and asked[1] == second
    stored = read(fresh_url, schema.area_population, schema.area_population.c.year == 2024).set_index("area_code")
    assert stored.loc["WK060601", ["inhabitants", "households"]].tolist() == [11930, 6200]
    assert "WK060605" not in stored.index
    assert import_from_cbs(fresh_url, "85984NED", 2024, fetch=network).status == "already loaded"


def test_an_unreachable_cbs_api_changes_nothing(sqlite_url):
    def offline(_address):
        raise OSError("Name or service not known")

    before = checksum(sqlite_url)
    with pytest.raises(IngestError, match="kan tabel 85984NED niet lezen uit CBS open data: Name or service not known"):
        import_from_cbs(sqlite_url, "85984NED", 2024, fetch=offline)
    with pytest.raises(IngestError, match="is geen CBS-tabelnummer"):
        import_from_cbs(sqlite_url, "85984NED&$top=1", 2024, fetch=offline)
    assert checksum(sqlite_url) == before


def test_youth_0_17_is_kept_from_a_file_without_it_and_loaded_from_a_file_with_it(fresh_url, tmp_path):
    """Kerncijfers wijken en buurten counts 0-15 and 15-25, not 0-17: a CBS file leaves the youth
    figure as it was; a municipality's own file with a column for 0-17 sets it (docs/data-model.md)."""
    db = Database(fresh_url, readonly=True)
    before = read(fresh_url, schema.area_population, schema.area_population.c.year == 2024).set_index("area_code")
    path = tmp_path / "85984NED.csv"
    path.write_text(TYPED, encoding="utf-8")
    import_population(fresh_url, path, 2024)
    after = read(fresh_url, schema.area_population, schema.area_population.c.year == 2024).set_index("area_code")
    assert after.loc["WK060601", "youth_0_17"] == before.loc["WK060601", "youth_0_17"] > 0
    own = tmp_path / "jongeren.csv"
    own.write_text("Codering_3;AantalInwoners_5;Jongeren 0-17\nWK060601;11930;2105\n", encoding="utf-8")
    import_population(fresh_url, own, 2024)
    stored = read(fresh_url, schema.area_population, schema.area_population.c.year == 2024).set_index("area_code")
    assert stored.loc["WK060601", ["inhabitants", "youth_0_17"]].tolist() == [11930, 2105]
    from queries.areas import population
    assert population(db, 2024, "youth_0_17")["WK060601"] == 2105
    db.dispose()
