"""Names, never ids, in the texts a person reads (issue 12 point 22; one module for both faces).

The domain's rules and the workflows know people, pairs, programmes and schools by id only (their
histories carry no names, 152-ФЗ); a refusal or a reason says «у наставника person-…#genitive» (the
placeholders of domain/named.py). Here, at the edge where a text is shown, each placeholder is looked up
and replaced by the name a curator knows: the person's full name declined in the case the text asks for
(domain/russian_names.py), the pair as «наставник — наставляемый», the programme's and the school's
title. The ids stay available as data (`details.names`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sqlmodel import Session, col, select

from db.models import Organisation, Pair, PairMember, Participant, Programme
from domain.actors import Actor, Role
from domain.errors import DomainError
from domain.named import PLACEHOLDER, case_of, key_of
from domain.russian_names import Case, decline


def ids_in(*texts: str) -> set[str]:
    """The ids (and «organisation:<id>» keys) the texts' placeholders name."""
    return {key_of(found) for text in texts for found in PLACEHOLDER.finditer(text)}


def _organisations_seen_by(session: Session, actor: Actor | None) -> set[str] | None:
    """The organisations whose people the actor may see by name; None: every one (the operator, or a
    caller that checked the scope itself)."""
    if actor is None or actor.role is Role.ADMIN:
        return None
    if actor.role is Role.COORDINATOR:
        query = select(Organisation.id).where(Organisation.district == actor.district)
        return set(session.exec(query).all())
    return {actor.organisation_id} if actor.organisation_id else set()


def names_of(session: Session, ids: Iterable[str], seen_by: Actor | None = None) -> dict[str, str]:
    """`named_not_numbered`: id → the name shown in its place. Ids not found, and ids of another school
    than the actor's (`seen_by`), are left as they are: a refusal never tells whose they are."""
    wanted = set(ids)
    allowed = _organisations_seen_by(session, seen_by)
    people = {i for i in wanted if i.startswith("person-")}
    pairs = {
        row.id
        for row in session.exec(
            select(Pair).where(col(Pair.id).in_({i for i in wanted if i.startswith("pair-")}))
        )
        if allowed is None or row.organisation_id in allowed
    }
    programmes = {i for i in wanted if i.startswith("programme-")}
    schools = {i.removeprefix("organisation:") for i in wanted if i.startswith("organisation:")}
    members = session.exec(
        select(PairMember.pair_id, PairMember.participant_id, PairMember.role).where(
            col(PairMember.pair_id).in_(pairs)
        )
    ).all()
    names: dict[str, str] = {}
    people_rows = session.exec(
        select(Participant).where(
            col(Participant.id).in_(people | {participant for _, participant, _ in members})
        )
    ).all()
    for person in people_rows:
        # A pair's members are named with the pair; a person alone only within the actor's schools.
        if person.id not in people or allowed is None or person.organisation_id in allowed:
            names[person.id] = person.full_name
    for pair_id in pairs:
        roles = [(role, names.get(p, "")) for pid, p, role in members if pid == pair_id]
        mentors = ", ".join(sorted(n for role, n in roles if role == "mentor"))
        mentees = ", ".join(sorted(n for role, n in roles if role == "mentee"))
        names[pair_id] = f"«{mentors} — {mentees}»"
    for programme in session.exec(select(Programme).where(col(Programme.id).in_(programmes))):
        if allowed is None or programme.organisation_id in allowed:
            names[programme.id] = f"«{programme.title}»"
    for organisation in session.exec(select(Organisation).where(col(Organisation.id).in_(schools))):
        names[f"organisation:{organisation.id}"] = organisation.name  # schools' names are public
    return {found: name for found, name in names.items() if found in wanted}


def replace_ids(text: str, names: Mapping[str, str]) -> str:
    """The text with every placeholder replaced by its name, a person's declined in the case asked for;
    a placeholder without a name (not found, or not the reader's to see) stays a bare id."""

    def named(found: re.Match[str]) -> str:
        key = key_of(found)
        name = names.get(key)
        if name is None:
            return key
        case = case_of(found)
        return decline(name, case) if key.startswith("person-") and case is not Case.NOMINATIVE else name

    return PLACEHOLDER.sub(named, text)


def name_ids(session: Session, text: str, seen_by: Actor | None = None) -> str:
    """Every id in the text by its name, as `seen_by` may see it."""
    return replace_ids(text, names_of(session, ids_in(text), seen_by))


def named_refusal(session: Session, error: DomainError, seen_by: Actor) -> tuple[str, dict[str, object]]:
    """The refusal's Russian text with names, and its details with the ids it named (`details.names`)."""
    names = names_of(session, ids_in(error.message), seen_by)
    if not names:
        return error.message, dict(error.details)
    return replace_ids(error.message, names), {**error.details, "names": names}
