"""The bases, pairs, meetings and the overdue list as tables to download, scoped to whoever asks.

Each export runs the same scoped query as its list in the API (`scoped` with the list's own scope), so a
school's file never holds another school's people; names stand where the lists have ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from application.documents import FileOut
from application.list_scope import scoped
from application.overdue import OVERDUE_SCOPE
from application.pairs import PAIR_SCOPE
from application.programmes import visible_programme
from db.models import (
    Meeting,
    MenteeRequest,
    MentorProfile,
    Organisation,
    OverdueItemRow,
    Pair,
    PairMember,
    Participant,
    Programme,
    User,
)
from documents.bases import BASE_TITLES, CARD, Base, columns, header, notes
from documents.sheets import Format, Sheet, render
from domain.actors import Actor
from domain.escalation import ITEM_LABELS, LEVEL_LABELS, ItemKind, Level
from domain.labels import (
    FORM_LABELS,
    KIND_LABELS,
    MEETING_FORMAT_LABELS,
    MEETING_KIND_LABELS,
    TERMINATION_REASON_LABELS,
    stage_label,
)


def table_file(sheet: Sheet, fmt: Format, name: str) -> FileOut:
    """A table as the file to download: `name`.xlsx or `name`.csv."""
    content, media_type = render(sheet, fmt)
    return FileOut(content, media_type, f"{name}.{fmt}")


def _names(session: Session, model: Any, ids: Iterable[str | None], attribute: str) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {
        row.id: getattr(row, attribute)
        for row in session.exec(select(model).where(col(model.id).in_(wanted)))
    }


class _Sides:
    """Mentors and mentees of the pairs, by name."""

    def __init__(self, session: Session, pair_ids: Iterable[str]) -> None:
        ids = list(set(pair_ids))
        members = (
            list(session.exec(select(PairMember).where(col(PairMember.pair_id).in_(ids)))) if ids else []
        )
        people = _names(session, Participant, (m.participant_id for m in members), "full_name")
        self._sides: dict[tuple[str, str], list[str]] = {}
        for m in sorted(members, key=lambda m: people.get(m.participant_id, "")):
            self._sides.setdefault((m.pair_id, m.role), []).append(people.get(m.participant_id, ""))

    def of(self, pair_id: str | None, role: str) -> str:
        return ", ".join(self._sides.get((pair_id or "", role), []))


def base_sheet(session: Session, actor: Actor, programme_id: str, base: Base) -> Sheet:
    """A programme's mentor or mentee base in the import template's columns: edit it and import it back."""
    programme = visible_programme(session, actor, programme_id)
    model: Any = MentorProfile if base is Base.MENTORS else MenteeRequest
    query = (
        select(model, Participant)
        .join(Participant, col(Participant.id) == col(model.participant_id))
        .where(model.programme_id == programme.id)
        .order_by(col(Participant.full_name), col(Participant.id))
    )
    rows = [
        [c.export(getattr(person if c.part == CARD else record, c.field)) for c in columns(base)]
        for record, person in session.exec(query)
    ]
    return Sheet(BASE_TITLES[base], header(base), rows, notes(base))


def template_sheet(base: Base) -> Sheet:
    return Sheet(BASE_TITLES[base], header(base), [], notes(base))


def pairs_sheet(session: Session, actor: Actor, programme_id: str | None = None) -> Sheet:
    pairs = _visible_pairs(session, actor, programme_id)
    sides = _Sides(session, (p.id for p in pairs))
    schools = _names(session, Organisation, (p.organisation_id for p in pairs), "name")
    titles = _names(session, Programme, (p.programme_id for p in pairs), "title")
    header_row = [
        "Организация", "Программа", "Наставник", "Наставляемый", "Форма", "Вид", "Этап", "Начало",
        "Окончание", "Приказ №", "Дата приказа", "Встреч проведено", "Последняя встреча", "Досрочно: причина",
    ]  # fmt: skip
    rows = [
        [
            schools.get(p.organisation_id, ""),
            titles.get(p.programme_id or "", ""),
            sides.of(p.id, "mentor"),
            sides.of(p.id, "mentee"),
            FORM_LABELS.get(p.form, p.form),
            KIND_LABELS.get(p.kind, p.kind),
            stage_label(p.stage),
            p.planned_start,
            p.planned_end,
            p.order_number,
            p.order_date,
            p.meetings_held,
            p.last_meeting_on,
            TERMINATION_REASON_LABELS.get(p.termination_reason or "", ""),
        ]
        for p in pairs
    ]
    return Sheet("Пары", header_row, rows)


def _visible_pairs(session: Session, actor: Actor, programme_id: str | None) -> list[Pair]:
    query = scoped(select(Pair), actor, PAIR_SCOPE)
    if programme_id is not None:
        query = query.where(Pair.programme_id == programme_id)
    return list(session.exec(query.order_by(col(Pair.organisation_id), col(Pair.created_at), col(Pair.id))))


def meetings_sheet(session: Session, actor: Actor, programme_id: str | None = None) -> Sheet:
    """The meetings of the pairs the actor sees (the pairs' scope decides)."""
    pairs = {p.id: p for p in _visible_pairs(session, actor, programme_id)}
    query = select(Meeting).where(col(Meeting.pair_id).in_(list(pairs)))
    meetings = list(session.exec(query.order_by(col(Meeting.held_on), col(Meeting.id)))) if pairs else []
    found = [(m, pairs[m.pair_id]) for m in meetings]
    sides = _Sides(session, (pair.id for _m, pair in found))
    schools = _names(session, Organisation, (pair.organisation_id for _m, pair in found), "name")
    titles = _names(session, Programme, (pair.programme_id for _m, pair in found), "title")
    header_row = [
        "Организация",
        "Программа",
        "Наставник",
        "Наставляемый",
        "Встреча",
        "Дата",
        "Формат",
        "Минут",
    ]
    rows = [
        [
            schools.get(pair.organisation_id, ""),
            titles.get(pair.programme_id or "", ""),
            sides.of(pair.id, "mentor"),
            sides.of(pair.id, "mentee"),
            MEETING_KIND_LABELS.get(m.kind, m.kind),
            m.held_on,
            MEETING_FORMAT_LABELS.get(m.format, m.format),
            m.duration_minutes,
        ]
        for m, pair in found
    ]
    return Sheet("Встречи", header_row, rows)


def overdue_sheet(session: Session, actor: Actor, programme_id: str | None = None) -> Sheet:
    """What is overdue and not yet done, as GET /overdue lists it."""
    query = scoped(select(OverdueItemRow), actor, OVERDUE_SCOPE).where(
        col(OverdueItemRow.level).is_not(None), col(OverdueItemRow.settled_at).is_(None)
    )
    if programme_id is not None:
        query = query.where(OverdueItemRow.programme_id == programme_id)
    items = list(session.exec(query.order_by(col(OverdueItemRow.due_on), col(OverdueItemRow.item_id))))
    sides = _Sides(session, (i.pair_id for i in items if i.pair_id))
    people = _names(session, Participant, (i.owner_participant_id for i in items), "full_name")
    users = _names(session, User, (i.owner_user_id for i in items), "display_name")
    schools = _names(session, Organisation, (i.organisation_id for i in items), "name")
    titles = _names(session, Programme, (i.programme_id for i in items), "title")
    header_row = ["Организация", "Программа", "Что", "Кто должен", "Пара", "Срок", "Уровень", "С"]
    rows = [
        [
            schools.get(i.organisation_id, ""),
            titles.get(i.programme_id or "", ""),
            ITEM_LABELS[ItemKind(i.kind)],
            people.get(i.owner_participant_id or "") or users.get(i.owner_user_id or "", ""),
            " — ".join(filter(None, (sides.of(i.pair_id, "mentor"), sides.of(i.pair_id, "mentee")))),
            i.due_on,
            LEVEL_LABELS[Level(i.level)] if i.level else "",
            i.level_since,
        ]
        for i in items
    ]
    return Sheet("Просрочено", header_row, rows)
