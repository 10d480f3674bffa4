"""Bad input found by probing as a hostile user would (issue 17 §3): each ends in a clear message and a
non-zero exit code, or an explicit warning — never a traceback (exit 3) or a silent wrong answer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.stats import service
from ipcenter.stats.models import StatsConfig


def stats(corpus: Path, data_dir: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        app, ["stats", "valid-inventions", "--corpus", str(corpus), "--data", str(data_dir), *args]
    )
    assert result.exit_code != 3 and "Traceback" not in result.output, result.output
    return result


def test_as_of_after_the_corpus_data(real_corpus: Path, data_dir: Path) -> None:
    # the real samples' latest date is CN115883397B's grant, 2024-04-05
    result = stats(real_corpus, data_dir, "--as-of", "2099-12-31", "--allow-missing-population")
    assert (
        result.exit_code == 2
        and "2024-04-05" in result.output
        and "after the corpus's latest data" in result.output
    )
    # after the data but not in the future: counted, with a warning naming the latest date
    result = stats(real_corpus, data_dir, "--as-of", "2025-01-01", "--within", "湖南省", "--format", "json")
    assert result.exit_code == 0 and "warning" in result.stderr and "2024-04-05" in result.stderr
    assert any("2024-04-05" in n for n in json.loads(result.stdout)["notes"])
    inputs = service.load_inputs(real_corpus, data_dir, StatsConfig())
    assert inputs.latest_date == date(2024, 4, 5)
    assert service.compute("valid_inventions", inputs, date(2024, 4, 5)).warnings == []


def test_within_a_district(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path, tmp_path: Path
) -> None:
    corpus = small_corpus[0]
    result = stats(corpus, data_dir, "--as-of", "2025-07-31", "--within", "岳麓区")
    assert result.exit_code == 2 and "no population for 岳麓区" in result.output
    result = stats(corpus, data_dir, "--as-of", "2025-07-31", "--within", "岳麓区", "--allow-missing-population",
                   "--format", "json")  # fmt: skip
    assert result.exit_code == 0 and "warning" in result.stderr
    data = json.loads(result.stdout)
    assert data["within"] == "岳麓区" and data["level"] == "district"
    assert [r["region"] for r in data["rows"]] == ["岳麓区", "全区"]
    # with a district population (开福区, 七普 2020 census: the only district figure in population-hunan)
    census = tmp_path / "kaifu.tsv"
    census.write_text(
        "region\tresident_population_10k\tyear\tsource\n开福区\t82.0790\t2020\t七普\n", encoding="utf-8"
    )
    result = stats(corpus, data_dir, "--as-of", "2025-07-31", "--within", "开福区", "--population", str(census),
                   "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [(r["region"], r["resident_population_10k"], r["rank"]) for r in rows] == [
        ("开福区", 82.079, 1), ("全区", 82.079, None)
    ]  # fmt: skip
    result = stats(corpus, data_dir, "--as-of", "2025-07-31", "--within", "岳麓区", "--level", "city")
    assert result.exit_code == 2 and "not below the district" in result.output


@pytest.mark.parametrize(
    ("within", "message"),
    [
        ("湖南省XYZ", "did you mean 湖南省"),
        (
            "鼓楼区",
            "ambiguous: 江苏省南京市鼓楼区, 江苏省徐州市鼓楼区, 福建省福州市鼓楼区, 河南省开封市鼓楼区",
        ),
        ("香港", "not a mainland"),
        ("南京市鼓楼区", "no population for 鼓楼区"),  # resolved; the Hunan file has no figure for it
    ],
)
def test_within_names_that_cannot_be_used(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path, within: str, message: str
) -> None:
    result = stats(small_corpus[0], data_dir, "--as-of", "2025-07-31", "--within", within)
    assert result.exit_code == 2 and message in result.output


def test_short_name_gets_the_same_table(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path
) -> None:
    tables = {}
    for name in ("长沙", "长沙市", "湖南省长沙市"):
        result = stats(
            small_corpus[0], data_dir, "--as-of", "2025-07-31", "--within", name, "--format", "json"
        )
        assert result.exit_code == 0, result.output
        tables[name] = json.loads(result.stdout)
    assert tables["长沙"]["rows"] == tables["长沙市"]["rows"] == tables["湖南省长沙市"]["rows"]
    total = tables["长沙"]["rows"][-1]
    assert (total["region"], total["resident_population_10k"], total["density_per_10k"]) == (
        "全市",
        1061.65,
        0.77,
    )
    assert tables["长沙"]["within"] == "长沙市"
