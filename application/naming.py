"""Names, never ids: a rule of the domain (which knows ids only, 152-FZ) names people by their id; what a
person reads names them by name."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from db.models import Participant
from domain.errors import DomainError


def with_names(session: Session, text: str, participant_ids: Iterable[str]) -> str:
    ids = [i for i in set(participant_ids) if i in text]
    if not ids:
        return text
    for person in session.exec(select(Participant).where(col(Participant.id).in_(ids))):
        text = text.replace(person.id, person.full_name)
    return text


def named(session: Session, error: DomainError, participant_ids: Iterable[str]) -> DomainError:
    """The same refusal (class, rule, field, details) with the people in its message named."""
    message = with_names(session, error.message, participant_ids)
    if message == error.message:
        return error
    renamed = type(error).__new__(type(error))
    DomainError.__init__(renamed, error.rule, message, error.field, error.details)
    return renamed
