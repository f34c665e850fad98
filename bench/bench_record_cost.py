"""What recording costs per transition: pairs driven through their whole lifecycle by Temporal Updates
against a dev server and an in-process worker on a fresh SQLite database, printing transitions/s and the
Update latency (p50, p95). Run it in two checkouts (before and after a change to the recording) one after
the other on the same machine: `.venv/bin/python bench/bench_record_cost.py --pairs 20 --clients 10`."""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["NASTAVNIK_DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
os.environ.setdefault("NASTAVNIK_LOG_LEVEL", "WARNING")

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from db.migrate import upgrade
from domain import pair_events as ev
from domain.pair import MeetingKind, ReflectionKind
from domain.stages import Stage
from tests.factories import CURATOR, all_consents, meeting, order, plan, pupil_pair, store
from worker import build_worker
from workflows.pair import PairWorkflow, PairWorkflowInput
from workflows.search_attributes import SEARCH_ATTRIBUTES


async def lifecycle(client: object, task_queue: str, latencies: list[float]) -> None:
    state = store(pupil_pair())
    handle = await client.start_workflow(  # type: ignore[attr-defined]
        PairWorkflow.run,
        PairWorkflowInput(state=state, created_by=CURATOR),
        id=f"pair-{state.pair_id}",
        task_queue=task_queue,
    )
    steps: list[tuple[Any, Any]] = [
        (PairWorkflow.record_consent, ev.RecordConsent(actor=CURATOR, consent=c)) for c in all_consents(state)
    ]
    steps += [
        (PairWorkflow.fix_order, ev.FixOrder(actor=CURATOR, order=order())),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.DESIGN)),
        (PairWorkflow.approve_plan, ev.ApprovePlan(actor=CURATOR, plan=plan())),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.IMPLEMENTATION)),
        (PairWorkflow.record_meeting, ev.RecordMeeting(actor=CURATOR, meeting=meeting(MeetingKind.FINAL))),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.REFLECTIVE)),
    ]
    steps += [
        (PairWorkflow.record_reflection, ev.RecordReflection(actor=CURATOR, kind=k, document_id="doc"))
        for k in ReflectionKind
    ]
    steps += [
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.RESULT)),
        (PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.COMPLETED)),
    ]
    for update, argument in steps:
        began = time.perf_counter()
        await handle.execute_update(update, argument)
        latencies.append(time.perf_counter() - began)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args()
    upgrade()
    env = await WorkflowEnvironment.start_local(
        data_converter=pydantic_data_converter,
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        dev_server_log_level="error",
        search_attributes=SEARCH_ATTRIBUTES,
    )
    latencies: list[float] = []
    try:
        async with build_worker(env.client, task_queue="bench") as _:
            await lifecycle(env.client, "bench", [])  # warm-up
            gate = asyncio.Semaphore(args.clients)

            async def one() -> None:
                async with gate:
                    await lifecycle(env.client, "bench", latencies)

            began = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(args.pairs)))
            elapsed = time.perf_counter() - began
    finally:
        await env.shutdown()
    q = statistics.quantiles(latencies, n=20)
    print(
        f"{len(latencies)} transitions in {elapsed:.1f} s: {len(latencies) / elapsed:.1f}/s,"
        f" p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
    sys.stdout.flush()
    os._exit(0)
