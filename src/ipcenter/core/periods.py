"""Periods counted in months or years, and the annual-fee (年费) due date that follows from them. Pure.

专利法实施细则 Art 5 (and 专利审查指南 Part V Ch. 7 §2.3): a period counted in years or months ends on the
corresponding day of its last month; **when that month has no corresponding day, on the month's last day**.
So a period of one year from 29 February ends on 28 February in a common year (and on 29 February in a leap
year), and one month from 31 January ends on 28 (29) February. The rule moving a last day that is a public
holiday to the next working day is the holiday calendar's (`core.workdays`), not applied here.

The annual fee for patent year N (year 1 starts on the filing date; 专利年度 counts from the filing date,
whatever the priority or grant date) falls due on the filing date's (N−1)-th anniversary. No source read here
says how CNIPA dates that anniversary for a 29 February filing, so the Art 5 rule above is used: the last
day of February in a common year. It is the earlier of the two candidates (28 February / 1 March), so a
reminder built on it is never late.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["add_months", "add_years", "annual_fee_due"]


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later (or earlier); the month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """The anniversary ``years`` later: 29 February gives 28 February in a common year."""
    return add_months(start, 12 * years)


def annual_fee_due(filing_date: date, patent_year: int) -> date:
    """The day the annual fee for ``patent_year`` (1 = the year starting on the filing date) falls due:
    the filing date's (patent_year − 1)-th anniversary, 28 February for a 29 February filing in a common
    year."""
    if patent_year < 1:
        raise ValueError(f"patent year {patent_year} is not 1 or more")
    return add_years(filing_date, patent_year - 1)
