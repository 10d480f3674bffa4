"""The 337 watch as a service: local enterprises (registered organisations and the region's applicants in
the corpus), matching the imported respondents against them, the bureau's confirmation, and the alert."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import OrgKind
from ipcenter.corpus.store import Corpus
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.platform.database import utcnow
from ipcenter.protection import alerts, characters, matcher, names
from ipcenter.protection.tables import EnterpriseProfile, ItcInvestigation, ItcMatch, ItcRespondent

LOCAL_KINDS = (OrgKind.enterprise, OrgKind.university, OrgKind.research_institute)


def set_own_profile(db: Session, who: Principal, *, province: str = "", city: str = "",
                    english_names: list[str] = (), other_names: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]  # fmt: skip
    """An organisation admin states where the organisation is and the names it uses (its own only)."""
    org = db.get(Organisation, who.organisation_id) if who.organisation_id is not None else None
    if org is None:
        raise InvalidValue("this account belongs to no organisation")
    return set_profile(db, org.name, province=province, city=city, english_names=english_names,
                       other_names=other_names)  # fmt: skip


def set_profile(db: Session, organisation: str, *, province: str = "", city: str = "",
                english_names: list[str] = (), other_names: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]  # fmt: skip
    org = db.scalar(select(Organisation).where(Organisation.name == " ".join(organisation.split())))
    if org is None:
        raise NotFound(f"no organisation named {organisation!r} (ipcenter org list)")
    profile = db.scalar(select(EnterpriseProfile).where(EnterpriseProfile.organisation_id == org.id))
    if profile is None:
        profile = EnterpriseProfile(organisation_id=org.id)
        db.add(profile)
    profile.province = province or profile.province
    profile.city = city or profile.city
    if english_names:
        profile.english_names = "\n".join(n.strip() for n in english_names if n.strip())
    if other_names:
        profile.other_names = "\n".join(n.strip() for n in other_names if n.strip())
    db.flush()
    return {"organisation": org.name, "province": profile.province, "city": profile.city,
            "english_names": profile.english_names.splitlines(), "other_names": profile.other_names.splitlines()}  # fmt: skip


def organisation_candidates(db: Session, region: str | None) -> list[matcher.Candidate]:
    profiles = {p.organisation_id: p for p in db.scalars(select(EnterpriseProfile))}
    out = []
    for org in db.scalars(select(Organisation).where(Organisation.kind.in_([k.value for k in LOCAL_KINDS]))):
        profile = profiles.get(org.id)
        if region and profile is not None and profile.province and not _same_region(profile.province, region):
            continue
        out.append(matcher.Candidate(
            org.name, org.id,
            tuple(profile.english_names.splitlines()) if profile else (),
            tuple(profile.other_names.splitlines()) if profile else (),
            profile.city if profile else "", profile.province if profile else "", "organisation",
        ))  # fmt: skip
    return out


def _bare_region(name: str) -> str:
    return name.strip().removesuffix("省").removesuffix("市").removesuffix("自治区")


def _same_region(a: str, b: str) -> bool:
    return _bare_region(a) == _bare_region(b)


@functools.cache
def _region_places(region: str) -> frozenset[str]:
    """Pinyin of the region's name and its prefecture-level cities (湖南省 → hunan, changsha, zhuzhou …)."""
    import cpca

    codes = [str(i.adcode)[:2] for i in cpca.ad_2_addr_dict.values() if _same_region(str(i.name), region)]
    if not codes:
        return frozenset()
    prefix = codes[0]
    places = set()
    for info in cpca.ad_2_addr_dict.values():
        code = str(info.adcode)
        if code.startswith(prefix) and code.endswith("00"):
            short = str(info.name).removesuffix("市").removesuffix("省").removesuffix("地区")
            if len(short) >= 2:
                places.add(characters.spelled(short))
    return frozenset(places)


def corpus_candidates(corpus_dir: Path | None, region: str | None) -> list[matcher.Candidate]:
    """The region's applicants in the corpus: Chinese names resolved to the region, and English names (US,
    EP documents) carrying one of the region's city names (ZHUZHOU CSR TIMES ELEC CO LTD for 湖南省)."""
    if corpus_dir is None or not region:
        return []
    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        return []
    con = corpus.connect()
    try:
        rows = con.execute(
            "SELECT DISTINCT a.name, a.province, a.city FROM patents p, unnest(p.applicants) t(a) "
            "WHERE a.name IS NOT NULL AND (a.province IS NOT NULL OR a.country = 'CN')"
        ).fetchall()
    finally:
        con.close()
    places = _region_places(region)
    out = []
    for name, province, city in rows:
        if province and _same_region(province, region):
            out.append(matcher.Candidate(name, None, (), (), city or "", province, "corpus applicant"))
        elif (
            not characters.han_part(characters.normalise(name)) and names.english_parts(name).places & places
        ):
            out.append(
                matcher.Candidate(name, None, (name,), (), "", region, "corpus applicant (English name)")
            )
    return out


def _respondents(db: Session) -> list[Any]:
    return list(db.execute(select(ItcRespondent, ItcInvestigation).join(
        ItcInvestigation, ItcInvestigation.id == ItcRespondent.investigation_id).order_by(ItcRespondent.id)).all())  # fmt: skip


def match(db: Session, *, region: str | None = None, corpus_dir: Path | None = None) -> dict[str, Any]:
    """Match every imported respondent against the local enterprises; store the candidates (a confirmed or
    dismissed decision is kept); answer the CLI contract ``{"matches": [...]}``."""
    candidates = organisation_candidates(db, region) + corpus_candidates(corpus_dir, region)
    pairs = _respondents(db)
    if not pairs:
        raise NotFound("no 337 investigations imported: run `ipcenter watch itc import FILE` first")
    found = []
    for respondent, investigation in pairs:
        record = {"name": respondent.name, "name_zh": respondent.name_zh, "city": respondent.city,
                  "region": respondent.region, "country": respondent.country}  # fmt: skip
        for m in matcher.match_respondents([record], candidates):
            row = db.scalar(select(ItcMatch).where(ItcMatch.respondent_id == respondent.id,
                                                   ItcMatch.candidate == m.candidate.name[:300]))  # fmt: skip
            if row is None:
                row = ItcMatch(respondent_id=respondent.id, organisation_id=m.candidate.organisation_id,
                               candidate=m.candidate.name[:300], score=m.score)  # fmt: skip
                db.add(row)
            row.score, row.evidence = m.score, json.dumps(m.evidence, ensure_ascii=False)
            db.flush()
            found.append({
                "investigation_no": investigation.investigation_no or investigation.case_ref,
                "title": investigation.title,
                "respondent": respondent.name,
                "organisation": m.candidate.name,
                "organisation_id": m.candidate.organisation_id,
                "candidate_source": m.candidate.source,
                "score": m.score,
                "evidence": m.evidence,
                "match_id": row.id,
                "state": row.state,
            })  # fmt: skip
    found.sort(key=lambda f: (-f["score"], f["investigation_no"], f["respondent"]))
    return {"region": region, "respondents": len(pairs), "candidates": len(candidates), "matches": found}


def decide(db: Session, who: Principal, match_id: int, confirm: bool) -> dict[str, Any]:
    """The bureau confirms (alerting the enterprise and the bureau) or dismisses a candidate match."""
    row = db.get(ItcMatch, match_id)
    if row is None:
        raise NotFound(f"no 337 match {match_id}")
    if row.state != "candidate":
        raise Conflict(f"match {match_id} was {row.state} already")
    row.state = "confirmed" if confirm else "dismissed"
    row.decided_by, row.decided_at = who.user_id, utcnow()
    alerted = False
    if confirm:
        if row.organisation_id is None:
            raise InvalidValue("this match names an applicant in the corpus, not a registered organisation: "
                               "register the enterprise (ipcenter org add) and match again to alert it")  # fmt: skip
        respondent = db.get(ItcRespondent, row.respondent_id)
        assert respondent is not None
        investigation = db.get(ItcInvestigation, respondent.investigation_id)
        assert investigation is not None
        number = investigation.investigation_no or investigation.case_ref
        body = (f"{row.candidate} appears to be named as respondent {respondent.name!r} in US ITC investigation "
                f"{number} ({investigation.title}); instituted {investigation.institution_date or 'date not known'}. "
                f"Complainants: {investigation.complainants}. Evidence: {row.evidence}. "
                "Respond through counsel; the overseas dispute guidance centre can coordinate resources.")  # fmt: skip
        alerted = alerts.raise_alert(
            db, row.organisation_id, "itc", f"美国337调查被诉提醒 / named in US ITC {number}", body,
            f"itc:{row.id}", also_bureau=True,
        ) is not None  # fmt: skip
    db.flush()
    return {"match_id": row.id, "state": row.state, "alerted": alerted}


def list_matches(db: Session, who: Principal | None = None) -> list[dict[str, Any]]:
    rows = db.execute(select(ItcMatch, ItcRespondent, ItcInvestigation)
                      .join(ItcRespondent, ItcRespondent.id == ItcMatch.respondent_id)
                      .join(ItcInvestigation, ItcInvestigation.id == ItcRespondent.investigation_id)
                      .order_by(ItcMatch.score.desc(), ItcMatch.id)).all()  # fmt: skip
    out = []
    for m, r, inv in rows:
        if who is not None and who.organisation_id != m.organisation_id and not _sees_all(who):
            continue
        out.append({"match_id": m.id, "investigation_no": inv.investigation_no or inv.case_ref, "respondent": r.name,
                    "organisation": m.candidate, "organisation_id": m.organisation_id, "score": m.score,
                    "evidence": json.loads(m.evidence or "[]"), "state": m.state})  # fmt: skip
    return out


def _sees_all(who: Principal) -> bool:
    from ipcenter.accounts.roles import Role

    return who.role is Role.bureau_admin
