"""Read back what people entered (issue 11 point 4): plans, reflections, assessments, trial-meeting
answers and feedback; a round's questionnaire answers are read through `application.questionnaire_forms`.
Who reads what is `domain.reading`; names, never ids."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import false
from sqlmodel import Session, col, func, select

from application.programmes import visible_programme
from application.records_schemas import (
    AssessmentRecord,
    FeedbackRead,
    FitAnswerRead,
    PlanRead,
    ReflectionRead,
)
from application.schemas import Page
from application.scopes import pair_in_scope
from db.models import (
    Assessment,
    FeedbackQuestionnaire,
    PairFitAnswer,
    Participant,
    PlanDocument,
    Programme,
    ReflectionDocument,
    User,
)
from db.session import as_utc
from domain.actors import Actor, Role
from domain.pair import MeetingFormat, ReflectionKind
from domain.reading import ensure_may_read_pair_records, may_read_own_answer, school_staff


def _at(moment: datetime) -> datetime:
    stored = as_utc(moment)
    assert stored is not None
    return stored


def user_names(session: Session, ids: set[str]) -> dict[str, str]:
    """Accounts by name; the operator and the system have no row."""
    names = {"admin": "оператор", "system": "система"}
    if ids:
        names |= {u.id: u.display_name for u in session.exec(select(User).where(col(User.id).in_(ids)))}
    return names


def participant_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {p.id: p.full_name for p in session.exec(select(Participant).where(col(Participant.id).in_(ids)))}


def pair_plans(*, session: Session, actor: Actor, pair_id: str) -> list[PlanRead]:
    """Every plan approved for the pair, the current one last."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_read_pair_records(actor, scope)
    rows = list(
        session.exec(
            select(PlanDocument)
            .where(PlanDocument.pair_id == pair.id, PlanDocument.status == "approved")
            .order_by(col(PlanDocument.created_at))
        )
    )
    authors = user_names(session, {r.created_by for r in rows})
    return [
        PlanRead(
            id=r.id,
            problem=r.problem,
            goals=r.goals,
            content=r.content,
            planned_results=r.planned_results,
            schedule=[date.fromisoformat(d) for d in r.schedule],
            cadence_days=r.cadence_days,
            format=MeetingFormat(r.format),
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            written_by=authors.get(r.created_by, ""),
            created_at=_at(r.created_at),
        )
        for r in rows
    ]


def pair_reflections(*, session: Session, actor: Actor, pair_id: str) -> list[ReflectionRead]:
    """The mentor's report and the mentee's reflection, as written (000 §5.5)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_read_pair_records(actor, scope)
    rows = list(
        session.exec(
            select(ReflectionDocument)
            .where(ReflectionDocument.pair_id == pair.id)
            .order_by(col(ReflectionDocument.created_at))
        )
    )
    authors = user_names(session, {r.created_by for r in rows})
    return [
        ReflectionRead(
            id=r.id,
            kind=ReflectionKind(r.kind),
            text=r.text,
            written_by=authors.get(r.created_by, ""),
            created_at=_at(r.created_at),
        )
        for r in rows
    ]


def pair_assessments(*, session: Session, actor: Actor, pair_id: str) -> list[AssessmentRecord]:
    """Entry and exit assessments of the pair's members (004 §8.2)."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_read_pair_records(actor, scope)
    rows = list(
        session.exec(
            select(Assessment)
            .where(Assessment.pair_id == pair.id)
            .order_by(col(Assessment.submitted_at), col(Assessment.id))
        )
    )
    people = participant_names(session, {r.participant_id for r in rows})
    authors = user_names(session, {r.submitted_by for r in rows})
    return [
        AssessmentRecord(
            id=r.id,
            participant_id=r.participant_id,
            participant_name=people.get(r.participant_id, ""),
            phase=r.phase,
            scores=r.scores,
            submitted_by=authors.get(r.submitted_by, ""),
            submitted_at=_at(r.submitted_at),
        )
        for r in rows
    ]


def pair_fit_answers(*, session: Session, actor: Actor, pair_id: str) -> list[FitAnswerRead]:
    """The answers after the trial meeting: each side reads its own, the school's staff both."""
    pair, _ = pair_in_scope(session, actor, pair_id)
    rows = session.exec(select(PairFitAnswer).where(PairFitAnswer.pair_id == pair.id))
    readable = [r for r in rows if may_read_own_answer(actor, pair.organisation_id, r.participant_id)]
    people = participant_names(session, {r.participant_id for r in readable})
    return [
        FitAnswerRead(
            participant_id=r.participant_id,
            participant_name=people.get(r.participant_id, ""),
            fits=r.fits,
            comment=r.comment,
            answered_at=_at(r.answered_at),
        )
        for r in sorted(readable, key=lambda r: r.answered_at)
    ]


def programme_feedback(
    *, session: Session, actor: Actor, programme_id: str, limit: int = 100, offset: int = 0
) -> Page[FeedbackRead]:
    """The feedback questionnaires of the programme's end: the school's staff read all, a person their own."""
    programme = session.get(Programme, programme_id)
    participant_of_school = (
        programme is not None
        and actor.role in (Role.MENTOR, Role.MENTEE)
        and actor.organisation_id == programme.organisation_id
    )
    if programme is None or not participant_of_school:  # a participant reads their own answers only
        programme = visible_programme(session, actor, programme_id)
    query = select(FeedbackQuestionnaire).where(FeedbackQuestionnaire.programme_id == programme.id)
    if not school_staff(actor, programme.organisation_id):
        mine = actor.participant_id if actor.role in (Role.MENTOR, Role.MENTEE) else None
        query = query.where(FeedbackQuestionnaire.participant_id == mine) if mine else query.where(false())
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = list(
        session.exec(
            query.order_by(col(FeedbackQuestionnaire.created_at), col(FeedbackQuestionnaire.id))
            .limit(limit)
            .offset(offset)
        )
    )
    people = participant_names(session, {r.participant_id for r in rows})
    items = [
        FeedbackRead(
            id=r.id,
            programme_id=r.programme_id,
            participant_id=r.participant_id,
            participant_name=people.get(r.participant_id, ""),
            answers=r.answers,
            created_at=_at(r.created_at),
        )
        for r in rows
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)
