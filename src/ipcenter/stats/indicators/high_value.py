"""高价值发明专利: valid domestic inventions meeting at least one of five criteria (each counted once), with
each criterion and each combination of criteria (the overlaps) by region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ipcenter.i18n import add_labels, label
from ipcenter.stats.errors import StatsError
from ipcenter.stats.indicators.base import Chart, DetailTable, Indicator, Result
from ipcenter.stats.inputs import StatsInputs
from ipcenter.stats.models import OTHER_REGION, StatsConfig, StatsTable
from ipcenter.stats.sql import QueryScope

add_labels(
    {
        "high_value": ("高价值发明专利统计表", "high-value invention patents"),
        "high_value_total": ("高价值发明专利量", "high-value invention patents"),
        "criteria": ("高价值认定条件", "high-value criteria"),
        "criterion": ("条件", "criterion"),
        "strategic_emerging_industry": ("战略性新兴产业", "strategic emerging industry"),
        "granted_family_abroad": ("海外有同族专利权", "granted family member abroad"),
        "maintained_over_10_years": ("维持年限超过10年", "maintained over 10 years"),
        "pledge_financing": ("较高质押融资金额", "pledge financing above threshold"),
        "award": ("获国家科学技术奖或中国专利奖", "State S&T Award or China Patent Award"),
        "chart_criteria": ("高价值各条件数量", "high-value criteria"),
    }
)

#: The criteria's flag columns in the query → their keys in the output (and labels), in the definition's order.
CRITERIA = {
    "c_sei": "strategic_emerging_industry",
    "c_family": "granted_family_abroad",
    "c_maintained": "maintained_over_10_years",
    "c_pledge": "pledge_financing",
    "c_award": "award",
}


def query_sql(as_of: str, maintenance_start: str, pledge_threshold_10k_yuan: float | None) -> str:
    """The criteria flags of valid domestic inventions inside the region, counted per combination."""
    if maintenance_start not in ("filing_date", "grant_date"):
        raise StatsError("maintenance_start must be filing_date or grant_date")
    maint = "filing_plus_maint" if maintenance_start == "filing_date" else "grant_plus_maint"
    pledge = (
        "0"
        if pledge_threshold_10k_yuan is None
        else f"CASE WHEN coalesce(v.pledge_amount_10k >= {float(pledge_threshold_10k_yuan)!r}, FALSE) THEN 1 ELSE 0 END"
    )
    return f"""
WITH flags AS (
  SELECT v.region_key, v.sub_name, v.counted_type,
         CASE WHEN s.application_number IS NOT NULL THEN 1 ELSE 0 END AS c_sei,
         v.foreign_granted_family AS c_family,
         CASE WHEN coalesce(v.{maint} < DATE '{as_of}', FALSE) THEN 1 ELSE 0 END AS c_maintained,
         {pledge} AS c_pledge,
         CASE WHEN a.application_number IS NOT NULL THEN 1 ELSE 0 END AS c_award
  FROM counted v
  LEFT JOIN (SELECT DISTINCT application_number FROM sei_hits) s ON s.application_number = v.application_number
  LEFT JOIN (SELECT DISTINCT application_number FROM awards) a ON a.application_number = v.application_number
  WHERE v.inside = 1
)
SELECT region_key, max(sub_name) AS region_name, counted_type AS owner_type,
       c_sei, c_family, c_maintained, c_pledge, c_award, count(*) AS n
FROM flags
GROUP BY region_key, counted_type, c_sei, c_family, c_maintained, c_pledge, c_award
ORDER BY region_key, owner_type, c_sei, c_family, c_maintained, c_pledge, c_award"""


class HighValue(Indicator):
    name = "high_value"
    command = "high-value"
    help = "高价值发明专利: union of the five criteria, each criterion and their overlaps, by region."
    total_key = "high_value_total"
    stages = ("counted", "sei_hits")

    def query(self, scope: QueryScope, config: StatsConfig) -> str:
        return query_sql(scope.as_of.isoformat(), config.maintenance_start, config.pledge_threshold_10k_yuan)

    def region_counts(self, results: Sequence[Result]) -> Sequence[Result]:
        # the union: an invention meeting any criterion counts once
        return [r for r in results if any(int(r[c]) for c in CRITERIA)]

    def extra(
        self, results: Sequence[Result], table: StatsTable, inputs: StatsInputs, config: StatsConfig
    ) -> dict[str, Any]:
        criteria: dict[str, dict[str, int]] = {}
        overlaps: dict[str, int] = {}
        valid_total: dict[str, int] = {}
        names = {r.code: r.region for r in table.rows if r.code}
        for r in results:
            name = names.get(str(r["region_key"]), OTHER_REGION)
            n = int(r["n"])
            valid_total[name] = valid_total.get(name, 0) + n
            hit = [key for column, key in CRITERIA.items() if int(r[column])]
            for key in hit:
                criteria.setdefault(key, {}).setdefault(name, 0)
                criteria[key][name] += n
            if hit:
                combo = " + ".join(hit)
                overlaps[combo] = overlaps.get(combo, 0) + n
        return {
            "criteria_by_region": criteria,
            "criteria_totals": {k: sum(v.values()) for k, v in criteria.items()},
            "criteria_combinations": dict(sorted(overlaps.items(), key=lambda kv: -kv[1])),
            "valid_domestic_inventions": sum(valid_total.values()),
            "high_value_share": (
                round(table.rows[-1].count("valid_invention_total") / sum(valid_total.values()), 4)
                if valid_total
                else None
            ),
        }

    def notes(self, config: StatsConfig) -> list[str]:
        if config.pledge_threshold_10k_yuan is None:
            return ["pledge-financing criterion not evaluated: no threshold configured (UNCONFIRMED)"]
        return []

    def detail_tables(self, table: StatsTable, lang: str) -> list[DetailTable]:
        if not table.extra:
            return []
        rows = [[label(k, lang), v] for k, v in table.extra["criteria_totals"].items()]
        rows += [[f"∩ {k}", v] for k, v in table.extra["criteria_combinations"].items()]
        return [DetailTable(label("criteria", lang), ["criterion", "count"], rows)]

    def charts(self, table: StatsTable, lang: str) -> list[Chart]:
        totals = table.extra.get("criteria_totals")
        if not totals:
            return []
        return [
            Chart(
                title=label("chart_criteria", lang),
                x=[label(k, lang) for k in totals],
                series=[(None, list(totals.values()))],
                height=360,
            )
        ]


INDICATOR = HighValue()
