"""Findings of the probe of issue 12 (sentences, charts, the command line), each kept as a test.
(The English notes sheet of a download is tested in tests/test_exports.py.)"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import i18n
from dashboard.views import compare
from dashboard.views import contacts as contacts_view
from dashboard.views import questions as questions_view
from dashboard.views import waiting_times as waits_view
from queries import categories, questions, waits
from queries.disclosure import DisclosureRules
from queries.periods import Period

from .claims import claims

WIJKMONITOR = str(Path(sys.executable).with_name("wijkmonitor"))


# 2. "Het sterkst gestegen" ranks only the rises compare names; a category that rose far more, on
#    fewer than 100 questions, is left out silently, so the superlative is false for what the
#    reader sees in the table beside it.

@pytest.fixture(scope="module")
def year_2016(sqlite_demo_db):
    return questions.question_figures(sqlite_demo_db, "GM0606", Period.parse("2016-01", "2016-12"), "district",
                                      DisclosureRules())


def _with(figures, code, **values):
    frame = figures.per_category.copy()
    for column, value in values.items():
        frame.loc[frame["code"] == code, column] = value
    return dataclasses.replace(figures, per_category=frame)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_strongest_rise_is_not_claimed_over_a_category_that_rose_more(year_2016, lang):
    figures = _with(year_2016, "jeugd", contacts_now=95, contacts_earlier=40)  # +138%, on fewer than 100
    with i18n.language(lang):
        text = questions_view.sentence(figures, "municipality", "Schiedam", theme_chosen=False)
    assert "rank" not in claims(text, lang) or ("100" in text), text


# 3. With too few questions to compare, the sentence gives the wrong reason: "no change large
#    enough to report" (too small) instead of "too few" (docs/sentences.md: never confuse them).
#    On the page: /hulpvragen?gebied=WOT-NIEUWLAND&thema=overig&kanaal=email_web&van=2025-12&tot=2025-12

@pytest.mark.parametrize("lang, too_small", [("nl", "groot genoeg"), ("en", "large enough")])
def test_too_few_questions_are_not_called_too_small_a_change(sqlite_demo_db, lang, too_small):
    figures = questions.question_figures(sqlite_demo_db, "WOT-NIEUWLAND", Period.parse("2025-12", "2025-12"), "district",
                                         DisclosureRules(), theme="overig", channel="email_web")
    compared = figures.per_category.iloc[:-1].dropna(subset=["contacts_now", "contacts_earlier"])
    assert len(compared) and (compared[["contacts_now", "contacts_earlier"]].min(axis=1) < compare.MIN_BASE).all()
    with i18n.language(lang):
        text = questions_view.sentence(figures, "team", "WOT Nieuwland", theme_chosen=True)
    assert too_small not in text, text


# 4. The waiting-times range names the same figure twice when the lowest and highest share are
#    equal (or round to the same percentage): "van 60% (Eerste gesprek wijkteam) tot 60% (Eerste
#    gesprek wijkteam)".

def test_the_range_of_shares_does_not_repeat_one_service(sqlite_demo_db):
    period = Period.parse("2015-01", "2015-05")
    totals = waits_view.totals(waits.waits(sqlite_demo_db, "GM0606", period, DisclosureRules())).copy()
    totals["share"] = 0.6
    text = waits_view.summary(totals, categories.services(sqlite_demo_db), period, "municipality", "Schiedam")
    assert "van 60% (Eerste gesprek wijkteam) tot 60% (Eerste gesprek wijkteam)" not in text, text


# 5. Contacten, "Van contact naar dossier": the hover says "563 korte interventie" / "38 dossier"
#    ("563 short intervention", "38 case"): the legend's singular name used as the unit of a count.

@pytest.mark.parametrize("lang, singular", [("nl", "korte interventie<"), ("en", "short intervention<")])
def test_outcome_hover_names_a_count_in_the_plural(lang, singular):
    rows = pd.DataFrame({"name": ["WOT Oost"], "kind": ["area"], "short_interventions": [563], "dossiers": [38],
                         "short_interventions_status": [""], "dossiers_status": [""]})
    with i18n.language(lang):
        figure = contacts_view.outcome_bars(rows, 5)
    hovers = [trace.hovertemplate for trace in figure.data]
    assert not any(singular in h for h in hovers), hovers


# 6. The command line prints a traceback when its reader stops reading (`| head`, `| true`).

@pytest.mark.parametrize("args", [["--json"], []])
def test_figures_into_a_closed_pipe_prints_no_traceback(sqlite_demo_url, args):
    command = f"'{WIJKMONITOR}' figures --from 2015-01 --to 2015-05 --db '{sqlite_demo_url}' {' '.join(args)} | true"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr


# 7. `figures --json --lang en` keeps the Dutch reference labels ("Telefonisch via de zorgcentrale"),
#    while the text output of the same command is English.

def test_figures_json_in_english_has_english_labels(sqlite_demo_url):
    done = subprocess.run([WIJKMONITOR, "figures", "--from", "2015-01", "--to", "2015-05", "--json", "--lang", "en",
                           "--db", sqlite_demo_url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Telefonisch via de zorgcentrale" not in done.stdout


# 8. Overzicht's tiles showed an arrow up for +41.7% on 12 -> 17 dossiers, beside a sentence that
#    (rightly) calls the difference too few to name: a tile's arrow follows the rule too.

def test_a_tile_has_an_arrow_only_where_the_rule_names_the_change(sqlite_demo_db):
    from dashboard.views import overview
    from queries.contacts import key_figures

    rules = DisclosureRules()
    small = Period.parse("2024-11", "2025-01")
    now, earlier = (key_figures(sqlite_demo_db, "WK060602", p, rules, theme="wonen") for p in (small, small.year_earlier()))
    tiles = {t.label: t for t in overview.tiles(now, None, earlier)}
    assert tiles["Dossiers geopend"].change and not tiles["Dossiers geopend"].named
    whole = Period.parse("2016-01", "2016-12")
    now, earlier = (key_figures(sqlite_demo_db, "GM0606", p, rules) for p in (whole, whole.year_earlier()))
    contacts = next(t for t in overview.tiles(now, None, earlier) if t.label == "Contacten")
    assert contacts.named == compare.counts(now.value("contacts"), earlier.value("contacts")).named
