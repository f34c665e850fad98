"""Intermediate results of a pair's plan (002 item 22; 003 §5.1): the mentor or the curator records them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from application.scopes import pair_in_scope
from db.plan_models import IntermediateResult
from db.session import as_utc, utcnow
from domain.actors import Actor, ensure_may_record_meeting, ensure_visible
from domain.calendar import latest_local_date
from domain.plan_content import intermediate_result_allowed
from domain.stages import Stage


class IntermediateResultBody(BaseModel):
    achieved_on: date
    text: str = Field(min_length=1, max_length=4000, description="Чего достигли к этому дню")


class IntermediateResultRead(IntermediateResultBody):
    id: str
    pair_id: str
    recorded_by: str
    recorded_at: datetime


def _read(row: IntermediateResult) -> IntermediateResultRead:
    return IntermediateResultRead.model_validate(row.model_dump() | {"recorded_at": as_utc(row.recorded_at)})


def record_intermediate_result(
    *, session: Session, actor: Actor, pair_id: str, body: IntermediateResultBody
) -> IntermediateResultRead:
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_record_meeting(actor, scope)  # the pair's mentor or the curator, as for meetings
    intermediate_result_allowed(Stage(pair.stage), body.achieved_on, latest_local_date(utcnow()))
    row = IntermediateResult(
        id=f"result-{uuid4().hex[:12]}",
        pair_id=pair.id,
        achieved_on=body.achieved_on,
        text=body.text.strip(),
        recorded_by=actor.user_id,
        recorded_at=utcnow(),
    )
    session.add(row)
    session.commit()
    return _read(row)


def intermediate_results(*, session: Session, actor: Actor, pair_id: str) -> list[IntermediateResultRead]:
    _pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_visible(actor, scope)
    rows = session.exec(
        select(IntermediateResult)
        .where(IntermediateResult.pair_id == pair_id)
        .order_by(col(IntermediateResult.achieved_on), col(IntermediateResult.id))
    )
    return [_read(r) for r in rows]
