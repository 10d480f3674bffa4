"""Today's date for the pre-examination service. ``IPCENTER_PREXAM_TODAY`` (YYYY-MM-DD) fixes it for a demo
or a test, so deadlines computed on the official calendar stay inside the published years whatever the day
the suite runs; unset, it is the real date."""

from __future__ import annotations

import os
from datetime import date

from ipcenter.core.dates import parse_date


def today() -> date:
    fixed = os.environ.get("IPCENTER_PREXAM_TODAY", "").strip()
    return parse_date(fixed) if fixed else date.today()
