"""Centres and their profile versions in the app database.

A centre is run by an organisation of kind protection_centre; its profile versions are stored as their JSON
form and selected by date like the built-in ones. A new version is made by changing settings or importing a
scope list; the previous one ends where the new one begins, so a case is always judged by the rules in force
on its date.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import OrgKind
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.prexam import access
from ipcenter.prexam.models import Setting
from ipcenter.prexam.profile import (
    AgencyList,
    CentreProfile,
    close_versions,
    profile_from_json,
    select_profile,
)
from ipcenter.prexam.scope import ScopeRow
from ipcenter.prexam.settings import check_setting_value
from ipcenter.prexam.tables import AgencyRegistration, Centre, ProfileVersion


def centre_view(centre: Centre) -> dict[str, Any]:
    return {
        "id": centre.id,
        "slug": centre.slug,
        "name": centre.name,
        "organisation_id": centre.organisation_id,
    }


def add_centre(
    db: Session, organisation: Organisation, profile: CentreProfile, created_by: int | None = None
) -> Centre:
    """A centre for ``organisation`` (kind protection_centre) with ``profile`` as its first version."""
    if organisation.kind != OrgKind.protection_centre.value:
        raise InvalidValue(f"{organisation.name} is a {organisation.kind}, not a protection centre")
    if db.scalar(select(Centre.id).where(Centre.organisation_id == organisation.id)) is not None:
        raise Conflict(f"{organisation.name} runs a centre already")
    if db.scalar(select(Centre.id).where(Centre.slug == profile.centre_id)) is not None:
        raise Conflict(f"a centre {profile.centre_id!r} exists already")
    centre = Centre(organisation_id=organisation.id, slug=profile.centre_id, name=profile.centre_name)
    db.add(centre)
    db.flush()
    _store(db, centre, profile, created_by)
    return centre


def _store(db: Session, centre: Centre, profile: CentreProfile, created_by: int | None) -> ProfileVersion:
    row = ProfileVersion(
        centre_id=centre.id,
        version=profile.version,
        effective_from=profile.effective_from,
        body=json.dumps(profile.to_json(), ensure_ascii=False),
        created_by=created_by,
    )
    db.add(row)
    db.flush()
    return row


def centre_by_slug(db: Session, slug: str) -> Centre:
    centre = db.scalar(select(Centre).where(Centre.slug == slug))
    if centre is None:
        raise NotFound(f"no centre {slug!r}")
    return centre


def list_centres(db: Session) -> list[Centre]:
    return list(db.scalars(select(Centre).order_by(Centre.id)))


#: Parsed versions by (database, centre, newest version row): rows are only ever added, so a new row is a new
#: key; parsing a profile with its scope table on every upload of a batch would cost more than the upload.
_VERSIONS: dict[tuple[str, int, int], list[CentreProfile]] = {}


def versions(db: Session, centre: Centre) -> list[CentreProfile]:
    newest = db.scalar(select(func.max(ProfileVersion.id)).where(ProfileVersion.centre_id == centre.id)) or 0
    bind = db.get_bind()
    key = (str(bind.engine.url), centre.id, newest)
    cached = _VERSIONS.get(key)
    if cached is None:
        rows = db.scalars(select(ProfileVersion).where(ProfileVersion.centre_id == centre.id))
        cached = close_versions([profile_from_json(json.loads(r.body)) for r in rows])
        if len(_VERSIONS) > 256:
            _VERSIONS.clear()
        _VERSIONS[key] = cached
    return list(cached)


def profile_on(db: Session, centre: Centre, on: date) -> CentreProfile:
    """The version in force on ``on``, with the agency list as registered in the database."""
    profile = select_profile(versions(db, centre), centre.slug, on)
    listed = db.execute(
        select(Organisation.name, AgencyRegistration.list_version)
        .join(AgencyRegistration, AgencyRegistration.organisation_id == Organisation.id)
        .where(AgencyRegistration.centre_id == centre.id, AgencyRegistration.on_list.is_(True))
    ).all()
    if listed and profile.agency_list is not None and not profile.agency_list.members:
        agency_list = AgencyList(
            profile.agency_list.name,
            profile.agency_list.publisher,
            ", ".join(sorted({v for _n, v in listed if v})) or profile.agency_list.version,
            profile.agency_list.published,
            tuple(n for n, _v in listed),
        )
        profile = replace(profile, agency_list=agency_list)
    return profile


def profile_for_year(db: Session, centre: Centre, year: int) -> CentreProfile:
    """The version in force on 1 January of ``year`` (or the first version, for a centre that began later)."""
    first = versions(db, centre)[0].effective_from
    return profile_on(db, centre, max(date(year, 1, 1), first))


def latest(db: Session, centre: Centre) -> CentreProfile:
    return versions(db, centre)[-1]


def change_settings(
    db: Session,
    principal: Principal,
    centre: Centre,
    changes: dict[str, Any],
    source: str,
    effective_from: date,
) -> CentreProfile:
    """A new profile version with ``changes`` (key → value) confirmed by the centre, citing ``source``."""
    access.require_centre_admin(principal, centre)
    if not source.strip():
        raise InvalidValue("say where the values come from (the centre's notice or decision)")
    settings = {}
    for key, value in changes.items():
        settings[key] = Setting(check_setting_value(key, value), "confirmed", source.strip())
    new = latest(db, centre).with_settings(settings, effective_from)
    _store(db, centre, new, principal.user_id)
    return new


def replace_scope(
    db: Session,
    principal: Principal,
    centre: Centre,
    rows: Sequence[ScopeRow],
    effective_from: date,
    *,
    confirmed: bool = True,
) -> CentreProfile:
    """A new profile version with the scope table read from the centre's published list."""
    access.require_centre_admin(principal, centre)
    if not rows:
        raise InvalidValue("the scope list is empty")
    new = latest(db, centre).with_scope(rows, "confirmed" if confirmed else "UNCONFIRMED", effective_from)
    _store(db, centre, new, principal.user_id)
    return new


def version_count(db: Session, centre: Centre) -> int:
    return db.scalar(select(func.count(ProfileVersion.id)).where(ProfileVersion.centre_id == centre.id)) or 0
