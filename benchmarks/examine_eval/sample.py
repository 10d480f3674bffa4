"""The hand-labelled evaluation sample of the claims checker: which real claim sets, and their text for labelling.

    python benchmarks/examine_eval/sample.py list            # the sample: id, source, split
    python benchmarks/examine_eval/sample.py show [ID ...]   # the claims as the source gives them, to label

The sample is drawn once, with a fixed seed, from KPPatent-ZH (150 of the claim sets with a publication number
and claims) plus every CN XML sample; a set is in the development split when sha1(id) mod 3 == 0, else in the
held-out split that the figures in docs/benchmarks.md report. This script never runs the checker: the text it
shows is the source's own (KPPatent's list of claim strings; the CN XML <claim> elements as ingest reads them).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

from ipcenter.config import data_dir
from ipcenter.ingest.service import read_records

SEED = 16
KPPATENT_SAMPLE = 150


def split_of(id: str) -> str:
    return "dev" if int(hashlib.sha1(id.encode()).hexdigest(), 16) % 3 == 0 else "held-out"


def kppatent_sets(data: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with (data / "kppatent-zh" / "kppatent_test.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["publication_number"] and any(c.strip() for c in r["claims"]):
                out[r["publication_number"]] = r["claims"]
    return out


def xml_sets(data: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((data / "cn-patent-xml-samples").glob("*.xml")):
        for record in read_records(path):
            if record.claims:
                out[record.publication_number] = [f"{c.number}.{c.text}" for c in record.claims]
    return out


def sample(data: Path) -> list[tuple[str, str, list[str]]]:
    """(id, source, claims) of every set in the sample, KPPatent first (in drawing order), then CN XML."""
    kp = kppatent_sets(data)
    ids = random.Random(SEED).sample(sorted(kp), KPPATENT_SAMPLE)
    return [(i, "kppatent", kp[i]) for i in ids] + [(i, "cn-xml", c) for i, c in xml_sets(data).items()]


def main() -> None:
    data = data_dir()
    chosen = sample(data)
    if len(sys.argv) > 1 and sys.argv[1] == "list":
        for i, source, claims in chosen:
            print(i, source, split_of(i), len(claims))
        return
    wanted = set(sys.argv[2:])
    for i, source, claims in chosen:
        if wanted and i not in wanted:
            continue
        print(f"=== {i} ({source}, {split_of(i)})")
        for c in claims:
            print(c)
        print()


if __name__ == "__main__":
    main()
