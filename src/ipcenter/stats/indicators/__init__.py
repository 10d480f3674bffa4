"""The indicator registry: every indicator of `ipcenter stats`, one module each, listed once here.

The service runs them, the CLI makes one command per indicator and the report lays each out from what its
module declares (:class:`~ipcenter.stats.indicators.base.Indicator`). A new indicator is a new module in
this package (its SQL over the shared stages, its labels, its details and charts) added to
:data:`INDICATORS`, with its tests in ``tests/stats/``.
"""

from __future__ import annotations

from ipcenter.stats.errors import StatsError
from ipcenter.stats.indicators import high_value, sei, valid_inventions
from ipcenter.stats.indicators.base import Chart, DetailTable, Indicator

#: In the order the CLI lists the commands.
INDICATORS: tuple[Indicator, ...] = (valid_inventions.INDICATOR, high_value.INDICATOR, sei.INDICATOR)


def get(name: str) -> Indicator:
    """The indicator called ``name`` (``valid_inventions``; its command name ``valid-inventions`` works too)."""
    for indicator in INDICATORS:
        if name in (indicator.name, indicator.command):
            return indicator
    raise StatsError(f"unknown indicator {name!r}: expected one of {', '.join(i.name for i in INDICATORS)}")


__all__ = ["INDICATORS", "Chart", "DetailTable", "Indicator", "get"]
