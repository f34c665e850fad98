"""A school's numbers of pupils and teachers for an academic year and its coverage targets (004 §7)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlmodel import Session

from db.models import Organisation
from db.report_models import CoverageSettings
from db.session import utcnow
from domain.actors import Actor, Role, Scope, ensure_visible
from domain.coverage import DEFAULT_PUPIL_TARGETS, DEFAULT_TEACHER_TARGETS
from domain.errors import Forbidden, InvalidInput, NotFound

Targets = dict[int, int]


class CoverageBody(BaseModel):
    pupils_total: int = Field(ge=0, le=100_000, description="Обучающихся в ОО")
    teachers_total: int = Field(ge=0, le=10_000, description="Педагогических работников в ОО")
    pupil_targets: Targets = Field(default_factory=lambda: dict(DEFAULT_PUPIL_TARGETS))
    teacher_targets: Targets = Field(default_factory=lambda: dict(DEFAULT_TEACHER_TARGETS))


class CoverageRead(CoverageBody):
    organisation_id: str
    academic_year: str


def _school(session: Session, actor: Actor, organisation_id: str) -> Organisation:
    school = session.get(Organisation, organisation_id)
    if school is None:
        raise NotFound("not_found", "Организация не найдена.")
    ensure_visible(
        actor, Scope(organisation_id=school.id, district=school.district), "Организация не найдена."
    )
    return school


def _read(row: CoverageSettings) -> CoverageRead:
    return CoverageRead(
        organisation_id=row.organisation_id,
        academic_year=row.academic_year,
        pupils_total=row.pupils_total,
        teachers_total=row.teachers_total,
        pupil_targets={int(k): v for k, v in row.pupil_targets.items()},
        teacher_targets={int(k): v for k, v in row.teacher_targets.items()},
    )


def read_coverage(
    *, session: Session, actor: Actor, organisation_id: str, academic_year: str
) -> CoverageRead:
    _school(session, actor, organisation_id)
    row = session.get(CoverageSettings, (organisation_id, academic_year))
    if row is None:
        raise NotFound("not_found", "Школа ещё не внесла численность на этот учебный год.")
    return _read(row)


def ensure_enters_coverage(actor: Actor, organisation_id: str) -> None:
    """The school's own curator or head enters its numbers and targets."""
    if actor.role not in (Role.CURATOR, Role.HEAD) or actor.organisation_id != organisation_id:
        raise Forbidden(
            "curator_only", "Численность и целевые показатели вносит куратор или руководитель школы."
        )


def enters_coverage(actor: Actor, organisation_id: str) -> bool:
    """Whether a page offers the form (the rule is `ensure_enters_coverage`)."""
    try:
        ensure_enters_coverage(actor, organisation_id)
    except Forbidden:
        return False
    return True


def put_coverage(
    *, session: Session, actor: Actor, organisation_id: str, academic_year: str, body: CoverageBody
) -> CoverageRead:
    """Idempotent: the same numbers again leave the row as it is."""
    school = _school(session, actor, organisation_id)
    ensure_enters_coverage(actor, school.id)
    for field, targets in (("pupil_targets", body.pupil_targets), ("teacher_targets", body.teacher_targets)):
        for year, percent in targets.items():
            if not (2000 <= year <= 2100 and 0 <= percent <= 100):
                raise InvalidInput("target_range", "Год 2000–2100, процент 0–100.", f"{field}.{year}")
    row = session.get(CoverageSettings, (organisation_id, academic_year)) or CoverageSettings(
        organisation_id=organisation_id,
        academic_year=academic_year,
        pupils_total=0,
        teachers_total=0,
        updated_by=actor.user_id,
        updated_at=utcnow(),
    )
    row.pupils_total, row.teachers_total = body.pupils_total, body.teachers_total
    row.pupil_targets = {str(k): v for k, v in sorted(body.pupil_targets.items())}
    row.teacher_targets = {str(k): v for k, v in sorted(body.teacher_targets.items())}
    row.updated_by, row.updated_at = actor.user_id, utcnow()
    session.add(row)
    session.commit()
    return _read(row)
