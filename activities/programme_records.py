"""A programme's audit events and read model, and the start of the pair workflows it fixes. Idempotent."""

from __future__ import annotations

import asyncio

from pydantic import BaseModel
from sqlalchemy import update
from temporalio import activity
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.audit import claim_audit
from activities.items import policy_of
from db.models import Pair, Programme
from db.pair_store import insert_pair, workflow_id_for
from db.session import session_scope, utcnow
from domain.actors import Actor
from domain.escalation import EscalationPolicy
from domain.pair import PairState
from domain.programme import ProgrammeState
from domain.programme_events import ProgrammeEvent
from telemetry import log_transition


class ProgrammeEventRecord(BaseModel):
    workflow_id: str
    programme: ProgrammeState
    event: ProgrammeEvent
    event_key: str | None = None  # None in shipped histories: then (workflow_id, seq) names the event


@activity.defn(name="record_programme_event")
def record_programme_event(record: ProgrammeEventRecord) -> bool:
    event, programme = record.event, record.programme
    with session_scope() as session:
        claimed = claim_audit(
            session,
            workflow_id=record.workflow_id,
            subject_type="programme",
            subject_id=programme.programme_id,
            organisation_id=programme.organisation_id,
            action=event.action.value,
            event=event,
            event_key=record.event_key,
        )
        if not claimed:
            return False
        session.execute(
            update(Programme)
            .where(Programme.id == programme.programme_id, Programme.last_seq < event.seq)  # type: ignore[arg-type]
            .values(
                stage=programme.stage.value,
                stage_since=programme.stage_since,
                curator_id=programme.curator_id,
                forms=[f.value for f in programme.forms],
                training_required=programme.training_required,
                completion=[c.value for c in programme.completion],
                last_seq=event.seq,
                updated_at=utcnow(),
            )
        )
        session.commit()
    log_transition(
        record.workflow_id,
        "programme",
        event.action.value,
        event.from_stage.value,
        event.to_stage.value,
        event.actor.role.value,
    )
    return True


class StartPairs(BaseModel):
    task_queue: str
    created_by: Actor
    pairs: list[PairState]
    history_limit: int = 500


@activity.defn(name="start_pair_workflows")
async def start_pair_workflows(command: StartPairs) -> int:
    """Write each pair's first read-model row and start its workflow; a retry skips what exists."""
    from workflows.pair import PairWorkflow, PairWorkflowInput
    from workflows.search_attributes import at_start

    def insert_missing() -> dict[str, EscalationPolicy]:
        with session_scope() as session:
            for pair in command.pairs:
                if session.get(Pair, pair.pair_id) is None:
                    insert_pair(session, pair)
            session.commit()
            return {o: policy_of(session, o) for o in {p.organisation_id for p in command.pairs}}

    policies = await asyncio.to_thread(insert_missing)
    client = activity.client()
    started = 0
    for pair in command.pairs:
        try:
            await client.start_workflow(
                PairWorkflow.run,
                PairWorkflowInput(
                    state=pair,
                    created_by=command.created_by,
                    history_limit=command.history_limit,
                    policy=policies[pair.organisation_id],
                ),
                id=workflow_id_for(pair.pair_id),
                task_queue=command.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                search_attributes=at_start(pair),
            )
            started += 1
        except WorkflowAlreadyStartedError:
            continue
        activity.heartbeat(pair.pair_id)
    return started
