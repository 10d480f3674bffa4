"""The fresh held-out sample of the claims checker (issue 16 §1, second round): real claim sets the checker's
authors had not labelled, looked at or developed on, drawn once and hand-labelled before the checker was run on
them (``labels_fresh.txt``).

    python benchmarks/examine_eval/fresh_sample.py list            # the sample: id, source, number of claims
    python benchmarks/examine_eval/fresh_sample.py show [ID ...]   # the claims as the source gives them, to label

150 KPPatent-ZH claim sets drawn with a fixed seed from those with a publication number and claims that are not
in the first sample (``sample.py``, 163 sets, now all development data), plus the ten first claims (主权项) of
the 61-column CN export sample. Like ``sample.py`` this script never runs the checker: the text it shows is the
source's own.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sample import kppatent_sets, sample

from ipcenter.config import data_dir

SEED = 20261205
KPPATENT_FRESH = 150


def export_sets(data: Path) -> dict[str, list[str]]:
    """The CN export's 主权项 (first claim only), as the export gives it."""
    rows = json.loads((data / "cn-biblio-full-sample" / "patentsemantix_10_records.json").read_text("utf-8"))
    return {r["公开号"]: [r["主权项"]] for r in rows if r.get("主权项")}


def fresh_sample(data: Path) -> list[tuple[str, str, list[str]]]:
    """(id, source, claims) of every fresh set: KPPatent in drawing order, then the CN export."""
    first = {i for i, _, _ in sample(data)}
    kp = {i: c for i, c in kppatent_sets(data).items() if i not in first}
    ids = random.Random(SEED).sample(sorted(kp), KPPATENT_FRESH)
    return [(i, "kppatent", kp[i]) for i in ids] + [(i, "cn-export", c) for i, c in export_sets(data).items()]


def main() -> None:
    chosen = fresh_sample(data_dir())
    if len(sys.argv) > 1 and sys.argv[1] == "list":
        for i, source, claims in chosen:
            print(i, source, len(claims))
        return
    wanted = set(sys.argv[2:])
    for i, source, claims in chosen:
        if wanted and i not in wanted:
            continue
        print(f"=== {i} ({source})")
        for c in claims:
            print(c)
        print()


if __name__ == "__main__":
    main()
