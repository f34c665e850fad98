"""A pair stuck by a crash of an earlier release is repaired from its workflow's state (issue 13 §1)."""

from __future__ import annotations

import asyncio

from sqlalchemy import update
from sqlmodel import col, select
from temporalio.client import Client
from temporalio.worker import Worker

from application.reconcile import reconcile
from db.audit_chain import verify_chain
from db.models import AuditEvent, Meeting, Pair
from db.session import session_scope, utcnow
from domain import pair_events as ev
from domain.stages import Stage
from tests.factories import CURATOR, all_consents, order, pupil_pair
from tests.waiting import eventually
from tests.workflows.test_pair_workflow import audit_rows, start_pair
from workflows.pair import PairWorkflow


def phantom_advance(pair_id: str, workflow_id: str, seq: int) -> int:
    """What a crash did before record-when-durable-v1: a lost Update's rows, committed."""
    with session_scope() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None
        row = AuditEvent(
            workflow_id=workflow_id,
            seq=seq,
            subject_type="pair",
            subject_id=pair_id,
            organisation_id=pair.organisation_id,
            action="stage_changed",
            actor_id=CURATOR.user_id,
            actor_role="curator",
            at=utcnow(),
            from_stage="preparatory",
            to_stage="design",
        )
        session.add(row)
        session.execute(update(Pair).where(col(Pair.id) == pair_id).values(stage="design", last_seq=seq))
        session.commit()
        assert row.id is not None
        return row.id


async def test_a_pair_a_stage_ahead_of_its_workflow_is_set_back_and_the_phantom_named(
    client: Client, worker: Worker
) -> None:
    consented = pupil_pair()
    consented.consents = all_consents(consented)  # the order comes after the consents (000 §2.7)
    handle = await start_pair(client, worker, consented)
    await eventually(lambda: asyncio.to_thread(audit_rows, handle.id), lambda rows: len(rows) == 1)
    state = await handle.query(PairWorkflow.current)
    phantom = phantom_advance(state.pair_id, handle.id, state.seq + 1)

    [finding] = [f for f in await reconcile(client, pair_ids=[state.pair_id]) if f.pair_id == state.pair_id]
    assert (finding.read_model, finding.workflow, finding.phantom_rows) == (
        ("design", state.seq + 1),
        ("preparatory", state.seq),
        [phantom],
    )
    with session_scope() as session:
        pair = session.get(Pair, state.pair_id)
        assert pair is not None and (pair.stage, pair.last_seq) == ("preparatory", state.seq)
        [marked] = session.exec(
            select(AuditEvent).where(AuditEvent.workflow_id == handle.id, AuditEvent.action == "reconciled")
        ).all()
        assert (marked.actor_id, marked.details["phantom_rows"]) == ("system", [phantom])
        assert verify_chain(session, state.organisation_id)[1] is None  # repaired by appending, not editing
    assert [
        f for f in await reconcile(client, pair_ids=[state.pair_id]) if f.pair_id == state.pair_id
    ] == []  # once

    # The next real event takes the phantom's seq; it is written all the same (its key is its Update).
    fixed = await handle.execute_update(PairWorkflow.fix_order, ev.FixOrder(actor=CURATOR, order=order()))
    assert fixed.stage is Stage.PREPARATORY and fixed.seq == state.seq + 1
    rows = [r for r in audit_rows(handle.id) if r.seq == fixed.seq]
    assert sorted(r.action for r in rows) == ["order_fixed", "stage_changed"]  # the real one and the phantom
    with session_scope() as session:
        assert session.exec(select(Meeting).where(Meeting.pair_id == state.pair_id)).all() == []
