"""The corpus as the server sees it: one version at a time, and the heavy objects built from it.

Parts are immutable and an ingest commits by swapping ``manifest.json`` atomically, so a server never sees a
half-written corpus. Each request asks `CorpusRegistry.current()`, which re-reads the manifest only when the
file changed (one ``stat``); requests started on the old version finish on it, later ones use the new one.
Heavy objects (search index, sentence encoder, classifier, statistics inputs) are built once per process and
corpus version by `CorpusVersion.shared(key, build)` and shared by every request; the objects of a replaced
version are dropped when it is replaced (requests still holding them finish with them).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ipcenter.corpus.store import MANIFEST, Corpus

T = TypeVar("T")


@dataclass
class CorpusVersion:
    """One committed version of the corpus and the objects built from it."""

    corpus: Corpus
    stamp: tuple[int, int, int]  # the manifest file's (inode, size, mtime_ns): changes on every commit
    _objects: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _building: dict[str, threading.Lock] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.corpus.manifest.version

    def shared(self, key: str, build: Callable[[Corpus], T]) -> T:
        """The object ``key`` for this version, built on first use (once, even with concurrent requests)."""
        with self._lock:
            if key in self._objects:
                value: T = self._objects[key]
                return value
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._objects:
                    value = self._objects[key]
                    return value
            value = build(self.corpus)
            with self._lock:
                self._objects[key] = value
            return value


class CorpusRegistry:
    """The corpus directory a server serves, and its current version."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._current: CorpusVersion | None = None
        self._lock = threading.Lock()

    def _stamp(self) -> tuple[int, int, int]:
        try:
            st = os.stat(self.root / MANIFEST)
        except FileNotFoundError:
            return (0, 0, 0)
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def current(self) -> CorpusVersion:
        stamp = self._stamp()
        current = self._current
        if current is not None and current.stamp == stamp:
            return current
        with self._lock:
            if self._current is None or self._current.stamp != stamp:
                self._current = CorpusVersion(Corpus(self.root), stamp)
            return self._current
