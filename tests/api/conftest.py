"""The API in-process (ASGI) over a real worker on the time-skipping server and the real database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from uuid import uuid4

import httpx
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from config import settings

ADMIN = {"Authorization": f"Bearer {settings.admin_token}"}


@dataclass
class School:
    """One school of a district with its people's tokens, made through the admin API."""

    organisation_id: str
    district: str
    curator: dict[str, str]
    head: dict[str, str]


@pytest_asyncio.fixture
async def api(env: WorkflowEnvironment, worker: Worker) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(env.client, worker.task_queue)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://nastavnik.test") as client:
        yield client


async def user(api: httpx.AsyncClient, role: str, **fields: str | None) -> dict[str, str]:
    response = await api.post(
        "/admin/users", headers=ADMIN, json={"display_name": role, "role": role, **fields}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def make_school(api: httpx.AsyncClient, district: str | None = None) -> School:
    organisation_id = f"school-{uuid4().hex[:8]}"
    district = district or f"district-{uuid4().hex[:6]}"
    response = await api.post(
        "/admin/organisations",
        headers=ADMIN,
        json={"id": organisation_id, "name": "МБОУ СОШ №1", "district": district},
    )
    assert response.status_code == 201, response.text
    return School(
        organisation_id=organisation_id,
        district=district,
        curator=await user(api, "curator", organisation_id=organisation_id),
        head=await user(api, "head", organisation_id=organisation_id),
    )


@pytest_asyncio.fixture
async def school(api: httpx.AsyncClient) -> School:
    return await make_school(api)


@pytest_asyncio.fixture
async def school_factory(api: httpx.AsyncClient) -> Callable[..., object]:
    async def factory(district: str | None = None) -> School:
        return await make_school(api, district)

    return factory
