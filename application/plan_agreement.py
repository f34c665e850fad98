"""The members' agreement to a draft of the individual plan (001 §4.10, §4.13) and the drafts as people read
them: every part of 001 §4.8, who drafted it, who has agreed and whose agreement is still missing.

The rule itself is `domain.plan_content.plan_change_agreed_by_both_sides`; the API and the pages reach it
only through these functions. Texts stay in the database; the audit keeps who agreed and when.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from application.scopes import pair_in_scope
from db.insert_once import insert_if_absent
from db.models import AuditEvent, Pair, Participant, PlanDocument, User
from db.plan_models import PlanAgreement
from db.session import as_utc, utcnow
from domain.actors import Actor, Role, Scope
from domain.errors import NotFound
from domain.forms import Kind
from domain.pair import MeetingFormat
from domain.plan_content import plan_agreed_by_a_member, plan_change_agreed_by_both_sides
from domain.reading import ensure_may_read_pair_records


class PlanAgreementBody(BaseModel):
    participant_id: str | None = Field(
        default=None, description="Участник, чьё согласие (данное письменно) вносит куратор"
    )


class PlanAgreementRead(BaseModel):
    participant_id: str
    full_name: str
    role: str  # mentor | mentee
    agreed_at: datetime


class PlanDraftRead(BaseModel):
    """A draft of the plan (or a change of it) waiting for the members' agreement and the curator."""

    id: str
    drafted_by: str  # the user who drafted it
    drafted_by_name: str
    drafted_at: datetime
    problem: str
    goals: list[str]
    content: str
    planned_results: str
    schedule: list[date]
    cadence_days: int | None
    format: MeetingFormat
    starts_on: date
    ends_on: date
    change: bool  # a plan was agreed before: this draft takes effect only with both sides' agreement
    kind: Kind | None  # the kind (form of mentoring) the pair changes to with it, 001 §4.13
    agreements: list[PlanAgreementRead]
    awaiting: list[str]  # the names of the members whose agreement is still missing


def members_by_role(scope: Scope) -> dict[str, str]:
    """participant → "mentor" | "mentee", as the pair holds them."""
    return {p: "mentor" if p in scope.mentor_ids else "mentee" for p in scope.member_ids}


def plan_agreed_before(session: Session, pair_id: str) -> bool:
    """A plan of this pair was agreed and approved already: what follows is a change of it."""
    query = select(PlanDocument.id).where(PlanDocument.pair_id == pair_id, PlanDocument.status == "approved")
    return session.exec(query).first() is not None


def _agreed(session: Session, plan_id: str) -> list[PlanAgreement]:
    query = select(PlanAgreement).where(PlanAgreement.plan_id == plan_id)
    return list(session.exec(query.order_by(col(PlanAgreement.agreed_at))))


def ensure_change_agreed(session: Session, pair: Pair, scope: Scope, plan: PlanDocument) -> None:
    """001 §4.13: a change of an agreed plan takes effect only with the agreement of both sides."""
    plan_change_agreed_by_both_sides(
        first_plan=not plan_agreed_before(session, pair.id),
        members=members_by_role(scope),
        agreed={a.participant_id for a in _agreed(session, plan.id)},
        changes_kind=plan.kind is not None and plan.kind != pair.kind,
    )


def keep_agreement(
    session: Session, actor: Actor, pair: Pair, plan_id: str, participant_id: str, role: str
) -> None:
    """One agreement per member and draft (agreeing again changes nothing), audited once by what it is."""
    insert_if_absent(
        session,
        PlanAgreement.__table__,  # type: ignore[attr-defined]
        {
            "plan_id": plan_id,
            "participant_id": participant_id,
            "role": role,
            "recorded_by": actor.user_id,
            "agreed_at": utcnow(),
        },
        ["plan_id", "participant_id"],
    )
    key = f"plan_agreed-{plan_id}-{participant_id}"
    if session.exec(select(AuditEvent.id).where(AuditEvent.event_key == key)).first() is None:
        session.add(
            AuditEvent(
                event_key=key,
                workflow_id=pair.workflow_id,
                seq=pair.last_seq,  # after the pair's latest event in its history (ties: by id)
                subject_type="pair",
                subject_id=pair.id,
                organisation_id=pair.organisation_id,
                action="plan_agreed",
                actor_id=actor.user_id,
                actor_role=actor.role.value,
                at=utcnow(),
                details={"plan_id": plan_id, "participant_id": participant_id, "role": role},
            )
        )


def _draft_of(session: Session, pair: Pair, plan_id: str) -> PlanDocument:
    document = session.get(PlanDocument, plan_id)
    if document is None or document.pair_id != pair.id:
        raise NotFound("not_found", "Проект индивидуального плана не найден.")
    return document


def agree_to_plan(
    *, session: Session, actor: Actor, pair_id: str, plan_id: str, body: PlanAgreementBody
) -> PlanDraftRead:
    """A member agrees to a draft of the plan; the curator may enter a member's written agreement."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    document = _draft_of(session, pair, plan_id)
    members = members_by_role(scope)
    if actor.role is Role.CURATOR:
        participant_id = body.participant_id or ""
    elif actor.role in (Role.MENTOR, Role.MENTEE) and actor.participant_id in members:
        participant_id = actor.participant_id
    else:
        participant_id = ""
    plan_agreed_by_a_member(members.get(participant_id), document.status == "draft")
    keep_agreement(session, actor, pair, document.id, participant_id, members[participant_id])
    session.commit()
    return _read(session, document, scope, plan_agreed_before(session, pair.id))


def _read(session: Session, document: PlanDocument, scope: Scope, change: bool) -> PlanDraftRead:
    agreed = _agreed(session, document.id)
    members = members_by_role(scope)
    names = {
        p.id: p.full_name
        for p in session.exec(select(Participant).where(col(Participant.id).in_(list(members))))
    }
    author = session.get(User, document.created_by)
    awaiting = sorted(
        (names.get(p, "") for p in members if p not in {a.participant_id for a in agreed}),
    )
    created = as_utc(document.created_at)
    assert created is not None
    return PlanDraftRead(
        id=document.id,
        drafted_by=document.created_by,
        drafted_by_name=author.display_name if author else "",
        drafted_at=created,
        problem=document.problem,
        goals=document.goals,
        content=document.content,
        planned_results=document.planned_results,
        schedule=[date.fromisoformat(str(d)) for d in document.schedule],
        cadence_days=document.cadence_days,
        format=MeetingFormat(document.format),
        starts_on=document.starts_on,
        ends_on=document.ends_on,
        change=change or document.kind is not None,
        kind=Kind(document.kind) if document.kind else None,
        agreements=[
            PlanAgreementRead(
                participant_id=a.participant_id,
                full_name=names.get(a.participant_id, ""),
                role=a.role,
                agreed_at=_utc(a.agreed_at),
            )
            for a in agreed
        ],
        awaiting=awaiting,
    )


def _utc(moment: Any) -> datetime:
    stored = as_utc(moment)
    assert stored is not None
    return stored


def plan_drafts(*, session: Session, actor: Actor, pair_id: str) -> list[PlanDraftRead]:
    """Drafts of the plan waiting for the members' agreement and the curator's approval (003 §5.1)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_read_pair_records(actor, scope)
    rows = session.exec(
        select(PlanDocument)
        .where(PlanDocument.pair_id == pair.id, PlanDocument.status == "draft")
        .order_by(col(PlanDocument.created_at))
    )
    change = plan_agreed_before(session, pair.id)
    return [_read(session, r, scope, change) for r in rows]


def drafts_awaiting_me(*, session: Session, actor: Actor, pair_id: str) -> int:
    """How many drafts of the pair's plan wait for this member's own agreement (none for anyone else)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    if actor.participant_id is None or actor.participant_id not in scope.member_ids:
        return 0
    drafts = session.exec(
        select(PlanDocument.id).where(PlanDocument.pair_id == pair.id, PlanDocument.status == "draft")
    ).all()
    if not drafts:
        return 0
    agreed = session.exec(
        select(PlanAgreement.plan_id).where(
            col(PlanAgreement.plan_id).in_(drafts), PlanAgreement.participant_id == actor.participant_id
        )
    ).all()
    return len(set(drafts) - set(agreed))
