"""Check claims and applications; load them from text, Word, CN XML, JSON, JSONL or the corpus."""

from __future__ import annotations

from ipcenter.examine import checks, parser
from ipcenter.examine.checks import check_all
from ipcenter.examine.models import Application, CheckResult
from ipcenter.examine.parser import detect_language, parse_claim_set


def check_application(app: Application) -> CheckResult:
    claims = parse_claim_set(app.claims, app.lang)
    lang = (
        claims[0].lang if claims else (app.lang or detect_language((app.title or "") + (app.abstract or "")))
    )
    if app.lang is None:
        app.lang = lang
    findings = check_all(claims, app)
    return CheckResult(
        id=app.id, claims=claims, findings=findings, lang=lang, title=app.title, abstract=app.abstract
    )


def check_claims(claims: str | list[str], id: str = "") -> CheckResult:
    return check_application(Application(id=id, claims=claims))


def clear_caches() -> None:
    """Forget the per-text caches (folded text, word lists): a benchmark starts each run cold with it."""
    parser.fold.cache_clear()
    checks._words.cache_clear()
    checks._stems.cache_clear()
