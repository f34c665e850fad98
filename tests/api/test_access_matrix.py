"""Who may do what (issue 2, point 6): role × action → status, through the API and a real worker.

Only a curator moves stages, terminates, extends, fixes orders, approves plans, records consents and
creates participants and pairs; a mentor records meetings of their own pairs; the mentor writes the report
and the mentee the reflection of their own pair; a curator or head acts only inside their own school and a
coordinator reads the schools of their district. An object the actor may not see is a 404, never a 403
that would confirm it exists.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from db.models import OverdueItemRow
from db.session import session_scope
from domain.escalation import ItemKind, Level
from tests.api.conftest import ADMIN, School, make_school, user
from tests.api.flows import CONSENT_TEXT, PLAN
from tests.api.helpers_matrix import (
    Headers,
    Stand,
    assert_problem,
    bring_to,
    days_ago,
    ok,
    serving_api,
    stand_at,
    teacher,
    teacher_stand,
    user_id,
)


@pytest_asyncio.fixture(scope="module")
async def api(
    env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    """One API and worker for the module: the matrix has many cells and each cell is one request."""
    async with serving_api(env, activity_executor) as client:
        yield client


@dataclass
class World:
    """A district with two schools (home, neighbour), a school of another district (far), and pairs."""

    home: School
    neighbour: School
    far: School
    coordinator: Headers  # of the home district
    far_coordinator: Headers
    stands: dict[str, Stand]  # home pairs at each stage; only refused commands touch them
    other: Stand  # another pair of the home school, with its own mentor and mentee
    neighbour_stand: Stand
    far_stand: Stand
    spare: tuple[str, str]  # a mentor and a mentee teacher of the home school, for creating pairs

    def headers(self, actor: str, stand: Stand) -> Headers:
        return {
            "curator": stand.school.curator,
            "head": stand.school.head,
            "mentor": stand.mentor,
            "mentee": stand.mentee,
            "other_mentor": self.other.mentor,
            "other_mentee": self.other.mentee,
            "coordinator": self.coordinator,
            "far_coordinator": self.far_coordinator,
            "neighbour_curator": self.neighbour.curator,
            "neighbour_head": self.neighbour.head,
            "admin": ADMIN,
        }[actor]

    def school(self, name: str) -> School:
        return {"home": self.home, "neighbour": self.neighbour, "far": self.far}[name]

    def stand_of(self, name: str) -> Stand:
        return {"home": self.stands["preparatory"], "neighbour": self.neighbour_stand, "far": self.far_stand}[
            name
        ]


@pytest_asyncio.fixture(scope="module")
async def world(api: httpx.AsyncClient) -> World:
    home = await make_school(api)
    neighbour = await make_school(api, home.district)
    far = await make_school(api)
    stands = {stage: await stand_at(api, home, stage) for stage in ("preparatory", "ready", "design")}
    stands["implementation"] = await stand_at(api, home, "implementation")
    stands["reflective"] = await stand_at(api, home, "reflective")
    return World(
        home=home,
        neighbour=neighbour,
        far=far,
        coordinator=await user(api, "coordinator", district=home.district),
        far_coordinator=await user(api, "coordinator", district=far.district),
        stands=stands,
        other=await teacher_stand(api, home),
        neighbour_stand=await teacher_stand(api, neighbour),
        far_stand=await teacher_stand(api, far),
        spare=(await teacher(api, home.curator, 12), await teacher(api, home.curator, 0)),
    )


# --------------------------------------------------------------------------------------------------------
# The matrix: for each action, the stage of the pair it is tried on and the status each actor gets.

ACTORS = (
    "curator",
    "head",
    "mentor",
    "mentee",
    "other_mentor",
    "other_mentee",
    "coordinator",
    "far_coordinator",
    "neighbour_curator",
    "neighbour_head",
    "admin",
)

Body = Callable[[World], dict[str, Any] | None]


@dataclass(frozen=True)
class Action:
    stage: str  # the stage of the home pair the action is tried on
    method: str
    path: str  # {pair}: the pair; {mentee}: its first mentee
    body: Body = lambda _world: None
    mutates: bool = True  # an accepted command gets a fresh pair, so the shared ones never change


ACTIONS: dict[str, Action] = {
    "read_pair": Action("preparatory", "GET", "/pairs/{pair}", mutates=False),
    "read_participant": Action("preparatory", "GET", "/participants/{mentee}", mutates=False),
    "read_consents": Action("preparatory", "GET", "/participants/{mentee}/consents", mutates=False),
    "advance": Action("ready", "POST", "/pairs/{pair}/transitions", lambda _w: {"to_stage": "design"}),
    "terminate": Action(
        "preparatory",
        "POST",
        "/pairs/{pair}/termination",
        lambda _w: {"reason": "mutual_decision", "comment": "Стороны договорились завершить."},
    ),
    "extend": Action(
        "design",
        "POST",
        "/pairs/{pair}/extension",
        lambda _w: {"new_end": "2027-06-30", "mentor_agrees": True, "mentee_agrees": True},
    ),
    "fix_order": Action(  # on a pair whose members consented (000 §2.7)
        "ready", "POST", "/pairs/{pair}/order", lambda _w: {"number": "5-о", "signed_on": "2026-09-30"}
    ),
    "approve_plan": Action("design", "POST", "/pairs/{pair}/plan", lambda _w: PLAN),
    "plan_fulfilled": Action(
        "implementation", "POST", "/pairs/{pair}/plan/fulfilled", lambda _w: {"comment": "Цели достигнуты."}
    ),
    "record_consent": Action(
        "preparatory",
        "POST",
        "/participants/{mentee}/consents",
        lambda _w: {
            "kind": "participation",
            "given_by": "self",
            "text_accepted": CONSENT_TEXT,
            "signed_at": "2026-09-20T09:00:00Z",
        },
    ),
    "record_meeting": Action(
        "implementation",
        "POST",
        "/pairs/{pair}/meetings",
        lambda _w: {"kind": "regular", "held_on": days_ago(5), "format": "online"},
    ),
    "mentor_report": Action(
        "reflective",
        "POST",
        "/pairs/{pair}/reflections",
        lambda _w: {"kind": "mentor_report", "text": "Молодой специалист провёл открытый урок."},
    ),
    "mentee_reflection": Action(
        "reflective",
        "POST",
        "/pairs/{pair}/reflections",
        lambda _w: {"kind": "mentee_reflection", "text": "Стало увереннее на уроках."},
    ),
    "create_participant": Action(
        "preparatory",
        "POST",
        "/participants",
        lambda _w: {"kind": "teacher", "full_name": "Новый учитель", "years_of_experience": 1},
        mutates=False,
    ),
    "create_pair": Action(
        "preparatory",
        "POST",
        "/pairs",
        lambda w: {
            "form": "teacher_teacher",
            "mentor_ids": [w.spare[0]],
            "mentee_ids": [w.spare[1]],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
        mutates=False,
    ),
}

CURATOR_ONLY = (200, 403, 403, 403, 404, 404, 403, 404, 404, 404, 403)
# fmt: off
MATRIX: dict[str, tuple[int, ...]] = {
    #                  cur  head ment mtee oMnt oMte coor fCoo nCur nHea admin
    "read_pair":         (200, 200, 200, 200, 404, 404, 200, 404, 404, 404, 200),
    "read_participant":  (200, 200, 404, 200, 404, 404, 200, 404, 404, 404, 200),
    "read_consents":     (200, 200, 404, 200, 404, 404, 200, 404, 404, 404, 200),
    "advance":           CURATOR_ONLY,
    "terminate":         CURATOR_ONLY,
    "extend":            CURATOR_ONLY,
    "fix_order":         CURATOR_ONLY,
    # 003 §5.1: the pair's mentor drafts the plan (kept as a draft for the curator), the curator approves it.
    "approve_plan":      (200, 403, 200, 403, 404, 404, 403, 404, 404, 404, 403),
    "plan_fulfilled":    CURATOR_ONLY,
    "record_consent":    (201, 403, 404, 403, 404, 404, 403, 404, 404, 404, 403),
    "record_meeting":    (201, 403, 201, 403, 404, 404, 403, 404, 404, 404, 403),
    "mentor_report":     (201, 403, 201, 403, 404, 404, 403, 404, 404, 404, 403),
    "mentee_reflection": (201, 403, 403, 201, 404, 404, 403, 404, 404, 404, 403),
    # Creating always happens in the actor's own school; a neighbour curator cannot use our people.
    "create_participant": (201, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403),
    "create_pair":       (201, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403),
}
# fmt: on
REFUSAL_RULES = {
    403: {"curator_only", "meeting_recorder", "reflection_author", "plan_drafted_by_mentor"},
    404: {"not_found"},
}

CASES = [
    pytest.param(action, actor, status, id=f"{action}-{actor}-{status}")
    for action, statuses in MATRIX.items()
    for actor, status in zip(ACTORS, statuses, strict=True)
]


async def attempt(
    api: httpx.AsyncClient, world: World, action: Action, actor: str, stand: Stand
) -> httpx.Response:
    path = action.path.format(pair=stand.pair_id, mentee=stand.mentee_id)
    return await api.request(
        action.method, path, headers=world.headers(actor, stand), json=action.body(world)
    )


@pytest.mark.parametrize(("action_name", "actor", "expected"), CASES)
async def test_role_matrix(
    api: httpx.AsyncClient, world: World, action_name: str, actor: str, expected: int
) -> None:
    action = ACTIONS[action_name]
    if expected < 300 and action.mutates:
        stand = await stand_at(api, world.home, action.stage)
    else:
        stand = world.stands[action.stage]
    response = await attempt(api, world, action, actor, stand)
    if expected < 300:
        assert response.status_code == expected, response.text
    else:
        body = assert_problem(response, expected)
        if expected in REFUSAL_RULES:
            assert body["rule"] in REFUSAL_RULES[expected], body


async def test_refused_commands_leave_the_shared_pairs_untouched(
    api: httpx.AsyncClient, world: World
) -> None:
    """The matrix's refusals wrote nothing: each shared pair has only the events its set-up wrote."""
    for stage, stand in world.stands.items():
        detail = (await api.get(f"/pairs/{stand.pair_id}", headers=stand.curator)).json()
        assert detail["stage"] == ("preparatory" if stage == "ready" else stage)
        assert {e["actor_role"] for e in detail["timeline"]} == {"curator"}, detail["timeline"]


# --------------------------------------------------------------------------------------------------------
# Reading across schools and districts.

READS = [
    ("curator", "home", 200),
    ("curator", "neighbour", 404),
    ("curator", "far", 404),
    ("head", "home", 200),
    ("head", "neighbour", 404),
    ("neighbour_curator", "neighbour", 200),
    ("neighbour_curator", "home", 404),
    ("coordinator", "home", 200),
    ("coordinator", "neighbour", 200),
    ("coordinator", "far", 404),
    ("far_coordinator", "far", 200),
    ("far_coordinator", "home", 404),
    ("far_coordinator", "neighbour", 404),
    ("admin", "far", 200),
]


@pytest.mark.parametrize(("actor", "school", "expected"), READS, ids=[f"{a}-{s}-{e}" for a, s, e in READS])
@pytest.mark.parametrize("what", ["pair", "participant"])
async def test_who_reads_which_school(
    api: httpx.AsyncClient, world: World, what: str, actor: str, school: str, expected: int
) -> None:
    stand = world.stand_of(school)
    path = f"/pairs/{stand.pair_id}" if what == "pair" else f"/participants/{stand.mentor_id}"
    response = await api.get(path, headers=world.headers(actor, world.stands["preparatory"]))
    if expected == 200:
        assert response.status_code == 200, response.text
    else:
        assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("what", ["pair", "participant"])
async def test_unseen_is_indistinguishable_from_missing(
    api: httpx.AsyncClient, world: World, what: str
) -> None:
    """A neighbour's object and an object that does not exist get the very same 404 body."""
    base = "/pairs/" if what == "pair" else "/participants/"
    existing = (
        world.stands["preparatory"].pair_id if what == "pair" else world.stands["preparatory"].mentor_id
    )
    unseen = await api.get(base + existing, headers=world.neighbour.curator)
    missing = await api.get(base + "does-not-exist", headers=world.neighbour.curator)
    assert_problem(unseen, 404, "not_found")
    assert_problem(missing, 404, "not_found")
    assert unseen.json() == missing.json()


async def test_coordinator_cannot_move_a_pair_of_the_district(api: httpx.AsyncClient, world: World) -> None:
    stand = world.neighbour_stand
    response = await api.post(
        f"/pairs/{stand.pair_id}/transitions", headers=world.coordinator, json={"to_stage": "design"}
    )
    assert_problem(response, 403, "curator_only")


async def test_neighbour_curator_cannot_use_our_people_in_a_pair(
    api: httpx.AsyncClient, world: World
) -> None:
    response = await attempt(api, world, ACTIONS["create_pair"], "neighbour_curator", world.stands["ready"])
    body = assert_problem(response, 422, "participant_in_base", "mentor_ids")
    # The same words as for people who do not exist at all: nothing confirms they are in another school.
    assert body["details"] == {"missing": [world.spare[0]]}


# --------------------------------------------------------------------------------------------------------
# Authentication.

AUTH = {
    "no_token": {},
    "bad_token": {"Authorization": "Bearer not-a-real-token"},
    "empty_bearer": {"Authorization": "Bearer "},
    "basic_scheme": {"Authorization": "Basic YWRtaW46YWRtaW4="},
}
ENDPOINTS = [
    ("GET", "/pairs/{pair}", None),
    ("GET", "/pairs", None),
    ("GET", "/participants", None),
    ("GET", "/audit", None),
    ("GET", "/me", None),
    ("POST", "/pairs/{pair}/transitions", {"to_stage": "design"}),
    ("POST", "/pairs/{pair}/meetings", {"kind": "introduction", "held_on": "2026-10-05", "format": "online"}),
    ("POST", "/participants", {"kind": "teacher", "full_name": "Кто-то"}),
    ("POST", "/admin/organisations", {"id": "school-x", "name": "Школа", "district": "d"}),
    ("POST", "/pairs/{pair}/transitions", {"to_stage": "no-such-stage"}),  # invalid body: still 401 first
]


@pytest.mark.parametrize("auth", list(AUTH))
@pytest.mark.parametrize(
    ("method", "path", "body"), ENDPOINTS, ids=[f"{m} {p} {i}" for i, (m, p, _) in enumerate(ENDPOINTS)]
)
async def test_without_a_valid_token_everything_is_401(
    api: httpx.AsyncClient, world: World, auth: str, method: str, path: str, body: dict[str, Any] | None
) -> None:
    url = path.format(pair=world.stands["preparatory"].pair_id)
    response = await api.request(method, url, headers=AUTH[auth], json=body)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


# --------------------------------------------------------------------------------------------------------
# Lists show only what the role may see.


async def _pair_ids(api: httpx.AsyncClient, headers: Headers, **params: str) -> set[str]:
    response = await api.get("/pairs", headers=headers, params={"limit": "1000", **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return {p["id"] for p in page["items"]}


async def _school_pairs(api: httpx.AsyncClient, world: World) -> dict[str, set[str]]:
    return {
        name: await _pair_ids(api, ADMIN, organisation_id=world.school(name).organisation_id)
        for name in ("home", "neighbour", "far")
    }


LISTS = [
    ("curator", {"home"}),
    ("head", {"home"}),
    ("neighbour_curator", {"neighbour"}),
    ("neighbour_head", {"neighbour"}),
    ("coordinator", {"home", "neighbour"}),
    ("far_coordinator", {"far"}),
]


@pytest.mark.parametrize(("actor", "schools"), LISTS, ids=[a for a, _ in LISTS])
async def test_pair_list_is_scoped_by_school_and_district(
    api: httpx.AsyncClient, world: World, actor: str, schools: set[str]
) -> None:
    by_school = await _school_pairs(api, world)
    assert world.stands["preparatory"].pair_id in by_school["home"]
    assert world.neighbour_stand.pair_id in by_school["neighbour"]
    expected = set().union(*(by_school[s] for s in schools))
    assert await _pair_ids(api, world.headers(actor, world.stands["preparatory"])) == expected


@pytest.mark.parametrize("actor", ["mentor", "mentee"])
async def test_mentor_and_mentee_list_only_their_own_pairs(
    api: httpx.AsyncClient, world: World, actor: str
) -> None:
    stand = world.stands["implementation"]
    assert await _pair_ids(api, world.headers(actor, stand)) == {stand.pair_id}
    # A filter naming someone else's school does not widen the view.
    other_school = await _pair_ids(
        api, world.headers(actor, stand), organisation_id=world.neighbour.organisation_id
    )
    assert other_school == set()


async def test_admin_lists_every_school(api: httpx.AsyncClient, world: World) -> None:
    everything = await _pair_ids(api, ADMIN)
    assert {world.stands["preparatory"].pair_id, world.neighbour_stand.pair_id, world.far_stand.pair_id} <= (
        everything
    )


async def _participant_ids(api: httpx.AsyncClient, headers: Headers) -> set[str]:
    response = await api.get("/participants", headers=headers, params={"limit": "1000"})
    assert response.status_code == 200, response.text
    return {p["id"] for p in response.json()["items"]}


async def test_participant_list_is_scoped(api: httpx.AsyncClient, world: World) -> None:
    home = await _participant_ids(api, world.home.curator)
    neighbour = await _participant_ids(api, world.neighbour.curator)
    far = await _participant_ids(api, world.far.curator)
    stand = world.stands["design"]
    assert {stand.mentor_id, *stand.mentee_ids, *world.spare} <= home
    assert world.neighbour_stand.mentor_id in neighbour
    assert not home & neighbour and not home & far and not neighbour & far
    assert await _participant_ids(api, world.home.head) == home
    assert await _participant_ids(api, world.coordinator) == home | neighbour
    assert await _participant_ids(api, world.far_coordinator) == far
    # Mentors and mentees see their own card only: children's personal data stays with the curator.
    assert await _participant_ids(api, stand.mentor) == {stand.mentor_id}
    assert await _participant_ids(api, stand.mentee) == {stand.mentee_id}


async def _audit_subjects(api: httpx.AsyncClient, headers: Headers) -> set[str]:
    response = await api.get("/audit", headers=headers, params={"limit": "2000"})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    # Pairs' own events; monitoring items of those pairs are audited too, under their item ids.
    return {e["subject_id"] for e in page["items"] if e["subject_type"] == "pair"}


async def test_audit_is_scoped(api: httpx.AsyncClient, world: World) -> None:
    by_school = await _school_pairs(api, world)
    assert await _audit_subjects(api, world.home.curator) == by_school["home"]
    assert await _audit_subjects(api, world.home.head) == by_school["home"]
    assert await _audit_subjects(api, world.neighbour.curator) == by_school["neighbour"]
    assert await _audit_subjects(api, world.coordinator) == by_school["home"] | by_school["neighbour"]
    assert await _audit_subjects(api, world.far_coordinator) == by_school["far"]
    stand = world.stands["reflective"]
    assert await _audit_subjects(api, stand.mentor) == {stand.pair_id}
    assert await _audit_subjects(api, stand.mentee) == {stand.pair_id}
    assert await _audit_subjects(api, world.other.mentor) == {world.other.pair_id}


async def _ids(api: httpx.AsyncClient, path: str, headers: Headers, key: str = "id") -> set[str]:
    response = await api.get(path, headers=headers, params={"limit": "1000"})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return {item[key] for item in page["items"]}


async def test_programme_list_is_scoped(api: httpx.AsyncClient, world: World) -> None:
    created = {}
    for name in ("home", "neighbour", "far"):
        body = {"title": f"Программа {name}", "academic_year": "2026/27", "forms": ["teacher_teacher"]}
        created[name] = (await ok(api, world.school(name).curator, "/programmes", body))["id"]
    seen = {
        actor: await _ids(api, "/programmes", world.headers(actor, world.stands["design"]))
        & set(created.values())
        for actor in ("curator", "head", "mentor", "mentee", "coordinator", "far_coordinator", "admin")
    }
    home, neighbour, far = created["home"], created["neighbour"], created["far"]
    # Everyone of a school sees its programmes; a coordinator, the district's; the operator, all.
    assert seen == {
        "curator": {home},
        "head": {home},
        "mentor": {home},
        "mentee": {home},
        "coordinator": {home, neighbour},
        "far_coordinator": {far},
        "admin": {home, neighbour, far},
    }


def _overdue_row(school: School, owner: str | None, item_id: str) -> OverdueItemRow:
    return OverdueItemRow(
        item_id=item_id,
        kind=ItemKind.ENTRY_ASSESSMENT.value,
        organisation_id=school.organisation_id,
        district=school.district,
        owner_participant_id=owner,
        due_on=date.today() - timedelta(days=3),
        level=Level.CURATOR.value,
        level_since=datetime.now(UTC),
        created_at=datetime.now(UTC),
    )


async def test_overdue_list_is_scoped(api: httpx.AsyncClient, world: World) -> None:
    """The rows as the item workflows write them once overdue: the list shows each role its own part."""
    stand, run = world.stands["implementation"], uuid4().hex[:8]
    rows = {
        "mentee": _overdue_row(world.home, stand.mentee_id, f"scope-{run}-mentee"),
        "mentor": _overdue_row(world.home, stand.mentor_id, f"scope-{run}-mentor"),
        "neighbour": _overdue_row(world.neighbour, world.neighbour_stand.mentee_id, f"scope-{run}-neighbour"),
        "far": _overdue_row(world.far, world.far_stand.mentee_id, f"scope-{run}-far"),
    }
    with session_scope() as session:
        session.add_all(rows.values())
        session.commit()
    ours = {row.item_id for row in rows.values()}
    ids = {name: row.item_id for name, row in rows.items()}
    seen = {
        actor: await _ids(api, "/overdue", world.headers(actor, stand), key="item_id") & ours
        for actor in ("curator", "head", "mentor", "mentee", "other_mentee", "coordinator", "far_coordinator")
    }
    # A mentor or mentee sees only what they owe themselves.
    assert seen == {
        "curator": {ids["mentee"], ids["mentor"]},
        "head": {ids["mentee"], ids["mentor"]},
        "mentor": {ids["mentor"]},
        "mentee": {ids["mentee"]},
        "other_mentee": set(),
        "coordinator": {ids["mentee"], ids["mentor"], ids["neighbour"]},
        "far_coordinator": {ids["far"]},
    }


# --------------------------------------------------------------------------------------------------------
# Every command's actor is written into the audit.


async def test_every_command_records_its_actor(api: httpx.AsyncClient, world: World) -> None:
    stand = await bring_to(api, await teacher_stand(api, world.home), "implementation")
    curator, pair = stand.curator, f"/pairs/{stand.pair_id}"
    await ok(
        api, stand.mentor, f"{pair}/meetings", {"kind": "final", "held_on": days_ago(1), "format": "mixed"}
    )
    await ok(api, curator, f"{pair}/transitions", {"to_stage": "reflective", "comment": "Итоговая встреча"})
    await ok(api, stand.mentor, f"{pair}/reflections", {"kind": "mentor_report", "text": "Отчёт."})
    await ok(api, stand.mentee, f"{pair}/reflections", {"kind": "mentee_reflection", "text": "Рефлексия."})

    ids = {
        "curator": await user_id(api, curator),
        "mentor": await user_id(api, stand.mentor),
        "mentee": await user_id(api, stand.mentee),
    }
    timeline = (await api.get(pair, headers=curator)).json()["timeline"]
    expected = [
        ("created", "curator"),
        *[("consent_recorded", "curator")] * 4,
        ("order_fixed", "curator"),
        ("stage_changed", "curator"),
        ("plan_approved", "curator"),
        ("stage_changed", "curator"),
        ("meeting_recorded", "mentor"),
        ("stage_changed", "curator"),
        ("reflection_recorded", "mentor"),
        ("reflection_recorded", "mentee"),
    ]
    assert [(e["action"], e["actor_role"]) for e in timeline] == expected
    for event in timeline:
        assert event["actor_id"] == ids[event["actor_role"]], event

    audit = (await api.get("/audit", headers=curator, params={"subject_id": stand.pair_id})).json()
    assert [(e["seq"], e["action"], e["actor_id"], e["actor_role"]) for e in audit["items"]] == [
        (e["seq"], e["action"], e["actor_id"], e["actor_role"]) for e in timeline
    ]
    mentor_rows = (await api.get("/audit", headers=curator, params={"actor_id": ids["mentor"]})).json()
    # Items the mentor's meetings settled are audited too (asynchronously); the pair's own rows are these:
    assert [(e["action"], e["subject_id"]) for e in mentor_rows["items"] if e["subject_type"] == "pair"] == [
        ("meeting_recorded", stand.pair_id),
        ("reflection_recorded", stand.pair_id),
    ]


# --------------------------------------------------------------------------------------------------------
# A school's own settings and monitoring: another school's are not found, whatever the method.

POLICY_WRITES = [
    ("curator", 200),
    ("head", 200),
    ("mentor", 404),  # a mentor sees their own pairs, not the school's settings
    ("coordinator", 403),  # sees the school of the district, does not set its calendar
    ("neighbour_curator", 404),
    ("neighbour_head", 404),
    ("far_coordinator", 404),
]


@pytest.mark.parametrize(("actor", "expected"), POLICY_WRITES, ids=[f"{a}-{e}" for a, e in POLICY_WRITES])
async def test_another_schools_policy_is_not_found_even_to_write(
    api: httpx.AsyncClient, world: World, actor: str, expected: int
) -> None:
    headers = world.headers(actor, world.stands["preparatory"])
    path = f"/organisations/{world.home.organisation_id}/policy"
    current = (await api.get(path, headers=world.home.curator)).json()
    response = await api.put(path, headers=headers, json=current)
    if expected == 200:
        assert response.status_code == 200, response.text
    else:
        assert_problem(response, expected, "not_found" if expected == 404 else "curator_only")


ROUND_READS = [
    ("curator", 200),
    ("coordinator", 200),
    ("neighbour_curator", 404),
    ("neighbour_head", 404),
    ("far_coordinator", 404),
]


@pytest.mark.parametrize(("actor", "expected"), ROUND_READS, ids=[f"{a}-{e}" for a, e in ROUND_READS])
async def test_another_schools_round_status_is_not_found(
    api: httpx.AsyncClient, world: World, actor: str, expected: int
) -> None:
    """Not an empty status: an empty answer would confirm the school exists and has no round yet."""
    response = await api.get(
        "/monitoring/rounds/2026-12",
        headers=world.headers(actor, world.stands["preparatory"]),
        params={"organisation_id": world.home.organisation_id},
    )
    if expected == 200:
        assert response.status_code == 200, response.text
    else:
        assert_problem(response, 404, "not_found")
    missing = await api.get(
        "/monitoring/rounds/2026-12", headers=world.home.curator, params={"organisation_id": "no-such-school"}
    )
    assert_problem(missing, 404, "not_found")


# --------------------------------------------------------------------------------------------------------
# A programme's people come from its own school.


async def home_programme(api: httpx.AsyncClient, world: World) -> str:
    created = await api.post(
        "/programmes",
        headers=world.home.curator,
        json={"title": "Учитель–учитель", "academic_year": "2026/27"},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_a_head_appoints_only_a_curator_of_the_school(api: httpx.AsyncClient, world: World) -> None:
    programme = await home_programme(api, world)
    path = f"/programmes/{programme}/configure"
    neighbour_curator = await user_id(api, world.neighbour.curator)
    refused = await api.post(path, headers=world.home.head, json={"curator_id": neighbour_curator})
    assert_problem(refused, 422, "curator_of_school", "curator_id")
    head_itself = await user_id(api, world.home.head)  # of the school, but not a curator
    refused = await api.post(path, headers=world.home.head, json={"curator_id": head_itself})
    assert_problem(refused, 422, "curator_of_school", "curator_id")
    ours = await user_id(api, world.home.curator)
    accepted = await api.post(path, headers=world.home.head, json={"curator_id": ours})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["curator_id"] == ours


async def test_preferences_name_only_people_of_the_programmes_bases(
    api: httpx.AsyncClient, world: World
) -> None:
    programme = await home_programme(api, world)
    mentor, mentee = world.spare
    curator = world.home.curator
    assert (
        await api.put(f"/programmes/{programme}/mentors/{mentor}", headers=curator, json={})
    ).status_code == 200
    put_mentee = await api.put(
        f"/programmes/{programme}/mentees/{mentee}",
        headers=curator,
        json={"requests": ["Дисциплина на уроке"]},
    )
    assert put_mentee.status_code == 200, put_mentee.text
    path = f"/programmes/{programme}/preferences/{mentee}"
    for stranger in (world.neighbour_stand.mentor_id, world.stands["preparatory"].mentor_id):  # other school;
        refused = await api.put(
            path, headers=curator, json={"ranked_ids": [mentor, stranger]}
        )  # not in bases
        body = assert_problem(refused, 422, "preference_in_bases", "ranked_ids")
        assert body["details"]["unknown"] == [stranger]
    accepted = await api.put(path, headers=curator, json={"ranked_ids": [mentor]})
    assert accepted.status_code == 200, accepted.text
