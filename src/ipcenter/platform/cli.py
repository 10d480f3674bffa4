"""Commands of the platform: `ipcenter serve` (the web site and API) and `ipcenter db upgrade`."""

from __future__ import annotations

from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.options import CorpusOption, DataOption
from ipcenter.platform.database import Database

DbOption = typer.Option(
    None,
    "--db",
    help="App database URL (default $IPCENTER_DB, else sqlite beside the corpus: ./ipcenter-data/app.db);"
    " production: postgresql+psycopg://USER@HOST/DB.",
)

db_app = typer.Typer(help="应用数据库 / The app database (accounts, audit log).", no_args_is_help=True)


def open_cli_database(db: str | None, corpus: Path | None = None) -> Database:
    """The app database a command uses (created and migrated when new), the same one `serve` would use."""
    from ipcenter.platform.database import open_database

    return open_database(config.database_url(db, config.corpus_dir(corpus)))


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(db_app, name="db")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (a reverse proxy in front)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    corpus: Path | None = CorpusOption,
    db: str | None = DbOption,
    data: Path | None = DataOption,
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (PostgreSQL for >1)."),
    behind_tls: bool = typer.Option(
        False, "--behind-tls", help="Served over HTTPS by a reverse proxy: cookies get the Secure flag."
    ),
) -> None:
    """网站与接口 / Serve the web site and the REST API (/api/v1, docs at /api/docs)."""
    import os

    import uvicorn

    from ipcenter.platform.database import open_database

    corpus_dir = config.corpus_dir(corpus)
    url = config.database_url(db, corpus_dir)
    open_database(url).dispose()  # create or migrate once, before the workers start
    # The app factory reads its settings from the environment, so every worker process builds the same app.
    os.environ["IPCENTER_CORPUS"] = str(corpus_dir.resolve())
    os.environ["IPCENTER_DB"] = url
    if (data_dir := config.data_dir(data)) is not None:
        os.environ["IPCENTER_DATA"] = str(data_dir)
    if behind_tls:
        os.environ["IPCENTER_SECURE_COOKIES"] = "1"
    render.err_console.print(f"ipcenter: http://{host}:{port}/  corpus {corpus_dir}  database {_shown(url)}")
    uvicorn.run(
        "ipcenter.platform.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=behind_tls,
        log_level="info",
    )


def _shown(url: str) -> str:
    from ipcenter.platform.database import redact

    return redact(url)


@db_app.command("upgrade")
def db_upgrade(db: str | None = DbOption, corpus: Path | None = CorpusOption) -> None:
    """创建或升级 / Create the app database or bring it to the current schema."""
    from ipcenter.platform.database import current_revision

    database = open_cli_database(db, corpus)
    render.console.print(f"{_shown(str(database.engine.url))}: schema {current_revision(database.engine)}")
    database.dispose()
