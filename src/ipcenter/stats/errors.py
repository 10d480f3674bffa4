"""Errors of the stats domain: each is a `UserError` (an `error:` line and exit code 2 at the command line)."""

from __future__ import annotations

from ipcenter.errors import UserError


class StatsError(UserError):
    """Input the statistics cannot use: a date, a configuration, a corpus, a reference table."""


class PopulationError(StatsError):
    """A population file that cannot be used (missing columns, bad numbers, names of no region)."""


class RegionError(StatsError):
    """A `--within` or `--level` that cannot be used."""


class EngineError(StatsError):
    """The engine cannot run (e.g. PySpark or Java missing)."""

    http_status = 503
