"""Where things live: the data directory (reference tables, samples) and the corpus directory.

Resolution order: command-line option, then environment (``IPCENTER_DATA``, ``IPCENTER_CORPUS``,
``IPCENTER_LANG``), then defaults (``../shared/data`` beside the checkout when present; ``./ipcenter-data/corpus``).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CORPUS = Path("ipcenter-data") / "corpus"


def corpus_dir(option: Path | None = None) -> Path:
    if option is not None:
        return option
    env = os.environ.get("IPCENTER_CORPUS")
    return Path(env) if env else DEFAULT_CORPUS


def data_dir(option: Path | None = None) -> Path | None:
    """The shared data directory, or None when none is given or found."""
    if option is not None:
        return option
    env = os.environ.get("IPCENTER_DATA")
    if env:
        return Path(env)
    # beside the current directory's checkout, or beside this source checkout (src/ipcenter/config.py → ../shared)
    for candidate in (Path("../shared/data"), Path(__file__).resolve().parents[2].parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate.resolve()
    return None


def language(option: str | None = None) -> str:
    lang = option or os.environ.get("IPCENTER_LANG") or "zh"
    return "en" if lang.lower().startswith("en") else "zh"
