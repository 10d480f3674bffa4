"""Nice classes and China's similar groups (类似群) from ``trademark-nice-cn`` in the data directory: which
goods two marks are compared on, and the generic product names the ``generic_addition`` rule knows.

Class headings and groups come from the 2026 (NCL 13-2026) files; item names (商品名称, for generic
names) from the c2018 item list, the only item-level table there (see its SOURCE.md)."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ipcenter.config import data_dir as configured_data_dir
from ipcenter.errors import InvalidValue, NotFound
from ipcenter.protection.similarity import Goods

FOLDER = "trademark-nice-cn"
_CODE = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class NiceTables:
    classes: dict[str, str]  # '09' → heading
    groups: dict[str, tuple[str, str]]  # '0901' → (class, name)
    generic_names: frozenset[str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@functools.cache
def _load(folder: str) -> NiceTables:
    root = Path(folder)
    classes = {r["class_code"]: r["class_heading"] for r in _rows(root / "cn_classes_ncl13_2026.tsv")}
    groups = {
        r["group_code"]: (r["class_code"], r["group_name"])
        for r in _rows(root / "cn_similar_groups_ncl13_2026.tsv")
    }
    names: set[str] = set()
    items = root / "cn_items_xovel_c2018.tsv"
    if items.exists():
        for row in _rows(items):
            for name in re.split(r"[，,；;]", row["item_name"]):
                name = name.strip()
                if 2 <= len(name) <= 6 and not re.search(r"[（()）\s]", name):
                    names.add(name)
    return NiceTables(classes, groups, frozenset(names))


def tables(data: Path | None = None) -> NiceTables:
    root = configured_data_dir(data)
    folder = root / FOLDER if root is not None else None
    if folder is None or not (folder / "cn_classes_ncl13_2026.tsv").exists():
        raise NotFound(
            f"no Nice class tables: {FOLDER}/ expected in the data directory (--data or IPCENTER_DATA)"
        )
    return _load(str(folder.resolve()))


def parse_codes(value: str | list[str] | None, nice: NiceTables | None = None) -> list[str]:
    """Class ('9', '09', '第9类') or similar-group ('0901') codes from a cell or an option, normalised."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else re.split(r"[\s,，;；、/]+", value)
    codes: list[str] = []
    for part in parts:
        part = re.sub(r"^第|类$", "", part.strip())
        if not part:
            continue
        if not _CODE.match(part):
            raise InvalidValue(f"{part!r} is not a Nice class (1–45) or a similar-group code (4 digits)")
        code = part.zfill(2) if len(part) <= 2 else part
        if len(code) == 2 and not 1 <= int(code) <= 45:
            raise InvalidValue(f"Nice class {part} does not exist (1–45)")
        if nice is not None and len(code) == 4 and code not in nice.groups:
            raise InvalidValue(f"similar group {code} is not in the 2026 区分表")
        if len(code) == 3:
            raise InvalidValue(f"{part!r} is neither a class (2 digits) nor a similar group (4 digits)")
        codes.append(code)
    return sorted(set(codes))


def class_of(code: str) -> str:
    return code[:2]


def goods_relation(a: list[str], b: list[str]) -> Goods:
    """Same similar group, same class (groups unknown), assumed (a side gives nothing) or different."""
    if not a or not b:
        return Goods("assumed", "goods taken as in the same similar group (classes not given for both)")
    groups_a = {c for c in a if len(c) == 4}
    groups_b = {c for c in b if len(c) == 4}
    if shared := sorted(groups_a & groups_b):
        return Goods("same_group", f"same similar group {', '.join(shared)}")
    classes_a = {class_of(c) for c in a}
    classes_b = {class_of(c) for c in b}
    shared_classes = sorted(classes_a & classes_b)
    if shared_classes and not (groups_a and groups_b):
        return Goods("same_class", f"same class {', '.join(shared_classes)} (similar groups not given)")
    if shared_classes:
        return Goods("different", f"class {', '.join(shared_classes)} but different similar groups")
    return Goods("different", f"classes {', '.join(sorted(classes_a))} and {', '.join(sorted(classes_b))}")
