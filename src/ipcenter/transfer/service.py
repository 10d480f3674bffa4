"""Public entry points of the transfer domain that put its parts together (the CLI, the web API, the demo
and other domains call these): matching with the resource library's holders, patent → needs, the licence
check as the command line and the API answer it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.corpus.store import Corpus
from ipcenter.transfer import licensing, listings, needs, patents, rule18
from ipcenter.transfer.matching import Matcher, MatchResult
from ipcenter.transfer.tables import InventoryItem

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


def library_holders(db: Session | None, publication_numbers: list[str]) -> dict[str, dict[str, Any]]:
    """The resource-library records of these patents: which institution offers each, and what it declared."""
    if db is None or not publication_numbers:
        return {}
    rows = db.execute(
        select(InventoryItem, Organisation.name)
        .join(Organisation, Organisation.id == InventoryItem.organisation_id)
        .where(InventoryItem.publication_number.in_(publication_numbers), InventoryItem.state == "in_library")
    ).all()
    return {
        r.publication_number: {
            "institution": name,
            "item_id": r.id,
            "converted": r.converted,
            "grade": r.grade,
            "scenario": r.scenario,
            "maturity": r.maturity,
        }
        for r, name in rows
    }


def library_numbers(db: Session | None) -> list[str]:
    if db is None:
        return []
    return list(
        db.scalars(select(InventoryItem.publication_number).where(InventoryItem.state == "in_library"))
    )


def match(
    matcher: Matcher,
    text: str,
    *,
    ipc: str | list[str] | None = None,
    region: str = "",
    limit: int = DEFAULT_LIMIT,
    db: Session | None = None,
    only_valid: bool = False,
) -> MatchResult:
    """need → patents (the contract of `ipcenter match`), the library's holders shown when a database is given."""
    query = needs.query_of(text, ipc, region)
    holders = library_holders(db, library_numbers(db))
    matcher.notes = []
    found = matcher.match(query, limit=max(1, min(limit, MAX_LIMIT)), holders=holders, only_valid=only_valid)
    return MatchResult(query.text, found, list(matcher.notes))


def needs_for_patent(
    db: Session, principal: Principal, matcher: Matcher, number: str, *, limit: int = DEFAULT_LIMIT
) -> dict[str, Any]:
    """patent → needs: the open needs the principal may see that the patent answers best."""
    facts = patents.find_patent(matcher.corpus, number, date.today())
    visible = needs.visible(db, principal)
    pairs = [(n, needs.need_query(n)) for n in visible]
    return {
        "publication_number": facts.publication_number,
        "title": facts.title,
        "needs": matcher.needs_for(facts, pairs, limit=max(1, min(limit, MAX_LIMIT))),
    }


def check_licence(
    db: Session | None, corpus: Corpus | None, number: str, as_of: date, principal: Principal | None = None
) -> rule18.Verdict:
    """The rule-18 verdict (`ipcenter licence check`): the corpus's facts and the facts recorded by the
    principal's organisation (every organisation's at the command line, where principal is None)."""
    return licensing.check_number(
        db,
        corpus,
        number,
        as_of,
        organisation_id=principal.organisation_id if principal else None,
        every_organisation=principal is None,
    )


def fee_estimate(
    db: Session | None, corpus: Corpus, number: str, on: date, data_dir: Any = None
) -> dict[str, Any]:
    """The fee estimator for one patent: its value score and remaining term as inputs."""
    facts = patents.find_patent(corpus, number, on)
    scores = patents.value_scores(corpus.root, data_dir, [facts.key])
    value = scores["scores"].get(facts.key)
    estimate = listings.estimate_fee(
        db, facts.patent_type, value["composite"] if value else None, listings.remaining_years(facts, on)
    )
    return {
        "publication_number": facts.publication_number,
        "title": facts.title,
        "as_of": on.isoformat(),
        "value_note": scores.get("note", ""),
        **estimate,
    }
