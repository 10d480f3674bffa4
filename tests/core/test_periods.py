"""The period rule of 专利法实施细则 Art 5 and the one annual-fee due date both domains use."""

from __future__ import annotations

from datetime import date

import pytest

from ipcenter.core.periods import add_months, add_years, annual_fee_due


def test_the_guidelines_own_examples() -> None:
    # 专利审查指南 Part V Ch. 7 §2.3: filed 1998-06-01, the three-year examination request period ends on
    # 2001-06-01 (not 05-31); a notice deemed received 1999-12-31 with two months ends on 2000-02-29.
    assert add_years(date(1998, 6, 1), 3) == date(2001, 6, 1)
    assert add_months(date(1999, 12, 31), 2) == date(2000, 2, 29)


def test_a_month_without_the_corresponding_day_ends_on_its_last_day() -> None:
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2021, 8, 31), 6) == date(2022, 2, 28)
    assert add_months(date(2021, 3, 31), 1) == date(2021, 4, 30)
    assert add_months(date(2021, 12, 15), 2) == date(2022, 2, 15)
    assert add_months(date(2021, 3, 15), -3) == date(2020, 12, 15)


def test_annual_fee_due_on_the_filing_date_anniversary() -> None:
    # CN115883397B's application was filed 2022-11-02: its fee for year 5 is due 2026-11-02.
    assert annual_fee_due(date(2022, 11, 2), 5) == date(2026, 11, 2)
    assert annual_fee_due(date(2022, 11, 2), 1) == date(2022, 11, 2)  # year 1 starts on the filing date
    with pytest.raises(ValueError):
        annual_fee_due(date(2022, 11, 2), 0)


@pytest.mark.parametrize(
    ("patent_year", "due"),
    [
        (2, date(2013, 2, 28)),  # 2013 is a common year: the last day of February, not 1 March
        (5, date(2016, 2, 29)),  # 2016 is a leap year: the day itself
        (15, date(2026, 2, 28)),
        (89, date(2100, 2, 28)),  # 2100 is not a leap year (century rule)
        (89 + 4, date(2104, 2, 29)),
    ],
)
def test_annual_fee_of_a_29_february_filing(patent_year: int, due: date) -> None:
    # KR20120021035 (a pizza application in the WIPO manual's Espacenet sample) was filed 2012-02-29.
    assert annual_fee_due(date(2012, 2, 29), patent_year) == due
