"""Named points where the crash test kills the worker (tests/crash): nothing happens unless the test
sets NASTAVNIK_CRASH_POINTS, e.g. "after_commit:3,before_commit:5" — die at the 3rd pass of one, the
5th of the other. Each worker process counts from zero; the test restarts it with new numbers."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

_PLAN = {
    name: int(count)
    for name, _, count in (
        item.partition(":") for item in os.environ.get("NASTAVNIK_CRASH_POINTS", "").split(",") if item
    )
}
_passes: Counter[str] = Counter()
_lock = threading.Lock()


def crash_point(name: str) -> None:
    if name not in _PLAN:
        return
    with _lock:
        _passes[name] += 1
        due = _passes[name] == _PLAN[name]
    if due:
        os.kill(os.getpid(), signal.SIGKILL)
