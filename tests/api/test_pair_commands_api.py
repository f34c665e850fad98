"""The curator's commands on a teacher–teacher group, meetings by the mentor, list filters and the next step
(issue 2, points 3 and 6), through the API and a real worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from tests.api.conftest import School, make_school
from tests.api.flows import PLAN, consent_all, pupil_pair
from tests.api.helpers_matrix import (
    END,
    START,
    Stand,
    assert_problem,
    bring_to,
    days_ago,
    detail,
    ok,
    serving_api,
    stand_at,
    teacher,
    teacher_stand,
    user_id,
)

YOUNG_SPECIALISTS = (0, 1.5, 3)  # years of experience of the three mentees (000 §4.3: 0–3 years)


@pytest_asyncio.fixture(scope="module")
async def api(
    env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    async with serving_api(env, activity_executor) as client:
        yield client


async def group_at(api: httpx.AsyncClient, school: School, stage: str) -> Stand:
    """One mentor teacher with 10 years of experience and three young specialists."""
    return await stand_at(api, school, stage, mentee_years=YOUNG_SPECIALISTS)


async def test_the_group_has_one_mentor_and_three_young_specialists(
    api: httpx.AsyncClient, school: School
) -> None:
    group = await teacher_stand(api, school, YOUNG_SPECIALISTS)
    shown = await detail(api, school.curator, group.pair_id)
    assert (shown["form"], shown["kind"], shown["stage"]) == ("teacher_teacher", "group", "preparatory")
    assert [m["participant_id"] for m in shown["members"] if m["role"] == "mentor"] == [group.mentor_id]
    assert sorted(m["participant_id"] for m in shown["members"] if m["role"] == "mentee") == sorted(
        group.mentee_ids
    )
    people = (await api.get("/participants", headers=school.curator, params={"kind": "teacher"})).json()
    years = {p["id"]: p["years_of_experience"] for p in people["items"]}
    assert years[group.mentor_id] == 10
    assert sorted(years[m] for m in group.mentee_ids) == [0, 1.5, 3]


# --------------------------------------------------------------------------------------------------------
# Early termination (001 §4.12; replacement of the mentor on the mentee's petition, 003 §6.2).

TERMINATIONS = [
    ("plan_fulfilled_early", "Все цели плана достигнуты к марту."),
    ("mentee_initiative", "Молодой специалист переходит в другую школу."),
    ("mutual_decision", "Наставник и группа договорились завершить работу."),
    ("curator_improper_execution", "Встречи не проводились два месяца подряд."),
    ("mentor_replacement_petition", "Заявление наставляемых о замене наставника."),
]


@pytest.mark.parametrize(("reason", "comment"), TERMINATIONS, ids=[r for r, _ in TERMINATIONS])
async def test_group_is_terminated_early_from_implementation(
    api: httpx.AsyncClient, school: School, reason: str, comment: str
) -> None:
    group = await group_at(api, school, "implementation")
    curator = school.curator
    response = await api.post(
        f"/pairs/{group.pair_id}/termination", headers=curator, json={"reason": reason, "comment": comment}
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["stage"], result["termination_reason"], result["next_step"]) == (
        "terminated",
        reason,
        None,
    )

    shown = await detail(api, curator, group.pair_id)
    assert shown["stage"] == "terminated" and shown["termination_reason"] == reason
    last = shown["timeline"][-1]
    assert (last["action"], last["from_stage"], last["to_stage"]) == (
        "terminated",
        "implementation",
        "terminated",
    )
    assert (last["reason"], last["details"]) == (comment, {"termination_reason": reason})
    assert (last["actor_id"], last["actor_role"]) == (await user_id(api, curator), "curator")
    terminated = (await api.get("/pairs", headers=curator, params={"stage": "terminated"})).json()
    assert group.pair_id in {p["id"] for p in terminated["items"]}


async def test_group_can_be_terminated_from_preparatory_too(api: httpx.AsyncClient, school: School) -> None:
    group = await teacher_stand(api, school, YOUNG_SPECIALISTS)
    body = {"reason": "mentor_initiative", "comment": "Наставник ушёл на больничный надолго."}
    result = await ok(api, school.curator, f"/pairs/{group.pair_id}/termination", body)
    assert result["stage"] == "terminated"
    assert result["timeline"][-1]["from_stage"] == "preparatory"


# --------------------------------------------------------------------------------------------------------
# Extension and shortening of the term (001 §4.10, §4.13).


def _term_change(result: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = result["timeline"][-1]
    assert event["action"] == "term_changed"
    return event


@pytest.mark.parametrize("stage", ["design", "implementation"])
async def test_extension_with_both_sides_agreement(
    api: httpx.AsyncClient, school: School, stage: str
) -> None:
    group = await group_at(api, school, stage)
    body = {"new_end": "2027-08-31", "mentor_agrees": True, "mentee_agrees": True}
    result = await ok(api, school.curator, f"/pairs/{group.pair_id}/extension", body)
    assert (result["stage"], result["planned_start"], result["planned_end"]) == (
        stage,
        "2026-10-01",
        "2027-08-31",
    )
    event = _term_change(result)
    assert event["actor_role"] == "curator" and event["to_stage"] == stage
    assert event["details"] == {
        "old_end": "2027-05-20",
        "new_end": "2027-08-31",
        "extension": True,
        "override": False,
    }
    assert (await detail(api, school.curator, group.pair_id))["planned_end"] == "2027-08-31"


@pytest.mark.parametrize(("mentor", "mentee"), [(True, False), (False, True), (False, False)])
async def test_extension_needs_both_sides(
    api: httpx.AsyncClient, school: School, mentor: bool, mentee: bool
) -> None:
    group = await group_at(api, school, "design")
    body = {"new_end": "2027-08-31", "mentor_agrees": mentor, "mentee_agrees": mentee}
    response = await api.post(f"/pairs/{group.pair_id}/extension", headers=school.curator, json=body)
    assert_problem(response, 409, "term_change_agreed", "mentee_agrees" if mentor else "mentor_agrees")
    assert (await detail(api, school.curator, group.pair_id))["planned_end"] == "2027-05-20"


async def test_shortening_the_term(api: httpx.AsyncClient, school: School) -> None:
    group = await group_at(api, school, "implementation")
    pair = f"/pairs/{group.pair_id}/extension"
    too_short = {"new_end": "2026-12-15", "mentor_agrees": True, "mentee_agrees": True}
    assert_problem(
        await api.post(pair, headers=school.curator, json=too_short), 422, "term_3_to_12_months", "new_end"
    )
    result = await ok(api, school.curator, pair, too_short | {"new_end": "2027-02-15"})
    assert result["planned_end"] == "2027-02-15"
    assert _term_change(result)["details"]["extension"] is False


async def test_override_beyond_twelve_months_needs_a_reason(api: httpx.AsyncClient, school: School) -> None:
    group = await group_at(api, school, "implementation")
    pair = f"/pairs/{group.pair_id}/extension"
    body: dict[str, Any] = {"new_end": "2027-12-20", "mentor_agrees": True, "mentee_agrees": True}
    for reason in (None, "   "):
        refused = await api.post(pair, headers=school.curator, json=body | {"override_reason": reason})
        assert_problem(refused, 422, "term_3_to_12_months", "new_end")
    why = "Решение методического совета: сопровождать молодых специалистов до конца полугодия."
    result = await ok(api, school.curator, pair, body | {"override_reason": why})
    assert result["planned_end"] == "2027-12-20"
    event = _term_change(result)
    assert event["reason"] == why
    assert event["details"]["override"] is True and event["details"]["extension"] is True


# --------------------------------------------------------------------------------------------------------
# Meetings recorded by the mentor.


async def test_mentor_records_the_groups_meetings(api: httpx.AsyncClient, school: School) -> None:
    group = await group_at(api, school, "implementation")
    pair = f"/pairs/{group.pair_id}"
    mentor_user = await user_id(api, group.mentor)
    blocked = (await detail(api, group.mentor, group.pair_id))["next_step"]
    assert blocked["blocked_by"]["rule"] == "implementation_finished"

    regular = {"kind": "regular", "held_on": days_ago(14), "format": "in_person", "duration_minutes": 90}
    result = await ok(api, group.mentor, f"{pair}/meetings", regular)
    assert result["meetings_held"] == 1 and result["last_meeting_on"] == days_ago(14)
    final = {"kind": "final", "held_on": days_ago(2), "format": "online"}
    result = await ok(api, group.mentor, f"{pair}/meetings", final)

    assert [(m["kind"], m["held_on"], m["recorded_by"]) for m in result["meetings"]] == [
        ("regular", days_ago(14), mentor_user),
        ("final", days_ago(2), mentor_user),
    ]
    assert result["meetings"][0]["duration_minutes"] == 90 and result["meetings"][1]["duration_minutes"] == 45
    assert (result["meetings_held"], result["last_meeting_on"]) == (2, days_ago(2))
    recorded = [e for e in result["timeline"] if e["action"] == "meeting_recorded"]
    assert [(e["actor_id"], e["actor_role"]) for e in recorded] == [(mentor_user, "mentor")] * 2
    assert recorded[0]["details"]["meeting"]["kind"] == "regular"
    # The final meeting opens the way to the reflective stage.
    assert result["next_step"] == {
        "to_stage": "reflective",
        "allowed": True,
        "blocked_by": None,
        "to_stage_label": "рефлексивно-аналитический",
    }
    moved = await ok(api, school.curator, f"{pair}/transitions", {"to_stage": "reflective"})
    assert moved["stage"] == "reflective"


async def test_meeting_kinds_follow_the_stages(api: httpx.AsyncClient, school: School) -> None:
    """Acquaintance before the plan, planning while designing it (002; 004 roadmap 20–26)."""
    group = await teacher_stand(api, school, YOUNG_SPECIALISTS)
    pair = f"/pairs/{group.pair_id}/meetings"
    introduction = {"kind": "introduction", "held_on": days_ago(30), "format": "in_person"}
    assert_problem(  # 000 §2.3–2.4: the first meetings need everyone's written consent to take part
        await api.post(pair, headers=group.mentor, json=introduction), 409, "consent_before_meetings", "kind"
    )
    for participant in [group.mentor_id, *group.mentee_ids]:
        await consent_all(api, school.curator, participant, minor=False)
    for kind in ("introduction", "trial"):
        await ok(api, group.mentor, pair, {"kind": kind, "held_on": days_ago(30), "format": "in_person"})
    planning = {"kind": "planning", "held_on": days_ago(20), "format": "mixed"}
    assert_problem(
        await api.post(pair, headers=group.mentor, json=planning), 409, "meeting_fits_stage", "kind"
    )
    await bring_to(api, group, "design")
    result = await ok(api, group.mentor, pair, planning)
    assert [m["kind"] for m in result["meetings"]] == ["introduction", "trial", "planning"]


# --------------------------------------------------------------------------------------------------------
# GET /pairs filters.


@dataclass
class Catalogue:
    school: School
    pairs: dict[str, str]  # name → pair id
    autumn: str  # programme ids
    spring: str


@pytest_asyncio.fixture(scope="module")
async def catalogue(api: httpx.AsyncClient) -> Catalogue:
    school = await make_school(api)
    autumn, spring = [
        (
            await api.post(
                "/programmes",
                headers=school.curator,
                json={"title": title, "academic_year": "2026/27", "forms": ["teacher_teacher"]},
            )
        ).json()["id"]
        for title in ("Осень", "Весна")
    ]
    pupils, _, _ = await pupil_pair(api, school.curator)  # no programme, preparatory
    group = await bring_to(api, await teacher_stand(api, school, YOUNG_SPECIALISTS, autumn), "design")
    single = await teacher_stand(api, school, (2,), autumn)
    working = await bring_to(api, await teacher_stand(api, school, (1,), spring), "implementation")
    return Catalogue(
        school=school,
        pairs={
            "pupils": pupils,
            "group": group.pair_id,
            "single": single.pair_id,
            "working": working.pair_id,
        },
        autumn=autumn,
        spring=spring,
    )


FILTERS: list[tuple[str, dict[str, str], set[str]]] = [
    ("everything", {}, {"pupils", "group", "single", "working"}),
    ("stage_preparatory", {"stage": "preparatory"}, {"pupils", "single"}),
    ("stage_design", {"stage": "design"}, {"group"}),
    ("stage_implementation", {"stage": "implementation"}, {"working"}),
    ("stage_completed", {"stage": "completed"}, set()),
    ("form_student_student", {"form": "student_student"}, {"pupils"}),
    ("form_teacher_teacher", {"form": "teacher_teacher"}, {"group", "single", "working"}),
    ("form_employer_student", {"form": "employer_student"}, set()),
    ("programme_autumn", {"programme_id": "autumn"}, {"group", "single"}),
    ("programme_spring", {"programme_id": "spring"}, {"working"}),
    ("programme_unknown", {"programme_id": "programme-none"}, set()),
    ("autumn_preparatory", {"programme_id": "autumn", "stage": "preparatory"}, {"single"}),
    ("teachers_in_design", {"form": "teacher_teacher", "stage": "design"}, {"group"}),
    ("pupils_in_design", {"form": "student_student", "stage": "design"}, set()),
]


@pytest.mark.parametrize(("params", "expected"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS])
async def test_pairs_are_filtered_by_stage_form_and_programme(
    api: httpx.AsyncClient, catalogue: Catalogue, params: dict[str, str], expected: set[str]
) -> None:
    programmes = {"autumn": catalogue.autumn, "spring": catalogue.spring}
    query = {k: programmes.get(v, v) if k == "programme_id" else v for k, v in params.items()}
    response = await api.get("/pairs", headers=catalogue.school.curator, params=query)
    assert response.status_code == 200, response.text
    page = response.json()
    names = {pair_id: name for name, pair_id in catalogue.pairs.items()}
    assert {names[p["id"]] for p in page["items"]} == expected
    assert page["total"] == len(expected)
    for item in page["items"]:
        for key, value in query.items():
            assert item[key] == value


async def test_pair_list_pages(api: httpx.AsyncClient, catalogue: Catalogue) -> None:
    curator = catalogue.school.curator
    first = (await api.get("/pairs", headers=curator, params={"limit": 3})).json()
    second = (await api.get("/pairs", headers=curator, params={"limit": 3, "offset": 3})).json()
    assert (first["total"], second["total"], len(first["items"]), len(second["items"])) == (4, 4, 3, 1)
    assert {p["id"] for p in first["items"] + second["items"]} == set(catalogue.pairs.values())
    # Created order: the oldest first.
    assert first["items"][0]["id"] == catalogue.pairs["pupils"]


# --------------------------------------------------------------------------------------------------------
# The next step and what blocks it.


def _blocker(shown: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = shown["next_step"]
    assert step["allowed"] is False, step
    blocker: dict[str, Any] = step["blocked_by"]
    return blocker


async def test_next_step_names_what_is_missing(api: httpx.AsyncClient, school: School) -> None:
    curator = school.curator
    pair_id, mentor, mentee = await pupil_pair(api, curator)
    pair = f"/pairs/{pair_id}"

    blocker = _blocker(await detail(api, curator, pair_id))
    assert (blocker["rule"], blocker["field"]) == ("consents_complete", "consents")
    # People by name, not by id, in the genitive (issue 12 point 22): Петров Илья mentors Сидорова Аня.
    assert "наставника Петрова Ильи" in blocker["message"]
    assert "наставляемого Сидоровой Ани" in blocker["message"]
    assert mentor not in blocker["message"] and mentee not in blocker["message"]
    assert "от законного представителя" in blocker["message"]  # both pupils are minors

    await consent_all(api, curator, mentor, minor=True)
    shown = await detail(api, curator, pair_id)
    assert shown["next_step"]["to_stage"] == "design"
    blocker = _blocker(shown)
    assert "Сидоровой Ани" in blocker["message"] and "Петрова Ильи" not in blocker["message"]
    assert shown["consents_recorded"] == 2

    await consent_all(api, curator, mentee, minor=True)
    blocker = _blocker(await detail(api, curator, pair_id))
    assert (blocker["rule"], blocker["field"]) == ("order_fixed", "order")
    assert "приказ" in blocker["message"]

    shown = await ok(api, curator, f"{pair}/order", {"number": "45-о", "signed_on": "2026-10-02"})
    assert shown["next_step"] == {
        "to_stage": "design",
        "allowed": True,
        "blocked_by": None,
        "to_stage_label": "проектировочный",
    }

    await ok(api, curator, f"{pair}/transitions", {"to_stage": "design"})
    blocker = _blocker(await detail(api, curator, pair_id))
    assert (blocker["rule"], blocker["field"]) == ("plan_approved", "plan")
    await ok(api, curator, f"{pair}/plan", PLAN)
    await ok(api, curator, f"{pair}/transitions", {"to_stage": "implementation"})

    blocker = _blocker(await detail(api, curator, pair_id))
    assert (blocker["rule"], blocker["field"]) == ("implementation_finished", "meetings")
    shown = await ok(api, curator, f"{pair}/plan/fulfilled", {"comment": "План выполнен."})
    assert shown["plan_fulfilled"] is True and shown["next_step"]["allowed"] is True
    await ok(api, curator, f"{pair}/transitions", {"to_stage": "reflective"})

    blocker = _blocker(await detail(api, curator, pair_id))
    assert (blocker["rule"], blocker["field"]) == ("reflection_recorded", "reflections")
    assert "нет отчёта наставника и рефлексии наставляемого" in blocker["message"]
    await ok(api, curator, f"{pair}/reflections", {"kind": "mentor_report", "text": "Отчёт."})
    blocker = _blocker(await detail(api, curator, pair_id))
    assert "отчёта" not in blocker["message"] and "нет рефлексии наставляемого" in blocker["message"]
    await ok(api, curator, f"{pair}/reflections", {"kind": "mentee_reflection", "text": "Рефлексия."})

    await ok(api, curator, f"{pair}/transitions", {"to_stage": "result"})
    shown = await detail(api, curator, pair_id)
    assert shown["next_step"] == {
        "to_stage": "completed",
        "allowed": True,
        "blocked_by": None,
        "to_stage_label": "завершена",
    }
    await ok(api, curator, f"{pair}/transitions", {"to_stage": "completed"})
    assert (await detail(api, curator, pair_id))["next_step"] is None


async def test_the_blocker_is_the_same_rule_the_transition_refuses_with(
    api: httpx.AsyncClient, school: School
) -> None:
    group = await group_at(api, school, "ready")
    await ok(api, school.curator, f"/pairs/{group.pair_id}/transitions", {"to_stage": "design"})
    blocker = _blocker(await detail(api, group.mentor, group.pair_id))
    refused = await api.post(
        f"/pairs/{group.pair_id}/transitions", headers=school.curator, json={"to_stage": "implementation"}
    )
    problem = assert_problem(refused, 409)
    assert (problem["rule"], problem["field"], problem["detail"]) == (
        blocker["rule"],
        blocker["field"],
        blocker["message"],
    )


async def test_a_consent_reaches_every_active_pair_of_the_person(
    api: httpx.AsyncClient, school: School
) -> None:
    """A mentor in two pairs signs once: both pairs have the consent (it is a document of the person)."""
    first = await teacher_stand(api, school)
    mentee = await teacher(api, school.curator, 2, "Второй молодой специалист")
    body = {
        "form": "teacher_teacher",
        "role_model": "опытный педагог — молодой специалист",
        "mentor_ids": [first.mentor_id],
        "mentee_ids": [mentee],
        "planned_start": START,
        "planned_end": END,
    }
    second = (await ok(api, school.curator, "/pairs", body))["id"]
    before = [(await detail(api, school.curator, p))["consents_recorded"] for p in (first.pair_id, second)]

    await consent_all(api, school.curator, first.mentor_id, minor=False)

    after = [(await detail(api, school.curator, p))["consents_recorded"] for p in (first.pair_id, second)]
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 2]
