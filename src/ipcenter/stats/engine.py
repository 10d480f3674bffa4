"""Run the indicator SQL (:mod:`ipcenter.stats.sql`) on DuckDB (default) or Apache Spark (PySpark).

Both engines get the same flat tables and the same SQL text; results come back as lists of dicts with plain
Python values, so callers (and the tests) compare them directly.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ipcenter.stats.errors import EngineError

ENGINES = ("duckdb", "spark")


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, tables: Mapping[str, pa.Table | Path], threads: int | None = None) -> None:
        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        for name, table in tables.items():
            if isinstance(table, Path):
                self.con.execute(
                    f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{table.as_posix()}/*.parquet')"
                )
            else:
                self.con.register(name, table)

    def materialize(self, name: str, sql: str) -> None:
        """Run ``sql`` once and keep the result as table ``name`` for the following queries."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def query(self, sql: str) -> list[dict[str, Any]]:
        rel = self.con.sql(sql)
        cols = rel.columns
        return [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in rel.fetchall()]

    def close(self) -> None:
        self.con.close()


_SPARK_SESSION: Any = None


def spark_session(cores: int = 2) -> Any:
    """A local-mode SparkSession (one per process), small and quiet."""
    global _SPARK_SESSION
    if _SPARK_SESSION is not None:
        return _SPARK_SESSION
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError("PySpark is not installed: pip install 'ipcenter[spark]'") from exc
    # Local mode talks to itself only: bind the driver and the block manager to the loopback address instead
    # of whatever interface the host name resolves to (Spark otherwise warns and picks one).
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        _SPARK_SESSION = (
            SparkSession.builder.master(f"local[{cores}]")
            .appName("ipcenter-stats")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.adaptive.enabled", "true")
            .config("spark.sql.autoBroadcastJoinThreshold", str(64 << 20))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", "2g")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
    except Exception as exc:  # no Java, port problems …
        raise EngineError(f"Spark could not start: {exc}") from exc
    _SPARK_SESSION.sparkContext.setLogLevel("ERROR")
    return _SPARK_SESSION


class SparkEngine:
    """Spark local mode (or any master the session is configured for) over Parquet copies of the tables."""

    name = "spark"

    def __init__(self, tables: Mapping[str, pa.Table | Path], cores: int = 2) -> None:
        self.spark = spark_session(cores)
        self._tmp = tempfile.TemporaryDirectory(prefix="ipcenter-spark-")
        self._cached: list[Any] = []
        for name, table in tables.items():
            if isinstance(table, Path):
                path = table
            else:
                path = Path(self._tmp.name) / name
                path.mkdir()
                pq.write_table(table, path / "part-0.parquet")
            self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def materialize(self, name: str, sql: str) -> None:
        """Run ``sql`` once (cached in memory) and expose it as view ``name`` for the following queries."""
        df = self.spark.sql(sql).cache()
        df.count()
        df.createOrReplaceTempView(name)
        self._cached.append(df)

    def query(self, sql: str) -> list[dict[str, Any]]:
        return [{k: _plain(v) for k, v in row.asDict().items()} for row in self.spark.sql(sql).collect()]

    def close(self) -> None:
        for df in self._cached:
            df.unpersist()
        self._tmp.cleanup()


def make_engine(name: str, tables: Mapping[str, pa.Table | Path]) -> DuckDBEngine | SparkEngine:
    if name == "duckdb":
        return DuckDBEngine(tables)
    if name == "spark":
        return SparkEngine(tables)
    raise EngineError(f"engine {name!r}: expected one of {', '.join(ENGINES)}")
