"""The portfolio view on the real corpus: merged name variants, counts that add up, value distribution, fee dates,
IPC coverage against competitors, clusters and white spaces; the `ipcenter portfolio` contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ipcenter.protection import fees
from ipcenter.value import portfolio_output, service
from ipcenter.value.portfolio import next_fee_due, portfolio

from .conftest import CUT_OFF


@pytest.fixture(scope="module")
def boeing(value_corpus: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    inputs = service.open_inputs(
        value_corpus, data_dir, cut_off=CUT_OFF, store_path=tmp_path_factory.mktemp("pf") / "s.json"
    )
    return portfolio(inputs, "the boeing co.", map_points=300)


def test_name_variants_are_merged_and_shown(boeing: dict[str, Any]) -> None:
    # the Lens drones export writes the same company two ways
    assert boeing["key"] == "BOEING"
    assert {"The Boeing Company", "BOEING CO"} <= set(boeing["variants"])
    assert sum(boeing["variants"].values()) >= boeing["documents"]


def test_counts_add_up(boeing: dict[str, Any]) -> None:
    n = boeing["applications"]
    assert sum(boeing["by_status"].values()) == n
    assert sum(boeing["by_type"].values()) == n
    assert sum(boeing["by_year"].values()) == n
    value = boeing["value"]
    assert sum(c for _, c in value["distribution"]) == value["scored"] <= n
    assert value["scenario"] == "管理" and "illustrative" in value["weight_set"]
    assert all(0 <= t["composite"] <= 100 for t in value["top"])


def test_competitors_clusters_and_white_spaces(boeing: dict[str, Any]) -> None:
    coverage = boeing["ipc_coverage"]
    assert coverage["applicants"][0]["key"] == "BOEING" and len(coverage["applicants"]) == 6
    assert all(len(row) == 7 for row in coverage["matrix"])
    own_total = sum(row[1] for row in coverage["matrix"])
    assert own_total > 0
    clusters = boeing["landscape"]["clusters"]
    assert clusters and sum(c["size"] for c in clusters) == boeing["landscape"]["shown"]
    assert any(point["own"] for point in boeing["landscape_points"])  # its own documents are on the map
    for w in boeing["white_spaces"]:
        assert w["documents"] >= 1 and w["applicants"] >= 1 and w["main_group"].endswith("/00")


def test_fee_due_dates() -> None:
    cut = date(2025, 12, 31)
    # CN: the annual fee falls due before each filing-date anniversary; year n of the term
    assert next_fee_due("CN", date(2022, 11, 2), date(2024, 4, 5), cut) == (
        date(2026, 11, 2),
        "annual fee for year 5",
    )
    # US: maintenance fees 3.5, 7.5 and 11.5 years after grant
    assert next_fee_due("US", date(2004, 1, 26), date(2018, 1, 3), cut) == (
        date(2029, 7, 3),
        "maintenance fee at 11.5 years",
    )
    assert next_fee_due("US", None, date(2020, 3, 10), cut) == (
        date(2027, 9, 10),
        "maintenance fee at 7.5 years",
    )
    assert next_fee_due("US", None, None, cut) == (None, "not granted")


def test_a_29_february_filing_has_the_fee_date_protection_reminds() -> None:
    # One rule (core.periods.annual_fee_due): 28 February in a common year, 29 February in a leap year;
    # the portfolio and protection's fee calendar give the same day. KR20120021035 was filed 2012-02-29.
    filed, granted = date(2012, 2, 29), date(2014, 6, 3)
    for cut, due, year in (
        (date(2025, 12, 31), date(2026, 2, 28), 15),
        (date(2026, 3, 1), date(2027, 2, 28), 16),
        (date(2027, 12, 31), date(2028, 2, 29), 17),
    ):
        assert next_fee_due("KR", filed, granted, cut) == (due, f"annual fee for year {year}")
        reminded = fees.next_fee("invention", filed, granted, cut)
        assert reminded is not None and (reminded.due, reminded.year) == (due, year)


def test_reports_and_cli(boeing: dict[str, Any], value_corpus: Path, data_dir: Path, tmp_path: Path) -> None:
    page = portfolio_output.html_report(boeing)
    assert "plotly" in page and "空白点" in page and "The Boeing Company" in page
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ipcenter",
            "portfolio",
            "Boeing Co",
            "--format",
            "json",
            "--corpus",
            str(value_corpus),
            "--data",
            str(data_dir),
            "--as-of",
            "2025-12-31",
            "--store",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["key"] == "BOEING" and data["applications"] == boeing["applications"]
    assert data["stats_attributes"]["concept"].startswith("统计口径")
