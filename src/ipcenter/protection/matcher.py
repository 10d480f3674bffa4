"""Matching 337 respondents to local enterprises across scripts (rule 20): each candidate pair gets a score
and the evidence behind it; the bureau confirms or dismisses; a confirmed match alerts the enterprise.

Evidence weights (a match is reported at ``MATCH_AT`` or above):

- the respondent's Chinese name (when the source gives one) has the enterprise's core: +0.6;
- an English name the enterprise is known by has the same core: +0.6;
- the enterprise core's pinyin spells the respondent's English core (三一 sanyi / Sany): +0.5 exact, up to
  +0.5 when nearly so (Jaro–Winkler ≥ 0.9, same first letters, cores of 4+ letters);
- the same industry word on both sides (重工 ↔ Heavy Industry): +0.15; different ones: −0.1;
- the same city or province: +0.1; a different Chinese city: −0.2.
A respondent located outside mainland China (a US subsidiary, a Hong Kong trading arm) is not a local
enterprise: it is reported with its investigation but never matched, so it never alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipcenter.protection import names
from ipcenter.protection.distance import jaro_winkler

MATCH_AT = 0.6
LOCAL_COUNTRIES = frozenset({"", "china", "cn", "prc", "people's republic of china", "中国"})


@dataclass(frozen=True)
class Candidate:
    """A local enterprise: a registered organisation or an applicant of the region in the corpus."""

    name: str
    organisation_id: int | None = None
    english_names: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    city: str = ""
    province: str = ""
    source: str = ""  # 'organisation' or 'corpus applicant'


@dataclass
class Match:
    respondent: str
    candidate: Candidate
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _place_evidence(
    respondent_places: set[str], candidate: Candidate, cand: names.NameParts
) -> tuple[float, dict[str, Any] | None]:
    from ipcenter.protection import characters

    own = {characters.spelled(p) for p in (candidate.city, candidate.province) if p} | set(cand.places)
    own = {p.removesuffix("shi").removesuffix("sheng") for p in own if p}
    theirs = {
        p.lower().replace(" city", "").replace(" province", "").replace(" ", "")
        for p in respondent_places
        if p
    }
    if not own or not theirs:
        return 0.0, None
    if own & theirs:
        return 0.1, {"signal": "same place", "places": sorted(own & theirs), "weight": 0.1}
    return -0.2, {
        "signal": "different place",
        "respondent": sorted(theirs),
        "enterprise": sorted(own),
        "weight": -0.2,
    }


def score_pair(respondent: dict[str, str], candidate: Candidate) -> Match:
    """Score one respondent (name, name_zh, city, region, country) against one local enterprise."""
    name = respondent.get("name", "")
    evidence: list[dict[str, Any]] = []
    country = respondent.get("country", "").strip().lower()
    if country not in LOCAL_COUNTRIES:
        return Match(
            name, candidate, 0.0, [{"signal": "not local", "country": respondent.get("country", "")}]
        )
    enterprise_names = [candidate.name, *candidate.other_names]
    best = 0.0
    best_evidence: list[dict[str, Any]] = []
    for enterprise_name in enterprise_names:
        cand = (
            names.chinese_parts(enterprise_name)
            if names.parts(enterprise_name).script == "han"
            else names.english_parts(enterprise_name)
        )
        for alias in names.alternatives(name) or [name]:
            score, found = _name_score(alias, respondent.get("name_zh", ""), cand, candidate)
            if score > best:
                places = {respondent.get("city", ""), respondent.get("region", "")} | set(
                    names.english_parts(alias).places
                )
                delta, place = _place_evidence(places, candidate, cand)
                if place is not None:
                    found.append(place)
                best, best_evidence = round(min(1.0, score + delta), 3), found
    evidence.extend(best_evidence)
    return Match(name, candidate, max(best, 0.0), evidence)


def _name_score(
    alias: str, name_zh: str, cand: names.NameParts, candidate: Candidate
) -> tuple[float, list[dict[str, Any]]]:
    evidence: list[dict[str, Any]] = []
    score = 0.0
    theirs = names.english_parts(alias)
    if len(cand.core) < 2:
        return 0.0, []
    if name_zh:
        zh = names.chinese_parts(name_zh)
        if zh.core == cand.core or (zh.core.startswith(cand.core) and len(cand.core) >= 2):
            score += 0.6
            evidence.append(
                {"signal": "Chinese name", "respondent_zh": name_zh, "core": cand.core, "weight": 0.6}
            )
    for english in candidate.english_names:
        known = names.english_parts(english)
        if known.core and known.core == theirs.core:
            score += 0.6
            evidence.append(
                {"signal": "known English name", "name": english, "core": known.core, "weight": 0.6}
            )
            break
    else:
        spelled = cand.core_pinyin if cand.script == "han" else cand.core
        if spelled and theirs.core:
            if spelled == theirs.core:
                score += 0.5
                evidence.append({"signal": "pinyin spells the English name", "pinyin": spelled,
                                 "english": theirs.core, "weight": 0.5})  # fmt: skip
            elif min(len(spelled), len(theirs.core)) >= 4 and spelled[:2] == theirs.core[:2]:
                similarity = jaro_winkler(spelled, theirs.core)
                if similarity >= 0.9:
                    weight = round(0.5 * similarity, 3)
                    score += weight
                    evidence.append({"signal": "pinyin close to the English name", "pinyin": spelled,
                                     "english": theirs.core, "jaro_winkler": similarity, "weight": weight})  # fmt: skip
    if score == 0.0:
        return 0.0, []
    if cand.industries and theirs.industries:
        shared = cand.industries & theirs.industries
        if shared:
            score += 0.15
            evidence.append({"signal": "same industry", "words": sorted(shared), "weight": 0.15})
        else:
            score -= 0.1
            evidence.append({"signal": "different industry", "enterprise": sorted(cand.industries),
                             "respondent": sorted(theirs.industries), "weight": -0.1})  # fmt: skip
    return round(score, 3), evidence


def match_respondents(respondents: list[dict[str, str]], candidates: list[Candidate]) -> list[Match]:
    """Every (respondent, enterprise) pair at ``MATCH_AT`` or above, best first."""
    found = []
    for respondent in respondents:
        for candidate in candidates:
            match = score_pair(respondent, candidate)
            if match.score >= MATCH_AT:
                found.append(match)
    found.sort(key=lambda m: (-m.score, m.respondent, m.candidate.name))
    return found
