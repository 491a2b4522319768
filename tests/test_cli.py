"""The command line: key figures as published, and one clear line with status 2 for wrong input, in
Dutch unless the environment asks for English."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.cli import LANGUAGE_VARIABLES, language

WIJKMONITOR = str(Path(sys.executable).with_name("wijkmonitor"))


def test_figures_for_the_published_period(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PROTECTION", "internal")  # published figures reproduce exactly
    status, out, err = run("figures", "--from", "2015-01", "--to", "2015-05")
    assert status == 0 and err == ""
    assert "Kerncijfers Schiedam, januari–mei 2015 (demogegevens)" in out
    lines = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in out.splitlines() if line.strip() and line[-1].isdigit()}
    assert lines["Contacten"] == "3.300"
    assert lines["Telefonisch via de zorgcentrale"] == "2.863"
    assert lines["Dossiers"] == "845"
    assert (lines["WOT Nieuwland"], lines["WOT Centrum/West"], lines["WOT Oost"]) == ("171", "149", "141")
    assert (lines["WOT Noordrand"], lines["WOT Groenoord"], lines["WOT Zuid"]) == ("136", "116", "95")
    assert lines["Zonder wijkteamgebied"] == "37"


def test_figures_as_json(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PROTECTION", "internal")
    status, out, _ = run("figures", "--from", "2015-01", "--to", "2015-05", "--json")
    figures = json.loads(out)
    assert status == 0
    assert (figures["contacts"], figures["dossiers"], figures["demo_data"]) == (3300, 845, True)
    teams = {row["code"]: row["value"] for row in figures["dossiers_by_team"]}
    assert teams["WOT-NIEUWLAND"] == 171 and teams[""] == 37
    assert sum(row["value"] for row in figures["contacts_by_channel"]) == 3300


def test_figures_of_a_small_area_are_protected(run, monkeypatch):
    status, out, _ = run("figures", "--from", "2015-01", "--to", "2015-05", "--area", "wk060605".upper(), "--json")
    figures = json.loads(out)
    assert status == 0 and figures["contacts"] is None and figures["disclosure"]["protection"] == "public"
    assert all(row["value"] in (None, 0) or row["value"] >= 5 for row in figures["contacts_by_channel"])


def test_figures_are_exact_only_at_the_internal_level(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PROTECTION", "internal")
    _, out, _ = run("figures", "--from", "2015-01", "--to", "2015-05", "--json")
    exact = json.loads(out)
    assert (exact["contacts"], exact["short_interventions"], exact["dossiers"]) == (3300, 2455, 845)
    assert exact["disclosure"]["protection"] == "internal"
    monkeypatch.setenv("WIJKMONITOR_PROTECTION", "public")
    _, out, _ = run("figures", "--from", "2015-01", "--to", "2015-05", "--json")
    public = json.loads(out)
    for measure, value in (("contacts", 3300), ("short_interventions", 2455), ("dossiers", 845)):
        assert abs(public[measure] - value) <= 3


WRONG_INPUT = [  # (arguments, what the line says in Dutch, in English)
    (["--from", "2015-13", "--to", "2015-05"], "'2015-13' is geen maand in de vorm JJJJ-MM",
     "'2015-13' is not a month in the form YYYY-MM"),
    (["--from", "2015-06", "--to", "2015-05"], "--from 2015-06 ligt na --to 2015-05", "--from 2015-06 is after --to 2015-05"),
    (["--from", "2015-01", "--to", "2015-05", "--area", "WK069999"], "onbekende gebiedscode 'WK069999'",
     "unknown area code 'WK069999'"),
    (["--from", "2014-01", "--to", "2015-05"], "heeft contactgegevens van 2015-01 tot en met 2025-12, niet van heel 2014-01",
     "has contact data for 2015-01 to 2025-12, not for all of 2014-01"),
    (["--from", "2015-01", "--to", "2015-05", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
     "kan geen verbinding maken met postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot connect"),
    (["--from", "2015-01", "--to", "2015-05", "--db", "sqlite:////nonexistent/w.db"],
     "databasebestand /nonexistent/w.db bestaat niet", "database file /nonexistent/w.db does not exist"),
    (["--from", "2015-01", "--to", "2015-05", "--db", "not a url"], "is geen database-URL", "is not a database URL"),
    (["--from", "2015-01"], "deze argumenten ontbreken: --to", "the following arguments are required: --to"),
    (["--from", "2015-01", "--to", "2015-05", "--colour"], "onbekende argumenten: --colour", "unrecognised arguments: --colour"),
    (["--from", "2015-01", "--to", "2015-05", "--lang", "fr"], "ongeldige keuze: 'fr'", "invalid choice: 'fr'"),
]


@pytest.mark.parametrize(("argv", "dutch", "english"), WRONG_INPUT, ids=[w[2] for w in WRONG_INPUT])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_wrong_input_gives_one_clear_line_and_status_2(run, monkeypatch, lang, argv, dutch, english):
    if lang == "en":
        monkeypatch.setenv("LANG", "en_GB.UTF-8")
    status, out, err = run("figures", *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert re.match(r"wijkmonitor( figures)?: " + ("fout: " if lang == "nl" else "error: "), err), err
    assert (dutch if lang == "nl" else english) in err


def test_a_bad_disclosure_setting_is_a_clear_error(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_MIN_COUNT", "1")
    status, _, err = run("figures", "--from", "2015-01", "--to", "2015-05")
    assert status == 2 and "het minimumaantal moet minstens 2 zijn" in err
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    status, _, err = run("figures", "--from", "2015-01", "--to", "2015-05")
    assert status == 2 and "the minimum count must be at least 2" in err


def test_demo_refuses_to_overwrite_without_force(run, sqlite_demo_url):
    status, _, err = run("demo", "--db", sqlite_demo_url)
    assert status == 2 and "--force" in err


def test_demo_builds_a_database(run, tmp_path):
    status, out, _ = run("demo", "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert status == 0 and "Demodatabase gebouwd in" in out and "contacten van 2015-01 tot en met 2025-12" in out
    status, out, _ = run("figures", "--from", "2015-01", "--to", "2015-05", "--db", f"sqlite:///{tmp_path / 'new.db'}", "--json")
    assert abs(json.loads(out)["contacts"] - 3300) <= 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--runs", "0"], "--runs moet minstens 1 zijn"),
        (["--runs", "tien"], "argument --runs: 'tien' is geen geheel getal"),
        (["--profile", "Nergens"], "onbekende pagina 'Nergens'"),
    ],
)
def test_the_page_benchmark_refuses_wrong_input_with_one_line(run, argv, message):
    status, out, err = run("benchmark", "pages", *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err and "Traceback" not in err


# The language of the command -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("environment", "lang"),
    [
        ({}, "nl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "nl"),  # names no language: the default
        ({"LANG": "de_DE.UTF-8"}, "nl"),  # a language Wijkmonitor does not have
        ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, "en"),  # the first that names one of ours
        ({"LC_MESSAGES": "nl_NL.UTF-8", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LANGUAGE": "fr:en_US", "LANG": "nl_NL.UTF-8"}, "en"),  # LANGUAGE lists preferences, first of all
    ],
)
def test_the_language_follows_the_unix_convention(environment, lang):
    assert language(environment) == lang


def test_help_and_argparse_words_follow_the_language(run, monkeypatch):
    status, out, _ = run("figures", "--help")
    assert status == 0
    assert out.startswith("gebruik: wijkmonitor figures") and "toon deze hulp en stop" in out
    assert "eerste maand van de periode" in out and "opties:" in out
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    status, out, _ = run("figures", "--help")
    assert out.startswith("usage: wijkmonitor figures") and "show this help message and exit" in out
    assert "first month of the period" in out and "options:" in out


def test_key_figures_follow_lang_and_else_the_environment(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PROTECTION", "internal")
    period = ["--from", "2015-01", "--to", "2015-05"]
    _, dutch, _ = run("figures", *period)
    _, english, _ = run("figures", *period, "--lang", "en")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    _, from_environment, _ = run("figures", *period)
    _, asked_dutch, _ = run("figures", *period, "--lang", "nl")
    assert dutch == asked_dutch and english == from_environment
    assert "Key figures Schiedam, January–May 2015 (demo data)" in english and "Contacts" in english
    numbers = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in english.splitlines() if line.strip()[-1:].isdigit()}
    assert (numbers["Contacts"], numbers["Phone via the care centre"], numbers["Without team area"]) == ("3,300", "2,863", "37")
    assert i18n.current() == "nl"  # the command's language ended with it


def test_the_same_error_reads_in_dutch_by_default_and_in_english_with_lang(tmp_path):
    """As a user runs it, in a process of its own: a setting, a database, a month and a refused file."""
    export = tmp_path / "export.csv"
    export.write_text("datum;gebied;vraagtype;kanaal;uitkomst\n31-02-2025;WK060606;huisvesting;telefoon;dossier\n")
    cases = [  # (arguments, environment, Dutch, English)
        (["figures", "--from", "2015-01", "--to", "2015-05"], {"WIJKMONITOR_MIN_COUNT": "vijf"},
         "WIJKMONITOR_MIN_COUNT moet een geheel getal zijn, niet 'vijf'", "WIJKMONITOR_MIN_COUNT must be a whole number, not 'vijf'"),
        (["figures", "--from", "2015-01", "--to", "2015-5"], {}, "'2015-5' is geen maand in de vorm JJJJ-MM",
         "'2015-5' is not a month in the form YYYY-MM"),
        (["ingest", str(export), "--kind", "contacts", "--db", f"sqlite:///{tmp_path / 'geen.db'}"],
         {"WIJKMONITOR_KEY_SECRET": "x" * 16}, f"databasebestand {tmp_path / 'geen.db'} bestaat niet",
         f"database file {tmp_path / 'geen.db'} does not exist"),
    ]
    base = {key: value for key, value in __import__("os").environ.items() if key not in LANGUAGE_VARIABLES}
    for argv, extra, dutch, english in cases:
        for environment, expected, word in (({}, dutch, "fout"), ({"LANG": "en_GB.UTF-8"}, english, "error")):
            done = subprocess.run([WIJKMONITOR, *argv], capture_output=True, text=True, timeout=300,
                                  env={**base, **extra, **environment})
            assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert done.stderr.startswith(f"wijkmonitor {argv[0]}: {word}: ") and expected in done.stderr, done.stderr
