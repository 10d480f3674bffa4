"""Watches: saved searches and watched IPC or applicant sets that report new matching publications after
each ingest (`run_watches`, called by ``ipcenter watch run`` after ``ipcenter ingest``, and by the demo).

A watch's first run records what already matches (a baseline, no alert); each later run alerts the
organisation with the publications not seen before."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import policy
from ipcenter.accounts.principal import Principal
from ipcenter.corpus.store import Corpus
from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.protection import alerts
from ipcenter.protection.tables import Watch, WatchHit

KINDS = ("query", "ipc", "applicant")
IPC_PREFIX = re.compile(r"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{1,6})?)?)?)?$")
OBJECT = "protection_watch"
MAX_MATCHES = 5000


def _values(kind: str, value: str) -> list[str]:
    if kind == "query":
        return [value.strip()]
    items = [v.strip() for v in re.split(r"[;\n,，；]+", value) if v.strip()]
    if kind == "ipc":
        items = [v.upper().replace(" ", "") for v in items]
        bad = [v for v in items if not IPC_PREFIX.match(v)]
        if bad:
            raise InvalidValue(f"not IPC symbols or prefixes: {', '.join(bad)} (e.g. H01M, H01M10/05)")
    return items


def add_watch(db: Session, who: Principal, name: str, kind: str, value: str) -> Watch:
    if kind not in KINDS:
        raise InvalidValue(f"watch kind must be one of {', '.join(KINDS)}")
    if who.organisation_id is None:
        raise InvalidValue("a watch belongs to an organisation: this account has none")
    if not name.strip() or not _values(kind, value) or not value.strip():
        raise InvalidValue("a watch needs a name and what to watch")
    watch = Watch(organisation_id=who.organisation_id, created_by=who.user_id, name=name.strip()[:200],
                  kind=kind, value=value.strip())  # fmt: skip
    db.add(watch)
    db.flush()
    return watch


def watch_saved_search(db: Session, who: Principal, search_id: int, name: str = "") -> Watch:
    """A saved search (the accounts domain's, visible to the principal) becomes a watch of its query."""
    from ipcenter.accounts import saved_searches

    saved = saved_searches.get(db, who, search_id)  # 404 for another organisation's
    return add_watch(db, who, name or saved.name, "query", saved.query)


def get_watch(db: Session, who: Principal, watch_id: int) -> Watch:
    watch = db.get(Watch, watch_id)
    if watch is None:
        raise NotFound(f"no watch {watch_id}")
    policy.require_visible(who, OBJECT, watch.organisation_id, watch_id)
    return watch


def watch_view(watch: Watch, hits: int | None = None) -> dict[str, Any]:
    view = {"id": watch.id, "name": watch.name, "kind": watch.kind, "value": watch.value,
            "last_version": watch.last_version, "created_at": watch.created_at.isoformat(timespec="seconds")}  # fmt: skip
    if hits is not None:
        view["hits"] = hits
    return view


def list_watches(db: Session, who: Principal) -> list[dict[str, Any]]:
    statement = policy.own_rows(who, OBJECT, select(Watch), Watch.organisation_id).order_by(Watch.id)
    return [watch_view(w) for w in db.scalars(statement)]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def matching(corpus: Corpus, watch: Watch, search_backend: Any = None) -> list[str]:
    """Publication numbers in the corpus that match the watch now."""
    values = _values(watch.kind, watch.value)
    if watch.kind == "query":
        if search_backend is None:
            raise UserError("a saved-search watch needs the search index: run `ipcenter index build`")
        from ipcenter.search import service as search_service

        result = search_service.search(search_backend, values[0], limit=MAX_MATCHES, mode="lexical")
        return [hit.publication_number for hit in result.hits]
    con = corpus.connect()
    try:
        if watch.kind == "ipc":
            condition = f"len(list_filter(ipc, lambda s: len(list_filter({_sql_list(values)}, lambda p: starts_with(replace(s, ' ', ''), p))) > 0)) > 0"
        else:
            condition = (f"len(list_filter(applicants, lambda a: list_contains({_sql_list(values)}, a.name))) > 0"
                         f" OR len(list_filter(patentees, lambda a: list_contains({_sql_list(values)}, a.name))) > 0")  # fmt: skip
        rows = con.execute(
            f"SELECT publication_number FROM patents WHERE {condition} LIMIT {MAX_MATCHES}"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def run_watch(db: Session, corpus: Corpus, watch: Watch, search_backend: Any = None) -> dict[str, Any]:
    version = str(corpus.manifest.version)
    known = set(db.scalars(select(WatchHit.publication_number).where(WatchHit.watch_id == watch.id)))
    baseline = not watch.last_version
    found = matching(corpus, watch, search_backend)
    new = [number for number in dict.fromkeys(found) if number not in known]
    for number in new:
        db.add(WatchHit(watch_id=watch.id, publication_number=number, corpus_version=version))
    watch.last_version = version
    db.flush()
    alerted = False
    if new and not baseline:
        shown = ", ".join(new[:20]) + (f" … (+{len(new) - 20})" if len(new) > 20 else "")
        alerted = alerts.raise_alert(
            db, watch.organisation_id, "watch", f"监视「{watch.name}」有 {len(new)} 件新公开 / {len(new)} new publications",
            f"Watch {watch.name!r} ({watch.kind}: {watch.value}) matched new publications in corpus version {version}: {shown}",
            f"watch:{watch.id}:v{version}",
        ) is not None  # fmt: skip
    return {"watch": watch.id, "name": watch.name, "matching": len(found), "new": len(new) if not baseline else 0,
            "baseline": baseline, "alerted": alerted, "new_publications": new[:50] if not baseline else []}  # fmt: skip


def run_watches(db: Session, corpus_dir: Path, search_backend: Any = None) -> list[dict[str, Any]]:
    corpus = Corpus(corpus_dir)
    results = []
    for watch in list(db.scalars(select(Watch).order_by(Watch.id))):
        try:
            results.append(run_watch(db, corpus, watch, search_backend))
        except UserError as exc:
            results.append({"watch": watch.id, "name": watch.name, "skipped": exc.message})
    return results
