"""Routes whose application code uses the database synchronously run off the API's event loop (issue 13 §7).

A command's route awaits Temporal (an Update, a query, a start) between synchronous SQLAlchemy calls: the
scope check before, the pair's detail after, a SQLite write waiting for the file's lock. Run as
coroutines on the API's loop, each of those calls stalled every other request — measured with
`bench/bench_event_loop.py` (README, "Performance"). `OffTheLoop` runs such a route in the thread pool, as
FastAPI runs a plain `def` route, with an event loop of the thread's own for its awaits: the application
functions stay as they are (one function for the JSON API and the pages), and the Temporal client, whose
calls complete on whichever loop made them, serves that loop as well.

FastAPI has parsed every declared parameter before the route runs; a page's form (an htmx request's CSRF
token comes in a header, so the check does not read it) is parsed on the API's loop before the hop, and
Starlette keeps it for the route. Uploads, which stream the body themselves, stay on the loop.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Coroutine
from typing import Any

import anyio.from_thread
from fastapi import Request
from fastapi.routing import APIRoute


def on_a_thread(route: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., Any]:
    """A plain function with the route's signature that runs the route on a loop of its own."""

    def in_thread(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Request) and _carries_a_form(value):
                # The body stream belongs to the API's loop: parse the form there (Starlette keeps it).
                anyio.from_thread.run(_parse_form, value)
        return asyncio.run(route(*args, **kwargs))

    # No `__wrapped__`: FastAPI would follow it back to the coroutine and run it on the loop again.
    in_thread.__signature__ = inspect.signature(route, eval_str=True)  # type: ignore[attr-defined]
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(in_thread, attribute, getattr(route, attribute))
    return in_thread


def _carries_a_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


async def _parse_form(request: Request) -> None:
    await request.form()


class OffTheLoop(APIRoute):
    """An `APIRouter(route_class=OffTheLoop)`'s async routes run in the thread pool (see the module)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if inspect.iscoroutinefunction(endpoint):
            endpoint = on_a_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)
