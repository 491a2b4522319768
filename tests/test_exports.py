"""Every table out, in files that work (docs/exports.md): XLSX and CSV hold the numbers of the
screen as numbers, a hidden figure as an empty cell with its mark beside it, shares as
percentages, a metadata sheet, and no text that a spreadsheet would evaluate."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard import i18n, literal
from dashboard.views import cells, exports
from queries.disclosure import DisclosureRules, SMALL
from queries.teams import UNREGISTERED
from tests.test_literal_text import FORMULA, NAMES, hostile, hostile_app  # noqa: F401 - fixtures

ABOUT = exports.About(title="wijkmonitor-test", filters=[("Gebied", "Oost"), ("Periode", "januari–mei 2015")],
                      sources=["registratie"], rules=DisclosureRules(), demo=True, link="http://x/?gebied=GM0606")


def small_table() -> pd.DataFrame:
    return pd.DataFrame({
        "Gebied": ["Oost", FORMULA, "-2+3", "@SUM(A1)"],
        "Contacten": pd.Series([cells.count(1234, "", 5), cells.count(None, SMALL, 5), cells.count(3, "", 5),
                                cells.count(None, UNREGISTERED, 5)], dtype=object),
        "Aandeel": pd.Series([cells.share(0.25641), cells.share(None), cells.share(1.0), cells.share(0.0)], dtype=object),
        "Verandering": pd.Series([cells.change(90, 100), cells.change(3, None), cells.change(110, 100), cells.change(5, 5)],
                                 dtype=object),
    })


def read_csv(content: bytes, lang: str = "nl") -> pd.DataFrame:
    separator, decimal = exports.CSV_FORMAT[lang]
    return pd.read_csv(io.BytesIO(content), sep=separator, decimal=decimal, encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])


# The writers on a small table

def test_a_hidden_count_is_an_empty_cell_with_its_mark_beside_it():
    back = pd.read_excel(io.BytesIO(exports.xlsx(small_table(), ABOUT)), sheet_name=exports.DATA_SHEET)
    assert list(back.columns) == ["Gebied", "Contacten", "Contacten: status", "Aandeel (%)", "Verandering (%)"]
    assert pd.api.types.is_numeric_dtype(back["Contacten"]) and pd.api.types.is_float_dtype(back["Aandeel (%)"])
    assert back["Contacten"].tolist()[0] == 1234 and pd.isna(back["Contacten"][1]) and pd.isna(back["Contacten"][3])
    assert back["Contacten: status"].fillna("").tolist() == ["", "<5", "", "niet geregistreerd"]
    assert back["Aandeel (%)"].tolist()[::2] == [25.6, 100.0] and pd.isna(back["Aandeel (%)"][1])
    assert back["Verandering (%)"].tolist()[0] == -10.0 and back["Verandering (%)"].tolist()[2] == 10.0


def test_numbers_carry_number_formats_and_the_header_is_frozen():
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx(small_table(), ABOUT)))[exports.DATA_SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == 1234 and sheet["B2"].data_type == "n" and sheet["B2"].number_format == "#,##0"
    assert sheet["D2"].value == 25.6 and sheet["D2"].number_format == "0.0"
    assert sheet["B3"].value is None  # hidden: empty, never 0
    assert sheet.column_dimensions["A"].width >= len(FORMULA)


def test_the_metadata_sheet_names_filters_source_protection_demo_and_link():
    book = pd.read_excel(io.BytesIO(exports.xlsx(small_table(), ABOUT)), sheet_name=None)
    about = book["Toelichting"].set_index("Onderwerp")["Waarde"]
    assert about["Gebied"] == "Oost" and about["Periode"] == "januari–mei 2015" and about["Bron"] == "registratie"
    assert about["Beschermingsniveau"].startswith("openbaar") and "<5: minder dan 5" in about["Bescherming"]
    assert "status" in about["Bescherming"] and "(%)" in about["Aandelen"]
    assert about["Demogegevens"].startswith("ja") and about["Link naar deze weergave"] == ABOUT.link
    assert datetime.fromisoformat(about["Gemaakt op"]).tzinfo is not None  # when the file was written, with its zone
    with i18n.language("en"):
        english = pd.read_excel(io.BytesIO(exports.xlsx(small_table(), ABOUT)), sheet_name=None)
    assert list(english) == [exports.DATA_SHEET, "Notes"]
    assert english["Notes"].columns.tolist() == ["Subject", "Value"]


def test_the_dutch_csv_has_semicolons_decimal_commas_and_a_bom():
    content = exports.csv_bytes(small_table())
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Gebied;Contacten;Contacten: status;Aandeel (%);Verandering (%)"
    assert lines[1] == "Oost;1234;;25,6;-10,0"
    back = read_csv(content)
    assert pd.api.types.is_numeric_dtype(back["Contacten"]) and back["Aandeel (%)"].dtype == float
    assert back["Contacten: status"].fillna("").tolist() == ["", "<5", "", "niet geregistreerd"]


def test_the_english_csv_is_for_an_english_excel():
    with i18n.language("en"):
        table = pd.DataFrame({"Area": ["East"], "Share": pd.Series([cells.share(0.25641)], dtype=object)})
        content = exports.csv_bytes(table)
    assert content.decode("utf-8-sig").splitlines() == ["Area,Share (%)", "East,25.6"]


def test_a_formula_from_the_data_is_inert_in_both_formats():
    content = exports.xlsx(small_table(), ABOUT)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(content))[exports.DATA_SHEET]
    assert sheet["A3"].value == FORMULA and sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    back = read_csv(exports.csv_bytes(small_table()))
    assert back["Gebied"].tolist() == ["Oost", "'" + FORMULA, "'-2+3", "'@SUM(A1)"]
    assert_no_formula_text(content, exports.csv_bytes(small_table()))


def assert_no_formula_text(xlsx: bytes, csv: bytes, lang: str = "nl") -> None:
    """No text cell that a spreadsheet would evaluate: in XLSX only as text marked as text, in CSV never."""
    for sheet in openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if literal.is_formula(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
    for row in read_csv(csv, lang).astype(object).itertuples(index=False):
        assert not any(literal.is_formula(value) for value in row), row


# The same numbers as the screen, page by page

NUMBER = {"nl": re.compile(r"[+−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?"), "en": re.compile(r"[+−-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?")}


def numbers_in(text: str, lang: str) -> list[float]:
    """The numbers a screen cell shows: '1.234' → [1234], '−6,5%' → [-6.5], '6,1–7,2' → [6.1, 7.2]."""
    thousands, decimal = (".", ",") if lang == "nl" else (",", ".")
    found = NUMBER[lang].findall(text)
    return [float(n.replace("−", "-").replace(thousands, "").replace(decimal, ".")) for n in found]


def _as_text(value) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).removeprefix("'")


def assert_same_as_screen(screen: pd.DataFrame, file: pd.DataFrame, lang: str = "nl") -> None:
    """Each screen cell against the file: text as text; a figure as the number(s) it shows, or, where
    it shows none, an empty cell with the screen's mark or words in the status column."""
    for heading in screen.columns:
        texts = ["" if pd.isna(t) else str(t) for t in screen[heading]]
        if heading in file.columns and [_as_text(v) for v in file[heading]] == texts:
            continue  # a label column (a reader may take a label such as '2015' for a number: it reads the same)
        ends = [c for c in file.columns if re.fullmatch(re.escape(f"{heading}: ") + r"(ondergrens|bovengrens|lower bound|upper bound)( \(.*\))?", c)]
        values = ends or [c for c in file.columns if c == heading or c.startswith(f"{heading} (")][:1]
        assert values, (heading, list(file.columns))
        status = file.get(f"{heading}: status", pd.Series([None] * len(file)))
        for i, text in enumerate(texts):
            shown = [] if text.startswith("<") else numbers_in(text, lang)
            stored = [file[c].iloc[i] for c in values]
            if shown:
                assert [float(v) for v in stored[:len(shown)]] == pytest.approx(shown), (heading, i, text, stored)
            else:
                assert all(pd.isna(v) for v in stored), (heading, i, text, stored)
                assert ("" if pd.isna(status.iloc[i]) else status.iloc[i]) == ("" if text in ("", "–") else text), (heading, text)
        for c in values:
            assert pd.api.types.is_numeric_dtype(file[c]) or file[c].isna().all(), c


@pytest.fixture
def files(monkeypatch):
    """The files the page's download buttons would write, by file name, in the order of the page."""
    written = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        written[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return written


def check_page(test, files: dict, lang: str = "nl", level: str = "openbaar") -> int:
    """Every table the page shows against its two files; returns how many tables."""
    assert not test.exception
    names = [n for n in files if n.endswith(".xlsx")]
    screens = [d.value for d in test.dataframe]
    assert len(names) >= len(screens) > 0
    for screen, name in zip(screens, names[-len(screens):]):  # the page's own, after any run before it
        xlsx, csv = files[name](), files[name.removesuffix(".xlsx") + ".csv"]()
        book = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
        assert_same_as_screen(screen, book[exports.DATA_SHEET], lang)
        assert_same_as_screen(screen, read_csv(csv, lang), lang)
        assert csv.startswith(b"\xef\xbb\xbf")
        about = book[list(book)[1]].set_index(book[list(book)[1]].columns[0]).iloc[:, 0]
        assert about.iloc[list(about.index).index("Beschermingsniveau" if lang == "nl" else "Protection level")].startswith(level)
        assert_no_formula_text(xlsx, csv, lang)
    return len(screens)


PAGES = [("pages/overzicht.py", {}), ("pages/contacten.py", {}), ("pages/hulpvragen.py", {}), ("pages/teams.py", {}),
         ("pages/wachttijden.py", {}), ("pages/tevredenheid.py", {}), ("pages/wijkprofiel.py", {"gebied": "WK060601"})]


@pytest.mark.parametrize(("page", "params"), PAGES)
@pytest.mark.parametrize("exact", [False, True], ids=["public", "internal"])
def test_every_table_downloads_the_numbers_of_the_screen(app, files, page, params, exact):
    test = app(van="2015-01", tot="2015-05", exact=exact, **params)
    files.clear()
    test.switch_page(page).run()
    assert check_page(test, files, level="intern" if exact else "openbaar") >= 1


def test_a_small_area_downloads_its_marks_as_status(app, files):
    """Nieuwland in November 2025: hidden counts on the screen are empty in the file, their mark beside them."""
    test = app(van="2025-11", tot="2025-11", gebied="WK060601")
    files.clear()
    test.switch_page("pages/wachttijden.py").run()
    check_page(test, files)
    xlsx = files[next(n for n in files if n.startswith("wijkmonitor-wachttijden") and n.endswith(".xlsx"))]()
    back = pd.read_excel(io.BytesIO(xlsx))
    assert (back.filter(like=": status").astype(str) == "<5").any().any()


def test_the_metadata_sheet_reproduces_the_view(app, files):
    test = app(van="2015-01", tot="2015-05", thema="wonen")
    files.clear()
    test.switch_page("pages/overzicht.py").run()
    name = next(n for n in files if n.startswith("wijkmonitor-kerncijfers") and n.endswith(".xlsx"))
    about = pd.read_excel(io.BytesIO(files[name]()), sheet_name="Toelichting").set_index("Onderwerp")["Waarde"]
    assert about["Periode"] == "januari–mei 2015" and about["Thema"] == "Wonen" and about["Kanaal"] == "Alle kanalen"
    assert about["Gebied"] == "Hele gemeente Schiedam" and about["Demogegevens"].startswith("ja")
    assert "van=2015-01" in about["Link naar deze weergave"] and "thema=wonen" in about["Link naar deze weergave"]


def test_english_pages_download_english_files(app, files):
    test = app(van="2015-01", tot="2015-05", taal="en")
    files.clear()
    test.switch_page("pages/contacten.py").run()
    check_page(test, files, lang="en", level="public")
    name = next(n for n in files if n.startswith("wijkmonitor-contacten") and n.endswith(".csv"))
    with i18n.language("en"):
        header = files[name]().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Area,Contacts,") and "Short intervention (%)" in header


def test_hostile_area_names_come_out_inert(hostile_app, files):
    test = hostile_app("pages/contacten.py", van="2015-01", tot="2015-05")
    check_page(test, files)
    name = next(n for n in files if n.startswith("wijkmonitor-contacten") and n.endswith(".xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(files[name]()))[exports.DATA_SHEET]
    formula = next(c for c in sheet["A"] if c.value == NAMES["WK060602"])
    assert formula.data_type == "s" and formula.quotePrefix
    csv = read_csv(files[name.removesuffix(".xlsx") + ".csv"]())
    assert "'" + NAMES["WK060602"] in csv.iloc[:, 0].tolist()


def test_over_de_data_downloads_its_tables_with_counts_as_numbers(app, files):
    test = app(van="2015-01", tot="2015-05")
    files.clear()
    test.switch_page("pages/over_de_data.py").run()
    assert not test.exception
    assert {n.rsplit(".", 1)[0] for n in files} == {"wijkmonitor-gegevens", "wijkmonitor-laadlogboek", "wijkmonitor-begrippen",
                                                     "wijkmonitor-normen"}
    log = pd.read_excel(io.BytesIO(files["wijkmonitor-laadlogboek.xlsx"]()))
    assert pd.api.types.is_numeric_dtype(log["Rijen opgeslagen"]) and (log["Rijen opgeslagen"] > 0).any()
    norms = read_csv(files["wijkmonitor-normen.csv"]())
    assert pd.api.types.is_integer_dtype(norms["Termijn in dagen"]) and set(norms["Termijn in dagen"]) >= {56}
    labels = [b.label for b in test.get("download_button")]
    assert "Download het laadlogboek als Excel" in labels and "Download het laadlogboek als CSV" in labels
