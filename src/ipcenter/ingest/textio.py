"""Text files of unknown encoding: detect it (BOM, UTF-8, GB18030, single-byte Western) and stream lines.

Exports reach a bureau as UTF-8, UTF-8 with BOM, GB18030/GBK (Chinese Windows), and Latin-1 or Mac-Roman
with bare CR line ends (old Western exports). Detection reads a sample, never the whole file.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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


def read_head(path: Path, what: str, size: int = 65536) -> bytes:
    """The first ``size`` bytes of a file a reader is about to read; UnreadableFile when the file is empty
    or binary (``what`` names the format expected, for the message)."""
    with open(path, "rb") as fh:
        head = fh.read(size)
    if not head.strip():
        raise UnreadableFile("file is empty")
    if looks_binary(head):
        raise UnreadableFile(f"file is binary, not {what}")
    return head


def detect_encoding(path: Path, sample: bytes | None = None) -> str:
    """Best encoding for the file: BOMs, then strict UTF-8, GB18030, then a single-byte Western codec."""
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
    # A few stray bytes (a damaged row) must not push a GB18030 or UTF-8 file to a single-byte codec: take
    # the multi-byte codec that decodes all but a handful of characters.
    best_codec, best_errors = None, 0
    for codec in ("utf-8", "gb18030"):
        errors = _decode_errors(sample, codec)
        if best_codec is None or errors < best_errors:
            best_codec, best_errors = codec, errors
    if (
        best_codec is not None
        and best_errors <= max(3, len(sample) // 20000)
        and _has_multibyte(sample)
        and (best_codec == "utf-8" or plausible_gb18030(sample))
    ):
        return best_codec
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
    return open(path, encoding=enc, errors="strict", newline="")


def _decode_errors(sample: bytes, codec: str) -> int:
    """How many undecodable spots ``codec`` finds in the sample (a cut character at the end not counted)."""
    text = sample.decode(codec, errors="replace")
    count = text.count("\ufffd") - sample.count("\ufffd".encode())
    if text.endswith("\ufffd"):
        count -= 1
    return max(count, 0)


def _has_multibyte(sample: bytes) -> bool:
    return any(b >= 0x80 for b in sample[:65536])


_LINE_END = re.compile(rb"\r\n|\n|\r")


def iter_lines(
    path: Path, encoding: str | None = None, *, chunk_size: int = 1 << 16
) -> Iterator[tuple[int, str, str | None]]:
    """Stream ``(line number, text with its line end, error)`` decoding each line on its own.

    A line with bytes that do not decode in the file's encoding is yielded with ``errors='replace'`` text
    and an error message, so one damaged row does not make the rest of the file unreadable. Line ends
    CR, LF and CRLF are recognised (the text keeps them, as ``csv`` expects with ``newline=''``).
    UTF-16 files (BOM) are decoded as a whole stream instead (their line ends are not single bytes).
    """
    enc = encoding or detect_encoding(path)
    if enc.replace("_", "-").lower() in ("utf-16", "utf-16-le", "utf-16-be"):
        with open(path, encoding=enc, errors="replace", newline="") as fh:
            for number, line in enumerate(fh, start=1):
                yield number, line, None
        return
    number = 0
    first = True
    with open(path, "rb") as fh:
        rest = b""
        while True:
            chunk = fh.read(chunk_size)
            data = rest + chunk
            if first and data.startswith(codecs.BOM_UTF8):
                data = data[3:]
            first = False
            start = 0
            for m in _LINE_END.finditer(data):
                # a CR at the very end of a chunk may be the first half of CRLF: wait for the next chunk
                if chunk and m.end() == len(data) and m.group() == b"\r":
                    break
                number += 1
                yield number, *_decode_line(data[start : m.end()], enc, number)
                start = m.end()
            rest = data[start:]
            if not chunk:
                break
        if rest:
            number += 1
            yield number, *_decode_line(rest, enc, number)


def _decode_line(raw: bytes, encoding: str, number: int) -> tuple[str, str | None]:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return raw.decode(codec), None
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.end].hex(" ")
        return raw.decode(codec, errors="replace"), (
            f"line {number}: bytes {bad} at byte {exc.start} are not valid {encoding} ({exc.reason})"
        )


def iter_json_lines(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, str | None, str]]:
    """JSON Lines, one object per line: (position, object, error, raw line); blank lines are skipped.

    A line that is not valid UTF-8, not JSON or not an object gives an error and no object.
    """
    for number, line, error in iter_lines(path, "utf-8"):
        position = f"line {number}"
        if error:
            yield position, None, error, line
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield position, None, f"line is not JSON: {exc.msg}", line
            continue
        if not isinstance(value, dict):
            yield position, None, "line is not a JSON object", line
            continue
        yield position, value, None, line


def iter_csv_rows(
    lines: Iterator[tuple[int, str, str | None]], delimiter: str, first_line: int
) -> Iterator[tuple[str, list[str], list[str]]]:
    """CSV rows over decoded lines (from :func:`iter_lines`, after the header): ``(position, cells, errors)``.

    A quoted cell may span lines, so a row's position is ``line N`` or ``lines N-M``; ``errors`` are the
    decoding errors of its lines (the row must not be used then). Blank rows are skipped. A CSV syntax
    error ends the rows with one last row holding no cells and the error.
    """
    csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))
    bad: dict[int, str] = {}
    current = {"line": first_line - 1}

    def texts() -> Iterator[str]:
        for number, text, error in lines:
            current["line"] = number
            if error:
                bad[number] = error
            yield text

    start = first_line
    try:
        for cells in csv.reader(texts(), delimiter=delimiter):
            end = current["line"]
            position = f"line {start}" if end == start else f"lines {start}-{end}"
            errors = [bad.pop(n) for n in sorted(bad) if start <= n <= end]
            start = end + 1
            if any(c.strip() for c in cells):
                yield position, cells, errors
    except csv.Error as exc:
        yield f"line {start}", [], [f"CSV is broken: {exc}; rest of file not read"]
