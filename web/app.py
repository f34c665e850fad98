"""Wiring the cabinet into the API's FastAPI app: static files, page routers, errors as pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web import errors
from web.render import WEB
from web.routes import account, cabinet


def install(app: FastAPI) -> None:
    """Called by `api.app.create_app` after the API's routers and problem handlers."""
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    for module in (account, cabinet):
        app.include_router(module.router)
    errors.install(app)
