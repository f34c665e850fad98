"""Entry and exit assessments of a pair's members over the same parameters (004 §8.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import uuid4

from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from application.scopes import pair_in_scope
from application.settling import settle_submitted
from application.temporal import TemporalLink
from db.models import Assessment
from db.session import utcnow
from domain import bounds
from domain.actors import Actor, Role, Scope
from domain.assessments import PHASE_LABELS, Phase, exit_after_entry, exit_measures_entry_parameters
from domain.errors import Forbidden, GuardRefused, InvalidInput
from domain.escalation import ItemKind
from domain.named import person
from domain.pair_items import assessment_item_id
from domain.russian_names import Case

Score = Annotated[float, AfterValidator(bounds.rule(bounds.finite))]


class AssessmentBody(BaseModel):
    participant_id: str = Field(max_length=64)
    phase: str = Field(pattern=r"^(entry|exit)$")
    scores: dict[Annotated[str, Field(min_length=1, max_length=200)], Score] = Field(
        min_length=1, max_length=50, description="Параметры и их значения"
    )


class AssessmentRead(AssessmentBody):
    id: str
    pair_id: str
    submitted_by: str
    submitted_at: datetime


def ensure_assessor(actor: Actor, scope: Scope) -> None:
    """The pair's mentor or the school's curator enters the diagnostics."""
    if not (
        actor.role is Role.CURATOR or (actor.role is Role.MENTOR and actor.participant_id in scope.mentor_ids)
    ):
        raise Forbidden("assessor", "Диагностику вносит наставник пары или куратор.")


async def submit_assessment(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: AssessmentBody
) -> Assessment:
    """Entry and exit assessments over the same parameters (004 §8.2), by the pair's mentor or the curator."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_assessor(actor, scope)
    if body.participant_id not in scope.member_ids:
        raise InvalidInput(
            "assessment_member",
            f"{person(body.participant_id)} не состоит в паре {pair.id}.",
            "participant_id",
        )
    if body.phase == Phase.EXIT:
        entry = session.exec(
            select(Assessment).where(
                Assessment.pair_id == pair_id,
                Assessment.participant_id == body.participant_id,
                Assessment.phase == Phase.ENTRY.value,
            )
        ).first()
        entry_scores = exit_after_entry(entry.scores if entry else None, body.participant_id)
        exit_measures_entry_parameters(entry_scores, body.scores)
    assessment = Assessment(
        id=f"assessment-{uuid4().hex[:12]}",
        pair_id=pair.id,
        submitted_by=actor.user_id,
        submitted_at=utcnow(),
        **body.model_dump(),
    )
    session.add(assessment)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        phase = PHASE_LABELS[body.phase].capitalize()
        whose = person(body.participant_id, Case.GENITIVE)
        raise GuardRefused("assessment_once", f"{phase} {whose} уже внесена.", "phase") from error
    kind = ItemKind.ENTRY_ASSESSMENT if body.phase == "entry" else ItemKind.EXIT_ASSESSMENT
    item_id = assessment_item_id(kind, pair.id, body.participant_id)
    await settle_submitted(temporal, item_id, actor)
    return assessment
