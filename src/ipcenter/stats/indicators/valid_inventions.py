"""有效发明专利: valid invention patents by sub-region and applicant type, with density and rank (the official
table layout of the provincial market-regulation bureaus)."""

from __future__ import annotations

from collections.abc import Sequence

from ipcenter.i18n import add_labels, label
from ipcenter.stats.indicators.base import Chart, Indicator
from ipcenter.stats.models import StatsConfig, StatsTable
from ipcenter.stats.sql import QueryScope

add_labels(
    {
        "valid_inventions": ("有效发明专利统计表", "valid invention patents"),
        "chart_ranking": ("各地区专利密度排名", "ranking by density"),
        "chart_types": ("按申请人类型", "by applicant type"),
    }
)

QUERY = """
SELECT region_key, max(sub_name) AS region_name, counted_type AS owner_type, count(*) AS n
FROM counted
GROUP BY region_key, counted_type
ORDER BY region_key, owner_type"""

#: The stacked columns of the applicant-type chart, in the official table's order.
TYPE_COLUMNS = (
    "universities",
    "research_institutes",
    "enterprises",
    "government_organisations",
    "individuals",
)


class ValidInventions(Indicator):
    name = "valid_inventions"
    command = "valid-inventions"
    help = "有效发明专利 by region and applicant type, with density per 10,000 people and rank (the official table)."
    total_key = "valid_invention_total"

    def query(self, scope: QueryScope, config: StatsConfig) -> str:
        return QUERY

    def charts(self, table: StatsTable, lang: str) -> list[Chart]:
        charts = []
        ranked = sorted(
            (r for r in table.rows if r.kind == "region" and r.density_per_10k is not None),
            key=lambda r: r.rank or 0,
        )
        if ranked:
            charts.append(
                Chart(
                    title=label("chart_ranking", lang),
                    x=[r.region for r in ranked],
                    series=[(None, [float(r.density_per_10k or 0) for r in ranked])],
                    y_title=label("density_per_10k", lang),
                )
            )
        regions = [r for r in table.rows if r.kind in ("region", "other")]
        series: Sequence[tuple[str | None, Sequence[float]]] = [
            (label(col, lang), [r.count(col) for r in regions]) for col in TYPE_COLUMNS
        ]
        charts.append(
            Chart(
                title=label("chart_types", lang),
                x=[r.region for r in regions],
                series=series,
                stacked=True,
                height=420,
            )
        )
        return charts


INDICATOR = ValidInventions()
