"""`make run` survives its own crash (issue 13, point 8).

Two guards. Each child asks the kernel to kill it when the supervisor dies (Linux PR_SET_PDEATHSIG), so a
SIGKILLed `make run` takes Temporal, the worker and the API with it. And the supervisor writes a pidfile
under `.data/` naming itself and each child with its start time and command line; a new `make run` that
finds the file clears what is left of that system (each child's process group) — but only a process whose
pid, start time and command line are all still the recorded ones, never another program that got the pid.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

PIDFILE_NAME = "run_local.pids.json"
PR_SET_PDEATHSIG = 1


def die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn for Popen: the child gets SIGKILL when the process that started it dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()

    def arrange() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)

    return arrange


def start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22); None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return int(stat[stat.rindex(")") + 2 :].split()[19])


def command_line(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


@dataclass(frozen=True)
class Recorded:
    """A process as the supervisor recorded it."""

    name: str
    pid: int
    started: int
    cmdline: list[str]

    @classmethod
    def of(cls, name: str, pid: int) -> Recorded | None:
        started, cmdline = start_time(pid), command_line(pid)
        if started is None or cmdline is None:
            return None
        return cls(name, pid, started, cmdline)

    def still_the_same(self) -> bool:
        """Alive, and the very process recorded: same start time and command line (a reused pid is not)."""
        return start_time(self.pid) == self.started and command_line(self.pid) == self.cmdline


class PidFile:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / PIDFILE_NAME

    def read(self) -> tuple[Recorded | None, list[Recorded]]:
        try:
            data = json.loads(self.path.read_text())
            supervisor = Recorded(**data["supervisor"]) if data.get("supervisor") else None
            return supervisor, [Recorded(**child) for child in data.get("children", [])]
        except (OSError, ValueError, TypeError, KeyError):
            return None, []

    def write(self, supervisor: Recorded | None, children: list[Recorded]) -> None:
        body = {
            "supervisor": asdict(supervisor) if supervisor else None,
            "children": [asdict(c) for c in children],
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(body, ensure_ascii=False, indent=1))
        temporary.replace(self.path)

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class AnotherRunning(Exception):
    """The pidfile names a supervisor that is alive: another `make run` of this checkout is running."""


def _kill_group(process: Recorded, timeout: float) -> None:
    """SIGTERM the recorded child's process group (it leads one), then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not process.still_the_same():
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        deadline = time.monotonic() + timeout
        while process.still_the_same() and time.monotonic() < deadline:
            time.sleep(0.05)


def clear_stale(data_dir: Path, timeout: float = 5.0) -> list[str]:
    """Stop what a crashed `make run` left behind; the names of the parts stopped. Raises AnotherRunning
    when the recorded supervisor itself still runs."""
    pidfile = PidFile(data_dir)
    supervisor, children = pidfile.read()
    if supervisor is not None and supervisor.pid != os.getpid() and supervisor.still_the_same():
        raise AnotherRunning(f"another `make run` is running (pid {supervisor.pid}); stop it first")
    stopped = []
    for child in reversed(children):
        if child.still_the_same():
            _kill_group(child, timeout)
            stopped.append(f"{child.name} (pid {child.pid})")
    pidfile.remove()
    return stopped
