"""Build what the API shows of a pair: the read model, its people, meetings, timeline and next step."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, func, select

from application.naming import name_ids
from application.schemas import (
    AuditRead,
    Blocker,
    MeetingRead,
    MemberRead,
    NextStep,
    Page,
    PairDetail,
    PairRead,
)
from db.audit_chain import readable_texts
from db.models import AuditEvent, Meeting, Pair, Participant
from db.pair_store import members_of
from db.session import as_utc
from domain import pair_events as ev
from domain.actors import Actor
from domain.errors import DomainError
from domain.pair import PairState
from domain.stages import next_stage


def audit_read(row: AuditEvent, texts: Mapping[str, str]) -> AuditRead:
    """The readable form: a free text is read from its AuditText (erasure blanks it there)."""
    reason = texts.get(row.reason_text_id, "") if row.reason_text_id else row.reason
    return AuditRead.model_validate(row.model_dump() | {"at": as_utc(row.at), "reason": reason})


def pair_read(session: Session, pair: Pair) -> PairRead:
    members = members_of(session, pair.id)
    names = {
        p.id: p.full_name
        for p in session.exec(
            select(Participant).where(col(Participant.id).in_([m.participant_id for m in members]))
        )
    }
    return PairRead.model_validate(
        pair.model_dump()
        | {
            "stage_since": as_utc(pair.stage_since),
            "members": [
                MemberRead(
                    participant_id=m.participant_id, role=m.role, full_name=names.get(m.participant_id, "")
                )
                for m in members
            ],
        }
    )


def next_step(state: PairState, actor: Actor) -> NextStep | None:
    """What the curator may do next, and what blocks it: the same guard the workflow applies."""
    target = next_stage(state.stage)
    if target is None:
        return None
    try:
        ev.check_advance(state, ev.AdvanceStage(actor=actor, to_stage=target))
    except DomainError as refusal:
        return NextStep(
            to_stage=target,
            allowed=False,
            blocked_by=Blocker(rule=refusal.rule, message=refusal.message, field=refusal.field),
        )
    return NextStep(to_stage=target, allowed=True)


def _named_step(session: Session, step: NextStep | None, actor: Actor) -> NextStep | None:
    """The blocker's message names the people (the guard knows their ids only)."""
    if step is None or step.blocked_by is None:
        return step
    message = name_ids(session, step.blocked_by.message, actor)
    return step.model_copy(update={"blocked_by": step.blocked_by.model_copy(update={"message": message})})


def timeline_page(
    session: Session, pair: Pair, *, limit: int, offset: int, texts: bool = True
) -> Page[AuditRead]:
    """A page of the pair's history, the newest first, and how long the history is; `texts=False`: the
    free texts (comments, reasons) are left out."""
    query = select(AuditEvent).where(AuditEvent.workflow_id == pair.workflow_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = list(
        session.exec(
            query.order_by(col(AuditEvent.seq).desc(), col(AuditEvent.id).desc()).limit(limit).offset(offset)
        )
    )
    shown = readable_texts(session, rows) if texts else {}
    items = [audit_read(row, shown) for row in rows]
    if not texts:  # a text kept in the row itself (before texts had their own table) is left out too
        items = [item.model_copy(update={"reason": ""}) for item in items]
    return Page(items=items, total=total, limit=limit, offset=offset)


def pair_detail(
    session: Session, pair: Pair, state: PairState | None, actor: Actor, *, with_timeline: bool = True
) -> PairDetail:
    """`with_timeline=False`: a reader that pages the history itself (`timeline_page`) gets it empty."""
    session.refresh(pair)
    meetings = session.exec(select(Meeting).where(Meeting.pair_id == pair.id).order_by(col(Meeting.held_on)))
    timeline = (
        list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.workflow_id == pair.workflow_id)
                .order_by(col(AuditEvent.seq), col(AuditEvent.id))
            )
        )
        if with_timeline
        else []
    )
    texts = readable_texts(session, timeline)
    return PairDetail.model_validate(
        pair_read(session, pair).model_dump()
        | {
            "next_step": _named_step(session, next_step(state, actor), actor) if state else None,
            "consents_recorded": len(state.consents) if state else 0,
            "plan_fulfilled": bool(state and state.plan and state.plan.fulfilled),
            "reflections": state.reflections if state else [],
            "meetings": [MeetingRead.model_validate(m.model_dump()) for m in meetings],
            "timeline": [audit_read(row, texts) for row in timeline],
        }
    )
