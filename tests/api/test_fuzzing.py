"""Fuzzing over the whole OpenAPI (issue 13, point 3): no input makes the server answer 5xx, and every
answer conforms to the schema, errors as application/problem+json.

Schemathesis generates, for every operation, valid and invalid requests (seeded: the same cases every run);
each is sent with a curator's token and with the operator's, against a real worker on the time-skipping
server. Path parameters are those of real objects of the school (a pair, a person, a programme …), so the
requests reach the rules behind the 404s. The figures are printed (`-s`) and README quotes them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import httpx
import pytest
import pytest_asyncio
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.problems import PROBLEM_JSON
from tests.api.conftest import ADMIN, make_school, user
from tests.api.flows import PLAN
from tests.api.helpers_matrix import teacher_stand
from worker import build_worker

EXAMPLES_PER_MODE = 6  # per operation, valid and invalid each; every case is sent with both tokens
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@dataclass
class Fuzzed:
    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@pytest_asyncio.fixture(scope="module")
async def api(
    env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    worker = build_worker(env.client, task_queue=f"tq-{uuid4()}", executor=activity_executor)
    async with worker:
        app = create_app(env.client, worker.task_queue)
        # A 500 is an answer to count here, not an exception to raise in the test.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://nastavnik.test") as client:
            yield client


async def real_ids(api: httpx.AsyncClient) -> tuple[dict[str, str], dict[str, str]]:
    """A school with a pair in design, a programme and their people: ids for the path parameters, and
    the curator's token."""
    school = await make_school(api)
    stand = await teacher_stand(api, school)
    programme = await api.post(
        "/programmes", headers=school.curator, json={"title": "Учитель–учитель", "academic_year": "2026/27"}
    )
    assert programme.status_code == 201, programme.text
    await api.post(f"/pairs/{stand.pair_id}/plan", headers=school.curator, json=PLAN)
    me = (await api.get("/me", headers=school.curator)).json()
    ids = {
        "pair_id": stand.pair_id,
        "participant_id": stand.mentee_id,
        "programme_id": programme.json()["id"],
        "organisation_id": school.organisation_id,
        "user_id": me["user_id"],
        "round_id": "2026-12",
    }
    # The operator may replace tokens: a user of its own, so that the curator's token stays valid.
    await user(api, "head", organisation_id=school.organisation_id)
    return ids, school.curator


def cases_of(operation: Any, ids: dict[str, str], mode: GenerationMode) -> list[Case]:
    """A fixed, seeded set of cases of one operation (derandomized: the same every run)."""
    names = {p.name for p in operation.path_parameters}
    strategy = operation.as_strategy(
        generation_mode=mode, path_parameters={k: v for k, v in ids.items() if k in names}
    )
    found: list[Case] = []

    @settings(
        max_examples=EXAMPLES_PER_MODE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def collect(case: Case) -> None:
        found.append(case)

    collect()
    return found


def conformance_failure(case: Case, response: httpx.Response) -> str | None:
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:  # the report names each check that failed, with the response
        titles = ", ".join(sorted({failure.title for failure in group.exceptions}))
        return f"{titles}: {response.status_code} {response.text[:300]}"
    return None


async def send(api: httpx.AsyncClient, case: Case, token: dict[str, str]) -> httpx.Response:
    kwargs = case.as_transport_kwargs(base_url=str(api.base_url), headers=token)
    content = kwargs.get("data")
    if "json" in kwargs:
        content = json.dumps(kwargs["json"]).encode()
    return await api.request(
        kwargs["method"],
        kwargs["url"],
        headers={k: str(v) for k, v in (kwargs.get("headers") or {}).items()},
        params=kwargs.get("params"),
        content=content,
    )


async def test_no_input_makes_the_server_fail_and_every_answer_conforms(api: httpx.AsyncClient) -> None:
    ids, curator = await real_ids(api)
    schema = schemathesis.openapi.from_dict(create_app().openapi())
    fuzzed = Fuzzed()
    # /health answers 503 when its probe of the worker fails: that is its documented answer, not an error.
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    operations = [op for op in operations if op.path != "/health"]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for case in cases_of(operation, ids, mode):
                for who, token in (("curator", curator), ("operator", ADMIN)):
                    response = await send(api, case, token)
                    fuzzed.requests += 1
                    fuzzed.by_status[response.status_code] += 1
                    if response.status_code >= 400 and not response.headers.get(
                        "content-type", ""
                    ).startswith(PROBLEM_JSON):
                        fuzzed.failures.append(
                            f"{who} {operation.label}: {response.status_code} not problem+json"
                        )
                    failure = conformance_failure(case, response)
                    if failure:
                        fuzzed.failures.append(f"{who} {operation.label} ({mode.value}): {failure}")
                    if response.status_code == 201 and response.json().get("id") == ids["user_id"]:
                        curator = {"Authorization": f"Bearer {response.json()['token']}"}
    server_errors = sum(n for status, n in fuzzed.by_status.items() if status >= 500)
    print(
        f"\nfuzzed {len(operations)} operations, {fuzzed.requests} requests; "
        f"statuses {dict(sorted(fuzzed.by_status.items()))}; "
        f"server errors {server_errors}; failures {len(fuzzed.failures)}"
    )
    assert fuzzed.failures == [], "\n".join(_unique(fuzzed.failures)[:40])
    assert server_errors == 0


def _unique(failures: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for failure in failures:
        seen.setdefault(re.sub(r"\s+", " ", failure)[:200], failure)
    return list(seen.values())


@pytest.mark.parametrize("token", ["Привет", "токен-ё", "\u00e9t\u00e9"])
async def test_a_non_ascii_token_is_refused_as_unknown(api: httpx.AsyncClient, token: str) -> None:
    response = await api.get("/me", headers=[(b"Authorization", f"Bearer {token}".encode())])
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
