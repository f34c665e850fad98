"""Intermediate results of a pair's individual plan (002 item 22; 003 §5.1)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application.intermediate_results import (
    IntermediateResultBody,
    IntermediateResultRead,
    intermediate_results,
    record_intermediate_result,
)

router = APIRouter(tags=["pairs"], responses=PROBLEM_RESPONSES)


@router.post("/pairs/{pair_id}/intermediate-results", status_code=201, response_model=IntermediateResultRead)
def record_result(
    pair_id: str, body: IntermediateResultBody, session: SessionDep, actor: CurrentActor
) -> IntermediateResultRead:
    """The mentor (or the curator) records what the pair achieved so far, on the implementation stage."""
    return record_intermediate_result(session=session, actor=actor, pair_id=pair_id, body=body)


@router.get("/pairs/{pair_id}/intermediate-results", response_model=list[IntermediateResultRead])
def list_results(pair_id: str, session: SessionDep, actor: CurrentActor) -> list[IntermediateResultRead]:
    return intermediate_results(session=session, actor=actor, pair_id=pair_id)
