"""Where applications come from: text, Word, CN XML (or any format ingest reads), JSON, JSONL, the corpus.

A file format the ingest readers know (CN/EP/US XML, exports) is read through ``ingest.service.detect_reader``
(a small public function), so the checker never re-implements a reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ipcenter.examine.models import Application


class InputError(Exception):
    """An input the checker cannot use; the message says why."""


#: Section headings of a Chinese application written as one text / Word document.
_SECTIONS = {
    "title": r"发明名称|实用新型名称|名称|title",
    "abstract": r"说明书摘要|摘要|abstract",
    "claims": r"权利要求书|权利要求|claims",
    "description": r"说明书|description",
    "signs": r"附图标记说明|附图标记",
}
_HEADING = re.compile(
    r"^\s*[【\[]?\s*(" + "|".join(_SECTIONS.values()) + r")\s*[】\]]?\s*[:：]?\s*(.*)$", re.IGNORECASE
)
#: a PDF page header left inside claims by text extraction ('CN111206373A权利要求书2/2页')
PAGE_HEADER = re.compile(r"CN\d{9}[A-Z]\d?\s*(?:权利要求书|说明书(?:摘要)?)\s*\d+\s*/\s*\d+\s*页")


def _section_of(heading: str) -> str:
    for key, pattern in _SECTIONS.items():
        if re.fullmatch(pattern, heading.strip(), re.IGNORECASE):
            return key
    return "description"


def application_from_text(text: str, id: str) -> Application:
    """A whole application as text with section headings (发明名称 / 摘要 / 权利要求书 / 说明书);
    text without any heading is taken as claims alone."""
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m and len(line.strip()) <= 40 + len(m.group(2)):
            key = _section_of(m.group(1))
            # '附图标记说明' inside the description stays there (it is part of it) but is also kept apart
            if key == "signs":
                parts.setdefault("description", []).append(line)
            current = key
            if m.group(2).strip():
                parts.setdefault(key, []).append(m.group(2).strip())
            continue
        if current is None:
            current = "claims"
        parts.setdefault(current, []).append(line)
        if current == "signs":
            parts.setdefault("description", []).append(line)
    joined = {k: "\n".join(v).strip() for k, v in parts.items()}
    if not joined.get("claims"):
        raise InputError(f"{id}: no claims found (expected a '权利要求书' section or plain claims text)")
    return Application(
        id=id,
        claims=joined["claims"],
        title=(joined.get("title") or "").splitlines()[0] if joined.get("title") else None,
        abstract=joined.get("abstract") or None,
        description=joined.get("description") or None,
    )


def docx_text(path: Path) -> str:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx (pip install python-docx)") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise InputError(f"{path}: not a readable .docx file ({exc.__class__.__name__})") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def application_from_dict(data: dict[str, Any], id: str) -> Application:
    """A JSON object: our own keys, a corpus row / PatentRecord dict, or a CN export row (主权项 …)."""
    if not isinstance(data, dict):
        raise InputError(f"{id}: expected a JSON object, got {type(data).__name__}")
    ident = str(data.get("id") or data.get("publication_number") or data.get("公开号") or id)
    claims: Any = data.get("claims")
    if claims is None:
        claims = data.get("主权项") or data.get("权利要求") or data.get("权利要求书")
    if isinstance(claims, list):
        pairs: list[tuple[int | None, str]] = []
        for item in claims:
            if isinstance(item, dict):
                number = item.get("number") if item.get("number") is not None else item.get("num")
                pairs.append(
                    (
                        int(number) if number is not None and str(number).isdigit() else None,
                        str(item.get("text") or ""),
                    )
                )
            else:
                pairs.append((None, str(item)))
        # USPTO JSON carries the label inside the text ('1. A holding device…'): keep it as written
        if all(re.match(r"\s*\d+\s*\.", t) for _, t in pairs if t):
            claims = [t for _, t in pairs]
        else:
            claims = pairs
    if not claims:
        raise InputError(f"{ident}: no claims in the input")
    signs = data.get("reference_signs") or {}
    return Application(
        id=ident,
        claims=claims,
        title=data.get("title") or data.get("专利名称") or data.get("发明名称"),
        abstract=data.get("abstract") or data.get("申请摘要") or data.get("摘要"),
        description=data.get("description") or data.get("说明书"),
        reference_signs={str(k): str(v) for k, v in signs.items()} if isinstance(signs, dict) else {},
        title_reason=data.get("title_reason"),
        lang=data.get("language") or data.get("lang"),
        office=data.get("country")
        or data.get("office")
        or (ident[:2] if ident[:2] in ("CN", "US", "EP") else None),
    )


def application_from_record(record: Any) -> Application:
    """From a PatentRecord (ingest) or a corpus row."""
    data = record.to_dict() if hasattr(record, "to_dict") else dict(record)
    return application_from_dict(data, str(data.get("publication_number") or ""))


def read_jsonl(path: Path) -> Iterator[Application]:
    with path.open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: line {n} is not JSON ({exc.msg})") from exc
            yield application_from_dict(data, f"{path.name}:{n}")


def load_applications(path: Path) -> list[Application]:
    """Every application in one input file (one for text/Word/JSON object, many for JSONL/arrays/XML)."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return list(read_jsonl(path))
    if suffix == ".docx":
        return [application_from_text(docx_text(path), path.stem)]
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not valid JSON ({exc})") from exc
        if isinstance(data, list):
            return [application_from_dict(d, f"{path.stem}[{i}]") for i, d in enumerate(data)]
        return [application_from_dict(data, path.stem)]
    if suffix in (".xml", ".csv", ".xlsx"):
        return _via_reader(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_bytes().decode("gb18030")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: text is neither UTF-8 nor GB18030") from exc
    return [application_from_text(text, path.stem)]


def _via_reader(path: Path) -> list[Application]:
    from ipcenter.ingest.service import detect_reader

    reader = detect_reader(path)
    if reader is None:
        raise InputError(f"{path}: not a patent document format ipcenter reads")
    apps = []
    for item in reader.read(path):
        if item.record is not None and item.record.claims:
            apps.append(application_from_record(item.record))
    if not apps:
        raise InputError(f"{path}: no document with claims in this file")
    return apps


def from_corpus(corpus_dir: Path, number: str) -> Application:
    from ipcenter.corpus import service as corpus_service
    from ipcenter.corpus.store import Corpus

    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise InputError(f"{corpus_dir}: no corpus there")
    found = corpus_service.find_documents(corpus, number)
    if not found:
        raise InputError(f"{number}: not in the corpus {corpus_dir}")
    return application_from_record(found[0])


# ----------------------------------------------------------------------------------------------- the real data


def kppatent_applications(data_dir: Path) -> Iterator[Application]:
    """KPPatent-ZH full claims (list of claim strings), with PDF page headers removed."""
    path = data_dir / "kppatent-zh" / "kppatent_test.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            claims = [PAGE_HEADER.sub("", c) for c in r["claims"]]
            if not any(c.strip() for c in claims):
                continue
            yield Application(
                id=r["publication_number"] or f"kppatent-idx{r['idx']}",
                claims=claims,
                title=r["title"],
                abstract=r["abstract"],
                lang="zh",
            )


def export_applications(data_dir: Path) -> Iterator[Application]:
    """The 61-column CN export: 主权项 (the first claim only), title and abstract."""
    path = data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json"
    for row in json.loads(path.read_text(encoding="utf-8")):
        if row.get("主权项"):
            yield application_from_dict(row, str(row.get("公开号")))


def uspto_applications(data_dir: Path) -> Iterator[Application]:
    path = data_dir / "uspto-xml-samples" / "grants.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("claims"):
                yield application_from_dict(
                    {
                        "id": r["id"],
                        "claims": r["claims"],
                        "title": r.get("title"),
                        "abstract": r.get("abstract"),
                        "lang": "en",
                    },
                    r["id"],
                )


def xml_applications(folder: Path) -> Iterator[Application]:
    for path in sorted(folder.rglob("*.xml")):
        try:
            yield from _via_reader(path)
        except InputError:
            continue


#: The real claim sets the measurements run on: name → function of the data directory.
REAL_SETS = {
    "kppatent": kppatent_applications,
    "cn-xml": lambda d: xml_applications(d / "cn-patent-xml-samples"),
    "cn-export": export_applications,
    "uspto": uspto_applications,
    "epo": lambda d: xml_applications(d / "epo-xml-samples"),
}
