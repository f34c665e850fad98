"""What the report builders share: the scope of a school, pair labels by name, entry/exit changes."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from application.assessments import compare
from db.models import Assessment, Organisation, PairMember, Participant
from domain.actors import Actor, Scope, ensure_visible
from domain.errors import NotFound
from domain.report_labels import ru_date
from reports.figures import Period
from reports.model import ParameterRow


def visible_school(session: Session, actor: Actor, organisation_id: str) -> Organisation:
    """A school the actor may see (its curator or head, its district's coordinator); another's is 404."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("not_found", "Организация не найдена.")
    scope = Scope(organisation_id=organisation.id, district=organisation.district)
    ensure_visible(actor, scope, "Организация не найдена.")
    return organisation


def period_label(period: Period) -> str:
    half = "I" if period.half == 1 else "II"
    return (
        f"{half} полугодие {period.academic_year} учебного года "
        f"({ru_date(period.starts_on)} – {ru_date(period.due_on)})"
    )


def pair_labels(session: Session, pair_ids: list[str]) -> dict[str, str]:
    """«Наставник — наставляемый» by names, per pair (a group lists everyone)."""
    sides: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"mentor": [], "mentee": []})
    for pair_id, role, name in session.exec(
        select(PairMember.pair_id, PairMember.role, Participant.full_name)
        .join(Participant, col(Participant.id) == col(PairMember.participant_id))
        .where(col(PairMember.pair_id).in_(pair_ids))
        .order_by(col(Participant.full_name))
    ).all():
        sides[pair_id][role].append(name)
    return {pid: f"{', '.join(s['mentor'])} — {', '.join(s['mentee'])}" for pid, s in sides.items()}


def parameter_rows(session: Session, pair_ids: list[str]) -> list[ParameterRow]:
    """Entry against exit per parameter, over the participants assessed both times (004 §8.2): the same
    comparison as the API's, to two decimals."""
    rows = list(session.exec(select(Assessment).where(col(Assessment.pair_id).in_(pair_ids))).all())
    return [ParameterRow(**change.model_dump()) for change in compare(rows, digits=2).by_parameter]
