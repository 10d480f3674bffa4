"""Alembic environment of the app database: the engine comes from `ipcenter.platform.database.upgrade`
(``config.attributes['engine']``), or from ``sqlalchemy.url`` when alembic is run by hand."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from ipcenter.platform.database import load_models

config = context.config
target_metadata = load_models()

engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url") or "")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    context.run_migrations()
