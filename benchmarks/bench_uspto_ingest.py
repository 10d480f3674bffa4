"""USPTO XML ingest throughput: the reader against a bare lxml parse of the same bytes.

Not part of the test run. Builds a SYNTHETIC concatenated weekly file (>= 200 MB by default) by repeating
the real weekly samples of shared/data/uspto-xml-samples (ipg*.small.xml, ipg120327.196.xml) in a temp
directory, then measures

  (a) baseline: split at ``<?xml`` (mmap + bytes.find, the cheapest split) and run bare
      ``lxml.etree.iterparse`` over each document (no field extraction) — documents/s;
  (b) ``UsptoXmlReader.read()`` over the file — documents/s, and the ratio to (a) (target >= 0.5);
  (c) peak RSS of a subprocess that runs only the reader over the file (target < 300 MB);
  (d) the whole `ingest()` (reader + validation + corpus upsert + Parquet parts + atomic commit) into a
      fresh corpus, in a subprocess: documents/s and peak RSS. Each repetition renumbers the grants
      (SYNTHETIC numbers) so that every document is stored, not recognised as a duplicate.

Usage:  python benchmarks/bench_uspto_ingest.py [--mb 200] [--data PATH] [--write-docs]
"""

from __future__ import annotations

import argparse
import io
import json
import mmap
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "uspto-xml-samples"
DOCS = REPO / "docs" / "benchmarks.md"
HEADING = "## USPTO XML ingest throughput"


_PUB_NUMBER = re.compile(
    rb"(<publication-reference>\s*<document-id>\s*<country>US</country>\s*<doc-number>)([A-Z]*)(\d+)"
)


def build_file(data: Path, target_mb: int, out: Path, *, renumber: bool = False) -> tuple[int, int]:
    """Concatenate the real weekly samples until the file reaches ``target_mb``; (bytes, repetitions).

    With ``renumber``, repetition r > 0 adds r * 10,000,000 to each grant's number (synthetic numbers),
    so an ingest stores every document instead of finding duplicates.
    """
    sources = sorted((data / "patentsview-db-fixtures").glob("ipg*.small.xml"))
    sources.append(data / "patentsview-db-fixtures" / "ipg120327.196.xml")
    blob = b"".join(p.read_bytes().rstrip() + b"\n" for p in sources)
    reps = 0
    with open(out, "wb") as fh:
        while fh.tell() < target_mb * 1_000_000:
            chunk = blob
            if renumber and reps:
                offset = reps * 10_000_000
                chunk = _PUB_NUMBER.sub(
                    lambda m, o=offset: m.group(1) + m.group(2) + str(int(m.group(3)) + o).encode(), blob
                )
            fh.write(chunk)
            reps += 1
    return out.stat().st_size, reps


def bare_iterparse(path: Path) -> tuple[int, float]:
    """Baseline: documents/s of bare iterparse, split with mmap + find."""
    t0 = time.perf_counter()
    n = 0
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        start = mm.find(b"<?xml")
        while start != -1:
            end = mm.find(b"<?xml", start + 5)
            doc = mm[start : end if end != -1 else len(mm)]
            for _event, _el in etree.iterparse(
                io.BytesIO(doc),
                events=("end",),
                load_dtd=False,
                resolve_entities=False,
                no_network=True,
                huge_tree=True,
            ):
                pass
            n += 1
            start = end
    return n, time.perf_counter() - t0


def reader_run(path: Path) -> tuple[int, int, float]:
    from ipcenter.ingest.readers.uspto import UsptoXmlReader

    t0 = time.perf_counter()
    records = errors = 0
    for item in UsptoXmlReader().read(path):
        if item.record is not None:
            records += 1
        else:
            errors += 1
    return records, errors, time.perf_counter() - t0


def _ingest_child(path: str) -> None:
    from ipcenter.ingest.service import ingest

    with tempfile.TemporaryDirectory(prefix="uspto-bench-corpus-") as corpus:
        t0 = time.perf_counter()
        report = ingest([Path(path)], Path(corpus))
        seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "read": report.read,
                "stored": report.stored,
                "duplicates": report.duplicates,
                "quarantined": report.quarantined,
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
            }
        )
    )


def _child(path: str) -> None:
    records, errors, seconds = reader_run(Path(path))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps({"records": records, "errors": errors, "seconds": seconds, "peak_rss_mb": peak_kb / 1024})
    )


def write_docs(result: dict[str, object]) -> None:
    r = result
    section = f"""{HEADING}

Synthetic input: the real weekly samples (`ipg*.small.xml`, `ipg120327.196.xml` from
shared/data/uspto-xml-samples) repeated into one concatenated file of {r["file_mb"]:.0f} MB
({r["documents"]} XML documents, of which {r["records"]} patent grants; sequence listings are skipped).
Measured {r["date"]} on {r["machine"]}, Python {r["python"]}, lxml {r["lxml"]}.

| measure | value |
|---|---|
| bare `lxml.etree.iterparse` (split at `<?xml` with mmap + find) | {r["bare_docs_per_s"]:.0f} documents/s ({r["bare_mb_per_s"]:.1f} MB/s) |
| `UsptoXmlReader.read()` (full field mapping) | {r["reader_docs_per_s"]:.0f} documents/s ({r["reader_mb_per_s"]:.1f} MB/s) |
| ratio reader / bare parse (target >= 0.5) | {r["ratio"]:.2f} ({"met" if r["ratio_ok"] else "NOT met"}) |
| peak RSS of the reader run, subprocess (target < 300 MB) | {r["peak_rss_mb"]:.0f} MB ({"met" if r["rss_ok"] else "NOT met"}) |
| whole `ingest()` into a new corpus (renumbered copy, {r["ingest_stored"]} of {r["ingest_read"]} stored) | {r["ingest_docs_per_s"]:.0f} documents/s, ratio {r["ingest_ratio"]:.2f} to bare parse |
| peak RSS of the whole ingest, subprocess (target < 300 MB) | {r["ingest_peak_rss_mb"]:.0f} MB ({"met" if r["ingest_rss_ok"] else "NOT met"}) |

The reader reads 4 MiB chunks, splits at `<?xml` declarations and parses each document with
`etree.fromstring` (no DTD, no network); memory is bounded by the largest single document, not the file.
Notes: the machine is shared (other jobs ran at the same time), so absolute figures vary by ~30 %
between runs; the ratios are the figures to watch. Most of the reader's time is Python-level field
mapping (citations, claims with references, parties through the core's applicant-type and region
resolvers, the description text); parsing is the rest. What made the difference: C-level text
extraction (`tostring(method="text")`), one serialisation of the v4 description split per line with
`str.split` (a whitespace regex over whole descriptions cost more than the parse), skipping the
Chinese address resolver (cpca) for Latin-script addresses, fast paths for US citation numbers.
Read end to end, the 0.5 target is missed: the whole ingest reaches about a third of bare-parse speed.
It adds validation, legal status, content hashing, the corpus upsert and Parquet (zstd) writes; pending
records are flushed to a staged part every ~32 MB of text, which bounds its memory.
RSS: the reader's stays flat (region data the core loads on first use is ~100 MB of it); the peak adds
the largest single document, not the file size.
Re-run: `python benchmarks/bench_uspto_ingest.py --mb 200 --write-docs`
"""
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if HEADING in text:
        head, _, rest = text.partition(HEADING)
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1 :] if nxt != -1 else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--write-docs", action="store_true", help=f"update '{HEADING}' in docs/benchmarks.md")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--ingest-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child)
        return
    if args.ingest_child:
        _ingest_child(args.ingest_child)
        return
    with tempfile.TemporaryDirectory(prefix="uspto-bench-") as tmp:
        path = Path(tmp) / "SYNTHETIC-ipg-repeated.xml"
        size, reps = build_file(args.data, args.mb, path)
        mb = size / 1e6
        print(f"synthetic file: {mb:.0f} MB ({reps} repetitions of the real weekly samples)", file=sys.stderr)
        documents, bare_s = bare_iterparse(path)
        records, errors, reader_s = reader_run(path)
        env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        child = json.loads(out.stdout.strip().splitlines()[-1])
        unique = Path(tmp) / "SYNTHETIC-ipg-renumbered.xml"
        path.unlink()  # keep the temp disk use to one file
        build_file(args.data, args.mb, unique, renumber=True)
        out = subprocess.run(
            [sys.executable, __file__, "--ingest-child", str(unique)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        full = json.loads(out.stdout.strip().splitlines()[-1])
    bare_dps = documents / bare_s
    reader_dps = documents / reader_s  # documents handled (records + skipped sequence listings + errors)
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "python": platform.python_version(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "file_mb": mb,
        "documents": documents,
        "records": records,
        "errors": errors,
        "bare_seconds": bare_s,
        "reader_seconds": reader_s,
        "bare_docs_per_s": bare_dps,
        "reader_docs_per_s": reader_dps,
        "bare_mb_per_s": mb / bare_s,
        "reader_mb_per_s": mb / reader_s,
        "ratio": reader_dps / bare_dps,
        "ratio_ok": reader_dps / bare_dps >= 0.5,
        "peak_rss_mb": child["peak_rss_mb"],
        "rss_ok": child["peak_rss_mb"] < 300,
        "child_seconds": child["seconds"],
        "ingest_read": full["read"],
        "ingest_stored": full["stored"],
        "ingest_seconds": full["seconds"],
        "ingest_docs_per_s": full["read"] / full["seconds"],
        "ingest_ratio": (full["read"] / full["seconds"]) / bare_dps,
        "ingest_peak_rss_mb": full["peak_rss_mb"],
        "ingest_rss_ok": full["peak_rss_mb"] < 300,
    }
    print(f"{'measure':<34}{'docs/s':>10}{'MB/s':>8}{'seconds':>9}")
    print(f"{'bare iterparse':<34}{bare_dps:>10.0f}{mb / bare_s:>8.1f}{bare_s:>9.1f}")
    print(f"{'UsptoXmlReader.read()':<34}{reader_dps:>10.0f}{mb / reader_s:>8.1f}{reader_s:>9.1f}")
    print(
        f"{'ingest() into a new corpus':<34}{result['ingest_docs_per_s']:>10.0f}{'':>8}{full['seconds']:>9.1f}"
    )
    print(
        f"ratio {result['ratio']:.2f} (target >= 0.5), peak RSS {child['peak_rss_mb']:.0f} MB (target < 300); "
        f"full ingest ratio {result['ingest_ratio']:.2f}, peak RSS {full['peak_rss_mb']:.0f} MB"
    )
    print(json.dumps(result, indent=2))
    if args.write_docs:
        write_docs(result)


if __name__ == "__main__":
    main()
