"""Routes whose application code uses the database synchronously run off the API's event loop (issue 13 §7).

A command's route awaits Temporal (an Update, a query, a start) between synchronous SQLAlchemy calls: the
scope check before, the pair's detail after, a SQLite write waiting for the file's lock. Run as
coroutines on the API's loop, each of those calls stalled every other request — measured with
`bench/bench_event_loop.py` (README, "Performance"). `OffTheLoop` runs such a route in the thread pool, as
FastAPI runs a plain `def` route, with an event loop of the thread's own for its awaits: the application
functions stay as they are (one function for the JSON API and the pages), and the Temporal client, whose
calls complete on whichever loop made them, serves that loop as well.

Only routes that do not read the request's body stream themselves may use it (an upload does): FastAPI
has parsed every declared parameter before the route runs.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute


def on_a_thread(route: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., Any]:
    """A plain function with the route's signature that runs the route on a loop of its own."""

    def in_thread(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(route(*args, **kwargs))

    # No `__wrapped__`: FastAPI would follow it back to the coroutine and run it on the loop again.
    in_thread.__signature__ = inspect.signature(route, eval_str=True)  # type: ignore[attr-defined]
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(in_thread, attribute, getattr(route, attribute))
    return in_thread


class OffTheLoop(APIRoute):
    """An `APIRouter(route_class=OffTheLoop)`'s async routes run in the thread pool (see the module)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if inspect.iscoroutinefunction(endpoint):
            endpoint = on_a_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)
