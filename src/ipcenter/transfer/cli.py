"""Commands of the transfer domain (contracts of issue 14): `ipcenter inventory import|report|discover|
variants|template`, `ipcenter match`, `ipcenter licence check|estimate`, `ipcenter assess`,
`ipcenter transfer-settings`.

Commands that keep records use the app database (``--db``, as `ipcenter org` does) and act for the
organisation named by ``--org`` with its admin's rights (the operator at the command line)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.errors import InvalidValue, UserError
from ipcenter.options import CorpusOption, DataOption, LangOption, TableOrJson
from ipcenter.platform.cli import DbOption, open_cli_database

inventory_app = typer.Typer(
    help="存量专利盘点 / Stock-patent inventory of a university or institute.", no_args_is_help=True
)
licence_app = typer.Typer(help="开放许可 / Open licensing.", no_args_is_help=True)
OrgOption = typer.Option(..., "--org", help="The institution's name on the platform (ipcenter org list).")
FormatOption = typer.Option(TableOrJson.table, "--format", help="table or json.")
#: The classify domain's IPC model (the need's or the disclosure's IPC is predicted when not given).
ModelsOption = typer.Option(
    None,
    "--models",
    help="IPC model directory (default $IPCENTER_MODELS, ./ipcenter-data/models, else ./ipcenter-demo/models).",
)


class ReportFormat(StrEnum):
    json = "json"
    xlsx = "xlsx"
    table = "table"


def register(app: typer.Typer) -> None:
    app.add_typer(inventory_app, name="inventory")
    app.add_typer(licence_app, name="licence")
    app.command("match")(match_command)
    app.command("assess")(assess_command)
    app.command("transfer-settings")(settings_command)


def _day(text: str | None, what: str = "--as-of") -> date:
    from ipcenter.transfer.patents import parse_day

    return parse_day(text, what) if text else date.today()


def _corpus_or_none(corpus: Path | None):  # type: ignore[no-untyped-def]
    from ipcenter.corpus.store import Corpus

    found = Corpus(config.corpus_dir(corpus))
    return found if found.exists else None


# --------------------------------------------------------------------------- inventory


@inventory_app.command("import")
def inventory_import(
    file: Path = typer.Argument(..., help="The inventory XLSX (layout: ipcenter inventory template FILE)."),
    org: str = OrgOption,
    as_of: str | None = typer.Option(
        None, "--as-of", help="Validity date of a new inventory (default today)."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
) -> None:
    """导入盘点清单 / Import an institution's inventory list (the batch template): records are documented."""
    from ipcenter.accounts import audit
    from ipcenter.transfer import inventory

    database = open_cli_database(db, corpus)
    found = _corpus_or_none(corpus)
    with database.session() as session:
        owner = inventory.organisation(session, org)
        who = inventory.acting_for(owner)
    with audit.audited(database, who, "transfer.inventory.import", "inventory") as event:
        with database.session() as session:
            inv = inventory.latest(session, who, owner.id, create_on=_day(as_of))
            report = inventory.import_file(session, who, inv, file, found)
            report["inventory"] = inv.id
        event.object_id, event.detail = inv.id, f"{report['rows']} rows from {file.name}"
    if fmt is TableOrJson.json:
        render.print_json(report)
        return
    render.console.print(
        f"{org}: {report['rows']} rows — {report['created']} new, {report['updated']} updated"
        f" (inventory #{report['inventory']})"
    )
    for number in report["not_in_corpus"]:
        render.console.print(f"  not in the corpus (status as declared): {number}")
    for line in report["status_conflicts"]:
        render.console.print(f"  status differs: {line}")


@inventory_app.command("report")
def inventory_report(
    org: str = OrgOption,
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", help="json, xlsx or table."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The XLSX file (default inventory-ORG.xlsx)."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    lang: str | None = LangOption,
) -> None:
    """盘点报告 / The inventory: records with value scores beside the grades, states, coverage by faculty."""
    from ipcenter.transfer import inventory
    from ipcenter.transfer import output as out

    database = open_cli_database(db, corpus)
    corpus_dir = config.corpus_dir(corpus)
    with database.session() as session:
        owner = inventory.organisation(session, org)
        who = inventory.acting_for(owner)
        inv = inventory.latest(session, who, owner.id)
        found = _corpus_or_none(corpus)
        data_report = inventory.report(
            session, who, inv, corpus_dir if found else None, config.data_dir(data)
        )
    if fmt is ReportFormat.json:
        render.print_json(data_report)
    elif fmt is ReportFormat.xlsx:
        path = output or Path(f"inventory-{owner.id}.xlsx")
        inventory.export_xlsx(data_report, path)
        render.console.print(f"{path}  ({len(data_report['items'])} records)")
    else:
        out.print_inventory(data_report, config.language(lang))


@inventory_app.command("discover")
def inventory_discover(
    org: str = OrgOption,
    names: list[str] = typer.Option(..., "--name", help="An applicant name variant (repeat for each)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Validity date of a new inventory (default today)."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
) -> None:
    """按申请人名称查找 / Find the institution's documents in the corpus by its name variants (adds candidates)."""
    from ipcenter.accounts import audit
    from ipcenter.transfer import inventory, patents

    database = open_cli_database(db, corpus)
    found = patents.open_corpus(config.corpus_dir(corpus))
    with database.session() as session:
        owner = inventory.organisation(session, org)
        who = inventory.acting_for(owner)
    with audit.audited(database, who, "transfer.inventory.discover", "inventory") as event:
        with database.session() as session:
            inv = inventory.latest(session, who, owner.id, create_on=_day(as_of))
            inventory.set_applicant_names(session, who, inv, names)
            report = inventory.discover(session, who, inv, found).to_dict()
        event.object_id, event.detail = inv.id, f"{len(report['added'])} added"
    if fmt is TableOrJson.json:
        render.print_json(report)
        return
    render.console.print(
        f"{org}: {report['documents']} documents, {report['applications']} applications under"
        f" {', '.join(report['applicant_names'])}; {len(report['added'])} added, {len(report['already'])} already"
        f" there, {len(report['skipped'])} skipped"
    )
    for s in report["skipped"]:
        render.console.print(f"  skipped {s['publication_number']}: {s['status']} ({s['reason']})")


@inventory_app.command("variants")
def inventory_variants(
    names: list[str] = typer.Argument(..., help="Names or parts of names (北京航空航天, BEIHANG, BUAA)."),
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """申请人名称变体 / Applicant names in the corpus containing one of NAMES, with their counts."""
    from ipcenter.transfer import patents

    found = patents.suggest_variants(patents.open_corpus(config.corpus_dir(corpus)), names)
    if fmt is TableOrJson.json:
        render.print_json(found)
        return
    render.print_table(
        "申请人名称变体 / name variants",
        ["名称 name", "类型 type", "文献 documents", "匹配 matched"],
        [[f["name"], f["type"], f["documents"], ", ".join(f["matched"])] for f in found],
        config.language(lang),
        keys=False,
    )


@inventory_app.command("template")
def inventory_template(file: Path = typer.Argument(..., help="Where to write the empty template.")) -> None:
    """盘点模板 / Write the inventory XLSX template (one example row)."""
    from ipcenter.transfer import xlsx_layout

    render.console.print(str(xlsx_layout.write_template(file)))


# --------------------------------------------------------------------------- matching


def match_command(
    need: str = typer.Option(..., "--need", help="The need: the problem to solve and the effect wanted."),
    region: str | None = typer.Option(None, "--region", help="The enterprise's region (湖南省, 长沙市)."),
    ipc: str | None = typer.Option(None, "--ipc", help="IPC codes of the need if known (; separated)."),
    limit: int = typer.Option(10, "--limit", min=1, max=50, help="How many patents."),
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    models: Path | None = ModelsOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="json or table."),
    lang: str | None = LangOption,
) -> None:
    """供需对接 / Patents matching a need, each with why (passages, shared IPC, score parts)."""
    from ipcenter.transfer import output as out
    from ipcenter.transfer import service
    from ipcenter.transfer.matching import Matcher

    matcher = Matcher(config.corpus_dir(corpus), data_dir=config.data_dir(data), models_dir=models)
    result = service.match(matcher, need, ipc=ipc, region=region or "", limit=limit)
    for note in result.notes:
        render.err_console.print(f"note: {note}")
    if fmt is TableOrJson.json:
        render.print_json(result.to_dict())
    else:
        out.print_matches(result.to_dict(), config.language(lang))


# --------------------------------------------------------------------------- licensing


@licence_app.command("check")
def licence_check(
    number: str = typer.Argument(..., help="Publication or application number."),
    as_of: str = typer.Option(
        ..., "--as-of", help="The date the declaration would take effect (YYYY-MM-DD)."
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        help="App database with recorded facts (default: the one beside the corpus, when it exists).",
    ),
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="json or table."),
) -> None:
    """开放许可审查 / The rule-18 verdict: may NUMBER be declared for open licensing on DATE, and why not."""
    from ipcenter.transfer import output as out
    from ipcenter.transfer import service

    on = _day(as_of)
    found = _corpus_or_none(corpus)
    if found is None:
        raise UserError(f"no corpus at {config.corpus_dir(corpus)} (ingest files first)")
    database = _existing_database(db, corpus)
    try:
        if database is None:
            verdict = service.check_licence(None, found, number, on)
        else:
            with database.session() as session:
                verdict = service.check_licence(session, found, number, on)
    finally:
        if database is not None:
            database.dispose()
    if fmt is TableOrJson.json:
        render.print_json(verdict.to_dict())
    else:
        out.print_verdict(verdict.to_dict())


def _existing_database(db: str | None, corpus: Path | None):  # type: ignore[no-untyped-def]
    """The app database given, or the default one when it exists (a check creates none)."""
    url = config.database_url(db, config.corpus_dir(corpus))
    if db is None and url.startswith("sqlite:///") and not Path(url.split("///", 1)[1]).exists():
        return None
    from ipcenter.platform.database import open_database

    return open_database(url)


@licence_app.command("estimate")
def licence_estimate(
    number: str = typer.Argument(..., help="Publication or application number."),
    as_of: str | None = typer.Option(None, "--as-of", help="Day of the estimate (default today)."),
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="json or table."),
) -> None:
    """许可费估算 / The fee estimator: formula, parameters (UNCONFIRMED until sourced), result."""
    from ipcenter.transfer import patents, service

    found = patents.open_corpus(config.corpus_dir(corpus))
    estimate = service.fee_estimate(None, found, number, _day(as_of), config.data_dir(data))
    if fmt is TableOrJson.json:
        render.print_json(estimate)
        return
    render.console.print(f"{estimate['publication_number']} {estimate['title']}")
    render.console.print(f"  formula: {estimate['formula']}")
    render.console.print(f"  parameters ({estimate['source']}): {estimate['parameters']}")
    render.console.print(f"  inputs: {estimate['inputs']}")
    render.console.print(
        f"  royalty ≈ {estimate['royalty_pct']}% · lump sum ≈ {estimate['lump_sum_wan']}万元"
    )


# --------------------------------------------------------------------------- assessment and settings


def assess_command(
    title: str = typer.Option(..., "--title", help="The invention's title."),
    text: str | None = typer.Option(None, "--text", help="The disclosure's technical content."),
    file: Path | None = typer.Option(None, "--file", help="A UTF-8 text file with the disclosure."),
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    models: Path | None = ModelsOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="json or table."),
) -> None:
    """申请前评估 / Pre-application assessment of a disclosure (not recorded; the platform records them)."""
    from ipcenter.transfer import assessment, settings
    from ipcenter.transfer import output as out
    from ipcenter.transfer.matching import Matcher

    if (text is None) == (file is None):
        raise InvalidValue("give exactly one of --text or --file")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {file}: {exc}") from None
    matcher = Matcher(config.corpus_dir(corpus), data_dir=config.data_dir(data), models_dir=models)
    result = assessment.assess_text(
        matcher, title, text or "", date.today(), dict(settings.DEFAULTS["assessment_thresholds"].value)
    )
    if fmt is TableOrJson.json:
        render.print_json(result)
    else:
        out.print_assessment(result)


def settings_command(
    name: str | None = typer.Argument(None, help="A setting to change (with --value and --source)."),
    value: str | None = typer.Option(None, "--value", help="The new value as JSON."),
    source: str = typer.Option("", "--source", help="Where the value comes from (required to change one)."),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = FormatOption,
) -> None:
    """转化设置 / The transfer domain's settings with their sources (UNCONFIRMED until one is entered)."""
    import json

    from ipcenter.accounts import audit
    from ipcenter.accounts.principal import CLI_OPERATOR
    from ipcenter.transfer import settings

    database = open_cli_database(db, corpus)
    if name is not None:
        if value is None:
            raise InvalidValue("give --value (JSON) and --source to change a setting")
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InvalidValue(f"--value is not JSON: {exc.msg}") from None
        with (
            audit.audited(database, CLI_OPERATOR, "transfer.setting", "transfer_parameter", name),
            database.session() as session,
        ):
            settings.set_parameter(session, name, parsed, source, "cli", None)
    with database.session() as session:
        rows = settings.all_settings(session)
    if fmt is TableOrJson.json:
        render.print_json(rows)
        return
    render.print_table(
        "转化设置 / transfer settings",
        ["name", "value", "source"],
        [[r["name"], json.dumps(r["value"], ensure_ascii=False), r["source"]] for r in rows],
        "zh",
        keys=False,
    )
