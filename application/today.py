"""«Сегодня»: what needs the curator, the head or the coordinator now — blocked pairs, open monitoring
rounds, the school's pairs by stage and the district's schools with their figures. Every query goes
through the same scope rules as the lists of the API (application/list_scope.py)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from activities.items import policy_of
from application.list_scope import scoped
from application.overdue import OVERDUE_SCOPE, RoundStatus, round_status
from application.pair_commands import query_state
from application.pair_views import next_step
from application.pairs import PAIR_SCOPE, list_pairs
from application.schemas import NextStep, PairRead
from application.temporal import TemporalLink
from db.models import Organisation, OrganisationPolicy, OverdueItemRow, Pair
from db.session import release
from domain.actors import Actor, Role
from domain.escalation import ItemKind, Level
from domain.monitoring import MonitoringRound, MonitoringSettings, academic_year_of, rounds_of_year
from domain.stages import ACTIVE_STAGES, Stage

BLOCKED_PAIRS_LOOKED_AT = 200  # active pairs whose next step is asked of their workflows per visit


@dataclass(frozen=True)
class BlockedPair:
    pair: PairRead
    step: NextStep


async def blocked_pairs(*, session: Session, actor: Actor, temporal: TemporalLink) -> list[BlockedPair]:
    """Active pairs whose next stage is refused by a guard, with the guard's reason (oldest first)."""
    page = list_pairs(session=session, actor=actor, limit=BLOCKED_PAIRS_LOOKED_AT)
    active = [p for p in page.items if p.stage in ACTIVE_STAGES]
    release(session)
    states = await asyncio.gather(*(query_state(temporal, p.workflow_id) for p in active))
    blocked = []
    for pair, state in zip(active, states, strict=True):
        step = next_step(state, actor) if state is not None else None
        if step is not None and not step.allowed:
            blocked.append(BlockedPair(pair, step))
    return blocked


def pairs_by_stage(*, session: Session, actor: Actor) -> dict[Stage, int]:
    """How many pairs the actor may see are in each stage (every stage listed, zeros too)."""
    visible = scoped(select(Pair), actor, PAIR_SCOPE).subquery()
    rows = session.exec(select(visible.c.stage, func.count()).group_by(visible.c.stage)).all()
    counts = {Stage(stage): int(n) for stage, n in rows}
    return {stage: counts.get(stage, 0) for stage in Stage}


def open_rounds(*, session: Session, actor: Actor) -> list[RoundStatus]:
    """Monitoring rounds with a questionnaire still owed, each with who submitted and who owes."""
    query = (
        scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE)
        .where(
            OverdueItemRow.kind == ItemKind.QUESTIONNAIRE.value,
            col(OverdueItemRow.round_id).is_not(None),
            col(OverdueItemRow.settled_at).is_(None),
        )
        .subquery()
    )
    keys = session.exec(
        select(query.c.round_id, query.c.organisation_id).distinct().order_by(query.c.round_id)
    ).all()
    return [
        round_status(session=session, actor=actor, round_id=round_id, organisation_id=organisation_id)
        for round_id, organisation_id in keys
    ]


def school_rounds(session: Session, organisation_id: str, academic_year: str) -> list[MonitoringRound]:
    """The organisation's rounds of an academic year, by its calendar and monitoring settings."""
    row = session.get(OrganisationPolicy, organisation_id)
    settings = MonitoringSettings.model_validate(row.monitoring if row else {})
    calendar = policy_of(session, organisation_id).calendar
    return rounds_of_year(academic_year, settings, calendar)


def round_schedule(session: Session, organisation_id: str, round_id: str) -> MonitoringRound | None:
    """When the organisation's round opens and is due, by its calendar and monitoring settings."""
    year, month = (int(part) for part in round_id.split("-"))
    for candidate in school_rounds(session, organisation_id, academic_year_of(date(year, month, 1))):
        if candidate.round_id == round_id:
            return candidate
    return None


@dataclass
class SchoolFigures:
    """One school of the district, as the coordinator compares them."""

    organisation_id: str
    name: str
    pairs_active: int = 0
    pairs_completed: int = 0
    pairs_terminated: int = 0
    overdue_by_level: dict[Level, int] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(self.overdue_by_level.values())


def district_schools(*, session: Session, actor: Actor) -> list[SchoolFigures]:
    """The schools the actor may see (a coordinator: the district) with pairs and open escalations."""
    if actor.role is Role.COORDINATOR:
        organisations = session.exec(
            select(Organisation)
            .where(Organisation.district == actor.district)
            .order_by(col(Organisation.name))
        ).all()
    elif actor.role is Role.ADMIN:
        organisations = session.exec(select(Organisation).order_by(col(Organisation.name))).all()
    else:
        organisations = session.exec(
            select(Organisation).where(Organisation.id == actor.organisation_id)
        ).all()
    figures = {o.id: SchoolFigures(o.id, o.name) for o in organisations}
    pairs = scoped(select(Pair), actor, PAIR_SCOPE).subquery()
    for organisation_id, stage, n in session.exec(
        select(pairs.c.organisation_id, pairs.c.stage, func.count()).group_by(
            pairs.c.organisation_id, pairs.c.stage
        )
    ).all():
        school = figures.get(organisation_id)
        if school is None:
            continue
        if stage == Stage.COMPLETED.value:
            school.pairs_completed += int(n)
        elif stage == Stage.TERMINATED.value:
            school.pairs_terminated += int(n)
        else:
            school.pairs_active += int(n)
    items = (
        scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE)
        .where(col(OverdueItemRow.level).is_not(None), col(OverdueItemRow.settled_at).is_(None))
        .subquery()
    )
    for organisation_id, level, n in session.exec(
        select(items.c.organisation_id, items.c.level, func.count()).group_by(
            items.c.organisation_id, items.c.level
        )
    ).all():
        school = figures.get(organisation_id)
        if school is not None:
            school.overdue_by_level[Level(level)] = int(n)
    return list(figures.values())
