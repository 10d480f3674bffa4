"""Hostile and careless input on the platform: CSRF-less posts, forged session cookies, oversized bodies,
absurd page sizes, malformed JSON → a clear 4xx in problem+json, nothing stored, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ipcenter.accounts import service, sessions
from ipcenter.accounts.models import SavedSearch, User
from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings

PASSWORD = "a long enough secret"


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(corpus_dir=tmp_path / "corpus", database_url=db_url, max_body_bytes=64 * 1024))
    with app.state.platform.database.session() as db:
        service.add_organisation(db, "甲公司", "enterprise")
        service.add_organisation(db, "乙公司", "enterprise")
        service.add_user(db, "a@example.cn", "org_admin", PASSWORD, "甲公司")
        service.add_user(db, "b@example.cn", "member", PASSWORD, "乙公司")
    yield TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    app.state.platform.database.dispose()


def _count(client: TestClient, model: type) -> int:
    with client.app.state.platform.database.session() as db:  # type: ignore[attr-defined]
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def _token(client: TestClient, email: str) -> str:
    response = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD, "name": "t"})
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def _signed_in(client: TestClient, email: str) -> None:
    client.cookies.set(CSRF_COOKIE, "c")
    response = client.post("/signin", data={"email": email, "password": PASSWORD, CSRF_FIELD: "c"})
    assert response.status_code == 303, response.text


def _is_problem(response: object, status: int) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


def test_saved_searches_are_the_organisations_and_others_get_404(client: TestClient) -> None:
    a = {"Authorization": f"Bearer {_token(client, 'a@example.cn')}"}
    b = {"Authorization": f"Bearer {_token(client, 'b@example.cn')}"}
    created = client.post(
        "/api/v1/saved-searches", json={"name": "锂电池", "query": "TI=(锂电池)"}, headers=a
    )
    assert created.status_code == 201
    item = created.json()
    assert item["name"] == "锂电池" and item["query"] == "TI=(锂电池)" and isinstance(item["id"], int)
    assert client.get(f"/api/v1/saved-searches/{item['id']}", headers=a).json() == item
    _is_problem(client.get(f"/api/v1/saved-searches/{item['id']}", headers=b), 404)
    _is_problem(client.delete(f"/api/v1/saved-searches/{item['id']}", headers=b), 404)
    _is_problem(client.get("/api/v1/saved-searches/999999", headers=b), 404)  # same answer: nothing disclosed
    assert client.get("/api/v1/saved-searches", headers=b).json()["total"] == 0
    assert client.delete(f"/api/v1/saved-searches/{item['id']}", headers=a).status_code == 204
    audit = client.get("/api/v1/audit", headers=a)
    assert audit.status_code == 403  # an org admin is not the bureau admin


def test_csrf_less_and_forged_posts_store_nothing(client: TestClient) -> None:
    _signed_in(client, "a@example.cn")
    before = _count(client, SavedSearch)
    client.cookies.delete(CSRF_COOKIE)
    response = client.post("/api/v1/saved-searches", json={"name": "x", "query": "y"})
    _is_problem(response, 403)
    client.cookies.set(CSRF_COOKIE, "right")
    response = client.post("/org/members", data={"email": "n@example.cn", "password": PASSWORD,
                                                 "role": "member", CSRF_FIELD: "wrong"})  # fmt: skip
    assert response.status_code == 403 and "Traceback" not in response.text
    response = client.post(
        "/api/v1/saved-searches", json={"name": "x", "query": "y"}, headers={"X-CSRF-Token": "right"}
    )
    assert response.status_code == 201  # the same request with the page's token is accepted
    assert _count(client, SavedSearch) == before + 1
    assert _count(client, User) == 2


def test_a_cross_site_sign_in_form_is_refused(client: TestClient) -> None:
    response = client.post("/signin", data={"email": "a@example.cn", "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize("cookie", ["forged", "x" * 5000, "ipc_" + "A" * 43, "' OR 1=1 --", "%E4%B8%AD"])
def test_forged_session_cookies_are_not_signed_in(client: TestClient, cookie: str) -> None:
    client.cookies.set(SESSION_COOKIE, cookie)
    _is_problem(client.get("/api/v1/me"), 401)
    page = client.get("/account")
    assert page.status_code == 303 and page.headers["location"].startswith("/signin")


@pytest.mark.parametrize("token", ["nope", "ipc_forged", "ipc_" + "x" * 500, ""])
def test_bad_bearer_tokens_are_401(client: TestClient, token: str) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    _is_problem(response, 401)  # an empty bearer is no credential: the public, who must sign in here


def test_revoked_tokens_stop_working(client: TestClient) -> None:
    token = _token(client, "a@example.cn")
    headers = {"Authorization": f"Bearer {token}"}
    (listed,) = client.get("/api/v1/tokens", headers=headers).json()
    assert "token" not in listed and token not in str(listed)
    assert client.delete(f"/api/v1/tokens/{listed['id']}", headers=headers).status_code == 200
    _is_problem(client.get("/api/v1/me", headers=headers), 401)


def test_oversized_bodies_are_413_and_nothing_is_stored(client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {_token(client, 'a@example.cn')}"}
    big = {"name": "big", "query": "x" * 100_000}
    _is_problem(client.post("/api/v1/saved-searches", json=big, headers=headers), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is applied while streaming
        yield b'{"name": "big", "query": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    streamed = client.post(
        "/api/v1/saved-searches", content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    _is_problem(streamed, 413)
    assert _count(client, SavedSearch) == 0


@pytest.mark.parametrize(
    "query", ["size=100000", "size=0", "page=0", "page=-1", "size=abc", "page=99999999999999999999"]
)
def test_absurd_page_sizes_are_422(client: TestClient, query: str) -> None:
    headers = {"Authorization": f"Bearer {_token(client, 'a@example.cn')}"}
    _is_problem(client.get(f"/api/v1/saved-searches?{query}", headers=headers), 422)


@pytest.mark.parametrize(
    "body",
    [b"{", b"[]", b'{"name": "", "query": "q"}', b'{"name": "n"}', b'{"name": "n", "query": 5}', b"\xff\xfe"],
)
def test_malformed_json_is_422_and_nothing_is_stored(client: TestClient, body: bytes) -> None:
    headers = {
        "Authorization": f"Bearer {_token(client, 'a@example.cn')}",
        "Content-Type": "application/json",
    }
    response = client.post("/api/v1/saved-searches", content=body, headers=headers)
    assert response.status_code in (400, 422), response.text
    assert "Traceback" not in response.text
    assert _count(client, SavedSearch) == 0


def test_a_nul_character_is_stored_or_refused_never_a_500(client: TestClient, db_url: str) -> None:
    """SQLite stores a NUL in text, PostgreSQL refuses it: a 422 saying so, nothing stored, not a 500."""
    headers = {"Authorization": f"Bearer {_token(client, 'a@example.cn')}"}
    body = {"name": "锂\u0000电池", "query": "TI=(锂电池)"}
    response = client.post("/api/v1/saved-searches", json=body, headers=headers)
    if db_url.startswith("postgresql"):
        _is_problem(response, 422)
        assert "NUL" in response.json()["detail"]
        assert _count(client, SavedSearch) == 0
    else:
        assert response.status_code == 201 and response.json()["name"] == body["name"]


def test_sign_in_is_throttled(client: TestClient) -> None:
    for _ in range(5):
        wrong = client.post("/api/v1/tokens", json={"email": "a@example.cn", "password": "wrong password!"})
        _is_problem(wrong, 401)
    throttled = client.post("/api/v1/tokens", json={"email": "a@example.cn", "password": PASSWORD})
    _is_problem(throttled, 429)
    assert throttled.headers["retry-after"]
    # the other account is not locked by someone guessing this one
    assert (
        client.post("/api/v1/tokens", json={"email": "b@example.cn", "password": PASSWORD}).status_code == 201
    )


def test_cookies_are_httponly_and_samesite(client: TestClient) -> None:
    client.cookies.set(CSRF_COOKIE, "c")
    response = client.post("/signin", data={"email": "a@example.cn", "password": PASSWORD, CSRF_FIELD: "c"})
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    session = next(h for h in headers if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in session and "SameSite=lax" in session.replace("Lax", "lax")


def test_open_redirects_after_sign_in_go_home(client: TestClient) -> None:
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        client.cookies.clear()  # sign-in rotates the CSRF cookie
        client.cookies.set(CSRF_COOKIE, "c")
        response = client.post(
            "/signin", data={"email": "a@example.cn", "password": PASSWORD, CSRF_FIELD: "c", "next": target}
        )
        assert response.headers["location"] == "/"


def test_unknown_routes_and_methods_are_problem_json(client: TestClient) -> None:
    _is_problem(client.get("/api/v1/nothing-here"), 404)
    _is_problem(client.put("/api/v1/saved-searches"), 405)


_ = sessions
