"""Demo step of the platform: the demo's app database (``<output>/app.db``, beside the demo corpus, so
`ipcenter serve` after `ipcenter demo` serves both) with one organisation of each kind and one account per
role. Passwords are generated each run and written into the demo report only (the output directory), never
into the repository."""

from __future__ import annotations

from pathlib import Path

from ipcenter import render
from ipcenter.accounts import audit, service
from ipcenter.accounts.credentials import generate_password
from ipcenter.accounts.principal import CLI_OPERATOR
from ipcenter.accounts.roles import OrgKind, Role, kind_label, role_label
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.platform.database import open_database

ORGANISATIONS: dict[OrgKind, str] = {
    OrgKind.enterprise: "长沙示例科技有限公司",
    OrgKind.university: "湖南示例大学",
    OrgKind.research_institute: "长沙示例研究院",
    OrgKind.agency: "长沙示例专利代理事务所",
    OrgKind.protection_centre: "中国(长沙)知识产权保护中心（示例）",
    OrgKind.bureau: "长沙市知识产权局（示例）",
}
ACCOUNTS: dict[Role, OrgKind] = {
    Role.member: OrgKind.enterprise,
    Role.org_admin: OrgKind.university,
    Role.pre_examiner: OrgKind.protection_centre,
    Role.statistician: OrgKind.bureau,
    Role.bureau_admin: OrgKind.bureau,
}


def demo_step(ctx: DemoContext) -> DemoStepResult:
    render.console.print(f"\n[bold]{'Platform accounts' if ctx.lang == 'en' else '平台账户'}[/]")
    path = ctx.output / "app.db"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)  # a fresh database each run, like the demo corpus
    database = open_database(f"sqlite:///{path}")
    accounts = []
    try:
        with database.session() as db:
            for kind, name in ORGANISATIONS.items():
                service.add_organisation(db, name, kind.value)
            for role, kind in ACCOUNTS.items():
                password = generate_password()
                user = service.add_user(
                    db, f"{role.value}@demo.ipcenter.cn", role.value, password, ORGANISATIONS[kind],
                    role_label(role.value, "zh"),
                )  # fmt: skip
                accounts.append(
                    {
                        "email": user.email,
                        "password": password,
                        "role": role.value,
                        "organisation": ORGANISATIONS[kind],
                    }
                )
        audit.record(database, CLI_OPERATOR, "demo.accounts", "user", detail=f"{len(accounts)} demo accounts")
    finally:
        database.dispose()
    lines = [
        f"The demo's app database is `{path}` (SQLite): one organisation of each kind, one account per role.",
        "Serve the demo with `ipcenter serve` (from the directory that holds `ipcenter-demo/`) and sign in at"
        " http://127.0.0.1:8000/signin. The passwords below were generated for this run only.",
        "",
        "| role | e-mail | password | organisation |",
        "|---|---|---|---|",
    ]
    for account in accounts:
        lines.append(
            f"| {account['role']} ({role_label(account['role'], 'zh')}) | {account['email']} |"
            f" `{account['password']}` | {account['organisation']} |"
        )
    lines.append("")
    lines.append(
        "Organisations: "
        + "; ".join(f"{name} ({kind_label(kind.value, 'zh')})" for kind, name in ORGANISATIONS.items())
    )
    render.console.print(f"{len(ORGANISATIONS)} organisations, {len(accounts)} accounts → {path}")
    return DemoStepResult(
        name="platform",
        title="平台账户 / Platform accounts",
        markdown="\n".join(lines) + "\n",
        # Passwords only in report.md: report.json stays the same from run to run (CLI snapshots compare it).
        data={
            "database": str(path),
            "organisations": len(ORGANISATIONS),
            "accounts": [{k: v for k, v in a.items() if k != "password"} for a in accounts],
        },
    )
