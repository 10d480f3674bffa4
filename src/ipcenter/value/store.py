"""Expert inputs and vendor scores, stored with who entered them and when (a JSON file now; the platform's
database later, behind the same functions).

An expert input scores one ``source = expert`` indicator (技术先进性, 成熟度, …) of one application on 0–100,
with the evidence the expert gives. A vendor score (incoPat 合享价值度, PatSnap's USD value and five 0–100
scores, …) is an *external attribute*: stored and shown beside the GB/T 42748 score, never merged into it.
Nothing is overwritten: every entry is appended; the latest entry per application and indicator counts.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ipcenter.errors import InvalidValue
from ipcenter.value.models import IndicatorTree

STORE_ENV = "IPCENTER_VALUE_STORE"
#: Vendor attributes documented in domain-cn-2.md §3.3–3.4 (others may be stored; these are recognised).
KNOWN_VENDOR_ATTRIBUTES = {
    "incopat": ("合享价值度", "技术稳定性", "技术先进性", "保护范围"),
    "patsnap": ("usd_value", "technology", "strategic", "market", "economic", "legal"),
}


def default_store(corpus_dir: Path, option: Path | None = None) -> Path:
    """``--store``, else $IPCENTER_VALUE_STORE, else ``value-inputs.json`` beside the corpus directory."""
    if option is not None:
        return option
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    return corpus_dir.resolve().parent / "value-inputs.json"


def _empty() -> dict[str, list[dict[str, Any]]]:
    return {"expert": [], "external": []}


def read_store(path: Path) -> dict[str, list[dict[str, Any]]]:
    if not path.exists():
        return _empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidValue(f"value input store {path} cannot be read: {exc}") from None
    out = _empty()
    for key in out:
        out[key] = list(data.get(key) or [])
    return out


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append(path: Path, section: str, entry: dict[str, Any]) -> dict[str, Any]:
    with _locked(path):
        data = read_store(path)
        data[section].append(entry)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    return entry


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _who(by: str) -> str:
    who = (by or "").strip()
    if not who:
        raise InvalidValue("say who enters the value (--by NAME): every input is stored with its author")
    return who


def add_expert_input(
    path: Path,
    tree: IndicatorTree,
    *,
    application: str,
    publication_number: str,
    indicator: str,
    score: float,
    by: str,
    evidence: str | None = None,
) -> dict[str, Any]:
    """Store an expert's 0–100 score of an ``expert`` indicator (by key, Chinese or English name)."""
    ind = find_expert_indicator(tree, indicator)
    if not math.isfinite(score) or not 0 <= score <= 100:
        raise InvalidValue(f"an expert score is 0–100, not {score}")
    entry = {
        "application": application,
        "publication_number": publication_number,
        "indicator": ind.key,
        "score": float(score),
        "scale": "0-100",
        "evidence": evidence or "",
        "by": _who(by),
        "at": _now(),
    }
    return _append(path, "expert", entry)


def find_expert_indicator(tree: IndicatorTree, name: str) -> Any:
    wanted = name.strip()
    experts = [i for i in tree.indicators.values() if i.source == "expert"]
    for ind in experts:
        if wanted in (ind.key, ind.name_zh, ind.name_en):
            return ind
    choices = ", ".join(f"{i.name_zh} ({i.key})" for i in experts)
    raise InvalidValue(f"{name!r} is not an expert indicator: choose one of {choices}")


def add_external_attribute(
    path: Path,
    *,
    application: str,
    publication_number: str,
    vendor: str,
    attribute: str,
    value: str,
    as_of: date | None,
    by: str,
) -> dict[str, Any]:
    """Store a vendor's score as an external attribute (never merged into the GB/T 42748 score)."""
    if not vendor.strip() or not attribute.strip() or not str(value).strip():
        raise InvalidValue("a vendor score needs --vendor, --attribute and a value")
    entry = {
        "application": application,
        "publication_number": publication_number,
        "vendor": vendor.strip(),
        "attribute": attribute.strip(),
        "value": str(value).strip(),
        "vendor_date": as_of.isoformat() if as_of else None,
        "recognised": attribute.strip() in KNOWN_VENDOR_ATTRIBUTES.get(vendor.strip().lower(), ()),
        "merged_into_score": False,
        "by": _who(by),
        "at": _now(),
    }
    return _append(path, "external", entry)


def latest_expert_inputs(
    path: Path, applications: set[str] | None = None
) -> dict[tuple[str, str], dict[str, Any]]:
    """(application, indicator) → the latest expert entry (entries are appended in time order)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in read_store(path)["expert"]:
        if applications is None or entry.get("application") in applications:
            out[(entry["application"], entry["indicator"])] = entry
    return out


def expert_history(path: Path, application: str) -> list[dict[str, Any]]:
    return [e for e in read_store(path)["expert"] if e.get("application") == application]


def external_attributes(path: Path, application: str) -> list[dict[str, Any]]:
    return [e for e in read_store(path)["external"] if e.get("application") == application]
