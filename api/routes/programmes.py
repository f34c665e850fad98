"""Programmes over JSON: thin routes over `application.programmes`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application import programmes
from application.programme_schemas import (
    BaseCounts,
    CompletionBody,
    FeedbackBody,
    FixPairsBody,
    HeadApprovalBody,
    MenteeRequestBody,
    MenteeRequestRead,
    MentorProfileBody,
    MentorProfileRead,
    ProgrammeConfigure,
    ProgrammeCreate,
    ProgrammeDetail,
    ProgrammeRead,
    ProgrammeTransition,
)
from application.schemas import Page
from db.models import MenteeRequest, MentorProfile
from domain.bounds import MAX_OFFSET
from domain.stages import Stage

router = APIRouter(
    prefix="/programmes", tags=["programmes"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop
)


@router.post("", status_code=201, response_model=ProgrammeDetail)
async def create_programme(
    body: ProgrammeCreate, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    return await programmes.create_programme(session=session, actor=actor, temporal=temporal, body=body)


@router.get("", response_model=Page[ProgrammeRead])
def list_programmes(
    session: SessionDep,
    actor: CurrentActor,
    stage: Stage | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[ProgrammeRead]:
    return programmes.list_programmes(session=session, actor=actor, stage=stage, limit=limit, offset=offset)


@router.get("/{programme_id}", response_model=ProgrammeDetail)
async def read_programme(
    programme_id: str, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    return await programmes.read_programme(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id
    )


@router.post("/{programme_id}/configure", response_model=ProgrammeDetail)
async def configure_programme(
    programme_id: str,
    body: ProgrammeConfigure,
    session: SessionDep,
    actor: CurrentActor,
    temporal: TemporalDep,
) -> Any:
    """Appoint the curator, choose the forms, record the approved roadmap (004 §6.1 stage 1)."""
    return await programmes.configure_programme(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id, body=body
    )


@router.put("/{programme_id}/mentors/{participant_id}", response_model=MentorProfileRead)
def put_mentor(
    programme_id: str, participant_id: str, body: MentorProfileBody, session: SessionDep, actor: CurrentActor
) -> MentorProfile:
    """The mentor base: profile, capacity, selection (questionnaire, interview) and training records."""
    return programmes.put_mentor(
        session=session, actor=actor, programme_id=programme_id, participant_id=participant_id, body=body
    )


@router.get("/{programme_id}/mentors", response_model=list[MentorProfileRead])
def list_mentors(programme_id: str, session: SessionDep, actor: CurrentActor) -> list[MentorProfile]:
    return programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)


@router.put("/{programme_id}/mentees/{participant_id}", response_model=MenteeRequestRead)
def put_mentee(
    programme_id: str, participant_id: str, body: MenteeRequestBody, session: SessionDep, actor: CurrentActor
) -> MenteeRequest:
    """The mentee base: each mentee's requests (004 §5.2)."""
    return programmes.put_mentee(
        session=session, actor=actor, programme_id=programme_id, participant_id=participant_id, body=body
    )


@router.get("/{programme_id}/mentees", response_model=list[MenteeRequestRead])
def list_mentees(programme_id: str, session: SessionDep, actor: CurrentActor) -> list[MenteeRequest]:
    return programmes.list_mentees(session=session, actor=actor, programme_id=programme_id)


@router.post("/{programme_id}/feedback", status_code=201, response_model=BaseCounts)
def record_feedback(programme_id: str, body: FeedbackBody, session: SessionDep, actor: CurrentActor) -> Any:
    """A participant's feedback questionnaire at the end of the programme (answers stay in the database)."""
    return programmes.record_feedback(session=session, actor=actor, programme_id=programme_id, body=body)


@router.post("/{programme_id}/pairs", response_model=ProgrammeDetail)
async def fix_pairs(
    programme_id: str, body: FixPairsBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Pairs fixed by the head's order: the programme starts their workflows (000 §2.7; 004 §6.1 stage 5)."""
    return await programmes.fix_pairs(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id, body=body
    )


@router.post("/{programme_id}/completion", response_model=ProgrammeDetail)
async def record_completion(
    programme_id: str, body: CompletionBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """Final group meeting, awards, best practices, alumni offered to mentor (004 §6.1 stage 7)."""
    return await programmes.record_completion(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id, body=body
    )


@router.post("/{programme_id}/head-approvals", response_model=ProgrammeDetail)
async def approve_as_head(
    programme_id: str, body: HeadApprovalBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Any:
    """The head approves the mentor registry by order, or the selected mentees (001 §3.8; 002 item 12)."""
    return await programmes.approve_as_head(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id, body=body
    )


@router.post("/{programme_id}/transitions", response_model=ProgrammeDetail)
async def transition(
    programme_id: str,
    body: ProgrammeTransition,
    session: SessionDep,
    actor: CurrentActor,
    temporal: TemporalDep,
) -> Any:
    """Move the programme to its next stage; 409 names the rule that refused."""
    return await programmes.transition(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id, body=body
    )
