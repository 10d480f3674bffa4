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
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ipcenter.stats import facts_cache, indicators, sql
from ipcenter.stats import population as pop
from ipcenter.stats.engine import DuckDBEngine, SparkEngine, make_engine
from ipcenter.stats.errors import MissingPopulation, StatsError
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
    LEVEL_DIGITS,
    OUTSIDE_NAMES,
    SUB_LEVEL,
    Within,
    code_prefix,
    official_name,
    region_name,
    resolve_region,
    resolve_within,
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
    """An official table from per-region type counts (the regions in table order, named as the table names
    them) and a population vintage; ``figures`` carry their region codes (:func:`population.resolve_codes`)."""
    rows = [
        RegionRow(region=name, code=code_prefix(resolve_region(name)), counts=finish_counts(c))
        for name, c in regions
    ]
    if other is not None:
        rows.append(RegionRow(region=OTHER_REGION, kind="other", counts=finish_counts(other)))
    add_total_row(rows, total_name)
    by_code = pop.by_code(figures, vintage)
    provinces = {r.code[:2] for r in rows if r.code}
    pop.attach_population(rows, by_code, by_code.get(provinces.pop()) if len(provinces) == 1 else None)
    return rows


# --------------------------------------------------------------------------- rows from query results


def _rows_from_results(
    results: Iterable[Result], within: Within, level: str, figures: Mapping[str, PopulationFigure]
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
                name = official_name(r.get("region_name")) or region_name(key) or key
                row = RegionRow(region=name, code=key)
            by_key[key] = row
        column = TYPE_COLUMN.get(str(r["owner_type"]), "enterprises")
        row.counts[column] = row.counts.get(column, 0) + int(r["n"])
    for row in by_key.values():
        row.counts = finish_counts(row.counts)
    # sub-regions with a population but no patent still get their row (count 0); so does a district's own
    own = [within.code] if within.level == "district" and within.code else []
    for code in [*own, *_sub_region_codes(figures, within, level)]:
        if code not in by_key:
            by_key[code] = RegionRow(region=region_name(code) or code, code=code, counts=finish_counts({}))
    if within.prefixes and within.level != "district" and "other" not in by_key:
        # (inside a district every owner has the district's code: no 其他 row there)
        by_key["other"] = RegionRow(region=OTHER_REGION, kind="other", counts=finish_counts({}))
    order = {"region": 0, "other": 1, "outside": 2}
    rows = sorted(by_key.values(), key=lambda r: (order[r.kind], r.code or "", r.region))
    return rows


def _sub_region_codes(codes: Iterable[str], within: Within, level: str) -> list[str]:
    """The codes that are rows of this table: at the table's level, inside the region."""
    digits = LEVEL_DIGITS[level]
    return [
        c
        for c in codes
        if len(c) == digits and (not within.prefixes or any(c.startswith(p) for p in within.prefixes))
    ]


def _scope(as_of: date, within_name: str | None, level: str | None) -> tuple[Within, sql.QueryScope]:
    within = resolve_within(within_name)
    chosen = level or SUB_LEVEL[within.level]
    within.check_level(chosen)
    return within, sql.QueryScope(as_of=as_of, prefixes=within.prefixes, level=chosen)


@dataclass
class _Population:
    """A population file read for one table: its figures (with region codes), the vintage, what was unusable."""

    file: Path | None = None
    figures: list[PopulationFigure] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    vintage: int | None = None

    def by_code(self) -> dict[str, PopulationFigure]:
        return pop.by_code(self.figures, self.vintage)


def _population(
    population_file: Path | None, as_of: date, config: StatsConfig, within: Within, level: str
) -> _Population:
    if population_file is None:
        return _Population()
    figures, unresolved = pop.resolve_codes(pop.load_population(population_file))
    # the vintage must cover this table's regions: its total and its sub-regions the file names
    wanted = set(_sub_region_codes((f.code for f in figures if f.code is not None), within, level))
    if within.code is not None and any(f.code == within.code for f in figures):
        wanted.add(within.code)
    vintage = pop.choose_vintage(figures, as_of, config.population_lag_months, wanted) if wanted else None
    return _Population(population_file, figures, unresolved, vintage)


def _check_as_of(as_of: date, inputs: StatsInputs) -> list[str]:
    """Refuse a date after the corpus's latest data and in the future; warn for one only after its data."""
    latest = inputs.latest_date
    if latest is None or as_of <= latest:
        return []
    if as_of > date.today():
        raise StatsError(
            f"--as-of {as_of.isoformat()} is after the corpus's latest data ({latest.isoformat()}) and in the "
            f"future: no legal state is known for it (every patent would have run out of term or fees); "
            f"give a date up to {latest.isoformat()}"
        )
    return [
        f"--as-of {as_of.isoformat()} is after the corpus's latest data ({latest.isoformat()}): grants and "
        f"lapses after that date are not in these counts"
    ]


def _missing_population(
    rows: list[RegionRow], population: _Population, as_of: date, allow: bool
) -> list[str]:
    """Population rows that name no region and ranked regions left without a population: an error, or
    (``allow``) warnings. Never dropped quietly."""
    if population.file is None:
        return []
    problems = list(population.unresolved)
    figures = population.by_code()
    missing = [r.region for r in rows if r.kind == "region" and (r.code or "") not in figures]
    if missing:
        where = (
            f"the {population.vintage} year-end figures"
            if population.vintage is not None
            else f"any year-end figures published by {as_of.isoformat()}"
        )
        problems.append(f"no population for {', '.join(missing)} in {where} of {population.file.name}")
    if problems and not allow:
        raise MissingPopulation(problems)
    return [f"{p} (density and rank left empty)" if p.startswith("no population") else p for p in problems]


def engine_for(engine: str, inputs: StatsInputs) -> DuckDBEngine | SparkEngine:
    """An engine over the inputs with the derived tables (one row per application, SEI hits) in place.

    DuckDB reads the derived tables built once per corpus version. Spark derives them itself, with the same
    SQL, whenever the flat tables are there (``fact_text`` included): its results then depend on no DuckDB
    step, which is what the parity check compares."""
    tables = inputs.tables
    spark_derives = engine == "spark" and "fact_text" in tables
    if spark_derives:
        tables = {k: v for k, v in tables.items() if k not in sql.DERIVED_TABLES}
    eng = make_engine(engine, tables)
    if spark_derives or not all(name in tables for name in sql.DERIVED_TABLES):
        facts_cache.derive(eng)
    return eng


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
    population: _Population,
    inputs: StatsInputs,
    config: StatsConfig,
    engine: str,
    warnings: list[str],
) -> StatsTable:
    add_total_row(rows, within.total_name)
    total = rows[-1]
    figures = population.by_code()
    total_figure = figures.get(within.code) if within.code is not None else None
    members = [figures.get(r.code or "") for r in rows if r.kind == "region"]
    if within.level == "group" and members and all(members):  # a grouping's population: its members' sum
        total_figure = PopulationFigure(
            within.total_name,
            sum((f.resident_population_10k for f in members if f), Decimal(0)),
            population.vintage or 0,
            "sum of members",
        )
    sources = pop.attach_population(rows, figures, total_figure)
    notes = list(inputs.notes)
    if population.vintage is None and population.file is None:
        notes.append("no population table for this as-of date: densities not computed")
    if total.density_per_10k is None and population.vintage is not None:
        notes.append(f"no population for {total.region} in the {population.vintage} vintage")
    return StatsTable(
        indicator=indicator,
        as_of=scope.as_of,
        within=within.name,
        level=scope.level,
        rows=rows,
        population_vintage=population.vintage,
        population_sources=sources,
        corpus_version=inputs.corpus_version,
        engine=engine,
        config=config,
        notes=notes + warnings,
        warnings=warnings,
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
    allow_missing_population: bool = False,
) -> StatsTable:
    """One indicator's table: rows by sub-region of ``within`` (the official layout), density, rank, details.

    Raises a `StatsError` for a date after the corpus's data and in the future, a region that names no
    division (or several), and — unless ``allow_missing_population`` makes them warnings — population rows
    that name no region and ranked regions left without a population."""
    ind = indicators.get(indicator) if isinstance(indicator, str) else indicator
    config = config or StatsConfig()
    warnings = _check_as_of(as_of, inputs)
    region, scope = _scope(as_of, within, level)
    population = _population(population_file, as_of, config, region, scope.level)
    if population.unresolved and not allow_missing_population:
        _missing_population([], population, as_of, allow=False)
    eng = engine_for(engine, inputs)
    try:
        run_stages(eng, scope, config, ind.stages)
        results = eng.query(ind.query(scope, config))
    finally:
        eng.close()
    rows = _rows_from_results(ind.region_counts(results), region, scope.level, population.by_code())
    warnings += _missing_population(rows, population, as_of, allow_missing_population)
    table = _finish(ind.name, rows, region, scope, population, inputs, config, engine, warnings)
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
