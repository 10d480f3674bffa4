"""The server's corpus: the document API answers like `ipcenter show --format json`; shared objects are
built once per corpus version; a re-ingest is served only once its manifest is committed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from ipcenter.corpus.store import CorpusWriter
from ipcenter.ingest.service import read_records
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings

FIRST = "cn-patent-xml-samples/CN101096965A.xml"
SECOND = "cn-biblio-full-sample/patentsemantix_10_records.json"


def test_documents_and_corpus_versions(tmp_path: Path, data_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    with CorpusWriter(corpus) as writer:
        for record in read_records(data_dir / FIRST):
            writer.upsert(record)
        writer.commit()
    app = create_app(Settings(corpus_dir=corpus, database_url=f"sqlite:///{tmp_path / 'app.db'}"))
    client = TestClient(app)
    served = client.get("/api/v1/documents/CN101096965A")
    assert served.status_code == 200
    shown = subprocess.run(
        [sys.executable, "-m", "ipcenter", "show", "CN101096965A", "--corpus", str(corpus), "--format", "json"],
        capture_output=True, text=True, timeout=120, env=os.environ,
    )  # fmt: skip
    assert served.json() == json.loads(shown.stdout)
    assert client.get("/api/v1/documents/200710112087.1").json()["publication_number"] == "CN101096965A"
    assert client.get("/api/v1/documents/CN115883397B").status_code == 404

    registry = app.state.platform.corpus
    first = registry.current()
    builds: list[int] = []
    assert first.shared("n", lambda c: builds.append(c.manifest.version) or len(c)) == 1
    assert first.shared("n", lambda c: builds.append(-1) or -1) == 1  # built once per version
    with CorpusWriter(corpus) as writer:
        for record in read_records(data_dir / SECOND):
            writer.upsert(record)
        writer.flush()  # staged, not committed: still the old version
        assert registry.current() is first
        assert client.get("/api/v1/documents/CN115883397B").status_code == 404
        writer.commit()
    second = registry.current()
    assert second is not first and second.version == first.version + 1
    assert second.shared("n", lambda c: len(c)) > 1
    assert client.get("/api/v1/documents/CN115883397B").status_code == 200
    assert client.get("/healthz").json()["corpus_version"] == second.version
    app.state.platform.database.dispose()
