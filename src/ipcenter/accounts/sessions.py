"""Signing in: password check with throttling, browser sessions and API tokens, and the principal each
stands for. No policy here: these functions find out *who* asks; `policy` decides what they may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ipcenter.accounts import credentials
from ipcenter.accounts.errors import NotSignedIn, TooManyAttempts
from ipcenter.accounts.models import ApiToken, LoginAttempt, User, WebSession
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.errors import InvalidValue
from ipcenter.platform.database import Database, utcnow
from ipcenter.platform.settings import Settings

WRONG_CREDENTIALS = "wrong e-mail or password"


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if not 3 <= len(value) <= 254 or value.count("@") != 1 or value.startswith("@") or value.endswith("@"):
        raise InvalidValue(f"{email[:60]!r} is not an e-mail address")
    return value


def principal_of(user: User, via: str, client_address: str = "") -> Principal:
    return Principal(user.id, user.email, Role(user.role), user.organisation_id, via, client_address)


def authenticate(database: Database, settings: Settings, email: str, password: str, address: str) -> User:
    """The active account with these credentials; failures are counted and throttled (429 when over)."""
    email = email.strip().lower()[:254]
    since = utcnow() - settings.login_window
    with database.session() as db:
        by_account = db.scalar(
            select(func.count(LoginAttempt.id)).where(LoginAttempt.email == email, LoginAttempt.at >= since)
        )
        by_address = db.scalar(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.client_address == address, LoginAttempt.at >= since
            )
        )
        if (by_account or 0) >= settings.login_failures_per_account or (
            by_address or 0
        ) >= settings.login_failures_per_address:
            minutes = int(settings.login_window.total_seconds() // 60)
            raise TooManyAttempts(f"too many failed sign-ins; try again in {minutes} minutes")
        user = db.scalar(select(User).where(User.email == email))
        ok = credentials.verify_password(user.password_hash if user else None, password)
        if ok and user is not None and user.active:
            if credentials.needs_rehash(user.password_hash):
                user.password_hash = credentials.hash_password(password)
            db.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
            return user
    with database.session() as db:
        db.add(LoginAttempt(email=email, client_address=address[:64]))
    raise NotSignedIn(WRONG_CREDENTIALS)


# --------------------------------------------------------------------------- browser sessions


def start_session(db: Session, user: User, address: str, settings: Settings) -> str:
    """A new session for ``user``; returns the cookie value (only its hash is stored)."""
    token = credentials.new_token()
    db.add(
        WebSession(
            token_hash=credentials.token_hash(token),
            user_id=user.id,
            expires_at=utcnow() + settings.session_lifetime,
            client_address=address[:64],
        )
    )
    return token


def principal_for_session(db: Session, token: str, address: str) -> Principal | None:
    if len(token) > 200:
        return None
    row = db.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == credentials.token_hash(token))
    ).first()
    if row is None:
        return None
    session, user = row
    if session.expires_at <= utcnow() or not user.active or user.password_changed_at > session.created_at:
        return None
    return principal_of(user, "session", address)


def end_session(db: Session, token: str) -> None:
    db.execute(delete(WebSession).where(WebSession.token_hash == credentials.token_hash(token)))


# --------------------------------------------------------------------------- API tokens


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once
    row: ApiToken


def create_api_token(db: Session, user: User, name: str = "") -> NewToken:
    token = credentials.new_token(credentials.API_TOKEN_PREFIX)
    row = ApiToken(
        user_id=user.id,
        name=name.strip()[:100],
        prefix=token[:10],
        token_hash=credentials.token_hash(token),
    )
    db.add(row)
    db.flush()
    return NewToken(token, row)


def token_view(row: ApiToken) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    return {
        "id": row.id,
        "name": row.name,
        "prefix": row.prefix,
        "created_at": iso(row.created_at),
        "last_used_at": iso(row.last_used_at),
        "revoked_at": iso(row.revoked_at),
    }


def principal_for_api_token(db: Session, token: str, address: str) -> Principal | None:
    if not token.startswith(credentials.API_TOKEN_PREFIX) or len(token) > 200:
        return None
    row = db.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == credentials.token_hash(token))
    ).first()
    if row is None:
        return None
    api_token, user = row
    if api_token.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
        api_token.last_used_at = now  # at most one write a minute per token
    return principal_of(user, "token", address)
