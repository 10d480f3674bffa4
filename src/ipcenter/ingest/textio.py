"""Text files of unknown encoding: detect it (BOM, UTF-8, GB18030, single-byte Western) and stream lines.

Exports reach a bureau as UTF-8, UTF-8 with BOM, GB18030/GBK (Chinese Windows), and Latin-1 or Mac-Roman
with bare CR line ends (old Western exports). Detection reads a sample, never the whole file.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import IO

from ipcenter.ingest.errors import UnreadableFile
from ipcenter.ingest.western import best_western, plausible_gb18030

SAMPLE_BYTES = 1 << 20


def looks_binary(head: bytes) -> bool:
    """NUL bytes (outside UTF-16) or many control characters → not a text file."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head[:4096] if b < 9 or 13 < b < 32)
    return controls > len(head[:4096]) * 0.05


def detect_encoding(path: Path, sample: bytes | None = None) -> str:
    """Best encoding for the file: BOMs first, then strict UTF-8, GB18030, then a single-byte Western codec."""
    if sample is None:
        with open(path, "rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
    if not sample:
        raise UnreadableFile("file is empty")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if looks_binary(sample):
        raise UnreadableFile("file is binary, not text")
    # A sample may end inside a multi-byte character: try a few cut points.
    for codec in ("utf-8", "gb18030"):
        for cut in range(4):
            try:
                sample[: len(sample) - cut if cut else None].decode(codec)
            except UnicodeDecodeError as exc:
                if exc.start < len(sample) - 4:
                    break
                continue
            if codec == "utf-8" or plausible_gb18030(sample):
                return codec
            break
    # Western exports converted twice (Mac-Roman ↔ Windows-1252 ↔ UTF-8): see ingest/western.py.
    western = best_western(sample)
    if western is not None:
        return western
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(sample[:65536]).best()
        if best is not None and best.encoding not in ("utf_8", "gb18030"):
            return str(best.encoding)
    except Exception:  # pragma: no cover - detection is best effort, fall back below
        pass
    # Mac-Roman exports use CR line ends; Latin-1 decodes anything.
    if b"\r" in sample and b"\n" not in sample:
        return "mac_roman"
    return "latin-1"


def open_text(path: Path, encoding: str | None = None) -> IO[str]:
    """Open a text file with detected encoding and universal newlines (CR, LF, CRLF)."""
    enc = encoding or detect_encoding(path)
    # errors='strict': a byte that does not decode later in the file is an error the reader reports.
    return io.open(path, encoding=enc, errors="strict", newline="")
