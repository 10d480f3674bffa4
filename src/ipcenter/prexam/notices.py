"""Notices: issued as records (the facts they state), rendered as HTML or DOCX with the case number, the
dates and the deadlines. Titles are the centre's settings; only 预审合格通知书 is attested as an official
name, so a notice whose title is still UNCONFIRMED says so in its footer.
"""

from __future__ import annotations

import io
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.errors import InvalidValue
from ipcenter.prexam.models import TYPE_LABELS
from ipcenter.prexam.profile import CentreProfile
from ipcenter.prexam.tables import Case, Notice

KINDS = ("acceptance", "non_acceptance", "opinion", "qualified", "not_qualified")
TEMPLATES = Path(__file__).resolve().parent / "templates"
UNCONFIRMED_TITLE = "本通知书名称为系统默认名称（UNCONFIRMED），以保护中心正式文本为准。"
ORDINARY_FILING = "本通知不影响申请人通过普通程序向国家知识产权局提交专利申请。"


def issue(
    db: Session,
    case: Case,
    profile: CentreProfile,
    kind: str,
    on: date,
    deadline: date | None,
    facts: dict[str, Any],
) -> Notice:
    if kind not in KINDS:
        raise InvalidValue(f"unknown notice kind {kind!r}")
    title = profile.setting(f"notice_title.{kind}")
    body = {
        **facts,
        "centre": profile.centre_name,
        "title_confirmed": title.confirmed,
        "profile_version": profile.version,
    }
    notice = Notice(case_id=case.id, kind=kind, title=str(title.value), issued_on=on, deadline=deadline,
                    body=json.dumps(body, ensure_ascii=False, default=str))  # fmt: skip
    db.add(notice)
    db.flush()
    return notice


def notices_of(db: Session, case: Case) -> list[Notice]:
    return list(db.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.id)))


def notice_view(notice: Notice) -> dict[str, Any]:
    return {"id": notice.id, "kind": notice.kind, "title": notice.title, "issued_on": notice.issued_on.isoformat(),
            "deadline": notice.deadline.isoformat() if notice.deadline else None, "body": json.loads(notice.body)}  # fmt: skip


def _context(notice: Notice, case: Case, applicant: str) -> dict[str, Any]:
    body = json.loads(notice.body)
    return {
        "notice": notice_view(notice),
        "number": f"{case.number}-{notice.kind.upper()}-{notice.id}",
        "case": {"number": case.number, "title": case.title, "patent_type": TYPE_LABELS[case.patent_type][0],
                 "main_class": case.main_class, "received_on": case.received_on, "field": case.field,
                 "cnipa_application_number": case.cnipa_application_number},
        "applicant": applicant,
        "body": body,
        "footer": [] if body.get("title_confirmed") else [UNCONFIRMED_TITLE],
        "ordinary_filing": ORDINARY_FILING if notice.kind in ("non_acceptance", "not_qualified") else "",
    }  # fmt: skip


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )


def render_html(notice: Notice, case: Case, applicant: str) -> str:
    return _environment().get_template("notice_document.html").render(**_context(notice, case, applicant))


def paragraphs(notice: Notice, case: Case, applicant: str) -> list[str]:
    """The notice as lines of text (what the DOCX holds, and the plain-text e-mail)."""
    c = _context(notice, case, applicant)
    body = c["body"]
    lines = [
        f"{applicant}：",
        f"案件编号：{case.number}　发明创造名称：{case.title}（{c['case']['patent_type']}，{case.main_class}）",
    ]
    if notice.kind == "acceptance":
        lines.append(f"经审核，你单位的预审请求符合受理条件，予以受理（领域：{body.get('field', '')}）。")
    elif notice.kind == "non_acceptance":
        lines.append("经审核，你单位的预审请求不予受理，理由如下：")
        lines += [f"— {r['label_zh']}：{r['detail']}" for r in body.get("reasons", [])]
    elif notice.kind == "opinion":
        lines.append(f"第{body.get('round')}次预审意见，缺陷如下：")
        lines += [f"{i}. [{d['category']}] {d['location']}：{d['explanation']}（依据：{d['basis']}）"
                  for i, d in enumerate(body.get("defects", []), 1)]  # fmt: skip
    elif notice.kind == "qualified":
        lines.append(
            "经预审，该申请预审合格。请在期限内向国家知识产权局正式提交专利申请，并在本平台回填申请号和申请日。"
        )
    elif notice.kind == "not_qualified":
        lines.append(f"经预审，该申请预审不合格（{body.get('reason_code', '')}）：{body.get('reason', '')}")
    if notice.deadline:
        lines.append(f"期限：{notice.deadline.isoformat()}（{body.get('deadline_rule', '')}）")
    lines.append(f"{body['centre']}　{notice.issued_on.isoformat()}")
    lines += [x for x in (c["ordinary_filing"], *c["footer"]) if x]
    return lines


def render_docx(notice: Notice, case: Case, applicant: str) -> bytes:
    import docx  # python-docx, only when a Word notice is asked for

    document = docx.Document()
    document.add_heading(notice.title, level=1)
    document.add_paragraph(f"通知书编号：{case.number}-{notice.kind.upper()}-{notice.id}")
    for line in paragraphs(notice, case, applicant):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
