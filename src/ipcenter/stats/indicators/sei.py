"""战略性新兴产业: valid inventions in strategic emerging industries (the 2021 SEI–IPC concordance), per
industry and sub-field, by region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ipcenter.i18n import add_labels, label
from ipcenter.stats.facts import INDUSTRY_NAMES
from ipcenter.stats.indicators.base import Chart, DetailTable, Indicator, Result
from ipcenter.stats.inputs import StatsInputs
from ipcenter.stats.models import OTHER_REGION, StatsConfig, StatsTable
from ipcenter.stats.sql import QueryScope

add_labels(
    {
        "sei": ("战略性新兴产业有效发明专利统计表", "valid inventions in strategic emerging industries"),
        "sei_total": ("战略性新兴产业发明专利量", "SEI invention patents"),
        "by_industry": ("按产业/领域", "by industry and sub-field"),
        "sei_code": ("产业代码", "code"),
        "sei_name": ("产业名称", "name"),
        "chart_industries": ("战略性新兴产业分布", "by strategic emerging industry"),
    }
)

# Three grains in one result: per sub-field, per industry, and any SEI hit (the table's count).
QUERY = """
WITH inside AS (SELECT application_number, region_key, sub_name FROM counted WHERE inside = 1)
SELECT 'sub_field' AS grain, v.region_key, max(v.sub_name) AS region_name, h.sei_code AS code,
       count(DISTINCT v.application_number) AS n
FROM inside v JOIN sei_hits h ON h.application_number = v.application_number
GROUP BY v.region_key, h.sei_code
UNION ALL
SELECT 'industry' AS grain, v.region_key, max(v.sub_name) AS region_name, h.industry AS code,
       count(DISTINCT v.application_number) AS n
FROM inside v JOIN sei_hits h ON h.application_number = v.application_number
GROUP BY v.region_key, h.industry
UNION ALL
SELECT 'any' AS grain, v.region_key, max(v.sub_name) AS region_name, 'all' AS code,
       count(DISTINCT v.application_number) AS n
FROM inside v JOIN (SELECT DISTINCT application_number FROM sei_hits) h ON h.application_number = v.application_number
GROUP BY v.region_key
ORDER BY grain, region_key, code"""


class Sei(Indicator):
    name = "sei"
    command = "sei"
    help = (
        "战略性新兴产业: valid inventions per industry and sub-field (2021 SEI–IPC concordance), by region."
    )
    total_key = "sei_total"
    stages = ("counted", "sei_hits")

    def query(self, scope: QueryScope, config: StatsConfig) -> str:
        return QUERY

    def region_counts(self, results: Sequence[Result]) -> Sequence[Result]:
        # the query does not split by applicant type: the table's count is placed in one column
        return [
            {
                "region_key": r["region_key"],
                "region_name": r["region_name"],
                "owner_type": "enterprise",
                "n": r["n"],
            }
            for r in results
            if r["grain"] == "any"
        ]

    def extra(
        self, results: Sequence[Result], table: StatsTable, inputs: StatsInputs, config: StatsConfig
    ) -> dict[str, Any]:
        key_name = {r.code: r.region for r in table.rows if r.code}
        by_grain: dict[str, dict[str, dict[str, int]]] = {"industry": {}, "sub_field": {}}
        for r in results:
            if r["grain"] in by_grain:
                name = key_name.get(str(r["region_key"]), OTHER_REGION)
                by_grain[r["grain"]].setdefault(str(r["code"]), {})[name] = int(r["n"])
        return {
            "concordance": inputs.sei.version,
            "ipc_scope": config.sei_ipc_scope,
            "industries": [
                {
                    "code": code,
                    "name": INDUSTRY_NAMES.get(code, code),
                    "by_region": v,
                    "total": sum(v.values()),
                }
                for code, v in sorted(by_grain["industry"].items())
            ],
            "sub_fields": [
                {
                    "code": code,
                    "name": inputs.sei.hierarchy.get(code, ("", ""))[0],
                    "by_region": v,
                    "total": sum(v.values()),
                }
                for code, v in sorted(
                    by_grain["sub_field"].items(), key=lambda kv: [int(x) for x in kv[0].split(".")]
                )
            ],
        }

    def detail_tables(self, table: StatsTable, lang: str) -> list[DetailTable]:
        if not table.extra:
            return []
        rows = [[i["code"], i["name"], i["total"]] for i in table.extra["industries"]]
        rows += [[f["code"], f["name"], f["total"]] for f in table.extra["sub_fields"]]
        return [DetailTable(label("by_industry", lang), ["sei_code", "sei_name", "count"], rows)]

    def charts(self, table: StatsTable, lang: str) -> list[Chart]:
        industries = table.extra.get("industries")
        if not industries:
            return []
        return [
            Chart(
                title=label("chart_industries", lang),
                x=[i["name"] for i in industries],
                series=[(None, [i["total"] for i in industries])],
            )
        ]


INDICATOR = Sei()
