"""Population tables (常住人口, 万人) as data, their regions, the vintage rule, density and ranks.

A population file names regions as its publisher writes them — the statistics bureau's full names
(张家界市, 湘西土家族苗族自治州, 湖南省 for the province total), the market-regulation tables' short ones
(张家界, 湘西州, 全省) — and each is resolved to its adcode through the core's division data
(:func:`resolve_codes`); figures are matched to table rows by code, never by spelling.

Density = count / population, 2 decimals, half-up (domain-cn.md §1.2, §9 rule 5). The population used for an
as-of date is the latest *published* year-end figure: a bulletin for year Y counts as published
``lag`` months after Y's year-end (the Hunan tables: 2021-02 still uses the 2019 figures, 2025-07 the 2024
bulletin; Changsha's 2024 headline 72.42 uses the 2023 year-end population).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ipcenter.stats.errors import PopulationError, RegionError
from ipcenter.stats.models import PopulationFigure, RegionRow
from ipcenter.stats.regions import COUNTRY_NAMES, code_prefix, resolve_region

#: The publisher's words for a level in a `region_level` column.
LEVEL_WORDS = {
    "province": "province", "省": "province", "省级": "province",
    "prefecture": "city", "city": "city", "市": "city", "市州": "city", "地级": "city",
    "county": "district", "district": "district", "区县": "district", "县级": "district",
}  # fmt: skip
#: Total rows: the region that all the file's other rows lie in, at this level (全省 of a province's file).
TOTAL_ROW_LEVELS = {"全省": "province", "全市": "city", "全区": "district", "合计": None, "总计": None}

TWO_PLACES = Decimal("0.01")


def density(count: int, population_10k: Decimal | float | str) -> Decimal:
    """``count / population`` rounded half-up to 2 decimals: density(81989, '1061.65') == Decimal('77.23')."""
    pop = Decimal(str(population_10k))
    if pop <= 0:
        raise PopulationError(f"population must be positive, got {population_10k}")
    return (Decimal(count) / pop).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


_YEAR_END = re.compile(r"^(\d{4})\s*year-end")


def _decimal(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise PopulationError(f"{where}: {text!r} is not a number") from None
    if value <= 0:
        raise PopulationError(f"{where}: population {text!r} must be positive")
    return value


def load_population(path: Path) -> list[PopulationFigure]:
    """Read a population TSV.

    Two layouts: the CLI contract (``region``, ``resident_population_10k``, ``year``, ``source``) and the shared
    data set ``population-hunan`` (``region``, ``reference`` = ``YYYY year-end …``, ``resident_population_10k``,
    ``source_url``, ``publisher``); census rows of the latter are not year-end figures and are skipped.
    """
    if not path.is_file():
        raise PopulationError(f"population file not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PopulationError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    columns = set(reader.fieldnames or [])
    if not {"region", "resident_population_10k"} <= columns:
        raise PopulationError(
            f"{path}: needs tab-separated columns region, resident_population_10k, year, source (found: "
            f"{', '.join(sorted(columns)) or 'none'})"
        )
    figures: list[PopulationFigure] = []
    for n, row in enumerate(reader, start=2):
        where = f"{path.name} line {n}"
        if "year" in columns:
            year_text = (row.get("year") or "").strip()
            if not year_text.isdigit():
                raise PopulationError(f"{where}: year {year_text!r} is not a year")
            year = int(year_text)
            source = (row.get("source") or "").strip()
        elif "reference" in columns:
            m = _YEAR_END.match((row.get("reference") or "").strip())
            if not m:
                continue  # census counts etc. are not year-end resident populations
            year = int(m.group(1))
            source = " ".join(
                p for p in ((row.get("publisher") or "").strip(), (row.get("source_url") or "").strip()) if p
            )
        else:
            raise PopulationError(f"{path}: needs a 'year' column (or 'reference' = 'YYYY year-end')")
        figures.append(
            PopulationFigure(
                region=(row.get("region") or "").strip(),
                resident_population_10k=_decimal(row.get("resident_population_10k") or "", where),
                year=year,
                source=source,
                level=LEVEL_WORDS.get((row.get("region_level") or "").strip().lower()),
            )
        )
    if not figures:
        raise PopulationError(f"{path}: no year-end population rows")
    return figures


def published_vintage(as_of: date, lag_months: int) -> int:
    """The latest year whose year-end bulletin is published on ``as_of`` (published ``lag_months`` after)."""
    year = as_of.year - 1
    # bulletin of `year` is out from (year+1)-(lag_months+1)-01, e.g. lag 3 → 1 April of the next year
    month = lag_months + 1
    available = date(year + 1 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return year if as_of >= available else year - 1


def choose_vintage(
    figures: Iterable[PopulationFigure], as_of: date, lag_months: int, codes: Iterable[str] | None = None
) -> int | None:
    """The vintage to use: the latest year ≤ the published one for which the table has figures.

    When ``codes`` (the regions of the table, as adcode prefixes) is given, the vintage must cover most of
    them (a single-city series does not decide the vintage of a province table)."""
    limit = published_vintage(as_of, lag_months)
    by_year: dict[int, set[str | None]] = {}
    for f in figures:
        if f.year <= limit:
            by_year.setdefault(f.year, set()).add(f.code)
    wanted = set(codes or [])
    for year in sorted(by_year, reverse=True):
        if not wanted or len(by_year[year] & wanted) * 2 >= len(wanted):
            return year
    return None


def resolve_codes(figures: Iterable[PopulationFigure]) -> tuple[list[PopulationFigure], list[str]]:
    """Each figure with the adcode prefix of its region, and what could not be resolved (one line a name).

    Names resolve through the core's division data, narrowed by the file's ``region_level`` when it gives
    one and, for a name several regions share, by the province the file's other rows lie in. A total row
    (全省, 全市, 合计) is the region all the other rows lie in; 全国 is the country."""
    figures = list(figures)
    codes: dict[str, str] = {}
    problems: dict[str, str] = {}
    ambiguous: dict[str, str | None] = {}  # name → the level the file gives
    for f in figures:
        name = f.region
        if name in codes or name in problems or name in ambiguous or name in TOTAL_ROW_LEVELS:
            continue
        if name in COUNTRY_NAMES:
            codes[name] = ""
            continue
        try:
            codes[name] = code_prefix(resolve_region(name, level=f.level, what="population row"))
        except RegionError as exc:
            problems[name] = exc.message
            if "ambiguous" in exc.message:
                ambiguous[name] = f.level
    provinces = {c[:2] for c in codes.values() if c}
    for name, level in ambiguous.items():  # a name several regions share: the one in the file's province
        try:
            codes[name] = code_prefix(resolve_region(name, inside=provinces, level=level))
            del problems[name]
        except RegionError:
            pass
    inner = [c for c in codes.values() if c]
    for name, level in TOTAL_ROW_LEVELS.items():
        if any(f.region == name for f in figures):
            total = _common_region(inner, level)
            if total is None:
                problems[name] = (
                    f"population row {name!r}: the file's regions do not lie in one "
                    f"{level or 'region'}; write the region's own name (e.g. 湖南省)"
                )
            else:
                codes[name] = total
    resolved = [replace(f, code=codes[f.region]) for f in figures if f.region in codes]
    return resolved, list(problems.values())


def _common_region(codes: list[str], level: str | None) -> str | None:
    """The region (adcode prefix) that every code lies in, at ``level`` (any level when None)."""
    if not codes:
        return None
    for digits, name in ((6, "district"), (4, "city"), (2, "province")):
        if level not in (None, name):
            continue
        heads = {c[:digits] for c in codes if len(c) >= digits}
        if len(heads) == 1 and all(len(c) >= digits for c in codes):
            return heads.pop()
    return None


def load_resolved(path: Path) -> list[PopulationFigure]:
    """A population file with every figure's region code; a name that resolves to no region is an error."""
    figures, problems = resolve_codes(load_population(path))
    if problems:
        raise PopulationError(f"{path.name}: " + "; ".join(problems))
    return figures


def by_code(figures: Iterable[PopulationFigure], vintage: int | None) -> dict[str, PopulationFigure]:
    """The figures of one vintage by region code."""
    return {f.code: f for f in figures if f.year == vintage and f.code is not None}


def attach_population(
    rows: list[RegionRow], figures: Mapping[str, PopulationFigure], total: PopulationFigure | None
) -> list[str]:
    """Set population, density and rank on ``rows`` (in place) from figures by code; returns the sources used.

    Only 'region' rows are ranked (by density, descending, ties share a rank); the 'total' row gets ``total``'s
    density but no rank; 其他 and HK/MO/TW/foreign rows get neither."""
    sources: list[str] = []
    for row in rows:
        if row.kind == "region":
            fig = figures.get(row.code or "")
        elif row.kind == "total":
            fig = total
        else:
            continue
        if fig is None:
            continue
        row.resident_population_10k = fig.resident_population_10k
        row.population_year = fig.year
        row.population_source = fig.source
        row.density_per_10k = density(row.count("valid_invention_total"), fig.resident_population_10k)
        if fig.source and fig.source not in sources:
            sources.append(fig.source)
    rank_rows(rows)
    return sources


def rank_rows(rows: list[RegionRow]) -> None:
    ranked = sorted(
        (r for r in rows if r.kind == "region" and r.density_per_10k is not None),
        key=lambda r: r.density_per_10k or Decimal(0),
        reverse=True,
    )
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ranked, start=1):
        if row.density_per_10k != previous:
            rank = position
            previous = row.density_per_10k
        row.rank = rank
