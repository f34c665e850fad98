"""The district roll-up for the coordinator (001 roadmap 3): one row per school with the figures of its
half-year report (the same function computes both), totals, and the schools late with the round's
questionnaires."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from db.models import Organisation
from domain.actors import Actor, Role
from domain.coverage import DEFAULT_PUPIL_TARGETS, DEFAULT_TEACHER_TARGETS, coverage
from domain.errors import Forbidden, NotFound
from reports.common import period_label
from reports.figures import SchoolFigures, figures_for, period_of
from reports.model import DistrictReport, DistrictRow


def _totals(rows: list[SchoolFigures], year: int) -> SchoolFigures:
    def known(values: list[int | None]) -> int | None:
        return sum(v for v in values if v is not None) if any(v is not None for v in values) else None

    total = SchoolFigures(
        organisation_id="",
        pupils=coverage(
            sum(f.pupils.covered for f in rows),
            known([f.pupils.total for f in rows]),
            DEFAULT_PUPIL_TARGETS,
            year,
        ),
        teachers=coverage(
            sum(f.teachers.covered for f in rows),
            known([f.teachers.total for f in rows]),
            DEFAULT_TEACHER_TARGETS,
            year,
        ),
    )
    for f in rows:
        total.pairs_active += f.pairs_active
        total.started += f.started
        total.completed += f.completed
        total.terminated += f.terminated
        total.meetings += f.meetings
        total.questionnaires_requested += f.questionnaires_requested
        total.questionnaires_submitted += f.questionnaires_submitted
        total.questionnaires_owed += f.questionnaires_owed
        for level, n in f.overdue.items():
            total.overdue[level] = total.overdue.get(level, 0) + n
        for reason, n in f.termination_reasons.items():
            total.termination_reasons[reason] = total.termination_reasons.get(reason, 0) + n
    total.questionnaires_late = any(f.questionnaires_late for f in rows)
    return total


def build_district_report(
    session: Session, actor: Actor, district: str, round_id: str, today: date | None = None
) -> DistrictReport:
    if actor.role is not Role.ADMIN and not (actor.role is Role.COORDINATOR and actor.district == district):
        if actor.role is Role.COORDINATOR:
            raise NotFound("not_found", "Район не найден.")
        raise Forbidden("coordinator_only", "Сводный отчёт района формирует координатор района.")
    schools = session.exec(
        select(Organisation).where(Organisation.district == district).order_by(col(Organisation.name))
    ).all()
    if not schools:
        raise NotFound("not_found", "Район не найден.")
    today = today or date.today()
    periods = {s.id: period_of(session, s.id, round_id) for s in schools}
    figures = figures_for(session, [s.id for s in schools], periods, today)
    ordered = sorted(schools, key=lambda s: _natural(s.name))
    rows = [DistrictRow(school=s.name, due_on=periods[s.id].due_on, figures=figures[s.id]) for s in ordered]
    first = periods[ordered[0].id]
    return DistrictReport(
        title="Сводный отчёт района о мониторинге программ наставничества",
        district=district,
        round_id=round_id,
        period_label=period_label(first),
        generated_on=today,
        rows=rows,
        totals=_totals([r.figures for r in rows], first.due_on.year),
        late_schools=[r.school for r in rows if r.figures.questionnaires_late],
    )


def _natural(name: str) -> tuple[str, int, str]:
    """«СОШ № 2» before «СОШ № 10»."""
    head, _, tail = name.rpartition(" ")
    return (head, int(tail), "") if tail.isdigit() else (name, 0, "")
