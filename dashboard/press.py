"""The press briefing outside the dashboard: `wijkmonitor factsheet` and `wijkmonitor benchmark
factsheet`. The factsheet is composed by the same view as the page (``views/factsheet.py``), from
the query layer instead of the dashboard's cache: same calls, same published numbers."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import format as fmt
from dashboard import images, pdf
from dashboard.i18n import _
from dashboard.views import factsheet
from dashboard.views.factsheet import Chart, Factsheet
from dashboard.views.selection import Selection
from queries import areas, categories, contacts, loads
from queries.database import Database
from queries.disclosure import DisclosureRules
from queries.periods import Period

BENCHMARK_PERIOD = Period(date(2015, 1, 1), date(2015, 5, 1))  # the demo's published months


@dataclass(frozen=True)
class QuerySource:
    """``views.factsheet.Source`` on the query layer: what ``dashboard.data`` does on the server,
    without its cache."""

    db: Database
    protection: DisclosureRules

    def key_figures(self, area_code: str, period: Period, theme: str | None, channel: str | None):
        return contacts.key_figures(self.db, area_code, period, self.protection, theme, channel)

    def contacts_by_area(self, level: str, period: Period, theme: str | None, channel: str | None) -> pd.DataFrame:
        return contacts.by_area(self.db, level, period, self.protection, theme, channel)

    def monthly_rate(self, area_code: str, period: Period, theme: str | None, channel: str | None) -> pd.DataFrame:
        return contacts.monthly_rate(self.db, area_code, period, self.protection, theme, channel)

    def shapes(self, level: str) -> pd.DataFrame:
        return areas.shapes(self.db, level)

    def contact_levels(self) -> list[str]:
        return contacts.levels(self.db)

    def contact_months(self) -> tuple[date, date] | None:
        return loads.contact_months(self.db)

    def area_list(self) -> pd.DataFrame:
        return areas.areas(self.db)

    def themes(self) -> pd.DataFrame:
        return categories.themes(self.db)

    def is_demo(self) -> bool:
        return loads.is_demo(self.db)

    def rules(self) -> DisclosureRules:
        return self.protection


def choice(source: QuerySource, period: Period, area_code: str | None, theme: str | None, label_column: str) -> Selection:
    """The choice for an area code (None: the municipality) and a theme code, both known to exist."""
    known = source.area_list()
    area_code = area_code or str(known["code"].iloc[0])
    row = known.set_index("code").loc[area_code]
    theme_label = None if theme is None else str(source.themes().set_index("code").loc[theme, label_column])
    return Selection(period, area_code, str(row["name"]), str(row["level"]), str(known["code"].iloc[0]), theme, theme_label)


def images_of(sheet: Factsheet, width: int = factsheet.PRESS_WIDTH) -> list[tuple[Chart, bytes]]:
    """Each chart of the factsheet as a press image, ``width`` pixels wide."""
    return [(chart, images.png(factsheet.press_figure(sheet, chart), width)) for chart in sheet.charts]


def benchmark(source: QuerySource, selection: Selection, runs: int) -> dict:
    """Seconds to compose the factsheet and write its PDF, after one warm-up run (browser started,
    imports done): median and 95th percentile."""
    pdf.factsheet_pdf(factsheet.compose(source, selection))
    seconds = []
    for _run in range(runs):
        started = time.perf_counter()
        pdf.factsheet_pdf(factsheet.compose(source, selection))
        seconds.append(time.perf_counter() - started)
    ordered = sorted(seconds)
    return {"runs": runs, "median": statistics.median(seconds),
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]}


def benchmark_text(result: dict) -> str:
    return _("Factsheet als PDF, warm, {runs} keer: mediaan {median} s, p95 {p95} s.").format(
        runs=result["runs"], median=fmt.number(result["median"], 2), p95=fmt.number(result["p95"], 2))
