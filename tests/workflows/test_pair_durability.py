"""The system cannot forget: a pair survives its worker, and a retried write never doubles."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from uuid import uuid4

from sqlmodel import col, func, select
from temporalio.client import Client

from activities.pair_records import PairEventRecord, record_pair_event
from db.models import AuditEvent
from db.session import session_scope
from domain import pair_events as ev
from domain.stages import Stage
from tests.factories import CURATOR, all_consents, order, pupil_pair, store
from worker import build_worker
from workflows.pair import PairWorkflow, PairWorkflowInput


def audit_count(workflow_id: str) -> int:
    with session_scope() as session:
        query = select(func.count()).where(col(AuditEvent.workflow_id) == workflow_id)
        return int(session.exec(query).one())


def test_retried_record_writes_the_audit_event_once() -> None:
    state = store(pupil_pair())
    event = ev.created(state, CURATOR, datetime.now(UTC))
    record = PairEventRecord(workflow_id=f"pair-{state.pair_id}", pair=state, event=event)
    assert record_pair_event(record) is True
    assert record_pair_event(record) is False  # the retry after a crash
    assert audit_count(record.workflow_id) == 1


async def test_a_new_worker_continues_a_pair_after_the_first_one_stops(
    client: Client, activity_executor: ThreadPoolExecutor
) -> None:
    task_queue = f"tq-{uuid4()}"
    state = store(pupil_pair())
    workflow_id = f"pair-{state.pair_id}"

    # No sticky cache on the first worker: the test server does not hand sticky tasks back when a
    # worker stops, as a real cluster does after the sticky timeout.
    async with build_worker(
        client, task_queue=task_queue, executor=activity_executor, max_cached_workflows=0
    ):
        handle = await client.start_workflow(
            PairWorkflow.run,
            PairWorkflowInput(state=state, created_by=CURATOR),
            id=workflow_id,
            task_queue=task_queue,
        )
        for fact in all_consents(state):
            await handle.execute_update(
                PairWorkflow.record_consent, ev.RecordConsent(actor=CURATOR, consent=fact)
            )
    written_before_restart = audit_count(workflow_id)

    # A different worker process would have an empty cache: the pair is rebuilt from its history.
    async with build_worker(client, task_queue=task_queue, executor=activity_executor):
        await handle.execute_update(PairWorkflow.fix_order, ev.FixOrder(actor=CURATOR, order=order()))
        moved = await handle.execute_update(
            PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.DESIGN)
        )
    assert moved.stage is Stage.DESIGN
    assert audit_count(workflow_id) == written_before_restart + 2
    with session_scope() as session:
        seqs = session.exec(
            select(AuditEvent.seq).where(AuditEvent.workflow_id == workflow_id).order_by(col(AuditEvent.seq))
        ).all()
    assert list(seqs) == list(range(1, len(seqs) + 1))
