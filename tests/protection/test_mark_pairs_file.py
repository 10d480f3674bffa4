"""The labelled word-mark pairs the similarity benchmark reads are well formed: every row has both marks, a
verdict, a documented kind of source and the page it was read from, and no pair is recorded twice (in any
order or script form), so the evaluation counts each authority verdict once."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ipcenter.protection import characters

DATA = Path(__file__).parent / "data"
COLUMNS = ["mark_a", "mark_b", "label", "class", "source_kind", "source", "url", "goods", "note"]


def test_every_pair_is_complete_sourced_and_recorded_once() -> None:
    with (DATA / "mark_pairs.tsv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (DATA / "MARK_PAIRS.md").read_text(), re.M))
    seen: dict[frozenset[str], int] = {}
    for line, row in enumerate(rows, start=2):
        assert None not in row and all(v is not None for v in row.values()), f"line {line}: column count"
        assert row["mark_a"].strip() and row["mark_b"].strip(), f"line {line}: a mark is empty"
        assert row["label"] in {"similar", "not_similar"}, f"line {line}: label {row['label']!r}"
        assert row["source_kind"] in documented, (
            f"line {line}: kind {row['source_kind']!r} not in MARK_PAIRS.md"
        )
        # a web page, or a public repository's file as the code index names it (one court judgment)
        assert row["url"].startswith(("http://", "https://", "code-index:")), f"line {line}: no address"
        key = frozenset((characters.normalise(row["mark_a"]), characters.normalise(row["mark_b"])))
        assert key not in seen, f"line {line}: the pair of line {seen[key]} again"
        seen[key] = line
    assert len(rows) >= 300
