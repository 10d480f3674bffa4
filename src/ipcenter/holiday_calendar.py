"""Reads the official holiday calendar (``cn-holidays`` in the data directory) into a `HolidayCalendar`
(shared: prexam's review periods and protection's case timers count working days on it).

The holiday periods file is the source; the two files derived from it (every day off, every make-up
working day) are checked against it, so an edit to one file that forgets the others is refused instead of
silently giving a different answer. A centre adds a newly published year by appending its rows to the
three files (same columns), the way the State Council's notice is published each Oct–Nov.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path

from ipcenter.config import data_dir as configured_data_dir
from ipcenter.core.dates import parse_date
from ipcenter.core.workdays import HolidayCalendar, calendar_from_rows
from ipcenter.errors import InvalidValue, NotFound, UserError

CALENDAR_DIR = "cn-holidays"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _one(folder: Path, pattern: str) -> Path | None:
    found = sorted(folder.glob(pattern))
    if len(found) > 1:
        raise UserError(f"{folder}: several files match {pattern}: {', '.join(p.name for p in found)}")
    return found[0] if found else None


def calendar_folder(data: Path | None = None) -> Path:
    """The ``cn-holidays`` folder of the data directory (``--data``, ``$IPCENTER_DATA`` or ../shared/data)."""
    root = configured_data_dir(data)
    if root is None:
        raise NotFound(
            "data directory not found: give --data DIR or set IPCENTER_DATA (it holds cn-holidays/)"
        )
    folder = root / CALENDAR_DIR if (root / CALENDAR_DIR).is_dir() else root
    if _one(folder, "holiday_periods_*.tsv") is None:
        raise NotFound(
            f"no holiday calendar in {folder}: holiday_periods_*.tsv expected (see cn-holidays/SOURCE.md)"
        )
    return folder


def load_calendar_folder(folder: Path) -> HolidayCalendar:
    periods_file = _one(folder, "holiday_periods_*.tsv")
    if periods_file is None:
        raise NotFound(f"no holiday_periods_*.tsv in {folder}")
    try:
        calendar = calendar_from_rows(_rows(periods_file), source=str(periods_file))
    except InvalidValue as exc:
        raise InvalidValue(f"{periods_file.name}: {exc.message}") from None
    makeup_file = _one(folder, "makeup_workdays_*.tsv")
    if makeup_file is not None:
        listed = {parse_date(r["date"]) for r in _rows(makeup_file)}
        derived = {d for p in calendar.periods for d in p.makeup_workdays}
        _agree(makeup_file, "make-up working days", listed, derived)
    off_file = _one(folder, "days_off_*.tsv")
    if off_file is not None:
        listed = {parse_date(r["date"]) for r in _rows(off_file)}
        derived = {d for p in calendar.periods for d in p.days_off()}
        _agree(off_file, "days off", listed, derived)
    return calendar


def _agree(path: Path, what: str, listed: set[date], derived: set[date]) -> None:
    if listed != derived:
        extra = sorted(listed - derived)
        missing = sorted(derived - listed)
        detail = "; ".join(
            part
            for part in (
                f"listed but not in the periods: {', '.join(map(str, extra[:5]))}" if extra else "",
                f"in the periods but not listed: {', '.join(map(str, missing[:5]))}" if missing else "",
            )
            if part
        )
        raise InvalidValue(f"{path.name} disagrees with the holiday periods on {what}: {detail}")


@lru_cache(maxsize=8)
def _cached(folder: str, stamp: tuple[tuple[str, float], ...]) -> HolidayCalendar:
    return load_calendar_folder(Path(folder))


def load_calendar(data: Path | None = None) -> HolidayCalendar:
    """The calendar of the data directory, cached until one of its files changes."""
    folder = calendar_folder(data)
    stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.tsv")))
    return _cached(str(folder.resolve()), stamp)
