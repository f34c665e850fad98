"""The browser tests' harness: one real system per test session and Debian's Chromium (no download).

Fixtures: `cabinet` (the system and ways to seed it), `browser`, `page` (desktop) and `phone` (390×844).
Without /usr/bin/chromium every browser test is skipped and the run ends with a banner saying how to
install it; `playwright install` is never used.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from uuid import uuid4

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, async_playwright
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from config import settings
from db.models import Organisation
from tests.web.accounts import Person, person, school
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT
from tests.web.system import RunningSystem

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
_skipped_for_chromium: list[str] = []


@dataclass(frozen=True)
class SchoolAccounts:
    """A school with its curator and head, each with a cabinet password and an API token."""

    organisation: Organisation
    curator: Person
    head: Person
    curator_api: dict[str, str]
    head_api: dict[str, str]


class Cabinet:
    """The running system as a test sees it: where it is, and ways to put people and data into it."""

    def __init__(self, system: RunningSystem) -> None:
        self.system = system
        self.base_url = system.base_url
        # Idle connections are dropped after 2 s, before uvicorn closes them at its 5 s keep-alive: a
        # connection reused just as the server closes it fails with "Server disconnected" (seen in CI).
        self.api = httpx.Client(
            base_url=system.base_url, timeout=60, limits=httpx.Limits(keepalive_expiry=2.0)
        )
        self.admin = {"Authorization": f"Bearer {settings.admin_token}"}

    def token_for(self, user_id: str) -> dict[str, str]:
        """A fresh API token of the user (through the operator's API), for seeding data over HTTP."""
        response = self.api.post(f"/admin/users/{user_id}/token", headers=self.admin)
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def school(self, name: str = "МБОУ «Школа №7»", district: str | None = None) -> SchoolAccounts:
        organisation = school(name, district)
        curator = person("curator", organisation, display_name="Анна Петровна Смирнова")
        head = person("head", organisation, display_name="Игорь Васильевич Орлов")
        return SchoolAccounts(
            organisation, curator, head, self.token_for(curator.user_id), self.token_for(head.user_id)
        )

    def person(
        self,
        role: str,
        organisation: Organisation | None = None,
        *,
        participant_id: str | None = None,
        display_name: str | None = None,
        district: str | None = None,
    ) -> Person:
        return person(
            role,
            organisation,
            display_name=display_name or f"{role}-{uuid4().hex[:4]}",
            participant_id=participant_id,
            district=district,
        )


@pytest.fixture(scope="session")
def cabinet() -> Iterator[Cabinet]:
    system = RunningSystem()
    system.start()
    running = Cabinet(system)
    yield running
    running.api.close()
    system.stop()


@pytest_asyncio.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        _skipped_for_chromium.append("x")
        pytest.skip(f"no Chromium at {CHROMIUM}: the browser tests need `{INSTALL_HINT}`")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


async def _context(browser: Browser, cabinet: Cabinet, phone: bool) -> BrowserContext:
    if phone:
        return await browser.new_context(
            base_url=cabinet.base_url, viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU"
        )
    return await browser.new_context(base_url=cabinet.base_url, viewport=DESKTOP, locale="ru-RU")


@pytest_asyncio.fixture
async def page(browser: Browser, cabinet: Cabinet) -> AsyncIterator[Page]:
    context = await _context(browser, cabinet, phone=False)
    context.set_default_timeout(15_000)
    yield await context.new_page()
    await context.close()


@pytest_asyncio.fixture
async def phone(browser: Browser, cabinet: Cabinet) -> AsyncIterator[Page]:
    context = await _context(browser, cabinet, phone=True)
    context.set_default_timeout(15_000)
    yield await context.new_page()
    await context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped_for_chromium:
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(
            f"THE BROWSER TESTS WERE SKIPPED: no Chromium at {CHROMIUM}.", red=True, bold=True
        )
        terminalreporter.write_line(
            f"Install it with: {INSTALL_HINT}   (never `playwright install`)", red=True
        )
        terminalreporter.write_line(bar, red=True, bold=True)


# The page tests over ASGI (web-pages): the app on the suite's time-skipping Temporal and a client of its API.
@pytest_asyncio.fixture
async def pages_app(env: WorkflowEnvironment, worker: Worker) -> FastAPI:
    return create_app(env.client, worker.task_queue)


@pytest_asyncio.fixture
async def pages_api(pages_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=pages_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield client
