"""A worker in a process of its own, for the crash test to SIGKILL: `python -m tests.crash.worker_process
ADDRESS TASK_QUEUE`. NASTAVNIK_DATABASE_URL and NASTAVNIK_CRASH_POINTS come from the environment."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta

from worker import build_worker, connect


async def main(address: str, task_queue: str) -> None:
    client = await connect(address, "default")
    # A dead worker's sticky queue is given up after a second, so a restarted one takes over at once.
    worker = build_worker(
        client, task_queue=task_queue, sticky_queue_schedule_to_start_timeout=timedelta(seconds=1)
    )
    async with worker:
        print("polling", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    finally:
        os._exit(0)
