"""The statistical attributes of the stats domain, read through its public service functions only.

Three concepts stay apart (domain-cn-2.md §6.B.7): the GB/T 42748 value grade (this domain), the statistical
高价值发明专利 flag (five criteria, any one; stats domain) and the 盘活 self-assessed grade (transfer domain).
The stats flags are shown beside a value score, never weighted into it.

The stats service exposes whole-table indicators (``compute('high_value' | 'sei', …)``), not per-application flags. So the
flags of a set of applications are read by running those public functions on the statistics inputs narrowed
to that set: for one application, the criteria it meets are the criteria counted. If the stats service
changes or cannot run, the attributes say why they are missing instead of failing the value report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ipcenter.errors import UserError
from ipcenter.stats import service as stats_service

CONCEPT_NOTE = (
    "统计口径「高价值发明专利」(CNIPA statistics: valid domestic invention meeting any of five criteria) — "
    "a statistical flag, not a GB/T 42748 value grade; not weighted into the composite"
)


def _narrowed(inputs: Any, applications: set[str]) -> Any:
    """The statistics inputs with the per-application tables cut to ``applications``."""
    keep = pa.array(sorted(applications), pa.string())
    tables = dict(inputs.tables)
    for name, table in inputs.tables.items():
        if isinstance(table, pa.Table) and "application_number" in table.column_names and name != "awards":
            tables[name] = table.filter(pc.is_in(table["application_number"], value_set=keep))
    return dataclasses.replace(inputs, tables=tables)


def load_stats_inputs(corpus_dir: Path, data_dir: Path | None) -> Any:
    return stats_service.load_inputs(corpus_dir, data_dir, stats_service.load_config(None))


def stats_attributes(inputs: Any, applications: Iterable[str], as_of: date) -> dict[str, Any]:
    """Criteria met and SEI industries of the valid domestic inventions among ``applications``, counted."""
    apps = set(applications)
    out: dict[str, Any] = {"concept": CONCEPT_NOTE, "as_of": as_of.isoformat()}
    try:
        narrowed = _narrowed(inputs, apps)
        hv = stats_service.compute("high_value", narrowed, as_of)
        sei = stats_service.compute("sei", narrowed, as_of)
    except (UserError, ValueError, KeyError, AttributeError, TypeError) as exc:
        out["available"] = False
        out["reason"] = f"the stats service could not evaluate them: {exc}"
        return out
    totals = dict(hv.extra.get("criteria_totals") or {})
    counted = int(hv.extra.get("valid_domestic_inventions") or 0)
    out.update(
        {
            "available": True,
            "valid_domestic_inventions_counted": counted,
            "high_value_count": sum(v for k, v in hv.extra.get("criteria_combinations", {}).items() if k),
            "criteria": totals,
            "sei_industries": [
                {"code": i["code"], "name": i["name"], "count": i["total"]}
                for i in sei.extra.get("industries", [])
            ],
            "notes": [n for n in hv.notes if not n.startswith("no population")],
        }
    )
    if counted == 0:
        out["reason"] = (
            "not counted by the statistics: only valid domestic (CN) invention patents with a located owner are"
        )
    return out


def flags_of_one(inputs: Any, application: str, as_of: date) -> dict[str, Any]:
    """The five criteria flags and SEI membership of one application (its counted set is itself)."""
    attrs = stats_attributes(inputs, [application], as_of)
    if not attrs.get("available") or not attrs.get("valid_domestic_inventions_counted"):
        return attrs
    criteria = attrs["criteria"]
    attrs["flags"] = {
        key: bool(criteria.get(key))
        for key in (
            "strategic_emerging_industry",
            "granted_family_abroad",
            "maintained_over_10_years",
            "pledge_financing",
            "award",
        )
    }
    attrs["high_value"] = any(attrs["flags"].values())
    attrs["sei_member"] = bool(attrs["sei_industries"])
    return attrs
