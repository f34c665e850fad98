"""The curator's SWOT of a programme for a round (004 §8.1): aggregates, suggestions, versions."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application.swot import SwotBody, SwotRead, SwotView, read_swot, read_swot_version, save_swot

router = APIRouter(tags=["reports"], responses=PROBLEM_RESPONSES)


@router.get("/programmes/{programme_id}/swot/{round_id}", response_model=SwotView)
def swot(programme_id: str, round_id: str, session: SessionDep, actor: CurrentActor) -> SwotView:
    """The round's questionnaire aggregates (scale means and distributions per question and per form, closed
    options counted, open answers listed), suggested strengths and weaknesses, and the newest SWOT."""
    return read_swot(session=session, actor=actor, programme_id=programme_id, round_id=round_id)


@router.get("/programmes/{programme_id}/swot/{round_id}/versions/{version}", response_model=SwotRead)
def swot_version(
    programme_id: str, round_id: str, version: int, session: SessionDep, actor: CurrentActor
) -> SwotRead:
    return read_swot_version(
        session=session, actor=actor, programme_id=programme_id, round_id=round_id, version=version
    )


@router.put(
    "/programmes/{programme_id}/swot/{round_id}",
    status_code=201,
    response_model=SwotRead,
    responses={200: {"model": SwotRead, "description": "Та же версия уже сохранена"}},
)
def write_swot(
    programme_id: str,
    round_id: str,
    body: SwotBody,
    session: SessionDep,
    actor: CurrentActor,
    response: Response,
) -> SwotRead:
    """The curator saves the four quadrants as a new version over `base_version`; audited."""
    saved, created = save_swot(
        session=session, actor=actor, programme_id=programme_id, round_id=round_id, body=body
    )
    if not created:
        response.status_code = 200
    return saved
