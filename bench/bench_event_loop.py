"""Does the API's event loop block? (issue 13 §7) The API and the worker run as their own processes (as in
production) on a dev server and a fresh SQLite database; C clients read pairs (`GET /pairs/{id}`: the
database and a Temporal query) and record meetings (`POST /pairs/{id}/meetings`: the database, an Update,
the database) for D seconds, while a probe asks every 50 ms for `/openapi.json` — served from memory by an
async route, so its latency is the time a request waits for the event loop. Prints the load's requests/s
and latency and the probe's latency. Run it before and after a change, one after the other:
`.venv/bin/python bench/bench_event_loop.py --pairs 8 --clients 16 --seconds 30`."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["NASTAVNIK_DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
os.environ.setdefault("NASTAVNIK_LOG_LEVEL", "WARNING")

import httpx  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402

from db.migrate import upgrade  # noqa: E402
from tests.api.conftest import make_school  # noqa: E402
from tests.api.helpers_matrix import days_ago, stand_at  # noqa: E402
from workflows.search_attributes import SEARCH_ATTRIBUTES  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0.0


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: n={len(values)} p50 {statistics.median(values) * 1000:.0f} ms,"
        f" p95 {quantile(values, 95):.0f} ms, p99 {quantile(values, 99):.0f} ms,"
        f" max {max(values) * 1000:.0f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    upgrade()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        dev_server_log_level="error",
        ui=False,
        search_attributes=SEARCH_ATTRIBUTES,
    )
    api_port = free_port()
    children_env = {
        **os.environ,
        "NASTAVNIK_TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
        "NASTAVNIK_TASK_QUEUE": "bench-event-loop",
        "NASTAVNIK_METRICS_PORT": str(free_port()),
        "NASTAVNIK_SDK_METRICS_ADDRESS": "",
    }
    python = sys.executable
    worker = subprocess.Popen([python, "worker.py"], cwd=ROOT, env=children_env)
    api = subprocess.Popen(
        [python, "-m", "uvicorn", "api.app:app", "--port", str(api_port), "--log-level", "warning"],
        cwd=ROOT,
        env=children_env,
    )
    try:
        base = f"http://127.0.0.1:{api_port}"
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            for _ in range(600):
                try:
                    if (await client.get("/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            school = await make_school(client)
            stands = [await stand_at(client, school, "implementation") for _ in range(args.pairs)]
            print(f"{args.pairs} pairs at implementation; load for {args.seconds:.0f} s", flush=True)

            load: list[float] = []
            probe: list[float] = []
            statuses: dict[int, int] = {}
            deadline = time.monotonic() + args.seconds

            async def reader(n: int) -> None:
                step = 0
                while time.monotonic() < deadline:
                    stand = stands[(n + step) % len(stands)]
                    began = time.perf_counter()
                    if step % 4 == 3:  # one in four a command; the rest reads
                        body = {"kind": "regular", "held_on": days_ago(1 + step % 20), "format": "online"}
                        response = await client.post(
                            f"/pairs/{stand.pair_id}/meetings", headers=school.curator, json=body
                        )
                    else:
                        response = await client.get(f"/pairs/{stand.pair_id}", headers=school.curator)
                    load.append(time.perf_counter() - began)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    step += 1

            async def prober() -> None:
                while time.monotonic() < deadline:
                    began = time.perf_counter()
                    assert (await client.get("/openapi.json")).status_code == 200
                    probe.append(time.perf_counter() - began)
                    await asyncio.sleep(0.05)

            began = time.perf_counter()
            await asyncio.gather(prober(), *(reader(n) for n in range(args.clients)))
            elapsed = time.perf_counter() - began
        print(f"load: {len(load) / elapsed:.1f} requests/s, statuses {dict(sorted(statuses.items()))}")
        print(summary("load", load))
        print(summary("event-loop probe (/openapi.json)", probe))
    finally:
        for child in (api, worker):
            child.terminate()
        for child in (api, worker):
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
    sys.stdout.flush()
    os._exit(0)  # the SDK may abort at interpreter shutdown (../shared/PITFALLS.md §1)
