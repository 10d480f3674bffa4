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


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.command("value")(value)
    app.command("value-input")(value_input)
    app.command("value-vendor")(value_vendor)
    app.command("value-profiles")(value_profiles)
