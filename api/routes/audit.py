"""The append-only audit log: who moved which pair where, and when."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from sqlmodel import col, func, select

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application.audit_check import ChainVerdict, verify_organisation
from application.list_scope import ListScope, in_my_pairs, scoped
from application.pair_views import audit_read
from application.schemas import AuditRead, Page
from db.audit_chain import readable_texts
from db.models import AuditEvent
from domain.bounds import MAX_OFFSET

router = APIRouter(tags=["audit"], responses=PROBLEM_RESPONSES)
# A mentor or mentee reads the history of their own pairs.
AUDIT_SCOPE = ListScope(organisation=AuditEvent.organisation_id, own=in_my_pairs(AuditEvent.subject_id))


@router.get("/audit", response_model=Page[AuditRead])
def read_audit(
    session: SessionDep,
    actor: CurrentActor,
    subject_id: str | None = None,
    action: str | None = None,
    actor_id: str | None = None,
    since: datetime | None = None,
    limit: int = Query(default=200, ge=1, le=2000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[AuditRead]:
    query = scoped(select(AuditEvent), actor, AUDIT_SCOPE)
    for column, value in (
        (AuditEvent.subject_id, subject_id),
        (AuditEvent.action, action),
        (AuditEvent.actor_id, actor_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # In the order things happened; rows of concurrent activities may be committed in another order.
    order = (col(AuditEvent.at), col(AuditEvent.workflow_id), col(AuditEvent.seq), col(AuditEvent.id))
    rows = session.exec(query.order_by(*order).limit(limit).offset(offset)).all()
    texts = readable_texts(session, list(rows))
    return Page(items=[audit_read(r, texts) for r in rows], total=total, limit=limit, offset=offset)


@router.get("/audit/verify", response_model=ChainVerdict)
def verify_audit(session: SessionDep, actor: CurrentActor, organisation_id: str) -> ChainVerdict:
    """Is the organisation's audit chain intact, or which row is the first that does not match?
    For the operator (any organisation) and the head of the organisation."""
    return verify_organisation(session, actor, organisation_id)
