"""The aids' worker process: stopped with the server, and gone when the server process dies without stopping."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from ipcenter.prexam import jobs


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) counts as gone
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return False


def test_shutdown_stops_the_worker() -> None:
    pool = jobs._pool()
    assert pool.submit(os.getpid).result(timeout=120) != os.getpid()  # the worker is another process
    workers = list(pool._processes)  # type: ignore[attr-defined]
    assert len(workers) == 1
    jobs.shutdown()
    assert _wait_gone(workers[0], 30)
    assert jobs._POOL is None


def test_the_worker_leaves_when_the_server_process_is_killed() -> None:
    # a stand-in for the server: starts the pool, prints its worker's pid, then waits to be killed
    script = textwrap.dedent(
        """
        import os, sys, time
        from ipcenter.prexam import jobs
        pool = jobs._pool()
        pool.submit(os.getpid).result(timeout=120)
        print(list(pool._processes)[0], flush=True)
        time.sleep(600)
        """
    )
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        assert _alive(worker)
        server.send_signal(signal.SIGKILL)  # no shutdown, no atexit
        server.wait(timeout=30)
        assert _wait_gone(worker, 30), "the aids worker outlived the killed server"
    finally:
        server.kill()
