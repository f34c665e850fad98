"""Errors are application/problem+json naming the rule and the field, in Russian (issue 2, point 6);
a refused command changes nothing; the OpenAPI document is complete and typed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlmodel import select
from temporalio.testing import WorkflowEnvironment

from api.problems import russian
from db.models import PlanDocument, ReflectionDocument
from db.session import session_scope
from tests.api.conftest import School
from tests.api.flows import CONSENT_TEXT, PLAN, person
from tests.api.helpers_matrix import (
    assert_problem,
    days_ago,
    detail,
    ok,
    serving_api,
    stand_at,
    teacher_stand,
)


@pytest_asyncio.fixture(scope="module")
async def api(
    env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    async with serving_api(env, activity_executor) as client:
        yield client


# --------------------------------------------------------------------------------------------------------
# Validation: 422 naming the field.

VALIDATION = [
    ("missing_field", "/participants", {"kind": "teacher"}, "full_name", "missing"),
    ("bad_enum", "/participants", {"kind": "alien", "full_name": "Икс"}, "kind", "enum"),
    ("out_of_range", "/participants", {"kind": "pupil", "full_name": "Икс", "grade": 12}, "grade", None),
    (
        "bad_date",
        "/participants",
        {"kind": "pupil", "full_name": "Икс", "birth_date": "вчера"},
        "birth_date",
        None,
    ),
    (
        "pair_ends_before_it_starts",
        "/pairs",
        {
            "form": "teacher_teacher",
            "mentor_ids": ["a"],
            "mentee_ids": ["b"],
            "planned_start": "2026-10-01",
            "planned_end": "2026-09-01",
        },
        "planned_end",
        "term_positive",
    ),
    (
        "pair_without_mentees",
        "/pairs",
        {
            "form": "teacher_teacher",
            "mentor_ids": ["a"],
            "mentee_ids": [],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-01",
        },
        "mentee_ids",
        None,
    ),
]


@pytest.mark.parametrize(
    ("path", "body", "field", "rule"), [v[1:] for v in VALIDATION], ids=[v[0] for v in VALIDATION]
)
async def test_invalid_input_is_422_naming_the_field(
    api: httpx.AsyncClient, school: School, path: str, body: dict[str, Any], field: str, rule: str | None
) -> None:
    response = await api.post(path, headers=school.curator, json=body)
    problem = assert_problem(response, 422, rule, field)
    assert field in problem["detail"] or problem["rule"] == rule
    if problem["errors"]:
        assert problem["errors"][0]["field"] == field


PAIR_VALIDATION = [
    ("bad_stage", "transitions", {"to_stage": "somewhere"}, "to_stage", "enum"),
    ("plan_term_2_months", "plan", PLAN | {"ends_on": "2026-12-01"}, "ends_on", "term_3_to_12_months"),
    ("plan_term_13_months", "plan", PLAN | {"ends_on": "2027-11-02"}, "ends_on", "term_3_to_12_months"),
    ("plan_ends_before_start", "plan", PLAN | {"ends_on": "2026-09-01"}, "ends_on", "term_positive"),
    ("plan_without_goals", "plan", PLAN | {"goals": ["  "]}, "goals", "plan_has_goals"),
    ("plan_without_schedule", "plan", PLAN | {"schedule": []}, "schedule", "plan_has_schedule"),
    (
        "termination_blank_comment",
        "termination",
        {"reason": "mutual_decision", "comment": "  "},
        "comment",
        "termination_comment",
    ),
    ("termination_no_comment", "termination", {"reason": "mutual_decision"}, "comment", "missing"),
    ("termination_bad_reason", "termination", {"reason": "надоело", "comment": "Нет"}, "reason", "enum"),
    (
        "meeting_in_future",
        "meetings",
        {"kind": "introduction", "held_on": "2099-01-01", "format": "online"},
        "held_on",
        "meeting_not_in_future",
    ),
    (
        "meeting_bad_format",
        "meetings",
        {"kind": "introduction", "held_on": "2026-10-05", "format": "radio"},
        "format",
        "enum",
    ),
]


@pytest.mark.parametrize(
    ("command", "body", "field", "rule"),
    [v[1:] for v in PAIR_VALIDATION],
    ids=[v[0] for v in PAIR_VALIDATION],
)
async def test_invalid_pair_command_is_422_naming_field_and_rule(
    api: httpx.AsyncClient, school: School, command: str, body: dict[str, Any], field: str, rule: str
) -> None:
    stand = await teacher_stand(api, school)
    response = await api.post(f"/pairs/{stand.pair_id}/{command}", headers=school.curator, json=body)
    assert_problem(response, 422, rule, field)


async def test_query_parameters_are_validated(api: httpx.AsyncClient, school: School) -> None:
    assert_problem(
        await api.get("/pairs", headers=school.curator, params={"stage": "done"}), 422, "enum", "stage"
    )
    assert_problem(await api.get("/pairs", headers=school.curator, params={"limit": 0}), 422, None, "limit")


async def test_malformed_json_is_a_problem(api: httpx.AsyncClient, school: School) -> None:
    response = await api.post(
        "/participants", headers=school.curator | {"content-type": "application/json"}, content=b"{"
    )
    assert_problem(response, 422, "json_invalid")


# --------------------------------------------------------------------------------------------------------
# Consents of minors.


async def test_minor_cannot_consent_for_themself(api: httpx.AsyncClient, school: School) -> None:
    pupil = await person(
        api, school.curator, kind="pupil", full_name="Ученик", birth_date="2013-02-02", grade=7
    )
    body = {
        "kind": "participation",
        "given_by": "self",
        "text_accepted": CONSENT_TEXT,
        "signed_at": "2026-09-15T10:00:00Z",
    }
    response = await api.post(f"/participants/{pupil}/consents", headers=school.curator, json=body)
    assert_problem(response, 422, "minor_consent_by_guardian", "given_by")
    unnamed = await api.post(
        f"/participants/{pupil}/consents", headers=school.curator, json=body | {"given_by": "guardian"}
    )
    assert_problem(unnamed, 422, "guardian_named", "guardian_name")
    stored = await api.get(f"/participants/{pupil}/consents", headers=school.curator)
    assert stored.json() == []


# --------------------------------------------------------------------------------------------------------
# Guards: 409 naming the rule.

AGREED = {"new_end": "2027-06-30", "mentor_agrees": True, "mentee_agrees": True}
MEETING = {"held_on": "2026-10-05", "format": "online"}

# fmt: off
TRANSITION_REFUSALS = [
    # the pair's stage  asked for         rule                       field
    ("preparatory",     "design",         "consents_complete",       "consents"),
    ("ready",           "implementation", "next_stage_only",         "to_stage"),  # skipping design
    ("design",          "preparatory",    "next_stage_only",         "to_stage"),  # going back
    ("design",          "implementation", "plan_approved",           "plan"),
    ("implementation",  "reflective",     "implementation_finished", "meetings"),
    ("reflective",      "result",         "reflection_recorded",     "reflections"),
    ("reflective",      "terminated",     "next_stage_only",         "to_stage"),  # termination is a command
]
COMMAND_REFUSALS = {
    # id: (the pair's stage, command, body, rule, field)
    "extension_in_preparatory": ("preparatory", "extension", AGREED, "term_change_stage", "stage"),
    "extension_in_reflective": ("reflective", "extension", AGREED, "term_change_stage", "stage"),
    "extension_without_mentee":
        ("design", "extension", AGREED | {"mentee_agrees": False}, "term_change_agreed", "mentee_agrees"),
    "regular_meeting_before_plan":
        ("preparatory", "meetings", MEETING | {"kind": "regular"}, "meeting_fits_stage", "kind"),
    "introduction_after_plan":
        ("implementation", "meetings", MEETING | {"kind": "introduction"}, "meeting_fits_stage", "kind"),
    "reflection_too_early":
        ("design", "reflections", {"kind": "mentor_report", "text": "Рано"}, "reflection_stage", "stage"),
    "order_after_preparatory":
        ("design", "order", {"number": "1", "signed_on": "2026-10-01"}, "order_stage", "stage"),
    "plan_after_implementation": ("reflective", "plan", PLAN, "plan_stage", "stage"),
    "plan_fulfilled_too_early": ("design", "plan/fulfilled", {}, "plan_fulfilled_stage", "stage"),
}
# fmt: on


@pytest.mark.parametrize(
    ("stage", "to_stage", "rule", "field"),
    TRANSITION_REFUSALS,
    ids=[f"{s}->{t}" for s, t, *_ in TRANSITION_REFUSALS],
)
async def test_refused_transition_is_409_naming_the_rule(
    api: httpx.AsyncClient, school: School, stage: str, to_stage: str, rule: str, field: str
) -> None:
    stand = await stand_at(api, school, stage)
    response = await api.post(
        f"/pairs/{stand.pair_id}/transitions", headers=school.curator, json={"to_stage": to_stage}
    )
    assert_problem(response, 409, rule, field)


@pytest.mark.parametrize(
    ("stage", "command", "body", "rule", "field"), COMMAND_REFUSALS.values(), ids=COMMAND_REFUSALS.keys()
)
async def test_refused_command_is_409_naming_the_rule(
    api: httpx.AsyncClient,
    school: School,
    stage: str,
    command: str,
    body: dict[str, Any],
    rule: str,
    field: str,
) -> None:
    stand = await stand_at(api, school, stage)
    response = await api.post(f"/pairs/{stand.pair_id}/{command}", headers=school.curator, json=body)
    assert_problem(response, 409, rule, field)


async def test_missing_consents_are_named_person_by_person(api: httpx.AsyncClient, school: School) -> None:
    stand = await teacher_stand(api, school)
    response = await api.post(
        f"/pairs/{stand.pair_id}/transitions", headers=school.curator, json={"to_stage": "design"}
    )
    problem = assert_problem(response, 409, "consents_complete", "consents")
    assert len(problem["details"]["missing"]) == 4  # two consents for each of two people
    # named, never by id, in the genitive: «… наставника Соколовой Елены Викторовны; … наставляемого …»
    assert "наставника Соколовой Елены Викторовны" in problem["detail"]
    assert "наставляемого Молодого специалиста 1" in problem["detail"]
    assert stand.mentor_id not in problem["detail"] and stand.mentor_id in str(problem["details"]["missing"])
    assert "согласия на обработку персональных данных" in problem["detail"]


async def test_closed_pair_refuses_every_command(api: httpx.AsyncClient, school: School) -> None:
    stand = await teacher_stand(api, school)
    pair = f"/pairs/{stand.pair_id}"
    await ok(
        api, school.curator, f"{pair}/termination", {"reason": "mentee_initiative", "comment": "Переезд"}
    )
    for command, body in (
        ("transitions", {"to_stage": "design"}),
        ("termination", {"reason": "mutual_decision", "comment": "Ещё раз"}),
        ("meetings", {"kind": "introduction", "held_on": days_ago(1), "format": "online"}),
    ):
        response = await api.post(f"{pair}/{command}", headers=school.curator, json=body)
        assert_problem(response, 409, "pair_active", "stage")


# --------------------------------------------------------------------------------------------------------
# A refused command changes nothing.


async def test_refused_commands_change_nothing(api: httpx.AsyncClient, school: School) -> None:
    stand = await stand_at(api, school, "implementation")
    curator, pair = school.curator, f"/pairs/{stand.pair_id}"
    await ok(
        api, stand.mentor, f"{pair}/meetings", {"kind": "regular", "held_on": days_ago(3), "format": "online"}
    )
    before = await detail(api, curator, stand.pair_id)
    audit_before = (await api.get("/audit", headers=curator, params={"subject_id": stand.pair_id})).json()
    refusals: list[tuple[str, dict[str, Any], int]] = [
        ("transitions", {"to_stage": "reflective"}, 409),
        ("transitions", {"to_stage": "completed"}, 409),
        ("extension", {"new_end": "2027-06-30", "mentor_agrees": False, "mentee_agrees": True}, 409),
        ("extension", {"new_end": "2027-12-31", "mentor_agrees": True, "mentee_agrees": True}, 422),
        ("extension", {"new_end": "2027-05-20", "mentor_agrees": True, "mentee_agrees": True}, 422),
        ("termination", {"reason": "mentor_initiative", "comment": ""}, 422),
        ("meetings", {"kind": "introduction", "held_on": days_ago(1), "format": "online"}, 409),
        ("meetings", {"kind": "regular", "held_on": "2099-01-01", "format": "online"}, 422),
        ("reflections", {"kind": "mentor_report", "text": "Рано"}, 409),
        ("order", {"number": "99", "signed_on": "2026-10-01"}, 409),
        ("plan", PLAN | {"ends_on": "2026-11-01"}, 422),
    ]
    for command, body, status in refusals:
        response = await api.post(f"{pair}/{command}", headers=curator, json=body)
        assert_problem(response, status)
    assert await detail(api, curator, stand.pair_id) == before
    audit_after = (await api.get("/audit", headers=curator, params={"subject_id": stand.pair_id})).json()
    assert audit_after == audit_before


async def test_refused_documents_are_not_kept(api: httpx.AsyncClient, school: School) -> None:
    """A report or plan the pair refused is not left in the database: people's texts are kept only for
    a purpose (152-FZ), and a refused document has none."""
    stand = await stand_at(api, school, "result")  # one plan and two reflections, all accepted
    pair = f"/pairs/{stand.pair_id}"
    reflection = await api.post(
        f"{pair}/reflections", headers=stand.mentor, json={"kind": "mentor_report", "text": "Поздно"}
    )
    assert_problem(reflection, 409, "reflection_stage")
    plan = await api.post(f"{pair}/plan", headers=school.curator, json=PLAN)
    assert_problem(plan, 409, "plan_stage")
    with session_scope() as session:  # read to the end before asserting: no cursor is left open
        reflections = session.exec(
            select(ReflectionDocument).where(ReflectionDocument.pair_id == stand.pair_id)
        ).all()
        plans = session.exec(select(PlanDocument).where(PlanDocument.pair_id == stand.pair_id)).all()
    kept = sorted(d.kind for d in reflections), len(plans)
    assert kept == (["mentee_reflection", "mentor_report"], 1)


# --------------------------------------------------------------------------------------------------------
# Unknown objects.

UNKNOWN = [
    ("GET", "/pairs/pair-000000000000", None),
    ("POST", "/pairs/pair-000000000000/transitions", {"to_stage": "design"}),
    ("POST", "/pairs/pair-000000000000/termination", {"reason": "mutual_decision", "comment": "Нет"}),
    (
        "POST",
        "/pairs/pair-000000000000/meetings",
        {"kind": "introduction", "held_on": "2026-10-05", "format": "online"},
    ),
    ("GET", "/participants/person-000000000000", None),
    (
        "POST",
        "/participants/person-000000000000/consents",
        {
            "kind": "participation",
            "given_by": "self",
            "text_accepted": CONSENT_TEXT,
            "signed_at": "2026-09-15T10:00:00Z",
        },
    ),
    ("GET", "/no-such-route", None),
]


@pytest.mark.parametrize(("method", "path", "body"), UNKNOWN, ids=[f"{m} {p}" for m, p, _ in UNKNOWN])
async def test_unknown_object_is_404(
    api: httpx.AsyncClient, school: School, method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = await api.request(method, path, headers=school.curator, json=body)
    assert_problem(response, 404)


# --------------------------------------------------------------------------------------------------------
# The OpenAPI document.

PROBLEM_REF = "#/components/schemas/Problem"


@pytest_asyncio.fixture(scope="module")
async def openapi(api: httpx.AsyncClient) -> dict[str, Any]:
    response = await api.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def _refs(schema: dict[str, Any]) -> bool:
    """A schema is typed when it references a component or states its type."""
    return "$ref" in schema or "type" in schema or "anyOf" in schema


async def test_openapi_lists_every_endpoint(openapi: dict[str, Any]) -> None:
    expected = {
        ("GET", "/health"),
        ("GET", "/me"),
        ("POST", "/participants"),
        ("GET", "/participants"),
        ("GET", "/participants/{participant_id}"),
        ("POST", "/participants/{participant_id}/consents"),
        ("GET", "/participants/{participant_id}/consents"),
        ("POST", "/pairs"),
        ("GET", "/pairs"),
        ("GET", "/pairs/{pair_id}"),
        ("POST", "/pairs/{pair_id}/transitions"),
        ("POST", "/pairs/{pair_id}/termination"),
        ("POST", "/pairs/{pair_id}/extension"),
        ("POST", "/pairs/{pair_id}/order"),
        ("POST", "/pairs/{pair_id}/plan"),
        ("POST", "/pairs/{pair_id}/plan/fulfilled"),
        ("POST", "/pairs/{pair_id}/meetings"),
        ("POST", "/pairs/{pair_id}/reflections"),
        ("GET", "/audit"),
    }
    assert expected <= {(m, p) for m, p, _ in _operations(openapi)}


async def test_every_route_has_a_typed_success_response(openapi: dict[str, Any]) -> None:
    for method, path, operation in _operations(openapi):
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, (method, path)
        for code in success:
            content = operation["responses"][code]["content"]
            if "application/json" not in content:  # a file to download: its media type, a binary body
                assert all(c["schema"] == {"type": "string", "format": "binary"} for c in content.values())
                assert content, (method, path, code)
                continue
            schema = content["application/json"]["schema"]
            assert _refs(schema) and schema != {}, (method, path, code)
        if method == "POST" and "requestBody" in operation:  # acknowledge/read commands carry no body
            content = operation["requestBody"]["content"]
            media = "application/json" if "application/json" in content else "multipart/form-data"  # uploads
            assert "$ref" in content[media]["schema"], (method, path)


async def test_command_routes_document_their_problems(openapi: dict[str, Any]) -> None:
    commands = [
        (m, p, op)
        for m, p, op in _operations(openapi)
        if m == "POST" and p.startswith(("/pairs", "/participants"))
    ]
    assert len(commands) >= 10
    for method, path, operation in commands:
        for status in ("401", "403", "404", "409", "422"):
            response = operation["responses"].get(status)
            assert response is not None, (method, path, status)
            assert response["description"], (method, path, status)
            content = response["content"]
            assert content.get("application/problem+json", {}).get("schema") == {"$ref": PROBLEM_REF}, (
                method,
                path,
                status,
                content,
            )
        assert operation.get("security") == [{"HTTPBearer": []}], (method, path)


async def test_problem_schema_names_rule_and_field(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    problem = schemas["Problem"]
    assert {"status", "rule", "detail"} <= set(problem["required"])
    assert {"type", "title", "status", "detail", "rule", "field", "errors"} <= set(problem["properties"])
    assert problem["properties"]["status"]["type"] == "integer"
    # Validation errors are described by the same Problem, not FastAPI's default shape.
    assert "HTTPValidationError" not in schemas
    assert openapi["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


async def test_enums_are_typed(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert set(schemas["Stage"]["enum"]) == {
        "preparatory", "design", "implementation", "reflective", "result", "completed", "terminated",
    }  # fmt: skip
    assert set(schemas["TerminationReason"]["enum"]) == {
        "plan_fulfilled_early",
        "mentor_initiative",
        "mentee_initiative",
        "mutual_decision",
        "curator_improper_execution",
        "mentor_replacement_petition",
    }
    stage = next(p for p in openapi["paths"]["/pairs"]["get"]["parameters"] if p["name"] == "stage")
    assert {"$ref": "#/components/schemas/Stage"} in stage["schema"]["anyOf"]
    next_step = schemas["NextStep"]["properties"]
    assert next_step["to_stage"] == {"$ref": "#/components/schemas/Stage"}


def test_count_agreement_a_limit_of_the_schema_agrees_with_its_number() -> None:
    """Counts agree with their numbers in pydantic's limits too: «не короче 1 символа», not «1 символов»."""
    assert russian({"type": "string_too_short", "ctx": {"min_length": 1}}) == "не короче 1 символа"
    assert russian({"type": "string_too_long", "ctx": {"max_length": 300}}) == "не длиннее 300 символов"
    assert russian({"type": "too_short", "ctx": {"min_length": 21}}) == "не меньше 21 элемента"
    assert russian({"type": "too_long", "ctx": {"max_length": 5}}) == "не больше 5 элементов"
