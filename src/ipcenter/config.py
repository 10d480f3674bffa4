"""Where things live: the data directory (reference tables, samples), the corpus and the model directory.

Resolution order: command-line option, then environment (``IPCENTER_DATA``, ``IPCENTER_CORPUS``,
``IPCENTER_MODELS``, ``IPCENTER_LANG``), then defaults: ``../shared/data`` beside the checkout when present;
``./ipcenter-data/corpus`` and ``./ipcenter-data/models``. A command that only reads falls back to what
``ipcenter demo`` (the README's first command) wrote in ``./ipcenter-demo`` when ``./ipcenter-data`` has
none, so the commands work right after the demo; a command that writes (ingest, train) never falls back.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_HOME = Path("ipcenter-data")
DEMO_HOME = Path("ipcenter-demo")  # `ipcenter demo`'s default output
DEFAULT_CORPUS = DEFAULT_HOME / "corpus"
DEFAULT_MODELS = DEFAULT_HOME / "models"


def _resolve(option: Path | None, env_name: str, default: Path, demo: Path, writing: bool) -> Path:
    if option is not None:
        return option
    env = os.environ.get(env_name)
    if env:
        return Path(env)
    if not writing and not default.exists() and demo.exists():
        return demo
    return default


def corpus_dir(option: Path | None = None, *, writing: bool = False) -> Path:
    """The corpus directory; ``writing`` (ingest) never falls back to the demo's corpus."""
    return _resolve(option, "IPCENTER_CORPUS", DEFAULT_CORPUS, DEMO_HOME / "corpus", writing)


def models_dir(option: Path | None = None, *, writing: bool = False) -> Path:
    """The model directory (IPC classifier); ``writing`` (train) never falls back to the demo's models."""
    return _resolve(option, "IPCENTER_MODELS", DEFAULT_MODELS, DEMO_HOME / "models", writing)


def database_url(option: str | None = None, corpus: Path | None = None) -> str:
    """The platform's app database: ``--db URL``, then ``$IPCENTER_DB``, then an SQLite file beside the corpus
    (``./ipcenter-data/app.db``; ``./ipcenter-demo/app.db`` when the corpus is the demo's)."""
    if option:
        return option
    env = os.environ.get("IPCENTER_DB")
    if env:
        return env
    return f"sqlite:///{(corpus if corpus is not None else corpus_dir()).parent / 'app.db'}"


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
