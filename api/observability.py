"""Per-request latency and JSON log line, and GET /metrics (Prometheus): `install(app)` adds both."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from time import perf_counter

from fastapi import APIRouter, FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import telemetry

_log = logging.getLogger("nastavnik.http")

UNMATCHED = "unmatched"


def route_template(scope: Scope) -> str:
    """The matched route's path template, read after the app has answered; "unmatched" if none matched.

    FastAPI's router writes `scope["route"]` for its own routes (APIRoute) only; the plain Starlette routes
    of the app itself (/openapi.json, /docs, /redoc) are found by matching them again.
    """
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str) and path:
        return path
    try:
        for candidate in getattr(scope.get("router"), "routes", ()):
            if isinstance(candidate, Route) and candidate.matches(scope)[0] is Match.FULL:
                return candidate.path
    except Exception:  # naming the route must never fail the request
        _log.debug("route template not found", exc_info=True)
    return UNMATCHED


class RequestMetricsMiddleware:
    """Pure ASGI: times each HTTP request, observes the histogram by route template, logs one JSON line.

    The router writes the matched route into the scope it was given (the same dict), so after the call
    `scope["route"].path` is the template (`/pairs/{pair_id}`); a request no route matched is "unmatched",
    which keeps the label's values few. A route (or a dependency) may put the caller's role in
    `request.state.actor_role`; it is logged when present.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # if the app raises before answering, the server answers 500
        started = perf_counter()

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            elapsed = perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            telemetry.HTTP_REQUEST_DURATION.labels(method=method, route=route, status=str(status)).observe(
                elapsed
            )
            fields: dict[str, object] = {
                "method": method,
                "route": route,
                "path": scope["path"],
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            }
            state = scope.get("state")
            role = state.get("actor_role") if isinstance(state, Mapping) else None
            if role is not None:
                fields["actor_role"] = str(role)
            _log.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s",
                method,
                scope["path"],
                status,
                extra=fields,
            )


router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics() -> Response:
    """Prometheus text format; a plain `def`, so the database count runs off the event loop."""
    return Response(generate_latest(telemetry.REGISTRY), media_type=CONTENT_TYPE_LATEST)


def install(app: FastAPI) -> None:
    """Call before the app starts serving (Starlette refuses middleware added later)."""
    app.add_middleware(RequestMetricsMiddleware)
    app.include_router(router)
    telemetry.register_overdue_collector()
