"""The three official Hunan tables, reproduced exactly from their counts and the published populations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ipcenter.stats import population as pop
from ipcenter.stats.models import SERVICE_COLUMNS
from ipcenter.stats.regions import code_prefix, resolve_region
from ipcenter.stats.service import table_from_counts

AS_OF = {"2020-11": date(2020, 11, 30), "2021-02": date(2021, 2, 28), "2025-07": date(2025, 7, 31)}


@pytest.mark.parametrize("month", sorted(AS_OF))
def test_official_table_reproduced_from_counts(
    month: str, official_tables: dict[str, list[dict[str, str]]], population_file: Path
) -> None:
    official = official_tables[month]
    figures = pop.load_resolved(population_file)
    # the vintage comes from the rule (latest published bulletin), not from the table
    codes = [
        code_prefix(resolve_region(r["region"])) for r in official if r["region"] not in ("其他", "全省")
    ]
    vintage = pop.choose_vintage(figures, AS_OF[month], lag_months=3, codes=[*codes, "43"])
    assert vintage == (2024 if month == "2025-07" else 2019)
    types = (*SERVICE_COLUMNS, "individuals")
    cities = [
        (r["region"], {t: int(r[t]) for t in types}) for r in official if r["region"] not in ("其他", "全省")
    ]
    other = next({t: int(r[t]) for t in types} for r in official if r["region"] == "其他")
    rows = table_from_counts(cities, other, "全省", figures, vintage)

    assert [r.region for r in rows] == [r["region"] for r in official]
    for got, want in zip(rows, official, strict=True):
        for col in ("valid_invention_total", *SERVICE_COLUMNS, "service_total", "individuals"):
            assert got.count(col) == int(want[col]), (want["region"], col)
        if want["resident_population_10k"]:
            assert got.resident_population_10k == Decimal(want["resident_population_10k"])
            assert got.density_per_10k is not None
            assert f"{got.density_per_10k:.2f}" == want["density_per_10k"], want["region"]
        else:
            assert got.resident_population_10k is None and got.density_per_10k is None
        assert got.rank == (int(want["rank"]) if want["rank"] else None), want["region"]


def test_official_rule_total_is_service_plus_individuals(
    official_tables: dict[str, list[dict[str, str]]],
) -> None:
    changsha = next(r for r in official_tables["2025-07"] if r["region"] == "长沙市")
    assert int(changsha["valid_invention_total"]) == 81989 == 80761 + 1228
    assert sum(int(changsha[c]) for c in SERVICE_COLUMNS) == 80761


@pytest.mark.parametrize(
    ("count", "population", "expected"),
    [
        (81989, "1061.65", "77.23"),  # 长沙 2025-07
        (76135, "1051.31", "72.42"),  # 长沙 2024 valid inventions / 2023 year-end population
        (29742, "1051.31", "28.29"),  # 长沙 2024 high-value
        (76135, "1061.65", "71.71"),  # the same count against 2024's population: the vintage matters
        (112497, "6567", "17.13"),  # Hunan mid-2024
        (2031, "630", "3.22"),
        (1, "8", "0.13"),  # 0.125 → half-up
    ],
)
def test_density_half_up(count: int, population: str, expected: str) -> None:
    assert str(pop.density(count, population)) == expected


def test_vintage_is_latest_published_bulletin() -> None:
    # 2024 year-end headline (Changsha 72.42) used the 2023 population; Feb 2021 still the 2019 one
    assert pop.published_vintage(date(2024, 12, 31), 3) == 2023
    assert pop.published_vintage(date(2021, 2, 28), 3) == 2019
    assert pop.published_vintage(date(2025, 7, 31), 3) == 2024
    assert pop.published_vintage(date(2025, 3, 31), 3) == 2023
    assert pop.published_vintage(date(2025, 4, 1), 3) == 2024


def test_population_file_contract(tmp_path: Path) -> None:
    path = tmp_path / "pop.tsv"
    path.write_text(
        "region\tresident_population_10k\tyear\tsource\n长沙市\t1051.31\t2023\tUNCONFIRMED bulletin\n"
    )
    (fig,) = pop.load_population(path)
    assert (fig.region, fig.resident_population_10k, fig.year) == ("长沙市", Decimal("1051.31"), 2023)
    bad = tmp_path / "bad.tsv"
    bad.write_text("region\tpeople\n长沙市\t1\n")
    with pytest.raises(pop.PopulationError, match="resident_population_10k"):
        pop.load_population(bad)
    bad.write_text("region\tresident_population_10k\tyear\tsource\n长沙市\tabc\t2023\tx\n")
    with pytest.raises(pop.PopulationError, match="not a number"):
        pop.load_population(bad)
