"""Working days on the official calendar (../shared/data/cn-holidays, State Council notices 2024–2026).

Expected values are read off the notices (SOURCE.md lists them), not computed by the code under test:
yearly totals are weekdays minus weekday holidays plus make-up days, counted by hand in the comments.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.core.errors import InvalidValue
from ipcenter.core.workdays import CalendarNotPublished, HolidayCalendar, HolidayPeriod, calendar_from_rows


@pytest.fixture(scope="module")
def cal(data_dir: Path) -> HolidayCalendar:
    path = data_dir / "cn-holidays" / "holiday_periods_2024_2026.tsv"
    with path.open(encoding="utf-8") as handle:
        return calendar_from_rows(csv.DictReader(handle, delimiter="\t"), source=str(path))


def test_covers_the_published_years(cal: HolidayCalendar) -> None:
    assert (cal.first, cal.last) == (date(2024, 1, 1), date(2026, 12, 31))
    assert len(cal.periods) == 20


@pytest.mark.parametrize(
    ("year", "working_days"),
    [
        # 2024: 262 weekdays − 19 weekday holidays (元旦1 春节5 清明2 劳动3 端午1 中秋2 国庆5) + 8 make-up = 251
        (2024, 251),
        # 2025: 261 weekdays − 18 (元旦1 春节6 清明1 劳动3 端午1 国庆中秋6) + 5 make-up = 248
        (2025, 248),
        # 2026: 261 weekdays − 19 (元旦2 春节6 清明1 劳动3 端午1 中秋1 国庆5) + 6 make-up = 248
        (2026, 248),
    ],
)
def test_working_days_per_year(cal: HolidayCalendar, year: int, working_days: int) -> None:
    assert cal.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == working_days


@pytest.mark.parametrize(
    "day",
    # every make-up working day (调休上班) in makeup_workdays_2024_2026.tsv: Saturdays and Sundays that are worked
    [
        "2024-02-04",
        "2024-02-18",
        "2024-04-07",
        "2024-04-28",
        "2024-05-11",
        "2024-09-14",
        "2024-09-29",
        "2024-10-12",
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ],
)
def test_makeup_weekend_days_are_working_days(cal: HolidayCalendar, day: str) -> None:
    when = date.fromisoformat(day)
    assert when.weekday() >= 5 and cal.is_working_day(when)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-02-09", True),  # 除夕 2024 is a Friday the notice only encourages as a rest day
        ("2024-02-10", False),
        ("2024-02-16", False),
        ("2024-02-17", False),
        ("2024-02-19", True),
        ("2025-01-27", True),
        ("2025-01-28", False),
        ("2025-02-04", False),
        ("2025-02-05", True),
        ("2025-09-30", True),
        ("2025-10-01", False),
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2026-02-13", True),
        ("2026-02-15", False),
        ("2026-02-23", False),
        ("2026-02-24", True),
        ("2026-09-30", True),
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),
        ("2024-06-08", False),
        ("2024-06-10", False),  # 端午 2024 joined to the weekend
        ("2024-03-09", False),  # an ordinary Saturday
    ],
)
def test_days_around_spring_festival_and_national_day(cal: HolidayCalendar, day: str, working: bool) -> None:
    assert cal.is_working_day(date.fromisoformat(day)) is working


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2024-02-09", 1, "2024-02-18"),  # 春节 2024: eight days off, then the make-up Sunday
        ("2024-02-08", 2, "2024-02-18"),
        ("2025-01-24", 1, "2025-01-26"),  # Friday → Saturday off → make-up Sunday 01-26
        ("2025-01-27", 1, "2025-02-05"),  # 春节 2025: 01-28…02-04
        ("2025-02-07", 1, "2025-02-08"),  # make-up Saturday
        ("2025-09-26", 1, "2025-09-28"),  # 国庆中秋 2025: make-up Sunday 09-28
        ("2025-09-30", 1, "2025-10-09"),  # eight days off 10-01…10-08
        ("2025-09-26", 7, "2025-10-13"),  # 09-28, 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, make-up), 10-13
        ("2026-02-13", 1, "2026-02-14"),  # 春节 2026 begins on a Sunday; Saturday 02-14 is worked
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-12-30", 1, "2026-12-31"),
        (
            "2023-12-31",
            1,
            "2024-01-02",
        ),  # start before the calendar is fine: only counted days must be covered
    ],
)
def test_add_working_days(cal: HolidayCalendar, start: str, n: int, due: str) -> None:
    assert cal.add_working_days(date.fromisoformat(start), n) == date.fromisoformat(due)


def test_between_counts_after_start_up_to_and_including_end(cal: HolidayCalendar) -> None:
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 9, 30)) == 0
    # 01-26 (make-up Sunday), 01-27, then 02-05, 02-06, 02-07, 02-08 (make-up Saturday), 02-10
    assert cal.working_days_between(date(2025, 1, 24), date(2025, 2, 10)) == 7


def test_dates_past_the_last_published_year_are_refused(cal: HolidayCalendar) -> None:
    with pytest.raises(CalendarNotPublished, match="2027"):
        cal.add_working_days(date(2026, 12, 31), 1)
    with pytest.raises(CalendarNotPublished, match="last published"):
        cal.working_days_between(date(2026, 12, 1), date(2027, 1, 4))
    with pytest.raises(CalendarNotPublished):
        cal.is_working_day(date(2027, 1, 4))
    with pytest.raises(CalendarNotPublished, match="before"):
        cal.working_days_between(date(2023, 6, 1), date(2024, 1, 5))


def test_bad_arguments(cal: HolidayCalendar) -> None:
    for n in (0, -3):
        with pytest.raises(InvalidValue, match="≥ 1"):
            cal.add_working_days(date(2025, 3, 3), n)
    with pytest.raises(InvalidValue, match="before start"):
        cal.working_days_between(date(2025, 3, 3), date(2025, 3, 1))
    with pytest.raises(InvalidValue, match="day type"):
        cal.add_days(date(2025, 3, 3), 3, "weekly")


def test_calendar_day_deadlines_end_on_a_working_day(cal: HolidayCalendar) -> None:
    # 10 calendar days after 2025-09-25 is 10-05, inside 国庆 → the next working day 10-09
    assert cal.add_days(date(2025, 9, 25), 10, "calendar") == date(2025, 10, 9)
    assert cal.add_days(date(2025, 3, 3), 10, "calendar") == date(2025, 3, 13)
    assert cal.add_days(date(2025, 9, 25), 3, "working") == cal.add_working_days(date(2025, 9, 25), 3)


def test_inconsistent_calendars_are_refused() -> None:
    with pytest.raises(InvalidValue, match="consecutive"):
        HolidayCalendar(
            (
                HolidayPeriod(2024, "元旦", date(2024, 1, 1), date(2024, 1, 1)),
                HolidayPeriod(2026, "元旦", date(2026, 1, 1), date(2026, 1, 1)),
            ),
            2024,
            2026,
        )
    with pytest.raises(InvalidValue, match="not a Saturday or Sunday"):
        HolidayCalendar(
            (HolidayPeriod(2025, "x", date(2025, 1, 1), date(2025, 1, 1), (date(2025, 1, 2),)),), 2025, 2025
        )
    with pytest.raises(InvalidValue, match="holiday row 1"):
        calendar_from_rows([{"year": "2025", "rest_start": "2025-13-01", "rest_end": "2025-01-01"}])


_DAYS = (date(2026, 10, 1) - date(2024, 1, 1)).days


@settings(max_examples=300, deadline=None)
@given(offset=st.integers(0, _DAYS), n=st.integers(1, 60))
def test_adding_then_counting_gives_n_back(cal: HolidayCalendar, offset: int, n: int) -> None:
    start = date(2024, 1, 1) + timedelta(days=offset)
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    assert cal.is_working_day(due)
    assert (
        cal.working_days_between(start, due - timedelta(days=1)) == n - 1
    )  # due is the first day reaching n


@settings(max_examples=200, deadline=None)
@given(offset=st.integers(0, _DAYS), length=st.integers(0, 90))
def test_counting_matches_a_day_by_day_walk(cal: HolidayCalendar, offset: int, length: int) -> None:
    start = date(2024, 1, 1) + timedelta(days=offset)
    end = min(start + timedelta(days=length), cal.last)
    walked = sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert cal.working_days_between(start, end) == walked
