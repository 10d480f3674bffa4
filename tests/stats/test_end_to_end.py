"""Generated 61-column export (CSV + XLSX) → ingest → statistics: the Hunan 2025-07 table comes back.

Two runs: the table scaled down (every city count divided by 100, the 其他 row as published) for the engine
comparisons, and the full published table (129,829 valid inventions, ~190,000 export rows, about 2 minutes).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from ipcenter.core import legal_status as ls
from ipcenter.corpus.models import PatentRecord
from ipcenter.corpus.status import derive_current_status
from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.stats import service
from ipcenter.stats.models import SERVICE_COLUMNS, StatsConfig
from ipcenter.stats.synthetic import generate_export

AS_OF = date(2025, 7, 31)
TYPES = (*SERVICE_COLUMNS, "individuals")


def test_generated_export_reproduces_scaled_table(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path, population_file: Path
) -> None:
    corpus, target = small_corpus
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    table = service.compute(
        "valid_inventions", inputs, AS_OF, within="湖南省", population_file=population_file
    )
    assert table.population_vintage == 2024
    assert [r.region for r in table.rows] == [r["region"] for r in target] + ["全省"]
    by_region = {r.region: r for r in table.rows}
    populations = {
        r["region"]: Decimal(r["resident_population_10k"]) for r in target if r["resident_population_10k"]
    }
    for want in target:
        got = by_region[want["region"]]
        for t in TYPES:
            assert got.count(t) == int(want[t]), (want["region"], t)
        service_total = sum(int(want[t]) for t in SERVICE_COLUMNS)
        assert got.count("service_total") == service_total
        assert got.count("valid_invention_total") == service_total + int(want["individuals"])
        if want["region"] in populations:
            expected = (
                Decimal(service_total + int(want["individuals"])) / populations[want["region"]]
            ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert got.density_per_10k == expected
    total = by_region["全省"]
    assert total.count("valid_invention_total") == sum(
        int(r[t]) for r in target for t in TYPES
    )  # the province row includes 其他
    assert total.resident_population_10k == Decimal("6539")
    assert by_region["其他"].count("valid_invention_total") == 9 and by_region["其他"].rank is None


def test_national_view_has_outside_rows_without_density(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path
) -> None:
    corpus, _ = small_corpus
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    table = service.compute("valid_inventions", inputs, AS_OF)
    kinds = {r.region: r.kind for r in table.rows}
    for name in ("香港", "澳门", "台湾", "国外"):
        assert kinds.get(name) == "outside"
    assert {"广东省", "湖北省", "北京市", "湖南省"} <= {r.region for r in table.rows if r.kind == "region"}
    domestic = table.rows[-1]
    assert domestic.region == "全国" and domestic.kind == "total"
    outside = sum(r.count("valid_invention_total") for r in table.rows if r.kind == "outside")
    assert outside == 100  # the generator's HK/MO/TW/foreign owners: reported, not in the domestic total
    assert all(r.density_per_10k is None for r in table.rows if r.kind == "outside")


def test_sql_in_force_agrees_with_core_status(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path
) -> None:
    """The SQL's in-force rule gives the same applications as core.status_as_of, at several dates.

    The core judges one record; an application's A publication alone does not know its grant date, so the
    reference takes, per application, the record that carries the grant (else the latest one)."""
    corpus, _ = small_corpus
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    latest: dict[str, PatentRecord] = {}
    for r in Corpus(corpus).iter_records():
        key = (r.grant_date is not None, r.publication_date or date.min)
        held = latest.get(r.application_number or r.publication_number)
        if held is None or key > (held.grant_date is not None, held.publication_date or date.min):
            latest[r.application_number or r.publication_number] = r
    for as_of in (date(2019, 12, 31), AS_OF, date(2026, 3, 1)):
        core_valid = {
            app
            for app, r in latest.items()
            if r.patent_type == "invention" and derive_current_status(r, as_of) == ls.IN_FORCE
        }
        table = service.compute("valid_inventions", inputs, as_of)
        sql_total = sum(r.count("valid_invention_total") for r in table.rows if r.kind != "total")
        assert sql_total == len(core_valid), as_of


def test_spark_and_duckdb_identical(small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path) -> None:
    pytest.importorskip("pyspark")
    corpus, _ = small_corpus
    # built in memory with the flat tables (fact_text included), so Spark derives the per-application facts
    # and the SEI hits itself with the same SQL (service.engine_for) instead of reading DuckDB's
    inputs = service.load_inputs(corpus, data_dir, StatsConfig(), use_cache=False)
    assert "fact_text" in inputs.tables
    # high-value runs the whole chain (applications, in-force rule, region attribution, SEI concordance with
    # exclusions and keywords, the five criteria); one query keeps the suite fast on 2 shared cores
    duck = service.compute("high_value", inputs, AS_OF, within="湖南省", engine="duckdb")
    spark = service.compute("high_value", inputs, AS_OF, within="湖南省", engine="spark")
    assert [r.to_json() for r in duck.rows] == [r.to_json() for r in spark.rows]
    assert duck.extra == spark.extra
    assert duck.extra["criteria_totals"]["strategic_emerging_industry"] > 0
    assert duck.rows[-1].count("valid_invention_total") > 0


@pytest.mark.slow
def test_full_2025_07_table_end_to_end(
    tmp_path: Path, hunan_2025_07: list[dict[str, str]], data_dir: Path, population_file: Path
) -> None:
    corpus = Path(os.environ.get("IPCENTER_STATS_FULL_CORPUS", tmp_path / "corpus"))
    if not Corpus(corpus).exists:
        target = [r for r in hunan_2025_07 if r["region"] != "全省"]
        generate_export(target, AS_OF, tmp_path / "export", distractor_ratio=0.3, xlsx_share=0.05)
        ingest([tmp_path / "export"], corpus)
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    table = service.compute(
        "valid_inventions", inputs, AS_OF, within="湖南省", population_file=population_file
    )
    got = [r.to_json() for r in table.rows]
    for row, want in zip(got, hunan_2025_07, strict=True):
        assert row["region"] == want["region"]
        for key in ("valid_invention_total", *TYPES, "service_total"):
            assert row[key] == int(want[key]), (want["region"], key)
        assert row["rank"] == (int(want["rank"]) if want["rank"] else None)
        if want["density_per_10k"]:
            assert f"{row['density_per_10k']:.2f}" == want["density_per_10k"]


def test_cli_json_contract_and_errors(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from ipcenter.cli import app

    corpus, _ = small_corpus
    runner = CliRunner()
    base = ["stats", "valid-inventions", "--corpus", str(corpus), "--data", str(data_dir)]
    result = runner.invoke(app, [*base, "--as-of", "2025-07-31", "--within", "湖南省", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2025-07-31" and data["population_vintage"] == 2024
    keys = [
        "region", "valid_invention_total", "universities", "research_institutes", "enterprises",
        "government_organisations", "service_total", "individuals", "resident_population_10k",
        "density_per_10k", "rank",
    ]  # fmt: skip
    assert all(list(row) == keys for row in data["rows"])
    assert [r["region"] for r in data["rows"]][-2:] == ["其他", "全省"]
    assert data["rows"][-1]["resident_population_10k"] == 6539
    assert data["config"]["pledge_threshold_10k_yuan"]["status"] == "UNCONFIRMED"
    xlsx = tmp_path / "t.xlsx"
    result = runner.invoke(
        app, [*base, "--as-of", "2025-07-31", "--within", "湖南省", "--format", "xlsx", "-o", str(xlsx)]
    )
    assert result.exit_code == 0 and xlsx.stat().st_size > 0
    for bad, message in (
        (["--as-of", "2025-13-01"], "not a date"),
        (["--as-of", "2025-07-31", "--within", "火星"], "not a mainland"),
        (["--as-of", "2025-07-31", "--within", "长沙市", "--level", "province"], "not below"),
        (["--as-of", "2025-07-31", "--population", str(tmp_path / "none.tsv")], "not found"),
    ):
        result = runner.invoke(app, [*base, *bad])
        assert result.exit_code == 2, bad
        assert message in result.output and "Traceback" not in result.output
