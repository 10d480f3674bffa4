"""schemathesis against the live OpenAPI document of a real `ipcenter serve` (loopback, a small real corpus,
one account per role): every operation, anonymously and with a bearer token, with generated valid and
invalid input. No response may be a 5xx, and every response must conform to the document (its status code
is declared, its content type and body match the declaration). Example counts are bounded so CI stays
quick; ``IPCENTER_SCHEMATHESIS_EXAMPLES`` raises them for a deeper local run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

PASSWORD = "schemathesis password 1"
EXAMPLES = int(os.environ.get("IPCENTER_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@dataclass
class LiveApi:
    base: str
    email: str  # a bureau admin: every operation is open to it

    token: str = ""

    def bearer(self) -> dict[str, str]:
        """The bureau admin's token (a new one after a generated call may have revoked it)."""
        if not self.token:
            answer = httpx.post(
                f"{self.base}/api/v1/tokens", json={"email": self.email, "password": PASSWORD}, timeout=60
            )
            assert answer.status_code == 201, answer.text
            self.token = answer.json()["token"]
        return self._header()

    def _header(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[LiveApi]:
    from ipcenter.ingest.service import ingest
    from ipcenter.platform.testing import live_server, seed_role_accounts

    tmp = tmp_path_factory.mktemp("schemathesis")
    corpus_dir = tmp / "corpus"
    ingest([data_dir / "cn-patent-xml-samples", data_dir / "cn-biblio-full-sample"], corpus_dir)
    database_url = f"sqlite:///{tmp / 'app.db'}"
    emails = seed_role_accounts(database_url, PASSWORD)
    with live_server(corpus_dir, database_url, tmp / "serve.log") as base:
        yield LiveApi(base, emails["bureau_admin"])


@pytest.fixture(scope="module")
def api_schema(live_api: LiveApi) -> Any:
    return schemathesis.openapi.from_url(f"{live_api.base}/api/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")
LIMITS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples each run: a failure in CI is a failure here
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@LIMITS
def test_anonymous(case: Any, live_api: LiveApi) -> None:
    case.call_and_validate(checks=CHECKS, timeout=60)


@schema.parametrize()
@LIMITS
def test_with_a_token(case: Any, live_api: LiveApi) -> None:
    case.call_and_validate(headers=live_api.bearer(), checks=CHECKS, timeout=60)
    if case.method == "DELETE" and case.path.startswith("/api/v1/tokens"):
        live_api.token = ""  # it may have revoked the token it was sent with
