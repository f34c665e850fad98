"""Test helpers: people with cabinet accounts, made through the same functions the pages use."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from sqlmodel import Session

from api.auth import hash_token, new_token
from db import web_accounts
from db.models import Organisation, User
from db.session import engine, utcnow
from web import accounts

PASSWORD = "верный-пароль-42"


@dataclass(frozen=True)
class Person:
    user_id: str
    login: str
    password: str
    display_name: str
    role: str
    organisation_id: str | None


def school(name: str = "МБОУ СОШ №1", district: str | None = None) -> Organisation:
    organisation = Organisation(
        id=f"school-{uuid4().hex[:8]}", name=name, district=district or f"district-{uuid4().hex[:6]}"
    )
    with Session(engine(), expire_on_commit=False) as session:
        session.add(organisation)
        session.commit()
    return organisation


def person(
    role: str,
    organisation: Organisation | None = None,
    display_name: str | None = None,
    participant_id: str | None = None,
    district: str | None = None,
    password: str = PASSWORD,
) -> Person:
    """A user of the role with a login and password set through a one-time invitation."""
    user = User(
        id=f"user-{uuid4().hex[:12]}",
        token_hash=hash_token(new_token()),
        role=role,
        display_name=display_name or f"{role} {uuid4().hex[:4]}",
        organisation_id=organisation.id if organisation else None,
        district=district or (organisation.district if organisation else None),
        participant_id=participant_id,
    )
    login = f"{role}-{uuid4().hex[:8]}@school.test"
    with Session(engine(), expire_on_commit=False) as session:
        session.add(user)
        session.commit()
        token = web_accounts.invite(session, user, "test", utcnow())
        accounts.accept_invitation(session, token, login, password, password, utcnow())
    return Person(user.id, login, password, user.display_name, role, user.organisation_id)
