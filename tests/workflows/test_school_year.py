"""A whole school year, September 2027 to June 2028, on the time-skipping server: which reminders and
escalations fire on which dates, nothing in the summer break, a submission an hour before a step cancels
it, and a new worker mid-year loses no timer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest_asyncio
from sqlmodel import col, select
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from db.models import Escalation, OverdueItemRow
from db.session import session_scope
from tests.api.conftest import ADMIN, user
from tests.api.flows import consent_all, person
from tests.conftest import start_time_skipping_server
from worker import build_worker

# Answers to the shipped mentor's and teacher mentee's questionnaires (domain/questionnaire_defaults.py).
TEACHER_PAIR_ANSWERS: dict[str, dict[str, Any]] = {
    "mentor": {
        "satisfaction": 5,
        "regularity": 3,
        "engagement": 4,
        "curator_support": 4,
        "training_use": 4,
        "format": "очно",
        "continue": "да",
    },
    "mentee": {
        "adaptation": 4,
        "usefulness": 5,
        "satisfaction": 4,
        "confidence": 3,
        "support": ["методическая"],
        "become_mentor": "затрудняюсь ответить",
    },
}

Dates = list[tuple[str, date]]


@pytest_asyncio.fixture(scope="module")
async def year_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of its own: this test moves its clock by a year and more."""
    environment = await start_time_skipping_server()
    yield environment
    await environment.shutdown()


async def until(env: WorkflowEnvironment, moment: datetime) -> None:
    now = await env.get_current_time()
    if moment - now > timedelta(minutes=1):  # steps a minute apart or less happen "now"
        await env.sleep(moment - now)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def fired(organisation_id: str) -> dict[tuple[str, str | None, str | None, date], Dates]:
    """(kind, pair, owner, due) → the ladder steps that fired, with their dates."""
    with session_scope() as session:
        rows = session.exec(
            select(OverdueItemRow, Escalation)
            .join(Escalation, col(Escalation.item_id) == col(OverdueItemRow.item_id), isouter=True)
            .where(OverdueItemRow.organisation_id == organisation_id)
        ).all()
    steps: dict[tuple[str, str | None, str | None, date], Dates] = defaultdict(list)
    for item, escalation in rows:
        key = (
            item.kind,
            item.pair_id,
            item.owner_participant_id or (item.owner_user_id and "curator"),
            item.due_on,
        )
        fired_steps = steps[key]  # an item that never fired still shows, with no steps
        if escalation is not None:
            fired_steps.append((escalation.level, escalation.at.date()))
    return {k: sorted(v, key=lambda s: s[1]) for k, v in steps.items()}


LADDER_OCT_1: Dates = [
    ("owner", date(2027, 10, 1)),
    ("curator", date(2027, 10, 4)),
    ("head", date(2027, 10, 8)),
    ("coordinator", date(2027, 10, 15)),
]
DECEMBER_ROUND: Dates = [
    ("owner", date(2027, 12, 20)),
    ("curator", date(2027, 12, 23)),
    ("head", date(2027, 12, 27)),
    ("coordinator", date(2028, 1, 10)),  # 3 January is in the new-year holidays
]
MAY_ROUND: Dates = [  # due *by* 20 May 2028, a Saturday: due on Friday 19 May (003 §2.4)
    ("owner", date(2028, 5, 19)),
    ("curator", date(2028, 5, 22)),
    ("head", date(2028, 5, 26)),
    # the coordinator's step falls on 2 June, in the summer break: it waits for 1 September
]


async def test_a_school_year_escalates_on_the_expected_dates(
    year_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    env, task_queue = year_env, f"year-{uuid4()}"
    app = create_app(env.client, task_queue)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://year.test") as api:
        first_worker = build_worker(env.client, task_queue, activity_executor, max_cached_workflows=0)
        await first_worker.__aenter__()
        await until(env, at("2027-09-01"))
        school, district = f"school-{uuid4().hex[:8]}", f"district-{uuid4().hex[:6]}"
        await api.post(
            "/admin/organisations",
            headers=ADMIN,
            json={"id": school, "name": "Гимназия №3", "district": district},
        )
        curator = await user(api, "curator", organisation_id=school)
        await user(api, "head", organisation_id=school)
        await user(api, "coordinator", district=district)
        autumn_break = {"holidays": [{"starts": "2027-10-30", "ends": "2027-11-07"}]}
        policy = await api.put(
            f"/organisations/{school}/policy",
            headers=curator,
            json={"escalation": {"calendar": autumn_break}},
        )
        assert policy.status_code == 200, policy.text
        programme = await api.post(
            "/programmes",
            headers=curator,
            json={
                "title": "Учитель–учитель 2027/28",
                "academic_year": "2027/28",
                "forms": ["teacher_teacher"],
            },
        )
        assert programme.status_code == 201, programme.text
        people: dict[str, str] = {}
        pairs: dict[str, str] = {}
        for name in ("a", "b"):
            people[f"{name}_mentor"] = await person(
                api, curator, kind="teacher", full_name=f"Наставник {name}", years_of_experience=15
            )
            people[f"{name}_mentee"] = await person(
                api, curator, kind="teacher", full_name=f"Молодой педагог {name}", years_of_experience=1
            )
            # 004 §6.1 stages 3–4: a programme's mentor is in its base, selected and trained.
            mentor_id = people[f"{name}_mentor"]
            await consent_all(api, curator, mentor_id, minor=False)
            selected = {
                "questionnaire_on": "2027-09-01",
                "interview_on": "2027-09-02",
                "trained_on": "2027-09-03",
            }
            base = await api.put(
                f"/programmes/{programme.json()['id']}/mentors/{mentor_id}", headers=curator, json=selected
            )
            assert base.status_code == 200, base.text
            created = await api.post(
                "/pairs",
                headers=curator,
                json={
                    "form": "teacher_teacher",
                    "programme_id": programme.json()["id"],
                    "mentor_ids": [people[f"{name}_mentor"]],
                    "mentee_ids": [people[f"{name}_mentee"]],
                    "planned_start": "2027-09-06",
                    "planned_end": "2028-05-20",
                },
            )
            assert created.status_code == 201, created.text
            pairs[name] = created.json()["id"]
        a = pairs["a"]
        mentor_a = await user(api, "mentor", organisation_id=school, participant_id=people["a_mentor"])
        mentee_a = await user(api, "mentee", organisation_id=school, participant_id=people["a_mentee"])

        async def ok(response: Any) -> None:
            response = await response
            assert response.status_code in (200, 201), response.text

        # 6 September: pair A gets going; pair B is left in preparatory all year.
        await until(env, at("2027-09-06"))
        for who in ("a_mentor", "a_mentee"):
            await consent_all(api, curator, people[who], minor=False)
            scores = {"engagement": 3, "self_esteem": 2}
            await ok(
                api.post(
                    f"/pairs/{a}/assessments",
                    headers=curator,
                    json={"participant_id": people[who], "phase": "entry", "scores": scores},
                )
            )
        await ok(
            api.post(f"/pairs/{a}/order", headers=curator, json={"number": "15-о", "signed_on": "2027-09-03"})
        )
        await ok(api.post(f"/pairs/{a}/transitions", headers=curator, json={"to_stage": "design"}))
        plan = {
            "goals": ["Освоить классное руководство"],
            "schedule": ["2027-09-20"],
            "cadence_days": 14,
            "format": "in_person",
            "starts_on": "2027-09-06",
            "ends_on": "2028-05-20",
        }
        await ok(api.post(f"/pairs/{a}/plan", headers=curator, json=plan))
        await ok(api.post(f"/pairs/{a}/transitions", headers=curator, json={"to_stage": "implementation"}))

        async def meeting(day: str) -> None:
            await until(env, at(day))
            body = {"kind": "regular", "held_on": day, "format": "in_person"}
            await ok(api.post(f"/pairs/{a}/meetings", headers=mentor_a, json=body))

        await meeting("2027-09-20")
        await meeting("2027-11-22")  # none in between: 'no meeting' escalates in October
        await until(env, at("2027-12-10"))
        questionnaire = {"round_id": "2027-12", "pair_id": a, "answers": TEACHER_PAIR_ANSWERS["mentor"]}
        await ok(api.post("/monitoring/questionnaires", headers=mentor_a, json=questionnaire))
        await meeting("2027-12-10")
        # One hour before the curator's step of 23 December: that step and the later ones never fire.
        await until(env, at("2027-12-23", hour=5))
        await ok(
            api.post(
                "/monitoring/questionnaires",
                headers=mentee_a,
                json=questionnaire | {"answers": TEACHER_PAIR_ANSWERS["mentee"]},
            )
        )

        # Mid-year the worker stops and another one takes over: no timer is lost.
        await until(env, at("2028-01-14", hour=12))
        await first_worker.__aexit__(None, None, None)
        async with build_worker(env.client, task_queue, activity_executor):
            await until(env, at("2028-02-01"))
            await ok(
                api.post(
                    f"/pairs/{a}/termination",
                    headers=curator,
                    json={"reason": "mutual_decision", "comment": "Наставник ушёл в декрет"},
                )
            )
            await until(env, at("2028-06-30"))
            overdue = (await api.get("/overdue", headers=curator, params={"pair_id": pairs["b"]})).json()
            mine = (await api.get("/notifications/mine", headers=mentee_a)).json()

    steps = fired(school)
    b = pairs["b"]
    expected: dict[tuple[str, str | None, str | None, date], Dates] = {
        ("entry_assessment", a, people["a_mentor"], date(2027, 10, 1)): [],
        ("entry_assessment", a, people["a_mentee"], date(2027, 10, 1)): [],
        ("stage_deadline", a, "curator", date(2027, 10, 1)): [],
        ("entry_assessment", b, people["b_mentor"], date(2027, 10, 1)): LADDER_OCT_1,
        ("entry_assessment", b, people["b_mentee"], date(2027, 10, 1)): LADDER_OCT_1,
        ("stage_deadline", b, "curator", date(2027, 10, 1)): LADDER_OCT_1,
        ("plan_past_end", a, "curator", date(2028, 5, 22)): [],  # 21 May is a Sunday
        # no meeting for 14 days of cadence + 7 of grace, counted without the autumn and new-year breaks
        ("no_meeting", a, people["a_mentor"], date(2027, 9, 27)): [],
        ("no_meeting", a, people["a_mentor"], date(2027, 10, 11)): [
            ("owner", date(2027, 10, 11)),
            ("curator", date(2027, 10, 14)),
            ("head", date(2027, 10, 18)),
            ("coordinator", date(2027, 10, 25)),
        ],
        ("no_meeting", a, people["a_mentor"], date(2027, 12, 13)): [],
        # 9 January is a Sunday: the meeting is owed, and said to be owed, on Monday 10 January
        ("no_meeting", a, people["a_mentor"], date(2028, 1, 10)): [
            ("owner", date(2028, 1, 10)),
            ("curator", date(2028, 1, 13)),
            ("head", date(2028, 1, 17)),  # fired by the second worker
            ("coordinator", date(2028, 1, 24)),
        ],
        # The curator's yearly refresh of the list of teachers who need a mentor (000 §6.5.3.1), by 30
        # September; the past year's, opened late, fires nothing.
        ("roster_refresh", None, "curator", date(2026, 9, 30)): [],
        ("roster_refresh", None, "curator", date(2027, 9, 30)): [
            ("owner", date(2027, 9, 30)),
            ("curator", date(2027, 10, 4)),
            ("head", date(2027, 10, 7)),
            ("coordinator", date(2027, 10, 14)),
        ],
        ("questionnaire", a, people["a_mentor"], date(2027, 12, 20)): [],
        ("questionnaire", a, people["a_mentee"], date(2027, 12, 20)): [("owner", date(2027, 12, 20))],
        ("questionnaire", b, people["b_mentor"], date(2027, 12, 20)): DECEMBER_ROUND,
        ("questionnaire", b, people["b_mentee"], date(2027, 12, 20)): DECEMBER_ROUND,
        ("questionnaire", None, "curator", date(2027, 12, 20)): DECEMBER_ROUND,
        ("questionnaire", b, people["b_mentor"], date(2028, 5, 19)): MAY_ROUND,
        ("questionnaire", b, people["b_mentee"], date(2028, 5, 19)): MAY_ROUND,
        ("questionnaire", None, "curator", date(2028, 5, 19)): MAY_ROUND,
    }
    assert steps == expected
    summer = [d for dates in steps.values() for _, d in dates if date(2028, 6, 1) <= d <= date(2028, 8, 31)]
    assert summer == []
    # Pair B's open items as the curator sees them: the May questionnaires at the head's level.
    assert {(i["kind"], i["level"]) for i in overdue["items"]} >= {("questionnaire", "head")}
    # The mentee was asked when the round opened (6 December) and reminded on 20 December.
    subjects = [n["subject"] for n in mine["items"]]
    assert any(s.startswith("Прошу заполнить до 20.12.2027") for s in subjects), subjects
    assert any(s.startswith("Просрочено (напоминание)") for s in subjects), subjects
