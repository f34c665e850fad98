"""Names for ids in the texts a person reads (issue 12 point 22).

The domain's rules and the workflows know people, pairs and programmes by id only (their histories carry
no names, 152-ФЗ); a refusal or a reason says «наставника person-…». Here, at the edge where a text is
shown, each id is looked up and replaced by the name a curator knows: the person's full name, the pair as
«наставник — наставляемый», the programme's title. The ids stay available as data (`details.names`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sqlmodel import Session, col, select

from db.models import Pair, PairMember, Participant, Programme
from domain.errors import DomainError

_ID = re.compile(r"\b(?:person|pair|programme)-[0-9a-f]{12}\b")


def ids_in(*texts: str) -> set[str]:
    return {found for text in texts for found in _ID.findall(text)}


def names_of(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """`named_not_numbered`: id → the name shown in its place; ids not found are left out."""
    wanted = set(ids)
    people = {i for i in wanted if i.startswith("person-")}
    pairs = {i for i in wanted if i.startswith("pair-")}
    programmes = {i for i in wanted if i.startswith("programme-")}
    names: dict[str, str] = {}
    if pairs:
        members = session.exec(
            select(PairMember.pair_id, PairMember.participant_id, PairMember.role).where(
                col(PairMember.pair_id).in_(pairs)
            )
        ).all()
        people |= {participant for _, participant, _ in members}
    if people:
        for person_id, full_name in session.exec(
            select(Participant.id, Participant.full_name).where(col(Participant.id).in_(people))
        ):
            names[person_id] = full_name
    if pairs:
        for pair_id in pairs:
            roles = [(role, names.get(p, "")) for pid, p, role in members if pid == pair_id]
            mentors = ", ".join(sorted(n for role, n in roles if role == "mentor"))
            mentees = ", ".join(sorted(n for role, n in roles if role == "mentee"))
            if session.get(Pair, pair_id) is not None:
                names[pair_id] = f"«{mentors} — {mentees}»"
    if programmes:
        for programme_id, title in session.exec(
            select(Programme.id, Programme.title).where(col(Programme.id).in_(programmes))
        ):
            names[programme_id] = f"«{title}»"
    return {found: name for found, name in names.items() if found in wanted}


def named(text: str, names: Mapping[str, str]) -> str:
    """The text with every id it holds replaced by its name."""
    return _ID.sub(lambda found: names.get(found.group(), found.group()), text)


def with_names(session: Session, text: str) -> str:
    return named(text, names_of(session, ids_in(text)))


def named_refusal(session: Session, error: DomainError) -> tuple[str, dict[str, object]]:
    """The refusal's Russian text with names, and its details with the ids it named (`details.names`)."""
    names = names_of(session, ids_in(error.message))
    if not names:
        return error.message, dict(error.details)
    return named(error.message, names), {**error.details, "names": names}
