"""The operator sets up organisations and users (and their tokens)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from api.auth import hash_token, new_token
from api.deps import AdminActor, CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application import users
from application.schemas import Me, OrganisationCreate, OrganisationRead, UserCreate, UserCreated
from db.models import Organisation, User
from domain.errors import GuardRefused, NotFound

router = APIRouter(tags=["admin"], responses=PROBLEM_RESPONSES)


@router.post("/admin/organisations", status_code=201, response_model=OrganisationRead)
def create_organisation(body: OrganisationCreate, session: SessionDep, _admin: AdminActor) -> Organisation:
    return users.create_organisation(session, body)


@router.post("/admin/users", status_code=201, response_model=UserCreated)
def create_user(body: UserCreate, session: SessionDep, _admin: AdminActor) -> UserCreated:
    user, token = users.create_user(session, body)
    return UserCreated(**user.model_dump(exclude={"token_hash"}), token=token)


def _new_token_for(session: Session, user: User) -> UserCreated:
    """A fresh token replaces the user's old one, which stops working at once; shown this once only."""
    token = new_token()
    user.token_hash = hash_token(token)
    session.add(user)
    users.audit_user(session, user, "token_replaced", {})
    session.commit()
    return UserCreated(**user.model_dump(exclude={"token_hash"}), token=token)


@router.post("/admin/users/{user_id}/token", status_code=201, response_model=UserCreated)
def replace_token(user_id: str, session: SessionDep, _admin: AdminActor) -> UserCreated:
    """The operator replaces a lost or leaked token (the only way to revoke one)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("not_found", "Пользователь не найден.")
    return _new_token_for(session, user)


@router.post("/me/token", status_code=201, response_model=UserCreated, tags=["users"])
def replace_my_token(session: SessionDep, actor: CurrentActor) -> UserCreated:
    """A user replaces their own token, e.g. after it was shown to someone else."""
    user = session.get(User, actor.user_id)
    if user is None:  # the operator's token is a setting, not a user
        raise GuardRefused(
            "admin_token_is_a_setting", "Токен оператора задаётся настройкой NASTAVNIK_ADMIN_TOKEN.", "token"
        )
    return _new_token_for(session, user)


@router.get("/me", response_model=Me, tags=["users"])
def me(actor: CurrentActor) -> Me:
    return Me(
        user_id=actor.user_id,
        role=actor.role.value,
        organisation_id=actor.organisation_id,
        district=actor.district,
        participant_id=actor.participant_id,
    )
