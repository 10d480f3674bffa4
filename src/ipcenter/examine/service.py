"""Check claims and applications: the functions the command line, the demo and the web API call.

No printing, no Typer: they take plain arguments, return ``CheckResult``s and raise ``UserError``s
(``InputError``) for input they cannot use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcenter.examine import parser
from ipcenter.examine.models import Application, CheckResult
from ipcenter.examine.parser import detect_language, parse_claim_set
from ipcenter.examine.rules import antecedent, check_all
from ipcenter.examine.sources import (
    InputError,
    application_from_record,
    from_corpus,
    load_applications,
    load_batch,
)


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


def claims_to_check(file: Path | None, batch: Path | None) -> list[Application]:
    """The claim sets of ``check claims``: one claims FILE (its claims only), or a batch file (``--input``)."""
    if (file is None) == (batch is None):
        raise InputError("give either a claims FILE or --input FILE.jsonl")
    if batch is not None:
        return load_batch(batch)
    assert file is not None
    return [
        Application(id=a.id, claims=a.claims, lang=a.lang, office=a.office) for a in load_applications(file)
    ]


def applications_to_check(file: str, corpus: Path | None = None) -> list[Application]:
    """The applications of ``check application``: a file, or a publication number looked up in ``corpus``."""
    path = Path(file)
    if corpus is not None and not path.exists():
        return [from_corpus(corpus, file)]
    return load_applications(path)


def check_all_of(apps: list[Application]) -> list[CheckResult]:
    return [check_application(a) for a in apps]


def clear_caches() -> None:
    """Forget the per-text caches (folded text, word lists): a benchmark starts each run cold with it."""
    parser.fold.cache_clear()
    antecedent.clear_caches()


def check_corpus(corpus_dir: Path, numbers: Sequence[str] | None = None) -> list[CheckResult]:
    """Check applications with claims in a corpus: those with the given publication numbers (in that order,
    the ones the corpus lacks left out), or every one.

    A missing corpus, and a corpus with no application with claims to check, are an `InputError`: an empty
    list would read as "checked, nothing found" when nothing was checked."""
    from ipcenter.corpus.store import Corpus

    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise InputError(f"{corpus_dir}: no corpus there (ingest files into it first)")
    if numbers is not None:
        results = []
        for number in numbers:
            rows = corpus.get_rows("publication_number = ?", [number])
            if rows and rows[0].get("claims"):
                results.append(check_application(application_from_record(rows[0])))
        return results
    rel = corpus.connect().sql(
        "SELECT publication_number, country, title, abstract, description, claims, language FROM patents "
        "WHERE len(claims) > 0"
    )
    cols = rel.columns
    checked = [
        check_application(application_from_record(dict(zip(cols, row, strict=True))))
        for row in rel.fetchall()
    ]
    if not checked:
        raise InputError(f"{corpus_dir}: no application with claims in the corpus: nothing to check")
    return checked
