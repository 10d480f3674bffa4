"""Date parsing for patent data: ``20221202`` (int or str), ``2018-06-22``, ``2018.06.22``, ``2018/6/22``,
``22.06.2018``, ``2018年6月22日``. Pure, no I/O."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from ipcenter.core.errors import InvalidValue

__all__ = ["EARLIEST", "LATEST", "parse_date", "parse_optional_date"]

#: Plausible range for any patent date (the first US patent is from 1790).
EARLIEST = date(1790, 1, 1)
LATEST = date(2100, 12, 31)

_YMD = re.compile(r"^(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(value: object) -> date:
    """Parse one date; raises :class:`InvalidValue` saying why."""
    if isinstance(value, datetime):  # a datetime is a date too; return the date part, not the datetime
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidValue(f"date {value!r} is not text or a number")
    s = unicodedata.normalize("NFKC", value).strip()
    m = _YMD.match(s)
    if m and (len(s) >= 8):
        y, mo, d = (int(g) for g in m.groups())
    else:
        m2 = _DMY.match(s)
        if not m2:
            raise InvalidValue(f"date {value!r} is not in a known form (YYYYMMDD, YYYY-MM-DD, DD.MM.YYYY)")
        d, mo, y = (int(g) for g in m2.groups())
    try:
        parsed = date(y, mo, d)
    except ValueError as exc:
        raise InvalidValue(f"date {value!r} does not exist ({exc})") from None
    if not EARLIEST <= parsed <= LATEST:
        raise InvalidValue(f"date {value!r} is outside {EARLIEST.year}-{LATEST.year}")
    return parsed


def parse_optional_date(value: object) -> date | None:
    """Like :func:`parse_date`, but empty values (None, '', 0, '0', '00000000') give None."""
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, str) and value.strip() in ("", "0", "00000000", "-", "None", "null", "NULL"):
        return None
    return parse_date(value)
