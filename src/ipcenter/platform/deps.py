"""The per-process platform state every request reaches through ``request.app.state.platform``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request

from ipcenter.platform.database import Database
from ipcenter.platform.settings import Settings

if TYPE_CHECKING:
    from ipcenter.platform.corpus_state import CorpusRegistry


@dataclass
class Platform:
    settings: Settings
    database: Database
    corpus: CorpusRegistry
    template_dirs: list[Path] = field(default_factory=list)


def platform(request: Request) -> Platform:
    state: Platform = request.app.state.platform
    return state
