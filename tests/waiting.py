"""Wait for what a test asserts when it is written asynchronously (item workflows, timelines, threads).

A fixed number of short sleeps passes alone and fails in a loaded full run; a deadline of wall time does
not: the probe is asked again until it holds or the deadline passes, and then the last answer is shown.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

DEADLINE_SECONDS = 60.0  # generous: two cores are shared by many processes while the suite runs


async def eventually(
    probe: Callable[[], Awaitable[T]],
    holds: Callable[[T], bool],
    *,
    within: float = DEADLINE_SECONDS,
    every: float = 0.1,
) -> T:
    """The probe's first answer for which `holds` is true; AssertionError with the last answer otherwise.

    A database read is probed through asyncio.to_thread, so the API and the worker keep running meanwhile.
    """
    deadline = time.monotonic() + within
    while True:
        value = await probe()
        if holds(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within:.0f} s: {value!r}")
        await asyncio.sleep(every)
