"""The Hulpvragen view without Streamlit: its figures, tables and sentences from the published query
results of the demo, in Dutch and in English; property tests of its sentence against the sentence
rule; the misleading cases of issue 12 as regressions."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.views import cells, exports
from dashboard import format as fmt
from dashboard import i18n
from dashboard.views import compare
from dashboard.views import questions as view
from queries import questions
from queries.disclosure import SHOWN, SMALL, DisclosureRules
from queries.periods import Period

from .claims import claims
from .reading import as_read

OCT_DEC_2025 = Period.parse("2025-10", "2025-12")


@pytest.fixture(scope="module")
def figures(sqlite_demo_db):
    """Question figures of the demo, asked once per (area, period, level, theme)."""
    cache = {}

    def get(area="GM0606", period=OCT_DEC_2025, level="district", theme=None):
        key = (area, period, level, theme)
        if key not in cache:
            cache[key] = questions.question_figures(sqlite_demo_db, area, period, level, DisclosureRules(), theme=theme)
        return cache[key]

    return get


@pytest.fixture
def one_type_theme(sqlite_demo_db, youth_of_one_type):
    """Question figures where the youth theme holds a single question type (conftest)."""

    def get(period=OCT_DEC_2025, theme="jeugd"):
        return questions.question_figures(sqlite_demo_db, "GM0606", period, "district", DisclosureRules(), theme=theme)

    return get


def per(figures, code):
    return figures.per_category.set_index("code").loc[code]


def annotations(figure) -> list[str]:
    return [a.text for a in figure.layout.annotations]


# What the page is about

def test_the_levels_in_the_order_offered_and_in_both_languages():
    assert view.levels(["team", "district"]) == {"district": "Wijken", "team": "Wijkteamgebieden"}
    with i18n.language("en"):
        assert view.levels(["neighbourhood", "district", "team"]) == {"district": "Districts", "team": "Team areas",
                                                                      "neighbourhood": "Neighbourhoods"}


def test_headings_name_the_categories_and_the_level(figures):
    assert view.areas_heading(figures(), theme_chosen=False) == "Aandeel per thema, per wijk"
    assert view.areas_heading(figures(level="team", theme="overig"), theme_chosen=True) == "Aandeel per soort vraag, per wijkteamgebied"
    with i18n.language("en"):
        assert view.areas_heading(figures(), theme_chosen=False) == "Share by theme, by district"
        assert view.trend_heading(True) == "Trend by type of question"
        assert view.trend_caption(figures()) == "Contacts per month in October–December 2025; dotted, the same months a year earlier " \
                                                "(October–December 2024)."


# Per area

def test_the_heatmap_shows_the_published_shares_and_the_municipality_by_its_label(figures):
    f = figures(period=Period.parse("2016-01", "2016-06"))
    heatmap = view.share_heatmap(f).data[0]
    cells = {(y, x.replace("<br>", " ")): t for y, row in zip(heatmap.y, heatmap.text) for x, t in zip(heatmap.x, row)}
    nieuwland = f.by_area.query("code == 'WK060606' and category == 'schulden'").iloc[0]
    assert cells[("Nieuwland", "Schulden en inkomen")] == fmt.percent(nieuwland["share"], 0)
    assert "Hele gemeente Schiedam" in heatmap.y and "Zonder wijk" in heatmap.y
    with i18n.language("en"):
        heatmap = view.share_heatmap(f).data[0]
        cells = {(y, x.replace("<br>", " ")): t for y, row in zip(heatmap.y, heatmap.text) for x, t in zip(heatmap.x, row)}
        assert cells[("Nieuwland", "Debts and income")] == fmt.percent(nieuwland["share"], 0)
        assert "Whole municipality of Schiedam" in heatmap.y and "Without district" in heatmap.y
        assert "contacts" in heatmap.hovertemplate


def test_a_hidden_share_has_no_colour_and_shows_its_mark(figures):
    f = figures(period=Period.parse("2016-01", "2016-06"))
    hidden = f.by_area[(f.by_area["status"] == SMALL) & (f.by_area["kind"] == "area")].iloc[0]
    heatmap = view.share_heatmap(f).data[0]
    row, col = list(heatmap.y).index(hidden["name"]), [x.replace("<br>", " ") for x in heatmap.x].index(hidden["label_nl"])
    assert math.isnan(heatmap.z[row][col])
    assert heatmap.text[row][col] == f"<{f.rules.min_count}"


def test_the_area_table_for_screen_and_for_download(figures):
    f = figures()
    oost = f.by_area.query("code == 'WK060601' and category == 'wonen'").iloc[0]
    screen = cells.screen(view.areas_table(f)).set_index("Gebied")
    assert screen.at["Oost", "Wonen: contacten"] == fmt.number(oost["contacts"])
    assert screen.at["Oost", "Wonen: aandeel"] == fmt.percent(oost["share"])
    assert screen.at["Oost", "Contacten"] == fmt.number(oost["area_contacts"])
    download = exports.frame(view.areas_table(f)).set_index("Gebied")
    assert download.at["Oost", "Wonen: contacten"] == oost["contacts"]
    assert download.at["Oost", "Wonen: aandeel (%)"] == round(oost["share"] * 100, 1)
    with i18n.language("en"):
        english = cells.screen(view.areas_table(f)).set_index("Area")
        assert english.at["Oost", "Housing: contacts"] == fmt.number(oost["contacts"])
        assert english.at["Oost", "Housing: share"] == fmt.percent(oost["share"])


# "With the youth theme, Hulpvragen shows '100%' in every district" (issue 12)

@pytest.mark.parametrize("theme", ["schulden", "wonen", "jeugd"])
def test_with_a_headline_theme_hulpvragen_no_longer_shows_100_percent_in_every_district(figures, theme):
    """Issue 14: every district showed "100%" because each headline theme held one question type."""
    f = figures(theme=theme)
    assert not view.single(f) and len(f.categories) >= 3
    areas = f.by_area[f.by_area["kind"] != "total"]
    for _name, row in areas.groupby("name"):
        assert len(row) == len(f.categories)  # every area broken down by all of the theme's types, never one
    chart = view.areas_figure(f)
    assert [t.type for t in chart.data] == ["heatmap"]
    assert len(chart.data[0].x) == len(f.categories)


def test_a_theme_of_one_question_type_shows_counts_not_100_percent(one_type_theme):
    f = one_type_theme()
    assert view.single(f)
    chart = view.areas_figure(f)
    assert [t.type for t in chart.data] == ["bar"]  # counts per area, not a heatmap of shares
    assert not any("100" in str(t) for t in chart.data[0].text)
    areas = f.by_area[f.by_area["kind"] != "total"]
    shown = {n: int(c) for n, c, s in zip(areas["name"], areas["contacts"], areas["status"]) if s == SHOWN}
    bars = dict(zip(chart.data[0].y, chart.data[0].x))
    assert {n: bars[n] for n in shown} == shown
    table = cells.screen(view.areas_table(f))
    assert list(table.columns) == ["Gebied", "Contacten"]
    assert not any("Aandeel" in c for c in cells.screen(view.per_category_table(f, True)).columns)
    total = f.by_area[f.by_area["kind"] == "total"].iloc[0]
    caption = view.areas_caption(f, "Jeugd en opvoeding")
    assert "bevat één soort vraag" in caption and f"in heel Schiedam waren het er {fmt.number(total['contacts'])}" in caption
    assert "(psychische problemen (jeugd-ggz))" in as_read(caption)  # a theme named otherwise than its one type names both
    assert as_read(view.areas_heading(f, True)) == "Vragen over psychische problemen (jeugd-ggz) per wijk"
    with i18n.language("en"):
        assert view.areas_caption(f, "Youth and parenting").startswith("The theme Youth and parenting holds one type of question (")


def test_a_hidden_area_count_gets_no_bar_but_its_mark(one_type_theme):
    f = one_type_theme(period=Period.parse("2016-01", "2016-03"))
    chart = view.area_counts(f)
    hidden = f.by_area[(f.by_area["status"] == SMALL) & (f.by_area["kind"] != "total")]
    assert len(hidden)
    bars = dict(zip(chart.data[0].y, chart.data[0].x))
    for name in hidden["name"]:
        assert bars[name] is None
        assert any(a.y == name and a.text == f"<{f.rules.min_count}" for a in chart.layout.annotations)


# Per month and per category

def test_the_trend_marks_each_hidden_month_of_the_period(figures):
    f = figures(area="WK060605", period=Period.parse("2024-03", "2024-05"), theme="overig")
    hidden = f.trend[(f.trend["which"] == "now") & (f.trend["status"] == SMALL)]
    assert len(hidden)
    chart = view.trend_figure(f)
    assert annotations(chart).count(f"<{f.rules.min_count}") == len(hidden)
    table = cells.screen(view.trend_table(f, theme_chosen=True))
    assert (table["Contacten"] == f"<{f.rules.min_count}").sum() == len(hidden)


def test_a_dossier_share_on_a_hidden_count_is_no_bar_but_the_mark(figures):
    f = figures(area="WK060605", period=Period.parse("2024-03", "2024-05"), theme="overig")
    chart = view.dossiers_figure(f)
    bars = dict(zip(chart.data[0].y, chart.data[0].x))
    rows = f.per_category[f.per_category["code"] != ""]
    marks = {a.y: a.text for a in chart.layout.annotations}
    for r in rows.itertuples():
        assert bars[r.label_nl] is None  # every share here rests on a hidden or a zero count
        assert marks[r.label_nl] == (f"<{f.rules.min_count}" if SMALL in (r.contacts_now_status, r.dossiers_now_status) else fmt.MISSING)


def test_the_dossier_chart_and_table_show_the_published_shares(figures):
    f = figures()
    jeugd = per(f, "jeugd")
    chart = view.dossiers_figure(f)
    assert dict(zip(chart.data[0].y, chart.data[0].x))["Jeugd en opvoeding"] == pytest.approx(jeugd["dossier_share_now"])
    assert dict(zip(chart.data[1].y, chart.data[1].x))["Jeugd en opvoeding"] == pytest.approx(jeugd["dossier_share_earlier"])
    table = cells.screen(view.dossiers_table(f, theme_chosen=False)).set_index("Thema")
    assert table.at["Jeugd en opvoeding", "Werd een dossier"] == fmt.percent(jeugd["dossier_share_now"])
    assert list(table.columns) == ["Contacten", "Dossiers", "Werd een dossier", "Werd een dossier (jaar eerder)"]
    with i18n.language("en"):
        table = cells.screen(view.dossiers_table(f, theme_chosen=False)).set_index("Theme")
        assert table.at["Youth and parenting", "Led to a case"] == fmt.percent(jeugd["dossier_share_now"])
        assert [t.name for t in view.dossiers_figure(f).data] == ["chosen period", "a year earlier"]
    assert [t.name for t in chart.data] == ["gekozen periode", "een jaar eerder"]


def test_all_figures_per_category_on_screen_and_in_the_download(figures):
    f = figures()
    total = f.per_category.iloc[-1]
    screen = cells.screen(view.per_category_table(f, False)).set_index("Thema")
    assert screen.at["Totaal", "Contacten"] == fmt.number(total["contacts_now"])
    assert screen.at["Totaal", "Verandering contacten"] == fmt.change(int(total["contacts_now"]), int(total["contacts_earlier"]))
    download = exports.frame(view.per_category_table(f, False)).set_index("Thema")
    assert download.at["Totaal", "Contacten (jaar eerder)"] == total["contacts_earlier"]
    with i18n.language("en"):
        english = cells.screen(view.per_category_table(f, False)).set_index("Theme")
        assert english.at["Total", "Contacts"] == fmt.number(total["contacts_now"]) and "," in english.at["Total", "Contacts"]


# The sentence

def _volume(f, lang):
    total = int(f.per_category["contacts_now"].iloc[-1])
    return fmt.number(total, lang=lang)


def test_van_de_2723_vragen_van_schiedam_reads_as_natural_dutch(figures):
    """Issue 12: "Van de 2.723 vragen van Schiedam…"."""
    f = figures()
    debts, housing = per(f, "schulden"), per(f, "wonen")
    text = view.sentence(f, "municipality", "Schiedam", theme_chosen=False)
    assert text.startswith(
        f"In oktober–december 2025 stelden inwoners uit Schiedam {_volume(f, 'nl')} vragen: "
        f"{fmt.percent(debts['share_now'])} over schulden en inkomen ({fmt.number(debts['contacts_now'])}) en "
        f"{fmt.percent(housing['share_now'])} over wonen ({fmt.number(housing['contacts_now'])}).")
    assert "van Schiedam" not in text and "Van de" not in text
    with i18n.language("en"):
        text = view.sentence(f, "municipality", "Schiedam", theme_chosen=False)
        assert text.startswith(f"In October–December 2025 residents from Schiedam asked {_volume(f, 'en')} questions: "
                               f"{fmt.percent(debts['share_now'])} about debts and income")


def test_waren_er_van_schiedam_379_vragen_reads_as_natural_dutch_and_one_theme_is_not_the_strongest(one_type_theme):
    """Issue 12: "waren er van Schiedam 379 vragen" and "Het sterkst gestegen" when only one theme is shown."""
    f = one_type_theme()
    row = per(f, "")
    verdict = compare.counts(int(row["contacts_now"]), int(row["contacts_earlier"]))
    text = view.sentence(f, "municipality", "Schiedam", theme_chosen=True)
    assert as_read(text).startswith(f"In oktober–december 2025 stelden inwoners uit Schiedam {fmt.number(row['contacts_now'])} "
                                    "vragen over psychische problemen (jeugd-ggz).")
    assert "sterkst" not in text and "rank" not in claims(text, "nl")
    assert ("rise" in claims(text, "nl")) == (verdict.direction == compare.HIGHER)
    with i18n.language("en"):
        text = view.sentence(f, "municipality", "Schiedam", theme_chosen=True)
        assert text.startswith(f"In October–December 2025 residents from Schiedam asked {fmt.number(row['contacts_now'], lang='en')} "
                               "questions about ")
        assert "rank" not in claims(text, "en")


def test_the_strongest_rise_only_among_at_least_two_rises(figures):
    f = figures(period=Period.parse("2016-01", "2016-06"))
    rows = f.per_category[f.per_category["code"] != ""]
    rises = [(r.contacts_now / r.contacts_earlier - 1, r.label_nl) for r in rows.itertuples()
             if compare.counts(int(r.contacts_now), int(r.contacts_earlier)).direction == compare.HIGHER]
    assert len(rises) >= 2
    change, label = max(rises)
    text = view.sentence(f, "municipality", "Schiedam", theme_chosen=False)
    assert f"Het sterkst gestegen: vragen over {label[:1].lower() + label[1:]}, {fmt.percent(change)} meer dan in januari–juni 2015" in text


def test_a_district_is_named_in_the_sentence_as_a_district(figures):
    f = figures(area="WK060606")
    assert view.sentence(f, "district", "Nieuwland", theme_chosen=False).startswith(
        "In oktober–december 2025 stelden inwoners uit de wijk Nieuwland")


def test_too_few_questions_say_so_and_nothing_else(figures):
    f = figures(area="WK060605", period=Period.parse("2024-03", "2024-05"), theme="overig")
    assert pd.isna(f.per_category["contacts_now"].iloc[-1])
    assert view.sentence(f, "district", "Nieuw Mathenesse", True) == (
        "In maart–mei 2024 kwamen er in de wijk Nieuw Mathenesse zo weinig vragen binnen dat we ze niet per soort vraag tonen, "
        "om te voorkomen dat personen herkenbaar worden.")


def test_no_year_earlier_is_said(figures):
    f = figures(area="WOT-OOST", period=Period.parse("2015-01", "2015-05"))
    assert f.earlier is None
    text = view.sentence(f, "team", "WOT Oost", theme_chosen=False)
    assert "Van een jaar eerder zijn er geen gegevens om mee te vergelijken." in text
    assert not claims(text, "nl") & {"rise", "fall"}


# Property tests: no sentence claims what the rule does not allow

LABELS = [("schulden", "Schulden en inkomen", "Debts and income"), ("wonen", "Wonen", "Housing"),
          ("jeugd", "Jeugd en opvoeding", "Youth and parenting"), ("overig", "Overige levensgebieden", "Other life domains"),
          ("justitie", "Justitie", "Justice"), ("adl", "Activiteiten dagelijks leven (ADL)", "Activities of daily living (ADL)")]
RANK = {"rise": {"nl": "sterkst gestegen", "en": "strongest rise"}, "fall": {"nl": "sterkst gedaald", "en": "sharpest fall"},
        "dossier": {"nl": "vaakst", "en": "more often than any"}}


@st.composite
def count_pairs(draw):
    """(now, earlier): hidden (None), small, large, and pairs close to each other around the rule's thresholds."""
    count = st.one_of(st.none(), st.integers(0, 40), st.integers(0, 3000))
    now = draw(count)
    if now is not None and draw(st.booleans()):
        return now, max(0, now + draw(st.integers(-40, 40)))
    return now, draw(count)


@st.composite
def question_figures(draw):
    n = draw(st.integers(1, len(LABELS)))
    has_earlier = draw(st.booleans())
    rows = []
    for code, nl, en in LABELS[:n]:
        now, earlier = draw(count_pairs())
        dossiers = None if now is None or draw(st.integers(0, 9)) == 0 else draw(st.integers(0, now))
        rows.append({"code": code, "label_nl": nl, "label_en": en, "contacts_now": now,
                     "contacts_earlier": earlier if has_earlier else None, "dossiers_now": dossiers})
    hidden_total = draw(st.integers(0, 9)) == 0
    frame = pd.DataFrame(rows)
    known = [r["contacts_now"] for r in rows if r["contacts_now"] is not None]
    total = None if hidden_total else sum(known) + 2 * (len(rows) - len(known))
    frame.loc[len(frame)] = {"code": "", "label_nl": "Totaal", "label_en": "Total", "contacts_now": total,
                             "contacts_earlier": None, "dossiers_now": None}
    for column in ("contacts_now", "contacts_earlier", "dossiers_now"):
        frame[column] = pd.array(frame[column], dtype="Int64")
        frame[f"{column}_status"] = [SMALL if pd.isna(v) else SHOWN for v in frame[column]]
    frame["share_now"] = pd.array([pd.NA if pd.isna(c) or not total else c / total for c in frame["contacts_now"]], dtype="Float64")
    frame["dossier_share_now"] = pd.array([pd.NA if pd.isna(d) or pd.isna(c) or not c else d / c
                                           for d, c in zip(frame["dossiers_now"], frame["contacts_now"])], dtype="Float64")
    period = Period.parse("2025-10", "2025-12")
    return questions.QuestionFigures("GM0606", period, period.year_earlier() if has_earlier else None, "district",
                                     frame[["code", "label_nl", "label_en"]].iloc[:-1], pd.DataFrame(), pd.DataFrame(), frame,
                                     DisclosureRules())


def _verdicts(f) -> list:
    rows = f.per_category[f.per_category["code"] != ""]
    return [compare.counts(None if pd.isna(n) else int(n), None if pd.isna(e) else int(e))
            for n, e in zip(rows["contacts_now"], rows["contacts_earlier"])]


def _dossier_rank_allowed(f) -> bool:
    rows = f.per_category[(f.per_category["code"] != "") & f.per_category["dossier_share_now"].notna()]
    rows = rows[rows["contacts_now"] >= compare.MIN_BASE]
    if not compare.may_rank(len(rows)):
        return False
    top = rows.loc[rows["dossier_share_now"].astype(float).idxmax()]
    return all(compare.shares(float(top["dossier_share_now"]), float(r["dossier_share_now"]), int(top["contacts_now"]),
                              int(r["contacts_now"])).direction == compare.HIGHER
               for i, r in rows.iterrows() if r["code"] != top["code"])


@settings(max_examples=200, deadline=None)
@given(question_figures(), st.booleans())
def test_the_questions_sentence_claims_only_what_the_rule_allows(f, theme_chosen):
    verdicts = _verdicts(f)
    total = f.per_category["contacts_now"].iloc[-1]
    speaks = not pd.isna(total) and total > 0 and f.earlier is not None
    rises = sum(v.direction == compare.HIGHER for v in verdicts)
    falls = sum(v.direction == compare.LOWER for v in verdicts)
    for lang in ("nl", "en"):
        with i18n.language(lang):
            text = view.sentence(f, "municipality", "Schiedam", theme_chosen or view.single(f))
        said = claims(text, lang)
        assert not said & {"higher", "lower", "every", "more than half"}, text
        # A rise or fall is said exactly when the rule names one: never more, and never left out.
        assert ("rise" in said) == (speaks and rises > 0), text
        assert ("fall" in said) == (speaks and falls > 0), text
        assert (RANK["rise"][lang] in text) == (speaks and compare.may_rank(rises)), text
        assert (RANK["fall"][lang] in text) == (speaks and compare.may_rank(falls)), text
        if RANK["dossier"][lang] in text:
            assert _dossier_rank_allowed(f), text
        if "rank" in said:
            assert compare.may_rank(rises) or compare.may_rank(falls) or _dossier_rank_allowed(f), text


def test_a_few_contacts_get_whole_ticks(figures):
    f = figures(area="WK060605", period=Period.parse("2024-03", "2024-05"), theme="overig")
    assert view.trend_figure(f).layout.yaxis.dtick == 1
    assert view.trend_figure(figures()).layout.yaxis.dtick is None
