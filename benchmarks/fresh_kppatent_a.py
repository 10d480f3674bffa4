"""A fresh held-out query set for bench_search_public.py: KPPatent-ZH's ``data_A.json`` as documents.

``shared/data/kppatent-zh/data_A.json`` holds 3,024 real Chinese patent abstracts (KPPatent-ZH's train split) with
their gold keyphrases. The source gives them no publication number, so `ipcenter ingest` quarantines them and no
corpus, test, tuning run or query shape of the search code has ever seen them: nobody who wrote or tuned the
ranking shaped this set. This script writes them as KPPatent JSON Lines with stand-in numbers ``CN9000NNNNNA``
(``NNNNN`` = the item's position; no CNIPA publication uses ``CN9`` and the corpus holds none), leaving out
abstracts that are already in the corpus (the same patent would be two gold documents). Ingest the file together
with the shared data, build the index, and run the benchmark on those documents only:

    python benchmarks/fresh_kppatent_a.py --out /tmp/fresh/kppatent_data_A.jsonl [--corpus /tmp/c]
    ipcenter ingest ../shared/data /tmp/fresh/kppatent_data_A.jsonl --corpus /tmp/fresh/corpus
    ipcenter index build --corpus /tmp/fresh/corpus
    python benchmarks/bench_search_public.py --corpus /tmp/fresh/corpus --split all --only CN9000 \\
        --shapes keywords,typed --json fresh.json

Only the keyword shapes can be drawn from abstracts with keyphrases (no claims, titles or citations).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ipcenter import config
from ipcenter.corpus.store import Corpus

PREFIX = "CN9000"


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data folder (default: found as usual)")
    ap.add_argument("--corpus", type=Path, default=None, help="leave out abstracts already in this corpus")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    source = config.data_dir(args.data) / "kppatent-zh" / "data_A.json"
    items = json.loads(source.read_text(encoding="utf-8"))
    known: set[str] = set()
    if args.corpus:
        con = Corpus(config.corpus_dir(args.corpus)).connect()
        known = {
            _key(a)
            for (a,) in con.execute("SELECT abstract FROM patents WHERE abstract IS NOT NULL").fetchall()
        }
        con.close()
    written = skipped = 0
    seen: set[str] = set()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for i, item in enumerate(items):
            text = str(item.get("input") or "")
            abstract = text.split("摘要：", 1)[1].strip() if "摘要：" in text else ""
            phrases = [p.strip() for p in str(item.get("output") or "").split(",") if p.strip()]
            if not abstract or not phrases or _key(abstract) in known or _key(abstract) in seen:
                skipped += 1
                continue
            seen.add(_key(abstract))
            record = {
                "idx": i,
                "publication_number": f"{PREFIX}{i:05d}A",
                "title": None,
                "abstract": abstract,
                "claims": [],
                "keyphrases": phrases,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    print(f"{args.out}: {written} documents written, {skipped} left out (empty, duplicate or already in the corpus)",
          file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
