"""Working days on China's official holiday calendar (法定节假日 and 调休 make-up working days).

A working day is a Monday–Friday outside every rest span, or a weekend day the State Council's notice
declares a working day (调休上班). The calendar is data: one `HolidayPeriod` per holiday of a yearly notice
(国务院办公厅关于YYYY年部分节假日安排的通知), built by the caller (see `calendar_from_rows`; files are read
by the prexam domain). The schedule for a year is published only in Oct–Nov of the year before, so a date
past the last published year is refused with `CalendarNotPublished`, never guessed
(../shared/docs/domain-cn.md §9 rule 15; ../shared/data/cn-holidays/SOURCE.md). Pure, no I/O.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from ipcenter.core.dates import parse_date
from ipcenter.core.errors import InvalidValue, UserError

__all__ = [
    "DAY_TYPES",
    "CalendarNotPublished",
    "HolidayCalendar",
    "HolidayPeriod",
    "calendar_from_rows",
]

#: How a deadline's days are counted: working days on the calendar, or calendar days (a calendar-day
#: deadline that ends on a day off moves to the next working day, 专利法实施细则 第五条 by analogy).
DAY_TYPES = ("working", "calendar")


class CalendarNotPublished(UserError):
    """A date outside the years whose official schedule has been published (and entered)."""

    http_status = 422


@dataclass(frozen=True, slots=True)
class HolidayPeriod:
    """One holiday of a yearly notice: the continuous span off work and its make-up working days."""

    year: int  # the notice's year (a span may start in December of the year before: 2024 元旦)
    name_zh: str  # e.g. 春节, 国庆节、中秋节
    rest_start: date
    rest_end: date
    makeup_workdays: tuple[date, ...] = ()
    notice: str = ""  # e.g. 国办发明电〔2023〕7号

    def days_off(self) -> list[date]:
        span = (self.rest_end - self.rest_start).days
        return [self.rest_start + timedelta(days=i) for i in range(span + 1)]


@dataclass(frozen=True)
class HolidayCalendar:
    """The official schedule for whole calendar years ``first_year``..``last_year`` (no gaps)."""

    periods: tuple[HolidayPeriod, ...]
    first_year: int
    last_year: int
    source: str = ""
    _days_off: frozenset[date] = field(init=False, repr=False)
    _makeup: frozenset[date] = field(init=False, repr=False)
    _working: tuple[date, ...] = field(init=False, repr=False)  # every working day, in order

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise InvalidValue(f"calendar years {self.first_year}..{self.last_year} are empty")
        covered = {p.year for p in self.periods}
        missing = sorted(set(range(self.first_year, self.last_year + 1)) - covered)
        if missing:
            raise InvalidValue(
                f"holiday calendar has no notice for {', '.join(map(str, missing))}: "
                "the years it covers must be consecutive"
            )
        days_off = frozenset(d for p in self.periods for d in p.days_off())
        makeup = frozenset(d for p in self.periods for d in p.makeup_workdays)
        clash = sorted(days_off & makeup)
        if clash:
            raise InvalidValue(f"{clash[0]} is both a day off and a make-up working day")
        not_weekend = sorted(d for d in makeup if d.weekday() < 5)
        if not_weekend:
            raise InvalidValue(f"make-up working day {not_weekend[0]} is not a Saturday or Sunday")
        object.__setattr__(self, "_days_off", days_off)
        object.__setattr__(self, "_makeup", makeup)
        day, last, working = self.first, self.last, []
        while day <= last:
            if self._is_working(day):
                working.append(day)
            day += timedelta(days=1)
        object.__setattr__(self, "_working", tuple(working))

    @property
    def first(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.last_year, 12, 31)

    def _is_working(self, day: date) -> bool:
        if day in self._makeup:
            return True
        return day.weekday() < 5 and day not in self._days_off

    def _require(self, day: date, what: str) -> None:
        if day > self.last:
            raise CalendarNotPublished(
                f"{what} {day.isoformat()} is after {self.last.isoformat()}, the end of the last published "
                f"holiday schedule ({self.last_year}); the {day.year} schedule (国务院办公厅关于{day.year}年部分"
                "节假日安排的通知) must be entered before working days can be counted there"
            )
        if day < self.first:
            raise CalendarNotPublished(
                f"{what} {day.isoformat()} is before {self.first.isoformat()}, the start of the holiday "
                f"calendar entered ({self.first_year}–{self.last_year})"
            )

    def is_working_day(self, day: date) -> bool:
        self._require(day, "date")
        return self._is_working(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted; ``n`` ≥ 1)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InvalidValue(f"number of working days must be a whole number ≥ 1, got {n!r}")
        if start < self.first - timedelta(days=1):
            self._require(start + timedelta(days=1), "the day after start")
        if start > self.last:
            self._require(start, "start")
        index = bisect.bisect_right(self._working, start) + n - 1
        if index >= len(self._working):
            beyond = self.last + timedelta(days=1)
            raise CalendarNotPublished(
                f"{n} working days after {start.isoformat()} runs past {self.last.isoformat()}, the end of "
                f"the last published holiday schedule ({self.last_year}); the {beyond.year} schedule must be "
                "entered first"
            )
        return self._working[index]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` == ``start``)."""
        if end < start:
            raise InvalidValue(f"end {end.isoformat()} is before start {start.isoformat()}")
        if end == start:
            return 0
        self._require(end, "end")
        if start + timedelta(days=1) < self.first:
            self._require(start + timedelta(days=1), "the day after start")
        return bisect.bisect_right(self._working, end) - bisect.bisect_right(self._working, start)

    def add_days(self, start: date, n: int, day_type: str) -> date:
        """A deadline ``n`` days after ``start`` counted as ``day_type`` (see `DAY_TYPES`)."""
        if day_type == "working":
            return self.add_working_days(start, n)
        if day_type != "calendar":
            raise InvalidValue(f"day type must be one of {', '.join(DAY_TYPES)}, got {day_type!r}")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InvalidValue(f"number of days must be a whole number ≥ 1, got {n!r}")
        due = start + timedelta(days=n)
        self._require(due, "due date")
        while not self._is_working(due):  # a period ending on a day off ends on the next working day
            due += timedelta(days=1)
            self._require(due, "due date")
        return due

    def holiday_of(self, day: date) -> HolidayPeriod | None:
        """The holiday whose rest span holds ``day`` (None for ordinary days)."""
        for period in self.periods:
            if period.rest_start <= day <= period.rest_end:
                return period
        return None


def _dates(value: str) -> tuple[date, ...]:
    return tuple(parse_date(part) for part in value.replace("，", ",").split(",") if part.strip())


def calendar_from_rows(rows: Iterable[Mapping[str, str]], *, source: str = "") -> HolidayCalendar:
    """A calendar from rows shaped like ``cn-holidays/holiday_periods_*.tsv`` (``year``, ``holiday_zh``,
    ``rest_start``, ``rest_end``, ``makeup_workdays`` comma-separated, optional ``notice_no``)."""
    periods: list[HolidayPeriod] = []
    for number, row in enumerate(rows, start=1):
        try:
            year = int(str(row["year"]).strip())
            period = HolidayPeriod(
                year=year,
                name_zh=str(row.get("holiday_zh", "")).strip(),
                rest_start=parse_date(row["rest_start"]),
                rest_end=parse_date(row["rest_end"]),
                makeup_workdays=_dates(str(row.get("makeup_workdays") or "")),
                notice=str(row.get("notice_no") or "").strip(),
            )
        except KeyError as exc:
            raise InvalidValue(f"holiday row {number}: column {exc.args[0]} is missing") from None
        except (InvalidValue, ValueError) as exc:
            raise InvalidValue(f"holiday row {number}: {exc}") from None
        if period.rest_end < period.rest_start:
            raise InvalidValue(f"holiday row {number} ({period.name_zh}): rest_end is before rest_start")
        periods.append(period)
    if not periods:
        raise InvalidValue("holiday calendar has no rows")
    years = [p.year for p in periods]
    return HolidayCalendar(tuple(periods), min(years), max(years), source)
