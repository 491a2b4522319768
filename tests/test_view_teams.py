"""The Teams view without Streamlit: its figures, tables and sentences from the published query
results of the demo, in Dutch and in English; property tests of its sentence against the sentence
rule's tally; the misleading cases of issue 12 as regressions."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.views import cells, exports
from dashboard import format as fmt
from dashboard import i18n
from dashboard.views import compare
from dashboard.views import teams as view
from queries import teams
from queries.disclosure import SHOWN, SMALL, DisclosureRules, share
from queries.periods import Period, month_key, months_between
from queries.teams import ALL_TEAMS

from .claims import claims

OCT_DEC_2025 = Period.parse("2025-10", "2025-12")
JAN_MAY_2015 = Period.parse("2015-01", "2015-05")


@pytest.fixture(scope="module")
def figures(sqlite_demo_db):
    cache = {}

    def get(area="GM0606", period=OCT_DEC_2025, theme=None):
        key = (area, period, theme)
        if key not in cache:
            cache[key] = teams.team_figures(sqlite_demo_db, area, period, DisclosureRules(), theme=theme)
        return cache[key]

    return get


def hide(f, team: str, *columns: str, status: str = SMALL):
    """``f`` with ``team``'s counts in ``columns`` hidden at the period's end (and what rests on them),
    as the query layer would publish them."""
    summary = f.summary.copy()
    monthly = f.monthly.copy()
    at = summary["team_code"] == team
    last = (monthly["team_code"] == team) & (monthly["month"] == monthly["month"].max())
    for column in columns:
        summary.loc[at, column], summary.loc[at, f"{column}_status"] = pd.NA, status
        monthly.loc[last, column], monthly.loc[last, f"{column}_status"] = pd.NA, status
    if "open_dossiers" in columns:
        summary.loc[at, "caseload"], summary.loc[at, "over_norm"] = pd.NA, False
        monthly.loc[last, "caseload"], monthly.loc[last, "over_norm"] = pd.NA, False
    for weight in ("weight_1", "weight_2", "weight_3"):
        if weight in columns:
            summary.loc[at, f"{weight}_share"] = pd.NA
    return dataclasses.replace(f, summary=summary, monthly=monthly)


def row(f, team=ALL_TEAMS):
    return f.summary.set_index("team_code").loc[team]


# The sentence

def test_the_teams_together_against_the_norm_in_dutch_and_english(figures):
    f = figures()
    total = row(f)
    over = f.summary[(f.summary["team_code"] != ALL_TEAMS) & f.summary["over_norm"]].sort_values("caseload", ascending=False)
    assert 0 < len(over) < len(f.summary) - 1
    names = dict(zip(f.teams["code"], f.teams["name"]))
    listed = ", ".join(f"{names[c].replace('/', chr(92) + '/')} ({fmt.number(v, 1)})" for c, v in zip(over["team_code"], over["caseload"]))
    text = view.sentence(f)
    assert text.startswith(
        f"Eind december 2025 hadden de 6 wijkteams samen {fmt.number(total['open_dossiers'])} open dossiers op "
        f"{fmt.number(total['fte'], 1)} fte: {fmt.number(total['caseload'], 1)} dossiers per fte, "
        f"{'boven' if total['over_norm'] else 'binnen'} de norm van 25 per fte. "
        f"{len(over)} van de 6 teams zaten erboven: {listed}.")
    assert text.endswith(f"Van de {fmt.number(total['multi_problem'])} huishoudens met problemen op meer levensgebieden had "
                         f"{fmt.percent(total['integrated_share'])} één plan met één regisseur.")
    with i18n.language("en"):
        text = view.sentence(f)
        assert text.startswith(f"At the end of December 2025 the 6 teams together had {fmt.number(total['open_dossiers'])} open cases "
                               f"on {fmt.number(total['fte'], 1)} FTE: {fmt.number(total['caseload'], 1)} cases per FTE, ")
        assert f"{len(over)} of the 6 teams were above it: " in text
        assert "," in fmt.number(total["open_dossiers"]) and "." in fmt.number(total["fte"], 1)


def test_geen_enkel_team_counts_the_teams_that_are_shown(figures):
    """Issue 12: "Geen enkel team" must follow compare.tally."""
    f = figures(period=JAN_MAY_2015)
    assert not f.summary["over_norm"].any()
    assert "Geen van de 6 teams zat erboven." in view.sentence(f)
    with i18n.language("en"):
        assert "None of the 6 teams was above it." in view.sentence(f)


def test_n_of_m_teams_counts_only_shown_teams_and_says_some_are_hidden(figures):
    """Issue 12: "N van de M teams zaten erboven" counts only the teams shown and says that some are hidden."""
    f = figures()
    over = f.summary[(f.summary["team_code"] != ALL_TEAMS) & f.summary["over_norm"]]
    hidden = hide(f, over["team_code"].iloc[0], "open_dossiers")
    tally = view.teams_tally(hidden)
    assert (tally.meeting, tally.shown, tally.hidden) == (len(over) - 1, 5, 1)
    text = view.sentence(hidden)
    assert f"{len(over) - 1} van de 5 teams zaten erboven" in text
    assert "Van 1 team is de caseload niet te tonen." in text
    with i18n.language("en"):
        text = view.sentence(hidden)
        assert f"{len(over) - 1} of the 5 teams were above it" in text and "The caseload of 1 team cannot be shown." in text


def test_every_team_above_the_norm_is_said_only_when_every_shown_team_is(figures):
    f = figures()
    summary = f.summary.copy()
    teams_only = summary["team_code"] != ALL_TEAMS
    summary.loc[teams_only & ~summary["over_norm"], "over_norm"] = True
    every = dataclasses.replace(f, summary=summary)
    assert "Alle 6 teams zaten erboven: " in view.sentence(every)
    under = summary[teams_only & (summary["caseload"] < f.norm.value)]["team_code"].tolist()
    assert under  # hide the teams that were under the norm: "all" still only of the shown ones
    hidden = every
    for code in under:
        hidden = hide(hidden, code, "open_dossiers")
    text = view.sentence(hidden)
    assert f"Alle {6 - len(under)} teams zaten erboven" in text
    assert f"Van {len(under)} teams is de caseload niet te tonen." in text


def test_one_team_counts_its_months_over_the_norm(figures):
    f = figures(area="WOT-NIEUWLAND", period=Period.parse("2025-01", "2025-12"))
    assert not f.has_total
    months = f.monthly
    assert months["over_norm"].all()
    assert "In alle 12 maanden lag de caseload boven de norm." in view.sentence(f)
    summary = f.summary.copy()
    monthly = months.copy()
    monthly.loc[monthly.index[:2], ["caseload", "over_norm"]] = [pd.NA, False]
    text = view.sentence(dataclasses.replace(f, monthly=monthly, summary=summary))
    assert "In alle 10 maanden lag de caseload boven de norm. Van 2 maanden is de caseload niet te tonen." in text
    with i18n.language("en"):
        assert "In all 12 months the caseload was above the norm." in view.sentence(f)


def test_one_team_the_period_of_one_month_needs_no_count_of_months(figures):
    f = figures(area="WOT-ZUID", period=Period.parse("2025-12", "2025-12"))
    text = view.sentence(f)
    assert "maanden" not in text and text.startswith("Eind december 2025 had WOT Zuid ")


def test_a_caseload_that_cannot_be_shown_is_said(figures):
    f = hide(figures(area="WOT-ZUID"), "WOT-ZUID", "open_dossiers")
    assert view.sentence(f) == "Voor december 2025 is de caseload van WOT Zuid niet te tonen."


# Notices and captions

def test_notices_and_the_norm_in_both_languages(figures):
    f = figures(area="WK060606")
    assert view.own_team_notice(f, "district", "Nieuwland") == (
        "De werklast wordt per wijkteam geregistreerd. U ziet het wijkteam dat werkt in de wijk Nieuwland: WOT Nieuwland.")
    assert view.own_team_notice(f, "team", "WOT Nieuwland") is None
    assert view.filter_notice(None) is None
    assert "de kolom *Nieuw\\, thema Wonen* toont dat deel" in view.filter_notice("thema Wonen")
    assert view.norm_caption(f.norm).startswith("**Caseloadnorm: 25 open dossiers per fte.** Bron: Aanname van de demo")
    assert view.norm_caption(None) is None
    with i18n.language("en"):
        assert view.norm_caption(f.norm).startswith("**Caseload norm: 25 open cases per FTE.** Source: ")
        assert view.bars_heading(f) == "Caseload by team, end of December 2025"
        assert view.flows_caption(f) == "WOT Nieuwland, per month."


# Figures: a hidden count never as an empty bar

def test_caseload_bars_of_the_published_caseloads_and_above_the_norm_hatched(figures):
    f = figures()
    bars = view.caseload_bars(f).data[0]
    summary = f.summary
    assert list(bars.x) == pytest.approx([float(v) for v in summary["caseload"]])
    assert list(bars.marker.pattern.shape) == ["/" if o else "" for o in summary["over_norm"]]
    assert bars.y[-1] == "Alle wijkteams"
    with i18n.language("en"):
        assert view.caseload_bars(f).data[0].y[-1] == "All teams"


def test_a_hidden_caseload_is_no_bar_but_its_mark(figures):
    f = hide(figures(), "WOT-ZUID", "open_dossiers")
    chart = view.caseload_bars(f)
    bars = dict(zip(chart.data[0].y, chart.data[0].x))
    assert bars["WOT Zuid"] is None
    assert [(a.y, a.text) for a in chart.layout.annotations if a.y == "WOT Zuid"] == [("WOT Zuid", f"<{f.rules.min_count}")]


def test_a_hidden_flow_stands_as_a_mark_in_its_own_group(figures):
    f = figures(area="WOT-ZUID")
    month = f.monthly["month"].max()
    f = hide(f, "WOT-ZUID", "new")
    chart = view.dossier_flows(f, None)
    bars = {t.offsetgroup: t for t in chart.data if t.type == "bar"}
    assert list(bars) == ["new", "closed"]
    assert bars["new"].y[-1] is None and bars["closed"].y[-1] is not None
    marks = [t for t in chart.data if t.type == "scatter"]
    assert [(t.offsetgroup, list(t.text), [month_key(x) for x in t.x]) for t in marks] == [("new", [f"<{f.rules.min_count}"], [month])]
    assert chart.layout.scattermode == "group"


def test_dossier_flows_with_a_theme_show_the_selected_part(figures):
    f = figures(area="WOT-ZUID", theme="wonen")
    chart = view.dossier_flows(f, "thema Wonen")
    assert [t.name for t in chart.data if t.type == "bar"] == ["nieuwe dossiers", "nieuw, thema Wonen", "afgesloten dossiers"]
    rows = view.scope_months(f)
    assert list(chart.data[1].y) == [None if pd.isna(v) else int(v) for v in rows["selected"]]
    hidden = rows[rows["selected_status"] == SMALL]
    assert len(hidden)  # WOT Zuid's housing cases in some months: each gets its mark in the group "selected"
    marks = next(t for t in chart.data if t.type == "scatter" and t.offsetgroup == "selected")
    assert [month_key(x) for x in marks.x] == list(hidden["month"]) and set(marks.text) == {f"<{f.rules.min_count}"}


def test_the_weight_mix_marks_a_hidden_share_where_its_part_starts(figures):
    f = hide(figures(), "WOT-ZUID", "weight_2")
    chart = view.weight_mix(f)
    zuid = row(f, "WOT-ZUID")
    marks = [(a.x, a.text) for a in chart.layout.annotations if a.y == "WOT Zuid"]
    assert marks == [(pytest.approx(float(zuid["weight_1_share"])), f"<{f.rules.min_count}")]
    medium = dict(zip(chart.data[1].y, chart.data[1].x))
    assert medium["WOT Zuid"] is None


def test_weight_before_it_was_registered_says_so(figures):
    f = figures(area="WOT-ZUID", period=JAN_MAY_2015)
    chart = view.weight_mix(f)
    assert [a.text for a in chart.layout.annotations] == ["niet geregistreerd"]
    assert cells.screen(view.weight_table(f)).iloc[0].tolist()[-3:] == ["niet geregistreerd"] * 3
    download = exports.frame(view.weight_table(f))
    assert download["Zwaarte: licht (%)"].isna().all() and download["Zwaarte: licht: status"].tolist()[0] == "niet geregistreerd"
    with i18n.language("en"):
        assert [a.text for a in view.weight_mix(f).layout.annotations] == ["not recorded"]


def test_caseload_lines_one_per_team_with_the_norm(figures):
    f = figures()
    chart = view.caseload_lines(f)
    names = [t.name for t in chart.data]
    assert names[:-1] == [*f.teams["name"][:-1], "Alle wijkteams"] and names[-1] == "boven de norm"
    assert chart.layout.shapes[0].y0 == f.norm.value
    assert chart.layout.annotations[0].text == "norm 25 per fte"
    with i18n.language("en"):
        chart = view.caseload_lines(f)
        assert chart.layout.annotations[0].text == "norm 25 per FTE" and chart.layout.yaxis.title.text == "open cases per FTE"


# Tables

def test_the_summary_for_screen_and_download(figures):
    f = figures()
    total = row(f)
    screen = cells.screen(view.summary_table(f, None)).set_index("Wijkteam")
    assert screen.at["Alle wijkteams", "Dossiers per fte"] == fmt.number(total["caseload"], 1)
    assert screen.at["Alle wijkteams", "Boven de norm"] == ("ja" if total["over_norm"] else "nee")
    download = exports.frame(view.summary_table(f, None)).set_index("Wijkteam")
    assert download.at["Alle wijkteams", "Open dossiers (eind)"] == total["open_dossiers"]
    assert download.at["Alle wijkteams", "Aandeel met één plan (%)"] == round(total["integrated_share"] * 100, 1)
    assert list(view.caseload_table(f).columns) == ["Wijkteam", "Open dossiers (eind)", "Fte (eind)", "Dossiers per fte", "Boven de norm"]
    with i18n.language("en"):
        english = cells.screen(view.summary_table(figures(theme="wonen"), "theme Housing")).set_index("Team")
        assert english.at["All teams", "Cases per FTE"] == fmt.number(total["caseload"], 1)
        assert english.at["All teams", "Above the norm"] in ("yes", "no")
        assert "New, theme Housing" in english.columns


def test_caseload_per_month_marks_months_above_the_norm(figures):
    f = figures()
    table = view.caseload_per_month(f)
    monthly = f.monthly[f.monthly["team_code"] == ALL_TEAMS]
    assert cells.screen(table)["Alle wijkteams"].tolist() == [
        fmt.number(v, 1) + (" ▲" if o else "") for v, o in zip(monthly["caseload"], monthly["over_norm"])]
    download = exports.frame(table)  # the number, and the flag in words beside it
    assert download["Alle wijkteams"].tolist() == [round(v, 1) for v in monthly["caseload"]]
    assert download["Alle wijkteams: status"].tolist() == ["boven de norm" if o else "" for o in monthly["over_norm"]]
    assert view.plan_table(f).columns.tolist() == ["Maand", "Multiprobleemhuishoudens", "Met één plan", "Aandeel met één plan"]


# Property tests: "every", "none" and "N of M" follow compare.tally

@st.composite
def team_figures(draw):
    n = draw(st.integers(1, 7))
    codes = [f"T{i}" for i in range(n)]
    names = [f"WOT {c}" for c in "BCDEFGH"[:n]]
    months = [month_key(m) for m in months_between(Period.parse("2025-01", "2025-01").first, Period.parse("2025-12", "2025-12").first)]
    months = months[: draw(st.integers(1, 12))]
    norm_value = draw(st.one_of(st.none(), st.sampled_from([10.0, 20.0, 25.0, 30.0])))
    caseload = st.one_of(st.none(), st.floats(1, 40, allow_nan=False).map(lambda v: round(v, 1)))
    rows = []
    for code in codes:
        for month in months:
            value = draw(caseload)
            fte = 10.0
            rows.append({"team_code": code, "month": month, "caseload": value, "fte": fte,
                         "open_dossiers": None if value is None else round(value * fte), "open_dossiers_status": SMALL if value is None else SHOWN})
    if n > 1:
        for month in months:
            parts = [r for r in rows if r["month"] == month and r["team_code"] != ALL_TEAMS]
            # A hidden team's count still adds to the total; a team that registered nothing leaves no total.
            known = all(r["caseload"] is not None for r in parts) or draw(st.booleans())
            opened = sum(r["open_dossiers"] or 2 for r in parts) if known else None
            rows.append({"team_code": ALL_TEAMS, "month": month, "caseload": None if opened is None else opened / (10.0 * n),
                         "fte": 10.0 * n, "open_dossiers": opened, "open_dossiers_status": SHOWN if known else ""})
    monthly = pd.DataFrame(rows)
    monthly["caseload"] = pd.array(monthly["caseload"], dtype="Float64")
    monthly["open_dossiers"] = pd.array(monthly["open_dossiers"], dtype="Int64")
    monthly["over_norm"] = (monthly["caseload"] > norm_value).fillna(False).astype(bool) if norm_value else False
    summary = monthly[monthly["month"] == months[-1]].copy()
    summary["multi_problem"] = pd.array([100] * len(summary), dtype="Int64")
    summary["integrated_share"] = pd.array([0.5] * len(summary), dtype="Float64")
    listed = pd.DataFrame({"code": codes + ([ALL_TEAMS] if n > 1 else []), "name": names + (["Alle wijkteams"] if n > 1 else [])})
    norm = teams.Norm("dossiers_per_fte", norm_value, "Caseloadnorm", "Caseload norm", "open dossiers per fte", "open cases per FTE",
                      "test") if norm_value else None
    period = Period.parse(months[0], months[-1])
    return teams.TeamFigures(period, listed, monthly, summary.reset_index(drop=True), norm, DisclosureRules())


PHRASES = {
    compare.ALL: {"nl": "Alle {n} teams zaten erboven", "en": "All {n} teams were above it"},
    compare.NONE: {"nl": "Geen van de {n} teams zat erboven", "en": "None of the {n} teams was above it"},
    "some": {"nl": "{k} van de {n} teams", "en": "{k} of the {n} teams"},
    "hidden": {"nl": "Van {h} team", "en": "The caseload of {h} team"},
}
MONTH_PHRASES = {
    compare.ALL: {"nl": "In alle {n} maanden", "en": "In all {n} months"},
    compare.NONE: {"nl": "In geen van de {n} maanden", "en": "In none of the {n} months"},
    "some": {"nl": "In {k} van de {n} maanden", "en": "In {k} of the {n} months"},
    "hidden": {"nl": "Van {h} maand", "en": "The caseload of {h} month"},
}


@settings(max_examples=200, deadline=None)
@given(team_figures())
def test_the_teams_sentence_quantifies_only_what_the_tally_allows(f):
    scope = f.monthly[f.monthly["team_code"] == f.teams["code"].iloc[-1]].sort_values("month")
    speaks = f.norm is not None and not pd.isna(scope["caseload"].iloc[-1])
    # The tally as the rule counts it: teams (or months) over the norm where shown, None where hidden.
    counted_rows = f.summary[f.summary["team_code"] != ALL_TEAMS] if f.has_total else scope
    tally = compare.tally(None if pd.isna(c) else bool(o) for c, o in zip(counted_rows["caseload"], counted_rows["over_norm"]))
    phrases = PHRASES if f.has_total else MONTH_PHRASES
    counted = tally.shown >= (1 if f.has_total else 2)  # one month shown: the first sentence says it all
    for lang in ("nl", "en"):
        with i18n.language(lang):
            text = view.sentence(f)
        said = claims(text, lang)
        assert not said & {"rise", "fall", "higher", "lower", "more than half", "rank"}, text
        assert ("every" in said) == (speaks and counted and tally.quantifier == compare.ALL), text
        values = {"n": tally.shown, "k": tally.meeting, "h": tally.hidden}
        if speaks and counted and tally.shown >= 2:
            kind = tally.quantifier if tally.quantifier in (compare.ALL, compare.NONE) else "some"
            assert phrases[kind][lang].format(**values) in text, text
        if speaks and tally.hidden:
            assert phrases["hidden"][lang].format(**values) in text, text
        if speaks and f.has_total and tally.shown >= 2:  # the teams listed above the norm: exactly the shown ones above it
            s = f.summary[f.summary["team_code"] != ALL_TEAMS]
            names = dict(zip(f.teams["code"], f.teams["name"]))
            for code, over, value in zip(s["team_code"], s["over_norm"], s["caseload"]):
                assert (f"{names[code]} (" in text) == (bool(over) and not pd.isna(value)), text


# A theme's share per team (issue 14)

def test_one_team_in_view_its_caption_speaks_of_that_team_not_of_all_teams(figures):
    """Issue 14: Teams showed only the chosen district's team while its caption still spoke of all teams."""
    one, all_teams = figures(area="WK060606"), figures()
    assert "Alle wijkteams" not in view.caseload_caption(one) and "WOT Nieuwland" in view.caseload_caption(one)
    assert "Alle wijkteams samen" in view.caseload_caption(all_teams)
    with i18n.language("en"):
        assert "All teams" not in view.caseload_caption(one) and "WOT Nieuwland" in view.caseload_caption(one)


def test_each_teams_share_of_the_theme_is_its_published_part_of_its_published_new_dossiers(figures):
    f = figures(period=Period.parse("2025-01", "2025-12"), theme="jeugd")
    s = f.summary
    assert list(s["selected_share"]) == pytest.approx([min(a / b, 1) for a, b in zip(s["selected"], s["new"])])
    table = view.share_table(f, "thema Jeugd en opvoeding").set_index("Wijkteam")
    assert table.loc["Alle wijkteams", "Nieuwe dossiers"].value == int(row(f)["new"])
    assert table.loc["WOT Zuid", "Aandeel"].text == fmt.percent(float(row(f, "WOT-ZUID")["selected_share"]))
    bars = view.share_bars(f, "thema Jeugd en opvoeding", "WOT-ZUID")
    teams_only = s[s["team_code"] != ALL_TEAMS]
    assert list(bars.data[0].x) == pytest.approx(list(teams_only["selected_share"]))
    assert "<b>WOT Zuid</b>" in bars.data[0].y  # the team in view named in bold, not only by colour
    assert any(a.text == f"alle wijkteams samen {fmt.percent(float(row(f)['selected_share']))}" for a in bars.layout.annotations)


def test_a_hidden_share_is_no_bar_but_the_mark_of_its_count(figures):
    f = hide(figures(theme="jeugd"), "WOT-ZUID", "selected")
    f.summary.loc[f.summary["team_code"] == "WOT-ZUID", "selected_share"] = pd.NA
    chart = view.share_bars(f, "thema Jeugd en opvoeding")
    assert dict(zip(chart.data[0].y, chart.data[0].x))["WOT Zuid"] is None
    assert ("WOT Zuid", f"<{f.rules.min_count}") in [(a.y, a.text) for a in chart.layout.annotations]
    assert "Van 1 team is het aandeel niet te tonen." in view.share_sentence(f, "thema Jeugd en opvoeding")


def test_the_share_sentence_names_the_team_in_view_against_the_teams_together(figures):
    f = figures(period=Period.parse("2025-01", "2025-12"), theme="schulden")
    own = row(f, "WOT-NOORDRAND")
    verdict = compare.shares(own["selected_share"], row(f)["selected_share"], own["new"], row(f)["new"])
    text = view.share_sentence(f, "thema Schulden en inkomen", "WOT-NOORDRAND")
    assert text.startswith(f"Van de {fmt.number(int(row(f)['new']))} nieuwe dossiers van de 6 wijkteams samen hoorde ")
    expected = {compare.HIGHER: "hoger dan bij de teams samen", compare.LOWER: "lager dan bij de teams samen"}.get(
        verdict.direction, "te klein om te noemen")
    assert f"Bij WOT Noordrand was dat {fmt.percent(float(own['selected_share']))}" in text and expected in text
    with i18n.language("en"):
        text = view.share_sentence(f, "theme Debts and income", "WOT-NOORDRAND")
        assert text.startswith(f"Of the {fmt.number(int(row(f)['new']))} new cases of the 6 teams together, ")


@st.composite
def shares_of_teams(draw):
    """Published new dossiers and the part within a theme per team, some hidden, and their total."""
    n = draw(st.integers(1, 6))
    codes = [f"T{i}" for i in range(n)]
    new = [draw(st.integers(0, 400)) for _ in codes]
    part = [draw(st.integers(0, v)) for v in new]
    hidden = [draw(st.booleans()) and draw(st.booleans()) for _ in codes]
    total_new, total_part = sum(new), sum(part)
    rows = [{"team_code": c, "new": v, "new_status": "", "selected": pd.NA if h else p, "selected_status": SMALL if h else ""}
            for c, v, p, h in zip(codes, new, part, hidden)]
    rows.append({"team_code": ALL_TEAMS, "new": total_new, "new_status": "", "selected": total_part, "selected_status": ""})
    summary = pd.DataFrame(rows)
    summary["new"], summary["selected"] = summary["new"].astype("Int64"), summary["selected"].astype("Int64")
    summary["selected_share"] = pd.array([share(p, v) for p, v in zip(summary["selected"], summary["new"])], dtype="Float64")
    listed = pd.DataFrame({"code": codes + [ALL_TEAMS], "name": [f"Team {c}" for c in codes] + ["Alle wijkteams"]})
    return teams.TeamFigures(Period.parse("2025-01", "2025-12"), listed, pd.DataFrame(), summary, None, DisclosureRules())


@settings(max_examples=200, deadline=None)
@given(shares_of_teams(), st.booleans())
def test_the_share_sentence_calls_a_team_higher_or_lower_only_as_the_rule_allows(f, one):
    s = f.summary.set_index("team_code")
    whole = s.loc[ALL_TEAMS]
    verdicts = {c: compare.shares(r["selected_share"], whole["selected_share"], r["new"], whole["new"])
                for c, r in s.drop(index=ALL_TEAMS).iterrows()}
    team = next(iter(verdicts)) if one else None
    named = {v.direction for c, v in verdicts.items() if team in (None, c)}
    for lang in ("nl", "en"):
        with i18n.language(lang):
            text = view.share_sentence(f, "thema X" if lang == "nl" else "theme X", team)
        said = claims(text, lang)
        assert not said & {"rise", "fall", "every", "more than half", "rank"}, text
        if pd.isna(whole["selected_share"]):
            continue
        assert ("higher" in said) == (compare.HIGHER in named), text
        assert ("lower" in said) == (compare.LOWER in named), text
