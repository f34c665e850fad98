"""«Приглашения»: the curator invites the school's mentors and mentees, the operator a school's head and
curator (and district coordinators); the one-time link is shown once and mailed where SMTP is set."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, select

from api.deps import SessionDep
from application import participants, users
from application.schemas import OrganisationCreate
from db.models import Organisation, User
from domain.actors import Actor, Role
from domain.errors import DomainError, Forbidden
from domain.labels import ROLE_LABELS
from domain.matching.labels import KIND_LABELS
from web.forms import parse
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False)
SCHOOL_LABELS = {"id": "Код школы", "name": "Название", "district": "Район"}


def _people(session: Session, actor: Actor) -> dict[str, object]:
    """Who can be invited and who already was, by name."""
    if actor.role is Role.CURATOR:
        base = participants.list_participants(session=session, actor=actor, limit=1000, by_name=True).items
        people = [p for p in base if p.erased_at is None]
        accounts = session.exec(
            select(User).where(col(User.participant_id).in_([p.id for p in people]))
        ).all()
        states = users.invitation_states(session, [u.id for u in accounts])
        by_person: dict[str, list[str]] = {}
        for user in accounts:
            assert user.participant_id is not None
            state = states.get(user.id, "не приглашён")
            by_person.setdefault(user.participant_id, []).append(f"{ROLE_LABELS[user.role]}: {state}")
        return {
            "participant_options": [
                (p.id, f"{p.full_name} ({KIND_LABELS[p.kind]}{f', {p.grade} класс' if p.grade else ''})")
                for p in people
            ],
            "people": [(p, by_person.get(p.id, [])) for p in people],
            "role_options": [("mentor", "наставник"), ("mentee", "наставляемый")],
        }
    if actor.role is Role.ADMIN:
        schools = session.exec(select(Organisation).order_by(col(Organisation.name))).all()
        staff = session.exec(
            select(User)
            .where(col(User.role).in_(["head", "curator", "coordinator"]))
            .order_by(col(User.display_name))
        ).all()
        states = users.invitation_states(session, [u.id for u in staff])
        names = {s.id: s.name for s in schools}
        return {
            "school_options": [(s.id, f"{s.name} ({s.district})") for s in schools],
            "staff": [
                (u, names.get(u.organisation_id or "", u.district or ""), states.get(u.id, "не приглашён"))
                for u in staff
            ],
            "role_options": [
                ("curator", "куратор"),
                ("head", "руководитель ОО"),
                ("coordinator", "координатор района"),
            ],
        }
    raise Forbidden("invites", "Приглашать в кабинет могут оператор и куратор.")


def _page(
    request: Request, session: Session, signed: PageSignedIn, extra: dict[str, object], status: int = 200
) -> HTMLResponse:
    context = {"title": "Приглашения", **_people(session, signed.actor), **extra}
    return render(request, "cabinet/invitations.html", context, status_code=status)


@router.get("/cabinet/invitations", response_class=HTMLResponse)
def invitations_page(request: Request, signed: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _page(request, session, signed, {})


@router.post("/cabinet/invitations", response_class=HTMLResponse, dependencies=[CsrfChecked])
def invite(
    request: Request,
    signed: PageSignedIn,
    session: SessionDep,
    role: Annotated[str, Form(max_length=20)] = "",
    participant_id: Annotated[str, Form(max_length=100)] = "",
    organisation_id: Annotated[str, Form(max_length=100)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    district: Annotated[str, Form(max_length=64)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
) -> HTMLResponse:
    values = {
        "role": role,
        "participant_id": participant_id,
        "organisation_id": organisation_id,
        "display_name": display_name,
        "district": district,
        "email": email,
    }
    try:
        user, link = users.invite(
            session=session,
            actor=signed.actor,
            role=role,
            organisation_id=organisation_id or None,
            display_name=display_name,
            participant_id=participant_id or None,
            district=district or None,
            email=email,
        )
    except DomainError as refused:
        return _page(request, session, signed, {"values": values, "refusal": refused}, refused.status)
    return _page(request, session, signed, {"invited": user, "link": link, "mailed": bool(email.strip())})


@router.post("/cabinet/schools", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_school(
    request: Request,
    signed: PageSignedIn,
    session: SessionDep,
    id: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=300)] = "",
    district: Annotated[str, Form(max_length=64)] = "",
) -> HTMLResponse:
    """The operator adds a school (the same rules as POST /admin/organisations)."""
    values = {"id": id, "name": name, "district": district}
    if signed.actor.role is not Role.ADMIN:
        raise Forbidden("admin_only", "Действие доступно только оператору сервиса.")
    try:
        body = parse(OrganisationCreate, values, SCHOOL_LABELS)
        school = users.create_organisation(session, body)
    except DomainError as refused:
        return _page(request, session, signed, {"school_values": values, "refusal": refused}, refused.status)
    return _page(request, session, signed, {"school_added": school})
