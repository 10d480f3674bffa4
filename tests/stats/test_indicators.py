"""The indicator registry: each indicator is one module the service, the CLI and the report iterate.

A new indicator is written here as a test (university-owned valid inventions) to show that one class
(its SQL over the shared stages, its labels) is all it takes for the service and the outputs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.i18n import add_labels, label
from ipcenter.stats import indicators, output, service
from ipcenter.stats.errors import StatsError
from ipcenter.stats.indicators.base import Indicator
from ipcenter.stats.models import StatsConfig
from ipcenter.stats.sql import QueryScope

AS_OF = date(2025, 7, 31)


def test_each_indicator_has_a_command_labels_and_a_total_key() -> None:
    names = [i.name for i in indicators.INDICATORS]
    assert names == ["valid_inventions", "high_value", "sei"]
    result = CliRunner().invoke(app, ["stats", "--help"])
    assert result.exit_code == 0
    for ind in indicators.INDICATORS:
        assert ind.command in result.output
        for key in (ind.name, ind.total_key):
            assert label(key, "zh") != key and label(key, "en") != key, key
        assert indicators.get(ind.command) is ind
    with pytest.raises(StatsError, match="unknown indicator"):
        indicators.get("patents_per_km2")


class UniversityInventions(Indicator):
    name = "university_inventions"
    command = "university-inventions"
    help = "Valid inventions owned by universities."
    total_key = "university_invention_total"

    def query(self, scope: QueryScope, config: StatsConfig) -> str:
        return """
SELECT region_key, max(sub_name) AS region_name, counted_type AS owner_type, count(*) AS n
FROM counted WHERE counted_type = 'university'
GROUP BY region_key, counted_type"""


add_labels(
    {
        "university_inventions": ("高校有效发明专利统计表", "university valid inventions"),
        "university_invention_total": ("高校有效发明专利量", "university valid inventions"),
    }
)


def test_a_new_indicator_is_one_class(
    small_corpus: tuple[Path, list[dict[str, str]]],
    data_dir: Path,
    population_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus, target = small_corpus
    new = UniversityInventions()
    monkeypatch.setattr(indicators, "INDICATORS", (*indicators.INDICATORS, new))
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    table = service.compute(
        "university_inventions", inputs, AS_OF, within="湖南省", population_file=population_file
    )
    by_region = {r.region: r for r in table.rows}
    for want in target:
        assert by_region[want["region"]].count("valid_invention_total") == int(want["universities"])
    data = output.table_json(table)
    assert data["indicator"] == "university_inventions"
    assert "university_invention_total" in data["rows"][0] and "valid_invention_total" not in data["rows"][0]
    output.write_output(table, "table", None, "en")
    assert "university valid inventions" in capsys.readouterr().out
    assert json.loads(json.dumps(data))["rows"][-1]["region"] == "全省"
