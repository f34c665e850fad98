"""What a mentor or mentee owes and by when: the open items they own (meetings, reports, questionnaires,
assessments), the earliest due first; an item whose round has not opened yet says when it opens."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from db.models import OverdueItemRow
from domain.actors import Actor
from domain.escalation import ITEM_LABELS, ItemKind, Level


class Owed(BaseModel):
    item_id: str
    kind: ItemKind
    what: str
    pair_id: str | None
    round_id: str | None
    opens_on: date | None
    due_on: date
    level: Level | None  # set once overdue: how far it has escalated


def owed_by_me(*, session: Session, actor: Actor, limit: int = 50) -> list[Owed]:
    """A participant's own open items; anyone else owes nothing here (their lists are the overdue list)."""
    if actor.participant_id is None:
        return []
    rows = session.exec(
        select(OverdueItemRow)
        .where(
            OverdueItemRow.owner_participant_id == actor.participant_id,
            col(OverdueItemRow.settled_at).is_(None),
        )
        .order_by(col(OverdueItemRow.due_on), col(OverdueItemRow.item_id))
        .limit(limit)
    )
    return [
        Owed(
            item_id=r.item_id,
            kind=ItemKind(r.kind),
            what=ITEM_LABELS[ItemKind(r.kind)],
            pair_id=r.pair_id,
            round_id=r.round_id,
            opens_on=r.opens_on,
            due_on=r.due_on,
            level=Level(r.level) if r.level else None,
        )
        for r in rows
    ]
