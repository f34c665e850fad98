"""Names for ids, in one query per kind: pages show names, never ids."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from db.models import Organisation, PairMember, Participant, Programme, User
from domain.labels import ROLE_LABELS


def _ids(values: Iterable[str | None]) -> list[str]:
    return sorted({v for v in values if v})


def participant_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    rows = session.exec(select(Participant).where(col(Participant.id).in_(wanted)))
    return {p.id: p.full_name for p in rows}


def user_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    names = {u.id: u.display_name for u in session.exec(select(User).where(col(User.id).in_(wanted)))}
    if "admin" in wanted:
        names["admin"] = ROLE_LABELS["admin"]
    return names


def programme_titles(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    rows = session.exec(select(Programme).where(col(Programme.id).in_(wanted)))
    return {p.id: f"{p.title} ({p.academic_year})" for p in rows}


def organisation_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    return {o.id: o.name for o in session.exec(select(Organisation).where(col(Organisation.id).in_(wanted)))}


def pair_titles(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """ "Mentor — mentee" by name (several on a side joined by commas), mentors first."""
    wanted = _ids(ids)
    if not wanted:
        return {}
    rows = session.exec(
        select(PairMember, Participant)
        .join(Participant, col(Participant.id) == col(PairMember.participant_id))
        .where(col(PairMember.pair_id).in_(wanted))
        .order_by(col(Participant.full_name))
    ).all()
    sides: dict[str, tuple[list[str], list[str]]] = {pair_id: ([], []) for pair_id in wanted}
    for member, person in rows:
        mentors, mentees = sides[member.pair_id]
        (mentors if member.role == "mentor" else mentees).append(person.full_name)
    return {
        pair_id: f"{', '.join(mentors) or '—'} — {', '.join(mentees) or '—'}"
        for pair_id, (mentors, mentees) in sides.items()
    }
