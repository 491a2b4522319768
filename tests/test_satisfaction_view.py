"""The satisfaction view looks results up by key instead of filtering the frame per cell: it must
find exactly what the filter found, value for value and type for type."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.satisfaction import Series, _row, _rows
from queries import areas, surveys
from queries.disclosure import DisclosureRules


def filtered(results: pd.DataFrame, kind: str, code: str, wave: int, question: str) -> dict | None:
    """The former lookup: the first row the four conditions select."""
    rows = results[(results["kind"] == kind) & (results["code"] == code)
                   & (results["wave"] == wave) & (results["question"] == question)]
    return None if rows.empty else rows.iloc[0].to_dict()


def same(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.keys() == b.keys() and all(
        type(a[k]) is type(b[k]) and (a[k] == b[k] if not pd.isna(a[k]) else pd.isna(b[k])) for k in a
    )


@pytest.mark.parametrize("survey", ["medewerkers", "clienten"])
@pytest.mark.parametrize("min_respondents", [10, 200])
def test_every_lookup_finds_what_the_filter_found(sqlite_demo_db, survey, min_respondents):
    codes = list(areas.areas(sqlite_demo_db)["code"])
    groups = list(surveys.peer_groups(sqlite_demo_db)["group_code"])
    waves = surveys.waves(sqlite_demo_db, survey)
    results = surveys.results(sqlite_demo_db, survey, codes, groups, waves[0], waves[-1], DisclosureRules(min_respondents=min_respondents))
    assert min_respondents < 200 or not results["shown"].all()  # hidden results: missing values compared too
    found = _rows(results)
    checked = 0
    for kind, kind_codes in (("area", codes + ["XX0000"]), ("peer", groups + ["area"])):
        for code in kind_codes:
            for wave in [*waves, waves[-1] + 1]:
                for question in [*surveys.questions(sqlite_demo_db, survey)["code"], "geen_vraag"]:
                    expected = filtered(results, kind, code, wave, question)
                    assert same(_row(found, Series(kind, code, "", "", ""), wave, question), expected)
                    checked += expected is not None
    assert checked == len(results)


def test_where_a_key_repeats_the_first_row_is_found():
    results = pd.DataFrame({"kind": ["area", "area"], "code": ["A", "A"], "wave": [2024, 2024], "question": ["q", "q"],
                            "value": [1.0, 2.0]})
    assert _row(_rows(results), Series("area", "A", "", "", ""), 2024, "q") == filtered(results, "area", "A", 2024, "q")
    assert _row(_rows(results), Series("area", "A", "", "", ""), 2024, "q")["value"] == 1.0
