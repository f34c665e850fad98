"""Load an object together with the scope that decides who may see it; unseen objects are 404."""

from __future__ import annotations

from sqlmodel import Session

from db.models import Organisation, Pair, Participant
from db.pair_store import members_of
from domain.actors import Actor, Scope, ensure_visible
from domain.errors import NotFound


def _organisation(session: Session, organisation_id: str) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("not_found", "Организация не найдена.")
    return organisation


def participant_in_scope(session: Session, actor: Actor, participant_id: str) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound("not_found", "Участник не найден.")
    organisation = _organisation(session, participant.organisation_id)
    scope = Scope(
        organisation_id=organisation.id,
        district=organisation.district,
        member_ids=frozenset({participant.id}),
    )
    ensure_visible(actor, scope, "Участник не найден.")
    return participant


def pair_scope(session: Session, pair: Pair) -> Scope:
    members = members_of(session, pair.id)
    return Scope(
        organisation_id=pair.organisation_id,
        district=pair.district,
        member_ids=frozenset(m.participant_id for m in members),
        mentor_ids=frozenset(m.participant_id for m in members if m.role == "mentor"),
    )


def pair_in_scope(session: Session, actor: Actor, pair_id: str) -> tuple[Pair, Scope]:
    pair = session.get(Pair, pair_id)
    if pair is None:
        raise NotFound("not_found", "Пара не найдена.")
    scope = pair_scope(session, pair)
    ensure_visible(actor, scope)
    return pair, scope


def visible_organisation(session: Session, actor: Actor, organisation_id: str) -> Organisation:
    """Another district's school, or a school a curator of another school asks about, is not found (404,
    worded as for a missing one): its settings, rounds and reports alike (issue 13 §9)."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("not_found", "Организация не найдена.")
    ensure_visible(
        actor,
        Scope(organisation_id=organisation.id, district=organisation.district),
        "Организация не найдена.",
    )
    return organisation
