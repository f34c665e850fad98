"""Wiring the cabinet into the API's FastAPI app: static files, page routers, errors as pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web import errors, labels
from web.render import WEB, env
from web.routes import (
    account,
    district,
    invitations,
    my,
    notifications,
    overdue,
    pairs,
    participants,
    plan,
    preferences,
    programmes,
    questionnaires,
    reports,
    rounds,
    today,
)
from web.routes import files as downloads  # orders, plans, consents, tables and the base import


def install(app: FastAPI) -> None:
    """Called by `api.app.create_app` after the API's routers and problem handlers."""
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    labels.install(env)
    for module in (
        account,
        today,
        overdue,
        rounds,
        notifications,
        invitations,
        district,
        pairs,
        plan,
        participants,
        preferences,
        questionnaires,
        my,
        programmes,
        reports,
    ):
        app.include_router(module.router)
    app.include_router(downloads.router)
    errors.install(app)
