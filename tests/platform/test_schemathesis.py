"""schemathesis against the live OpenAPI document of a real `ipcenter serve` (loopback, a small real corpus,
one account per role): every operation, anonymously and with a bearer token, with generated valid and
invalid input. No response may be a 5xx, and every response must conform to the document (its status code
is declared, its content type and body match the declaration). Example counts are bounded so CI stays
quick; ``IPCENTER_SCHEMATHESIS_EXAMPLES`` raises them for a deeper local run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

PASSWORD = "schemathesis password 1"
EXAMPLES = int(os.environ.get("IPCENTER_SCHEMATHESIS_EXAMPLES", "10"))
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
def live_api(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, served_dirs: dict[str, Path]
) -> Iterator[LiveApi]:
    """A copy of the served demo (generated uploads are ingested into it) with one account per role."""
    from ipcenter.platform.testing import live_server, seed_role_accounts

    root = tmp_path_factory.mktemp("schemathesis") / "demo"
    shutil.copytree(served_dirs["root"], root)
    database_url = f"sqlite:///{root / 'app.db'}"
    emails = seed_role_accounts(database_url, PASSWORD)
    with live_server(
        root / "corpus", database_url, root / "serve.log", data_dir=data_dir, models_dir=root / "models"
    ) as base:
        yield LiveApi(base, emails["bureau_admin"])


def _schema(api: LiveApi, *, unexpected_methods: bool) -> Any:
    """The live document; the coverage phase (every boundary case the document defines) sends each path
    the methods it does not declare only in the token run (they answer 405 whoever asks)."""
    phases = {"coverage": {} if unexpected_methods else {"unexpected-methods": []}}
    config = SchemathesisConfig.from_dict({"phases": phases})
    return schemathesis.openapi.from_url(f"{api.base}/api/openapi.json", config=config)


@pytest.fixture(scope="module")
def anonymous_schema(live_api: LiveApi) -> Any:
    return _schema(live_api, unexpected_methods=False)


@pytest.fixture(scope="module")
def token_schema(live_api: LiveApi) -> Any:
    return _schema(live_api, unexpected_methods=True)


def _limits(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same examples each run: a failure in CI is a failure here
        suppress_health_check=list(HealthCheck),
    )


@schemathesis.pytest.from_fixture("anonymous_schema").parametrize()
@_limits(max(2, EXAMPLES // 3))  # most operations answer 401 to anyone anonymous: a few examples show it
def test_anonymous(case: Any, live_api: LiveApi) -> None:
    case.call_and_validate(checks=CHECKS, timeout=60)


@schemathesis.pytest.from_fixture("token_schema").parametrize()
@_limits(EXAMPLES)
def test_with_a_token(case: Any, live_api: LiveApi) -> None:
    case.call_and_validate(headers=live_api.bearer(), checks=CHECKS, timeout=60)
    if case.method == "DELETE" and case.path.startswith("/api/v1/tokens"):
        live_api.token = ""  # it may have revoked the token it was sent with
