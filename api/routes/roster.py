"""The yearly refresh of the list of teachers who need a mentor (000 §6.5.3.1)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from api.deps import CurrentActor, SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from api.problems import PROBLEM_RESPONSES
from application.roster import RosterRefreshed, refresh_mentee_roster

router = APIRouter(tags=["monitoring"], responses=PROBLEM_RESPONSES, route_class=OffTheLoop)


@router.post("/organisations/{organisation_id}/mentee-roster/refresh", response_model=RosterRefreshed)
async def refresh_roster(
    organisation_id: str, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> RosterRefreshed:
    """The curator has refreshed the list of teachers who need a mentor this school year: the year's item
    («обновить перечень педагогов, которым нужен наставник») is settled and its ladder stops."""
    return await refresh_mentee_roster(
        session=session, actor=actor, temporal=temporal, organisation_id=organisation_id, today=date.today()
    )
