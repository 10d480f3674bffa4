"""Titles that are PDF extraction debris, repaired for display and indexing.

Some sources (KPPatent-ZH, extracted from CNIPA PDFs) prefix the title with the first page's table of page
counts, sometimes with the end of the abstract in between: ``权利要求书2页说明书9页附图5页到图像中的对应位置上。
因此，……和移动体。图像处理装置、成像装置、驾驶辅助装置、移动体和图像处理方法``. The corpus keeps what the
source said; search shows and indexes the repaired title:

1. the page-count run (权利要求书N页 说明书N页 附图N页) is removed;
2. leftover abstract text ends in a full stop: only what follows the last 。 is kept;
3. leftover text without a full stop (``获取衣物的图像信息洗衣机控制方法及装置``) is cut where the subject of claim 1
   (``一种洗衣机控制方法，…``) begins, when it is found there.
"""

from __future__ import annotations

import re

_PAGE_COUNTS = re.compile(r"^\s*(?:权利要求书\s*\d+\s*页)\s*(?:说明书\s*\d+\s*页)?\s*(?:附图\s*\d+\s*页)?\s*")
_CLAIM_OPENING = re.compile(r"^\s*\d*\s*[.．、:：]?\s*(?:一种|一個|一个)?")
_SUBJECT_END = re.compile(r"[，,：:；;。（(]|其特征|包括|其中")
ANCHOR_CHARS = 4


def is_debris(title: str | None) -> bool:
    """True when the title starts with a PDF page-count run."""
    return bool(title and _PAGE_COUNTS.match(title))


def clean_title(title: str, claim1: str | None = None) -> str:
    """The title without PDF page-count debris (unchanged when it has none)."""
    m = _PAGE_COUNTS.match(title or "")
    if not m:
        return title
    rest = title[m.end() :]
    if "。" in rest.rstrip("。"):
        rest = rest.rstrip("。").rsplit("。", 1)[1]
    if claim1:
        subject = _SUBJECT_END.split(_CLAIM_OPENING.sub("", claim1, count=1), maxsplit=1)[0]
        anchor = subject[:ANCHOR_CHARS]
        at = rest.find(anchor) if len(anchor) == ANCHOR_CHARS else -1
        if at > 0:
            rest = rest[at - 2 :] if rest[at - 2 : at] == "一种" else rest[at:]
    return rest.strip() or title
