"""The bases of mentors and mentees over JSON: thin routes over `application.participants`."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application import participants
from application.schemas import (
    ConsentCreate,
    ConsentRead,
    ErasureBody,
    Page,
    ParticipantCorrection,
    ParticipantCreate,
    ParticipantRead,
)
from db.models import Consent
from domain.bounds import MAX_OFFSET
from domain.forms import ParticipantKind

router = APIRouter(tags=["participants"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)


@router.post("/participants", status_code=201, response_model=ParticipantRead)
def create_participant(body: ParticipantCreate, session: SessionDep, actor: CurrentActor) -> ParticipantRead:
    return participants.create_participant(session=session, actor=actor, body=body)


@router.get("/participants", response_model=Page[ParticipantRead])
def list_participants(
    session: SessionDep,
    actor: CurrentActor,
    kind: ParticipantKind | None = None,
    name: str | None = Query(default=None, max_length=300, description="Часть ФИО"),
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[ParticipantRead]:
    return participants.list_participants(
        session=session, actor=actor, kind=kind, name=name, limit=limit, offset=offset
    )


@router.get("/participants/{participant_id}", response_model=ParticipantRead)
def read_participant(participant_id: str, session: SessionDep, actor: CurrentActor) -> ParticipantRead:
    return participants.read_participant(session=session, actor=actor, participant_id=participant_id)


@router.patch("/participants/{participant_id}", response_model=ParticipantRead)
def correct_participant(
    participant_id: str, body: ParticipantCorrection, session: SessionDep, actor: CurrentActor
) -> ParticipantRead:
    """Correct a card (the curator of the school); the audit names the fields changed."""
    return participants.correct_participant(
        session=session, actor=actor, participant_id=participant_id, body=body
    )


@router.post("/participants/{participant_id}/erasure", response_model=ParticipantRead)
def erase(
    participant_id: str, body: ErasureBody, session: SessionDep, actor: CurrentActor
) -> ParticipantRead:
    """Consent withdrawn (152-FZ): the person's data is erased; the pairs' records keep only the id."""
    return participants.erase(session=session, actor=actor, participant_id=participant_id, body=body)


@router.post("/participants/{participant_id}/consents", status_code=201, response_model=ConsentRead)
async def record_consent(
    participant_id: str, body: ConsentCreate, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Consent:
    """Keep the signed consent as its own document, then tell the participant's active pairs."""
    return await participants.record_consent(
        session=session, actor=actor, temporal=temporal, participant_id=participant_id, body=body
    )


@router.get("/participants/{participant_id}/consents", response_model=list[ConsentRead])
def list_consents(participant_id: str, session: SessionDep, actor: CurrentActor) -> list[Consent]:
    return participants.list_consents(session=session, actor=actor, participant_id=participant_id)
