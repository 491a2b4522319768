"""The command line: key figures as published, and one clear line with status 2 for wrong input."""

import json

import pytest

from dashboard.cli import main


@pytest.fixture
def run(capsys, sqlite_demo_url, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", sqlite_demo_url)
    for variable in ("WIJKMONITOR_MIN_COUNT", "WIJKMONITOR_PROTECTION"):
        monkeypatch.delenv(variable, raising=False)

    def run(*argv):
        with pytest.raises(SystemExit) as stopped:
            raise SystemExit(main(list(argv)))
        out, err = capsys.readouterr()
        return stopped.value.code, out, err

    return run


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


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2015-13", "--to", "2015-05"], "'2015-13' is not a month in the form YYYY-MM"),
        (["--from", "2015-06", "--to", "2015-05"], "--from 2015-06 is after --to 2015-05"),
        (["--from", "2015-01", "--to", "2015-05", "--area", "WK069999"], "unknown area code 'WK069999'"),
        (["--from", "2014-01", "--to", "2015-05"], "has contact data for 2015-01 to 2025-12"),
        (["--from", "2015-01", "--to", "2015-05", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"], "cannot connect"),
        (["--from", "2015-01", "--to", "2015-05", "--db", "sqlite:////nonexistent/w.db"], "does not exist"),
        (["--from", "2015-01", "--to", "2015-05", "--db", "not a url"], "not a database URL"),
        (["--from", "2015-01"], "the following arguments are required: --to"),
        (["--from", "2015-01", "--to", "2015-05", "--colour"], "unrecognised arguments: --colour"),
    ],
)
def test_wrong_input_gives_one_clear_line_and_status_2(run, argv, message):
    status, out, err = run("figures", *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err and "Traceback" not in err


def test_a_bad_disclosure_setting_is_a_clear_error(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_MIN_COUNT", "1")
    status, _, err = run("figures", "--from", "2015-01", "--to", "2015-05")
    assert status == 2 and "minimum count must be at least 2" in err


def test_demo_refuses_to_overwrite_without_force(run, sqlite_demo_url):
    status, _, err = run("demo", "--db", sqlite_demo_url)
    assert status == 2 and "--force" in err


def test_demo_builds_a_database(run, tmp_path):
    status, out, _ = run("demo", "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert status == 0 and "Built the demo database" in out
    status, out, _ = run("figures", "--from", "2015-01", "--to", "2015-05", "--db", f"sqlite:///{tmp_path / 'new.db'}", "--json")
    assert abs(json.loads(out)["contacts"] - 3300) <= 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--runs", "0"], "--runs must be at least 1"),
        (["--profile", "Nergens"], "unknown page 'Nergens'"),
    ],
)
def test_the_page_benchmark_refuses_wrong_input_with_one_line(run, argv, message):
    status, out, err = run("benchmark", "pages", *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err and "Traceback" not in err
