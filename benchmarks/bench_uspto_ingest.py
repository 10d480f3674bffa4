"""USPTO XML ingest throughput: the reader against a bare lxml parse of the same bytes.

Not part of the test run. Builds a SYNTHETIC concatenated weekly file (>= 200 MB by default) by repeating
the real weekly samples of shared/data/uspto-xml-samples (ipg*.small.xml, ipg120327.196.xml) in a temp
directory, then measures

  (a) baseline: split at ``<?xml`` (mmap + bytes.find, the cheapest split) and run bare
      ``lxml.etree.iterparse`` over each document (no field extraction) — documents/s;
  (b) ``UsptoXmlReader.read()`` over the file — documents/s, and the ratio to (a) (target >= 0.5);
  (c) peak RSS of a subprocess that runs only the reader over the file (target < 300 MB);
  (d) the whole `ingest()` (reader + validation + corpus upsert + Parquet parts + atomic commit) into a
      fresh corpus, in a subprocess, with one process and with ``--workers`` worker processes (default: one
      per core; `ingest.parallel`): documents/s, CPU seconds, peak RSS of the main process and of the
      workers, and whether the counts agree. Each repetition renumbers the grants (SYNTHETIC numbers) so
      that every document is stored, not recognised as a duplicate;
  (e) seconds per stage in one process (split, parse, map, validate, hash, arrow, write) over a smaller
      file (``--stages-mb``).

Load averages at start and end are recorded: on a shared machine, wall-clock figures depend on them.

Usage:  python benchmarks/bench_uspto_ingest.py [--mb 200] [--workers N] [--data PATH]
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


def stage_profile(path: Path) -> dict[str, float]:
    """Seconds per stage of one process ingesting ``path``, each stage timed on its own (one core):
    split (documents out of the file), parse (lxml), map (tree → record), validate (+ legal status),
    hash (record → dict + content hash), arrow (rows → Arrow table), write (Parquet, zstd)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ipcenter.corpus.models import content_hash_of
    from ipcenter.corpus.schema import PATENT_SCHEMA, row_from_dict
    from ipcenter.corpus.status import derive_current_status
    from ipcenter.ingest.readers.uspto.documents import iter_documents, make_parser, parse_document
    from ipcenter.ingest.readers.uspto.xml_reader import record_from_tree
    from ipcenter.ingest.service import validate_record

    times = dict.fromkeys(("split", "parse", "map", "validate", "hash", "arrow", "write"), 0.0)
    parser = make_parser()
    today = date.today()
    rows: list[dict[str, object]] = []
    clock = time.perf_counter
    t = clock()
    docs = list(iter_documents(path))
    times["split"] = clock() - t
    for _n, _offset, doc in docs:
        t = clock()
        root = parse_document(doc, parser)
        t1 = clock()
        record = record_from_tree(root)
        t2 = clock()
        times["parse"] += t1 - t
        times["map"] += t2 - t1
        if record is None:
            continue
        t = clock()
        validate_record(record)
        record.legal_status = derive_current_status(record, today)
        t1 = clock()
        plain = record.to_dict()
        content = content_hash_of(plain)
        t2 = clock()
        rows.append(row_from_dict(plain, [], content))
        times["validate"] += t1 - t
        times["hash"] += t2 - t1
        times["arrow"] += clock() - t2
    with tempfile.TemporaryDirectory(prefix="uspto-bench-stages-") as tmp:
        t = clock()
        table = pa.Table.from_pylist(rows, schema=PATENT_SCHEMA)
        times["arrow"] += clock() - t
        t = clock()
        pq.write_table(table, Path(tmp) / "part.parquet", compression="zstd")
        times["write"] = clock() - t
    times["documents"] = len(docs)
    return times


def _ingest_child(path: str, workers: int) -> None:
    from ipcenter.ingest.service import ingest

    with tempfile.TemporaryDirectory(prefix="uspto-bench-corpus-") as corpus:
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        report = ingest([Path(path)], Path(corpus), workers=workers)
        seconds = time.perf_counter() - t0
        main_cpu = time.process_time() - cpu0
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, reaped when the pool closed
    print(
        json.dumps(
            {
                "workers": workers,
                "read": report.read,
                "stored": report.stored,
                "duplicates": report.duplicates,
                "quarantined": report.quarantined,
                "seconds": seconds,
                "main_cpu_s": main_cpu,
                "workers_cpu_s": kids.ru_utime + kids.ru_stime,
                "peak_rss_mb": own.ru_maxrss / 1024,
                "worker_peak_rss_mb": kids.ru_maxrss / 1024,
            }
        )
    )


def _child(path: str) -> None:
    records, errors, seconds = reader_run(Path(path))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps({"records": records, "errors": errors, "seconds": seconds, "peak_rss_mb": peak_kb / 1024})
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--ingest-child", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers of the parallel ingest")
    ap.add_argument("--stages-mb", type=int, default=30, help="size of the file the per-stage profile reads")
    args = ap.parse_args()
    if args.child:
        _child(args.child)
        return
    if args.ingest_child:
        _ingest_child(args.ingest_child, args.workers)
        return
    load_start = [round(x, 2) for x in os.getloadavg()]
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
        runs = {}
        for workers in (1, args.workers):
            out = subprocess.run(
                [sys.executable, __file__, "--ingest-child", str(unique), "--workers", str(workers)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            runs[workers] = json.loads(out.stdout.strip().splitlines()[-1])
        full, par = runs[1], runs[args.workers]
        unique.unlink()
        small = Path(tmp) / "SYNTHETIC-ipg-stages.xml"
        build_file(args.data, args.stages_mb, small)
        stages = stage_profile(small)
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
        "load_avg_start": load_start,
        "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        "parallel_workers": args.workers,
        "parallel_read": par["read"],
        "parallel_stored": par["stored"],
        "parallel_seconds": par["seconds"],
        "parallel_docs_per_s": par["read"] / par["seconds"],
        "parallel_ratio": (par["read"] / par["seconds"]) / bare_dps,
        "parallel_ratio_ok": (par["read"] / par["seconds"]) / bare_dps >= 0.5,
        "parallel_main_cpu_s": par["main_cpu_s"],
        "parallel_workers_cpu_s": par["workers_cpu_s"],
        "parallel_peak_rss_mb": par["peak_rss_mb"],
        "parallel_worker_peak_rss_mb": par["worker_peak_rss_mb"],
        "parallel_rss_ok": max(par["peak_rss_mb"], par["worker_peak_rss_mb"]) < 300,
        "one_process_cpu_s": full["main_cpu_s"],
        "counts_identical": all(full[k] == par[k] for k in ("read", "stored", "duplicates", "quarantined")),
        "stages_s": {k: round(v, 2) for k, v in stages.items()},
    }
    print(f"{'measure':<34}{'docs/s':>10}{'MB/s':>8}{'seconds':>9}")
    print(f"{'bare iterparse':<34}{bare_dps:>10.0f}{mb / bare_s:>8.1f}{bare_s:>9.1f}")
    print(f"{'UsptoXmlReader.read()':<34}{reader_dps:>10.0f}{mb / reader_s:>8.1f}{reader_s:>9.1f}")
    print(
        f"{'ingest() into a new corpus':<34}{result['ingest_docs_per_s']:>10.0f}{'':>8}{full['seconds']:>9.1f}"
    )
    print(
        f"{f'ingest() with {args.workers} workers':<34}{result['parallel_docs_per_s']:>10.0f}{'':>8}"
        f"{par['seconds']:>9.1f}"
    )
    print(
        f"ratio {result['ratio']:.2f} (target >= 0.5), peak RSS {child['peak_rss_mb']:.0f} MB (target < 300); "
        f"full ingest ratio {result['ingest_ratio']:.2f}, peak RSS {full['peak_rss_mb']:.0f} MB"
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
