"""The audit write every recording activity starts with; it is also the activity's idempotency claim."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db.audit_chain import add_text, already_recorded, cite_text
from db.audit_models import AuditText
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
    event_key: str | None = None,
) -> bool:
    """Add the event's audit row; False when the event (by its key: the Update's id, or the workflow's
    own step) is already written — a retry — and then the caller writes nothing else either.

    A free text still carried by the event (histories of earlier releases) becomes an AuditText."""
    key = event_key or f"{workflow_id}#{event.seq}"
    if already_recorded(session, key):
        return False
    text = session.get(AuditText, event.reason_text_id) if event.reason_text_id else None
    if text is None and event.reason:
        text = add_text(
            session, organisation_id=organisation_id, author_id=event.actor.user_id, body=event.reason
        )
    row = AuditEvent(
        event_key=key,
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
        details=event.details,
    )
    session.add(cite_text(row, text))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        if already_recorded(session, key):
            return False
        raise  # the chain moved under us (a first head row raced): the activity is retried
    return True
