"""Every route with a row id in its path, pages included (which the OpenAPI document and so schemathesis do
not see), refuses an id beyond the app database's integer range with a 4xx: such a number names no row, and
handing it to the database driver answered 500 (SQLite: "Python int too large", PostgreSQL: out of range)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from ipcenter.accounts.policy import route_table
from ipcenter.platform.app import create_app
from ipcenter.platform.deps import MAX_ROW_ID
from ipcenter.platform.settings import Settings
from ipcenter.platform.testing import seed_role_accounts

PASSWORD = "row id test password"
ID_PARAMETER = re.compile(r"{(\w+_id)}")


def test_ids_beyond_the_database_range_are_refused_not_500(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    emails = seed_role_accounts(database_url, PASSWORD)
    app = create_app(Settings(corpus_dir=tmp_path / "corpus", database_url=database_url))
    client = TestClient(app, raise_server_exceptions=False)
    answer = client.post("/api/v1/tokens", json={"email": emails["bureau_admin"], "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {answer.json()['token']}"}
    routes = [e for e in route_table(app) if ID_PARAMETER.search(e.path)]
    assert len(routes) > 10  # accounts, search, prexam, protection…
    for huge in (MAX_ROW_ID + 1, 2**63, 2**70):
        for entry in routes:
            url = ID_PARAMETER.sub(str(huge), entry.path)
            response = client.request(entry.method, url, headers=bearer)
            assert response.status_code < 500, (
                f"{entry.method} {url}: {response.status_code} {response.text[:200]}"
            )
    app.state.platform.database.dispose()
