"""A second embedded system started by the benchmark itself, with its read model on PostgreSQL.

The benchmark measures the running system (`make run`, SQLite by default) and, when
NASTAVNIK_TEST_DATABASE_URL names a PostgreSQL server, the same lifecycle again on a system whose read model
lives there: a fresh database on that server, migrated by the launcher, and the launcher's own Temporal dev
server, worker and API on free ports, so that nothing of the first system is shared. Both are stopped and
the database dropped when the benchmark ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from db.session import engine_for

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "scripts" / "run_local.py"
STARTUP_TIMEOUT = 180.0  # seconds: dev server, migrations, worker and API on a busy 2-core machine
UI_PORT_OFFSET = 1000  # the launcher's Temporal UI listens on the gRPC port + 1000


class OwnSystemError(Exception):
    """The second system could not be started; the message says why."""


@dataclass(frozen=True)
class OwnSystem:
    api_url: str
    temporal_address: str
    database_url: str
    launcher_pid: int


def free_port(also_free_at: int = 0) -> int:
    """A port free on loopback now (and, if asked, free at port + also_free_at as well)."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        if not also_free_at or (port + also_free_at < 65536 and port_free(port + also_free_at)):
            return port
    raise OwnSystemError("no free port pair on 127.0.0.1")


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def admin_url(server_url: str) -> URL:
    """The same server, its maintenance database: where CREATE and DROP DATABASE are run."""
    return make_url(server_url).set(database="postgres")


def run_admin(server_url: str, statement: str) -> None:
    engine = create_engine(admin_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@contextlib.contextmanager
def fresh_database(server_url: str, name: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; dropped afterwards (with its connections)."""
    run_admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        # This process's own pool first; WITH (FORCE) (PostgreSQL 13+) ends what else is connected.
        engine_for(make_url(server_url).set(database=name).render_as_string(hide_password=False)).dispose()
        run_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def descendants(root: int) -> set[int]:
    """Every process started, directly or not, by `root` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis.
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        children = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= children
        frontier = children
    return found


@contextlib.contextmanager
def postgres_system(server_url: str, run: str, log: Path | None = None) -> Iterator[OwnSystem]:
    """Start `scripts/run_local.py` on a fresh database of the PostgreSQL server, on free ports."""
    if make_url(server_url).get_backend_name() != "postgresql":
        raise OwnSystemError(f"NASTAVNIK_TEST_DATABASE_URL is not a PostgreSQL URL: {server_url}")
    with fresh_database(server_url, f"nastavnik_bench_{run}") as database_url:
        api_port, temporal_port = free_port(), free_port(also_free_at=UI_PORT_OFFSET)
        temporal_address = f"127.0.0.1:{temporal_port}"
        environment = {
            **os.environ,
            "NASTAVNIK_DATABASE_URL": database_url,
            "NASTAVNIK_API_HOST": "127.0.0.1",
            "NASTAVNIK_API_PORT": str(api_port),
            "NASTAVNIK_TEMPORAL_ADDRESS": temporal_address,
            "NASTAVNIK_METRICS_PORT": str(free_port()),
            "PYTHONUNBUFFERED": "1",
        }
        with contextlib.ExitStack() as stack:
            data_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="nastavnik-bench-"))
            output = stack.enter_context(open(log or Path(data_dir) / "system.log", "wb"))
            launcher = subprocess.Popen(
                [sys.executable, str(LAUNCHER), "--data-dir", data_dir],
                cwd=ROOT,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                process_group=0,
            )
            children: set[int] = set()
            try:
                api_url = f"http://127.0.0.1:{api_port}"
                wait_until_healthy(api_url, launcher, Path(output.name))
                children = descendants(launcher.pid)
                yield OwnSystem(api_url, temporal_address, database_url, launcher.pid)
            finally:
                stop(launcher, children)


def wait_until_healthy(api_url: str, launcher: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if launcher.poll() is not None:
            raise OwnSystemError(f"the launcher exited with {launcher.returncode}:\n{tail(log)}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{api_url}/health", timeout=5).status_code == 200:
                return
        time.sleep(1)
    raise OwnSystemError(f"not healthy after {STARTUP_TIMEOUT:.0f} s:\n{tail(log)}")


def tail(log: Path, lines: int = 20) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return ""


def stop(launcher: subprocess.Popen[bytes], children: set[int]) -> None:
    """SIGTERM asks the launcher to stop its children in order; whatever is left after a minute (or of a
    launcher that died first: its children live in process groups of their own) is killed."""
    if launcher.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(launcher.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            launcher.wait(60)
    for pid in descendants(launcher.pid) | children | {launcher.pid}:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    launcher.wait()
