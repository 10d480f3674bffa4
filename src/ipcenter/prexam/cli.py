"""Commands of the pre-examination domain: ``ipcenter workdays …`` (stable contract) and ``ipcenter prexam …``.

Each command parses its options, calls `ipcenter.prexam.service` and renders the result; nothing else.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from ipcenter import config, render
from ipcenter.core.dates import parse_date
from ipcenter.errors import InvalidValue
from ipcenter.options import CorpusOption, DataOption, LangOption, TableOrJson, TextOrJson
from ipcenter.platform.cli import DbOption, open_cli_database
from ipcenter.prexam import output, service
from ipcenter.prexam.profile import CentreProfile
from ipcenter.prexam.states import MACHINES, machine

workdays_app = typer.Typer(
    help="工作日计算 / Working days on the official holiday and 调休 calendar.", no_args_is_help=True
)
prexam_app = typer.Typer(
    help="专利预审服务 / Patent pre-examination service of IP protection centres.", no_args_is_help=True
)
profile_app = typer.Typer(help="保护中心配置 / Centre profiles.", no_args_is_help=True)
scope_app = typer.Typer(help="预审领域范围 / A centre's scope table.", no_args_is_help=True)

FormatOption = typer.Option(TextOrJson.text, "--format", help="text for people, json for scripts.")
TableFormatOption = typer.Option(TableOrJson.table, "--format", help="table for people, json for scripts.")
CentreOption = typer.Option(..., "--centre", help="Centre id or name (see `ipcenter prexam profile list`).")
OnOption = typer.Option(None, "--on", help="Date the profile must be in force on (default today).")
ProfileFileOption = typer.Option(
    None, "--profile", help="A centre profile JSON file instead of the built-in ones."
)


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.add_typer(workdays_app, name="workdays")
    prexam_app.add_typer(profile_app, name="profile")
    prexam_app.add_typer(scope_app, name="scope")
    app.add_typer(prexam_app, name="prexam")


def _on(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(f"--on: {exc.message}") from None


def _profile(centre: str, on: str | None, profile_file: Path | None, data: Path | None) -> CentreProfile:
    return service.find_profile(centre, _on(on), profile_file=profile_file, data=data)


# ------------------------------------------------------------------------------------------ workdays


@workdays_app.command("add")
def workdays_add(
    start: str = typer.Argument(..., help="Start date (YYYY-MM-DD); not counted."),
    n: int = typer.Argument(..., help="Number of working days, ≥ 1."),
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
) -> None:
    """第N个工作日 / The N-th working day after START."""
    result = service.workdays_add(start, n, data)
    if fmt is TextOrJson.json:
        render.print_json(result)
    else:
        render.console.print(f"{result['start']} + {n} 个工作日 / working days = {result['due']}")


@workdays_app.command("between")
def workdays_between(
    start: str = typer.Argument(..., metavar="A", help="From this date (not counted)."),
    end: str = typer.Argument(..., metavar="B", help="Up to and including this date."),
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
) -> None:
    """区间工作日数 / Working days after A up to and including B."""
    result = service.workdays_between(start, end, data)
    if fmt is TextOrJson.json:
        render.print_json(result)
    else:
        render.console.print(
            f"{result['from']} → {result['to']}: {result['working_days']} 个工作日 / working days"
        )


@workdays_app.command("day")
def workdays_day(
    day: str = typer.Argument(..., help="A date (YYYY-MM-DD)."),
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
) -> None:
    """是否工作日 / Whether a date is a working day, and the holiday it belongs to."""
    result = service.workday_info(day, data)
    if fmt is TextOrJson.json:
        render.print_json(result)
    else:
        output.print_day(result)


# -------------------------------------------------------------------------------------------- prexam


@prexam_app.command("uscc")
def uscc(
    code: str = typer.Argument(..., help="统一社会信用代码 (18 characters)."),
    fmt: TextOrJson = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """校验统一社会信用代码 / Validate a unified social credit code (GB 32100-2015 check character)."""
    result = service.describe_uscc(code, config.language(lang))
    if fmt is TextOrJson.json:
        render.print_json(result)
    else:
        output.print_mapping("统一社会信用代码 / USCC", result, config.language(lang))


@profile_app.command("list")
def profile_list(
    fmt: TableOrJson = TableFormatOption, data: Path | None = DataOption, lang: str | None = LangOption
) -> None:
    """保护中心列表 / Built-in centre profiles."""
    rows = service.list_profiles(data)
    if fmt is TableOrJson.json:
        render.print_json(rows)
    else:
        output.print_profiles(rows, config.language(lang))


@profile_app.command("show")
def profile_show(
    centre: str = typer.Argument(..., help="Centre id or name."),
    on: str | None = OnOption,
    profile_file: Path | None = ProfileFileOption,
    fmt: TableOrJson = TableFormatOption,
    data: Path | None = DataOption,
    lang: str | None = LangOption,
) -> None:
    """保护中心配置 / One centre's profile, every UNCONFIRMED setting marked."""
    profile = _profile(centre, on, profile_file, data)
    if fmt is TableOrJson.json:
        render.print_json(profile.to_json())
    else:
        output.print_profile(profile, config.language(lang))


@scope_app.command("check")
def scope_check(
    code: str = typer.Argument(..., help="Main IPC (e.g. A61K36/00) or Locarno class (e.g. 24-01)."),
    centre: str = CentreOption,
    patent_type: str = typer.Option("invention", "--type", help="invention, utility_model or design."),
    on: str | None = OnOption,
    profile_file: Path | None = ProfileFileOption,
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
) -> None:
    """领域核验 / Whether a main classification is in the centre's scope, and its field."""
    verdict = service.check_scope(_profile(centre, on, profile_file, data), patent_type, code)
    if fmt is TextOrJson.json:
        render.print_json(verdict.to_json())
    else:
        mark = "在范围内 / in scope" if verdict.in_scope else "领域不符 / out of scope"
        render.console.print(f"{verdict.code}: {mark} — {verdict.reason}")


@scope_app.command("import")
def scope_import(
    file: Path = typer.Argument(..., help="Scope list: .csv, .tsv or .xlsx."),
    centre: str | None = typer.Option(None, "--centre", help="The centre, when the file lists several."),
    field: str | None = typer.Option(
        None, "--field", help="Field of every row, when the file has no field column."
    ),
    source: str | None = typer.Option(None, "--source", help="The notice the list comes from."),
    source_date: str | None = typer.Option(None, "--date", help="The notice's date."),
    fmt: TableOrJson = TableFormatOption,
    lang: str | None = LangOption,
) -> None:
    """导入领域范围表 / Read and check a scope list (IPC/Locarno → field)."""
    rows = service.import_scope(file, centre=centre, field=field, source=source, source_date=source_date)
    if fmt is TableOrJson.json:
        render.print_json([r.to_json() for r in rows])
    else:
        output.print_scope(rows, config.language(lang))


def _json_result(result: Any, fmt: TextOrJson, printer: Any, lang: str) -> None:
    if fmt is TextOrJson.json:
        render.print_json(result.to_json())
    else:
        printer(result, lang)


@prexam_app.command("eligibility")
def eligibility(
    entity: Path = typer.Argument(..., help="The entity's declaration, a JSON file (see docs/prexam.md)."),
    centre: str = CentreOption,
    on: str | None = OnOption,
    profile_file: Path | None = ProfileFileOption,
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
    lang: str | None = LangOption,
) -> None:
    """备案条件核验 / Check an entity against the centre's eligibility rules."""
    profile = _profile(centre, on, profile_file, data)
    result = service.check_eligibility(entity, profile, _on(on) or date.today())
    _json_result(result, fmt, output.print_eligibility, config.language(lang))


@prexam_app.command("quota")
def quota(
    centre: str = CentreOption,
    year: int = typer.Option(..., "--year", help="The year the quota is for."),
    passed: int = typer.Option(..., "--passed", help="Cases passed (合格量) the year before."),
    accepted: int = typer.Option(..., "--accepted", help="Cases accepted (已受理量) the year before."),
    profile_file: Path | None = ProfileFileOption,
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
    lang: str | None = LangOption,
) -> None:
    """年度预审额度 / The yearly quota from last year's pass rate."""
    profile = service.find_profile(centre, date(year, 1, 1), profile_file=profile_file, data=data)
    _json_result(
        service.compute_quota(profile, year, passed, accepted), fmt, output.print_quota, config.language(lang)
    )


@prexam_app.command("intake")
def intake(
    case: Path = typer.Argument(..., help="The request, a JSON file (see docs/prexam.md)."),
    centre: str = CentreOption,
    on: str | None = OnOption,
    profile_file: Path | None = ProfileFileOption,
    fmt: TextOrJson = FormatOption,
    data: Path | None = DataOption,
    lang: str | None = LangOption,
) -> None:
    """受理核验 / Intake checks of a pre-examination request (受理 or 不予受理 with reasons)."""
    profile = _profile(centre, on, profile_file, data)
    result = service.check_intake(case, profile, _on(on) or date.today())
    _json_result(result, fmt, output.print_intake, config.language(lang))


@prexam_app.command("states")
def states(
    name: str = typer.Argument("case", help=f"One of: {', '.join(MACHINES)}."),
    fmt: TableOrJson = TableFormatOption,
    lang: str | None = LangOption,
) -> None:
    """状态流转表 / A state machine's transition table."""
    table = machine(name)
    if fmt is TableOrJson.json:
        render.print_json(table.to_json())
    else:
        output.print_machine(table, config.language(lang))


@prexam_app.command("figures")
def figures(fmt: TableOrJson = TableFormatOption, lang: str | None = LangOption) -> None:
    """公开统计复算 / The published figures (上海 2025, 北京 2023 batches) recomputed with definitions."""
    result = service.published_figures()
    if fmt is TableOrJson.json:
        render.print_json(result)
    else:
        output.print_figures(result, config.language(lang))


# ------------------------------------------------------------------------------- the app database

centre_app = typer.Typer(help="预审中心（应用数据库）/ Centres in the app database.", no_args_is_help=True)
prexam_app.add_typer(centre_app, name="centre")


@centre_app.command("add")
def centre_add(
    organisation: str = typer.Argument(
        ..., help="The protection centre's organisation (`ipcenter org add NAME --kind protection_centre`)."
    ),
    profile: str = typer.Option(
        ..., "--profile", help="A built-in profile id (see `prexam profile list`) or a profile JSON file."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
) -> None:
    """登记预审中心 / Make an organisation a pre-examination centre with its first profile version."""
    from ipcenter.accounts import audit
    from ipcenter.accounts import service as accounts
    from ipcenter.accounts.principal import CLI_OPERATOR
    from ipcenter.prexam import centres

    path = Path(profile)
    chosen = (
        service.load_profile_file(path)
        if path.suffix == ".json"
        else service.find_profile(profile, None, data=data)
    )
    database = open_cli_database(db, corpus)
    try:
        with (
            audit.audited(database, CLI_OPERATOR, "prexam.centre.add", "centre", chosen.centre_id),
            database.session() as session,
        ):
            centre = centres.add_centre(session, accounts.find_organisation(session, organisation), chosen)
            render.console.print(
                f"{centre.name} ({centre.slug}): profile v{chosen.version} from {chosen.effective_from}"
            )
    finally:
        database.dispose()


@centre_app.command("list")
def centre_list(
    db: str | None = DbOption, corpus: Path | None = CorpusOption, fmt: TableOrJson = TableFormatOption
) -> None:
    """预审中心列表 / Centres in the app database and their current profile version."""
    from ipcenter.prexam import centres

    database = open_cli_database(db, corpus)
    try:
        with database.session() as session:
            rows = [{**centres.centre_view(c), "version": centres.latest(session, c).version,
                     "unconfirmed": len(centres.latest(session, c).unconfirmed())} for c in centres.list_centres(session)]  # fmt: skip
    finally:
        database.dispose()
    if fmt is TableOrJson.json:
        render.print_json(rows)
    else:
        render.print_table("预审中心 / centres", ["id", "slug", "name", "version", "unconfirmed"],
                           [[r["id"], r["slug"], r["name"], r["version"], r["unconfirmed"]] for r in rows], "zh", keys=False)  # fmt: skip


@prexam_app.command("overdue")
def overdue(db: str | None = DbOption, corpus: Path | None = CorpusOption) -> None:
    """逾期处理 / Apply each centre's overdue outcome to answers past their deadline (run daily, e.g. by cron)."""
    from ipcenter.accounts import audit
    from ipcenter.accounts.principal import CLI_OPERATOR
    from ipcenter.prexam import clock, review

    database = open_cli_database(db, corpus)
    try:
        with (
            audit.audited(database, CLI_OPERATOR, "prexam.overdue.sweep", "centre") as event,
            database.session() as session,
        ):
            done = review.sweep_overdue(session, clock.today())
            event.detail = "; ".join(done)[:500]
    finally:
        database.dispose()
    for line in done or ["nothing overdue"]:
        render.console.print(line)


@prexam_app.command("recheck")
def recheck(
    centre: str | None = typer.Option(
        None, "--centre", help="One centre's registrations (slug); default all."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = FormatOption,
) -> None:
    """资格复核 / Recheck every approved or suspended registration (run periodically); findings only."""
    from sqlalchemy import select

    from ipcenter.accounts import audit
    from ipcenter.accounts.principal import CLI_OPERATOR
    from ipcenter.prexam import centres, clock, entities
    from ipcenter.prexam.tables import EntityRegistration

    database = open_cli_database(db, corpus)
    results = []
    try:
        with (
            audit.audited(database, CLI_OPERATOR, "prexam.entity.recheck", "entity_registration") as event,
            database.session() as session,
        ):
            chosen = [centres.centre_by_slug(session, centre)] if centre else centres.list_centres(session)
            for c in chosen:
                rows = session.scalars(select(EntityRegistration).where(
                    EntityRegistration.centre_id == c.id, EntityRegistration.state.in_(("approved", "suspended"))))  # fmt: skip
                for row in rows:
                    found = entities.recheck_row(session, row, c, clock.today())
                    results.append({"centre": c.slug, "entity": row.name, "uscc": row.uscc,
                                    "eligible": found["eligible"], "findings": found["findings"]})  # fmt: skip
            event.detail = (
                f"{len(results)} registrations, {sum(bool(r['findings']) for r in results)} with findings"
            )
    finally:
        database.dispose()
    if fmt is TextOrJson.json:
        render.print_json(results)
        return
    for r in results:
        render.console.print(
            f"{r['centre']} {r['uscc']} {r['entity']}: " + ("; ".join(r["findings"]) or "ok")
        )


@prexam_app.command("mail")
def mail(db: str | None = DbOption, corpus: Path | None = CorpusOption) -> None:
    """发送通知邮件 / Mail the inbox messages not sent yet through $IPCENTER_SMTP_HOST (retries failures)."""
    from ipcenter.accounts import notifications

    smtp = notifications.smtp_from_environment()
    if smtp is None:
        raise InvalidValue(
            "set IPCENTER_SMTP_HOST (and IPCENTER_SMTP_PORT, IPCENTER_SMTP_FROM) to send e-mail"
        )
    database = open_cli_database(db, corpus)
    try:
        result = notifications.send_pending(database, smtp)
    finally:
        database.dispose()
    render.console.print(f"sent {result['sent']}, failed {result['failed']}")
