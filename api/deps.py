"""Dependencies as type aliases, so routes read like sentences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from api.auth import actor_for_token
from application.temporal import TemporalLink
from db.session import engine
from domain.actors import Actor, Role
from domain.errors import Forbidden


def get_session() -> Iterator[Session]:
    with Session(engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="Токен пользователя (куратор, наставник, …)")


def current_actor(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    actor = actor_for_token(session, credentials.credentials) if credentials else None
    if actor is None:
        raise HTTPException(401, "Нужен действующий токен доступа.", headers={"WWW-Authenticate": "Bearer"})
    request.state.actor_role = actor.role.value  # for the request's log line
    request.state.actor = actor  # a refusal names only what this actor may see (application/naming.py)
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def admin_actor(actor: CurrentActor) -> Actor:
    if actor.role is not Role.ADMIN:
        raise Forbidden("admin_only", "Действие доступно только оператору сервиса.")
    return actor


AdminActor = Annotated[Actor, Depends(admin_actor)]


def temporal(request: Request) -> TemporalLink:
    link: TemporalLink = request.app.state.temporal
    return link


TemporalDep = Annotated[TemporalLink, Depends(temporal)]
