"""The 61-column export layout is defined once (ipcenter.ingest.layouts) and is the real sample's."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from ipcenter.ingest.layouts import CN_EXPORT_COLUMNS
from ipcenter.ingest.service import read_records
from ipcenter.stats.synthetic import generate_export


def test_layout_is_the_real_samples_column_order(data_dir: Path) -> None:
    rows = json.loads(
        (data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json").read_text(encoding="utf-8")
    )
    assert len(CN_EXPORT_COLUMNS) == 61 == len(set(CN_EXPORT_COLUMNS))
    assert all(tuple(row) == CN_EXPORT_COLUMNS for row in rows)


def test_generated_export_has_the_layout_and_reads_back(tmp_path: Path) -> None:
    target = [{"region": "长沙市", "universities": "2", "research_institutes": "0", "enterprises": "3",
               "government_organisations": "0", "individuals": "1"}]  # fmt: skip
    info = generate_export(target, date(2025, 7, 31), tmp_path, seed=3, distractor_ratio=0, xlsx_share=0)
    (path,) = [f for f in info.files if f.suffix == ".csv"]
    with open(path, encoding="utf-8-sig", newline="") as fh:
        assert tuple(next(csv.reader(fh))) == CN_EXPORT_COLUMNS
    records = list(read_records(path))
    assert len(records) == info.valid_rows + info.distractor_rows
    assert all(r.title and r.title.startswith("【合成数据】") for r in records)
