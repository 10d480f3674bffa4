"""Text out of USPTO XML elements, whitespace-normalised, shared by every DTD family's mapping."""

from __future__ import annotations

from lxml import etree

from ipcenter.ingest.readers.uspto.documents import Element

__all__ = ["abstract_text", "blocks", "find_text", "lines_of", "norm", "opt", "text_of"]

_tostring = etree.tostring


def norm(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def opt(value: str) -> str | None:
    return value or None


def text_of(el: Element | None) -> str:
    """Whitespace-normalised text content of an element ('' for None)."""
    if el is None:
        return ""
    return " ".join(_tostring(el, method="text", encoding="unicode", with_tail=False).split())


def find_text(el: Element, path: str) -> str:
    return text_of(el.find(path))


def lines_of(el: Element | None) -> str | None:
    """Plain text of a v4 description: the source writes one block element (heading, p) per line, so the
    text is serialised once and split into lines, each whitespace-normalised (much faster than walking
    every paragraph; table rows and list items come out as lines of their own)."""
    if el is None:
        return None
    text = _tostring(el, method="text", encoding="unicode", with_tail=False)
    # str.split per line is several times faster than a whitespace regex over the whole description.
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line) or None


def blocks(el: Element | None, tags: tuple[str, ...]) -> str | None:
    """Plain text of the block elements (paragraphs, headings) under ``el``, one per line."""
    if el is None:
        return None
    lines = [t for t in (text_of(b) for b in el.iter(*tags)) if t]
    if not lines:
        return opt(text_of(el))
    return "\n".join(lines)


def abstract_text(el: Element | None) -> str | None:
    """The abstract as one whitespace-normalised string (paragraph breaks are not kept: sources such as
    grants.jsonl do not have them, and equal content across sources matters more)."""
    return opt(text_of(el)) if el is not None else None
