"""Annual-fee (年费) due dates, the grace period with its surcharge, and the term of a Chinese patent. Pure.

- The fee for patent year N (year 1 starts on the filing date) is due on the (N−1)-th anniversary of the
  filing date (`core.periods.annual_fee_due`, the one rule the value domain's portfolio uses too); the fee
  of the year the patent is granted in is paid with the registration formalities, so reminders start with
  the first anniversary after grant (专利法实施细则, 年费; domain-cn.md §7.3).
- An anniversary of 29 February falls on 28 February in a common year; a month added to the 31st of a
  month ends on that month's last day (the "corresponding day" rule of 细则 Art 5, `core.periods`).
- Grace: ``GRACE_MONTHS`` (6) months after the due date; the surcharge (滞纳金) is ``SURCHARGE_PER_MONTH``
  (5 %) of the year's fee for each full month late — the first month costs nothing. The 2023 rules'
  exact wording was not read here: both numbers are parameters (domain-cn.md marks them as such).
- Term from the filing date: invention 20 years, utility model 10, design 10 (15 for applications filed
  on or after 2021-06-01); the last day in force comes from the core's rule (`patent_term_end`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipcenter.core.legal_status import patent_term_end
from ipcenter.core.periods import add_months, annual_fee_due

GRACE_MONTHS = 6
SURCHARGE_PER_MONTH = 0.05
FREE_MONTHS = 1  # the first month late carries no surcharge
DESIGN_15_YEARS_FROM = date(2021, 6, 1)
TERM_YEARS = {"invention": 20, "utility_model": 10, "design": 10}


def term_years(patent_type: str, filing_date: date) -> int | None:
    if patent_type == "design" and filing_date >= DESIGN_15_YEARS_FROM:
        return 15
    return TERM_YEARS.get(patent_type)


def term_end(patent_type: str, filing_date: date) -> date | None:
    """The last day of protection, or None for an unknown type: the day before the first day out of force
    as the core's one rule gives it (`core.legal_status.patent_term_end`; a 29 February filing whose
    anniversary does not exist is out of force from 1 March)."""
    if term_years(patent_type, filing_date) is None:
        return None
    return patent_term_end(patent_type, filing_date) - timedelta(days=1)


@dataclass(frozen=True)
class FeeDue:
    year: int  # patent year the fee is for
    due: date
    grace_end: date

    def surcharge_rate(self, paid_on: date) -> float | None:
        """The surcharge for paying on ``paid_on``: 0 on time, 5 % per full month late after the first
        free month, None when the grace period is over (the patent lapses: 未缴年费专利权终止)."""
        if paid_on <= self.due:
            return 0.0
        if paid_on > self.grace_end:
            return None
        months_late = 1
        while paid_on > add_months(self.due, months_late):
            months_late += 1
        return round(SURCHARGE_PER_MONTH * max(0, months_late - FREE_MONTHS), 4)

    def surcharge_steps(self) -> list[tuple[date, date, float]]:
        """(from, to, rate) for each month of the grace period."""
        steps = []
        for month in range(1, GRACE_MONTHS + 1):
            start = add_months(self.due, month - 1) + timedelta(days=1)
            end = add_months(self.due, month)
            steps.append((start, end, round(SURCHARGE_PER_MONTH * max(0, month - FREE_MONTHS), 4)))
        return steps


def fee_schedule(patent_type: str, filing_date: date, grant_date: date | None = None) -> list[FeeDue]:
    """Every annual fee from the first anniversary after grant (after filing when the grant is unknown)
    to the end of the term."""
    years = term_years(patent_type, filing_date)
    if years is None:
        return []
    out = []
    for year in range(2, years + 1):
        due = annual_fee_due(filing_date, year)
        if grant_date is not None and due <= grant_date:
            continue
        out.append(FeeDue(year, due, add_months(due, GRACE_MONTHS)))
    return out


def next_fee(patent_type: str, filing_date: date, grant_date: date | None, today: date) -> FeeDue | None:
    """The next fee due on or after ``today`` (payments are not in the corpus: an earlier fee is taken as paid)."""
    for fee in fee_schedule(patent_type, filing_date, grant_date):
        if fee.due >= today:
            return fee
    return None
