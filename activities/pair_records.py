"""Write a pair's audit event, its meetings and its read model in one transaction, exactly once."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import update
from temporalio import activity

from activities.audit import claim_audit
from activities.crash_points import crash_point
from activities.held_items import HeldItemWrites, add_held_items
from db.models import Meeting, Pair
from db.session import session_scope, utcnow
from domain.pair import MeetingFacts, PairState
from domain.pair_events import PairAction, PairEvent
from telemetry import log_transition


class PairEventRecord(BaseModel):
    workflow_id: str
    pair: PairState  # the state right after the event
    event: PairEvent
    event_key: str | None = None  # None in shipped histories: then (workflow_id, seq) names the event
    # The items the event opens or settles where the pair holds their ladders (`ladder-in-pair-v1`).
    items: HeldItemWrites | None = None


def read_model_values(pair: PairState, seq: int) -> dict[str, object]:
    return {
        "stage": pair.stage.value,
        "kind": pair.kind.value,  # an agreed plan may change it (001 §4.13)
        "stage_since": pair.stage_since,
        "planned_start": pair.planned_start,
        "planned_end": pair.planned_end,
        "order_number": pair.order.number if pair.order else None,
        "order_date": pair.order.signed_on if pair.order else None,
        "termination_reason": pair.termination.reason.value if pair.termination else None,
        "meetings_held": sum(pair.meetings.by_kind.values()),
        "last_meeting_on": pair.meetings.last_held_on,
        "last_seq": seq,
        "updated_at": utcnow(),
    }


@activity.defn(name="record_pair_event")
def record_pair_event(record: PairEventRecord) -> bool:
    """Returns False when this event was already written (a retry after a crash): the items it opens and
    settles are written in the same transaction, so they were too."""
    event = record.event
    with session_scope() as session:
        claimed = claim_audit(
            session,
            workflow_id=record.workflow_id,
            subject_type="pair",
            subject_id=record.pair.pair_id,
            organisation_id=record.pair.organisation_id,
            action=event.action.value,
            event=event,
            event_key=record.event_key,
        )
        if not claimed:
            return False
        if event.action is PairAction.MEETING_RECORDED:
            meeting = MeetingFacts.model_validate(event.details["meeting"])
            session.add(
                Meeting(
                    id=meeting.meeting_id,
                    pair_id=record.pair.pair_id,
                    workflow_id=record.workflow_id,
                    seq=event.seq,
                    kind=meeting.kind.value,
                    held_on=meeting.held_on,
                    format=meeting.format.value,
                    duration_minutes=meeting.duration_minutes,
                    recorded_by=event.actor.user_id,
                )
            )
        # Events may land out of order when updates overlap; the read model only moves forward.
        session.execute(
            update(Pair)
            .where(Pair.id == record.pair.pair_id, Pair.last_seq < event.seq)  # type: ignore[arg-type]
            .values(**read_model_values(record.pair, event.seq))
        )
        if record.items:
            add_held_items(session, record.items)
        crash_point("before_commit")
        session.commit()
    crash_point("after_commit")
    log_transition(
        record.workflow_id,
        "pair",
        event.action.value,
        event.from_stage.value,
        event.to_stage.value,
        event.actor.role.value,
    )
    return True
