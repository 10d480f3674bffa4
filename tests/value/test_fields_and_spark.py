"""The WIPO technology field of the main IPC (the cohort), and the indicator SQL run by Spark as well."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ipcenter.corpus.models import Claim, PatentRecord
from ipcenter.corpus.schema import PATENT_SCHEMA, record_to_row
from ipcenter.corpus.store import Corpus
from ipcenter.value import sql
from ipcenter.value.indicators import compute_on, field_label, field_map, flatten

from .conftest import CUT_OFF

#: Main IPC → WIPO field, read off the concordance (Schmoch 2008): the longest prefix wins.
CASES = {
    "G01N33/53": 11,  # analysis of biological materials, not measurement
    "G01N21/00": 10,
    "A61K8/02": 14,  # cosmetics: organic fine chemistry, not pharmaceuticals
    "A61K31/00": 16,
    "H04N21/40": 4,  # digital communication
    "H04N1/00": 3,  # telecommunications (facsimile)
    "H04N5/225": 2,  # audio-visual
    "B01D53/34": 24,  # environmental technology
    "B01D1/00": 23,  # chemical engineering
    "G06Q10/00": 7,
    "G06F16/00": 6,
    "F23R3/00": 27,  # engines (gas-turbine combustion)
    "F23C1/00": 30,
    "E01F8/00": 24,  # noise barriers: environmental
    "E01F9/00": 35,
}


def _table(records: list[PatentRecord]) -> pa.Table:
    return pa.Table.from_pylist([record_to_row(r, []) for r in records], schema=PATENT_SCHEMA)


def test_main_ipc_gives_the_wipo_field() -> None:
    records = [
        PatentRecord(
            publication_number=f"CN1000000{i:02d}A",
            country="CN",
            patent_type="invention",
            application_number=f"20201000000{i:02d}",
            filing_date=date(2020, 1, 1),
            ipc=[symbol, "A01B1/00"],
        )
        for i, symbol in enumerate(CASES)
    ]
    records.append(PatentRecord(publication_number="CN100000099A", country="CN", patent_type="invention"))
    con = duckdb.connect()
    con.register("patents", _table(records))
    app_ind, _, _ = compute_on(con, date(2024, 1, 1), pa.table({"app": pa.array([], pa.string())}))
    fields = {r["app"]: r["field_nr"] for r in app_ind.to_pylist()}
    for i, (symbol, expected) in enumerate(CASES.items()):
        assert fields[f"20201000000{i:02d}"] == expected, symbol
    assert fields["CN100000099A"] == 0  # no IPC: the unassigned bucket
    assert (
        field_label(11, "en") == "Analysis of biological materials"
        and field_label(0, "zh") == "未对应技术领域"
    )
    assert field_map().num_rows > 200


def test_claims_and_term_of_a_utility_model() -> None:
    record = PatentRecord(
        publication_number="CN212345678U",
        country="CN",
        patent_type="utility_model",
        application_number="202020000001.0",
        filing_date=date(2020, 6, 1),
        grant_date=date(2021, 1, 5),
        legal_status="in_force",
        claims=[Claim(1, "一种…"), Claim(2, "根据权利要求1…", [1]), Claim(3, "一种方法…")],
        ipc=["A47J37/06"],
    )
    con = duckdb.connect()
    con.register("patents", _table([record]))
    app_ind, _, _ = compute_on(con, date(2025, 6, 1), pa.table({"app": pa.array([], pa.string())}))
    row = app_ind.to_pylist()[0]
    assert (row["claim_count"], row["independent_claim_count"], row["field_nr"]) == (3, 2, 33)
    assert row["status_score"] == 2
    assert row["remaining_term_years"] == pytest.approx((date(2030, 6, 1) - date(2025, 6, 1)).days / 365.25)


@pytest.mark.slow
def test_spark_runs_the_same_indicator_and_percentile_sql(data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from ipcenter.ingest.service import ingest
    from ipcenter.value.indicators import load_award_applications

    # a small real set (Spark's fixed cost per stage is the slow part): citations between the Espacenet
    # exports, claims and examiner citations of US grants, status and dates of the CNIPA export
    ingest(
        [
            data_dir / "wipo-manual-analytics/pizza_espacenet_20002002_319.csv",
            data_dir / "wipo-manual-analytics/pizza_espacenet_20032005_366.csv",
            data_dir / "uspto-xml-samples/patentsview-db-fixtures/ipg060103.small.xml",
            data_dir / "cn-biblio-full-sample",
        ],
        tmp_path / "corpus",
    )
    con = Corpus(tmp_path / "corpus").connect()
    flatten(con)
    awards, _ = load_award_applications(data_dir)
    tables = {name: con.sql(f"SELECT * FROM {name}").to_arrow_table() for name in sql.FLAT_TABLES}
    duck_ind, duck_pct, _ = compute_on(con, CUT_OFF, awards, flattened=True)
    con.close()
    try:
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("ipcenter-value-test")
            # local mode talks to itself only: loopback, not whatever interface the host name resolves to
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
    except Exception as exc:  # no Java
        pytest.skip(f"Spark cannot start: {exc}")
    for name, table in {**tables, "field_map": field_map(), "awards": awards}.items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
        spark.read.parquet(str(tmp_path / f"{name}.parquet")).createOrReplaceTempView(name)
    cut = sql.day_number(CUT_OFF)
    spark.sql(sql.LINKS_SQL.format(cut=cut)).cache().createOrReplaceTempView("links")
    spark.sql(sql.INDICATORS_SQL.format(cut=cut)).createOrReplaceTempView("app_ind")
    spark.sql(sql.long_sql()).createOrReplaceTempView("ind_long")
    spark_pct = spark.sql(sql.PERCENTILES_SQL).toPandas()
    ours = duck_pct.to_pandas()
    key = ["app", "indicator"]
    merged = ours.merge(spark_pct, on=key, suffixes=("_duck", "_spark"))
    assert len(merged) == len(ours) == len(spark_pct)
    assert (merged["raw_duck"] - merged["raw_spark"]).abs().max() < 1e-9
    assert (merged["percentile_duck"] - merged["percentile_spark"]).abs().max() < 1e-9
    assert (merged["cohort_size_duck"] == merged["cohort_size_spark"]).all()
    assert duck_ind.num_rows == spark.sql("SELECT count(*) AS n FROM app_ind").collect()[0]["n"]
