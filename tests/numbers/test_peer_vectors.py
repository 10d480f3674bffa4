"""PatZilla's own number-normalisation test vectors (ip-tools/patzilla, transcribed with file and commit in
patzilla_vectors.tsv), run through `ipcenter numbers normalize`'s service.

The figure in docs/benchmarks.md comes from benchmarks/bench_number_vectors.py over the same file.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ipcenter.numbers.service import normalize_numbers, normalize_one

VECTORS = Path(__file__).with_name("patzilla_vectors.tsv")

#: Where ipcenter's canonical form differs from PatZilla's on purpose (the same documents; see the notes).
DIFFERENT_FORM = {
    "US20010003540": "US20010003540",
    "US2001003540": "US20010003540",
    "US200103540": "US20010003540",
    "US2002/0066904A1": "US20020066904A1",
    "US2005015034A1": "US20050015034A1",
    "US020170285092A1": "US20170285092A1",
    "US0D337000S1": "USD337000S",
    "US00000002S1": "US2S",
}


def _rows() -> list[dict[str, str]]:
    lines = [line for line in VECTORS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _canonical(text: str) -> str | None:
    item = normalize_one(text)
    return item["publication_number"] or item["application_number"]


APPLICABLE = [r for r in _rows() if r["applicable"] == "yes"]


def test_the_transcription_is_complete() -> None:
    rows = _rows()
    assert len(rows) == 318 and len(APPLICABLE) == 289
    assert all(r["note"] for r in rows if r["applicable"] == "no"), "every vector left out says why"


@pytest.mark.parametrize("row", APPLICABLE, ids=[f"{r['input']}" for r in APPLICABLE])
def test_vector(row: dict[str, str]) -> None:
    expected = DIFFERENT_FORM.get(row["input"], row["expected"] or None)
    assert _canonical(row["input"]) == expected, row["note"]


def test_agreement_at_least_095() -> None:
    strict = sum(1 for r in APPLICABLE if _canonical(r["input"]) == (r["expected"] or None))
    assert strict / len(APPLICABLE) >= 0.95
    assert strict == len(APPLICABLE) - len(DIFFERENT_FORM)


def test_a_list_keeps_order_and_flags_the_invalid() -> None:
    # tests/test_numberlists.py: normalize_numbers(['EP666666B1', 'foobar']) → valid and invalid in order
    items = list(normalize_numbers(["EP666666B1", "foobar", "EP1000000"]))
    assert [i["input"] for i in items] == ["EP666666B1", "foobar", "EP1000000"]
    assert [i["publication_number"] for i in items] == ["EP0666666B1", None, "EP1000000"]
    assert items[1]["error"] and not items[0]["error"]


def test_pct_application_numbers_are_not_country_pc() -> None:
    item = normalize_one("PCT/US99/009417")
    assert (item["type"], item["country"], item["application_number"]) == (
        "pct_application",
        "WO",
        "PCT/US1999/009417",
    )
    assert item["publication_number"] is None and item["error"] is None
