"""The app database: migrations from empty, migrations equal to the models, append-only audit log."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ipcenter.accounts import audit
from ipcenter.accounts.principal import CLI_OPERATOR
from ipcenter.platform.database import (
    current_revision,
    head_revision,
    load_models,
    make_engine,
    open_database,
    table_names,
    upgrade,
)


def test_upgrade_from_empty_creates_every_table_and_autogenerate_finds_no_difference(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    metadata = load_models()
    assert set(metadata.tables) <= set(table_names(engine))
    with engine.connect() as con:
        # A model changed without a migration shows up here (what `alembic revision --autogenerate` would write).
        diff = compare_metadata(MigrationContext.configure(con, opts={"compare_type": True}), metadata)
    assert diff == []
    upgrade(engine)  # a second start changes nothing
    engine.dispose()


def test_each_migration_downgrades_and_upgrades_to_the_same_schema(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from ipcenter.platform.database import alembic_config

    engine = make_engine(db_url)

    def schema() -> dict[str, tuple[list[str], list[str]]]:
        found = inspect(engine)
        return {
            t: (
                sorted(c["name"] for c in found.get_columns(t)),
                sorted(str(i["name"]) for i in found.get_indexes(t)),
            )
            for t in found.get_table_names()
        }

    upgrade(engine)
    head = schema()
    gone = {
        "0004": ("transfer_",),
        "0003": ("transfer_", "protection_"),
        "0002": ("transfer_", "protection_", "prexam_"),
    }
    tables = set(head)
    for revision in (
        "0004",
        "0003",
        "0002",
        "base",
    ):  # back past transfer, protection, prexam, then to nothing
        command.downgrade(alembic_config(engine), revision)
        left = set(schema()) - {"alembic_version"}
        assert left < tables and not any(t.startswith(gone.get(revision, ("",))) for t in left), revision
        tables = left
    assert tables == set()
    upgrade(engine)
    assert schema() == head
    engine.dispose()


def test_the_audit_log_refuses_update_and_delete(db_url: str) -> None:
    database = open_database(db_url)
    audit.record(database, CLI_OPERATOR, "test.write", "thing", 1)
    statements = ["UPDATE audit_events SET outcome = 'ok'", "DELETE FROM audit_events"]
    if database.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_events")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as con:
            con.execute(text(statement))
    with database.session() as db:
        assert db.execute(text("SELECT count(*) FROM audit_events")).scalar_one() == 1
    database.dispose()


def test_a_database_that_cannot_be_reached_is_a_clear_error() -> None:
    from ipcenter.errors import UserError

    with pytest.raises(UserError, match="cannot be reached"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    with pytest.raises(UserError, match="cannot be used"):
        open_database("nosuchdriver://x/y")
