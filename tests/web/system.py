"""A real system for the browser: a dev Temporal server, a real worker and the API served by uvicorn on a
free port, all in one background thread with its own event loop, on the suite's database."""

from __future__ import annotations

import asyncio
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from uuid import uuid4

import uvicorn

from api.app import create_app
from tests.conftest import start_dev_server
from worker import build_worker

STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningSystem:
    """Start with `start()`, stop with `stop()`; `base_url` is where the browser goes."""

    port: int = field(default_factory=free_port)
    task_queue: str = field(default_factory=lambda: f"web-{uuid4()}")
    _thread: threading.Thread | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _stop: asyncio.Event | None = None
    _ready: threading.Event = field(default_factory=threading.Event)
    _error: BaseException | None = None

    @property
    def base_url(self) -> str:
        # "localhost" is a secure context for Chromium, so the Secure session cookie of the test
        # environment is kept over plain http.
        return f"http://localhost:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="web-system", daemon=True)
        self._thread.start()
        if not self._ready.wait(STARTUP_TIMEOUT):
            raise RuntimeError("the browser tests' system did not start within a minute")
        if self._error is not None:
            raise RuntimeError(f"the browser tests' system failed to start: {self._error!r}") from self._error

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(30)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # reported to the test session through start()
            self._error = error
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        env = await start_dev_server(ui=False, dev_server_log_level="error")
        executor = ThreadPoolExecutor(max_workers=8)
        try:
            async with build_worker(env.client, task_queue=self.task_queue, executor=executor):
                app = create_app(env.client, self.task_queue)
                config = uvicorn.Config(
                    app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
                )
                server = uvicorn.Server(config)
                serving = asyncio.create_task(server.serve())
                while not server.started:
                    if serving.done():
                        serving.result()
                    await asyncio.sleep(0.05)
                self._ready.set()
                await self._stop.wait()
                server.should_exit = True
                await serving
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
            await env.shutdown()
