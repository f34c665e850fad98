"""Wiring the cabinet into the API's FastAPI app: static files, page routers, errors as pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web import errors, labels
from web.render import WEB, env
from web.routes import (
    account,
    audit,
    coverage,
    district,
    final_report_notes,
    invitations,
    my,
    notifications,
    overdue,
    pairs,
    participants,
    plan,
    preferences,
    programme_approvals,
    programmes,
    questionnaires,
    reports,
    roster,
    rounds,
    school_policy,
    swot,
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
        programme_approvals,
        coverage,
        swot,
        final_report_notes,
        roster,
        school_policy,
        reports,
        audit,
    ):
        app.include_router(module.router)
    app.include_router(downloads.router)
    errors.install(app)
