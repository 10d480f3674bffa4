"""The protection centres' pre-examination scope (预审服务领域): list it, and decide whether an application is
inside a centre's scope — from its main IPC, or from its text, classified first. No printing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipcenter.classify import data as classify_data
from ipcenter.classify import service
from ipcenter.classify.errors import BadInput, UnknownCentre
from ipcenter.classify.models import ScopeDecision, ScopeEntry, Suggestion
from ipcenter.core.ipc import parse_ipc
from ipcenter.ingest.errors import UnreadableFile
from ipcenter.ingest.service import read_records

#: Scope decision from text: a top suggestion at or above SURE decides; in-scope suggestions below LOW
#: among the top three do not make an application uncertain.
SURE = 0.5
LOW = 0.2


def load_entries(data: Path | None = None) -> list[ScopeEntry]:
    """Every centre's scope lines, from the data directory ``--data`` (or its default) names."""
    return classify_data.load_scopes(classify_data.require_data_dir(data))


def centres(entries: Sequence[ScopeEntry]) -> list[str]:
    return sorted({e.centre for e in entries})


def resolve_centre(entries: Sequence[ScopeEntry], name: str) -> str:
    """A centre by its full name or any part of it (成都, 四川, 重庆). `UnknownCentre` when none or several."""
    names = centres(entries)
    if name in names:
        return name
    wanted = name.strip()
    found = [n for n in names if wanted and wanted in n]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UnknownCentre(f"no centre matches {name!r}; known centres: {', '.join(names)}")
    raise UnknownCentre(f"{name!r} matches several centres: {', '.join(found)}; give more of the name")


def check_ipc(entries: Sequence[ScopeEntry], centre: str, ipc: str) -> ScopeDecision:
    """Scope decision for a given main IPC symbol (any accepted form; `InvalidValue` otherwise)."""
    symbol = parse_ipc(ipc)
    scope = {e.code: e for e in entries if e.centre == centre and e.scheme == "IPC"}
    entry = scope.get(symbol.subclass)
    if entry is not None:
        return ScopeDecision(
            centre,
            "in_scope",
            [
                f"{symbol.normalized}: subclass {entry.code} is in the scope ({entry.title}; {entry.field or '-'})"
            ],
            matched=[{"code": entry.code, "title": entry.title, "field": entry.field}],
            input={"ipc": symbol.normalized},
        )
    return ScopeDecision(
        centre,
        "out_of_scope",
        [
            f"{symbol.normalized}: subclass {symbol.subclass} is not among the centre's {len(scope)} IPC subclasses"
        ],
        outside=[{"code": symbol.subclass}],
        input={"ipc": symbol.normalized},
    )


def check_text(
    entries: Sequence[ScopeEntry], centre: str, suggestions: Sequence[Suggestion], text: str
) -> ScopeDecision:
    """Scope decision from classified text: the top suggestion decides when its score ≥ SURE; otherwise (or
    when an in-scope suggestion ≥ LOW competes with a sure outside one) the application is ``uncertain``."""
    scope = {e.code: e for e in entries if e.centre == centre and e.scheme == "IPC"}
    matched: list[dict[str, Any]] = [
        {
            "code": s.code,
            "score": round(s.score, 4),
            "title": scope[s.code].title,
            "field": scope[s.code].field,
        }
        for s in suggestions
        if s.code in scope
    ]
    outside = [
        {"code": s.code, "score": round(s.score, 4), "title_zh": s.title_zh}
        for s in suggestions
        if s.code not in scope
    ]
    excerpt = {"text": text[:200]}
    if not suggestions:
        return ScopeDecision(centre, "uncertain", ["no suggestion for this text"], input=excerpt)
    top = suggestions[0]
    in_top3 = [s.code for s in suggestions[:3] if s.code in scope and s.score >= LOW]
    if top.code in scope and top.score >= SURE:
        decision = "in_scope"
        reasons = [
            f"top suggestion {top.code} ({top.score:.2f} ≥ {SURE}) is in the scope ({scope[top.code].title})"
        ]
    elif top.code not in scope and top.score >= SURE and not in_top3:
        decision = "out_of_scope"
        reasons = [
            f"top suggestion {top.code} ({top.score:.2f} ≥ {SURE}) is outside the scope, "
            f"and no suggestion among the top three in the scope scores ≥ {LOW}"
        ]
    else:
        decision = "uncertain"
        reasons = [
            f"top suggestion {top.code} scores {top.score:.2f}"
            + (" (in the scope)" if top.code in scope else " (outside the scope)")
            + (f"; below {SURE}" if top.score < SURE else "")
            + (f"; in-scope suggestions in the top three: {', '.join(in_top3)}" if in_top3 else "")
            + ": an examiner should classify it"
        ]
    return ScopeDecision(centre, decision, reasons, matched=matched, outside=outside, input=excerpt)


def scope_summary(entries: Sequence[ScopeEntry]) -> list[dict[str, Any]]:
    """Per centre (`scope list`): how many IPC subclasses and Locarno classes, and the fields they fall in."""
    summary = []
    for name in centres(entries):
        own = [e for e in entries if e.centre == name]
        summary.append(
            {
                "centre": name,
                "ipc": sum(e.scheme == "IPC" for e in own),
                "loc": sum(e.scheme == "LOC" for e in own),
                "fields": sorted({e.field for e in own if e.field}),
            }
        )
    return summary


def centre_entries(entries: Sequence[ScopeEntry], centre: str) -> list[dict[str, Any]]:
    """One centre's scope lines (`scope list --centre`)."""
    return [
        {"centre": e.centre, "scheme": e.scheme, "code": e.code, "title": e.title, "field": e.field}
        for e in entries
        if e.centre == centre
    ]


def read_application(path: Path) -> tuple[str | None, str | None]:
    """What a scope check reads from a file: (its main IPC, None) when it is a patent document that carries
    codes, else (None, its text) — the document's title, abstract and first claims, or a plain UTF-8 file."""
    if path.is_dir():
        raise BadInput(f"{path} is a directory: give one file")
    try:
        for rec in read_records(path):
            if rec.ipc:
                return rec.ipc[0], None
            parts = [rec.title, rec.abstract, " ".join(c.text for c in rec.claims[:3])]
            return None, "\n".join(p for p in parts if p)
    except UnreadableFile:
        if not path.is_file():
            raise
    # Not a patent document ingest knows (or one without a usable record): the file as plain text.
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path}: neither a patent document ingest can read nor UTF-8 text (byte {exc.start})"
        ) from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if "\x00" in text:
        raise BadInput(f"{path}: a binary file, not a patent document or a text")
    return None, text


def check_application(
    centre: str,
    *,
    ipc: str | None = None,
    text: str | None = None,
    file: Path | None = None,
    top: int = 5,
    models: Path | None = None,
    data: Path | None = None,
) -> ScopeDecision:
    """`scope check`: exactly one of a main IPC, a text (classified with the model first) or a file."""
    if sum(x is not None for x in (ipc, text, file)) != 1:
        raise BadInput("give exactly one of --ipc CODE, --text TEXT, --file FILE")
    entries = load_entries(data)
    name = resolve_centre(entries, centre)
    if file is not None:
        ipc, text = read_application(file)
    if ipc is not None:
        return check_ipc(entries, name, ipc)
    assert text is not None
    if not text.strip():
        raise BadInput(f"{file}: the file holds no text" if file is not None else "the text is empty")
    classifier = service.load_model(models)
    why = service.unusable_reason(classifier, text)
    if why is not None:
        raise BadInput(f"{file}: {why}" if file is not None else why)
    suggestions = service.suggest(classifier, [text], top=top)[0]
    return check_text(entries, name, suggestions, text)
