"""REST API of the corpus domain: one document, the same JSON as `ipcenter show NUMBER --format json`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from ipcenter.accounts.policy import Public
from ipcenter.corpus import service
from ipcenter.errors import NotFound
from ipcenter.platform.deps import platform
from ipcenter.platform.documents import indexed_corpus

router = APIRouter(tags=["corpus"])


@router.get("/documents/{number}")
def get_document(
    number: Annotated[str, Path(max_length=64, description="Publication or application number, any form.")],
    request: Request,
    who: Public,
) -> dict[str, Any]:
    """One document (the grant first when several share the number); ``other_documents`` lists the rest."""
    corpus = indexed_corpus(platform(request).corpus.current())  # no Parquet scan per look-up
    rows = service.find_documents(corpus, number)
    if not rows:
        raise NotFound(f"no document {number!r} in the corpus")
    doc = service.document_view(rows[0])
    doc["other_documents"] = [r["publication_number"] for r in rows[1:]]
    return doc
