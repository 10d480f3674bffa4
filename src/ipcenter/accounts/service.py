"""Organisations, users and roles, API-token management: what the CLI, the API and the pages call.

Authorisation of objects goes through `ipcenter.accounts.policy` (never compared here by hand)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts import credentials, policy
from ipcenter.accounts.errors import Forbidden, NotSignedIn
from ipcenter.accounts.models import ApiToken, Organisation, User
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import ACCOUNT_ROLES, AUTHORITY_ROLES, OrgKind, Role
from ipcenter.accounts.sessions import normalise_email, token_view
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.platform.database import utcnow


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def parse_kind(kind: str) -> OrgKind:
    try:
        return OrgKind(kind.strip().lower())
    except ValueError:
        raise InvalidValue(
            f"unknown organisation kind {kind!r}; choose one of {', '.join(k.value for k in OrgKind)}"
        ) from None


def parse_role(role: str) -> Role:
    try:
        parsed = Role(role.strip().lower())
    except ValueError:
        parsed = Role.public
    if parsed is Role.public:
        raise InvalidValue(
            f"unknown account role {role!r}; choose one of {', '.join(r.value for r in ACCOUNT_ROLES)}"
        )
    return parsed


# --------------------------------------------------------------------------- organisations


def organisation_view(org: Organisation, members: int | None = None) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": org.id,
        "name": org.name,
        "kind": org.kind,
        "created_at": _iso(org.created_at),
    }
    if members is not None:
        view["members"] = members
    return view


def add_organisation(db: Session, name: str, kind: str) -> Organisation:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 200:
        raise InvalidValue("an organisation name has 1 to 200 characters")
    parsed = parse_kind(kind)
    if db.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
        raise Conflict(f"an organisation named {name!r} exists already")
    org = Organisation(name=name, kind=parsed.value)
    db.add(org)
    db.flush()
    return org


def find_organisation(db: Session, name: str) -> Organisation:
    org = db.scalar(select(Organisation).where(Organisation.name == " ".join(name.split())))
    if org is None:
        raise NotFound(f"no organisation named {name!r} (see `ipcenter org list`)")
    return org


def list_organisations(db: Session, principal: Principal) -> list[dict[str, Any]]:
    grouped = db.execute(select(User.organisation_id, func.count(User.id)).group_by(User.organisation_id))
    counts = {org_id: int(n) for org_id, n in grouped}
    statement = policy.own_rows(principal, "organisation", select(Organisation), Organisation.id)
    return [
        organisation_view(o, counts.get(o.id, 0)) for o in db.scalars(statement.order_by(Organisation.id))
    ]


# --------------------------------------------------------------------------- users


def user_view(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "organisation": user.organisation.name if user.organisation else None,
        "organisation_id": user.organisation_id,
        "active": user.active,
        "created_at": _iso(user.created_at),
    }


def _check_role_fits(role: Role, org: Organisation | None) -> None:
    kinds = AUTHORITY_ROLES.get(role)
    if kinds is not None and (org is None or OrgKind(org.kind) not in kinds):
        where = " or ".join(sorted(k.value for k in kinds))
        raise InvalidValue(f"the role {role.value} belongs to an organisation of kind {where}")
    if role in (Role.member, Role.org_admin) and org is None:
        raise InvalidValue(f"the role {role.value} needs an organisation (--org NAME)")


def add_user(
    db: Session, email: str, role: str, password: str, organisation: str | None = None, display_name: str = ""
) -> User:
    address = normalise_email(email)
    parsed = parse_role(role)
    org = find_organisation(db, organisation) if organisation else None
    _check_role_fits(parsed, org)
    if db.scalar(select(User.id).where(User.email == address)) is not None:
        raise Conflict(f"an account for {address} exists already")
    user = User(
        email=address,
        display_name=" ".join(display_name.split())[:200],
        password_hash=credentials.hash_password(password),
        role=parsed.value,
        organisation=org,
    )
    db.add(user)
    db.flush()
    return user


def list_users(db: Session, principal: Principal, organisation_id: int | None = None) -> list[dict[str, Any]]:
    statement = policy.own_rows(principal, "user", select(User), User.organisation_id)
    if organisation_id is not None:
        statement = statement.where(User.organisation_id == organisation_id)
    return [user_view(u) for u in db.scalars(statement.order_by(User.id))]


def get_user(db: Session, principal: Principal, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    policy.require_visible(principal, "user", user.organisation_id, user_id)
    return user


def set_role(db: Session, principal: Principal, user_id: int, role: str) -> User:
    """An organisation admin moves members of their organisation between member and org_admin; the bureau
    admin gives any role that fits the account's organisation. Nobody changes their own role."""
    user = get_user(db, principal, user_id)
    parsed = parse_role(role)
    if user.id == principal.user_id:
        raise Forbidden("you cannot change your own role")
    if principal.role is not Role.bureau_admin and (
        parsed not in (Role.member, Role.org_admin) or Role(user.role) not in (Role.member, Role.org_admin)
    ):
        raise Forbidden("an organisation admin gives the roles member and org_admin only")
    _check_role_fits(parsed, user.organisation)
    user.role = parsed.value
    return user


def set_active(db: Session, principal: Principal, user_id: int, active: bool) -> User:
    user = get_user(db, principal, user_id)
    if user.id == principal.user_id:
        raise Forbidden("you cannot deactivate your own account")
    if principal.role is not Role.bureau_admin and Role(user.role) not in (Role.member, Role.org_admin):
        raise Forbidden("only the bureau admin changes accounts of the authority's roles")
    user.active = active
    return user


def change_password(db: Session, principal: Principal, old: str, new: str) -> User:
    """The signed-in user's own password; every other session of theirs ends (they were made before)."""
    user = db.get(User, principal.user_id) if principal.user_id is not None else None
    if user is None:
        raise NotSignedIn("sign in first")
    if not credentials.verify_password(user.password_hash, old):
        raise Forbidden("the current password is wrong")
    user.password_hash = credentials.hash_password(new)
    user.password_changed_at = utcnow()
    return user


# --------------------------------------------------------------------------- API tokens


def list_api_tokens(db: Session, principal: Principal) -> list[dict[str, Any]]:
    rows = db.scalars(select(ApiToken).where(ApiToken.user_id == principal.user_id).order_by(ApiToken.id))
    return [token_view(r) for r in rows]


def revoke_api_token(db: Session, principal: Principal, token_id: int) -> dict[str, Any]:
    row = db.get(ApiToken, token_id)
    policy.require_owner(principal, "api_token", row.user_id if row else None, token_id)
    assert row is not None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return token_view(row)
