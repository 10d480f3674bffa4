"""Commands of the protection domain: ``ipcenter trademark …`` and ``ipcenter watch …`` (stable contracts:
trademark compare/similar/import, watch itc import/match, watch deadlines). Each command parses its
options, calls the domain's services and renders; writes are recorded in the audit log."""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ipcenter import config, render
from ipcenter.core.dates import parse_date
from ipcenter.errors import InvalidValue, NotFound
from ipcenter.options import CorpusOption, DataOption, TableOrJson, TextOrJson
from ipcenter.platform.cli import DbOption, open_cli_database

trademark_app = typer.Typer(help="商标保护 / Key-trademark protection lists and word-mark similarity.",
                            no_args_is_help=True)  # fmt: skip
partners_app = typer.Typer(help="名录互认 / Mutual recognition: partner regions.", no_args_is_help=True)
watch_app = typer.Typer(help="海外与期限监测 / 337 watch, portfolio deadlines, publication watches.",
                        no_args_is_help=True)  # fmt: skip
itc_app = typer.Typer(help="美国337调查监测 / US ITC Section 337 watch.", no_args_is_help=True)


class IcsOrJson(StrEnum):
    json = "json"
    ics = "ics"
    table = "table"


ClassOption = typer.Option(None, "--class", help="Nice class (09) or similar group (0901); several: '09 35'.")
RegionOption = typer.Option(None, "--region", help="Region, e.g. 湖南省 or 上海市.")
JsonFormat = typer.Option(TextOrJson.text, "--format", help="text for people, json for scripts.")
TableFormat = typer.Option(TableOrJson.table, "--format", help="table for people, json for scripts.")


def register(app: typer.Typer) -> None:
    trademark_app.add_typer(partners_app, name="partners")
    app.add_typer(trademark_app, name="trademark")
    watch_app.add_typer(itc_app, name="itc")
    app.add_typer(watch_app, name="watch")


def _generic_names(data: Path | None) -> frozenset[str]:
    from ipcenter.protection import nice

    try:
        return nice.tables(data).generic_names
    except NotFound:
        return frozenset()


def _audited(db: str | None, corpus: Path | None, action: str, object_type: str) -> Any:
    from ipcenter.accounts import audit
    from ipcenter.accounts.principal import CLI_OPERATOR

    database = open_cli_database(db, corpus)
    return database, audit.audited(database, CLI_OPERATOR, action, object_type)


# --------------------------------------------------------------------------- trademark


@trademark_app.command("compare")
def compare(
    mark_a: str = typer.Argument(..., help="The first word mark (Chinese, Latin or pinyin)."),
    mark_b: str = typer.Argument(..., help="The second word mark."),
    classes: str | None = ClassOption,
    classes_b: str | None = typer.Option(
        None, "--class-b", help="The second mark's classes, when not --class."
    ),
    data: Path | None = DataOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """商标近似比对 / Compare two word marks by CNIPA's word-mark rules."""
    from ipcenter.protection import nice, similarity

    tables = None
    with contextlib.suppress(NotFound):
        tables = nice.tables(data)
    a_codes = nice.parse_codes(classes, tables)
    b_codes = nice.parse_codes(classes_b, tables) if classes_b else a_codes
    goods = nice.goods_relation(a_codes, b_codes)
    verdict = similarity.compare(mark_a, mark_b, goods, generic_names=tables.generic_names if tables else ())
    result = verdict.to_dict()
    if fmt is TextOrJson.json:
        render.print_json(result)
        return
    word = "近似 similar" if verdict.similar else "不近似 not similar"
    render.console.print(
        f"{mark_a} ↔ {mark_b}: [bold]{word}[/] (score {verdict.score}); goods: {goods.detail}"
    )
    for hit in verdict.rules:
        render.console.print(f"  · {hit.label_zh} / {hit.label_en} ({hit.score}): {hit.evidence}")
    for exception in verdict.exceptions:
        render.console.print(f"  · exception: {exception}")


@trademark_app.command("similar")
def similar(
    mark: str = typer.Argument(..., help="The proposed or newly filed mark."),
    classes: str | None = ClassOption,
    region: str | None = typer.Option(
        None, "--region", help="Only lists honoured in this region (own + partners)."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    fmt: TableOrJson = TableFormat,
) -> None:
    """查近似在保商标 / Candidates from the imported protection lists, with scores and rules."""
    from ipcenter.protection import lists, nice

    codes = nice.parse_codes(classes)
    with open_cli_database(db, corpus).session() as session:
        result = lists.similar_marks(session, mark, codes, region=region, generic_names=_generic_names(data))
    if fmt is TableOrJson.json:
        render.print_json(result)
        return
    _table(
        ["mark", "holder", "list", "score", "rules", "goods"],
        [[c["mark"], c["holder"], f"{c['provenance']['list']} {c['provenance']['batch']}", c["score"],
          ", ".join(r["rule"] for r in c["rules"]), c["goods"]["relation"]] for c in result["candidates"]],
        title=f"{mark}: {len(result['candidates'])} similar protected marks",
    )  # fmt: skip


@trademark_app.command("import")
def import_list(
    file: Path = typer.Argument(
        ..., help="XLSX/CSV/TSV of the batch, or its PDF (text layer) / extracted text."
    ),
    list_name: str = typer.Option(..., "--list", help="The list's name, e.g. 上海市重点商标保护名录."),
    batch: str = typer.Option("", "--batch", help="The batch as named (第五批, 2025年度拟纳入名单)."),
    region: str = typer.Option("", "--region", help="Issuing region (default: read from the list's name)."),
    year: int | None = typer.Option(None, "--year", min=1980, max=2100),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """导入重点商标保护名录 / Import a batch of a key-trademark protection list."""
    from ipcenter.protection import lists

    database, audited = _audited(db, corpus, "protection.list.import", "protection_list")
    with audited as event, database.session() as session:
        result = lists.import_entries(session, file, list_name, batch=batch, region=region, year=year)
        event.object_id, event.detail = list_name, f"{result['added']} entries from {file.name}"
    _say(
        result,
        fmt,
        f"{result['added']} entries added ({result['already_listed']} already listed) from {file.name}",
    )


@trademark_app.command("watch")
def watch_new(
    file: Path = typer.Argument(
        ..., help="New marks (XLSX/CSV/TSV with a 商标/mark column; 类别 and 申请人 when known)."
    ),
    region: str | None = typer.Option(None, "--region", help="Only lists honoured in this region."),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    fmt: TableOrJson = TableFormat,
) -> None:
    """新申请商标监测 / Check newly filed or published marks against the protected lists."""
    from ipcenter.protection import lists

    with open_cli_database(db, corpus).session() as session:
        result = lists.watch_new_marks(session, file, region=region, generic_names=_generic_names(data))
    if fmt is TableOrJson.json:
        render.print_json(result)
        return
    _table(["new mark", "applicant", "protected mark", "list", "score", "rules"],
           [[f["mark"], f["applicant"], c["mark"], f"{c['provenance']['list']} {c['provenance']['batch']}", c["score"],
             ", ".join(r["rule"] for r in c["rules"])] for f in result["flagged"] for c in f["protected"]],
           title=f"{len(result['flagged'])} of {result['read']} new marks resemble protected ones")  # fmt: skip


@trademark_app.command("batches")
def import_batches(
    file: Path = typer.Argument(..., help="Batch facts: list_name, issuer, batch, published, document_no, …"),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """登记名录批次 / Register published batches (issuer, date, 文号) without entries."""
    from ipcenter.protection import lists

    database, audited = _audited(db, corpus, "protection.list.batches", "protection_list")
    with audited as event, database.session() as session:
        result = lists.import_batches(session, file)
        event.detail = f"{result['batches']} batches from {file.name}"
    _say(result, fmt, f"{result['batches']} batches registered from {file.name}")


@trademark_app.command("lists")
def show_lists(
    db: str | None = DbOption, corpus: Path | None = CorpusOption, fmt: TableOrJson = TableFormat
) -> None:
    """名录与批次 / The imported lists and batches."""
    from ipcenter.protection import lists

    with open_cli_database(db, corpus).session() as session:
        rows = lists.lists_overview(session)
    if fmt is TableOrJson.json:
        render.print_json(rows)
        return
    _table(["list", "batch", "region", "published", "文号", "entries", "declared"],
                       [[r["name"], r["batch"], r["region"], r["published"], r["document_no"], r["entries"],
                         r["declared_marks"] or ""] for r in rows])  # fmt: skip


@trademark_app.command("search")
def search(
    text: str = typer.Argument("", help="Part of a mark or a holder's name (empty: every entry)."),
    region: str | None = typer.Option(None, "--region", help="Lists honoured in this region."),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = TableFormat,
) -> None:
    """查询在保商标 / Search the protected marks (the public search)."""
    from ipcenter.protection import lists

    with open_cli_database(db, corpus).session() as session:
        result = lists.search(session, text, region=region, size=100)
    if fmt is TableOrJson.json:
        render.print_json(result)
        return
    _table(["mark", "holder", "reg. no", "list", "recognised", "source"],
                       [[i["mark"], i["holder"], i["registration_no"], f"{i['provenance']['list']} {i['provenance']['batch']}",
                         i["provenance"].get("recognised", ""), i["source"]] for i in result["items"]],
                       title=f"{result['total']} entries")  # fmt: skip


@partners_app.command("add")
def partners_add(
    home: str = typer.Argument(..., help="The region that honours the partner's lists (e.g. 长沙市)."),
    partner: str = typer.Argument(..., help="The partner region (e.g. 上海市)."),
    basis: str = typer.Option("", "--basis", help="The agreement or notice it rests on."),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """新增互认地区 / Honour a partner region's lists in a home region."""
    from ipcenter.protection import lists

    database, audited = _audited(db, corpus, "protection.partner.add", "protection_partner")
    with audited as event, database.session() as session:
        result = lists.add_partner(session, home, partner, basis)
        event.object_id = f"{home}<-{partner}"
    _say(result, fmt, f"{home} honours the lists of {partner}")


@partners_app.command("list")
def partners_list(home: str | None = typer.Argument(None), db: str | None = DbOption,
                  corpus: Path | None = CorpusOption, fmt: TableOrJson = TableFormat) -> None:  # fmt: skip
    """互认地区 / Partner regions."""
    from ipcenter.protection import lists

    with open_cli_database(db, corpus).session() as session:
        rows = lists.partners(session, home)
    if fmt is TableOrJson.json:
        render.print_json(rows)
        return
    _table(["home", "partner", "basis"], [[r["home_region"], r["partner_region"], r["basis"]] for r in rows])


def _table(columns: list[str], rows: list[list[Any]], title: str = "") -> None:
    render.print_table(title, columns, rows, "zh", keys=False)


def _say(result: dict[str, Any], fmt: TextOrJson, line: str) -> None:
    if fmt is TextOrJson.json:
        render.print_json(result)
    else:
        render.console.print(line)


# --------------------------------------------------------------------------- watch: 337


@itc_app.command("import")
def itc_import(
    file: Path = typer.Argument(
        ..., help="IDS investigations.json, 337Info JSON (lines), or the sample's TSV/folder."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """导入337调查 / Import Section 337 investigations and their respondents (offline)."""
    from ipcenter.protection import itc

    database, audited = _audited(db, corpus, "protection.itc.import", "itc_investigation")
    with audited as event, database.session() as session:
        result = itc.import_file(session, file)
        event.detail = f"{result['investigations']} investigations, {result['respondents']} respondents"
    _say(result, fmt, f"{result['investigations']} investigations ({result['added']} new), "
                      f"{result['respondents']} respondents from {file.name}")  # fmt: skip


@itc_app.command("fetch")
def itc_fetch(
    timeout: float = typer.Option(60.0, "--timeout", min=1, max=600),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """联网获取IDS / Fetch the public IDS feed (no key) — only when asked; the platform works from files."""
    from ipcenter.protection import itc

    investigations = list(itc.fetch_ids(timeout))
    database, audited = _audited(db, corpus, "protection.itc.fetch", "itc_investigation")
    with audited as event, database.session() as session:
        result = {"source": itc.IDS_URL, **itc.store(session, investigations, itc.IDS_URL)}
        event.detail = f"{result['investigations']} investigations from the IDS feed"
    _say(result, fmt, f"{result['investigations']} investigations from {itc.IDS_URL}")


@itc_app.command("match")
def itc_match(
    region: str | None = RegionOption,
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = TableFormat,
) -> None:
    """匹配本地企业 / Match respondents to registered organisations and the region's applicants."""
    from ipcenter.protection import overseas

    corpus_dir = config.corpus_dir(corpus)
    database, audited = _audited(db, corpus, "protection.itc.match", "itc_match")
    with audited as event, database.session() as session:
        result = overseas.match(session, region=region, corpus_dir=corpus_dir)
        event.detail = f"{len(result['matches'])} matches (region {region or 'any'})"
    if fmt is TableOrJson.json:
        render.print_json(result)
        return
    _table(["investigation", "respondent", "organisation", "score", "evidence", "id"],
                       [[m["investigation_no"], m["respondent"], m["organisation"], m["score"],
                         "; ".join(e["signal"] for e in m["evidence"]), m["match_id"]] for m in result["matches"]],
                       title=f"{len(result['matches'])} matches among {result['respondents']} respondents")  # fmt: skip


def _decide(match_id: int, confirm: bool, db: str | None, corpus: Path | None, fmt: TextOrJson) -> None:
    from ipcenter.accounts.principal import CLI_OPERATOR
    from ipcenter.protection import overseas

    database, audited = _audited(
        db, corpus, f"protection.itc.{'confirm' if confirm else 'dismiss'}", "itc_match"
    )
    with audited as event, database.session() as session:
        event.object_id = match_id
        result = overseas.decide(session, CLI_OPERATOR, match_id, confirm)
    _say(
        result,
        fmt,
        f"match {match_id}: {result['state']}"
        + (" — enterprise and bureau alerted" if result["alerted"] else ""),
    )


@itc_app.command("confirm")
def itc_confirm(match_id: int = typer.Argument(...), db: str | None = DbOption, corpus: Path | None = CorpusOption,
                fmt: TextOrJson = JsonFormat) -> None:  # fmt: skip
    """确认匹配并提醒 / Confirm a match: the enterprise and the bureau are alerted."""
    _decide(match_id, True, db, corpus, fmt)


@itc_app.command("dismiss")
def itc_dismiss(match_id: int = typer.Argument(...), db: str | None = DbOption, corpus: Path | None = CorpusOption,
                fmt: TextOrJson = JsonFormat) -> None:  # fmt: skip
    """排除匹配 / Dismiss a candidate match."""
    _decide(match_id, False, db, corpus, fmt)


@watch_app.command("profile")
def profile(
    organisation: str = typer.Argument(..., help="A registered organisation's name."),
    province: str = typer.Option("", "--province"),
    city: str = typer.Option("", "--city"),
    english: list[str] = typer.Option([], "--english", help="An English name it uses abroad (repeatable)."),
    other: list[str] = typer.Option([], "--other-name", help="A group, former or short name (repeatable)."),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """企业信息 / Where an enterprise is and the names it is known by (for the 337 matcher)."""
    from ipcenter.protection import overseas

    database, audited = _audited(db, corpus, "protection.profile.set", "organisation")
    with audited as event, database.session() as session:
        result = overseas.set_profile(session, organisation, province=province, city=city,
                                      english_names=english, other_names=other)  # fmt: skip
        event.object_id = organisation
    _say(result, fmt, f"{organisation}: {result}")


# --------------------------------------------------------------------------- watch: deadlines and watches


def _organisation_id(session: Any, name: str) -> tuple[int, list[str]]:
    from sqlalchemy import select

    from ipcenter.accounts.models import Organisation
    from ipcenter.protection.tables import EnterpriseProfile

    org = session.scalar(select(Organisation).where(Organisation.name == " ".join(name.split())))
    if org is None:
        raise NotFound(f"no organisation named {name!r} (ipcenter org list)")
    profile = session.scalar(select(EnterpriseProfile).where(EnterpriseProfile.organisation_id == org.id))
    others = profile.other_names.splitlines() if profile else []
    return org.id, [org.name, *others]


@watch_app.command("deadlines")
def deadlines(
    org: str = typer.Option(
        ..., "--org", help="The organisation whose patents (applicant or patentee) to list."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Reference date (default today)."),
    output: Path | None = typer.Option(
        None, "--output", help="Write to this file instead of standard output."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: IcsOrJson = typer.Option(IcsOrJson.table, "--format", help="table, json or ics (iCalendar)."),
) -> None:
    """年费与期限 / Annual-fee due dates (grace and surcharge) and term ends of an organisation's patents."""
    from ipcenter.protection import portfolio

    today = _as_of(as_of)
    with open_cli_database(db, corpus).session() as session:
        _org_id, names = _organisation_id(session, org)
    patents = portfolio.patents_of(portfolio.open_corpus(config.corpus_dir(corpus)), names)
    result = {"organisation": org, **portfolio.deadlines(patents, today)}
    if fmt is IcsOrJson.ics:
        data = portfolio.to_ics(org, result)
        if output:
            output.write_bytes(data)
            render.err_console.print(f"{len(result['deadlines'])} events → {output}")
        else:
            sys.stdout.buffer.write(data)
        return
    if fmt is IcsOrJson.json:
        if output:
            import json

            output.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            render.print_json(result)
        return
    _table(["date", "what", "application", "title", "grace end"],
                       [[d["date"], d["kind"] + (f" (year {d['fee_year']})" if d["kind"] == "annual_fee" else ""),
                         d["application_number"], d["title"][:30], d.get("grace_end", "")] for d in result["deadlines"]],
                       title=f"{org}: {result['patents']} patents, {len(result['deadlines'])} deadlines")  # fmt: skip


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(f"--as-of: {exc.message}") from None


@watch_app.command("add")
def watch_add(
    org: str = typer.Option(..., "--org", help="The organisation the watch belongs to."),
    name: str = typer.Option(..., "--name"),
    ipc: str | None = typer.Option(None, "--ipc", help="IPC symbols or prefixes, e.g. 'H01M; B66C'."),
    applicant: str | None = typer.Option(None, "--applicant", help="Applicant names, ';'-separated."),
    query: str | None = typer.Option(
        None, "--query", help="A search query (field codes, as `ipcenter search`)."
    ),
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """新增监视 / Watch new publications: an IPC set, an applicant set or a saved query."""
    from ipcenter.accounts.principal import Principal
    from ipcenter.accounts.roles import Role
    from ipcenter.protection import watches

    given = [(k, v) for k, v in (("ipc", ipc), ("applicant", applicant), ("query", query)) if v]
    if len(given) != 1:
        raise InvalidValue("give exactly one of --ipc, --applicant, --query")
    database, audited = _audited(db, corpus, "protection.watch.add", watches.OBJECT)
    with audited as event, database.session() as session:
        org_id, _names = _organisation_id(session, org)
        owner = Principal(None, "cli", Role.org_admin, org_id, "cli", "local")
        watch = watches.add_watch(session, owner, name, given[0][0], given[0][1])
        result = watches.watch_view(watch)
        event.object_id = watch.id
    _say(result, fmt, f"watch {result['id']} ({result['kind']}) added for {org}")


@watch_app.command("run")
def watch_run(
    db: str | None = DbOption,
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = JsonFormat,
) -> None:
    """运行监视与状态比对 / After an ingest: run every watch and detect portfolio status changes."""
    from ipcenter.protection import reports

    corpus_dir = config.corpus_dir(corpus)
    database, audited = _audited(db, corpus, "protection.watch.run", "protection_watch")
    with audited as event, database.session() as session:
        result = reports.after_ingest(session, corpus_dir)
        event.detail = f"{len(result['watches'])} watches, {len(result['status_changes'])} status changes"
    result["mail"] = reports.send_mail(database)  # IPCENTER_SMTP_* set: the alerts' e-mails go out now
    _say(result, fmt, f"{len(result['watches'])} watches run; {len(result['status_changes'])} status changes; "
                      f"{result['alerts']} alerts")  # fmt: skip
