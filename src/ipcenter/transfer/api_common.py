"""What the transfer domain's API modules share: the served corpus, the matcher built once per corpus
version, the audited unit of work, the current match weights."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from ipcenter import config
from ipcenter.accounts import audit
from ipcenter.accounts.principal import Principal
from ipcenter.corpus.store import Corpus
from ipcenter.errors import Unavailable
from ipcenter.platform.deps import Platform, platform
from ipcenter.transfer import settings
from ipcenter.transfer.matching import Matcher


def corpus_of(state: Platform) -> Corpus | None:
    corpus = state.corpus.current().corpus
    return corpus if corpus.exists else None


def require_corpus(state: Platform) -> Corpus:
    corpus = corpus_of(state)
    if corpus is None:
        raise Unavailable("no corpus is served yet: ingest documents first (ipcenter ingest)")
    return corpus


def matcher(state: Platform) -> Matcher:
    """The matcher of the served corpus version (search index, encoder, passage vectors), built once."""
    require_corpus(state)
    models = state.settings.models_dir or config.models_dir()
    data = state.settings.data_dir
    found: Matcher = state.corpus.current().shared(
        "transfer.matcher", lambda corpus: Matcher(corpus.root, data_dir=data, models_dir=models)
    )
    return found


def weights(db: Session) -> dict[str, float]:
    value: dict[str, float] = dict(settings.current(db, "match_weights").value)
    return value


def audited(request: Request, who: Principal, action: str, object_type: str, object_id: object = "") -> Any:
    return audit.audited(platform(request).database, who, f"transfer.{action}", object_type, object_id)
