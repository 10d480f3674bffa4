"""The per-process platform state every request reaches through ``request.app.state.platform``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import annotated_types
from fastapi import Request

from ipcenter.platform.database import Database
from ipcenter.platform.settings import Settings

if TYPE_CHECKING:
    from ipcenter.platform.corpus_state import CorpusRegistry

#: The largest key of an app-database row (PostgreSQL's ``integer``; SQLite's is wider).
MAX_ROW_ID = 2**31 - 1
#: An app-database row's id in a path, query or body: a larger number names no row and would make the
#: database driver fail (a 500) instead of the 422 bad input deserves.
RowId = Annotated[int, annotated_types.Ge(1), annotated_types.Le(MAX_ROW_ID)]


@dataclass
class Platform:
    settings: Settings
    database: Database
    corpus: CorpusRegistry
    template_dirs: list[Path] = field(default_factory=list)


def platform(request: Request) -> Platform:
    state: Platform = request.app.state.platform
    return state
