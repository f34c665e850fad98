"""Monitoring and escalation: the overdue list, round status, questionnaires, assessments, comparison."""

from __future__ import annotations

import logging
from datetime import date, datetime
from statistics import mean
from typing import Annotated, Any
from uuid import uuid4

from fastapi import APIRouter, Query
from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select
from temporalio.service import RPCError

from activities.items import SettleItems, settle_items_with
from api.deps import CurrentActor, SessionDep, TemporalDep, TemporalLink
from api.problems import PROBLEM_RESPONSES
from application.list_scope import ListScope, scoped
from application.questionnaire_forms import record_answers
from application.schemas import Page
from application.scopes import pair_in_scope
from db.models import (
    Assessment,
    Organisation,
    OrganisationPolicy,
    OverdueItemRow,
    Pair,
    QuestionnaireAnswer,
)
from db.session import as_utc, utcnow
from domain import bounds
from domain.actors import Actor, Role, Scope, ensure_visible
from domain.bounds import MAX_OFFSET
from domain.errors import Forbidden, GuardRefused, InvalidInput, NotFound
from domain.escalation import ITEM_LABELS, EscalationPolicy, ItemKind, Level
from domain.monitoring import MonitoringSettings
from domain.pair_items import assessment_item_id

log = logging.getLogger(__name__)
Score = Annotated[float, AfterValidator(bounds.rule(bounds.finite))]
router = APIRouter(tags=["monitoring"], responses=PROBLEM_RESPONSES)


class OverdueRead(BaseModel):
    item_id: str
    kind: ItemKind
    what: str
    organisation_id: str
    programme_id: str | None
    pair_id: str | None
    round_id: str | None
    owner_participant_id: str | None
    owner_user_id: str | None
    due_on: date
    level: Level | None
    since: datetime | None
    settled_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


def _read(row: OverdueItemRow) -> OverdueRead:
    return OverdueRead(
        **row.model_dump(exclude={"level_since", "settled_at", "acknowledged_at", "level", "kind"}),
        kind=ItemKind(row.kind),
        what=ITEM_LABELS[ItemKind(row.kind)],
        level=Level(row.level) if row.level else None,
        since=as_utc(row.level_since),
        settled_at=as_utc(row.settled_at),
        acknowledged_at=as_utc(row.acknowledged_at),
    )


# A mentor or mentee sees the items they owe themselves.
OVERDUE_SCOPE = ListScope(
    organisation=OverdueItemRow.organisation_id,
    district=OverdueItemRow.district,
    own=lambda actor: col(OverdueItemRow.owner_participant_id) == actor.participant_id,
)


@router.get("/overdue", response_model=Page[OverdueRead])
def overdue_list(
    session: SessionDep,
    actor: CurrentActor,
    organisation_id: str | None = None,
    programme_id: str | None = None,
    pair_id: str | None = None,
    level: Level | None = None,
    kind: ItemKind | None = None,
    limit: int = Query(default=200, ge=1, le=2000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[OverdueRead]:
    """What is overdue and not yet done: organisation, programme, pair, item, level, since when."""
    query = scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE).where(
        col(OverdueItemRow.level).is_not(None), col(OverdueItemRow.settled_at).is_(None)
    )
    for column, value in (
        (OverdueItemRow.organisation_id, organisation_id),
        (OverdueItemRow.programme_id, programme_id),
        (OverdueItemRow.pair_id, pair_id),
        (OverdueItemRow.level, level),
        (OverdueItemRow.kind, kind),
    ):
        if value is not None:
            query = query.where(column == value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(OverdueItemRow.due_on), col(OverdueItemRow.item_id)).limit(limit).offset(offset)
    )
    return Page(items=[_read(r) for r in rows], total=total, limit=limit, offset=offset)


def _item_in_scope(session: Session, actor: Actor, item_id: str) -> OverdueItemRow:
    row = session.get(OverdueItemRow, item_id)
    if row is None:
        raise NotFound("not_found", "Пункт мониторинга не найден.")
    ensure_visible(
        actor,
        Scope(organisation_id=row.organisation_id, district=row.district),
        "Пункт мониторинга не найден.",
    )
    return row


@router.post("/overdue/{item_id}/acknowledge", response_model=OverdueRead)
def acknowledge(item_id: str, session: SessionDep, actor: CurrentActor) -> OverdueRead:
    """The curator, head or coordinator says they have seen the escalation; the ladder goes on until done."""
    row = _item_in_scope(session, actor, item_id)
    if actor.role not in (Role.CURATOR, Role.HEAD, Role.COORDINATOR):
        raise Forbidden("acknowledger", "Эскалацию подтверждает куратор, руководитель или координатор.")
    if row.level is None:
        raise GuardRefused("not_escalated", "Пункт ещё не просрочен: подтверждать нечего.", "item_id")
    row.acknowledged_at, row.acknowledged_by = utcnow(), actor.user_id
    session.add(row)
    session.commit()
    return _read(row)


async def _settle_submitted(temporal: TemporalLink, item_id: str, actor: Actor) -> None:
    """What was submitted is stored already; if Temporal cannot take the settlement now, say so in the log
    rather than fail the submission (the operator sees the item still open)."""
    try:
        await settle_items_with(
            temporal.client, SettleItems(item_ids=[item_id], actor=actor, reason="submitted")
        )
    except RPCError as error:
        log.warning("item %s submitted but not settled: %s", item_id, error.message)


class RoundStatus(BaseModel):
    round_id: str
    organisation_id: str
    submitted: list[OverdueRead]
    owed: list[OverdueRead]
    # Settled without an answer: the pair ended early while the round was open (nothing is owed).
    released: list[OverdueRead] = Field(default_factory=list)


@router.get("/monitoring/rounds/{round_id}", response_model=RoundStatus)
def round_status(
    round_id: str, session: SessionDep, actor: CurrentActor, organisation_id: str | None = None
) -> RoundStatus:
    """Who submitted the round's questionnaire and who still owes it."""
    if (organisation_id or actor.organisation_id) is None:
        raise InvalidInput("organisation_required", "Укажите организацию.", "organisation_id")
    organisation = visible_organisation(session, actor, str(organisation_id or actor.organisation_id)).id
    query = scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE).where(
        OverdueItemRow.round_id == round_id, OverdueItemRow.organisation_id == organisation
    )
    rows = [_read(r) for r in session.exec(query.order_by(col(OverdueItemRow.item_id)))]
    answered = set(
        session.exec(
            select(QuestionnaireAnswer.item_id).where(
                QuestionnaireAnswer.round_id == round_id, QuestionnaireAnswer.organisation_id == organisation
            )
        ).all()
    )
    return RoundStatus(
        round_id=round_id,
        organisation_id=organisation,
        submitted=[r for r in rows if r.item_id in answered],
        owed=[r for r in rows if r.settled_at is None and r.item_id not in answered],
        released=[r for r in rows if r.settled_at is not None and r.item_id not in answered],
    )


class QuestionnaireBody(BaseModel):
    round_id: str = Field(pattern=r"^\d{4}-\d{2}$")
    pair_id: str | None = Field(default=None, max_length=64, description="Пусто — анкета куратора")
    answers: Annotated[dict[str, Any], AfterValidator(bounds.rule(bounds.small_json))]


@router.post("/monitoring/questionnaires", status_code=201, response_model=OverdueRead)
async def submit_questionnaire(
    body: QuestionnaireBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> OverdueRead:
    """A pair member submits the round's questionnaire for their pair; a curator submits their own. The
    answers are validated against the version the round opened with (application/questionnaire_forms.py)."""
    row, _, _ = record_answers(
        session=session, actor=actor, round_id=body.round_id, pair_id=body.pair_id, answers=body.answers
    )
    await _settle_submitted(temporal, row.item_id, actor)
    return _read(row)


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


@router.post("/pairs/{pair_id}/assessments", status_code=201, response_model=AssessmentRead)
async def submit_assessment(
    pair_id: str, body: AssessmentBody, session: SessionDep, actor: CurrentActor, temporal: TemporalDep
) -> Assessment:
    """Entry and exit assessments over the same parameters (004 §8.2), by the pair's mentor or the curator."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    if not (
        actor.role is Role.CURATOR or (actor.role is Role.MENTOR and actor.participant_id in scope.mentor_ids)
    ):
        raise Forbidden("assessor", "Диагностику вносит наставник пары или куратор.")
    if body.participant_id not in scope.member_ids:
        raise InvalidInput("assessment_member", "Участник не состоит в этой паре.", "participant_id")
    if body.phase == "exit":
        entry = session.exec(
            select(Assessment).where(
                Assessment.pair_id == pair_id,
                Assessment.participant_id == body.participant_id,
                Assessment.phase == "entry",
            )
        ).first()
        if entry is None:
            raise GuardRefused("entry_first", "Сначала внесите входную диагностику этого участника.", "phase")
        if set(entry.scores) != set(body.scores):
            raise InvalidInput(
                "same_parameters",
                "Итоговая диагностика измеряет те же параметры, что и входная: "
                + ", ".join(sorted(entry.scores)),
                "scores",
            )
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
        raise GuardRefused("assessment_once", "Эта диагностика участника уже внесена.", "phase") from error
    kind = ItemKind.ENTRY_ASSESSMENT if body.phase == "entry" else ItemKind.EXIT_ASSESSMENT
    item_id = assessment_item_id(kind, pair.id, body.participant_id)
    await _settle_submitted(temporal, item_id, actor)
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


def compare(rows: list[Assessment]) -> Comparison:
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
            entry=round(mean(b for b, _ in values), 3),
            exit=round(mean(x for _, x in values), 3),
            change=round(mean(x - b for b, x in values), 3),
            participants=len(values),
        )
        for name, values in sorted(pooled.items())
    ]
    return Comparison(participants=people, by_parameter=by_parameter)


@router.get("/pairs/{pair_id}/assessments/comparison", response_model=Comparison)
def pair_comparison(pair_id: str, session: SessionDep, actor: CurrentActor) -> Comparison:
    pair_in_scope(session, actor, pair_id)
    return compare(list(session.exec(select(Assessment).where(Assessment.pair_id == pair_id))))


@router.get("/programmes/{programme_id}/assessments/comparison", response_model=Comparison)
def programme_comparison(programme_id: str, session: SessionDep, actor: CurrentActor) -> Comparison:
    from application.programmes import visible_programme

    visible_programme(session, actor, programme_id)
    pairs = select(Pair.id).where(Pair.programme_id == programme_id)
    return compare(list(session.exec(select(Assessment).where(col(Assessment.pair_id).in_(pairs)))))


class PolicyBody(BaseModel):
    escalation: EscalationPolicy = Field(default_factory=EscalationPolicy)
    monitoring: MonitoringSettings = Field(default_factory=MonitoringSettings)


def visible_organisation(session: Session, actor: Actor, organisation_id: str) -> Organisation:
    """Another district's school, or a school a curator of another school asks about, is not found."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("not_found", "Организация не найдена.")
    ensure_visible(
        actor,
        Scope(organisation_id=organisation.id, district=organisation.district),
        "Организация не найдена.",
    )
    return organisation


@router.get("/organisations/{organisation_id}/policy", response_model=PolicyBody)
def read_policy(organisation_id: str, session: SessionDep, actor: CurrentActor) -> PolicyBody:
    visible_organisation(session, actor, organisation_id)
    row = session.get(OrganisationPolicy, organisation_id)
    return PolicyBody.model_validate(
        {"escalation": row.escalation, "monitoring": row.monitoring} if row else {}
    )


@router.put("/organisations/{organisation_id}/policy", response_model=PolicyBody)
def put_policy(
    organisation_id: str, body: PolicyBody, session: SessionDep, actor: CurrentActor
) -> PolicyBody:
    """The school calendar (holidays), the escalation ladder and the monitoring deadlines; applies to items
    opened from now on."""
    visible_organisation(session, actor, organisation_id)  # 404 before 403: nothing confirms it exists
    if actor.role not in (Role.CURATOR, Role.HEAD) or actor.organisation_id != organisation_id:
        raise Forbidden(
            "curator_only", "Календарь и сроки задаёт куратор или руководитель своей организации."
        )
    row = session.get(OrganisationPolicy, organisation_id) or OrganisationPolicy(
        organisation_id=organisation_id
    )
    row.escalation = body.escalation.model_dump(mode="json")
    row.monitoring = body.monitoring.model_dump(mode="json")
    session.add(row)
    session.commit()
    return body
