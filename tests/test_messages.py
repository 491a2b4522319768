"""Messages from the query layer: Dutch in the code, translated where they are shown, with numbers
written the way the reader's language writes them (queries/messages.py, dashboard/messages.py)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from dashboard import i18n, messages
from queries.config import ConfigError
from queries.database import DatabaseError
from queries.ingest import IngestError
from queries.ingest.writing import Plan
from queries.messages import N_, Listing, UserError, message, ngettext
from queries.periods import PeriodError, parse_month

ROOT = Path(__file__).resolve().parent.parent


def test_a_message_is_dutch_until_it_is_shown_in_another_language():
    error = ConfigError(N_("{variable} moet een geheel getal zijn, niet {value!r}"), variable="X", value="vijf")
    assert str(error) == "X moet een geheel getal zijn, niet 'vijf'"
    assert messages.text(error) == "X moet een geheel getal zijn, niet 'vijf'"
    with i18n.language("en"):
        assert messages.text(error) == "X must be a whole number, not 'vijf'"


def test_numbers_marked_for_grouping_follow_the_language_and_others_stay_as_written():
    said = message(ngettext("{file}: {n:,} probleem; er is niets geladen", "{file}: {n:,} problemen; er is niets geladen", 12345),
                   file="export_2024.csv", n=12345)
    assert str(said) == "export_2024.csv: 12.345 problemen; er is niets geladen"
    with i18n.language("en"):
        assert messages.text(said) == "export_2024.csv: 12,345 problems; nothing was loaded"
    year = message(N_("meting {year}"), year=2024)  # a year is not a quantity: no separator
    assert (str(year), messages.text(year)) == ("meting 2024", "meting 2024")
    with i18n.language("en"):
        assert messages.text(year) == "wave 2024"
        assert messages.text(message(N_("{seconds:,.2f} s"), seconds=1234.5)) == "1,234.50 s"
    assert messages.text(message(N_("{seconds:,.2f} s"), seconds=1234.5)) == "1.234,50 s"


def test_plural_forms_are_chosen_where_the_message_is_shown():
    def problems(n: int) -> str:
        return messages.text(message(ngettext("{file}: {n:,} probleem; er is niets geladen",
                                              "{file}: {n:,} problemen; er is niets geladen", n), file="a.csv", n=n))

    assert (problems(1), problems(2)) == ("a.csv: 1 probleem; er is niets geladen", "a.csv: 2 problemen; er is niets geladen")
    with i18n.language("en"):
        assert (problems(1), problems(2)) == ("a.csv: 1 problem; nothing was loaded", "a.csv: 2 problems; nothing was loaded")


def test_messages_inside_messages_and_lists_are_translated_with_them():
    problem = message(N_("rij {row}, kolom {column!r}: {problem}"), row=3, column="opmerking",
                      problem=message(N_("kolom {column!r}: {what}"), column="x",
                                      what=Listing([message(N_("e-mailadres")), message(N_("telefoonnummer"))])))
    assert str(problem) == "rij 3, kolom 'opmerking': kolom 'x': e-mailadres, telefoonnummer"
    with i18n.language("en"):
        assert messages.text(problem) == "row 3, column 'opmerking': column 'x': e-mail address, phone number"


def test_text_from_outside_is_never_read_as_a_template():
    """A file name or value with braces is a parameter, shown as it is."""
    error = IngestError(N_("{file} is leeg"), file="{n} {0} {file!r}.csv")
    assert str(error) == "{n} {0} {file!r}.csv is leeg"
    with i18n.language("en"):
        assert messages.text(error) == "{n} {0} {file!r}.csv is empty"


def test_an_error_keeps_its_message_and_problems_across_processes():
    error = IngestError(N_("{file} is leeg"), file="a.csv", problems=[message(N_("rij {row}: {problem}"), row=2, problem="x")])
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.message, copy.problems, str(copy)) == (IngestError, error.message, error.problems, "a.csv is leeg")


def test_errors_a_person_reads_are_user_errors_and_keep_their_old_kinds():
    with pytest.raises(PeriodError) as raised:
        parse_month("2015-13")
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, UserError)
    assert issubclass(DatabaseError, RuntimeError) and issubclass(ConfigError, ValueError)


def test_a_load_plan_reads_in_either_language():
    from datetime import date

    plan = Plan("contacts", [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 6, 1)], [], 1234, 10)
    assert plan.text() == ("Vervangt contacten voor 4 maanden (2024-01 tot en met 2024-03, 2024-06): nu 1.234 rijen in de "
                           "database; andere maanden blijven zoals ze zijn.")
    assert plan.text(messages.TRANSLATOR) == plan.text()
    with i18n.language("en"):
        assert plan.text(messages.TRANSLATOR) == ("Replaces contacts for 4 months (2024-01 to 2024-03, 2024-06): 1,234 rows "
                                                  "in the database now; other months stay as they are.")


def test_the_query_layer_only_marks_messages():
    """queries/ is below dashboard/: it neither imports it nor translates (no _() of its own)."""
    for path in (ROOT / "queries").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+dashboard", text, re.MULTILINE), path
        assert not re.search(r"(?<![\w.])_\(", text), path
