"""Official patent statistics: valid invention patents (有效发明专利), density per 10,000 people (专利密度),
high-value invention patents (高价值发明专利) and strategic emerging industries (战略性新兴产业).

Counting is done by the SQL of :mod:`ipcenter.stats.sql` (DuckDB or Spark); this module chooses the scope,
assembles the official table layout, attaches populations (:mod:`ipcenter.stats.population`) and records how
every number was made (as-of date, corpus version, attribution rule, population vintage, configuration).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from ipcenter.corpus.store import Corpus
from ipcenter.stats import population as pop
from ipcenter.stats import sql
from ipcenter.stats.engine import DuckDBEngine, SparkEngine, make_engine
from ipcenter.stats.facts import SeiConcordance, corpus_facts, load_awards, load_sei
from ipcenter.stats.models import (
    COUNT_COLUMNS,
    OTHER_REGION,
    SERVICE_COLUMNS,
    TYPE_COLUMN,
    PopulationFigure,
    RegionRow,
    StatsConfig,
    StatsTable,
)
from ipcenter.stats.regions import (
    OUTSIDE_NAMES,
    SUB_LEVEL,
    Within,
    official_name,
    resolve_within,
    sub_region_code,
)

CRITERIA = ("c_sei", "c_family", "c_maintained", "c_pledge", "c_award")
CRITERIA_KEYS = {
    "c_sei": "strategic_emerging_industry",
    "c_family": "granted_family_abroad",
    "c_maintained": "maintained_over_10_years",
    "c_pledge": "pledge_financing",
    "c_award": "award",
}


class StatsError(ValueError):
    """Input the statistics cannot use (clear message, no stack trace at the CLI)."""


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


# --------------------------------------------------------------------------- inputs


@dataclass
class StatsInputs:
    """The flat tables the SQL reads, with the versions of what they came from."""

    tables: dict[str, pa.Table | Path]
    corpus_version: str | None
    sei: SeiConcordance
    awards_count: int
    notes: list[str] = field(default_factory=list)


def load_inputs(
    corpus_dir: Path, data_dir: Path | None, config: StatsConfig, facts: Mapping[str, pa.Table] | None = None
) -> StatsInputs:
    corpus = Corpus(corpus_dir)
    if facts is None:
        if not corpus.exists:
            raise StatsError(f"no corpus at {corpus_dir} (ingest files first: ipcenter ingest …)")
        facts = corpus_facts(corpus, config)
    if data_dir is None or not (data_dir / "sei-ipc-2021").is_dir():
        raise StatsError("the SEI concordance (sei-ipc-2021) was not found: give --data or IPCENTER_DATA")
    sei = load_sei(data_dir / "sei-ipc-2021")
    awards, n_awards = load_awards(data_dir / "china-patent-award")
    tables: dict[str, pa.Table | Path] = {**facts, **sei.tables, "awards": awards}
    notes = [
        f"SEI concordance: {sei.version}; keyword rows match when a keyword term occurs in title/abstract/claims (UNCONFIRMED rule)",
        f"awards: {n_awards} award-winning patent numbers known (china-patent-award: partial lists; 国家科学技术奖 list not available)",
    ]
    return StatsInputs(tables, corpus.version_label if corpus.exists else None, sei, n_awards, notes)


def default_population_file(data_dir: Path | None) -> Path | None:
    if data_dir is None:
        return None
    path = data_dir / "population-hunan" / "hunan_resident_population.tsv"
    return path if path.is_file() else None


# --------------------------------------------------------------------------- rows from query results


def _rows_from_results(
    results: Iterable[Mapping[str, Any]],
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
    try:
        within = resolve_within(within_name)
        chosen = level or SUB_LEVEL[within.level]
        within.check_level(chosen)
        return within, sql.QueryScope(as_of=as_of, prefixes=within.prefixes, level=chosen)
    except ValueError as exc:
        raise StatsError(str(exc)) from None


def _population(
    population_file: Path | None, as_of: date, config: StatsConfig, within: Within
) -> tuple[list[PopulationFigure], int | None]:
    if population_file is None:
        return [], None
    try:
        figures = pop.load_population(population_file)
    except pop.PopulationError as exc:
        raise StatsError(str(exc)) from None
    names = [f.region for f in figures if within.prefixes == () or f.region == within.total_name] or None
    vintage = pop.choose_vintage(figures, as_of, config.population_lag_months, names)
    return figures, vintage


def _engine(inputs: StatsInputs, engine: str) -> DuckDBEngine | SparkEngine:
    try:
        return make_engine(engine, inputs.tables)
    except RuntimeError as exc:
        raise StatsError(str(exc)) from None


def run_stages(
    eng: DuckDBEngine | SparkEngine, scope: sql.QueryScope, config: StatsConfig, *, with_sei: bool
) -> None:
    """Materialise the shared stages (valid inventions in scope; their SEI hits) once for the final queries."""
    eng.materialize("counted", sql.counted_sql(scope, config.unknown_owner_type_as))
    if with_sei:
        eng.materialize("sei_candidates", sql.sei_candidates_sql(config.sei_ipc_scope == "main"))
        eng.materialize("sei_hits", sql.sei_hits_sql())


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


# --------------------------------------------------------------------------- indicators


def valid_inventions(
    inputs: StatsInputs,
    as_of: date,
    *,
    within: str | None = None,
    level: str | None = None,
    population_file: Path | None = None,
    config: StatsConfig | None = None,
    engine: str = "duckdb",
) -> StatsTable:
    """有效发明专利 by sub-region and applicant type, with density and rank (the official table layout)."""
    config = config or StatsConfig()
    region, scope = _scope(as_of, within, level)
    figures, vintage = _population(population_file, as_of, config, region)
    eng = _engine(inputs, engine)
    try:
        run_stages(eng, scope, config, with_sei=False)
        results = eng.query(sql.VALID_INVENTIONS)
    finally:
        eng.close()
    rows = _rows_from_results(results, region, scope.level, figures, vintage)
    return _finish("valid_inventions", rows, region, scope, figures, vintage, inputs, config, engine)


def high_value(
    inputs: StatsInputs,
    as_of: date,
    *,
    within: str | None = None,
    level: str | None = None,
    population_file: Path | None = None,
    config: StatsConfig | None = None,
    engine: str = "duckdb",
) -> StatsTable:
    """高价值发明专利: the union of five criteria (each counted once), each criterion, and their overlaps."""
    config = config or StatsConfig()
    region, scope = _scope(as_of, within, level)
    figures, vintage = _population(population_file, as_of, config, region)
    eng = _engine(inputs, engine)
    try:
        run_stages(eng, scope, config, with_sei=True)
        results = eng.query(
            sql.high_value_sql(as_of, config.maintenance_start, config.pledge_threshold_10k_yuan)
        )
    finally:
        eng.close()
    union = [dict(r) for r in results if any(int(r[c]) for c in CRITERIA)]
    rows = _rows_from_results(union, region, scope.level, figures, vintage)
    table = _finish("high_value", rows, region, scope, figures, vintage, inputs, config, engine)
    criteria: dict[str, dict[str, int]] = {}
    overlaps: dict[str, int] = {}
    valid_total: dict[str, int] = {}
    names = {r.code: r.region for r in rows if r.code}
    for r in results:
        name = names.get(str(r["region_key"]), OTHER_REGION)
        n = int(r["n"])
        valid_total[name] = valid_total.get(name, 0) + n
        hit = [CRITERIA_KEYS[c] for c in CRITERIA if int(r[c])]
        for key in hit:
            criteria.setdefault(key, {}).setdefault(name, 0)
            criteria[key][name] += n
        if hit:
            combo = " + ".join(hit)
            overlaps[combo] = overlaps.get(combo, 0) + n
    table.extra = {
        "criteria_by_region": criteria,
        "criteria_totals": {k: sum(v.values()) for k, v in criteria.items()},
        "criteria_combinations": dict(sorted(overlaps.items(), key=lambda kv: -kv[1])),
        "valid_domestic_inventions": sum(valid_total.values()),
        "high_value_share": (
            round(rows[-1].count("valid_invention_total") / sum(valid_total.values()), 4)
            if valid_total
            else None
        ),
    }
    if config.pledge_threshold_10k_yuan is None:
        table.notes.append("pledge-financing criterion not evaluated: no threshold configured (UNCONFIRMED)")
    return table


def sei(
    inputs: StatsInputs,
    as_of: date,
    *,
    within: str | None = None,
    level: str | None = None,
    population_file: Path | None = None,
    config: StatsConfig | None = None,
    engine: str = "duckdb",
) -> StatsTable:
    """Valid inventions in strategic emerging industries, per industry and sub-field, by region."""
    config = config or StatsConfig()
    region, scope = _scope(as_of, within, level)
    figures, vintage = _population(population_file, as_of, config, region)
    eng = _engine(inputs, engine)
    try:
        run_stages(eng, scope, config, with_sei=True)
        results = eng.query(sql.SEI)
    finally:
        eng.close()
    rows_any = [
        {
            "region_key": r["region_key"],
            "region_name": r["region_name"],
            "owner_type": "enterprise",
            "n": r["n"],
        }
        for r in results
        if r["grain"] == "any"
    ]
    rows = _rows_from_results(rows_any, region, scope.level, figures, vintage)
    table = _finish("sei", rows, region, scope, figures, vintage, inputs, config, engine)
    key_name = {r.code: r.region for r in rows if r.code}
    by_industry: dict[str, dict[str, int]] = {}
    by_field: dict[str, dict[str, int]] = {}
    for r in results:
        name = key_name.get(str(r["region_key"]), OTHER_REGION)
        if r["grain"] == "industry":
            by_industry.setdefault(str(r["code"]), {})[name] = int(r["n"])
        elif r["grain"] == "sub_field":
            by_field.setdefault(str(r["code"]), {})[name] = int(r["n"])
    from ipcenter.stats.facts import INDUSTRY_NAMES

    table.extra = {
        "concordance": inputs.sei.version,
        "ipc_scope": config.sei_ipc_scope,
        "industries": [
            {"code": code, "name": INDUSTRY_NAMES.get(code, code), "by_region": v, "total": sum(v.values())}
            for code, v in sorted(by_industry.items())
        ],
        "sub_fields": [
            {
                "code": code,
                "name": inputs.sei.hierarchy.get(code, ("", ""))[0],
                "by_region": v,
                "total": sum(v.values()),
            }
            for code, v in sorted(by_field.items(), key=lambda kv: [int(x) for x in kv[0].split(".")])
        ],
    }
    return table


def valid_invention_trend(
    inputs: StatsInputs, dates: Sequence[date], *, within: str | None, level: str | None, config: StatsConfig
) -> list[dict[str, Any]]:
    """The total valid inventions inside the region at each date (for the trend chart)."""
    out = []
    for d in dates:
        t = valid_inventions(inputs, d, within=within, level=level, config=config)
        out.append(
            {"as_of": d.isoformat(), "valid_invention_total": t.rows[-1].count("valid_invention_total")}
        )
    return out
