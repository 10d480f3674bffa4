"""IPC titles shown beside the codes of a document: Chinese from ``ipc-zh-2026.01`` (every level), English
from ``ipc-scheme`` (every level, symbols in the packed form). Read once per process (a few MB)."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipcenter.core.ipc import parse_ipc
from ipcenter.errors import InvalidValue

ZH_FILE = Path("ipc-zh-2026.01") / "ipc_zh_2026.01.tsv"
EN_FILE = Path("ipc-scheme") / "ipc_scheme_titles.tsv"


@dataclass
class IpcTitles:
    zh: dict[str, str] = field(default_factory=dict)
    en: dict[str, str] = field(default_factory=dict)

    def describe(self, code: str) -> dict[str, Any]:
        """The code normalised, with the titles of its subclass, main group and itself (when known)."""
        try:
            symbol = parse_ipc(code)
        except InvalidValue:
            return {"code": code, "levels": []}
        levels = []
        for level in dict.fromkeys(
            c for c in (symbol.subclass, symbol.main_group_symbol, symbol.normalized) if c
        ):
            zh, en = self.zh.get(level), self.en.get(level)
            if zh or en:
                levels.append({"code": level, "title_zh": zh, "title_en": en})
        return {"code": symbol.normalized, "levels": levels}


@functools.cache
def load(data_dir: Path | None) -> IpcTitles:
    """The titles in ``data_dir`` (empty when it or the files are missing: the codes are shown without)."""
    titles = IpcTitles()
    if data_dir is None:
        return titles
    zh = data_dir / ZH_FILE
    if zh.is_file():
        with open(zh, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row.get("code") and row.get("title"):
                    titles.zh[row["code"]] = row["title"]
    en = data_dir / EN_FILE
    if en.is_file():
        with open(en, encoding="utf-8") as fh:
            for line in fh:
                symbol, _, title = line.rstrip("\n").partition("\t")
                if len(symbol) <= 4:
                    titles.en[symbol] = title
                    continue
                try:
                    titles.en[parse_ipc(symbol).normalized] = title
                except InvalidValue:
                    continue
    return titles
