"""Where applications come from: text, Word, JSON, JSONL (the checker's own formats), any patent format ingest
reads (CN/EP/US XML, exports, data sets), or the corpus.

A file that an ingest reader accepts is read through ``ingest.service.read_records`` — the one way a domain
reads a user's file into records — so the checker never parses a source format of its own; the same holds for
the real data sets the measurements run on. The checker's own formats are plain claims text or a whole
application with section headings (.txt, .docx), one application as a JSON object, and a batch as JSONL of
such objects (``{"id", "claims"}``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ipcenter.errors import NotFound, UserError
from ipcenter.examine.models import Application
from ipcenter.ingest.service import detect_reader, read_records


class InputError(UserError):
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


def _claims_of(claims: Any) -> Any:
    """A JSON claims value as the checker takes it: text, a list of strings, or (number, text) pairs."""
    if not isinstance(claims, list):
        return claims
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
        return [t for _, t in pairs]
    return pairs


def application_from_dict(data: dict[str, Any], id: str) -> Application:
    """A JSON object: the checker's own keys, a corpus row / PatentRecord dict, or an export row (主权项 …)."""
    if not isinstance(data, dict):
        raise InputError(f"{id}: expected a JSON object, got {type(data).__name__}")
    ident = str(data.get("id") or data.get("publication_number") or data.get("公开号") or id)
    claims: Any = data.get("claims")
    if claims is None:
        claims = data.get("主权项") or data.get("权利要求") or data.get("权利要求书")
    claims = _claims_of(claims)
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


# a line of a stored claim that starts with a claim label ('2.', '13、'): the claims parser that ingest uses
# keeps such a line inside the previous claim when its number breaks the sequence (a repeated or restarted
# number, drawing labels before claim 1) — anomalies the checker must see as written
_LABELLED_LINE = re.compile(r"\n(?=[ \t]*[1-9]\d{0,3}[ \t]*[.、．])")
# how a drafter opens a claim (a stored first claim that does not is the end of a claim cut off by extraction)
_CLAIM_OPENING = re.compile(r"\s*(?:一种|一个|一套|一类|一组|(?:An?|The|Method|Process|Apparatus|Device)\s)")


def _stored_claims(claims: list[dict[str, Any]]) -> list[tuple[int | None, str]]:
    """A record's claims as the checker reads them: (number, text) per claim, each line that starts with a
    claim label taken apart again (its number read from its label).

    Ingest numbers a piece without a label by its position: a first claim numbered 1 that does not open like
    a claim, followed by a labelled line numbered above 2, is the end of a claim whose start text extraction
    lost (KPPatent CN110901400A: '…的厚度≤20μm。' then '13.根据权利要求8…'), not claim 1."""
    pairs: list[tuple[int | None, str]] = []
    for item in claims:
        number = item.get("number")
        lines = _LABELLED_LINE.split(str(item.get("text") or ""))
        pairs.append((int(number) if number is not None else None, lines[0]))
        pairs.extend((None, line) for line in lines[1:])
    if len(pairs) > 1 and pairs[0][0] == 1 and pairs[1][0] is None and not _CLAIM_OPENING.match(pairs[0][1]):
        label = re.match(r"\s*(\d+)", pairs[1][1])
        if label and int(label.group(1)) > 2:
            pairs[0] = (None, pairs[0][1])
    return pairs


def application_from_record(record: Any, *, labelled_lines: bool = False) -> Application:
    """From a PatentRecord (ingest) or a corpus row; with ``labelled_lines``, each stored claim's lines that
    start with a claim label are taken apart again (``_stored_claims``)."""
    data = record.to_dict() if hasattr(record, "to_dict") else dict(record)
    claims = data.get("claims")
    if labelled_lines and isinstance(claims, list) and claims and all(isinstance(c, dict) for c in claims):
        data = {**data, "claims": [{"number": n, "text": t} for n, t in _stored_claims(claims)]}
    return application_from_dict(data, str(data.get("publication_number") or ""))


def _text_of(path: Path) -> str:
    """A text file as UTF-8 (BOM or not) or GB18030; a binary file or another encoding is an InputError."""
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: a binary file, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: text is neither UTF-8 nor GB18030")


def read_jsonl(path: Path) -> Iterator[Application]:
    """The checker's batch format: one JSON object ({"id", "claims"} …) per line."""
    for n, line in enumerate(_text_of(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {n} is not JSON ({exc.msg})") from exc
        yield application_from_dict(data, f"{path.name}:{n}")


def _existing_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file")


def load_applications(path: Path) -> list[Application]:
    """Every application in one input file (one for text/Word/JSON object, many for JSONL/arrays/XML)."""
    _existing_file(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return [application_from_text(docx_text(path), path.stem)]
    if detect_reader(path) is not None:
        return applications_in(path)
    if suffix == ".jsonl":
        return list(read_jsonl(path))
    if suffix == ".json":
        try:
            data = json.loads(_text_of(path))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON ({exc})") from exc
        if isinstance(data, list):
            return [application_from_dict(d, f"{path.stem}[{i}]") for i, d in enumerate(data)]
        return [application_from_dict(data, path.stem)]
    if suffix in (".xml", ".csv", ".xlsx"):
        raise InputError(f"{path}: not a patent document format ipcenter reads")
    return [application_from_text(_text_of(path), path.stem)]


def load_batch(path: Path) -> list[Application]:
    """``check claims --input``: the checker's JSONL batch, or any file of records ingest reads."""
    _existing_file(path)
    if detect_reader(path) is not None:
        return applications_in(path)
    return list(read_jsonl(path))


def applications_in(path: Path, *, labelled_lines: bool = False) -> list[Application]:
    """The applications with claims in a file that an ingest reader accepts (through ``read_records``)."""
    apps = [
        application_from_record(record, labelled_lines=labelled_lines)
        for record in read_records(path)
        if record.claims
    ]
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
        raise NotFound(f"{number}: not in the corpus {corpus_dir}", exit_code=2)
    return application_from_record(found[0])


# ----------------------------------------------------------------------------------------------- the real data


def _without_page_headers(app: Application) -> Application:
    """KPPatent claims keep the PDF page headers of the claims pages ('CN111206373A权利要求书2/2页'): not claim text."""
    claims = app.claims
    if isinstance(claims, str):
        return replace(app, claims=PAGE_HEADER.sub("", claims))
    cleaned: list[Any] = [
        (c[0], PAGE_HEADER.sub("", c[1])) if isinstance(c, tuple) else PAGE_HEADER.sub("", c) for c in claims
    ]
    return replace(app, claims=cleaned)


def kppatent_applications(data_dir: Path) -> Iterator[Application]:
    """KPPatent-ZH: titles, abstracts and full claims, with PDF page headers removed from the claims."""
    path = data_dir / "kppatent-zh" / "kppatent_test.jsonl"
    for app in applications_in(path, labelled_lines=True):
        yield _without_page_headers(app)


def export_applications(data_dir: Path) -> Iterator[Application]:
    """The 61-column CN export: 主权项 (the first claim only), title and abstract."""
    yield from applications_in(data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json")


def uspto_applications(data_dir: Path) -> Iterator[Application]:
    yield from applications_in(data_dir / "uspto-xml-samples" / "grants.jsonl")


def xml_applications(folder: Path) -> Iterator[Application]:
    for path in sorted(folder.rglob("*.xml")):
        try:
            yield from applications_in(path)
        except UserError:
            continue


#: The real claim sets the measurements run on: name → function of the data directory.
REAL_SETS = {
    "kppatent": kppatent_applications,
    "cn-xml": lambda d: xml_applications(d / "cn-patent-xml-samples"),
    "cn-export": export_applications,
    "uspto": uspto_applications,
    "epo": lambda d: xml_applications(d / "epo-xml-samples"),
}
