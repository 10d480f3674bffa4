"""批量预审: a batch of one entity's applications around a key technology (domain-cn-2.md §1.8, §6.A.11).

A firm uploads a ZIP of documents and an XLSX manifest (one row per application); each row becomes a
member case of the batch with its documents. Submitting the batch runs intake on every member; the centre's
working group then records its decision (进入CNIPA批量审查通道: 是/否, with the reason); members are tracked
one by one afterwards. Batches take inventions only by default (the centre's ``batch_types``).

Manifest columns (Chinese or English headers): ``编号/key`` (the folder in the ZIP holding that application's
files), ``名称/title``, ``主分类号/main_class``, ``申请人/applicants`` (separated by ；;、), ``发明人/inventors``,
``类型/patent_type`` (default invention), ``领域/declared_field``. Files in a folder are named by document kind:
请求书, 说明书, 权利要求书, 说明书摘要 (or 摘要), 说明书附图 (or 附图), 摘要附图 — or the English kind keys.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.principal import Principal
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.prexam import access, cases, centres, clock
from ipcenter.prexam.models import DOCUMENT_KINDS
from ipcenter.prexam.states import BATCH
from ipcenter.prexam.statistics import BatchRecord, batch_report
from ipcenter.prexam.tables import Batch, Case, Centre, EntityRegistration

MAX_MEMBERS = 1000
MAX_ZIP_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 2 * 1024**3  # a ZIP that expands beyond this is refused before anything is read
MANIFEST_HEADERS = {
    "key": ("编号", "key", "folder", "目录"),
    "title": ("名称", "发明名称", "title"),
    "main_class": ("主分类号", "main_class", "ipc"),
    "applicants": ("申请人", "applicants"),
    "inventors": ("发明人", "inventors"),
    "patent_type": ("类型", "专利类型", "patent_type"),
    "declared_field": ("领域", "declared_field", "field"),
}
FILE_KINDS = {zh: key for key, (zh, _en) in DOCUMENT_KINDS.items()} | {"摘要": "abstract", "附图": "drawings"}
FILE_KINDS |= {key: key for key in DOCUMENT_KINDS}


def batch_view(batch: Batch, members: int | None = None) -> dict[str, Any]:
    return {"id": batch.id, "number": batch.number, "centre_id": batch.centre_id, "entity_id": batch.entity_id,
            "organisation_id": batch.organisation_id, "theme": batch.theme, "materials": batch.materials,
            "state": batch.state, "state_zh": BATCH.label(batch.state), "decision_reason": batch.decision_reason,
            "decided_on": batch.decided_on.isoformat() if batch.decided_on else None,
            "received_on": batch.received_on.isoformat() if batch.received_on else None,
            "members": members, "progress": {"done": batch.aids_done, "total": batch.aids_total}}  # fmt: skip


def create(db: Session, principal: Principal, entity_id: int, theme: str, materials: str) -> Batch:
    entity = db.get(EntityRegistration, entity_id)
    centre = db.get(Centre, entity.centre_id) if entity else None
    if entity is None or centre is None:
        raise NotFound(f"no entity registration {entity_id}")
    access.require_entity_party(principal, entity, centre)
    if principal.organisation_id not in (entity.organisation_id, entity.agency_organisation_id):
        raise Forbidden("only the entity or its entrusted agency requests a batch")
    profile = centres.profile_on(db, centre, clock.today())
    if not profile.value("batch_pilot"):
        raise Conflict(f"{centre.name} does not run the batch pre-examination pilot (setting batch_pilot)")
    if not theme.strip():
        raise InvalidValue("name the batch's key technology or theme")
    count = db.scalar(select(func.count(Batch.id)).where(Batch.centre_id == centre.id)) or 0
    batch = Batch(number=f"PL-{centre.slug.upper()}-{count + 1:04d}", organisation_id=entity.organisation_id,
                  centre_id=centre.id, entity_id=entity.id, theme=theme.strip()[:200], materials=materials.strip())  # fmt: skip
    db.add(batch)
    db.flush()
    return batch


def load(db: Session, principal: Principal, batch_id: int) -> tuple[Batch, Centre]:
    batch = db.get(Batch, batch_id)
    centre = db.get(Centre, batch.centre_id) if batch else None
    entity = db.get(EntityRegistration, batch.entity_id) if batch else None
    if batch is None or centre is None or entity is None:
        raise NotFound(f"no batch {batch_id}")
    access.require_entity_party(principal, entity, centre)
    return batch, centre


def members(db: Session, batch: Batch) -> list[Case]:
    return list(db.scalars(select(Case).where(Case.batch_id == batch.id).order_by(Case.id)))


# -------------------------------------------------------------------------------------------- upload


@dataclass
class ManifestRow:
    line: int
    values: dict[str, str]


def read_manifest(content: bytes) -> list[ManifestRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise InvalidValue(f"the manifest is not a readable XLSX file ({type(exc).__name__})") from None
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise InvalidValue("the manifest is empty")
    header = [re.sub(r"\s+", "", str(v or "")).lower() for v in rows[0]]
    columns = {}
    for key, aliases in MANIFEST_HEADERS.items():
        for index, name in enumerate(header):
            if name in {a.lower() for a in aliases}:
                columns[key] = index
                break
    missing = [k for k in ("key", "title", "main_class", "applicants") if k not in columns]
    if missing:
        raise InvalidValue(
            f"the manifest lacks the column(s) {', '.join(missing)} (e.g. 编号, 名称, 主分类号, 申请人)"
        )
    out = []
    for line, values in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        cell = {
            k: ("" if i >= len(values) or values[i] is None else str(values[i]).strip())
            for k, i in columns.items()
        }
        out.append(ManifestRow(line, cell))
    if not out:
        raise InvalidValue("the manifest has no application rows")
    if len(out) > MAX_MEMBERS:
        raise InvalidValue(f"a batch has at most {MAX_MEMBERS} applications; the manifest lists {len(out)}")
    return out


def read_zip(content: bytes, max_file_bytes: int) -> dict[str, dict[str, tuple[str, bytes]]]:
    """folder → kind → (file name, bytes), refusing unsafe or oversized archives before unpacking."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise InvalidValue("the documents file is not a ZIP archive") from None
    entries = [i for i in archive.infolist() if not i.is_dir()]
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InvalidValue(f"the ZIP holds {len(entries)} files; at most {MAX_ZIP_ENTRIES}")
    if sum(i.file_size for i in entries) > MAX_UNPACKED_BYTES:
        raise InvalidValue("the ZIP expands to more than 2 GB")
    files: dict[str, dict[str, tuple[str, bytes]]] = {}
    for info in entries:
        name = info.filename.replace("\\", "/")
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise InvalidValue(f"unsafe path in the ZIP: {name!r}")
        if path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if len(path.parts) < 2:
            raise InvalidValue(f"{name}: each application's files go in a folder named by its 编号")
        if info.file_size > max_file_bytes:
            raise InvalidValue(
                f"{name} is {info.file_size / 1024 / 1024:.1f} MB; at most {max_file_bytes // 1024 // 1024} MB a file"
            )
        kind = FILE_KINDS.get(path.stem.strip())
        if kind is None:
            raise InvalidValue(f"{name}: the file name must be its document kind (e.g. 权利要求书.docx)")
        folder = path.parts[-2]
        if kind in files.setdefault(folder, {}):
            raise InvalidValue(f"{folder} holds two {DOCUMENT_KINDS[kind][0]} files")
        files[folder][kind] = (path.name, archive.read(info))
    return files


def _split(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；、,，\n]", value) if p.strip()]


def upload(
    db: Session, principal: Principal, batch_id: int, zip_content: bytes, manifest: bytes
) -> list[Case]:
    """Create the member cases of a draft batch from the manifest and the ZIP (all or nothing)."""
    batch, centre = load(db, principal, batch_id)
    if batch.state != "draft":
        raise Conflict("applications are added to a draft batch")
    rows = read_manifest(manifest)
    limit = int(centres.profile_on(db, centre, clock.today()).value("max_upload_mb") or 20) * 1024 * 1024
    files = read_zip(zip_content, limit)
    keys = [r.values["key"] for r in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise InvalidValue(f"the manifest lists {', '.join(duplicates[:5])} twice")
    missing = [r for r in rows if r.values["key"] not in files]
    if missing:
        raise InvalidValue(
            f"no folder in the ZIP for manifest row {missing[0].line} ({missing[0].values['key']})"
        )
    created = []
    for row in rows:
        v = row.values
        try:
            case = cases.create(db, principal, batch.entity_id, {
                "patent_type": v.get("patent_type") or "invention", "title": v["title"],
                "applicants": _split(v["applicants"]), "inventors": _split(v.get("inventors", "")),
                "main_class": v["main_class"], "declared_field": v.get("declared_field", ""), "documents": [],
            }, batch_id=batch.id)  # fmt: skip
            for kind, (name, content) in sorted(files[v["key"]].items()):
                cases.add_document(db, principal, case.id, kind, name, content)
        except InvalidValue as exc:
            raise InvalidValue(f"manifest row {row.line} ({v['key']}): {exc.message}") from None
        created.append(case)
    return created


def act(
    db: Session, principal: Principal, batch_id: int, action: str, details: dict[str, Any], on: date
) -> Batch:
    """A batch step: submit (the applicant: intake of every member), start_review / admit / decline / close
    (the centre's admins, the working group's decision recorded with its date and reason)."""
    batch, centre = load(db, principal, batch_id)
    if action in ("submit", "withdraw"):
        if principal.organisation_id not in (batch.organisation_id, _agency(db, batch)):
            raise Forbidden("only the entity or its agency submits or withdraws the batch")
    else:
        access.require_centre_admin(principal, centre)
    transition = BATCH.apply(batch.state, action, details)
    if action == "submit":
        member_cases = members(db, batch)
        if not member_cases:
            raise Conflict("the batch has no applications: upload them first")
        for case in member_cases:
            if case.state == "draft":
                cases.submit(db, principal, case.id, on)
        batch.received_on = on
    if action in ("admit", "decline"):
        batch.decision_reason = str(details["reason"]).strip()
        batch.decided_on = date.fromisoformat(str(details["decision_date"]))
    batch.state = transition.target
    return batch


def _agency(db: Session, batch: Batch) -> int | None:
    entity = db.get(EntityRegistration, batch.entity_id)
    return entity.agency_organisation_id if entity else None


def list_batches(db: Session, principal: Principal) -> list[Batch]:
    centre = access.staff_centre(db, principal)
    statement = select(Batch)
    if centre is not None:
        statement = statement.where(Batch.centre_id == centre.id)
    else:
        org = principal.organisation_id
        entity_ids = select(EntityRegistration.id).where(
            (EntityRegistration.organisation_id == org) | (EntityRegistration.agency_organisation_id == org)
        )
        statement = statement.where(Batch.entity_id.in_(entity_ids))
    return list(db.scalars(statement.order_by(Batch.id)))


def records(db: Session, batches: Iterable[Batch], centre_name: str) -> list[BatchRecord]:
    """The batches as the statistics see them: decision and each member's CNIPA outcome."""
    out = []
    for batch in batches:
        if batch.received_on is None:
            continue
        outcomes = tuple(c.cnipa_outcome or None for c in members(db, batch))
        admitted = {"admitted": True, "closed": True, "not_admitted": False}.get(batch.state)
        out.append(BatchRecord(batch.number, centre_name, batch.theme, batch.received_on, admitted, outcomes))
    return out


def year_report(db: Session, centre: Centre, year: int) -> dict[str, Any]:
    own = db.scalars(select(Batch).where(Batch.centre_id == centre.id))
    return batch_report(records(db, own, centre.name), centre.name, year).to_json()
