"""A request body larger than `bounds.MAX_BODY_BYTES` is refused before it is parsed (issue 13 §3).

Pure ASGI: a declared Content-Length over the limit is answered 413 at once; a body sent in chunks is
counted as it arrives and refused when it passes the limit, so a 12 MB body is never held in memory.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import PROBLEM_JSON
from domain.bounds import MAX_BODY_BYTES

DETAIL = f"Запрос больше {MAX_BODY_BYTES // 1_000_000} МБ: разделите его на части."


class BodyTooLarge(HTTPException):
    """An HTTPException, so that FastAPI's body parsing passes it on (it turns other errors into a 400)."""

    def __init__(self) -> None:
        super().__init__(413, DETAIL)


def _problem() -> bytes:
    return json.dumps(
        {
            "type": "urn:nastavnik:problem:body_size",
            "title": "body_size",
            "status": 413,
            "detail": DETAIL,
            "rule": "body_size",
            "field": "body",
            "errors": [],
            "details": {"limit_bytes": MAX_BODY_BYTES},
        },
        ensure_ascii=False,
    ).encode()


async def _refuse(send: Send) -> None:
    body = _problem()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send)


def install(app: Any) -> None:
    app.add_middleware(BodyLimit)
