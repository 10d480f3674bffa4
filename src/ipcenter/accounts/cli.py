"""Commands of the accounts domain: `ipcenter org add|list`, `ipcenter user add|list`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.errors import UserError
from ipcenter.options import CorpusOption, TableOrJson
from ipcenter.platform.cli import DbOption, open_cli_database

org_app = typer.Typer(help="机构 / Organisations (tenants).", no_args_is_help=True)
user_app = typer.Typer(help="账户 / User accounts.", no_args_is_help=True)
FormatOption = typer.Option(TableOrJson.table, "--format", help="table or json.")


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")
    app.add_typer(user_app, name="user")


@org_app.command("add")
def org_add(
    name: str = typer.Argument(..., help="The organisation's name."),
    kind: str = typer.Option(
        ..., "--kind", help="enterprise, university, research_institute, agency, protection_centre or bureau."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
) -> None:
    """新增机构 / Add an organisation."""
    from ipcenter.accounts import audit, service
    from ipcenter.accounts.principal import CLI_OPERATOR

    database = open_cli_database(db, corpus)
    with audit.audited(database, CLI_OPERATOR, "organisation.add", "organisation") as event:
        with database.session() as session:
            org = service.add_organisation(session, name, kind)
            view = service.organisation_view(org)
        event.object_id = org.id
    _show([view], ("id", "name", "kind", "created_at"), fmt, one=True)


@org_app.command("list")
def org_list(
    db: str | None = DbOption, corpus: Path | None = CorpusOption, fmt: TableOrJson = FormatOption
) -> None:
    """机构列表 / List organisations."""
    from ipcenter.accounts import service
    from ipcenter.accounts.principal import CLI_OPERATOR

    with open_cli_database(db, corpus).session() as session:
        rows = service.list_organisations(session, CLI_OPERATOR)
    _show(rows, ("id", "name", "kind", "members", "created_at"), fmt)


@user_app.command("add")
def user_add(
    email: str = typer.Option(..., "--email", help="Sign-in name."),
    role: str = typer.Option(
        ..., "--role", help="member, org_admin, pre_examiner, statistician or bureau_admin."
    ),
    org: str | None = typer.Option(None, "--org", help="The organisation's name (see `ipcenter org list`)."),
    name: str = typer.Option("", "--name", help="Display name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (first line)."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
) -> None:
    """新增账户 / Add an account (the password is read from standard input, never from an option)."""
    from ipcenter.accounts import audit, service
    from ipcenter.accounts.principal import CLI_OPERATOR

    if not password_stdin:
        raise UserError("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    database = open_cli_database(db, corpus)
    with audit.audited(database, CLI_OPERATOR, "user.add", "user") as event:
        with database.session() as session:
            user = service.add_user(session, email, role, password, org, name)
            view = service.user_view(user)
        event.object_id = user.id
        event.detail = f"{view['email']} as {view['role']}"
    _show([view], ("id", "email", "role", "organisation", "created_at"), fmt, one=True)


@user_app.command("list")
def user_list(
    org: str | None = typer.Option(None, "--org", help="Only this organisation's accounts."),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
) -> None:
    """账户列表 / List accounts."""
    from ipcenter.accounts import service
    from ipcenter.accounts.principal import CLI_OPERATOR

    with open_cli_database(db, corpus).session() as session:
        org_id = service.find_organisation(session, org).id if org else None
        rows = service.list_users(session, CLI_OPERATOR, org_id)
    _show(rows, ("id", "email", "role", "organisation", "active", "created_at"), fmt)


def _show(
    rows: list[dict[str, object]], columns: tuple[str, ...], fmt: TableOrJson, *, one: bool = False
) -> None:
    """JSON (the object for `add`, the list for `list`) or a table with the columns' plain names."""
    if fmt is TableOrJson.json:
        render.print_json(rows[0] if one else rows)
    else:
        render.print_table(
            "", columns, [[r.get(c) for c in columns] for r in rows], config.language(), keys=False
        )
