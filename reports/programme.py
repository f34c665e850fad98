"""The programme's final analytical report of the curator, for publication (001 §4.15, 000 §6.5.3.1):
what was planned and what was reached, entry/exit changes, awards, best practices, conclusions."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session, col, func, select

from application.programme_report import latest_notes
from application.programmes import visible_programme
from db.models import (
    Meeting,
    MenteeRequest,
    MentorProfile,
    Organisation,
    Pair,
    PairMember,
    Participant,
    PlanDocument,
    User,
)
from domain.actors import Actor
from domain.labels import STAGE_LABELS
from domain.monitoring import MonitoringSettings, rounds_of_year
from domain.report_labels import COMPLETION_LABELS, TERMINATION_LABELS, form_label
from domain.school_calendar import SchoolCalendar
from domain.stages import Stage
from reports.common import parameter_rows
from reports.figures import figures_for, period_of
from reports.model import Award, CountRow, PlanFact, ProgrammeReport


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def build_programme_report(
    session: Session, actor: Actor, programme_id: str, today: date | None = None
) -> ProgrammeReport:
    programme = visible_programme(session, actor, programme_id)
    school = session.get(Organisation, programme.organisation_id)
    assert school is not None
    today = today or date.today()
    pairs = session.exec(select(Pair).where(Pair.programme_id == programme.id)).all()
    pair_ids = [p.id for p in pairs]
    stages = Counter(p.stage for p in pairs)
    mentees_in_pairs = len(
        set(
            session.exec(
                select(PairMember.participant_id).where(
                    col(PairMember.pair_id).in_(pair_ids), PairMember.role == "mentee"
                )
            ).all()
        )
    )
    mentee_base = session.exec(
        select(func.count()).select_from(MenteeRequest).where(MenteeRequest.programme_id == programme.id)
    ).one()
    mentors = session.exec(select(MentorProfile).where(MentorProfile.programme_id == programme.id)).all()
    # The meetings of each pair's plan in force: its latest approved plan (not drafts, not earlier versions).
    in_force: dict[str, PlanDocument] = {}
    for plan in session.exec(
        select(PlanDocument)
        .where(col(PlanDocument.pair_id).in_(pair_ids), PlanDocument.status == "approved")
        .order_by(col(PlanDocument.created_at))
    ):
        in_force[plan.pair_id] = plan
    planned_meetings = sum(len(plan.schedule) for plan in in_force.values())
    held = session.exec(
        select(func.count()).select_from(Meeting).where(col(Meeting.pair_id).in_(pair_ids))
    ).one()
    last_round = rounds_of_year(programme.academic_year, MonitoringSettings(), SchoolCalendar())[-1]
    period = period_of(session, school.id, last_round.round_id)
    figures = figures_for(session, [school.id], {school.id: period}, today)[school.id]
    curator = session.get(User, programme.curator_id) if programme.curator_id else None
    notes = latest_notes(session, programme.id)
    names = {
        p.id: p.full_name
        for p in session.exec(
            select(Participant).where(
                col(Participant.id).in_([a.get("participant_id") for a in (notes.awards if notes else [])])
            )
        )
    }
    ended = stages.get(Stage.COMPLETED.value, 0)
    return ProgrammeReport(
        title="Итоговый аналитический отчёт о реализации программы наставничества",
        programme=programme.title,
        school=school.name,
        academic_year=programme.academic_year,
        stage=STAGE_LABELS[Stage(programme.stage)],
        curator=curator.display_name if curator else "—",
        generated_on=today,
        forms=[form_label(f) for f in programme.forms],
        plan=[
            PlanFact(
                label="Наставляемые: в базе → в парах",
                planned=str(mentee_base),
                reached=str(mentees_in_pairs),
            ),
            PlanFact(
                label="Наставники: отобраны → обучены",
                planned=str(len(mentors)),
                reached=str(sum(1 for m in mentors if m.trained_on)),
            ),
            PlanFact(
                label="Пары и группы: закреплены → завершили программу",
                planned=str(len(pairs)),
                reached=str(ended),
            ),
            PlanFact(
                label="Встречи: по индивидуальным планам → проведены",
                planned=str(planned_meetings),
                reached=str(held),
            ),
            PlanFact(
                label="Охват обучающихся: цель → факт",
                planned=_percent(figures.pupils.target_percent),
                reached=_percent(figures.pupils.percent),
            ),
            PlanFact(
                label="Охват педагогов: цель → факт",
                planned=_percent(figures.teachers.target_percent),
                reached=_percent(figures.teachers.percent),
            ),
        ],
        outcomes=[
            CountRow(label=STAGE_LABELS[s], count=stages.get(s.value, 0))
            for s in Stage
            if stages.get(s.value)
        ],
        termination_reasons=[
            CountRow(label=TERMINATION_LABELS.get(reason or "", reason or "—"), count=n)
            for reason, n in Counter(
                p.termination_reason for p in pairs if p.stage == Stage.TERMINATED.value
            ).most_common()
        ],
        parameters=parameter_rows(session, pair_ids),
        completion=[
            CountRow(label=label, count=int(fact in programme.completion))
            for fact, label in COMPLETION_LABELS.items()
        ],
        awards=[
            Award(title=a["title"], whom=names.get(a.get("participant_id") or "") or a.get("whom") or "—")
            for a in (notes.awards if notes else [])
        ],
        best_practices=notes.best_practices if notes else [],
        conclusions=notes.conclusions if notes else "",
        notes_version=notes.version if notes else None,
    )
