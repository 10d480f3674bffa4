"""Reader placeholder: to be implemented."""

from __future__ import annotations

from ipcenter.ingest.readers.base import Reader

READERS: list[Reader] = []
