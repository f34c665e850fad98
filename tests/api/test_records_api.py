"""What people enter is read back by those allowed to see it (issue 11 point 4): the pair's plan,
reflections and assessments by its members and the school's curator and head; one person's answers
(trial meeting, feedback) by that person and the school's staff, not by the other side; the coordinator
sees figures, not texts; another school's pair is not found. (A round's questionnaire answers:
tests/api/test_questionnaires_api.py.)"""

from __future__ import annotations

import httpx

from tests.api.conftest import School, user
from tests.api.flows import PLAN, consent_all, pupil_pair
from tests.api.helpers_matrix import assert_problem, ok


async def written_pair(api: httpx.AsyncClient, school: School) -> tuple[str, dict[str, str], dict[str, str]]:
    """A pair in the reflective stage with a plan, both texts and an entry assessment; returns the pair
    and the mentor's and mentee's headers."""
    pair, mentor, mentee = await pupil_pair(api, school.curator)
    for person in (mentor, mentee):
        await consent_all(api, school.curator, person, minor=True)
    org = school.organisation_id
    mentor_h = await user(api, "mentor", organisation_id=org, participant_id=mentor)
    mentee_h = await user(api, "mentee", organisation_id=org, participant_id=mentee)
    curator = school.curator
    await ok(api, curator, f"/pairs/{pair}/order", {"number": "45-о", "signed_on": "2026-10-02"})
    await ok(api, curator, f"/pairs/{pair}/transitions", {"to_stage": "design"})
    await ok(api, curator, f"/pairs/{pair}/plan", PLAN)
    await ok(api, curator, f"/pairs/{pair}/transitions", {"to_stage": "implementation"})
    meeting = {"kind": "final", "held_on": "2026-11-19", "format": "online"}
    await ok(api, mentor_h, f"/pairs/{pair}/meetings", meeting)
    await ok(api, curator, f"/pairs/{pair}/transitions", {"to_stage": "reflective"})
    await ok(
        api, mentor_h, f"/pairs/{pair}/reflections", {"kind": "mentor_report", "text": "Цели достигнуты."}
    )
    await ok(api, mentee_h, f"/pairs/{pair}/reflections", {"kind": "mentee_reflection", "text": "Понятнее."})
    scores = {"participant_id": mentee, "phase": "entry", "scores": {"самооценка": 3}}
    await ok(api, mentor_h, f"/pairs/{pair}/assessments", scores)
    return pair, mentor_h, mentee_h


async def test_the_pairs_plan_reflections_and_assessments_are_read_by_its_members_and_school_staff(
    api: httpx.AsyncClient, school: School, school_factory: object
) -> None:
    pair, mentor_h, mentee_h = await written_pair(api, school)
    for reader in (school.curator, school.head, mentor_h, mentee_h):
        [plan] = (await api.get(f"/pairs/{pair}/plans", headers=reader)).json()
        assert plan["goals"] == PLAN["goals"] and plan["schedule"] == PLAN["schedule"]
        assert plan["written_by"] == "curator"  # the account's name, not its id
        texts = {
            r["kind"]: r["text"] for r in (await api.get(f"/pairs/{pair}/reflections", headers=reader)).json()
        }
        assert texts == {"mentor_report": "Цели достигнуты.", "mentee_reflection": "Понятнее."}
        [assessment] = (await api.get(f"/pairs/{pair}/assessments", headers=reader)).json()
        assert (assessment["participant_name"], assessment["scores"]) == ("Сидорова Аня", {"самооценка": 3.0})

    coordinator = await user(api, "coordinator", district=school.district)
    assert (await api.get(f"/pairs/{pair}", headers=coordinator)).status_code == 200  # figures, yes
    for path in ("plans", "reflections", "assessments"):
        assert_problem(await api.get(f"/pairs/{pair}/{path}", headers=coordinator), 403, "records_reader")

    other = await school_factory()  # type: ignore[operator]
    for path in ("plans", "reflections", "assessments", "fit"):
        assert_problem(await api.get(f"/pairs/{pair}/{path}", headers=other.curator), 404, "not_found")


async def test_a_trial_meeting_answer_is_read_by_its_author_and_school_staff_not_the_other_side(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, mentor, mentee = await pupil_pair(api, school.curator)
    org = school.organisation_id
    mentor_h = await user(api, "mentor", organisation_id=org, participant_id=mentor)
    mentee_h = await user(api, "mentee", organisation_id=org, participant_id=mentee)
    await ok(api, mentee_h, f"/pairs/{pair}/fit", {"fits": True, "comment": "Интересно"})

    for reader in (school.curator, school.head, mentee_h):
        [answer] = (await api.get(f"/pairs/{pair}/fit", headers=reader)).json()
        assert (answer["participant_name"], answer["fits"], answer["comment"]) == (
            "Сидорова Аня",
            True,
            "Интересно",
        )
    assert (await api.get(f"/pairs/{pair}/fit", headers=mentor_h)).json() == []


async def test_feedback_is_read_by_its_author_and_school_staff(
    api: httpx.AsyncClient, school: School
) -> None:
    _pair, mentor, mentee = await pupil_pair(api, school.curator)
    org = school.organisation_id
    mentor_h = await user(api, "mentor", organisation_id=org, participant_id=mentor)
    mentee_h = await user(api, "mentee", organisation_id=org, participant_id=mentee)
    created = await api.post(
        "/programmes",
        headers=school.curator,
        json={"title": "Ученик–ученик 2026/27", "academic_year": "2026/27", "forms": ["student_student"]},
    )
    programme = created.json()["id"]
    feedback = {"participant_id": mentee, "answers": {"польза": "большая"}}
    await ok(api, school.curator, f"/programmes/{programme}/feedback", feedback)
    for reader, total in ((school.curator, 1), (school.head, 1), (mentee_h, 1), (mentor_h, 0)):
        page = (await api.get(f"/programmes/{programme}/feedback", headers=reader)).json()
        assert page["total"] == total, reader
    mine = (await api.get(f"/programmes/{programme}/feedback", headers=mentee_h)).json()["items"][0]
    assert (mine["participant_name"], mine["answers"]) == ("Сидорова Аня", {"польза": "большая"})
