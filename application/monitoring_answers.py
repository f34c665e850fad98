"""Submitting a round's questionnaire: the answers stored against the round's version
(application.questionnaire_forms), then the item that asked for them settled."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from application.questionnaire_forms import record_answers
from application.settling import settle_submitted
from application.temporal import TemporalLink
from db.models import OverdueItemRow
from domain.actors import Actor


async def submit_questionnaire(
    *,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    round_id: str,
    pair_id: str | None,
    answers: dict[str, Any],
) -> OverdueItemRow:
    """A pair member answers for their pair, a curator their own (no pair); the same answers again
    store nothing, different ones after submission are refused."""
    row, _, _ = record_answers(
        session=session, actor=actor, round_id=round_id, pair_id=pair_id, answers=answers
    )
    await settle_submitted(temporal, row.item_id, actor)
    return row
