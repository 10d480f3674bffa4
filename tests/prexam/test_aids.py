"""The automatic aids on real text, through the examine, classify and search services: a corpus of the
KPPatent-ZH applications (indexed without vectors), the quick classifier, and cases filed with the text of
applications from that corpus, so the prior-art search must find each one's own publication as category X.
Also batches (ZIP + XLSX manifest, intake of every member, aids with progress)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ipcenter.corpus.store import Corpus
from ipcenter.prexam import aids, batches, cases, entities, jobs
from ipcenter.prexam.tables import Batch, Centre

from .conftest import World, build_world, docx_bytes, entity_facts, real_application

ON = date(2025, 12, 1)


@pytest.fixture(scope="session")
def aid_tools(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> aids.AidTools:
    from ipcenter.classify import service as classify
    from ipcenter.ingest.service import ingest
    from ipcenter.search.index import build_index

    root = tmp_path_factory.mktemp("aids")
    ingest([data_dir / "kppatent-zh" / "kppatent_test.jsonl"], root / "corpus")
    build_index(Corpus(root / "corpus"), vectors="none")
    classify.save_classifier(classify.build_classifier(data_dir, quick=True, n_jobs=1), root / "models")
    return aids.AidTools(root / "corpus", root / "models")


@pytest.fixture
def sqlite_world(tmp_path: Path, data_dir: Path) -> Iterator[World]:
    world = build_world(f"sqlite:///{tmp_path / 'app.db'}", data_dir)
    yield world
    world.database.dispose()


def _entity(w: World) -> int:
    with w.database.session() as db:
        centre = db.get(Centre, w.centre_id)
        assert centre is not None
        row = entities.apply(db, w.who("applicant"), centre, entity_facts())
        entities.act(db, w.who("applicant"), row.id, "submit", {}, ON)
        entities.act(db, w.who("centre_admin"), row.id, "approve", {}, ON)
        return row.id


def _case(w: World, entity_id: int, app: dict[str, Any]) -> int:
    with w.database.session() as db:
        case = cases.create(db, w.who("applicant"), entity_id, {
            "patent_type": "invention", "title": app["title"], "applicants": ["四川示例装备有限公司"],
            "main_class": "E21C41/16", "documents": []})  # fmt: skip
        for kind, text in (("request", app["title"]), ("description", app["abstract"]),
                           ("claims", "\n".join(app["claims"])), ("abstract", app["abstract"])):  # fmt: skip
            cases.add_document(db, w.who("applicant"), case.id, kind, f"{kind}.docx", docx_bytes(text))
        return case.id


def test_aids_of_a_case(sqlite_world: World, data_dir: Path, aid_tools: aids.AidTools) -> None:
    w = sqlite_world
    app = real_application(data_dir, 0)  # CN113914863A, 近水平薄矿体智能掘进机机械开采方法
    case_id = _case(w, _entity(w), app)
    assert aids.run_case_aids(w.database, case_id, aid_tools) == {k: "done" for k in aids.KINDS}
    with w.database.session() as db:
        case, _c = cases.load(db, w.who("applicant"), case_id)
        found = {a["kind"]: a for a in aids.aids_of(db, case)}
    check = found["formal_check"]["result"]
    assert len(check["claims"]) == len(app["claims"]) and "findings" in check
    classes = found["classification"]["result"]
    assert classes["declared"]["scope"]["in_scope"] is False  # E21C is not in 四川's scope
    assert len(classes["suggestions"]) == 5 and all("scope" in s for s in classes["suggestions"])
    assert any(s["code"].startswith("E21") for s in classes["suggestions"][:3])
    report = found["search_report"]["result"]
    top = report["candidates"][0]
    assert top["publication_number"] == app["publication_number"]  # its own publication is found first
    assert top["category"] == "X" and top["coverage"] > 0.9 and top["passages"]
    assert {c["category"] for c in report["candidates"]} <= {"X", "Y", "A"}
    assert report["query"]["text"].startswith(app["title"]) and report["query"]["corpus_version"] is not None
    with w.database.session() as db:
        from sqlalchemy import select

        from ipcenter.prexam.tables import Aid

        row = db.scalar(select(Aid).where(Aid.case_id == case_id, Aid.kind == "search_report"))
        assert row is not None
        aids.sign_search_report(db, row, w.who("examiner").user_id,
                                [{"publication_number": top["publication_number"], "category": "Y"}], "改为Y类")  # fmt: skip
        signed = json.loads(row.result)
        assert signed["signed"] and signed["candidates"] == [{**top, "category": "Y", "proposed": "X"}]


def test_missing_model_or_index_fails_that_aid_only(
    sqlite_world: World, data_dir: Path, tmp_path: Path
) -> None:
    w = sqlite_world
    case_id = _case(w, _entity(w), real_application(data_dir, 3))
    outcome = aids.run_case_aids(
        w.database, case_id, aids.AidTools(tmp_path / "no-corpus", tmp_path / "no-models")
    )
    assert outcome["formal_check"] == "done"
    assert outcome["classification"].startswith("failed:") and "classify train" in outcome["classification"]
    assert outcome["search_report"].startswith("failed:")


def _batch_files(apps: list[dict[str, Any]]) -> tuple[bytes, bytes]:
    buffer = io.BytesIO()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编号", "名称", "主分类号", "申请人", "发明人"])
    with zipfile.ZipFile(buffer, "w") as archive:
        for i, app in enumerate(apps, 1):
            key = f"P{i:03d}"
            for name, text in (("请求书", app["title"]), ("说明书", app["abstract"]),
                               ("权利要求书", "\n".join(app["claims"])), ("摘要", app["abstract"])):  # fmt: skip
                archive.writestr(f"批量/{key}/{name}.docx", docx_bytes(text))
            sheet.append([key, app["title"], "B23Q15/18", "四川示例装备有限公司", "张三；李四"])
    out = io.BytesIO()
    book.save(out)
    return buffer.getvalue(), out.getvalue()


def test_a_batch_upload_with_aids_and_progress(
    sqlite_world: World, data_dir: Path, aid_tools: aids.AidTools
) -> None:
    w = sqlite_world
    entity_id = _entity(w)
    apps = [real_application(data_dir, i) for i in (4, 5, 6)]
    zip_bytes, manifest = _batch_files(apps)
    with w.database.session() as db:
        batch = batches.create(db, w.who("applicant"), entity_id, "数控机床热误差补偿", "技术路线图.pdf")
        created = batches.upload(db, w.who("applicant"), batch.id, zip_bytes, manifest)
        assert [c.title for c in created] == [a["title"] for a in apps]
        assert json.loads(created[0].inventors) == ["张三", "李四"]
        batches.act(db, w.who("applicant"), batch.id, "submit", {}, ON)
        accepted = [c.id for c in batches.members(db, batch) if c.state == "accepted"]
        assert len(accepted) == 3
        batch.aids_total = len(accepted)
        batch_id = batch.id
    jobs.run(jobs.AidJob("", None, None, tuple(accepted), batch_id), w.database, aid_tools)
    with w.database.session() as db:
        batch = db.get(Batch, batch_id)
        assert batch is not None and (batch.aids_done, batch.aids_total) == (3, 3)
        batches.act(db, w.who("centre_admin"), batch_id, "start_review", {}, ON)
        with pytest.raises(Exception, match="decision_date"):
            batches.act(db, w.who("centre_admin"), batch_id, "admit", {"reason": "卡脖子技术"}, ON)
        batches.act(
            db,
            w.who("centre_admin"),
            batch_id,
            "admit",
            {"reason": "卡脖子技术", "decision_date": "2025-12-05"},
            ON,
        )
        report = batches.year_report(db, db.get(Centre, w.centre_id), 2025)  # type: ignore[arg-type]
        assert (report["batches_received"], report["applications_admitted"]) == (1, 3)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda z, m: (z, b"not a workbook"), "XLSX"),
        (lambda z, m: (b"not a zip", m), "ZIP"),
        (lambda z, m: (_with_entry(z, "../evil/权利要求书.docx"), m), "unsafe path"),
        (lambda z, m: (_with_entry(z, "批量/P001/图.docx"), m), "document kind"),
    ],
)
def test_bad_uploads_are_refused_whole(
    sqlite_world: World, data_dir: Path, mutate: Any, message: str
) -> None:
    w = sqlite_world
    entity_id = _entity(w)
    zip_bytes, manifest = mutate(*_batch_files([real_application(data_dir, 7)]))
    with w.database.session() as db:
        batch = batches.create(db, w.who("applicant"), entity_id, "主题", "")
        with pytest.raises(Exception, match=message):
            batches.upload(db, w.who("applicant"), batch.id, zip_bytes, manifest)


def _with_entry(content: bytes, name: str) -> bytes:
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, b"x")
    return buffer.getvalue()
