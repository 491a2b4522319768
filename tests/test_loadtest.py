"""A short load test with real sessions over Streamlit's websocket: no errors, every page seen.

The full run is `wijkmonitor benchmark load`; its run times are reported in docs/performance.md,
never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import loadtest
from tests.cli_language import speak

PAGES = Path(__file__).resolve().parent.parent / "dashboard" / "pages"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_short_load_has_no_errors_and_visits_every_page(backend, request):
    url = request.getfixturevalue(f"{backend}_demo_url")
    result = loadtest.run(sessions=3, seconds=5, url=url)
    assert result.errors == []
    assert (result.exceptions, result.error_boxes) == (0, 0)
    # Every page in the navigation, and the navigation holds every page file.
    assert len(result.pages) == len(list(PAGES.glob("*.py"))) >= 9
    assert result.unvisited == []
    assert result.runs == len(result.first_seconds) + sum(map(len, result.run_seconds.values())) >= 8
    assert result.server_rss_mb["after"] > 0


def test_the_client_sees_what_goes_wrong_on_the_page(sqlite_demo_url, monkeypatch):
    # A setting the server cannot use: every page that needs the disclosure rules shows the Dutch
    # error box instead of figures, and the load test counts them.
    monkeypatch.setenv("WIJKMONITOR_MIN_COUNT", "vijf")
    result = loadtest.run(sessions=1, seconds=1, url=sqlite_demo_url)
    assert result.error_boxes >= 5, result.text()
    assert result.unvisited == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sessions", "0"], "--sessions moet minstens 1 zijn"),
        (["--seconds", "-1"], "--seconds meer dan 0"),
        (["--db", "sqlite:////nonexistent/wijkmonitor.db"], "databasebestand /nonexistent/wijkmonitor.db bestaat niet"),
    ],
)
def test_the_command_refuses_what_it_cannot_run_in_one_line(argv, message, capsys, monkeypatch):
    from dashboard.cli import main

    speak(monkeypatch, "nl")
    assert main(["benchmark", "load", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
