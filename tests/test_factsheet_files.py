"""The factsheet as files: the PDF read back with pikepdf and pypdf (one A4 page, the figures, the
charts, tagged as PDF/UA-1 with language, title and alternative text), the press images decoded
with Pillow, and the command `wijkmonitor factsheet` with its refusals. Rendering goes through
Chromium and is slow: each file is made once per module."""

from __future__ import annotations

import dataclasses
import io
import shutil

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard import i18n, images, pdf, press
from dashboard.views import factsheet
from queries.disclosure import DisclosureRules
from queries.periods import Period

from .conftest import CHROMIUM, unavailable

JAN_MAY_2015 = Period.parse("2015-01", "2015-05")


@pytest.fixture(scope="module", autouse=True)
def chromium():
    if not shutil.which(CHROMIUM):
        unavailable(f"{CHROMIUM} is not installed (Debian package chromium)")
    yield
    images.close()


@pytest.fixture(scope="module")
def sheet(sqlite_demo_db):
    source = press.QuerySource(sqlite_demo_db, DisclosureRules(protection="internal"))
    with i18n.language("nl"):
        return factsheet.compose(source, press.choice(source, JAN_MAY_2015, None, None, "label_nl"))


@pytest.fixture(scope="module")
def written(sheet):
    return pdf.factsheet_pdf(sheet)


def structure(element, found: list) -> list:
    """Every structure element under ``element``, depth first (reading order)."""
    if isinstance(element, pikepdf.Dictionary) and "/S" in element:
        found.append(element)
    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        structure(kid, found)
    return found


def test_the_pdf_is_one_a4_page_with_the_figures(written):
    reader = PdfReader(io.BytesIO(written))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1
    text = reader.pages[0].extract_text()
    assert "3.300" in text and "845" in text and "74,4%" in text
    assert "geen gegevens over januari–mei 2014" in text
    assert "Bron: registratie van de sociale wijkteams" in text and "Intern gebruik" in text and "Demogegevens" in text
    assert "mei 2015" in text and "Woudhoek" in text  # the charts' own text: vector, not pictures of text


def test_the_pdf_is_tagged_for_accessibility(written, sheet):
    with pikepdf.open(io.BytesIO(written)) as document:
        root = document.Root
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "nl-NL"
        assert str(document.docinfo.Title) == sheet.title == "Persbriefing · Hele gemeente Schiedam"
        with document.open_metadata() as xmp:
            assert xmp.get("dc:title") == sheet.title
            assert "pdfuaid" in str(xmp)  # claims PDF/UA-1
        elements = structure(root.StructTreeRoot, [])
        kinds = [str(e.S) for e in elements]
        figures = [e for e in elements if str(e.S) == "/Figure"]
        assert [str(f.Alt) for f in figures] == [sheet.map.alt, sheet.trend.alt]
        assert "/H1" in kinds and "/Table" in kinds and "/TH" in kinds
        # Reading order: title, the table, the sentences, then the figures.
        assert kinds.index("/H1") < kinds.index("/Table") < kinds.index("/Figure")


def test_the_pdf_in_english_says_so(sqlite_demo_db):
    source = press.QuerySource(sqlite_demo_db, DisclosureRules(protection="internal"))
    with i18n.language("en"):
        sheet = factsheet.compose(source, press.choice(source, JAN_MAY_2015, None, None, "label_en"))
    written = pdf.factsheet_pdf(sheet)
    with pikepdf.open(io.BytesIO(written)) as document:
        assert str(document.Root.Lang) == "en-GB"
    text = PdfReader(io.BytesIO(written)).pages[0].extract_text()
    assert "3,300" in text and "Key figures" in text and "no data for January–May 2014" in text


def test_the_press_images_decode_at_the_requested_size(sheet):
    for chart, image in press.images_of(sheet, 1600):
        figure = factsheet.press_figure(sheet, chart)
        with Image.open(io.BytesIO(image)) as decoded:
            assert decoded.format == "PNG"
            assert decoded.size == images.png_size(figure, 1600) and decoded.size[0] == 1600


# The command

def test_the_command_writes_png_images_at_the_asked_width(run, tmp_path):
    status, out, err = run("factsheet", "--from", "2015-01", "--to", "2015-05", "--area", "WK060602", "--lang", "en",
                           "--out", str(tmp_path / "briefing.png"), "--width", "1800")
    assert status == 0 and err == ""
    written = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in written] == ["briefing-kaart.png", "briefing-verloop.png"]
    assert out.splitlines() == [f"Written: {p}" for p in (tmp_path / "briefing-kaart.png", tmp_path / "briefing-verloop.png")]
    for path in written:
        with Image.open(path) as decoded:
            assert decoded.size[0] == 1800 and decoded.size[1] > 600


@pytest.mark.parametrize("arguments, says", [
    (["--area", "WK069999"], "onbekende gebiedscode 'WK069999'"),
    (["--theme", "sport"], "onbekende themacode 'sport'"),
    (["--to", "2015-13"], "'2015-13' is geen maand in de vorm JJJJ-MM"),
    (["--to", "2014-12"], "--from 2015-01 ligt na --to 2014-12"),
    (["--to", "2030-01"], "niet van heel 2015-01 tot en met 2030-01"),
    (["--out", "{tmp}/briefing.docx"], "moet eindigen op .pdf of .png"),
    (["--out", "{tmp}/missing/briefing.pdf"], "de map bestaat niet of is niet schrijfbaar"),
])
def test_bad_input_is_one_line_and_status_2(run, tmp_path, arguments, says):
    argv = ["factsheet", "--from", "2015-01", "--to", "2015-05", "--out", str(tmp_path / "briefing.pdf")]
    status, out, err = run(*argv, *[a.format(tmp=tmp_path) for a in arguments])
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err, err
    assert not list(tmp_path.glob("briefing*"))


def test_an_unwritable_path_is_one_line(run, tmp_path):
    """A path that cannot take a file (here a folder; as root every file is writable)."""
    target = tmp_path / "briefing.pdf"
    target.mkdir()
    status, out, err = run("factsheet", "--from", "2015-01", "--to", "2015-05", "--out", str(target))
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "kan niet schrijven naar" in err, err


def test_text_from_the_data_prints_as_written_not_as_typst(sheet):
    """Names reach Typst as data: markup in them is printed, never obeyed."""
    hostile = '#panic("x") = *vet* $x$ <l> @ref'
    written = pdf.factsheet_pdf(dataclasses.replace(sheet, title=hostile, sentences=[f"In {hostile} waren er 12."]))
    text = PdfReader(io.BytesIO(written)).pages[0].extract_text()
    assert text.count('#panic("x") = *vet* $x$ <l> @ref') == 2
