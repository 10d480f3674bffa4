"""Matching (供需对接) of needs and patents, both ways, every match with its reasons.

need → patents: candidates come from the search domain's `similar` (BM25 over every document fused with the
sentence vectors of those with text); each candidate is then scored from parts, each shown:

- ``semantic``  — the best cosine between the need and the patent's passages (title, abstract sentences,
  claims), with the shared sentence encoder (multilingual USE: a Chinese need reaches English patents);
- ``retrieval`` — the candidate's fused search score relative to the best one (lexical agreement);
- ``ipc``       — agreement of the need's IPC with the patent's: same main group 1, subclass 0.7, class 0.4,
  section 0.1; the IPC the enterprise gave weighs ``ipc``, one the classify domain predicted ``ipc_predicted``;
- ``region``    — the patent holder in the need's city 1, province 0.6, elsewhere in the mainland 0.2;
- ``value``     — the value domain's 许可转让 composite / 100;
- ``status``    — in force and not converted 1, conversion unknown 0.8, status unknown 0.5, pending 0.3,
  converted 0.2, lapsed 0.

score = Σ weight × part over the parts the need makes meaningful (no region given: no region part), divided by
the sum of those weights, so scores stay in [0, 1]. Weights are a setting (`settings.match_weights`), relative:
only their ratios among the parts present matter.
patent → needs uses the semantic, IPC and region parts against each visible need.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ipcenter.corpus.store import Corpus
from ipcenter.errors import UserError
from ipcenter.transfer import patents
from ipcenter.transfer.needs import NeedQuery

CANDIDATES = 100  # as evaluated (docs/benchmarks.md): 200 gained nothing
PASSAGE_CHARS = 240
MAX_PASSAGES = 8
_SENTENCES = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?|[^.\n]+(?:\.(?=\s|$))?")
STATUS_CREDIT = {
    "available": 1.0,
    "conversion_unknown": 0.8,
    "unknown": 0.5,
    "pending": 0.3,
    "converted": 0.2,
    "lapsed": 0.0,
}
PART_LABELS = {
    "semantic": ("语义相似", "semantic similarity"),
    "retrieval": ("检索相关度", "retrieval score"),
    "ipc": ("IPC 一致", "IPC agreement"),
    "region": ("地域", "region"),
    "value": ("价值评分", "value score"),
    "status": ("可转化状态", "availability"),
}


def passages(facts: patents.PatentFacts) -> list[tuple[str, str]]:
    """(field, text) passages of a patent: title, abstract sentences, claims (each cut to PASSAGE_CHARS)."""
    out: list[tuple[str, str]] = []
    if facts.title:
        out.append(("title", facts.title[:PASSAGE_CHARS]))
    for sentence in _SENTENCES.findall(facts.abstract or "")[:4]:
        if len(sentence.strip()) >= 6:
            out.append(("abstract", sentence.strip()[:PASSAGE_CHARS]))
    for number, claim in enumerate(facts.claims[:3], start=1):
        out.append((f"claim {number}", claim.strip()[:PASSAGE_CHARS]))
    seen: set[str] = set()
    unique = []
    for name, text in out:
        if text and text not in seen:
            seen.add(text)
            unique.append((name, text))
    return unique[:MAX_PASSAGES]


@dataclass
class Part:
    name: str
    value: float
    detail: str

    def explained(self, weight: float) -> dict[str, Any]:
        return {
            "value": round(self.value, 4),
            "weight": round(weight, 4),
            "contribution": round(weight * self.value, 4),
            "detail": self.detail,
        }


@dataclass
class Match:
    facts: patents.PatentFacts
    score: float
    parts: dict[str, Part]
    weights: dict[str, float]
    passages: list[dict[str, Any]]
    shared_ipc: dict[str, Any]
    holder: dict[str, Any] | None = None

    def why(self) -> dict[str, Any]:
        parts = {n: p.explained(self.weights[n]) for n, p in self.parts.items()}
        top = sorted(self.parts.values(), key=lambda p: -self.weights[p.name] * p.value)[:3]
        summary = "; ".join(f"{PART_LABELS[p.name][0]} {p.value:.2f} ({p.detail})" for p in top)
        data: dict[str, Any] = {
            "summary": summary,
            "passages": self.passages,
            "shared_ipc": self.shared_ipc,
            "parts": parts,
        }
        if self.holder:
            data["holder"] = self.holder
        return data

    def to_dict(self) -> dict[str, Any]:
        """The contract of `ipcenter match --format json`: publication_number, title, score, why."""
        return {
            "publication_number": self.facts.publication_number,
            "title": self.facts.title,
            "score": round(self.score, 4),
            "why": self.why(),
        }


class Matcher:
    """The objects matching needs (built once per corpus version and shared): corpus, search index, encoder,
    the classify model's directory, weights; passage vectors are cached (bounded)."""

    def __init__(
        self,
        corpus_dir: Path,
        *,
        data_dir: Path | None = None,
        models_dir: Path | None = None,
        weights: dict[str, float] | None = None,
        backend: Any = None,
        encoder: Any = None,
        cache_size: int = 20_000,
        with_value: bool = True,
    ) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.corpus: Corpus = patents.open_corpus(self.corpus_dir)
        self.data_dir = data_dir
        self.models_dir = models_dir
        self.weights = dict(weights) if weights else _default_weights()
        self._backend = backend
        self._encoder = encoder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.cache_size = cache_size
        self.with_value = with_value
        self.notes: list[str] = []
        self.last_candidates: list[tuple[str, float]] = []  # of the last `match` (for evaluations)

    @property
    def backend(self) -> Any:
        if self._backend is None:
            from ipcenter.search import service as search_service

            self._backend = search_service.open_engine(self.corpus_dir)
        return self._backend

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from ipcenter.encoder import default_encoder

            self._encoder = default_encoder()
        return self._encoder

    def vectors(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vec in zip(missing, self.encoder.encode(missing), strict=True):
                self._cache[text] = vec
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 512), dtype=np.float32)

    # ------------------------------------------------------------------ need → patents

    def need_ipc(self, query: NeedQuery) -> tuple[list[str], str]:
        if query.ipc:
            return query.ipc, "given"
        try:
            from ipcenter.classify import service as classify_service

            result = classify_service.classify_text(query.text, top=3, models=self.models_dir)
        except UserError as exc:
            self.notes.append(f"no IPC predicted for the need: {exc.message}")
            return [], ""
        return [s.code for s in result.suggestions if s.score >= 0.05][:3], "predicted"

    def candidates(self, text: str, k: int, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        from ipcenter.search import service as search_service

        result = search_service.similar(self.backend, text, limit=k, exclude=list(exclude))
        return [(h.publication_number, h.score) for h in result.hits]

    def match(
        self,
        query: NeedQuery,
        *,
        limit: int = 10,
        as_of: date | None = None,
        exclude: Iterable[str] = (),
        holders: dict[str, dict[str, Any]] | None = None,
        candidates: int = CANDIDATES,
        only_valid: bool = False,
        weights: dict[str, float] | None = None,
    ) -> list[Match]:
        """The ``limit`` best patents for a need, each with its parts and reasons."""
        as_of = as_of or date.today()
        weights = weights or self.weights
        found = self.candidates(query.text, max(candidates, limit), exclude)
        self.last_candidates = found
        if not found:
            return []
        rows = patents.rows_by_number(self.corpus, [pn for pn, _ in found])
        facts = {pn: patents.facts_of(rows[pn], as_of) for pn, _ in found if pn in rows}
        if only_valid:
            facts = {pn: f for pn, f in facts.items() if f.status != "lapsed"}
        best = max((s for _, s in found), default=1.0) or 1.0
        retrieval = {pn: s / best for pn, s in found}
        ipc, ipc_source = self.need_ipc(query)
        values = self._values(list(facts.values()), weights)
        need_vec = self.vectors([query.text[:512]])[0]
        matches = [
            self._score(
                f,
                need_vec,
                retrieval.get(pn, 0.0),
                ipc,
                ipc_source,
                query,
                values,
                (holders or {}).get(pn),
                weights,
            )
            for pn, f in facts.items()
        ]
        matches.sort(key=lambda m: (-m.score, m.facts.publication_number))
        return one_per_patent(matches)[:limit]

    def _values(self, facts: list[patents.PatentFacts], weights: dict[str, float]) -> dict[str, float] | None:
        if not self.with_value or weights.get("value", 0) == 0:
            return None
        scores = patents.value_scores(self.corpus_dir, self.data_dir, [f.key for f in facts])
        if not scores["scores"] and scores.get("note"):
            self.notes.append(scores["note"])
            return None
        return {k: v["composite"] / 100 for k, v in scores["scores"].items()}

    def semantic(self, facts: patents.PatentFacts, need_vec: np.ndarray) -> tuple[Part, list[dict[str, Any]]]:
        items = passages(facts)
        if not items:
            return Part("semantic", 0.0, "the patent has no text to compare"), []
        sims = self.vectors([t for _, t in items]) @ need_vec
        order = np.argsort(-sims)[:2]
        shown = [
            {"field": items[i][0], "text": items[i][1], "similarity": round(float(sims[i]), 4)} for i in order
        ]
        value = max(0.0, float(sims[order[0]]))
        return Part("semantic", value, f"best passage: {items[order[0]][0]}"), shown

    def _score(
        self,
        facts: patents.PatentFacts,
        need_vec: np.ndarray,
        retrieval: float,
        ipc: list[str],
        ipc_source: str,
        query: NeedQuery,
        values: dict[str, float] | None,
        holder: dict[str, Any] | None,
        weights: dict[str, float],
    ) -> Match:
        semantic, shown = self.semantic(facts, need_vec)
        parts = {
            "semantic": semantic,
            "retrieval": Part("retrieval", retrieval, "fused BM25 + vector rank score"),
        }
        shared: dict[str, Any] = {"need_ipc": ipc, "source": ipc_source, "level": None, "codes": []}
        if ipc:
            credit, level, codes = patents.ipc_agreement(ipc, facts.ipc)
            shared.update(level=level, codes=codes)
            detail = f"shared {level}: {', '.join(codes)}" if level else "no shared IPC"
            parts["ipc"] = Part("ipc", credit, f"{detail} ({ipc_source} IPC)")
        if query.region is not None:
            parts["region"] = region_part(query, facts)
        if values is not None:
            v = values.get(facts.key)
            parts["value"] = Part(
                "value", v or 0.0, f"许可转让 composite {v * 100:.1f}" if v is not None else "no value score"
            )
        parts["status"] = status_part(facts, holder)
        used = {n: part_weight(weights, n, ipc_source) for n in parts}
        total = sum(used.values()) or 1.0
        used = {n: w / total for n, w in used.items()}
        score = sum(used[n] * p.value for n, p in parts.items())
        return Match(facts, score, parts, used, shown, shared, holder)

    def explain(
        self,
        query: NeedQuery,
        publication_number: str,
        *,
        weights: dict[str, float] | None = None,
        holders: dict[str, dict[str, Any]] | None = None,
    ) -> Match:
        """The parts of one need–patent pair (a match opened as an event: found again, or scored alone with a
        retrieval part of 0 when the search no longer ranks it among the candidates)."""
        weights = weights or self.weights
        found = {
            m.facts.publication_number: m
            for m in self.match(query, limit=CANDIDATES, weights=weights, holders=holders)
        }
        if publication_number in found:
            return found[publication_number]
        facts = patents.find_patent(self.corpus, publication_number, date.today())
        ipc, source = self.need_ipc(query)
        values = self._values([facts], weights)
        vec = self.vectors([query.text[:512]])[0]
        return self._score(
            facts,
            vec,
            0.0,
            ipc,
            source,
            query,
            values,
            (holders or {}).get(facts.publication_number),
            weights,
        )

    # ------------------------------------------------------------------ patent → needs

    def needs_for(
        self,
        facts: patents.PatentFacts,
        needs: list[tuple[Any, NeedQuery]],
        *,
        limit: int = 10,
        weights: dict[str, float] | None = None,
    ) -> list[dict[str, Any]]:
        """The needs a patent answers best: semantic, IPC and region parts against each need."""
        weights = weights or self.weights
        items = passages(facts)
        if not items or not needs:
            return []
        pv = self.vectors([t for _, t in items])
        out = []
        for need, query in needs:
            sims = pv @ self.vectors([query.text[:512]])[0]
            i = int(np.argmax(sims))
            parts = {"semantic": Part("semantic", max(0.0, float(sims[i])), f"best passage: {items[i][0]}")}
            shared: dict[str, Any] = {
                "need_ipc": query.ipc,
                "source": "given" if query.ipc else "",
                "level": None,
                "codes": [],
            }
            if query.ipc:
                credit, level, codes = patents.ipc_agreement(query.ipc, facts.ipc)
                shared.update(level=level, codes=codes)
                parts["ipc"] = Part(
                    "ipc", credit, f"shared {level}: {', '.join(codes)}" if level else "no shared IPC"
                )
            if query.region is not None:
                parts["region"] = region_part(query, facts)
            used = {n: weights.get(n, 0.0) for n in parts}
            total = sum(used.values()) or 1.0
            used = {n: w / total for n, w in used.items()}
            match = Match(
                facts,
                sum(used[n] * p.value for n, p in parts.items()),
                parts,
                used,
                [{"field": items[i][0], "text": items[i][1], "similarity": round(float(sims[i]), 4)}],
                shared,
            )
            out.append(
                {"need_id": need.id, "title": need.title, "score": round(match.score, 4), "why": match.why()}
            )
        out.sort(key=lambda m: (-m["score"], m["need_id"]))
        return out[:limit]


def one_per_patent(matches: list[Match]) -> list[Match]:
    """The best-scored document of each patent: documents of one application, or of one number with and
    without its kind code (US6077553A and US6077553 from two exports), are one answer, not two."""
    seen: set[str] = set()
    out = []
    for m in matches:
        keys = {re.sub(r"[A-Z]\d?$", "", m.facts.publication_number)}
        if m.facts.application_number:
            keys.add(m.facts.application_number)
        if keys & seen:
            continue
        seen |= keys
        out.append(m)
    return out


def part_weight(weights: dict[str, float], name: str, ipc_source: str) -> float:
    """A part's weight: the IPC part weighs ``ipc_predicted`` when the classify domain guessed the IPC."""
    if name == "ipc" and ipc_source == "predicted":
        return weights.get("ipc_predicted", weights.get("ipc", 0.0))
    return weights.get(name, 0.0)


def _default_weights() -> dict[str, float]:
    from ipcenter.transfer.settings import DEFAULTS

    weights: dict[str, float] = dict(DEFAULTS["match_weights"].value)
    return weights


def region_part(query: NeedQuery, facts: patents.PatentFacts) -> Part:
    r = query.region
    assert r is not None
    if not facts.province and not facts.city:
        return Part("region", 0.0, "the holder's region is not in the corpus")
    if r.city and facts.city and r.city == facts.city:
        return Part("region", 1.0, f"same city {facts.city}")
    if r.province and facts.province and r.province == facts.province:
        return Part("region", 0.6, f"same province {facts.province}")
    if facts.country == "CN":
        return Part(
            "region", 0.2, f"holder in {facts.province or ''}{facts.city or ''}, need in {r.full_name}"
        )
    return Part("region", 0.0, f"holder outside the mainland ({facts.country})")


def status_part(facts: patents.PatentFacts, holder: dict[str, Any] | None) -> Part:
    converted = (holder or {}).get("converted") or facts.converted
    if facts.status == "lapsed":
        key, why = "lapsed", f"lapsed ({facts.status_reason})"
    elif converted == "converted":
        key, why = "converted", "already converted"
    elif facts.status == "in_force":
        key = "available" if converted == "unconverted" else "conversion_unknown"
        why = "in force, not converted" if key == "available" else "in force, conversion not recorded"
    elif facts.status == "pending":
        key, why = "pending", "application pending"
    else:
        key, why = "unknown", f"status unknown ({facts.status_reason})"
    return Part("status", STATUS_CREDIT[key], why)


@dataclass
class MatchResult:
    need: str
    matches: list[Match]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"need": self.need, "matches": [m.to_dict() for m in self.matches]}
