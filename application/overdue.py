"""The overdue list, acknowledging an escalation and a monitoring round's status: one query each, called
by the JSON routes (api/routes/monitoring.py) and the cabinet's pages alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlmodel import Session, col, func, select

from application.list_scope import ListScope, scoped
from application.schemas import Page, labelled
from application.scopes import visible_organisation
from db.models import OverdueItemRow, QuestionnaireAnswer
from db.session import as_utc, utcnow
from domain.actors import Actor, Role, Scope, ensure_visible
from domain.errors import Forbidden, GuardRefused, InvalidInput, NotFound
from domain.escalation import ITEM_LABELS, LEVEL_LABELS, ItemKind, Level


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
    level_label: str | None = labelled(LEVEL_LABELS, "level", "Ступень эскалации по-русски")


def overdue_read(row: OverdueItemRow) -> OverdueRead:
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


@dataclass(frozen=True)
class OverdueFilters:
    organisation_id: str | None = None
    programme_id: str | None = None
    pair_id: str | None = None
    level: Level | None = None
    kind: ItemKind | None = None


def overdue_page(
    *, session: Session, actor: Actor, filters: OverdueFilters, limit: int, offset: int
) -> Page[OverdueRead]:
    """What is overdue and not yet done, in the actor's scope, earliest due first."""
    query = scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE).where(
        col(OverdueItemRow.level).is_not(None), col(OverdueItemRow.settled_at).is_(None)
    )
    for column, value in (
        (OverdueItemRow.organisation_id, filters.organisation_id),
        (OverdueItemRow.programme_id, filters.programme_id),
        (OverdueItemRow.pair_id, filters.pair_id),
        (OverdueItemRow.level, filters.level),
        (OverdueItemRow.kind, filters.kind),
    ):
        if value is not None:
            query = query.where(column == value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(OverdueItemRow.due_on), col(OverdueItemRow.item_id)).limit(limit).offset(offset)
    )
    return Page(items=[overdue_read(r) for r in rows], total=total, limit=limit, offset=offset)


def item_in_scope(session: Session, actor: Actor, item_id: str) -> OverdueItemRow:
    row = session.get(OverdueItemRow, item_id)
    if row is None:
        raise NotFound("not_found", "Пункт мониторинга не найден.")
    ensure_visible(
        actor,
        Scope(organisation_id=row.organisation_id, district=row.district),
        "Пункт мониторинга не найден.",
    )
    return row


def acknowledge(*, session: Session, actor: Actor, item_id: str) -> OverdueRead:
    """The curator, head or coordinator says they have seen the escalation; the ladder goes on until done."""
    row = item_in_scope(session, actor, item_id)
    if actor.role not in (Role.CURATOR, Role.HEAD, Role.COORDINATOR):
        raise Forbidden("acknowledger", "Эскалацию подтверждает куратор, руководитель или координатор.")
    if row.level is None:
        raise GuardRefused("not_escalated", "Пункт ещё не просрочен: подтверждать нечего.", "item_id")
    row.acknowledged_at, row.acknowledged_by = utcnow(), actor.user_id
    session.add(row)
    session.commit()
    return overdue_read(row)


class RoundStatus(BaseModel):
    round_id: str
    organisation_id: str
    submitted: list[OverdueRead]
    owed: list[OverdueRead]
    # Settled without an answer: the pair ended early while the round was open (nothing is owed).
    released: list[OverdueRead] = Field(default_factory=list)


def round_status(
    *, session: Session, actor: Actor, round_id: str, organisation_id: str | None = None
) -> RoundStatus:
    """Who submitted the round's questionnaire, who still owes it, whose were released."""
    if (organisation_id or actor.organisation_id) is None:
        raise InvalidInput("organisation_required", "Укажите организацию.", "organisation_id")
    organisation = visible_organisation(session, actor, str(organisation_id or actor.organisation_id)).id
    query = scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE).where(
        OverdueItemRow.round_id == round_id, OverdueItemRow.organisation_id == organisation
    )
    rows = [overdue_read(r) for r in session.exec(query.order_by(col(OverdueItemRow.item_id)))]
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
