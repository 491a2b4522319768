"""Languages: the catalogues are complete and current, and the active language reaches numbers,
dates and messages (docs/architecture.md, "Languages")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import _

ROOT = Path(__file__).resolve().parent.parent
OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]


def _catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The messages in the code now, extracted with the command the docs give."""
    out = tmp_path_factory.mktemp("pot") / "wijkmonitor.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "pyproject.toml"), "--add-location=file",
                                "--sort-output", "--no-wrap", "-o", str(out), str(ROOT)])
    return _catalogue(out)


def _ids(catalogue) -> set:
    return {message.id if isinstance(message.id, str) else tuple(message.id) for message in catalogue if message.id}


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_catalogue_holds_exactly_the_messages_in_the_code(template, lang):
    catalogue = _catalogue(i18n.catalogue_path(lang))
    code, translated = _ids(template), _ids(catalogue)
    assert not code - translated, f"not in the {lang} catalogue (run the update command in docs/architecture.md)"
    assert not translated - code, f"in the {lang} catalogue but no longer in the code"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_message_is_translated_and_checked(lang):
    catalogue = _catalogue(i18n.catalogue_path(lang))
    untranslated = [m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated
    assert not fuzzy


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    """A translation that drops or renames a {placeholder} would fail or lie at run time."""
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    for message in _catalogue(i18n.catalogue_path(lang)):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(fields(i) for i in ids))
        for text in strings:
            assert fields(text) <= wanted and (fields(text) or not fields(ids[0])), (message.id, text)


def test_nothing_compiled_is_committed():
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "*.mo", "*.pot"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked == ""


def test_the_active_language_reaches_numbers_dates_and_messages():
    assert (fmt.number(1234.5, 1), fmt.month(date(2015, 5, 1)), _("%-punt")) == ("1.234,5", "mei 2015", "%-punt")
    with i18n.language("en"):
        assert (fmt.number(1234.5, 1), fmt.month(date(2015, 5, 1)), _("%-punt")) == ("1,234.5", "May 2015", "pp")
        assert fmt.point_change(0.75, 0.743) == "+0.7 pp"
    assert fmt.point_change(0.75, 0.743) == "+0,7 %-punt"  # the language ends with the block


def test_an_unknown_language_falls_back_to_dutch():
    with i18n.language("xx"):
        assert i18n.current() == "nl"
        assert fmt.month(date(2015, 5, 1)) == "mei 2015"


def test_a_period_starts_a_caption_with_a_capital_and_keeps_the_rest():
    from queries.periods import Period

    with i18n.language("en"):
        assert fmt.first_upper(fmt.period(Period.parse("2015-01", "2015-05"))) == "January–May 2015"
    assert fmt.first_upper(fmt.period(Period.parse("2015-01", "2015-05"))) == "Januari–mei 2015"


def test_a_moment_is_written_the_way_the_language_writes_it():
    from datetime import datetime

    assert fmt.moment(datetime(2026, 11, 24, 15, 20)) == "24-11-2026 15:20"
    with i18n.language("en"):
        assert fmt.moment(datetime(2026, 11, 24, 15, 20)) == "24/11/2026 15:20"
