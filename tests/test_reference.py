"""The reference data a municipality edits: themes with depth, their population base and services,
and one clear error when an edited file points at a code that does not exist."""

from __future__ import annotations

import shutil

import pytest

from dashboard.cli import main
from queries import demo, schema
from queries.config import DATA_DIR
from queries.ingest.vocabulary import normalise
from queries.reference import ReferenceDataError, read_csv, validate_reference

THEMES = read_csv(DATA_DIR / "themes.csv")
TYPES = read_csv(DATA_DIR / "question_types.csv")
SERVICES = read_csv(DATA_DIR / "services.csv")
THEME_SERVICES = read_csv(DATA_DIR / "theme_services.csv")


@pytest.mark.parametrize("theme", list(THEMES["code"]))
def test_every_theme_holds_at_least_three_question_types(theme):
    """One type per theme made every breakdown within a theme 100% (issue 14)."""
    assert (TYPES["theme_code"] == theme).sum() >= 3


def test_the_headline_themes_hold_what_their_council_debate_needs():
    of = TYPES.groupby("theme_code")["code"].apply(set)
    assert {"problematische_schulden", "inkomen_uitkeringen", "betalingsachterstanden", "budgetbeheer"} <= of["schulden"]
    assert {"huisuitzetting", "woning_zoeken", "woonomstandigheden", "woningaanpassing"} <= of["wonen"]
    assert {"opvoeding_gezin", "ontwikkeling_gedrag", "school_leerplicht", "jeugd_ggz", "veiligheid_kind"} <= of["jeugd"]


def test_every_label_is_in_both_languages_and_unique():
    for frame in (THEMES, TYPES):
        for column in ("label_nl", "label_en"):
            assert frame[column].notna().all() and frame[column].is_unique


def test_youth_counts_per_young_person_and_the_rest_per_inhabitant():
    base = dict(zip(THEMES["code"], THEMES["population_base"]))
    assert base == {"schulden": "inhabitants", "wonen": "inhabitants", "jeugd": "youth_0_17", "overig": "inhabitants"}
    assert set(base.values()) <= set(schema.POPULATION_BASES)


def test_every_service_of_a_theme_exists_and_every_theme_has_one():
    assert set(THEME_SERVICES["service_code"]) <= set(SERVICES["code"])
    assert set(THEME_SERVICES["theme_code"]) == set(THEMES["code"])
    assert not THEME_SERVICES.duplicated().any()
    youth = set(THEME_SERVICES.loc[THEME_SERVICES["theme_code"] == "jeugd", "service_code"])
    assert youth == {"jeugdhulp", "jeugd_ggz_intake", "jeugd_ggz_behandeling"}


def test_the_old_coarse_codes_still_load_into_a_general_type_of_the_same_theme():
    aliases = read_csv(DATA_DIR / "ingest_aliases.csv").query("field == 'question_type'")
    to = {normalise(alias): code for alias, code in zip(aliases["alias"], aliases["code"])}  # as ingest compares
    theme_of = dict(zip(TYPES["code"], TYPES["theme_code"]))
    old = ("financien", "huisvesting", "opvoeding", "Financiën en schulden", "Jeugd en opvoeding")
    assert [theme_of[to[normalise(code)]] for code in old] == ["schulden", "wonen", "jeugd", "schulden", "jeugd"]
    assert all(to[normalise(code)].endswith("_overig") for code in old)
    assert set(aliases["code"]) <= set(TYPES["code"])


def edited(tmp_path, name: str, text: str):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.db*", "boundaries*"))
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_question_type_with_an_unknown_theme_gives_one_clear_error(tmp_path):
    text = (DATA_DIR / "question_types.csv").read_text(encoding="utf-8").replace(",jeugd,13", ",jeugdzorg,13")
    folder = edited(tmp_path, "question_types.csv", text)
    with pytest.raises(ReferenceDataError) as raised:
        validate_reference(folder)
    assert str(raised.value).startswith("question_types.csv regel 14: 'jeugdzorg' staat niet in themes.csv")


def test_an_unknown_service_or_population_base_is_named_with_its_line(tmp_path):
    folder = edited(tmp_path, "theme_services.csv", "theme_code,service_code\nschulden,schuldhulp\njeugd,jeugd_ggz\n")
    with pytest.raises(ReferenceDataError, match="theme_services.csv regel 3: 'jeugd_ggz' staat niet in services.csv"):
        validate_reference(folder)
    themes = (DATA_DIR / "themes.csv").read_text(encoding="utf-8").replace("youth_0_17", "jongeren")
    with pytest.raises(ReferenceDataError, match="themes.csv regel 4: onbekende bevolkingsbasis 'jongeren'"):
        validate_reference(edited(tmp_path / "b", "themes.csv", themes))


def test_the_command_line_says_it_in_one_line_and_builds_nothing(tmp_path, capsys, monkeypatch):
    text = (DATA_DIR / "question_types.csv").read_text(encoding="utf-8").replace(",wonen,7", ",huis,7")
    # The command builds from the project's data folder: point its default at the edited copy.
    monkeypatch.setattr(demo.build, "__kwdefaults__", {"force": False, "data_dir": edited(tmp_path, "question_types.csv", text)})
    target = tmp_path / "w.db"
    assert main(["demo", "--db", f"sqlite:///{target}"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error == ["wijkmonitor demo: fout: question_types.csv regel 8: 'huis' staat niet in themes.csv; "
                     "bekend zijn jeugd, overig, schulden, wonen"]
    assert not target.exists()
