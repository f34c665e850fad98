"""The bases of mentors and mentees: people and their consents, kept by the school's curator."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from fastapi import APIRouter, Query
from sqlmodel import col, func, select

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.list_scope import ListScope, scoped
from api.pair_commands import tell_pairs_of_consent
from api.problems import PROBLEM_RESPONSES
from api.schemas import ConsentCreate, ConsentRead, ErasureBody, Page, ParticipantCreate, ParticipantRead
from api.scopes import participant_in_scope
from db.erasure import active_pairs_of, erase_participant
from db.models import AuditEvent, Consent, Participant
from db.session import utcnow
from domain.actors import ensure_may_manage_base
from domain.bounds import MAX_OFFSET
from domain.erasure import ensure_may_erase
from domain.errors import Forbidden
from domain.forms import ParticipantKind
from domain.pair import ConsentFact
from domain.pair_guards import consent_giver_valid
from domain.participants import is_minor

router = APIRouter(tags=["participants"], responses=PROBLEM_RESPONSES)
# A mentor or mentee sees only their own record.
PARTICIPANT_SCOPE = ListScope(
    organisation=Participant.organisation_id, own=lambda actor: col(Participant.id) == actor.participant_id
)


def _read(participant: Participant) -> ParticipantRead:
    return ParticipantRead(
        **participant.model_dump(exclude={"created_at"}), minor=is_minor(participant.birth_date, date.today())
    )


@router.post("/participants", status_code=201, response_model=ParticipantRead)
def create_participant(body: ParticipantCreate, session: SessionDep, actor: CurrentActor) -> ParticipantRead:
    if actor.organisation_id is None:
        raise Forbidden("curator_only", "Базы ведёт куратор своей организации.")
    ensure_may_manage_base(actor, actor.organisation_id)
    participant = Participant(
        id=f"person-{uuid4().hex[:12]}",
        organisation_id=actor.organisation_id,
        created_at=utcnow(),
        **body.model_dump(),
    )
    session.add(participant)
    session.commit()
    return _read(participant)


@router.get("/participants", response_model=Page[ParticipantRead])
def list_participants(
    session: SessionDep,
    actor: CurrentActor,
    kind: ParticipantKind | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[ParticipantRead]:
    query = scoped(select(Participant), actor, PARTICIPANT_SCOPE)
    if kind is not None:
        query = query.where(Participant.kind == kind.value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Participant.id)).limit(limit).offset(offset)).all()
    return Page(items=[_read(p) for p in rows], total=total, limit=limit, offset=offset)


@router.get("/participants/{participant_id}", response_model=ParticipantRead)
def read_participant(participant_id: str, session: SessionDep, actor: CurrentActor) -> ParticipantRead:
    return _read(participant_in_scope(session, actor, participant_id))


@router.post("/participants/{participant_id}/erasure", response_model=ParticipantRead)
def erase(
    participant_id: str, body: ErasureBody, session: SessionDep, actor: CurrentActor
) -> ParticipantRead:
    """Consent withdrawn (152-FZ): the person's data is erased; the pairs' records keep only the id."""
    participant = participant_in_scope(session, actor, participant_id)
    ensure_may_manage_base(actor, participant.organisation_id)
    ensure_may_erase(participant.erased_at is not None, active_pairs_of(session, participant.id))
    erase_participant(session, participant, actor.user_id, body.basis)
    session.add(
        AuditEvent(
            workflow_id=f"erasure-{participant.id}",  # once per person: the unique (workflow_id, seq)
            seq=1,
            subject_type="participant",
            subject_id=participant.id,
            organisation_id=participant.organisation_id,
            action="erased",
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            at=utcnow(),
            reason=body.basis,
        )
    )
    session.commit()
    return _read(participant)


@router.post("/participants/{participant_id}/consents", status_code=201, response_model=ConsentRead)
async def record_consent(
    participant_id: str, body: ConsentCreate, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Consent:
    """Keep the signed consent as its own document, then tell the participant's active pairs."""
    participant = participant_in_scope(session, actor, participant_id)
    ensure_may_manage_base(actor, participant.organisation_id)
    consent_giver_valid(
        is_minor(participant.birth_date, body.signed_at.date()), body.given_by, body.guardian_name
    )
    consent = Consent(
        id=f"consent-{uuid4().hex[:12]}",
        participant_id=participant.id,
        recorded_by=actor.user_id,
        recorded_at=utcnow(),
        **body.model_dump(),
    )
    session.add(consent)
    session.commit()
    fact = ConsentFact(
        consent_id=consent.id, participant_id=participant.id, kind=body.kind, given_by=body.given_by
    )
    await tell_pairs_of_consent(session, temporal, actor, fact)
    return consent


@router.get("/participants/{participant_id}/consents", response_model=list[ConsentRead])
def list_consents(participant_id: str, session: SessionDep, actor: CurrentActor) -> list[Consent]:
    participant_in_scope(session, actor, participant_id)
    query = select(Consent).where(Consent.participant_id == participant_id).order_by(col(Consent.recorded_at))
    return list(session.exec(query))
