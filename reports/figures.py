"""The figures of a school for a half-year, computed for many schools at once: the one source of the school
report's headline and of every row of the district roll-up (004 §7–§8).

- the half-year: from 1 September (or the day after the previous round's deadline) to the round's deadline;
- coverage: distinct pupils, and distinct teachers, in pairs active during the half-year, against the
  school's numbers and targets (domain/coverage.py);
- pairs active, started, completed and terminated during the half-year (with reasons), meetings held;
- what is overdue now and at which level; the round's questionnaires requested, submitted, owed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple

from pydantic import BaseModel, Field
from sqlalchemy import case
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from db.models import (
    Meeting,
    OrganisationPolicy,
    OverdueItemRow,
    Pair,
    PairMember,
    Participant,
    QuestionnaireAnswer,
)
from db.report_models import CoverageSettings
from db.session import as_utc
from domain.coverage import DEFAULT_PUPIL_TARGETS, DEFAULT_TEACHER_TARGETS, Coverage, coverage
from domain.errors import InvalidInput
from domain.monitoring import MonitoringSettings, academic_year_bounds, academic_year_of, rounds_of_year
from domain.school_calendar import SchoolCalendar

ENDED = ("completed", "terminated")
LEVELS = ("owner", "curator", "head", "coordinator")


class Period(BaseModel):
    round_id: str
    academic_year: str
    starts_on: date
    due_on: date  # the round's deadline, the half-year's last day

    @property
    def half(self) -> int:
        return 1 if self.due_on.month >= 9 or self.due_on.month <= 1 else 2


class SchoolFigures(BaseModel):
    organisation_id: str
    pupils: Coverage
    teachers: Coverage
    pairs_active: int = 0
    started: int = 0
    completed: int = 0
    terminated: int = 0
    termination_reasons: dict[str, int] = Field(default_factory=dict)
    meetings: int = 0
    overdue: dict[str, int] = Field(default_factory=dict)  # level → open escalated items
    questionnaires_requested: int = 0
    questionnaires_submitted: int = 0
    questionnaires_owed: int = 0
    questionnaires_late: bool = False  # owed after the deadline

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue.values())


def period_of(session: Session, organisation_id: str, round_id: str) -> Period:
    """The half-year a round closes, by the school's own monitoring deadlines."""
    try:
        year, month = (int(part) for part in round_id.split("-"))
        academic_year = academic_year_of(date(year, month, 1))
    except ValueError:
        raise InvalidInput("round_id", "Раунд задаётся как ГГГГ-ММ, например 2026-12.", "round_id") from None
    policy = session.get(OrganisationPolicy, organisation_id)
    settings = MonitoringSettings.model_validate(policy.monitoring if policy else {})
    calendar = SchoolCalendar.model_validate((policy.escalation if policy else {}).get("calendar", {}))
    rounds = rounds_of_year(academic_year, settings, calendar)
    start = academic_year_bounds(academic_year)[0]
    for round_ in rounds:
        if round_.round_id == round_id:
            return Period(
                round_id=round_id, academic_year=academic_year, starts_on=start, due_on=round_.due_on
            )
        start = round_.due_on + timedelta(days=1)
    raise InvalidInput("round_id", f"В {academic_year} учебном году нет раунда {round_id}.", "round_id")


def _day(moment: datetime | None) -> date | None:
    value = as_utc(moment)
    return value.date() if value else None


class PairFacts(NamedTuple):
    """What the figures need of a pair (a plain row: a district has thousands)."""

    id: str
    organisation_id: str
    stage: str
    stage_since: datetime | None
    created_at: datetime
    termination_reason: str | None


def active_in(pair: Pair | PairFacts, period: Period) -> bool:
    """Created by the half-year's end and not ended before it began."""
    created = _day(pair.created_at)
    if created is None or created > period.due_on:
        return False
    ended = _day(pair.stage_since) if pair.stage in ENDED else None
    return ended is None or ended >= period.starts_on


def _within(day: date | None, period: Period) -> bool:
    return day is not None and period.starts_on <= day <= period.due_on


def figures_for(
    session: Session, organisation_ids: list[str], periods: dict[str, Period], today: date
) -> dict[str, SchoolFigures]:
    """The figures of each school for its half-year (periods per school); a handful of queries in all."""
    pairs = [
        PairFacts(*row)
        for row in session.execute(
            sa_select(
                col(Pair.id),
                col(Pair.organisation_id),
                col(Pair.stage),
                col(Pair.stage_since),
                col(Pair.created_at),
                col(Pair.termination_reason),
            ).where(col(Pair.organisation_id).in_(organisation_ids))
        ).all()
    ]
    active = {p.id: p for p in pairs if active_in(p, periods[p.organisation_id])}
    members = session.exec(
        select(Pair.organisation_id, PairMember.pair_id, PairMember.participant_id, Participant.kind)
        .join(PairMember, col(PairMember.pair_id) == col(Pair.id))
        .join(Participant, col(Participant.id) == col(PairMember.participant_id))
        .where(col(Pair.organisation_id).in_(organisation_ids))
    ).all()
    covered: dict[tuple[str, str], set[str]] = defaultdict(set)
    for organisation_id, pair_id, participant_id, kind in members:
        if pair_id in active:
            covered[(organisation_id, kind)].add(participant_id)
    settings = {
        row.organisation_id: row
        for row in session.exec(
            select(CoverageSettings).where(col(CoverageSettings.organisation_id).in_(organisation_ids))
        )
        if row.academic_year == periods[row.organisation_id].academic_year
    }
    result: dict[str, SchoolFigures] = {}
    for organisation_id in organisation_ids:
        period = periods[organisation_id]
        numbers = settings.get(organisation_id)
        pupil_targets = (
            {int(k): v for k, v in numbers.pupil_targets.items()} if numbers else DEFAULT_PUPIL_TARGETS
        )
        teacher_targets = (
            {int(k): v for k, v in numbers.teacher_targets.items()} if numbers else DEFAULT_TEACHER_TARGETS
        )
        year = period.due_on.year
        result[organisation_id] = SchoolFigures(
            organisation_id=organisation_id,
            pupils=coverage(
                len(covered[(organisation_id, "pupil")]),
                numbers.pupils_total if numbers else None,
                pupil_targets,
                year,
            ),
            teachers=coverage(
                len(covered[(organisation_id, "teacher")]),
                numbers.teachers_total if numbers else None,
                teacher_targets,
                year,
            ),
        )
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for pair in pairs:
        figures, period = result[pair.organisation_id], periods[pair.organisation_id]
        if pair.id in active:
            figures.pairs_active += 1
        if _within(_day(pair.created_at), period):
            figures.started += 1
        if pair.stage in ENDED and _within(_day(pair.stage_since), period):
            if pair.stage == "completed":
                figures.completed += 1
            else:
                figures.terminated += 1
                reasons[pair.organisation_id][pair.termination_reason or "—"] += 1
    for organisation_id, counted in reasons.items():
        result[organisation_id].termination_reasons = dict(counted.most_common())
    first = min(p.starts_on for p in periods.values())
    last = max(p.due_on for p in periods.values())
    for organisation_id, held_on, n in session.exec(
        select(col(Pair.organisation_id), col(Meeting.held_on), func.count())
        .join(Pair, col(Pair.id) == col(Meeting.pair_id))
        .where(
            col(Pair.organisation_id).in_(organisation_ids),
            col(Meeting.held_on) >= first,
            col(Meeting.held_on) <= last,
        )
        .group_by(col(Pair.organisation_id), col(Meeting.held_on))
    ).all():
        if _within(held_on, periods[organisation_id]):
            result[organisation_id].meetings += n
    for organisation_id, level, n in session.exec(
        select(OverdueItemRow.organisation_id, OverdueItemRow.level, func.count())
        .where(
            col(OverdueItemRow.organisation_id).in_(organisation_ids),
            col(OverdueItemRow.level).is_not(None),
            col(OverdueItemRow.settled_at).is_(None),
        )
        .group_by(col(OverdueItemRow.organisation_id), col(OverdueItemRow.level))
    ).all():
        result[organisation_id].overdue[str(level)] = n
    _questionnaires(session, organisation_ids, periods, today, result)
    return result


def _questionnaires(
    session: Session,
    organisation_ids: list[str],
    periods: dict[str, Period],
    today: date,
    result: dict[str, SchoolFigures],
) -> None:
    round_ids = {p.round_id for p in periods.values()}
    answered = (
        select(QuestionnaireAnswer.item_id)
        .where(col(QuestionnaireAnswer.round_id).in_(round_ids))
        .distinct()
        .subquery()
    )
    submitted = answered.c.item_id.is_not(None)
    counts = session.execute(
        sa_select(
            col(OverdueItemRow.organisation_id),
            col(OverdueItemRow.round_id),
            func.count(),
            func.count(answered.c.item_id),
            func.sum(case((~submitted & col(OverdueItemRow.settled_at).is_(None), 1), else_=0)),
        )
        .outerjoin(answered, answered.c.item_id == col(OverdueItemRow.item_id))
        .where(
            col(OverdueItemRow.organisation_id).in_(organisation_ids),
            col(OverdueItemRow.kind) == "questionnaire",
            col(OverdueItemRow.round_id).in_(round_ids),
        )
        .group_by(col(OverdueItemRow.organisation_id), col(OverdueItemRow.round_id))
    ).all()
    for organisation_id, round_id, requested, n_submitted, owed in counts:
        if round_id != periods[organisation_id].round_id:
            continue
        figures = result[organisation_id]
        figures.questionnaires_requested += requested
        figures.questionnaires_submitted += n_submitted
        figures.questionnaires_owed += int(owed or 0)
    for organisation_id, figures in result.items():
        figures.questionnaires_late = (
            figures.questionnaires_owed > 0 and today > periods[organisation_id].due_on
        )
