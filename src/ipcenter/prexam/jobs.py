"""Running the automatic aids off the request path: a worker process per server process (so the aids' CPU
work does not hold the web workers' interpreter), or inline (tests, the demo, the command line).

``IPCENTER_PREXAM_AIDS`` chooses: ``background`` (default in the server), ``inline`` or ``off``. A batch's
progress (aids done of aids total) is counted in its row as each case finishes, so any page can show it.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from sqlalchemy import update

from ipcenter.platform.database import Database, open_database
from ipcenter.prexam.aids import AidTools, run_case_aids
from ipcenter.prexam.tables import Batch

log = logging.getLogger("ipcenter.prexam")
MODES = ("background", "inline", "off")


@dataclass(frozen=True)
class AidJob:
    database_url: str
    corpus_dir: Path | None
    models_dir: Path | None
    case_ids: tuple[int, ...]
    batch_id: int | None = None


def mode() -> str:
    chosen = os.environ.get("IPCENTER_PREXAM_AIDS", "background").strip().lower()
    return chosen if chosen in MODES else "background"


def run(
    job: AidJob, database: Database | None = None, tools: AidTools | None = None
) -> dict[int, dict[str, str]]:
    """Run the aids of every case of the job in turn, counting a batch's progress after each case."""
    own = database is None
    db_handle = database or open_database(job.database_url, migrate=False)
    aid_tools = tools or _tools_for(job)
    results = {}
    try:
        for case_id in job.case_ids:
            try:
                results[case_id] = run_case_aids(db_handle, case_id, aid_tools)
            except Exception as exc:  # one case's failure must not stop the batch
                log.exception("aids of case %s failed", case_id)
                results[case_id] = {"error": f"{type(exc).__name__}: {exc}"}
            if job.batch_id is not None:
                with db_handle.session() as db:
                    db.execute(
                        update(Batch).where(Batch.id == job.batch_id).values(aids_done=Batch.aids_done + 1)
                    )
    finally:
        if own:
            db_handle.dispose()
    return results


_TOOLS: dict[tuple[str, str], AidTools] = {}


def _tools_for(job: AidJob) -> AidTools:
    """One set of heavy objects per process (model, index), reused by every job it runs."""
    key = (str(job.corpus_dir), str(job.models_dir))
    if key not in _TOOLS:
        _TOOLS[key] = AidTools(job.corpus_dir, job.models_dir)
    return _TOOLS[key]


_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = Lock()


def _exit_when_orphaned() -> None:
    """Worker start-up: leave when the server process is gone (stopped or killed), instead of living on as an
    orphan waiting for work. Polls the parent's pid: the pool starts its worker from whichever request thread
    first schedules a job, so the kernel's parent-death signal (tied to that thread) would fire too early."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-when-orphaned", daemon=True).start()


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            import multiprocessing

            _POOL = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_when_orphaned,
            )
        return _POOL


def shutdown() -> None:
    """Stop the worker process (the server's shutdown): jobs not started are cancelled; their cases keep no
    aids and the aids can be run again from the case page."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = None


def schedule(job: AidJob, database: Database | None = None) -> Future[dict[int, dict[str, str]]] | None:
    """Start the job as the mode says; returns the background future (None when inline or off)."""
    chosen = mode()
    if chosen == "off" or not job.case_ids:
        return None
    if chosen == "inline":
        run(job, database)
        return None
    return _pool().submit(run, job)
