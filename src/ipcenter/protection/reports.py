"""What runs after each ingest (``ipcenter watch run``; the demo; an operator's cron after ``ipcenter
ingest``): every watch, the status changes of every organisation's patents, the fee deadlines coming up,
and the e-mail of the alerts raised (when SMTP is configured)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation
from ipcenter.corpus.store import Corpus
from ipcenter.errors import UserError
from ipcenter.protection import alerts, portfolio, watches
from ipcenter.protection.tables import Alert, EnterpriseProfile

DUE_SOON_DAYS = 30


def _search_backend(corpus_dir: Path) -> Any:
    try:
        from ipcenter.search import service as search_service

        return search_service.open_engine(corpus_dir)
    except UserError:
        return None  # no index: query watches are reported as skipped


def organisation_names(db: Session) -> dict[int, list[str]]:
    others = {p.organisation_id: p.other_names.splitlines() for p in db.scalars(select(EnterpriseProfile))}
    return {org.id: [org.name, *others.get(org.id, [])] for org in db.scalars(select(Organisation))}


def after_ingest(db: Session, corpus_dir: Path, today: date | None = None) -> dict[str, Any]:
    day = today or date.today()
    before = db.scalar(select(Alert.id).order_by(Alert.id.desc()).limit(1)) or 0
    corpus = Corpus(corpus_dir)
    result: dict[str, Any] = {
        "corpus_version": None,
        "watches": [],
        "status_changes": [],
        "deadline_alerts": 0,
    }
    if not corpus.exists:
        result["skipped"] = f"no corpus at {corpus_dir}"
        result["alerts"] = 0
        return result
    version = str(corpus.manifest.version)
    result["corpus_version"] = version
    result["watches"] = watches.run_watches(db, corpus_dir, _search_backend(corpus_dir))
    for org_id, names in organisation_names(db).items():
        patents = portfolio.patents_of(corpus, names)
        if not patents:
            continue
        for change in portfolio.status_changes(db, org_id, patents, version):
            result["status_changes"].append({"organisation_id": org_id, **change})
            alerts.raise_alert(
                db, org_id, "status", f"专利状态变化 / status change: {change['application_number']}",
                f"{change['title']}: {change['from'] or 'new'} → {change['to']} (corpus version {version})",
                f"status:{change['application_number']}:{change['to']}:v{version}",
            )  # fmt: skip
        for item in portfolio.deadlines(patents, day)["deadlines"]:
            due = date.fromisoformat(item["date"])
            if item["kind"] == "annual_fee" and due - timedelta(days=DUE_SOON_DAYS) <= day:
                raised = alerts.raise_alert(
                    db, org_id, "deadline", f"年费即将到期 / annual fee due {item['date']}: {item['application_number']}",
                    f"{item['title']}: the year-{item['fee_year']} fee is due on {item['date']}; grace period until "
                    f"{item['grace_end']} with a surcharge.",
                    f"fee:{item['application_number']}:{item['fee_year']}",
                )  # fmt: skip
                result["deadline_alerts"] += raised is not None
    db.flush()
    result["alerts"] = len(list(db.scalars(select(Alert.id).where(Alert.id > before))))
    return result


def send_mail(database: Any) -> dict[str, int]:
    """E-mail the inbox messages not sent yet (SMTP from IPCENTER_SMTP_*; none configured: nothing sent)."""
    from ipcenter.accounts import notifications

    return notifications.send_pending(database, notifications.smtp_from_environment())
