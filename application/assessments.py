"""Entry and exit assessments of a pair's members over the same parameters (004 §8.2)."""

from __future__ import annotations

from datetime import datetime
from statistics import mean
from typing import Annotated
from uuid import uuid4

from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from application.scopes import pair_in_scope
from application.settling import settle_submitted
from application.temporal import TemporalLink
from db.models import Assessment, Pair
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


class ParameterChange(BaseModel):
    parameter: str
    entry: float
    exit: float
    change: float
    participants: int = 1


class ParticipantComparison(BaseModel):
    participant_id: str
    pair_id: str
    parameters: list[ParameterChange]


class Comparison(BaseModel):
    """Entry against exit: the input of the half-year report (004 §8.2)."""

    participants: list[ParticipantComparison]
    by_parameter: list[ParameterChange]


def compare(rows: list[Assessment], digits: int = 3) -> Comparison:
    """Each participant assessed at entry and exit, and per parameter the means over them (rounded to
    `digits`: the API keeps three, the reports print two)."""
    entries = {(a.pair_id, a.participant_id): a for a in rows if a.phase == "entry"}
    people: list[ParticipantComparison] = []
    pooled: dict[str, list[tuple[float, float]]] = {}
    for a in sorted((r for r in rows if r.phase == "exit"), key=lambda r: (r.pair_id, r.participant_id)):
        entry = entries.get((a.pair_id, a.participant_id))
        if entry is None:
            continue
        changes = []
        for name in sorted(set(entry.scores) & set(a.scores)):
            before, after = float(entry.scores[name]), float(a.scores[name])
            changes.append(ParameterChange(parameter=name, entry=before, exit=after, change=after - before))
            pooled.setdefault(name, []).append((before, after))
        people.append(
            ParticipantComparison(participant_id=a.participant_id, pair_id=a.pair_id, parameters=changes)
        )
    by_parameter = [
        ParameterChange(
            parameter=name,
            entry=round(mean(b for b, _ in values), digits),
            exit=round(mean(x for _, x in values), digits),
            change=round(mean(x - b for b, x in values), digits),
            participants=len(values),
        )
        for name, values in sorted(pooled.items())
    ]
    return Comparison(participants=people, by_parameter=by_parameter)


def pair_comparison(*, session: Session, actor: Actor, pair_id: str) -> Comparison:
    """The pair's entry and exit diagnostics side by side (whoever may see the pair: figures, not texts)."""
    pair_in_scope(session, actor, pair_id)
    return compare(list(session.exec(select(Assessment).where(Assessment.pair_id == pair_id))))


def programme_comparison(*, session: Session, actor: Actor, programme_id: str) -> Comparison:
    """The programme's pairs' entry and exit diagnostics, per participant and pooled per parameter."""
    from application.programmes import visible_programme

    visible_programme(session, actor, programme_id)
    pairs = select(Pair.id).where(Pair.programme_id == programme_id)
    return compare(list(session.exec(select(Assessment).where(col(Assessment.pair_id).in_(pairs)))))
