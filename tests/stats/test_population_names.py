"""Population files in the statistics bureau's own names: every row resolves to a region through the core's
division data, or the command says which rows do not — never a row dropped quietly (issue 17 §2).

The figures are the real 2024 year-end populations of the shared data set (population-hunan), written the
way the Hunan statistics bureau's bulletins name the regions (张家界市, 湘西土家族苗族自治州, 湖南省)."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.stats import population as pop
from ipcenter.stats import service
from ipcenter.stats.errors import PopulationError
from ipcenter.stats.models import StatsConfig

AS_OF = date(2025, 7, 31)
BUREAU_NAMES = {"张家界": "张家界市", "湘西州": "湘西土家族苗族自治州", "全省": "湖南省"}


def write_population(
    path: Path, shared: Path, *, drop: tuple[str, ...] = (), add: tuple[str, ...] = ()
) -> Path:
    """The shared data set's 2024 year-end rows, regions named as the statistics bureau names them."""
    rows = list(csv.DictReader(shared.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    lines = ["region\tresident_population_10k\tyear\tsource"]
    for r in rows:
        name = BUREAU_NAMES.get(r["region"], r["region"])
        if r["reference"] == "2024 year-end" and name not in drop:
            lines.append(f"{name}\t{r['resident_population_10k']}\t2024\t{r['publisher']}")
    lines += [f"{name}\t100\t2024\ttest row" for name in add]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def inputs(small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path) -> service.StatsInputs:
    return service.load_inputs(small_corpus[0], data_dir, StatsConfig())


def test_bureau_names_give_the_official_table(
    inputs: service.StatsInputs, population_file: Path, tmp_path: Path
) -> None:
    bureau = write_population(tmp_path / "bureau.tsv", population_file)
    figures, problems = pop.resolve_codes(pop.load_population(bureau))
    assert problems == [] and {f.region: f.code for f in figures}["湘西土家族苗族自治州"] == "4331"
    official = service.compute(
        "valid_inventions", inputs, AS_OF, within="湖南省", population_file=population_file
    )
    from_bureau = service.compute("valid_inventions", inputs, AS_OF, within="湖南省", population_file=bureau)
    assert [r.to_json() for r in from_bureau.rows] == [r.to_json() for r in official.rows]
    rows = {r.region: r for r in from_bureau.rows}
    assert rows["张家界"].resident_population_10k == Decimal("148.7") and rows["张家界"].rank is not None
    assert rows["湘西州"].density_per_10k is not None
    assert rows["全省"].resident_population_10k == Decimal("6539")
    assert len([r.rank for r in from_bureau.rows if r.kind == "region" and r.rank]) == 14
    assert from_bureau.warnings == []


def test_a_row_naming_no_region_is_an_error_or_a_warning(
    inputs: service.StatsInputs, population_file: Path, tmp_path: Path
) -> None:
    # 湘江新区 is a national new area, not an administrative division: no region to match
    bad = write_population(tmp_path / "bad.tsv", population_file, add=("湘江新区",))
    with pytest.raises(PopulationError, match="湘江新区"):
        service.compute("valid_inventions", inputs, AS_OF, within="湖南省", population_file=bad)
    table = service.compute(
        "valid_inventions", inputs, AS_OF, within="湖南省", population_file=bad, allow_missing_population=True
    )
    assert any("湘江新区" in w for w in table.warnings) and any("湘江新区" in n for n in table.notes)
    assert all(r.density_per_10k is not None for r in table.rows if r.kind == "region")


def test_a_ranked_region_without_population_is_an_error_or_a_warning(
    inputs: service.StatsInputs, population_file: Path, tmp_path: Path
) -> None:
    short = write_population(tmp_path / "short.tsv", population_file, drop=("张家界市",))
    with pytest.raises(PopulationError, match="no population for 张家界"):
        service.compute("valid_inventions", inputs, AS_OF, within="湖南省", population_file=short)
    table = service.compute(
        "valid_inventions",
        inputs,
        AS_OF,
        within="湖南省",
        population_file=short,
        allow_missing_population=True,
    )
    rows = {r.region: r for r in table.rows}
    assert rows["张家界"].density_per_10k is None and rows["张家界"].rank is None
    assert rows["张家界"].count("valid_invention_total") > 0  # counted, not dropped
    assert all(r.rank for r in table.rows if r.kind == "region" and r.region != "张家界")
    assert [w for w in table.warnings if "张家界" in w]


def test_cli_missing_population_message_and_option(
    small_corpus: tuple[Path, list[dict[str, str]]], data_dir: Path, population_file: Path, tmp_path: Path
) -> None:
    short = write_population(tmp_path / "short.tsv", population_file, drop=("张家界市",))
    base = ["stats", "valid-inventions", "--corpus", str(small_corpus[0]), "--data", str(data_dir)]
    base += ["--as-of", "2025-07-31", "--within", "湖南省", "--population", str(short), "--format", "json"]
    runner = CliRunner()
    result = runner.invoke(app, base)
    assert (
        result.exit_code == 2 and "张家界" in result.output and "--allow-missing-population" in result.output
    )
    result = runner.invoke(app, [*base, "--allow-missing-population"])
    assert result.exit_code == 0 and "warning" in result.stderr and "张家界" in result.stderr
    rows = {r["region"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows["张家界"]["density_per_10k"] is None and rows["长沙市"]["rank"] == 1


def test_national_view_has_no_city_rows_from_a_province_file(real_corpus: Path, data_dir: Path) -> None:
    """A province's file gave the national (by province) table a 长沙市 row ranked first: rows now match
    figures by code and level, and the provinces without a figure are named."""
    runner = CliRunner()
    base = [
        "stats",
        "valid-inventions",
        "--corpus",
        str(real_corpus),
        "--data",
        str(data_dir),
        "--as-of",
        "2024-04-05",
    ]
    result = runner.invoke(app, [*base, "--format", "json"])
    assert result.exit_code == 2 and "no population for 河南省" in result.output
    result = runner.invoke(app, [*base, "--format", "json", "--allow-missing-population"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    regions = {r["region"]: r for r in data["rows"]}
    assert "长沙市" not in regions and regions["河南省"]["valid_invention_total"] == 1
    assert regions["河南省"]["rank"] is None and regions["湖南省"]["resident_population_10k"] == 6918.4
