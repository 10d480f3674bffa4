"""Checks of the statistics against the published tables (the demo's stats step and the tests run them).

- Each official table (``hunan-official-tables``) recomputed from its own counts and the published
  populations: every total, density and rank must come back.
- A synthetic 61-column export whose valid inventions reproduce a table, ingested into a corpus and
  counted by the indicators: the table must come back from the corpus.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ipcenter.ingest.service import ingest
from ipcenter.stats import indicators, service
from ipcenter.stats import population as pop
from ipcenter.stats.errors import StatsError
from ipcenter.stats.models import OTHER_REGION, SERVICE_COLUMNS, PopulationFigure, StatsConfig, StatsTable
from ipcenter.stats.regions import code_prefix, resolve_region

#: The applicant-type columns a published table gives per region (the totals are computed from them).
TYPE_COLUMNS = (*SERVICE_COLUMNS, "individuals")
#: Names of a published table's total row.
TOTAL_ROW_NAMES = ("全省", "合计")
#: Densities quoted in official texts: (count, population in 万人) → the published density.
DENSITY_EXAMPLES = ((81989, "1061.65"), (76135, "1051.31"), (29742, "1051.31"), (76135, "1061.65"))


def read_official_table(path: Path) -> list[dict[str, str]]:
    """Every row of a published table in the official layout (TSV: region, the type columns, …, rank)."""
    if not path.is_file():
        raise StatsError(f"table not found: {path}")
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter="\t"))


def read_target_table(path: Path) -> list[dict[str, str]]:
    """The region rows (and 其他) of a published table: what a synthetic export must reproduce."""
    rows = read_official_table(path)
    missing = {"region", *TYPE_COLUMNS} - set(rows[0] if rows else {})
    if missing:
        raise StatsError(f"{path}: missing columns {', '.join(sorted(missing))}")
    return [r for r in rows if r["region"] not in TOTAL_ROW_NAMES]


def month_end(month: str) -> date:
    """'2025-07' → 2025-07-31, the as-of date of a monthly table."""
    year, mon = (int(x) for x in month.split("-"))
    return date(year + mon // 12, mon % 12 + 1, 1) - timedelta(days=1)


def _counts(row: Mapping[str, str]) -> dict[str, int]:
    return {c: int(row[c]) for c in TYPE_COLUMNS}


def check_official_table(path: Path, figures: Sequence[PopulationFigure]) -> dict[str, Any]:
    """Recompute one published table (file ``…_YYYY-MM.tsv``) from its counts and the population figures
    (with their region codes: :func:`population.load_resolved`); count the rows that differ."""
    month = path.stem.rsplit("_", 1)[-1]
    as_of = month_end(month)
    published = read_official_table(path)
    regions = [r for r in published if r["region"] not in (*TOTAL_ROW_NAMES, OTHER_REGION)]
    other = next((_counts(r) for r in published if r["region"] == OTHER_REGION), None)
    codes = [code_prefix(resolve_region(r["region"])) for r in regions]
    codes += sorted({c[:2] for c in codes})  # the province, the total row's region
    vintage = pop.choose_vintage(figures, as_of, StatsConfig().population_lag_months, codes)
    rows = service.table_from_counts(
        [(r["region"], _counts(r)) for r in regions], other, "全省", figures, vintage or 0
    )
    mismatches = 0
    for got, want in zip(rows, published, strict=False):
        j = got.to_json()
        density = f"{got.density_per_10k:.2f}" if got.density_per_10k is not None else ""
        same = (
            all(j[k] == int(want[k]) for k in ("valid_invention_total", "service_total"))
            and density == want["density_per_10k"]
            and str(got.rank or "") == want["rank"]
        )
        mismatches += 0 if same else 1
    return {
        "table": month,
        "as_of": as_of.isoformat(),
        "population_vintage": vintage,
        "rows": len(rows),
        "mismatches": mismatches,
    }


def density_examples() -> list[dict[str, Any]]:
    return [{"count": c, "population_10k": p, "density": str(pop.density(c, p))} for c, p in DENSITY_EXAMPLES]


def scaled(target: Sequence[Mapping[str, str]], divisor: int) -> list[dict[str, str]]:
    """A table with every region's counts divided by ``divisor`` (the 其他 row as published)."""
    return [
        {**r, **({c: str(int(r[c]) // divisor) for c in TYPE_COLUMNS} if r["region"] != OTHER_REGION else {})}
        for r in target
    ]


@dataclass
class EndToEnd:
    """A synthetic export of a table, ingested and counted: the three tables and whether the first matches."""

    tables: dict[str, StatsTable]  # by indicator name, in the registry's order
    matches_target: bool
    trend: list[dict[str, Any]] = field(default_factory=list)


def synthetic_end_to_end(
    target: Sequence[Mapping[str, str]],
    as_of: date,
    work: Path,
    data_dir: Path,
    population_file: Path,
    *,
    within: str,
    name: str,
    trend_dates: Sequence[date] = (),
) -> EndToEnd:
    """Generate an export reproducing ``target`` under ``work``, ingest it, compute every indicator."""
    from ipcenter.stats.synthetic import generate_export  # only here: the generator is not needed otherwise

    if work.exists():
        shutil.rmtree(work)
    generate_export(target, as_of, work / "export", seed=1, name=name)
    ingest([work / "export"], work / "corpus")
    inputs = service.load_inputs(work / "corpus", data_dir, StatsConfig())
    tables = {
        ind.name: service.compute(ind, inputs, as_of, within=within, population_file=population_file)
        for ind in indicators.INDICATORS
    }
    expected = {r["region"]: sum(int(r[c]) for c in TYPE_COLUMNS) for r in target}
    got = {row.region: row.count("valid_invention_total") for row in tables["valid_inventions"].rows}
    trend = service.valid_invention_trend(
        inputs, [*trend_dates, as_of], within=within, level=None, config=StatsConfig()
    )
    return EndToEnd(tables, all(got.get(k) == v for k, v in expected.items()), trend)
