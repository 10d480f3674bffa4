"""Population tables (常住人口, 万人) as data, the vintage rule, density and ranks.

Density = count / population, 2 decimals, half-up (domain-cn.md §1.2, §9 rule 5). The population used for an
as-of date is the latest *published* year-end figure: a bulletin for year Y counts as published
``lag`` months after Y's year-end (the Hunan tables: 2021-02 still uses the 2019 figures, 2025-07 the 2024
bulletin; Changsha's 2024 headline 72.42 uses the 2023 year-end population).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ipcenter.stats.errors import PopulationError
from ipcenter.stats.models import PopulationFigure, RegionRow

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
    figures: Iterable[PopulationFigure], as_of: date, lag_months: int, regions: Iterable[str] | None = None
) -> int | None:
    """The vintage to use: the latest year ≤ the published one for which the table has figures.

    When ``regions`` is given, the vintage must cover most of them (a single-city series does not decide the
    vintage of a province table)."""
    limit = published_vintage(as_of, lag_months)
    by_year: dict[int, set[str]] = {}
    for f in figures:
        if f.year <= limit:
            by_year.setdefault(f.year, set()).add(f.region)
    wanted = set(regions or [])
    for year in sorted(by_year, reverse=True):
        if not wanted or len(by_year[year] & wanted) * 2 >= len(wanted):
            return year
    return None


def attach_population(
    rows: list[RegionRow], figures: Iterable[PopulationFigure], vintage: int | None
) -> list[str]:
    """Set population, density and rank on ``rows`` (in place); returns the sources used.

    Only 'region' rows are ranked (by density, descending, ties share a rank); the 'total' row gets a density but
    no rank; 其他 and HK/MO/TW/foreign rows get neither."""
    table = {f.region: f for f in figures if f.year == vintage}
    sources: list[str] = []
    for row in rows:
        if row.kind not in ("region", "total"):
            continue
        fig = table.get(row.region)
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
