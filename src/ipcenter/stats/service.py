"""Official patent statistics: valid invention patents (有效发明专利), density per 10,000 people (专利密度),
high-value invention patents (高价值发明专利) and strategic emerging industries (战略性新兴产业).

:func:`compute` runs one indicator of the registry (:mod:`ipcenter.stats.indicators`): the shared SQL stages
(:mod:`ipcenter.stats.sql`) and the indicator's final query on DuckDB or Spark; then this module assembles the
official table layout, attaches populations (:mod:`ipcenter.stats.population`) and records how every number
was made (as-of date, corpus version, attribution rule, population vintage, configuration). No printing here:
the CLI, the demo and (later) the web API call these functions and render what they return.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ipcenter.stats import indicators, sql
from ipcenter.stats import population as pop
from ipcenter.stats.engine import DuckDBEngine, SparkEngine, make_engine
from ipcenter.stats.errors import StatsError
from ipcenter.stats.indicators.base import Indicator, Result
from ipcenter.stats.inputs import StatsInputs, default_population_file, load_inputs
from ipcenter.stats.models import (
    COUNT_COLUMNS,
    OTHER_REGION,
    SERVICE_COLUMNS,
    TYPE_COLUMN,
    PopulationFigure,
    RegionRow,
    StatsConfig,
    StatsTable,
    config_from_dict,
)
from ipcenter.stats.regions import (
    OUTSIDE_NAMES,
    SUB_LEVEL,
    Within,
    official_name,
    resolve_within,
    sub_region_code,
)

__all__ = [
    "StatsError",
    "StatsInputs",
    "add_total_row",
    "compute",
    "default_population_file",
    "finish_counts",
    "load_config",
    "load_inputs",
    "parse_as_of",
    "table_from_counts",
    "valid_invention_trend",
]


# --------------------------------------------------------------------------- what the user gave


def parse_as_of(text: str) -> date:
    """The cut-off date ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StatsError(f"--as-of {text!r} is not a date YYYY-MM-DD") from None


def load_config(path: Path | None) -> StatsConfig:
    """Settings from a JSON file (see docs/stats.md); the defaults without one."""
    if path is None:
        return StatsConfig()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the configuration must be a JSON object")
        return config_from_dict(data)
    except (OSError, ValueError, TypeError, StatsError) as exc:
        raise StatsError(f"--config {path}: {exc}") from None


# --------------------------------------------------------------------------- the official table from counts


def finish_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Type counts → all official columns: 职务总计 = the four service columns, total = 职务总计 + 个人."""
    out = {c: int(counts.get(c, 0)) for c in (*SERVICE_COLUMNS, "individuals")}
    out["service_total"] = sum(out[c] for c in SERVICE_COLUMNS)
    out["valid_invention_total"] = out["service_total"] + out["individuals"]
    return out


def add_total_row(rows: list[RegionRow], total_name: str) -> RegionRow:
    """The total row: every region row and the 其他 row (not the HK/MO/TW/foreign rows)."""
    summed: dict[str, int] = dict.fromkeys(COUNT_COLUMNS, 0)
    for row in rows:
        if row.kind in ("region", "other"):
            for col in COUNT_COLUMNS:
                summed[col] += row.count(col)
    total = RegionRow(region=total_name, kind="total", counts=summed)
    rows.append(total)
    return total


def table_from_counts(
    regions: Sequence[tuple[str, Mapping[str, int]]],
    other: Mapping[str, int] | None,
    total_name: str,
    figures: Iterable[PopulationFigure],
    vintage: int,
) -> list[RegionRow]:
    """An official table from per-region type counts (the regions in table order) and a population vintage."""
    rows = [RegionRow(region=name, counts=finish_counts(c)) for name, c in regions]
    if other is not None:
        rows.append(RegionRow(region=OTHER_REGION, kind="other", counts=finish_counts(other)))
    add_total_row(rows, total_name)
    pop.attach_population(rows, list(figures), vintage)
    return rows


# --------------------------------------------------------------------------- rows from query results


def _rows_from_results(
    results: Iterable[Result],
    within: Within,
    level: str,
    figures: list[PopulationFigure],
    vintage: int | None,
) -> list[RegionRow]:
    by_key: dict[str, RegionRow] = {}
    for r in results:
        key = str(r["region_key"])
        row = by_key.get(key)
        if row is None:
            if key == "other":
                row = RegionRow(region=OTHER_REGION, kind="other")
            elif key in OUTSIDE_NAMES:
                row = RegionRow(region=OUTSIDE_NAMES[key], kind="outside")
            else:
                row = RegionRow(region=official_name(r.get("region_name")) or key, code=key)
            by_key[key] = row
        column = TYPE_COLUMN.get(str(r["owner_type"]), "enterprises")
        row.counts[column] = row.counts.get(column, 0) + int(r["n"])
    for row in by_key.values():
        row.counts = finish_counts(row.counts)
    # sub-regions with a population but no patent still get their row (count 0)
    present = {r.region for r in by_key.values()}
    for f in figures:
        if f.year != vintage or f.region in present or f.region == within.total_name:
            continue
        code = sub_region_code(within, f.region, level)
        if code is not None and code not in by_key:
            by_key[code] = RegionRow(region=f.region, code=code, counts=finish_counts({}))
            present.add(f.region)
    if within.prefixes and "other" not in by_key:
        by_key["other"] = RegionRow(region=OTHER_REGION, kind="other", counts=finish_counts({}))
    order = {"region": 0, "other": 1, "outside": 2}
    rows = sorted(by_key.values(), key=lambda r: (order[r.kind], r.code or "", r.region))
    return rows


def _scope(as_of: date, within_name: str | None, level: str | None) -> tuple[Within, sql.QueryScope]:
    within = resolve_within(within_name)
    chosen = level or SUB_LEVEL[within.level]
    within.check_level(chosen)
    return within, sql.QueryScope(as_of=as_of, prefixes=within.prefixes, level=chosen)


def _population(
    population_file: Path | None, as_of: date, config: StatsConfig, within: Within
) -> tuple[list[PopulationFigure], int | None]:
    if population_file is None:
        return [], None
    figures = pop.load_population(population_file)
    names = [f.region for f in figures if within.prefixes == () or f.region == within.total_name] or None
    vintage = pop.choose_vintage(figures, as_of, config.population_lag_months, names)
    return figures, vintage


def run_stages(
    eng: DuckDBEngine | SparkEngine, scope: sql.QueryScope, config: StatsConfig, stages: Iterable[str]
) -> None:
    """Materialise the shared stages a final query reads, once per report, in the order they build on."""
    wanted = set(stages)
    for stage in sql.STAGES:
        if stage in wanted:
            eng.materialize(stage, sql.stage_sql(stage, scope, config))


def _finish(
    indicator: str,
    rows: list[RegionRow],
    within: Within,
    scope: sql.QueryScope,
    figures: list[PopulationFigure],
    vintage: int | None,
    inputs: StatsInputs,
    config: StatsConfig,
    engine: str,
) -> StatsTable:
    add_total_row(rows, within.total_name)
    total = rows[-1]
    if within.level == "group":  # a custom grouping's population is the sum of its members' (when all known)
        members = [
            f
            for f in figures
            if f.year == vintage and any(r.region == f.region for r in rows if r.kind == "region")
        ]
        if members and len(members) == sum(1 for r in rows if r.kind == "region"):
            figures = [
                *figures,
                PopulationFigure(
                    within.total_name,
                    sum((f.resident_population_10k for f in members), Decimal(0)),
                    vintage or 0,
                    "sum of members",
                ),
            ]
    elif within.level in ("city", "district") and within.name:
        figures = [
            *figures,
            *(
                PopulationFigure(within.total_name, f.resident_population_10k, f.year, f.source)
                for f in figures
                if f.region == within.name
            ),
        ]
    sources = pop.attach_population(rows, figures, vintage)
    notes = list(inputs.notes)
    if vintage is None:
        notes.append("no population table for this as-of date: densities not computed")
    if total.density_per_10k is None and vintage is not None:
        notes.append(f"no population for {total.region} in the {vintage} vintage")
    return StatsTable(
        indicator=indicator,
        as_of=scope.as_of,
        within=within.name,
        level=scope.level,
        rows=rows,
        population_vintage=vintage,
        population_sources=sources,
        corpus_version=inputs.corpus_version,
        engine=engine,
        config=config,
        notes=notes,
    )


# --------------------------------------------------------------------------- running an indicator


def compute(
    indicator: str | Indicator,
    inputs: StatsInputs,
    as_of: date,
    *,
    within: str | None = None,
    level: str | None = None,
    population_file: Path | None = None,
    config: StatsConfig | None = None,
    engine: str = "duckdb",
) -> StatsTable:
    """One indicator's table: rows by sub-region of ``within`` (the official layout), density, rank, details."""
    ind = indicators.get(indicator) if isinstance(indicator, str) else indicator
    config = config or StatsConfig()
    region, scope = _scope(as_of, within, level)
    figures, vintage = _population(population_file, as_of, config, region)
    eng = make_engine(engine, inputs.tables)
    try:
        run_stages(eng, scope, config, ind.stages)
        results = eng.query(ind.query(scope, config))
    finally:
        eng.close()
    rows = _rows_from_results(ind.region_counts(results), region, scope.level, figures, vintage)
    table = _finish(ind.name, rows, region, scope, figures, vintage, inputs, config, engine)
    table.extra = ind.extra(results, table, inputs, config)
    table.notes += ind.notes(config)
    return table


def valid_invention_trend(
    inputs: StatsInputs, dates: Sequence[date], *, within: str | None, level: str | None, config: StatsConfig
) -> list[dict[str, Any]]:
    """The total valid inventions inside the region at each date (for the trend chart)."""
    out = []
    for d in dates:
        t = compute("valid_inventions", inputs, d, within=within, level=level, config=config)
        out.append(
            {"as_of": d.isoformat(), "valid_invention_total": t.rows[-1].count("valid_invention_total")}
        )
    return out
