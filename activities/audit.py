"""The audit write every recording activity starts with; it is also the activity's idempotency claim."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db.models import AuditEvent
from domain.events import LifecycleEvent


def claim_audit(
    session: Session,
    *,
    workflow_id: str,
    subject_type: str,
    subject_id: str,
    organisation_id: str,
    action: str,
    event: LifecycleEvent,
) -> bool:
    """Add the event's audit row; False when (workflow_id, seq) is already written — a retry after a
    crash — and then the caller writes nothing else either."""
    session.add(
        AuditEvent(
            workflow_id=workflow_id,
            seq=event.seq,
            subject_type=subject_type,
            subject_id=subject_id,
            organisation_id=organisation_id,
            action=action,
            actor_id=event.actor.user_id,
            actor_role=event.actor.role.value,
            at=event.at,
            from_stage=event.from_stage.value,
            to_stage=event.to_stage.value,
            reason=event.reason,
            details=event.details,
        )
    )
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True
