"""Annual-fee dates across leap years and month ends, the grace period's surcharge steps, the term."""

from __future__ import annotations

from datetime import date

from ipcenter.core.periods import add_months
from ipcenter.protection import fees

# The period rule itself (29 February, month ends) is tested in tests/core/test_periods.py.


def test_schedule_starts_after_grant_and_runs_to_the_term() -> None:
    schedule = fees.fee_schedule("invention", date(2020, 2, 29), grant_date=date(2023, 5, 10))
    assert schedule[0].year == 5 and schedule[0].due == date(2024, 2, 29)
    assert schedule[0].grace_end == date(2024, 8, 29)
    assert schedule[-1].year == 20 and schedule[-1].due == date(2039, 2, 28)
    assert len(fees.fee_schedule("utility_model", date(2021, 7, 15))) == 9  # years 2..10


def test_grace_end_from_a_month_end_due_date() -> None:
    fee = fees.FeeDue(3, date(2023, 8, 31), add_months(date(2023, 8, 31), fees.GRACE_MONTHS))
    assert fee.grace_end == date(2024, 2, 29)  # leap February ends the grace period


def test_surcharge_steps() -> None:
    fee = fees.fee_schedule("invention", date(2020, 2, 29), grant_date=date(2023, 5, 10))[0]
    assert fee.surcharge_rate(date(2024, 2, 29)) == 0.0  # on the day
    assert fee.surcharge_rate(date(2024, 3, 29)) == 0.0  # within the first month
    assert fee.surcharge_rate(date(2024, 3, 30)) == 0.05
    assert fee.surcharge_rate(date(2024, 8, 29)) == 0.25  # the grace period's last day
    assert fee.surcharge_rate(date(2024, 8, 30)) is None  # lapsed
    assert [s[2] for s in fee.surcharge_steps()] == [0.0, 0.05, 0.1, 0.15, 0.2, 0.25]


def test_term() -> None:
    assert fees.term_end("invention", date(2020, 2, 29)) == date(2040, 2, 28)
    assert fees.term_end("utility_model", date(2021, 7, 15)) == date(2031, 7, 14)
    assert fees.term_end("design", date(2021, 5, 31)) == date(2031, 5, 30)  # 10 years before 2021-06-01
    assert fees.term_end("design", date(2021, 6, 1)) == date(2036, 5, 31)  # 15 years from 2021-06-01
    assert fees.term_end("plant", date(2021, 6, 1)) is None
    assert fees.term_end("utility_model", date(2020, 2, 29)) == date(2030, 2, 28)  # out of force from 1 March


def test_next_fee() -> None:
    fee = fees.next_fee("utility_model", date(2021, 7, 15), date(2022, 1, 4), date(2026, 12, 4))
    assert fee is not None and fee.due == date(2027, 7, 15) and fee.year == 7
    on_the_day = fees.next_fee("utility_model", date(2021, 7, 15), date(2022, 1, 4), date(2026, 7, 15))
    assert on_the_day is not None and on_the_day.year == 6
    assert fees.next_fee("utility_model", date(2021, 7, 15), None, date(2031, 7, 1)) is None  # term over
