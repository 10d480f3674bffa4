"""Before/after comparison of every CLI contract's JSON output (for restructures that must change nothing).

Usage:
    python benchmarks/cli_snapshot.py record OUT_DIR [--data DIR] [--demo DIR]
    python benchmarks/cli_snapshot.py compare BEFORE_DIR AFTER_DIR

``record`` runs ``ipcenter demo`` (unless ``--demo`` names an existing demo output), then a fixed list of
commands on the demo corpus, and writes each command's JSON output (normalised: timings, run ids, dates of
the run and output paths removed) to OUT_DIR/<name>.json. ``compare`` reports every file whose JSON differs
and exits 1 when any does. Run ``record`` on the commit before the change and on the one after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

# Keys whose values depend on the run (time, place), not on the code's answers.
VOLATILE_KEYS = {
    "seconds",
    "elapsed",
    "elapsed_ms",
    "ms",
    "took_ms",
    "updated_at",
    "run_id",
    "started_at",
    "finished_at",
    "trained_at",
    "built_at",
    "docs_per_second",
    "records_per_second",
}
TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^\s\"']*")
RUN_ID_RE = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
DURATION_RE = re.compile(r"\b\d+(?:\.\d+)? (?:s|ms)\b")

SHOWCASE = ("CN101096965A", "CN218751475U", "US7854521B2", "EP1000000B1", "CN113914863A")
QUERIES = (
    "TI=(锂电池 AND 正极)",
    "IC=G06F AND (TX=神经网络 OR TX=深度学习)",
    'TX="lithium battery" OR TI=bicycl*',
    "PA=中科大数据研究院 AND LS=有效",
    "鋰電池 正極",
    "一种利用深度学习识别图像中车辆的方法",
    "锂离子电池负极材料",
)
SIMILAR_TEXTS = ("一种锂离子电池负极材料的制备方法，包括将硅碳复合材料烧结", "image recognition of vehicles")
CLAIMS = {
    "ok": "1. 一种轴流送风机，包括叶轮和电机，其特征在于：所述叶轮固定在电机轴上。\n"
    "2. 根据权利要求1所述的轴流送风机，其特征在于：所述叶轮有五个叶片。\n",
    "defects": "1. 一种装置，包括壳体，其特征在于：所述盖板约为5厘米。\n"
    "2. 根据权利要求3所述的装置，其特征在于：所述壳体为圆形。\n"
    "3. 如权利要求1或2所述的装置，其中所述壳体等。\n",
    "english": "1. A fan comprising an impeller.\n2. The fan of claim 1, wherein said blade is curved.\n",
}
CLASSIFY_TEXTS = (
    "一种锂离子电池正极材料及其制备方法",
    "轴流送风机",
    "Method for recognising vehicles in images",
)


def _normalise(value: Any, strip: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {
            k: _normalise(v, strip)
            for k, v in value.items()
            if not (k in VOLATILE_KEYS and not isinstance(v, dict | list))
        }
    if isinstance(value, list):
        return [_normalise(v, strip) for v in value]
    if isinstance(value, str):
        for s in strip:
            value = value.replace(s, "<DIR>")
        value = RUN_ID_RE.sub("<RUN>", TIME_RE.sub("<TIME>", value))
        return DURATION_RE.sub("<DURATION>", value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, env=env, timeout=900
    )
    return proc.returncode, proc.stdout, proc.stderr


def record(out: Path, data: Path, demo: Path | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "IPCENTER_DATA": str(data)}
    if demo is None:
        demo = out / "demo"
        code, _, err = _run(["demo", "--data", str(data), "--output", str(demo)], env)
        if code != 0:
            sys.exit(f"demo failed ({code}): {err[-2000:]}")
    demo = demo.resolve()
    strip = (str(demo), str(data.resolve()), str(data), str(out.resolve()))
    corpus = demo / "corpus"
    models = demo / "models"
    synthetic = demo / "stats" / "synthetic" / "corpus"
    claims_dir = out / "claims"
    claims_dir.mkdir(exist_ok=True)
    for name, text in CLAIMS.items():
        (claims_dir / f"{name}.txt").write_text(text, encoding="utf-8")

    commands: dict[str, list[str]] = {"corpus_info": ["corpus", "info", "--corpus", str(corpus)]}
    for n in SHOWCASE:
        commands[f"show_{n}"] = ["show", n, "--corpus", str(corpus)]
    for ind in ("valid-inventions", "high-value", "sei"):
        commands[f"stats_{ind}_synthetic"] = [
            "stats", ind, "--as-of", "2025-07-31", "--within", "湖南省", "--corpus", str(synthetic),
        ]  # fmt: skip
        commands[f"stats_{ind}_demo"] = ["stats", ind, "--as-of", "2024-12-31", "--corpus", str(corpus)]
    commands["stats_valid-inventions_changsha"] = [
        "stats", "valid-inventions", "--as-of", "2025-07-31", "--within", "长沙市", "--corpus", str(synthetic),
    ]  # fmt: skip
    for i, q in enumerate(QUERIES):
        commands[f"search_{i}"] = ["search", q, "--corpus", str(corpus), "--limit", "10", "--facets"]
    for i, t in enumerate(SIMILAR_TEXTS):
        commands[f"similar_text_{i}"] = ["similar", "--text", t, "--corpus", str(corpus), "--limit", "10"]
    commands["similar_number"] = ["similar", "--number", "CN113914863A", "--corpus", str(corpus)]
    for name in CLAIMS:
        commands[f"check_claims_{name}"] = ["check", "claims", str(claims_dir / f"{name}.txt")]
    commands["check_application_corpus"] = ["check", "application", "CN113914863A", "--corpus", str(corpus)]
    commands["check_application_xml"] = [
        "check",
        "application",
        str(data / "cn-patent-xml-samples/CN101096965A.xml"),
    ]
    for i, t in enumerate(CLASSIFY_TEXTS):
        commands[f"classify_{i}"] = ["classify", t, "--models", str(models), "--top", "5"]
    commands["scope_check_ipc"] = ["scope", "check", "--centre", "成都", "--ipc", "G06F40/30"]
    commands["scope_check_text"] = [
        "scope", "check", "--centre", "四川", "--text", "一种锂离子电池正极材料", "--models", str(models),
    ]  # fmt: skip
    commands["scope_list"] = ["scope", "list"]
    commands["match_need"] = [
        "match", "--need", "无人机视觉测量中的相机快速标定方法", "--region", "长沙市", "--limit", "5",
        "--corpus", str(corpus),
    ]  # fmt: skip
    for number in ("CN115883397B", "CN116245100A", "CN101055177A"):  # in force, pending, status unknown
        commands[f"licence_check_{number}"] = [
            "licence", "check", number, "--as-of", "2025-06-01", "--corpus", str(corpus),
        ]  # fmt: skip

    for name, args in commands.items():
        code, stdout, stderr = _run([*args, "--format", "json"], env)
        try:
            body: Any = json.loads(stdout) if stdout.strip() else None
        except json.JSONDecodeError:
            body = {"unparsed": stdout}
        result = {"args": args, "exit_code": code, "output": body, "stderr_first_line": stderr.strip()[:200]}
        (out / f"{name}.json").write_text(
            json.dumps(_normalise(result, strip), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"{name}: exit {code}")
    report = json.loads((demo / "report.json").read_text(encoding="utf-8"))
    (out / "demo_report.json").write_text(
        json.dumps(_normalise(report, strip), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    differing = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if not a.exists() else 'before'}")
            differing += 1
            continue
        ja = json.loads(a.read_text(encoding="utf-8"))
        jb = json.loads(b.read_text(encoding="utf-8"))
        ja, jb = _normalise(ja, ()), _normalise(jb, ())  # recordings made with older rules
        ja.pop("args", None), jb.pop("args", None)
        if ja != jb:
            differing += 1
            print(f"{name}: DIFFERS (diff {a} {b})")
    print(f"{len(names) - differing} of {len(names)} outputs identical")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--data", type=Path, default=Path(os.environ.get("IPCENTER_DATA", "../shared/data")))
    rec.add_argument("--demo", type=Path, default=None, help="an existing demo output to reuse")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.cmd == "record":
        record(args.out, args.data, args.demo)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
