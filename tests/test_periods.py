from datetime import date

import pytest

from queries.periods import Period, add_months, month_key, months_between, parse_month


@pytest.mark.parametrize("text", ["2015-13", "2015-00", "15-01", "2015/01", "mei 2015", "", "2015-1"])
def test_malformed_months_are_refused(text):
    with pytest.raises(ValueError, match="geen maand in de vorm JJJJ-MM"):
        parse_month(text)


def test_months_and_their_arithmetic():
    assert parse_month(" 2015-05 ") == date(2015, 5, 1)
    assert month_key(date(2015, 5, 1)) == "2015-05"
    assert add_months(date(2015, 11, 1), 3) == date(2016, 2, 1)
    assert add_months(date(2015, 1, 1), -1) == date(2014, 12, 1)
    assert len(months_between(date(2015, 1, 1), date(2025, 12, 1))) == 132


def test_comparison_periods():
    period = Period.parse("2015-01", "2015-05")
    assert period.months == 5
    assert period.previous() == Period.parse("2014-08", "2014-12")
    assert period.year_earlier() == Period.parse("2014-01", "2014-05")
    assert Period.parse("2025-10", "2025-12").previous() == Period.parse("2025-07", "2025-09")


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="na het einde"):
        Period.parse("2015-06", "2015-05")
