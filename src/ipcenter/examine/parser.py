"""The checker's claim parser: claims as written (labels, anomalies kept), references with kinds and spans,
category, independence, subject name and the claim tree.

``core.claims`` normalises claims for the corpus (it skips numbering anomalies); the checker must see them,
so it splits on its own, with the same folding of full-width characters (one character for one, so spans
found in folded text are valid in the original).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence

from ipcenter.examine.analysis import analyse, resolve_dependencies
from ipcenter.examine.models import ClaimNode
from ipcenter.examine.text import _CIRCLED, cn_numeral, detect_language, fold, normalise_breaks

__all__ = [
    "ancestors",
    "claim_tree",
    "detect_language",
    "fold",
    "parse_claim_set",
    "split_claims_source",
    "split_text",
]

# ----------------------------------------------------------------------------------------------- splitting

# A claim label: optional 权利要求/权项/Claim prefix, an Arabic, Chinese or circled number, a separator.
_LABEL = re.compile(
    r"(?P<prefix>(?:权利要求|权项|claim)\s*)?"
    r"(?P<num>[1-9]\d{0,4}|[一二三四五六七八九十]{1,3}|[\u2460-\u2473])"
    r"\s*(?P<sep>[.、:：)]|\s)(?!\d)",
    re.IGNORECASE,
)


def _label_value(m: re.Match[str]) -> tuple[int | None, bool]:
    """(value, arabic?)."""
    num = m.group("num")
    if num.isdigit():
        return int(num), True
    if num in _CIRCLED:
        return _CIRCLED[num], False
    return cn_numeral(num), False


def _leading_label(text: str) -> re.Match[str] | None:
    folded = fold(text)
    stripped = len(folded) - len(folded.lstrip())
    m = _LABEL.match(folded, stripped)
    if not m:
        return None
    value, arabic = _label_value(m)
    if value is None or value == 0:
        return None
    # A bare space separator only counts for Arabic numbers followed by text ('1 一种…'), and never for
    # a Chinese numeral (一种 starts with 一).
    if m.group("sep").isspace() and not arabic:
        return None
    if not arabic and not m.group("prefix") and m.group("sep") not in ("、", ".", ":", "："):
        return None
    if not arabic and m.group("num") == "一" and folded[m.end() - 1 : m.end()] not in ("、", ".", "．"):
        return None
    return m


# where a claim may start: the text's or a line's beginning, after a full stop or semicolon
# (only where a label can follow: what ``_LABEL`` starts with — fewer matches to try it on)
_CLAIM_START = re.compile(
    r"(?:^|\n|(?<=[。;；])|(?<=[^\d]\.))[ \t]*(?=权利要求|权项|(?i:claim)|[1-9一二三四五六七八九十\u2460-\u2473])"
)


def split_text(text: str) -> list[tuple[str, str]]:
    """Split one claims block into (label, claim text incl. label) pieces, anomalies kept.

    A claim starts at the beginning of the text, of a line, or after a full stop, with a label. A label
    after a full stop inside a line counts only when it continues the sequence (so '1.5 mm' or step
    numbers are not taken for claims); one at a line start may also repeat or skip numbers (defects the
    checker must see).
    """
    text = normalise_breaks(text).strip()
    if not text:
        return []
    folded = fold(text)
    candidates: list[tuple[int, re.Match[str], bool]] = []  # (start, match, at line start)
    for m in _CLAIM_START.finditer(folded):
        lm = _LABEL.match(folded, m.end())
        if lm:
            at_line = m.start() == 0 or folded[m.start()] == "\n" or folded[max(0, m.start() - 1)] == "\n"
            candidates.append((m.end(), lm, at_line))
    chosen: list[tuple[int, re.Match[str]]] = []
    previous = 0
    for start, lm, at_line in candidates:
        value, arabic = _label_value(lm)
        if value is None or value == 0:
            continue
        if lm.group("sep").isspace() and not (arabic and at_line):
            continue
        if lm.group("sep") == ")" and not (at_line and lm.group("prefix")):
            continue  # '1)' numbers steps inside a claim
        if not arabic and not at_line:
            continue
        if not arabic and lm.group("num") == "一" and lm.group("sep") not in ("、", ".", "．"):
            continue
        if not chosen:
            if start == 0 or not folded[:start].strip():
                chosen.append((start, lm))
                previous = value
            continue
        if value == previous + 1 or (at_line and (value == previous or previous < value <= previous + 5)):
            chosen.append((start, lm))
            previous = value
    if not chosen:
        return [("", text)]
    pieces = []
    for i, (start, lm) in enumerate(chosen):
        end = chosen[i + 1][0] if i + 1 < len(chosen) else len(text)
        piece = text[start:end].rstrip()
        pieces.append((text[start : lm.end()].strip(), piece))
    return pieces


def split_claims_source(source: str | Sequence[str] | Sequence[tuple[int | None, str]]) -> list[ClaimNode]:
    """Claims from one text, a list of claim strings, or (number, text) pairs from a record."""
    nodes: list[ClaimNode] = []
    if isinstance(source, str):
        items: list[tuple[int | None, str]] = [(None, source)]
        whole = True
    else:
        items = [(x[0], x[1]) if isinstance(x, tuple) else (None, x) for x in source]
        whole = False
    for given, raw in items:
        raw = normalise_breaks(raw or "").strip()
        if not raw:
            continue
        pieces = split_text(raw)
        for k, (label, piece) in enumerate(pieces):
            number: int | None = None
            body_start = 0
            lm = _leading_label(piece) if label else None
            if lm:
                value, _ = _label_value(lm)
                number = value
                body_start = lm.end()
                while body_start < len(piece) and piece[body_start].isspace():
                    body_start += 1
            elif given is not None and k == 0:
                number = given
            elif not whole and given is None and k == 0 and nodes:
                # a list item without a label continues the previous claim (a page break in PDF extraction)
                nodes[-1].text += piece
                continue
            nodes.append(ClaimNode(number=number, text=piece, label=label, body_start=body_start))
    return _without_drawing_preamble(nodes)


# The real claim 1 of a set: '1.一种…' / '1、一个…' / '1. A …'.
_CLAIM_ONE = re.compile(r"(?<![\d.\-])1\s*[.、]\s*(?:一种|一个|一套|一类|一组|An?\s)")
# what a drawing label never has and a claim always has: sentence punctuation or claim wording
_NOT_A_LABEL = re.compile(r"[。，；;,]|一种|权利要求|其特征|包括|包含")


def _label_like(text: str) -> bool:
    folded = fold(text).strip()
    return 0 < len(folded) <= 120 and not _NOT_A_LABEL.search(folded)


def _without_drawing_preamble(nodes: list[ClaimNode]) -> list[ClaimNode]:
    """Drop numbered drawing labels that PDF extraction put before claim 1.

    CN109313565A's claims start '1.快照创建通知(快照准备触发器)' '2.快照准备处理' … '4.快照处理4a-1.快照创建…4b.快照拒绝1.一种方法，
    包括：…' — the labels of a sequence diagram, then the real claim 1. Recognised only when: the set starts with
    claim 1; at least one whole item before the real claim 1 ('1.一种…'); every item (and the text glued before
    the real claim 1) is short and has neither sentence punctuation nor claim wording. The labels are kept in
    ``preamble`` of the new claim 1 so that a warning can show them.
    """
    if len(nodes) < 3 or nodes[0].number != 1:
        return nodes
    for j, node in enumerate(nodes[:12]):
        m = _CLAIM_ONE.search(fold(node.text))
        if m is None:
            if not _label_like(node.text):
                return nodes
            continue
        if j == 0 or (m.start() and not _label_like(node.text[: m.start()])):
            return nodes
        piece = node.text[m.start() :]
        lm = _leading_label(piece)
        if lm is None:
            return nodes
        body_start = lm.end()
        while body_start < len(piece) and piece[body_start].isspace():
            body_start += 1
        preamble = "\n".join([n.text for n in nodes[:j]] + ([node.text[: m.start()]] if m.start() else []))
        first = ClaimNode(
            number=1, text=piece, label=piece[: lm.end()].strip(), body_start=body_start, preamble=preamble
        )
        return [first, *nodes[j + 1 :]]
    return nodes


def parse_claim_set(
    source: str | Sequence[str] | Sequence[tuple[int | None, str]], lang: str | None = None
) -> list[ClaimNode]:
    """Split and analyse a claim set; ``lang`` is detected when not given."""
    nodes = split_claims_source(source)
    if not nodes:
        return []
    language = lang or detect_language(" ".join(n.text for n in nodes[:5]))
    for n in nodes:
        analyse(n, language)
    if language == "zh":
        resolve_dependencies(nodes)
    return nodes


def claim_tree(nodes: Sequence[ClaimNode]) -> dict[int, list[int]]:
    """Children of each claim number (a dependent claim appears under every claim it depends on)."""
    children: dict[int, list[int]] = {n.number: [] for n in nodes if n.number is not None}
    for n in nodes:
        for t in n.depends_on:
            if t in children and n.number is not None:
                children[t].append(n.number)
    return children


def ancestors(nodes_by_number: dict[int, ClaimNode], number: int) -> list[int]:
    """Every claim this one depends on, transitively (also through claims cited by an independent claim), the
    nearest first."""
    seen: set[int] = set()
    order: list[int] = []
    queue = (
        deque(t for t in nodes_by_number[number].cited if t < number)
        if number in nodes_by_number
        else deque()
    )
    while queue:
        t = queue.popleft()
        if t in seen or t not in nodes_by_number:
            continue
        seen.add(t)
        order.append(t)
        queue.extend(x for x in nodes_by_number[t].cited if x < t)
    return order
