"""Read back over JSON what people entered (thin routes over `application.records`)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application import records
from application.records_schemas import (
    AssessmentRecord,
    FeedbackRead,
    FitAnswerRead,
    PlanRead,
    ReflectionRead,
)
from application.schemas import Page
from domain.bounds import MAX_OFFSET

router = APIRouter(tags=["records"], responses=PROBLEM_RESPONSES)


@router.get("/pairs/{pair_id}/plans", response_model=list[PlanRead])
def pair_plans(pair_id: str, session: SessionDep, actor: CurrentActor) -> list[PlanRead]:
    """Every individual plan approved for the pair, the current one last (members, curator, head)."""
    return records.pair_plans(session=session, actor=actor, pair_id=pair_id)


@router.get("/pairs/{pair_id}/reflections", response_model=list[ReflectionRead])
def pair_reflections(pair_id: str, session: SessionDep, actor: CurrentActor) -> list[ReflectionRead]:
    """The mentor's report and the mentee's reflection as written (members, curator, head)."""
    return records.pair_reflections(session=session, actor=actor, pair_id=pair_id)


@router.get("/pairs/{pair_id}/assessments", response_model=list[AssessmentRecord])
def pair_assessments(pair_id: str, session: SessionDep, actor: CurrentActor) -> list[AssessmentRecord]:
    """Entry and exit assessments of the pair's members (members, curator, head)."""
    return records.pair_assessments(session=session, actor=actor, pair_id=pair_id)


@router.get("/pairs/{pair_id}/fit", response_model=list[FitAnswerRead])
def pair_fit_answers(pair_id: str, session: SessionDep, actor: CurrentActor) -> list[FitAnswerRead]:
    """The answers after the trial meeting: each side its own, the curator and head both."""
    return records.pair_fit_answers(session=session, actor=actor, pair_id=pair_id)


@router.get("/programmes/{programme_id}/feedback", response_model=Page[FeedbackRead])
def programme_feedback(
    programme_id: str,
    session: SessionDep,
    actor: CurrentActor,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[FeedbackRead]:
    """The programme's feedback questionnaires: the curator and head all, a person their own."""
    return records.programme_feedback(
        session=session, actor=actor, programme_id=programme_id, limit=limit, offset=offset
    )
