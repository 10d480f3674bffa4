"""What an indicator is: its final SQL over the shared stages, how its results become the official table's
rows and its details, its labels and its report layout (detail tables and charts, as data).

An indicator module defines one subclass of :class:`Indicator`, registers its labels with
`ipcenter.i18n.add_labels` next to them, and is listed once in :data:`ipcenter.stats.indicators.INDICATORS`.
The service runs it, the CLI makes its command, the report lays it out — none of them names an indicator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ipcenter.stats.models import StatsConfig, StatsTable
from ipcenter.stats.sql import QueryScope

if TYPE_CHECKING:
    from ipcenter.stats.inputs import StatsInputs

Result = Mapping[str, Any]  # one row of the final query, plain Python values


@dataclass(frozen=True)
class DetailTable:
    """A table printed after the main one (e.g. the high-value criteria); cells already in the report's language."""

    title: str
    columns: Sequence[str]  # label keys (translated when printed)
    rows: Sequence[Sequence[Any]]


@dataclass(frozen=True)
class Chart:
    """A bar chart of the HTML report (plotly draws it); texts already in the report's language."""

    title: str
    x: Sequence[str]
    series: Sequence[tuple[str | None, Sequence[float]]]  # (name shown in the legend, values along x)
    y_title: str | None = None
    stacked: bool = False
    height: int = 380
    layout: dict[str, Any] = field(default_factory=dict)


class Indicator:
    """One indicator. Subclasses set the class attributes and override what differs from the defaults."""

    name: ClassVar[str]  # 'valid_inventions': the JSON `indicator`, the label key of the table's title
    command: ClassVar[str]  # 'valid-inventions': the `ipcenter stats` command
    help: ClassVar[str]  # the command's help text
    total_key: ClassVar[str]  # the JSON key of a row's total (the other row keys are the official layout's)
    stages: ClassVar[tuple[str, ...]] = ("counted",)  # shared stages its final query reads (sql.STAGES)

    def query(self, scope: QueryScope, config: StatsConfig) -> str:
        """The final query over the stages."""
        raise NotImplementedError

    def region_counts(self, results: Sequence[Result]) -> Sequence[Result]:
        """Results → ``region_key``, ``region_name``, ``owner_type``, ``n`` rows counted in the official table."""
        return results

    def extra(
        self, results: Sequence[Result], table: StatsTable, inputs: StatsInputs, config: StatsConfig
    ) -> dict[str, Any]:
        """Keys added after the rows in the JSON output (the details of this indicator)."""
        return {}

    def notes(self, config: StatsConfig) -> list[str]:
        """Notes on how this indicator was evaluated with these settings."""
        return []

    def detail_tables(self, table: StatsTable, lang: str) -> list[DetailTable]:
        return []

    def charts(self, table: StatsTable, lang: str) -> list[Chart]:
        return []
