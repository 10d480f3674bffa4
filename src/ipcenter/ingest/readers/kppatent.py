"""KPPatent-ZH keyphrase data set: Chinese patent titles, abstracts, claims and gold keyphrases.

Three files, two shapes:

* ``kppatent_test.jsonl`` — one object per line: ``idx``, ``publication_number``, ``title``, ``abstract``,
  ``claims`` (list of claim strings), ``keyphrases`` (list).
* ``test_data_TAC.json`` — the source file it was derived from: a JSON array of ``{instruction, input,
  output}`` with ``input = 标题：…\\n摘要：…\\n权利声明：<claims, one per line>`` and ``output`` the
  comma-separated keyphrases. The publication number is not a field: PDF extraction left the description's
  page header (``CN114232276A说明书1/6页``) glued after the last claim. The derivation, as the data set's
  SOURCE.md describes it and as the JSONL was built: the **first** ``CN<9 digits><kind>说明书`` in the
  claims section is the number, and the claims end there (what follows is description text). Both files
  therefore give equal records.
* ``data_A.json`` — abstracts only (``input = 摘要：…``), no title and no publication number.

A record without a publication number cannot be keyed: it becomes an error item saying so (every
``data_A.json`` item; the test items whose claims section has no page header — 28 of 597 — usually
because the claims are empty in the source). These are expected and explained, not damage.

Keyphrases go to ``extra['keyphrases']`` joined with ``;``. Claims are parsed by the core (numbers and
references). The data set has no applicants, IPC, dates or legal status.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ipcenter.corpus.models import PatentRecord, Provenance
from ipcenter.ingest.readers.base import Reader, ReadItem, excerpt, mapped
from ipcenter.ingest.readers.common import claims_from, iter_json_array, new_record
from ipcenter.ingest.textio import iter_json_lines, read_head

__all__ = ["READERS", "KpPatentInstructionReader", "KpPatentJsonlReader", "parse_instruction_input"]

NO_NUMBER_ABSTRACT_ONLY = "no publication number in the source (abstract-only record)"
NO_NUMBER_NO_HEADER = "no publication number in the source (the claims section has no 'CN…说明书' page header to derive it from)"

_PAGE_HEADER = re.compile(r"(CN\d{9}[A-Z]\d?)说明书")
_INPUT = re.compile(r"\A标题：(?P<title>.*?)\n摘要：(?P<abstract>.*?)\n权利声明：(?P<claims>.*)\Z", re.S)


def parse_instruction_input(text: str) -> dict[str, str | None] | None:
    """Split a TAC ``input`` into title, abstract, claims text and the derived publication number.

    Abstract-only inputs (``摘要：…``) give title/claims None. Returns None when the text has neither shape.
    """
    m = _INPUT.match(text)
    if m is None:
        if text.startswith("摘要："):
            return {
                "title": None,
                "abstract": text[len("摘要：") :],
                "claims": None,
                "publication_number": None,
            }
        return None
    claims = m.group("claims")
    header = _PAGE_HEADER.search(claims)
    number = None
    if header:
        number = header.group(1)
        claims = claims[: header.start()]
    return {
        "title": m.group("title"),
        "abstract": m.group("abstract"),
        "claims": claims.strip() or None,
        "publication_number": number,
    }


def _record(
    *,
    number: str,
    title: str | None,
    abstract: str | None,
    claims_text: str | None,
    keyphrases: list[str],
    path: Path,
    source_format: str,
    position: str,
) -> PatentRecord:
    record = new_record(
        number,
        country="CN",
        language="zh",
        title=title or None,
        abstract=abstract or None,
        claims=claims_from(claims_text, lang="zh"),
    )
    phrases = [p.strip() for p in keyphrases if p and p.strip()]
    if phrases:
        record.extra["keyphrases"] = ";".join(phrases)
    record.provenance = Provenance(str(path), source_format, position)
    return record


def _sniff_json_head(head: bytes) -> str:
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")


class KpPatentJsonlReader:
    name = "kppatent-jsonl"
    description = (
        "KPPatent-ZH test set as JSON Lines (publication_number, title, abstract, claims, keyphrases)"
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        text = _sniff_json_head(head)
        return (
            text.startswith("{")
            and '"keyphrases"' in text
            and '"claims"' in text
            and '"publication_number"' in text
        )

    def read(self, path: Path) -> Iterator[ReadItem]:
        read_head(path, "JSON Lines")
        for position, obj, error, line in iter_json_lines(path):
            if obj is None:
                yield ReadItem(position, error=error, raw=excerpt(line))
                continue
            if obj.get("idx") is not None:
                position += f" (idx {obj['idx']})"
            pub = obj.get("publication_number")
            if not pub:
                reason = NO_NUMBER_NO_HEADER if obj.get("title") else NO_NUMBER_ABSTRACT_ONLY
                yield ReadItem(
                    position, error=reason, raw=excerpt(str(obj.get("title") or obj.get("abstract")))
                )
                continue
            claims = obj.get("claims") or []
            claims_text = "\n".join(claims) if isinstance(claims, list) else str(claims)
            keyphrases = obj.get("keyphrases") or []
            if isinstance(keyphrases, str):
                keyphrases = re.split(r"[,;，；]", keyphrases)
            yield mapped(
                position,
                partial(
                    _record,
                    number=str(pub),
                    title=obj.get("title"),
                    abstract=obj.get("abstract"),
                    claims_text=claims_text.strip() or None,
                    keyphrases=[str(k) for k in keyphrases],
                    path=path,
                    source_format=self.name,
                    position=position,
                ),
                line,
            )


class KpPatentInstructionReader:
    name = "kppatent-instruction"
    description = (
        "KPPatent-ZH LLM instruction files (test_data_TAC.json, data_A.json): instruction/input/output"
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        text = _sniff_json_head(head)
        return (
            text.startswith("[")
            and '"instruction"' in text
            and '"input"' in text
            and ("标题：" in text or "摘要：" in text)
        )

    def read(self, path: Path) -> Iterator[ReadItem]:
        index = 0
        try:
            for index, obj, offset in iter_json_array(path):
                position = f"item {index + 1} (char {offset})"
                if not isinstance(obj, dict) or not isinstance(obj.get("input"), str):
                    yield ReadItem(position, error="item has no 'input' text", raw=excerpt(str(obj)))
                    continue
                parts = parse_instruction_input(obj["input"])
                if parts is None:
                    yield ReadItem(
                        position,
                        error="input is neither '标题：…摘要：…权利声明：…' nor '摘要：…'",
                        raw=excerpt(obj["input"]),
                    )
                    continue
                if not parts["publication_number"]:
                    reason = NO_NUMBER_ABSTRACT_ONLY if parts["title"] is None else NO_NUMBER_NO_HEADER
                    yield ReadItem(position, error=reason, raw=excerpt(obj["input"]))
                    continue
                output = obj.get("output") or ""
                keyphrases = [k for k in str(output).split(",") if k.strip()]
                yield mapped(
                    position,
                    partial(
                        _record,
                        number=str(parts["publication_number"]),
                        title=parts["title"],
                        abstract=parts["abstract"],
                        claims_text=parts["claims"],
                        keyphrases=keyphrases,
                        path=path,
                        source_format=self.name,
                        position=position,
                    ),
                    obj["input"],
                )
        except json.JSONDecodeError as exc:
            yield ReadItem(
                f"after item {index + 1}",
                error=f"JSON is broken at line {exc.lineno} column {exc.colno}: {exc.msg}; rest of file not read",
            )


READERS: list[Reader] = [KpPatentJsonlReader(), KpPatentInstructionReader()]
