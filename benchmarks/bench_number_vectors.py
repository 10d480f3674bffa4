"""Agreement of ipcenter's number normalisation with PatZilla's own test vectors.

The vectors (tests/numbers/patzilla_vectors.tsv) were transcribed from ip-tools/patzilla's tests (file and
commit in each row). Each applicable vector is read by ipcenter (``ipcenter numbers normalize``'s service):

* strict: ipcenter's canonical number is PatZilla's expected value, character for character (a vector
  expecting no number agrees when ipcenter reports an error);
* same document: ipcenter reads PatZilla's expected value to the same canonical key (the known differences
  of form: US application publications in the USPTO's 11 digits, not the EPO's 10; the US design kind S).

Usage: python benchmarks/bench_number_vectors.py [--show all|misses]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from ipcenter.numbers.service import normalize_one

VECTORS = Path(__file__).resolve().parents[1] / "tests" / "numbers" / "patzilla_vectors.tsv"


def load(path: Path = VECTORS) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def canonical(text: str) -> str | None:
    item = normalize_one(text)
    return item["publication_number"] or item["application_number"]


def evaluate(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    out = []
    for row in rows:
        if row["applicable"] != "yes":
            continue
        expected = row["expected"] or None
        got = canonical(row["input"])
        same = got == expected or (expected is not None and got is not None and canonical(expected) == got)
        out.append({**row, "got": got, "strict": got == expected, "same_document": same})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", choices=("all", "misses"), default="misses")
    args = parser.parse_args()
    rows = load()
    results = evaluate(rows)
    by_table: Counter[str] = Counter(r["source"].split(" ", 1)[1] for r in rows)
    applicable = len(results)
    strict = sum(1 for r in results if r["strict"])
    same = sum(1 for r in results if r["same_document"])
    print(f"vectors: {len(rows)} ({', '.join(f'{k} {v}' for k, v in by_table.items())})")
    print(f"applicable: {applicable}; not applicable: {len(rows) - applicable} (reasons in the file)")
    print(f"strict agreement: {strict}/{applicable} = {strict / applicable:.3f}")
    print(f"same document:    {same}/{applicable} = {same / applicable:.3f}")
    for r in results:
        if args.show == "all" or not r["strict"]:
            mark = "=" if r["strict"] else "~" if r["same_document"] else "x"
            print(
                f"  {mark} {r['input']!r:28} expected {r['expected'] or None!s:22} got {r['got']}  {r['note']}"
            )


if __name__ == "__main__":
    main()
