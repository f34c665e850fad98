"""The launcher of `make run`: its commands and ports, its supervision of real processes, a real Temporal
dev server started and stopped, and the whole system started and stopped with SIGINT.

Nothing here uses the ports of a running development system (7233, 8233, 8000): every port is free-picked.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from config import ROOT, Settings
from scripts.run_local import (
    UI_PORT_OFFSET,
    Child,
    LocalSystem,
    StartupError,
    await_temporal,
    busy_ports,
    parse_address,
    port_in_use,
    prepare_directories,
    start,
    start_temporal,
    stop,
    stop_all,
    watch,
)
from scripts.run_state import AnotherRunning, PidFile, Recorded, clear_stale

PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def free_temporal_port() -> int:
    """A free port whose UI port (+1000) is free too."""
    for _ in range(50):
        port = free_port()
        if port + UI_PORT_OFFSET < 65536 and not port_in_use("127.0.0.1", port + UI_PORT_OFFSET):
            return port
    raise RuntimeError("no free pair of ports for Temporal and its UI")


def local_system(data_dir: Path, temporal_port: int, api_port: int) -> LocalSystem:
    settings = Settings(
        temporal_address=f"127.0.0.1:{temporal_port}", api_host="127.0.0.1", api_port=api_port
    )
    return LocalSystem.from_settings(settings, data_dir, python=PYTHON)


@pytest.fixture
def listening() -> Iterator[int]:
    """A port that another program already listens on."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield int(server.getsockname()[1])


# --- addresses, commands, ports -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1:7233", ("127.0.0.1", 7233)),
        ("localhost:7000", ("localhost", 7000)),
        ("[::1]:7233", ("::1", 7233)),
    ],
)
def test_parse_address_splits_host_and_port(address: str, expected: tuple[str, int]) -> None:
    assert parse_address(address) == expected


@pytest.mark.parametrize(
    "address", ["7233", "127.0.0.1", ":7233", "host:", "host:http", "host:0", "host:70000"]
)
def test_parse_address_refuses_what_is_not_host_and_port(address: str) -> None:
    with pytest.raises(ValueError, match="host:port"):
        parse_address(address)


def test_temporal_runs_on_a_database_file_with_the_fast_sqlite_pragmas(tmp_path: Path) -> None:
    system = local_system(tmp_path, temporal_port=7400, api_port=8100)
    command = system.temporal_command()

    assert command[:3] == [str(Path(PYTHON).parent / "temporal"), "server", "start-dev"]
    pairs = list(zip(command[3::2], command[4::2], strict=True))
    assert ("--db-filename", str(tmp_path / "temporal.db")) in pairs
    assert ("--sqlite-pragma", "journal_mode=wal") in pairs
    assert ("--sqlite-pragma", "synchronous=normal") in pairs
    assert ("--ip", "127.0.0.1") in pairs
    assert ("--port", "7400") in pairs
    assert ("--ui-port", "8400") in pairs
    assert ("--namespace", "default") in pairs


def test_worker_api_and_migration_run_with_the_same_python(tmp_path: Path) -> None:
    system = local_system(tmp_path, temporal_port=7400, api_port=8100)

    assert system.migrate_command() == [PYTHON, "-m", "db.migrate"]
    assert system.worker_command() == [PYTHON, "worker.py"]
    assert system.api_command() == [
        PYTHON,
        "-m",
        "uvicorn",
        "api.app:app",
        "--host",
        "127.0.0.1",
        "--port",
        "8100",
    ]


def test_the_banner_gives_the_urls_a_browser_can_open(tmp_path: Path) -> None:
    settings = Settings(temporal_address="127.0.0.1:7233", api_host="0.0.0.0", api_port=8000)
    banner = LocalSystem.from_settings(settings, tmp_path).banner()

    assert "API http://127.0.0.1:8000 " in banner
    assert "docs http://127.0.0.1:8000/docs" in banner
    assert "Temporal UI http://127.0.0.1:8233" in banner


def test_a_port_someone_listens_on_is_in_use(listening: int) -> None:
    assert port_in_use("127.0.0.1", listening)
    assert not port_in_use("127.0.0.1", free_port())


def test_a_busy_port_is_reported_with_the_setting_that_moves_it(tmp_path: Path, listening: int) -> None:
    system = local_system(tmp_path, temporal_port=free_temporal_port(), api_port=listening)

    [problem] = busy_ports(system)
    assert f"port {listening} on 127.0.0.1 (API) is already in use" in problem
    assert "NASTAVNIK_API_PORT" in problem


def test_the_directory_of_a_sqlite_database_is_created(tmp_path: Path) -> None:
    prepare_directories(tmp_path / "data", f"sqlite:///{tmp_path / 'db' / 'nastavnik.db'}")

    assert (tmp_path / "data").is_dir()
    assert (tmp_path / "db").is_dir()


# --- supervision of real processes ----------------------------------------------------------------------


def python_child(name: str, code: str, output: Path | None = None) -> Child:
    if output is None:
        return start(name, [PYTHON, "-c", code])
    with output.open("wb") as log:
        return start(name, [PYTHON, "-c", code], output=log)


def test_a_child_runs_in_its_own_process_group() -> None:
    child = python_child("sleeper", "import time; time.sleep(60)")
    try:
        assert os.getpgid(child.process.pid) == child.process.pid != os.getpgid(0)
    finally:
        stop(child)


def test_when_one_child_exits_watch_names_it_and_the_others_are_stopped() -> None:
    sleeper = python_child("sleeper", "import time; time.sleep(60)")
    failing = python_child("failing", "import time; time.sleep(0.3); raise SystemExit(3)")

    exited = watch([sleeper, failing], threading.Event())
    stop_all([sleeper, failing])

    assert exited is failing
    assert failing.describe_exit() == "failing exited with status 3"
    assert sleeper.process.returncode == -signal.SIGTERM


def test_a_stop_request_ends_the_watch() -> None:
    sleeper = python_child("sleeper", "import time; time.sleep(60)")
    stop_requested = threading.Event()
    threading.Timer(0.3, stop_requested.set).start()
    try:
        assert watch([sleeper], stop_requested) is None
        assert sleeper.process.poll() is None
    finally:
        stop(sleeper)


def test_a_child_that_ignores_sigterm_is_killed_after_the_timeout(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    stubborn = python_child(
        "stubborn",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); "
        "time.sleep(60)",
        output=ready,
    )
    deadline = time.monotonic() + 10
    while "ready" not in ready.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)

    stop(stubborn, timeout=0.5)

    assert stubborn.process.returncode == -signal.SIGKILL
    assert stubborn.describe_exit() == "stubborn was killed by signal SIGKILL"


# --- the real Temporal dev server -----------------------------------------------------------------------


def test_the_dev_server_starts_on_its_database_file_serves_the_namespace_and_stops(tmp_path: Path) -> None:
    system = local_system(tmp_path, temporal_port=free_temporal_port(), api_port=free_port())
    temporal = start_temporal(system)
    try:
        await_temporal(system, temporal, threading.Event())  # connects and describes the namespace
        assert temporal.process.poll() is None
    finally:
        stop(temporal)

    assert temporal.process.returncode == 0, system.temporal_log.read_text()
    assert (tmp_path / "temporal.db").exists()
    assert not port_in_use("127.0.0.1", system.temporal_port)


def test_a_dev_server_that_cannot_start_is_reported_with_its_log(tmp_path: Path, listening: int) -> None:
    system = local_system(tmp_path, temporal_port=listening, api_port=free_port())
    temporal = start_temporal(system)
    try:
        with pytest.raises(StartupError, match="Temporal dev server exited with status"):
            await_temporal(system, temporal, threading.Event())
    finally:
        stop(temporal)


# --- the whole launcher ---------------------------------------------------------------------------------


def launcher_environment(tmp_path: Path, temporal_port: int, api_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "NASTAVNIK_ENVIRONMENT": "local",
        "NASTAVNIK_TEMPORAL_ADDRESS": f"127.0.0.1:{temporal_port}",
        "NASTAVNIK_API_HOST": "127.0.0.1",
        "NASTAVNIK_API_PORT": str(api_port),
        "NASTAVNIK_DATABASE_URL": f"sqlite:///{tmp_path / 'db' / 'nastavnik.db'}",
    }


def launcher(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [PYTHON, str(ROOT / "scripts" / "run_local.py"), "--data-dir", str(tmp_path / "data")]
    return subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_the_launcher_refuses_a_busy_port_with_a_clear_message(tmp_path: Path, listening: int) -> None:
    env = launcher_environment(tmp_path, temporal_port=listening, api_port=free_port())
    process = launcher(tmp_path, env)
    output, _ = process.communicate(timeout=30)

    assert process.returncode == 1, output
    assert f"port {listening} on 127.0.0.1 (Temporal frontend) is already in use" in output
    assert "NASTAVNIK_TEMPORAL_ADDRESS" in output


def read_lines(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)


def wait_for_line(lines: queue.Queue[str], text: str, timeout: float, seen: list[str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if text in line:
            return
    pytest.fail(f"no line with {text!r} in {timeout} s; output:\n{''.join(seen)}")


def health(api_port: int, timeout: float = 15) -> int:
    """The status of GET /health, waiting up to `timeout` for the worker's first poll to be seen."""
    deadline = time.monotonic() + timeout
    while True:
        status = httpx.get(f"http://127.0.0.1:{api_port}/health", timeout=5).status_code
        if status == 200 or time.monotonic() > deadline:
            return status
        time.sleep(0.5)


def test_the_launcher_starts_the_whole_system_and_sigint_stops_it_cleanly(tmp_path: Path) -> None:
    temporal_port, api_port = free_temporal_port(), free_port()
    process = launcher(tmp_path, launcher_environment(tmp_path, temporal_port, api_port))
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=read_lines, args=(process, lines), daemon=True).start()
    seen: list[str] = []
    try:
        wait_for_line(lines, "Nastavnik is up", timeout=60, seen=seen)
        assert f"API http://127.0.0.1:{api_port} " in seen[-1]
        assert httpx.get(f"http://127.0.0.1:{api_port}/docs", timeout=5).status_code == 200
        assert health(api_port) == 200  # the database, Temporal and a polling worker are all up

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=40) == 0
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=40)
    wait_for_line(lines, "[run_local] stopped", timeout=5, seen=seen)

    assert (tmp_path / "data" / "temporal.db").exists()
    assert (tmp_path / "db" / "nastavnik.db").exists()
    for port in (temporal_port, temporal_port + UI_PORT_OFFSET, api_port):
        assert not port_in_use("127.0.0.1", port), f"port {port} still held after the stop"


# --- surviving its own crash (issue 13, point 8) --------------------------------------------------------


def alive(pid: int) -> bool:
    """Running and not a zombie (a killed child not yet reaped by its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def gone_within(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


LAUNCHER = """
import sys, time
from scripts.run_local import start
child = start("sleeper", [sys.executable, "-c", "import time; time.sleep(120)"])
print(child.process.pid, flush=True)
time.sleep(120)
"""


def test_a_sigkilled_launcher_takes_its_children_with_it() -> None:
    launcher = subprocess.Popen([PYTHON, "-c", LAUNCHER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert launcher.stdout is not None
    child_pid = int(launcher.stdout.readline())
    try:
        assert alive(child_pid)
        launcher.send_signal(signal.SIGKILL)
        launcher.wait()
        assert gone_within(child_pid), "the child outlived its SIGKILLed launcher"
    finally:
        if alive(child_pid):
            os.kill(child_pid, signal.SIGKILL)


def orphan_of_a_dead_system() -> tuple[subprocess.Popen[bytes], int]:
    """A child in its own process group, as a crashed `make run` left it, and a supervisor pid now dead."""
    dead = subprocess.Popen([PYTHON, "-c", "pass"])
    dead.wait()
    orphan = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(120)"], process_group=0)
    return orphan, dead.pid


def test_a_stale_pidfile_of_a_dead_system_is_cleared(tmp_path: Path) -> None:
    orphan, dead_supervisor = orphan_of_a_dead_system()
    try:
        recorded = Recorded.of("worker", orphan.pid)
        assert recorded is not None
        supervisor = Recorded("run_local", dead_supervisor, 1, ["python", "scripts/run_local.py"])
        PidFile(tmp_path).write(supervisor, [recorded])

        assert clear_stale(tmp_path) == [f"worker (pid {orphan.pid})"]
        assert orphan.wait(10) == -signal.SIGTERM
        assert not PidFile(tmp_path).path.exists()
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_a_pidfile_naming_an_unrelated_live_process_leaves_it_alone(tmp_path: Path) -> None:
    """The pid is alive, but it is not the process recorded: its start time (or command) differs."""
    unrelated = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(120)"], process_group=0)
    try:
        mine = Recorded.of("worker", unrelated.pid)
        assert mine is not None
        for stranger in (
            Recorded("worker", unrelated.pid, mine.started + 1, mine.cmdline),
            Recorded("API", unrelated.pid, mine.started, [PYTHON, "-m", "uvicorn", "api.app:app"]),
        ):
            PidFile(tmp_path).write(None, [stranger])
            assert clear_stale(tmp_path, timeout=0.5) == []
            assert unrelated.poll() is None and alive(unrelated.pid)
            assert not PidFile(tmp_path).path.exists()
    finally:
        unrelated.kill()
        unrelated.wait()


def test_a_running_supervisor_in_the_pidfile_is_refused_not_killed(tmp_path: Path) -> None:
    supervisor = subprocess.Popen([PYTHON, "-c", "import time; time.sleep(120)"], process_group=0)
    try:
        recorded = Recorded.of("run_local", supervisor.pid)
        assert recorded is not None
        PidFile(tmp_path).write(recorded, [])
        with pytest.raises(AnotherRunning):
            clear_stale(tmp_path)
        assert supervisor.poll() is None
        assert PidFile(tmp_path).path.exists()
    finally:
        supervisor.kill()
        supervisor.wait()
