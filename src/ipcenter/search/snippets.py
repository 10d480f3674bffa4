"""Snippets for hits: a window of the document's text around the densest query matches, matches marked."""

from __future__ import annotations

import re

from ipcenter.search import analysis
from ipcenter.search.query_lang import Node, terms

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")


def highlight_terms(query: str, node: Node | None) -> tuple[set[str], set[str]]:
    """(Chinese substrings, Latin stems) to mark in snippets."""
    texts = (
        # the snippet shows abstract/claims/title: names searched with PA/IN are not marked in it
        [t.text.rstrip("*") for t in terms(node) if t.field in ("TX", "TI", "AB", "CL", "DE")]
        if node
        else [query]
    )
    cjk: set[str] = set()
    stems: set[str] = set()
    for text in texts:
        norm = analysis.normalize(text)
        for run in analysis.runs(norm):
            if analysis.is_cjk(run[0]):
                if node is not None:
                    cjk.add(run)
                cjk.update(w for w in analysis.segment(run) if len(w) >= 2)
            else:
                stems.add(analysis.stem(run))
    return cjk, stems


def make_snippet(text: str, cjk: set[str], stems: set[str], width: int = 120) -> str:
    """A window of ``text`` around the densest matches, matches wrapped in <em>…</em>."""
    if not text:
        return ""
    norm = analysis.normalize(text)
    if len(norm) != len(text):  # NFKC changed lengths: match on the lower-cased original instead
        norm = text.lower()
    spans: list[tuple[int, int]] = []
    for w in sorted(cjk, key=len, reverse=True):
        for m in re.finditer(re.escape(w), norm):
            spans.append((m.start(), m.end()))
    for m in _LATIN_WORD.finditer(text):
        if analysis.stem(m.group(0).lower()) in stems:
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    start = 0
    if merged:
        best, best_count = merged[0][0], 0
        for s, _ in merged:
            count = sum(1 for s2, _ in merged if s <= s2 < s + width)
            if count > best_count:
                best, best_count = s, count
        start = max(0, best - 20)
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in merged:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [text[pos:s], "<em>", text[s:e], "</em>"]
        pos = e
    out.append(text[pos:end])
    body = "".join(out).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
