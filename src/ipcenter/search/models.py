"""Search results: what `ipcenter search` / `ipcenter similar` return (the JSON contract of issue 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hit:
    publication_number: str
    title: str
    score: float
    snippet: str
    # not in the JSON contract's required keys, but useful for people and export
    applicant: str | None = None
    publication_date: str | None = None
    patent_type: str | None = None
    legal_status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "publication_number": self.publication_number,
            "title": self.title,
            "score": round(self.score, 6),
            "snippet": self.snippet,
            "applicant": self.applicant,
            "publication_date": self.publication_date,
            "patent_type": self.patent_type,
            "legal_status": self.legal_status,
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    mode: str = "lexical"  # lexical | hybrid | semantic | similar
    offset: int = 0
    sort: str = "relevance"
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    corpus_version: int | None = None
    took_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. the index is older than the corpus

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
            "mode": self.mode,
            "offset": self.offset,
            "sort": self.sort,
            "corpus_version": self.corpus_version,
            "took_ms": round(self.took_ms, 2),
        }
        if self.warnings:
            data["warnings"] = list(self.warnings)
        if self.facets:
            data["facets"] = {k: [{"value": v, "count": n} for v, n in vs] for k, vs in self.facets.items()}
        return data
