"""REST API of the classify domain: IPC suggestions for a text (the JSON of `ipcenter classify TEXT --format
json`), the protection centres' scope (`ipcenter scope list --format json`) and the scope check (`ipcenter
scope check --format json`). The model and the scope lists load once and are shared by every request."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ipcenter import config
from ipcenter.accounts.policy import Public
from ipcenter.classify import scope, service
from ipcenter.classify.errors import BadInput
from ipcenter.classify.models import ScopeDecision, ScopeEntry
from ipcenter.errors import UserError
from ipcenter.platform.deps import Platform, platform

router = APIRouter(tags=["classify"])

MAX_TEXT = 50_000


class Level(StrEnum):
    subclass = "subclass"
    group = "group"


class ClassifyIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="Title, abstract or claims to classify.")
    top: int = Field(default=3, ge=1, le=50, description="How many suggestions.")
    level: Level = Field(default=Level.subclass, description="subclass (G06F) or group (G06F40/00).")


class ScopeCheckIn(BaseModel):
    centre: str = Field(min_length=1, max_length=100, description="Centre name or part of it (成都, 重庆).")
    ipc: str | None = Field(default=None, max_length=40, description="The application's main IPC.")
    text: str | None = Field(default=None, max_length=MAX_TEXT, description="Text to classify first.")
    top: int = Field(default=5, ge=1, le=20, description="Suggestions considered for a text.")


def models_dir(state: Platform) -> Path:
    return state.settings.models_dir or config.models_dir()


def scope_entries(state: Platform) -> Sequence[ScopeEntry]:
    data = state.settings.data_dir
    entries: Sequence[ScopeEntry] = state.corpus.current().shared(
        "classify.scope", lambda corpus: tuple(scope.load_entries(data))
    )
    return entries


def classify(state: Platform, text: str, top: int, level: str) -> dict[str, Any]:
    result = service.classify_text(text, top=top, level=level, models=models_dir(state))
    return result.to_dict()


def check_scope(state: Platform, centre: str, ipc: str | None, text: str | None, top: int) -> ScopeDecision:
    """`scope.check_application` for a main IPC or a text, with the shared scope lists and model."""
    if (ipc is None) == (text is None):
        raise BadInput("give exactly one of ipc or text")
    entries = scope_entries(state)
    name = scope.resolve_centre(entries, centre)
    if ipc is not None:
        return scope.check_ipc(entries, name, ipc)
    assert text is not None
    if not text.strip():
        raise BadInput("the text is empty")
    classifier = service.load_model(models_dir(state))
    suggestions = service.suggest(classifier, [text], top=top)[0]
    return scope.check_text(entries, name, suggestions, text)


def warm(state: Platform) -> None:
    """Load the model and the scope lists before the first request (a missing model is not an error here)."""
    scope_entries(state)
    with contextlib.suppress(UserError):
        service.load_model(models_dir(state))


@router.post("/classify")
def classify_text(body: ClassifyIn, request: Request, who: Public) -> dict[str, Any]:
    """IPC suggestions: ``{"text", "level", "suggestions": [{"code", "score", "title_zh", "title_en"}],
    "decided_subclasses"}``."""
    return classify(platform(request), body.text, body.top, body.level.value)


@router.get("/scope/centres")
def scope_centres(request: Request, who: Public) -> list[dict[str, Any]]:
    """Each protection centre with how many IPC subclasses and Locarno classes its scope holds."""
    return scope.scope_summary(scope_entries(platform(request)))


@router.post("/scope/check")
def scope_check(body: ScopeCheckIn, request: Request, who: Public) -> dict[str, Any]:
    """Is an application inside a centre's pre-examination scope: ``in_scope``, ``out_of_scope`` or
    ``uncertain``, with the reasons (from its main IPC, or from its text classified first)."""
    return check_scope(platform(request), body.centre, body.ipc, body.text, body.top).to_dict()
