"""Settings of one server process: where the corpus and the app database are, and the request limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    database_url: str
    data_dir: Path | None = None
    models_dir: Path | None = None
    # Cookies get the Secure flag: set when the site is served over TLS (behind the reverse proxy).
    secure_cookies: bool = False
    session_lifetime: timedelta = timedelta(hours=12)
    # The largest request body accepted (uploads of claims/applications included); more answers 413.
    max_body_bytes: int = 10 * 1024 * 1024
    # Sign-in throttling: failures counted over the window, per account and per client address.
    login_window: timedelta = timedelta(minutes=15)
    login_failures_per_account: int = 5
    login_failures_per_address: int = 30
