"""Errors of the stats domain: each is a `UserError` (an `error:` line and exit code 2 at the command line)."""

from __future__ import annotations

from ipcenter.errors import UserError


class StatsError(UserError):
    """Input the statistics cannot use: a date, a configuration, a corpus, a reference table."""


class PopulationError(StatsError):
    """A population file that cannot be used (missing columns, bad numbers, names of no region)."""


class MissingPopulation(PopulationError):
    """Ranked regions without a population figure, or population rows naming no region: refused unless the
    caller allows them (then they are warnings). ``remedy`` says how, in the words of the surface asked."""

    CLI_REMEDY = (
        "give a --population file with them, or --allow-missing-population to report the counts without "
        "their density and rank"
    )

    def __init__(self, problems: list[str], remedy: str = CLI_REMEDY) -> None:
        super().__init__(f"{'; '.join(problems)}: {remedy}")
        self.problems = problems


class RegionError(StatsError):
    """A `--within` or `--level` that cannot be used."""


class EngineError(StatsError):
    """The engine cannot run (e.g. PySpark or Java missing)."""

    http_status = 503
