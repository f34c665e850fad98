"""The half-year monitoring report of one school (004 §7–§8), built by one function from the database."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session, col, select

from application.swot import swot_versions
from db.models import OverdueItemRow, Pair, Participant, Programme, User
from domain.actors import Actor
from domain.escalation import ITEM_LABELS, LEVEL_LABELS, ItemKind, Level
from domain.labels import STAGE_LABELS
from domain.questionnaire_stats import Answered, aggregate, suggest_swot
from domain.questionnaires import QuestionnaireContent
from domain.report_labels import TERMINATION_LABELS, form_label
from domain.stages import Stage
from reports.answers import answered_in
from reports.common import pair_labels, parameter_rows, period_label, visible_school
from reports.figures import active_in, figures_for, period_of
from reports.model import CountRow, FormStageRow, OverdueRow, SchoolReport, SwotBlock

STAGES = list(Stage)


def build_school_report(
    session: Session, actor: Actor, organisation_id: str, round_id: str, today: date | None = None
) -> SchoolReport:
    school = visible_school(session, actor, organisation_id)
    today = today or date.today()
    period = period_of(session, school.id, round_id)
    figures = figures_for(session, [school.id], {school.id: period}, today)[school.id]
    pairs = [
        p for p in session.exec(select(Pair).where(Pair.organisation_id == school.id)) if active_in(p, period)
    ]
    by_form: dict[str, Counter[str]] = {}
    for pair in pairs:
        by_form.setdefault(pair.form, Counter())[pair.stage] += 1
    items = session.exec(
        select(OverdueItemRow)
        .where(
            OverdueItemRow.organisation_id == school.id,
            col(OverdueItemRow.level).is_not(None),
            col(OverdueItemRow.settled_at).is_(None),
        )
        .order_by(col(OverdueItemRow.due_on), col(OverdueItemRow.item_id))
    ).all()
    labels = pair_labels(session, [i.pair_id for i in items if i.pair_id])
    owners = {
        p.id: p.full_name
        for p in session.exec(
            select(Participant).where(col(Participant.id).in_([i.owner_participant_id for i in items]))
        )
    }
    users = {
        u.id: u.display_name for u in session.exec(select(User).where(User.organisation_id == school.id))
    }
    answered, versions = answered_in(session, school.id, round_id)
    stats = aggregate(answered, versions)
    return SchoolReport(
        title="Отчёт о мониторинге реализации программ наставничества",
        school=school.name,
        district=school.district,
        period=period,
        period_label=period_label(period),
        generated_on=today,
        figures=figures,
        stage_labels=[STAGE_LABELS[s] for s in STAGES],
        pairs_by_form=[
            FormStageRow(
                form=form_label(form), by_stage=[c.get(s.value, 0) for s in STAGES], total=sum(c.values())
            )
            for form, c in sorted(by_form.items())
        ],
        termination_reasons=[
            CountRow(label=TERMINATION_LABELS.get(reason, reason), count=n)
            for reason, n in figures.termination_reasons.items()
        ],
        overdue_by_level=[
            CountRow(label=LEVEL_LABELS[level], count=figures.overdue.get(level.value, 0)) for level in Level
        ],
        overdue_items=[
            OverdueRow(
                what=ITEM_LABELS[ItemKind(i.kind)],
                who=owners.get(i.owner_participant_id or "") or users.get(i.owner_user_id or "") or "—",
                pair=labels.get(i.pair_id or "", "—"),
                due_on=i.due_on,
                level=LEVEL_LABELS[Level(i.level)] if i.level else "—",
            )
            for i in items
        ],
        parameters=parameter_rows(session, [p.id for p in pairs]),
        questionnaires=stats,
        swot=_swot_blocks(session, school.id, round_id, users, answered, versions),
    )


def _swot_blocks(
    session: Session,
    organisation_id: str,
    round_id: str,
    users: dict[str, str],
    answered: list[Answered],
    versions: dict[str, QuestionnaireContent],
) -> list[SwotBlock]:
    blocks = []
    for programme in session.exec(
        select(Programme).where(Programme.organisation_id == organisation_id).order_by(col(Programme.title))
    ):
        own = [a for a in answered if a.programme_id in (None, programme.id)]
        suggestions = suggest_swot(aggregate(own, versions))
        saved = swot_versions(session, programme.id, round_id)
        block = SwotBlock(programme=programme.title, suggestions=suggestions)
        if saved:
            latest = saved[0]
            block = SwotBlock(
                programme=programme.title,
                version=latest.version,
                written_by=users.get(latest.written_by, "—"),
                written_at=latest.written_at,
                strengths=latest.strengths,
                weaknesses=latest.weaknesses,
                opportunities=latest.opportunities,
                threats=latest.threats,
                suggestions=suggestions,
            )
        blocks.append(block)
    return blocks
