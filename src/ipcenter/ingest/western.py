"""Western exports that went through more than one conversion, and a GB18030 plausibility check.

Used by :mod:`ipcenter.ingest.textio` when a file is neither UTF-8 nor Chinese. Registers two decoding-only
codecs (importing this module is enough): ``x-mac-roman-via-cp1252`` and ``x-utf8-via-cp1252-mac-roman``.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer

__all__ = ["MAC_CP1252_MAC", "MAC_CP1252_UTF8", "best_western", "plausible_gb18030"]


def plausible_gb18030(sample: bytes) -> bool:
    """Chinese text in GB2312/GBK is mostly lead and trail bytes A1-FE. Western single-byte text that happens
    to decode as GB18030 (e.g. Mac-Roman mojibake followed by '[') pairs a high byte with an ASCII byte."""
    pairs = odd = 0
    i, n = 0, len(sample)
    while i < n - 1:
        b = sample[i]
        if b < 0x81:
            i += 1
            continue
        t = sample[i + 1]
        if 0x30 <= t <= 0x39:  # four-byte sequence
            i += 4
            continue
        pairs += 1
        if t < 0x80 or b < 0xA1:
            odd += 1
        i += 2
    return pairs == 0 or odd <= pairs * 0.3


# --------------------------------------------------------------------------- layered Western encodings
#
# Old Western exports were often converted more than once. Two histories seen in real files:
#   * Mac-Roman text read as Windows-1252 and saved again as Mac-Roman ('SIPILÄ' stored as 'SIPIL€');
#   * UTF-8 text read as Windows-1252 and saved as Mac-Roman ('Ä' stored as 'Ã„', EN SPACE as 'â€‚').
# Both are undone by one byte translation (a Mac-Roman byte → the Windows-1252 byte of the same character)
# followed by the original decoding. Bytes with no Windows-1252 character (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# passed through the first conversion unchanged, so they are kept as they are.

_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _mac_to_cp1252_table() -> bytes:
    out = bytearray()
    for b in range(256):
        ch = bytes([b]).decode("mac_roman")
        try:
            mapped = ch.encode("cp1252")
        except UnicodeEncodeError:
            mapped = bytes([b])
        out.append(b if b in _CP1252_UNDEFINED else mapped[0])
    return bytes(out)


_MAC_TO_CP1252 = _mac_to_cp1252_table()

#: Codec names for the layered encodings (registered below, usable with open()).
MAC_CP1252_MAC = "x-mac-roman-via-cp1252"
MAC_CP1252_UTF8 = "x-utf8-via-cp1252-mac-roman"


def _layered_codec(name: str, base: str) -> codecs.CodecInfo:
    base_info = codecs.lookup(base)

    def decode(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
        data = bytes(data)
        text, _ = base_info.decode(data.translate(_MAC_TO_CP1252), errors)
        return text, len(data)

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        raise UnicodeError(f"{name} is a decoding-only codec")

    class IncrementalDecoder(codecs.IncrementalDecoder):
        def __init__(self, errors: str = "strict") -> None:
            super().__init__(errors)
            self._inner = base_info.incrementaldecoder(errors)

        def decode(self, data: Buffer, final: bool = False) -> str:
            return self._inner.decode(bytes(data).translate(_MAC_TO_CP1252), final)

        def reset(self) -> None:
            self._inner.reset()

    return codecs.CodecInfo(encode, decode, name=name, incrementaldecoder=IncrementalDecoder)


def _search(name: str) -> codecs.CodecInfo | None:
    key = name.lower().replace("_", "-")
    if key == MAC_CP1252_MAC:
        return _layered_codec(MAC_CP1252_MAC, "mac_roman")
    if key == MAC_CP1252_UTF8:
        return _layered_codec(MAC_CP1252_UTF8, "utf-8")
    return None


codecs.register(_search)

#: Typographic characters that are normal on their own in Western text.
_TYPOGRAPHIC = set(
    "\u00a0\u2002\u2003\u2009\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00b0\u00ae\u00a9\u2122\u00b7\u00b4"
)


def _western_score(text: str) -> int:
    """How plausible decoded Western text is: isolated accented letters score, symbol salad costs."""
    score = 0
    for run in re.findall(r"[^\x00-\x7f]+", text):
        if len(run) <= 2 and all(c.isalpha() and ord(c) < 0x250 for c in run):
            score += len(run)
        elif len(run) == 1 and run in _TYPOGRAPHIC:
            continue
        else:
            score -= len(run)
    return score


def best_western(sample: bytes) -> str | None:
    """The single-byte (or layered) Western encoding that gives the most plausible text; None if none fits."""
    if not re.search(rb"[\x80-\xff]", sample):
        return None
    mac_first = b"\r" in sample and b"\n" not in sample
    candidates = ["mac_roman", "cp1252"] if mac_first else ["cp1252", "mac_roman"]
    candidates += [MAC_CP1252_MAC, MAC_CP1252_UTF8]
    best: tuple[int, str] | None = None
    scores: list[int] = []
    for codec in candidates:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:
                continue
            text = sample[: exc.start].decode(codec)
        score = _western_score(text)
        scores.append(score)
        if best is None or score > best[0]:
            best = (score, codec)
    if best is None or best[0] < 0:
        return None
    if best[0] == 0 and sum(1 for s in scores if s == 0) > 1:
        return None  # nothing to tell the candidates apart
    return best[1]
