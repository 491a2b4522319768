from datetime import date

from dashboard import format as fmt
from queries.disclosure import SHOWN, SMALL
from queries.periods import Period


def test_dutch_numbers():
    assert fmt.number(3300) == "3.300"
    assert fmt.number(1234.56, 1) == "1.234,6"
    assert fmt.percent(0.2561) == "25,6%"
    assert fmt.number(None) == fmt.MISSING
    assert fmt.number(3300, lang="en") == "3,300"


def test_suppressed_counts_show_their_mark_never_a_number():
    assert fmt.count(3, SMALL, 5) == "<5"
    assert fmt.count(845, SHOWN, 5) == "845"
    assert fmt.count(0, SHOWN, 5) == "0"


def test_changes():
    assert fmt.change(110, 100) == "+10,0%"
    assert fmt.change(90, 100) == "−10,0%"
    assert fmt.change(100, 100) == "±0,0%"
    assert fmt.change(5, None) is None and fmt.change(5, 0) is None
    assert fmt.point_change(0.75, 0.743) == "+0,7 %-punt"


def test_dutch_months_and_periods():
    assert fmt.month(date(2015, 5, 1)) == "mei 2015"
    assert fmt.month(date(2015, 3, 1), short=True) == "mrt 2015"
    assert fmt.period(Period.parse("2015-01", "2015-05")) == "januari–mei 2015"
    assert fmt.period(Period.parse("2015-01", "2015-05"), short=True) == "jan–mei 2015"
    assert fmt.period(Period.parse("2024-11", "2025-01")) == "november 2024 – januari 2025"
    assert fmt.period(Period.parse("2015-05", "2015-05")) == "mei 2015"
    assert fmt.period(Period.parse("2024-01", "2024-12")) == "2024"
    assert fmt.period(Period.parse("2015-01", "2015-05"), "en") == "January–May 2015"
