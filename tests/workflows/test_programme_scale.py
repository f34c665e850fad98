"""A programme of 10,000 pairs stays within Temporal's limits: its state is small, its history bounded."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid4

from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.worker import Worker

from domain import programme_events as ev
from domain.forms import Form
from domain.programme import ProgrammeState
from domain.stages import Stage
from workflows.programme import ProgrammeWorkflow, ProgrammeWorkflowInput, StageCounts

PAYLOAD_LIMIT = 2 * 1024 * 1024  # Temporal's default limit for one payload


def programme_state(pairs: int) -> ProgrammeState:
    state = ProgrammeState(
        programme_id=f"programme-{uuid4().hex[:12]}",
        organisation_id="school-1",
        district="district-1",
        title="Район 2026/27",
        academic_year="2026/27",
        forms=[Form.TEACHER_TEACHER],
    )
    for number in range(pairs):
        ev.apply_pair_report(
            state, ev.PairStageReport(pair_id=f"pair-{number:012x}", seq=9, stage=Stage.DESIGN)
        )
    return state


def test_state_of_a_ten_thousand_pair_programme_fits_one_payload() -> None:
    size = len(programme_state(10_000).model_dump_json().encode())
    assert size < PAYLOAD_LIMIT / 2, size


async def counts_when_ready(client: Client, workflow_id: str) -> StageCounts:
    """A query can meet the moment one run has closed and the next has not taken its first task."""
    for _ in range(20):
        try:
            handle = client.get_workflow_handle(workflow_id)
            return await handle.query(ProgrammeWorkflow.stage_counts, rpc_timeout=timedelta(seconds=10))
        except RPCError:
            await asyncio.sleep(0.5)
    raise AssertionError("the programme never answered its query")


async def test_programme_continues_as_new_and_keeps_counting_its_pairs(
    client: Client, worker: Worker
) -> None:
    state = programme_state(0)
    handle = await client.start_workflow(
        ProgrammeWorkflow.run,
        ProgrammeWorkflowInput(state=state, history_limit=100),
        id=state.programme_id,
        task_queue=worker.task_queue,
    )
    reports = [
        ev.PairStageReport(pair_id=f"pair-{n % 200:04d}", seq=1 + n // 200, stage=stage)
        for n, stage in enumerate(
            [Stage.PREPARATORY] * 200 + [Stage.DESIGN] * 200 + [Stage.IMPLEMENTATION] * 100
        )
    ]
    for chunk in range(0, len(reports), 50):
        await asyncio.gather(
            *(handle.signal(ProgrammeWorkflow.pair_stage_changed, r) for r in reports[chunk : chunk + 50])
        )
    latest = client.get_workflow_handle(state.programme_id)
    counts = await counts_when_ready(client, state.programme_id)
    assert counts.pairs[Stage.IMPLEMENTATION] == 100
    assert counts.pairs[Stage.DESIGN] == 100
    assert sum(counts.pairs.values()) == 200
    description = await latest.describe()
    assert description.run_id != handle.result_run_id  # it continued as new at least once
    history = await latest.fetch_history()
    assert len(history.events) < 300  # the current run's history stays bounded
