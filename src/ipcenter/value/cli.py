"""Commands of the value domain: `ipcenter value`, `value-input`, `value-vendor`, `value-profiles`,
`portfolio` and `navigate` (contracts in issue 13; docs/value.md and docs/navigation.md)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.errors import InvalidValue
from ipcenter.options import CorpusOption, DataOption, LangOption
from ipcenter.value import output, service
from ipcenter.value.html import write_text
from ipcenter.value.tree import load_tree, load_weight_set


class ValueFormat(StrEnum):
    json = "json"
    table = "table"
    html = "html"
    xlsx = "xlsx"


ScenarioOption = typer.Option(
    None,
    "--scenario",
    help="许可转让 / 金融 / 财务报告 / 侵权救济 / 管理 / 其他 (or licensing, finance, …); default 管理.",
)
AsOfOption = typer.Option(
    None, "--as-of", help="Data cut-off YYYY-MM-DD (default: the day the corpus was last updated)."
)
ProfilesOption = typer.Option(
    None, "--profiles", help="Weight-set JSON (default: the shipped illustrative one; docs/value.md)."
)
StoreOption = typer.Option(
    None,
    "--store",
    help="Expert-input store (default $IPCENTER_VALUE_STORE or value-inputs.json beside the corpus).",
)
OutputOption = typer.Option(None, "--output", "-o", help="File to write (needed for xlsx).")


def _inputs(
    corpus: Path | None, data: Path | None, as_of: str | None, profiles: Path | None, store: Path | None
) -> service.ValueInputs:
    return service.open_inputs(
        config.corpus_dir(corpus),
        config.data_dir(data),
        cut_off=service.parse_cut_off(as_of),
        profiles=profiles,
        store_path=store,
    )


def value(
    number: str = typer.Argument(..., help="Publication or application number (any accepted form)."),
    scenario: str | None = ScenarioOption,
    fmt: ValueFormat = typer.Option(ValueFormat.table, "--format", help="json, table, html or xlsx."),
    output_file: Path | None = OutputOption,
    as_of: str | None = AsOfOption,
    profiles: Path | None = ProfilesOption,
    store: Path | None = StoreOption,
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
    lang: str | None = LangOption,
) -> None:
    """专利价值评估 / Explained GB/T 42748 scenario score of one invention or utility-model patent."""
    language = config.language(lang)
    inputs = _inputs(corpus, data, as_of, profiles, store)
    explanation = service.explain(inputs, number, scenario)
    if fmt == ValueFormat.json:
        text = json.dumps(explanation.to_json(), ensure_ascii=False, indent=2) + "\n"
        _emit(text, output_file)
    elif fmt == ValueFormat.html:
        _emit(output.html_report(explanation, language), output_file)
    elif fmt == ValueFormat.xlsx:
        if output_file is None:
            raise InvalidValue("--format xlsx needs --output FILE.xlsx")
        output.write_value_xlsx(explanation, output_file, language)
        render.console.print(f"written: {output_file}")
    else:
        output.print_explanation(explanation, language)


def _emit(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text)
    else:
        write_text(path, text)
        render.console.print(f"written: {path}")


def value_input(
    number: str = typer.Argument(..., help="Publication or application number."),
    indicator: str = typer.Argument(
        ..., help="Expert indicator: 技术先进性, 技术成熟度, 不可替代性, 市场规模, 市场占有率, 政策适应性."
    ),
    score: float = typer.Argument(..., help="Score 0–100."),
    by: str = typer.Option(..., "--by", help="Who enters it (stored with the time)."),
    evidence: str | None = typer.Option(None, "--evidence", help="What the score rests on."),
    store: Path | None = StoreOption,
    corpus: Path | None = CorpusOption,
) -> None:
    """录入专家评分 / Store an expert's 0–100 score of an expert indicator (who and when are kept)."""
    inputs = _inputs(corpus, None, None, None, store)
    entry = service.add_expert(inputs, number, indicator, score, by, evidence)
    render.print_json({"stored": entry, "store": str(inputs.store_path)})


def value_vendor(
    number: str = typer.Argument(..., help="Publication or application number."),
    vendor: str = typer.Option(..., "--vendor", help="incoPat, PatSnap, …"),
    attribute: str = typer.Option(..., "--attribute", help="e.g. 合享价值度, usd_value, technology."),
    score: str = typer.Option(..., "--value", help="The vendor's value as given."),
    vendor_date: str | None = typer.Option(None, "--date", help="Date of the vendor's score YYYY-MM-DD."),
    by: str = typer.Option(..., "--by", help="Who enters it."),
    store: Path | None = StoreOption,
    corpus: Path | None = CorpusOption,
) -> None:
    """录入外部评分 / Store a vendor score as an external attribute (never merged into the GB/T score)."""
    inputs = _inputs(corpus, None, None, None, store)
    entry = service.add_vendor_score(
        inputs, number, vendor, attribute, score, service.parse_cut_off(vendor_date), by
    )
    render.print_json({"stored": entry, "store": str(inputs.store_path)})


def value_profiles(
    profiles: Path | None = ProfilesOption,
    fmt: str = typer.Option("table", "--format", help="table or json."),
    lang: str | None = LangOption,
) -> None:
    """评估场景与权重 / The GB/T 42748 tree and the scenario weight sets (validated)."""
    language = config.language(lang)
    tree = load_tree()
    weights = load_weight_set(profiles, tree)
    if fmt == "json":
        render.print_json(
            {
                "tree": tree.version,
                "profile": tree.profile,
                "first_level": list(tree.first_level),
                "unconfirmed": tree.unconfirmed(),
                "weight_set": weights.label(),
                "scenarios": {
                    s.key: {
                        "name": s.name_zh,
                        "dimensions": s.dimension_weights,
                        "indicators": s.indicator_weights,
                    }
                    for s in weights.scenarios.values()
                },
            }
        )
        return
    rows = []
    for s in weights.scenarios.values():
        for dim, ws in s.indicator_weights.items():
            for name, w in ws.items():
                ind = tree.indicators[name]
                rows.append(
                    [
                        s.name(language),
                        tree.dimension_name(dim, language),
                        s.dimension_weights[dim],
                        ind.name(language),
                        w,
                        ind.source,
                    ]
                )
    render.print_table(
        f"{weights.label()} — tree {tree.version}",
        ["scenario", "dimension", "weight", "indicator", "weight", "source"],
        rows,
        language,
        keys=False,
    )
    render.console.print(
        f"{len(tree.unconfirmed())} second/third-level indicators of {tree.profile}: UNCONFIRMED (not transcribed)",
        markup=False,
    )


class PortfolioFormat(StrEnum):
    json = "json"
    html = "html"
    xlsx = "xlsx"


def portfolio_command(
    applicant: str = typer.Argument(
        ..., help="Applicant name; its name variants in the corpus are merged and shown."
    ),
    fmt: PortfolioFormat = typer.Option(PortfolioFormat.json, "--format", help="json, html or xlsx."),
    output_file: Path | None = OutputOption,
    scenario: str | None = ScenarioOption,
    competitors: int = typer.Option(5, "--competitors", min=1, max=20, help="Competitors compared."),
    as_of: str | None = AsOfOption,
    profiles: Path | None = ProfilesOption,
    store: Path | None = StoreOption,
    corpus: Path | None = CorpusOption,
    data: Path | None = DataOption,
) -> None:
    """专利组合 / Portfolio of an organisation: status, value, expiries, fees, IPC coverage, clusters, white spaces."""
    from ipcenter.value import portfolio, portfolio_output

    inputs = _inputs(corpus, data, as_of, profiles, store)
    result = portfolio.portfolio(inputs, applicant, scenario=scenario, competitors=competitors)
    if fmt == PortfolioFormat.json:
        _emit(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n", output_file)
        return
    if output_file is None:
        if fmt == PortfolioFormat.xlsx:
            raise InvalidValue("--format xlsx needs --output FILE.xlsx")
        sys.stdout.write(portfolio_output.html_report(result))
        return
    portfolio_output.write(result, output_file, fmt.value)
    render.console.print(f"written: {output_file}")


def navigate_command(
    nav_type: str = typer.Option(
        ..., "--type", help="区域规划 | 产业规划 | 企业经营 | 研发活动 | 人才管理 (GB/T 39551)."
    ),
    output_file: Path = typer.Option(
        ..., "--output", "-o", help="Report file: .html (charts) or .xlsx (every table)."
    ),
    query: str | None = typer.Option(None, "--query", help="Search query (the corpus's index; every hit)."),
    ipc: str | None = typer.Option(
        None, "--ipc", help="IPC list, e.g. A21D,A23L1/16 (classes and groups with all below)."
    ),
    applicant: str | None = typer.Option(None, "--applicant", help="Applicant name (variants merged)."),
    region: str | None = typer.Option(
        None, "--region", help="Country, province or city of an applicant (湖南省, 长沙市, US)."
    ),
    corpus: Path | None = CorpusOption,
) -> None:
    """专利导航 / Patent navigation report (GB/T 39551) on a set of documents, reproducible from its selector."""
    from ipcenter.value import nav_output, navigation

    if output_file.suffix.lower() not in (".html", ".xlsx"):
        raise InvalidValue(f"--output must end in .html or .xlsx, not {output_file.name!r}")
    command = "ipcenter navigate " + " ".join(
        f"--{k} {v!r}"
        for k, v in (("query", query), ("ipc", ipc), ("applicant", applicant), ("region", region))
        if v
    )
    report = navigation.navigate(
        config.corpus_dir(corpus),
        nav_type,
        query=query,
        ipc=ipc,
        applicant=applicant,
        region=region,
        command=f"{command} --type {nav_type} --output {output_file.name}",
    )
    nav_output.write(report, output_file)
    s = report.data.summary
    render.console.print(
        f"written: {output_file} — {report.nav_type.name_zh}: {s.get('documents')} documents,"
        f" {s.get('applicants')} applicants, CR4 {s.get('cr4')}, HHI {s.get('hhi')}",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.command("value")(value)
    app.command("value-input")(value_input)
    app.command("value-vendor")(value_vendor)
    app.command("value-profiles")(value_profiles)
    app.command("portfolio")(portfolio_command)
    app.command("navigate")(navigate_command)
