"""The formal check page: paste claims (and title, abstract) or upload a .txt/.docx application, see each
finding marked at its span with its rule id, severity and the article it cites, and download the report as
HTML or JSON. Nothing sent is stored: uploads are read from a temporary file that is removed at once.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from ipcenter.accounts.policy import Public
from ipcenter.errors import InvalidValue, UserError
from ipcenter.examine import output, service
from ipcenter.examine.api import MAX_TEXT
from ipcenter.examine.models import Application, CheckResult, Finding
from ipcenter.examine.rules import RULES
from ipcenter.i18n import add_labels
from ipcenter.platform import web

router = APIRouter(include_in_schema=False)

MAX_UPLOAD = 2 * 1024 * 1024  # a claims document is a few hundred kilobytes; a Word file with images more
UPLOAD_TYPES = {".txt": b"", ".docx": b"PK\x03\x04"}  # suffix → the bytes the file must start with

add_labels(
    {
        "page.check.title": ("形式审查辅助", "Formal check"),
        "page.check.intro": (
            "粘贴权利要求书（可加发明名称、摘要），或上传 .txt / .docx 文件（可含“发明名称/摘要/权利要求书”等标题）。"
            "内容仅用于本次检查，不会保存。",
            "Paste the claims (and, if you like, the title and abstract) or upload a .txt / .docx file (it may "
            "hold headings 发明名称 / 摘要 / 权利要求书). Nothing is stored.",
        ),
        "page.check.title_field": ("发明名称", "Title"),
        "page.check.abstract_field": ("摘要", "Abstract"),
        "page.check.claims_field": ("权利要求书", "Claims"),
        "page.check.upload": ("或上传文件（.txt、.docx，最大 2 MB）", "or upload a file (.txt, .docx, at most 2 MB)"),
        "page.check.submit": ("检查", "Check"),
        "page.check.result": ("检查结果", "Findings"),
        "page.check.counts": ("错误 {error} · 警告 {warning} · 提示 {info}", "{error} errors · {warning} warnings · {info} notes"),
        "page.check.rule": ("规则", "Rule"),
        "page.check.severity": ("级别", "Severity"),
        "page.check.where": ("位置", "Where"),
        "page.check.text": ("原文", "Text"),
        "page.check.message": ("问题", "Problem"),
        "page.check.basis": ("依据", "Basis"),
        "page.check.no_findings": ("未发现形式问题。", "No formal problem found."),
        "page.check.marked": ("标注后的文本", "The text, marked"),
        "page.check.download": ("下载报告", "Download the report"),
        "page.check.claim_n": ("权利要求 {n}", "claim {n}"),
        "severity.error": ("错误", "error"), "severity.warning": ("警告", "warning"), "severity.info": ("提示", "note"),
    }
)  # fmt: skip


def segments(text: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """``text`` cut at every finding's start and end; each piece with the findings that cover it."""
    cuts = {0, len(text)}
    spans = []
    for f in findings:
        start = max(0, min(f.start, len(text)))
        end = max(start, min(f.end, len(text)))
        if end == start:  # a finding about the whole part (e.g. no independent claim): mark one character
            end = min(len(text), start + 1)
        cuts.update((start, end))
        spans.append((start, end, f))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        covering = [f for start, end, f in spans if start <= a and b <= end]
        severity = next(
            (s for s in ("error", "warning", "info") if any(f.severity == s for f in covering)), ""
        )
        out.append({"text": text[a:b], "severity": severity, "rules": " ".join(f.rule for f in covering)})
    return out


def _part_text(result: CheckResult, f: Finding) -> str:
    if f.part == "claims":
        return result.claims[f.claim_index].text if f.claim_index < len(result.claims) else ""
    return {"title": result.title, "abstract": result.abstract}.get(f.part) or ""


def result_view(result: CheckResult, lang: str) -> dict[str, Any]:
    """What the page shows: the findings table and every part of the text with its findings marked."""
    findings = []
    for f in result.findings:
        text = _part_text(result, f)
        rule = RULES.get(f.rule)
        findings.append(
            {
                **f.to_dict(lang),
                "excerpt": text[max(0, f.start) : max(f.end, f.start + 1)][:200],
                "what": (rule.what_zh if lang == "zh" else rule.what_en) if rule else "",
            }
        )
    parts = []
    for part, content in (("title", result.title), ("abstract", result.abstract)):
        if content:
            parts.append(
                {"part": part, "segments": segments(content, [f for f in result.findings if f.part == part])}
            )
    claims = [
        {
            "number": c.number,
            "independent": c.independent,
            "segments": segments(
                c.text, [f for f in result.findings if f.part == "claims" and f.claim_index == i]
            ),
        }
        for i, c in enumerate(result.claims)
    ]
    return {"findings": findings, "parts": parts, "claims": claims, "counts": result.counts()}


async def read_upload(upload: UploadFile) -> Application:
    """The application in an uploaded .txt/.docx (type and size checked; the file never outlives the call)."""
    name = upload.filename or ""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise InvalidValue(f"{name or 'the file'}: only .txt and .docx files can be checked", http_status=415)
    body = await upload.read(MAX_UPLOAD + 1)
    if len(body) > MAX_UPLOAD:
        raise InvalidValue(f"{name}: larger than {MAX_UPLOAD // (1024 * 1024)} MB", http_status=413)
    if not body.strip():
        raise InvalidValue(f"{name}: the file is empty")
    if not body.startswith(UPLOAD_TYPES[suffix]):
        raise InvalidValue(f"{name}: not a Word .docx file", http_status=415)
    with tempfile.TemporaryDirectory(prefix="ipcenter-check-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(body)
        apps = service.applications_to_check(str(path))
    app = apps[0]
    app.id = Path(name).stem[:100]
    return app


def pasted(title: str, abstract: str, claims: str) -> Application:
    if not claims.strip():
        raise InvalidValue("no claims to check: paste the claims or upload a file")
    return Application(id="", claims=claims, title=title.strip() or None, abstract=abstract.strip() or None)


def claims_text(app: Application) -> str:
    if isinstance(app.claims, str):
        return app.claims
    return "\n".join(c if isinstance(c, str) else c[1] for c in app.claims)


Text = Annotated[str, Form(max_length=MAX_TEXT)]


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request, who: Public) -> Response:
    return web.render(
        request, who, "check_page.html", form={"title": "", "abstract": "", "claims": ""}, view=None
    )


@router.post("/check", response_class=HTMLResponse)
async def check(
    request: Request,
    who: Public,
    title: Text = "",
    abstract: Text = "",
    claims: Text = "",
    upload: UploadFile | None = None,
) -> Response:
    lang = web.page_language(request)
    form = {"title": title, "abstract": abstract, "claims": claims}
    try:
        app = (
            await read_upload(upload)
            if upload is not None and upload.filename
            else pasted(title, abstract, claims)
        )
        form = {"title": app.title or "", "abstract": app.abstract or "", "claims": claims_text(app)}
        result = service.check_application(app)
    except UserError as exc:
        return web.render(
            request,
            who,
            "check_page.html",
            status_code=exc.http_status,
            form=form,
            view=None,
            error=exc.message,
        )
    return web.render(
        request, who, "check_page.html", form=form, view=result_view(result, lang), result_id=result.id
    )


@router.post("/check/report")
def report(
    request: Request,
    who: Public,
    format: Annotated[str, Query(pattern="^(html|json)$")],
    title: Text = "",
    abstract: Text = "",
    claims: Text = "",
) -> Response:
    """The report of the text the result page carries, as HTML (`ipcenter check --format html`) or JSON."""
    lang = web.page_language(request)
    result = service.check_application(pasted(title, abstract, claims))
    text = output.as_text([result], format, lang, "claims")
    media = "text/html; charset=utf-8" if format == "html" else "application/json"
    name = f"formal-check.{format}"
    return Response(text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
