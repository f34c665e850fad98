"""The curator's SWOT of a programme for a monitoring round (004 §8.1): the round's questionnaire
aggregates with suggested strengths and weaknesses, and the four quadrants the curator writes. Each save
is a new version, audited (who, when, which version; the texts stay in the SWOT's own table)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import uuid4

from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from application.programmes import visible_programme
from db.models import AuditEvent, Programme, User
from db.report_models import SwotAnalysis
from db.session import as_utc, utcnow
from domain.actors import Actor, Role
from domain.errors import Forbidden, GuardRefused, NotFound
from domain.questionnaire_stats import QuestionnaireStats, SwotSuggestions, aggregate, suggest_swot
from reports.answers import answered_in

Entry = Annotated[str, Field(min_length=1, max_length=1000)]
Quadrant = Annotated[list[Entry], Field(max_length=30)]


class SwotBody(BaseModel):
    base_version: int | None = Field(
        default=None, description="Версия, которую правил куратор (пусто — первая запись)"
    )
    strengths: Quadrant = Field(default_factory=list)
    weaknesses: Quadrant = Field(default_factory=list)
    opportunities: Quadrant = Field(default_factory=list)
    threats: Quadrant = Field(default_factory=list)

    def quadrants(self) -> tuple[list[str], ...]:
        return (self.strengths, self.weaknesses, self.opportunities, self.threats)


class SwotRead(BaseModel):
    programme_id: str
    round_id: str
    version: int
    strengths: list[str]
    weaknesses: list[str]
    opportunities: list[str]
    threats: list[str]
    written_by: str  # the curator's name
    written_at: datetime


class SwotView(BaseModel):
    programme_id: str
    programme_title: str
    round_id: str
    aggregates: list[QuestionnaireStats]
    suggestions: SwotSuggestions
    current: SwotRead | None
    versions: list[int]


def _read(session: Session, row: SwotAnalysis) -> SwotRead:
    author = session.get(User, row.written_by)
    return SwotRead(
        programme_id=row.programme_id,
        round_id=row.round_id,
        version=row.version,
        strengths=row.strengths,
        weaknesses=row.weaknesses,
        opportunities=row.opportunities,
        threats=row.threats,
        written_by=author.display_name if author else "—",
        written_at=as_utc(row.written_at) or row.written_at,
    )


def swot_versions(session: Session, programme_id: str, round_id: str) -> list[SwotAnalysis]:
    """Every saved version of the programme's SWOT for the round, newest first."""
    query = select(SwotAnalysis).where(
        SwotAnalysis.programme_id == programme_id, SwotAnalysis.round_id == round_id
    )
    return list(session.exec(query.order_by(col(SwotAnalysis.version).desc())).all())


def round_aggregates(session: Session, programme: Programme, round_id: str) -> list[QuestionnaireStats]:
    answered, versions = answered_in(session, programme.organisation_id, round_id, programme.id)
    return aggregate(answered, versions)


def read_swot(*, session: Session, actor: Actor, programme_id: str, round_id: str) -> SwotView:
    programme = visible_programme(session, actor, programme_id)
    stats = round_aggregates(session, programme, round_id)
    saved = swot_versions(session, programme_id, round_id)
    return SwotView(
        programme_id=programme.id,
        programme_title=programme.title,
        round_id=round_id,
        aggregates=stats,
        suggestions=suggest_swot(stats),
        current=_read(session, saved[0]) if saved else None,
        versions=[row.version for row in saved],
    )


def read_swot_version(
    *, session: Session, actor: Actor, programme_id: str, round_id: str, version: int
) -> SwotRead:
    visible_programme(session, actor, programme_id)
    for row in swot_versions(session, programme_id, round_id):
        if row.version == version:
            return _read(session, row)
    raise NotFound("not_found", "Такой версии SWOT-анализа нет.")


def ensure_writes_swot(actor: Actor, programme: Programme) -> None:
    """004 §8.1: the SWOT analysis is the curator's, of the programme's own school."""
    if actor.role is not Role.CURATOR or actor.organisation_id != programme.organisation_id:
        raise Forbidden("curator_only", "SWOT-анализ проводит куратор программы.")


def writes_swot(actor: Actor, programme: Programme) -> bool:
    """Whether a page offers the SWOT form (the rule is `ensure_writes_swot`)."""
    try:
        ensure_writes_swot(actor, programme)
    except Forbidden:
        return False
    return True


def save_swot(
    *, session: Session, actor: Actor, programme_id: str, round_id: str, body: SwotBody
) -> tuple[SwotRead, bool]:
    """A new version written over `base_version`. The same quadrants as the newest version store nothing
    (a retried request); a save over an older version than the newest is refused, so nobody overwrites a
    colleague's edit unseen. Returns (version, created)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_writes_swot(actor, programme)
    saved = swot_versions(session, programme_id, round_id)
    latest = saved[0] if saved else None
    if latest is not None and body.quadrants() == (
        latest.strengths,
        latest.weaknesses,
        latest.opportunities,
        latest.threats,
    ):
        return _read(session, latest), False
    if (latest.version if latest else None) != body.base_version:
        raise GuardRefused(
            "swot_version_conflict",
            f"SWOT-анализ уже изменён: последняя версия {latest.version if latest else 'отсутствует'}. "
            "Откройте её и внесите правки заново.",
            "base_version",
        )
    version = (latest.version if latest else 0) + 1
    row = SwotAnalysis(
        id=f"swot-{uuid4().hex[:12]}",
        organisation_id=programme.organisation_id,
        programme_id=programme.id,
        round_id=round_id,
        version=version,
        strengths=body.strengths,
        weaknesses=body.weaknesses,
        opportunities=body.opportunities,
        threats=body.threats,
        written_by=actor.user_id,
        written_at=utcnow(),
    )
    session.add(row)
    session.add(
        AuditEvent(
            workflow_id=f"swot-{programme.id}-{round_id}",  # (workflow_id, seq = version) is the claim
            seq=version,
            subject_type="swot",
            subject_id=programme.id,
            organisation_id=programme.organisation_id,
            action="swot_saved",
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            at=row.written_at,
            details={
                "round_id": round_id,
                "version": version,
                "entries": [len(q) for q in body.quadrants()],
            },
        )
    )
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise GuardRefused(
            "swot_version_conflict", "SWOT-анализ сохранён одновременно другим запросом.", "base_version"
        ) from error
    return _read(session, row), True
