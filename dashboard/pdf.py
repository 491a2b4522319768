"""The factsheet as a PDF: A4, one page, tagged and accessible (PDF/UA-1), typeset by Typst.

Typst comes as a self-contained Python wheel (no system libraries, no LaTeX), typesets in
milliseconds and writes PDF/UA-1 itself: it refuses to write one that lacks a title, a language or
alternative text on an image, so those cannot be forgotten. The charts go in as SVG (vector, from
``dashboard.images``). The layout is ``templates/factsheet.typ``; every text reaches it as data,
never as Typst markup, so a name from the data cannot change the document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import typst

from dashboard import images
from dashboard.i18n import _, language
from dashboard.views.factsheet import Factsheet
from queries.messages import N_

TEMPLATE = Path(__file__).resolve().parent / "templates" / "factsheet.typ"
REGIONS = {"nl": "NL", "en": "GB"}
CHART_WIDTH = 480  # CSS pixels of an SVG chart; in the PDF half the text width (87 mm): 14 px text is 7 pt
CHART_HEIGHT = 540
# Dutch (and British) typography: a number and its unit ("1,2 %-punt", "3 pp") do not break apart,
# and the space between them is thin.
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=%-punt|pp\b)")


class PdfError(images.RenderError):
    """Typst could not write the factsheet."""


def typographic(text: str) -> str:
    return _NUMBER_UNIT.sub("\u202f", text)


def factsheet_pdf(sheet: Factsheet, format: str = "pdf") -> bytes:
    """The factsheet as PDF bytes, in the factsheet's own language (``format="png"``: the same page
    as an image, to look at it without a PDF viewer)."""
    charts = []
    inputs: dict[str, str] = {}
    for index, chart in enumerate(sheet.charts):
        figure = chart.figure
        key = f"chart{index}"
        inputs[key] = images.svg(figure, CHART_WIDTH, CHART_HEIGHT).decode()
        charts.append({"title": chart.title, "alt": chart.alt, "input": key})
    with language(sheet.lang):
        data = {
            "lang": sheet.lang,
            "region": REGIONS.get(sheet.lang, ""),
            "title": sheet.title,
            "subtitle": sheet.subtitle,
            "exact": sheet.exact,
            "internal": _("Intern: exacte cijfers, niet voor publicatie."),
            "demo": sheet.demo,
            "headlines_heading": _("Kerncijfers"),
            "columns": list(sheet.columns),
            "headlines": [[h.label, h.value, *(typographic(c) for c in h.changes)] for h in sheet.headlines],
            "sentences_heading": _("Wat de cijfers zeggen"),
            "sentences": [typographic(s) for s in sheet.plain_sentences],
            "charts": charts,
            "footer": sheet.footer,
        }
    inputs["sheet"] = json.dumps(data, ensure_ascii=False)
    try:
        return typst.compile(TEMPLATE.read_bytes(), format=format, sys_inputs=inputs, root=str(TEMPLATE.parent),
                             **({"pdf_standards": ["ua-1"]} if format == "pdf" else {"ppi": 110}))
    except RuntimeError as error:  # typst reports a document it cannot write as a RuntimeError
        raise PdfError(N_("de factsheet kon niet als PDF worden gezet: {reason}"), reason=str(error)) from None
