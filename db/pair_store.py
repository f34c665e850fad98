"""Writes the API makes for a pair before its workflow starts, and the read model's queries."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import Pair, PairMember
from db.session import utcnow
from domain.pair import PairState


def workflow_id_for(pair_id: str) -> str:
    return f"pair-{pair_id}"


def insert_pair(session: Session, state: PairState) -> Pair:
    """The read model's first row; from here on only the workflow's activities change it."""
    now = utcnow()
    row = Pair(
        id=state.pair_id,
        workflow_id=workflow_id_for(state.pair_id),
        organisation_id=state.organisation_id,
        district=state.district,
        programme_id=state.programme_id,
        form=state.form.value,
        kind=state.kind.value,
        role_model=state.role_model,
        planned_start=state.planned_start,
        planned_end=state.planned_end,
        stage=state.stage.value,
        order_number=state.order.number if state.order else None,
        order_date=state.order.signed_on if state.order else None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    for member in state.members:
        session.add(
            PairMember(pair_id=state.pair_id, participant_id=member.participant_id, role=member.role.value)
        )
    return row


def members_of(session: Session, pair_id: str) -> list[PairMember]:
    return list(session.exec(select(PairMember).where(PairMember.pair_id == pair_id)))
