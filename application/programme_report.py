"""What the curator adds to the programme's final analytical report (001 §4.15, 000 §6.5.3.1): awards,
best practices and conclusions. Each save is a new version, audited; the texts stay in their own table."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import uuid4

from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from application.programmes import visible_programme
from db.models import AuditEvent, Participant, Programme
from db.report_models import ProgrammeReportNote
from db.session import as_utc, utcnow
from domain.actors import Actor, Role
from domain.errors import Forbidden, GuardRefused, InvalidInput


class AwardBody(BaseModel):
    title: str = Field(min_length=2, max_length=200, description="Например, «Наставник года»")
    participant_id: str | None = None
    whom: str | None = Field(default=None, max_length=300, description="Кому, если не участник базы")


class ReportNotesBody(BaseModel):
    base_version: int | None = None
    awards: Annotated[list[AwardBody], Field(max_length=50)] = Field(default_factory=list)
    best_practices: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=2000)]], Field(max_length=30)
    ] = Field(default_factory=list)
    conclusions: str = Field(default="", max_length=10000)


class ReportNotesRead(ReportNotesBody):
    version: int
    written_at: datetime


def latest_notes(session: Session, programme_id: str) -> ProgrammeReportNote | None:
    query = select(ProgrammeReportNote).where(ProgrammeReportNote.programme_id == programme_id)
    return session.exec(query.order_by(col(ProgrammeReportNote.version).desc())).first()


def _read(row: ProgrammeReportNote) -> ReportNotesRead:
    return ReportNotesRead(
        base_version=row.version - 1 or None,
        awards=[AwardBody.model_validate(a) for a in row.awards],
        best_practices=row.best_practices,
        conclusions=row.conclusions,
        version=row.version,
        written_at=as_utc(row.written_at) or row.written_at,
    )


def ensure_writes_notes(actor: Actor, programme: Programme) -> None:
    """001 §4.15: the final analytical report is written by the programme's curator of its own school."""
    if actor.role is not Role.CURATOR or actor.organisation_id != programme.organisation_id:
        raise Forbidden("curator_only", "Итоговый отчёт программы пишет её куратор.")


def writes_notes(actor: Actor, programme: Programme) -> bool:
    """Whether a page offers the form (the rule is `ensure_writes_notes`)."""
    try:
        ensure_writes_notes(actor, programme)
    except Forbidden:
        return False
    return True


def read_notes(*, session: Session, actor: Actor, programme_id: str) -> ReportNotesRead | None:
    """The newest version of what the curator added to the final report; None before the first save."""
    visible_programme(session, actor, programme_id)
    latest = latest_notes(session, programme_id)
    return _read(latest) if latest is not None else None


def save_notes(
    *, session: Session, actor: Actor, programme_id: str, body: ReportNotesBody
) -> tuple[ReportNotesRead, bool]:
    programme = visible_programme(session, actor, programme_id)
    ensure_writes_notes(actor, programme)
    for i, award in enumerate(body.awards):
        if award.participant_id is None and not award.whom:
            raise InvalidInput("award_whom", "Укажите, кого наградили.", f"awards.{i}.whom")
        if award.participant_id is not None:
            person = session.get(Participant, award.participant_id)
            if person is None or person.organisation_id != programme.organisation_id:
                raise InvalidInput(
                    "award_participant", "Награждённый не найден в базах школы.", f"awards.{i}.participant_id"
                )
    latest = latest_notes(session, programme.id)
    awards = [a.model_dump() for a in body.awards]
    if latest is not None and (latest.awards, latest.best_practices, latest.conclusions) == (
        awards,
        body.best_practices,
        body.conclusions,
    ):
        return _read(latest), False
    if (latest.version if latest else None) != body.base_version:
        raise GuardRefused(
            "notes_version_conflict",
            "Отчёт уже изменён другим сохранением: откройте новую версию.",
            "base_version",
        )
    version = (latest.version if latest else 0) + 1
    row = ProgrammeReportNote(
        id=f"notes-{uuid4().hex[:12]}",
        programme_id=programme.id,
        version=version,
        awards=awards,
        best_practices=body.best_practices,
        conclusions=body.conclusions,
        written_by=actor.user_id,
        written_at=utcnow(),
    )
    session.add(row)
    session.add(
        AuditEvent(
            workflow_id=f"final-report-{programme.id}",
            seq=version,
            subject_type="programme_report",
            subject_id=programme.id,
            organisation_id=programme.organisation_id,
            action="final_report_saved",
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            at=row.written_at,
            details={"version": version, "awards": len(awards), "best_practices": len(body.best_practices)},
        )
    )
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise GuardRefused(
            "notes_version_conflict", "Отчёт сохранён одновременно другим запросом.", "base_version"
        ) from error
    return _read(row), True
