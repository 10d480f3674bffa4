"""The web app: FastAPI with the API of every domain under /api/v1 and their pages, over one app database
and one corpus. `create_app(settings)` builds it; `ipcenter serve` runs `app_from_environment` in uvicorn.

Domains plug in through `ipcenter.domains.DOMAINS`: a domain with ``api`` has ``ipcenter/<d>/api.py``
exposing ``router`` (mounted under /api/v1), one with ``pages`` has ``ipcenter/<d>/pages.py`` exposing
``router`` (mounted at /) and its templates in ``ipcenter/<d>/templates/``. Every route declares a policy
(`ipcenter.accounts.policy`).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI

from ipcenter import config
from ipcenter.domains import DOMAINS
from ipcenter.platform import problems
from ipcenter.platform.corpus_state import CorpusRegistry
from ipcenter.platform.database import open_database
from ipcenter.platform.deps import Platform
from ipcenter.platform.middleware import BodyLimit, SecurityHeaders
from ipcenter.platform.settings import Settings

API_PREFIX = "/api/v1"
HERE = Path(__file__).resolve().parent


def create_app(settings: Settings) -> FastAPI:
    from ipcenter import __version__
    from ipcenter.platform import site

    app = FastAPI(
        lifespan=_lifespan,
        title="ipcenter",
        version=__version__,
        description="知识产权公共服务平台 / IP public-service platform. Errors are application/problem+json;"
        " authenticate scripts with `Authorization: Bearer TOKEN` (POST /api/v1/tokens).",
        openapi_url=None,  # served by site.router, under a declared policy like every route
        docs_url=None,
        redoc_url=None,
    )
    database = open_database(settings.database_url)
    template_dirs = [HERE / "templates"]
    app.state.platform = Platform(settings, database, CorpusRegistry(settings.corpus_dir), template_dirs)
    problems.install(app)
    app.include_router(site.router, responses=problems.ERROR_RESPONSES)
    for domain in DOMAINS:
        if domain.api:
            router: APIRouter = domain.module("api").router
            app.include_router(router, prefix=API_PREFIX, responses=problems.ERROR_RESPONSES)
        if domain.pages:
            app.include_router(domain.module("pages").router)
            templates = HERE.parent / domain.name / "templates"
            if templates.is_dir():
                template_dirs.append(templates)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    close_down(app)


def close_down(app: FastAPI) -> None:
    """At the server's shutdown: each domain's ``api.py`` or ``pages.py`` may define ``close(platform)`` to stop
    what it started (worker processes); then the database's connections are closed."""
    _run_hooks(app, "close", "shutdown")
    app.state.platform.database.dispose()


def warm_up(app: FastAPI) -> None:
    """Build the heavy objects before the first visitor waits for them: each domain's ``api.py`` or
    ``pages.py`` may define ``warm(platform)`` (the index and encoder, the document index, the model, the
    default dashboard). Runs in a background thread of each worker; a failure is logged, never fatal (the
    request that needs the object reports the problem)."""
    _run_hooks(app, "warm", "warm-up")


def _run_hooks(app: FastAPI, name: str, what: str) -> None:
    """Call every domain surface's ``name(platform)`` hook; a failure is logged, never fatal, and does not stop
    the other domains' hooks."""
    state: Platform = app.state.platform
    for domain in DOMAINS:
        for surface, present in (("api", domain.api), ("pages", domain.pages)):
            hook = getattr(domain.module(surface), name, None) if present else None
            if hook is None:
                continue
            try:
                hook(state)
            except Exception as exc:  # one domain's hook must never stop the server or the others
                problems.log.warning("%s of %s.%s failed: %s", what, domain.name, surface, exc)


def settings_from_environment(**overrides: Any) -> Settings:
    corpus_dir = config.corpus_dir()
    values: dict[str, Any] = {
        "corpus_dir": corpus_dir,
        "database_url": config.database_url(None, corpus_dir),
        "data_dir": config.data_dir(),
        "models_dir": config.models_dir(),
        "secure_cookies": os.environ.get("IPCENTER_SECURE_COOKIES", "") not in ("", "0"),
    }
    values.update(overrides)
    return Settings(**values)


def app_from_environment() -> FastAPI:
    """The app uvicorn builds in each worker (settings from the environment `ipcenter serve` set); it warms
    up in the background unless ``IPCENTER_WARM=0``."""
    app = create_app(settings_from_environment())
    if os.environ.get("IPCENTER_WARM", "1") != "0":
        threading.Thread(target=warm_up, args=(app,), name="ipcenter-warm-up", daemon=True).start()
    return app
