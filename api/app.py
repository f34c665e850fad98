"""The FastAPI application: `uvicorn api.app:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from temporalio.client import Client

from api import body_limit, observability, problems
from api.routes import (
    admin,
    audit,
    documents,
    files,
    health,
    matching,
    monitoring,
    notifications,
    pair_voices,
    pairs,
    participants,
    plan_results,
    programmes,
    questionnaires,
    records,
    reports,
    roster,
    swot,
)
from application.temporal import TemporalLink
from config import settings
from telemetry import configure_logging
from web.app import install as install_cabinet


def create_app(client: Client | None = None, task_queue: str | None = None) -> FastAPI:
    """Tests pass their own client and task queue; the service connects with the settings."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if client is None:
            from worker import connect

            configure_logging("api")

            app.state.temporal = TemporalLink(await connect(), settings.task_queue)
        yield

    app = FastAPI(
        title="Nastavnik",
        version="0.1.0",
        description="Целевая модель наставничества: пары и программы как надёжные процессы (Temporal).",
        lifespan=lifespan,
    )
    if client is not None:
        app.state.temporal = TemporalLink(client, task_queue or settings.task_queue)
    problems.install(app)
    observability.install(app)
    body_limit.install(app)  # outermost: a huge body is refused before anything reads it
    for module in (
        health,
        admin,
        participants,
        pairs,
        pair_voices,
        programmes,
        matching,
        monitoring,
        questionnaires,
        swot,
        reports,
        notifications,
        audit,
        records,
        documents,
        files,
        roster,
        plan_results,
    ):
        app.include_router(module.router)
    app.include_router(matching.pair_router)
    install_cabinet(app)  # the web cabinet's pages, static files and error pages (web/)
    return app


app = create_app()
