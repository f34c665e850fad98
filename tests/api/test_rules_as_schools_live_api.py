"""Issue 12, done when: a school year runs with a pupil peer pair of the same grade, a parent mentor, a
teacher mentor from another school, a speed-mentoring pair of one meeting and a situational pair — through
the API and the real workflows, each refusal on the way the documents' own «нельзя»."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from tests.api.conftest import School, user
from tests.api.flows import consent_all, person
from tests.api.helpers_matrix import assert_problem, days_ago, detail, ok

TODAY = date.today()
START = (TODAY - timedelta(days=60)).isoformat()
END = (TODAY + timedelta(days=150)).isoformat()
ORDER = {"number": "21-о", "signed_on": (TODAY - timedelta(days=55)).isoformat()}


async def consented(api: httpx.AsyncClient, curator: dict[str, str], minor: bool, **fields: Any) -> str:
    someone = await person(api, curator, **fields)
    await consent_all(api, curator, someone, minor=minor)
    return someone


async def pair(api: httpx.AsyncClient, school: School, **body: Any) -> str:
    created = await ok(api, school.curator, "/pairs", {"planned_start": START, "planned_end": END} | body)
    return str(created["id"])


async def to_implementation(
    api: httpx.AsyncClient, school: School, pair_id: str, plan: dict[str, Any]
) -> None:
    curator, path = school.curator, f"/pairs/{pair_id}"
    await ok(api, curator, f"{path}/order", ORDER)
    await ok(api, curator, f"{path}/transitions", {"to_stage": "design"})
    base = {"goals": ["Цель встреч"], "format": "in_person", "starts_on": START, "ends_on": END}
    await ok(api, curator, f"{path}/plan", base | plan)
    await ok(api, curator, f"{path}/transitions", {"to_stage": "implementation"})


async def test_a_school_year_as_schools_live_it(api: httpx.AsyncClient, school: School) -> None:
    curator = school.curator
    schedule = {"schedule": [days_ago(40), days_ago(26), days_ago(12)], "cadence_days": 14}

    # 1. «Равный – равному»: two seventh-graders, one without a grade typed in yet (000 §4.2.5).
    peer_mentor = await consented(
        api, curator, True, kind="pupil", full_name="Орлова Дарья", birth_date="2013-04-01", grade=7
    )
    peer_mentee = await consented(
        api, curator, True, kind="pupil", full_name="Белов Кирилл", birth_date="2013-09-12", grade=7
    )
    peers = await pair(
        api,
        school,
        form="student_student",
        role_model="равный — равному",
        mentor_ids=[peer_mentor],
        mentee_ids=[peer_mentee],
    )
    shown = await detail(api, curator, peers)
    assert shown["role_model"] == "peer_to_peer" and shown["role_model_label"] == "равный – равному"
    # A pupil's pair is not a teacher's personalised programme: no 3–12 months bound (001 §1.3).
    await to_implementation(api, school, peers, schedule)

    # A nine-year-old does not take part (003 §1.1).
    young = await consented(
        api, curator, True, kind="pupil", full_name="Малышев Тимур", birth_date=f"{TODAY.year - 9}-01-10"
    )
    too_young = await api.post(
        "/pairs",
        headers=curator,
        json={
            "form": "student_student",
            "mentor_ids": [peer_mentor],
            "mentee_ids": [young],
            "planned_start": START,
            "planned_end": END,
        },
    )
    assert_problem(too_young, 422, "pupil_mentee_from_age_ten", "mentee_ids")

    # 2. A parent mentors in «работодатель – ученик» (004 §5.2, §6.2.3).
    parent = await consented(
        api, curator, False, kind="parent", full_name="Белова Ирина Сергеевна", years_of_experience=12
    )
    ninth = await consented(
        api, curator, True, kind="pupil", full_name="Котов Артём", birth_date="2011-02-03", grade=9
    )
    by_parent = await pair(
        api,
        school,
        form="employer_student",
        role_model="профессионал – ученик",
        mentor_ids=[parent],
        mentee_ids=[ninth],
    )
    await to_implementation(api, school, by_parent, schedule)

    # 3. A teacher of another school mentors a young teacher; the order refers to no agreement of hers,
    # since her labour contract is with her own school (000 §2.5).
    guest = await consented(
        api,
        curator,
        False,
        kind="teacher",
        full_name="Гостева Анна Павловна",
        years_of_experience=22,
        home_organisation="МБОУ СОШ №7",
        partner_agreement="Соглашение о сетевом взаимодействии № 3 от 01.09.2026",
    )
    card = (await api.get(f"/participants/{guest}", headers=curator)).json()
    assert card["external"] is True and card["home_organisation"] == "МБОУ СОШ №7"
    refused = await api.post(
        f"/participants/{guest}/agreements", headers=curator, json={"number": "1", "signed_on": START}
    )
    assert_problem(refused, 422, "labour_agreement_for_teacher_mentor")
    newcomer = await consented(
        api, curator, False, kind="teacher", full_name="Новикова Елена Игоревна", years_of_experience=1
    )
    across = await pair(
        api,
        school,
        form="teacher_teacher",
        role_model="опытный педагог – молодой специалист",
        mentor_ids=[guest],
        mentee_ids=[newcomer],
    )
    await to_implementation(api, school, across, schedule)

    # A teacher of the school has the additional agreement, and the order refers to it (000 §2.1, §2.7).
    own = await consented(
        api, curator, False, kind="teacher", full_name="Петрова Ольга Ивановна", years_of_experience=15
    )
    agreement = await ok(
        api, curator, f"/participants/{own}/agreements", {"number": "ДС-4", "signed_on": START}
    )
    second_newcomer = await consented(
        api, curator, False, kind="teacher", full_name="Фролов Денис Олегович", years_of_experience=0
    )
    with_agreement = await pair(
        api, school, form="teacher_teacher", mentor_ids=[own], mentee_ids=[second_newcomer]
    )
    stranger_agreement = await api.post(
        f"/pairs/{across}/order", headers=curator, json=ORDER | {"agreement_ids": [agreement["id"]]}
    )
    assert stranger_agreement.status_code in (409, 422)
    await ok(api, curator, f"/pairs/{with_agreement}/order", ORDER | {"agreement_ids": [agreement["id"]]})

    # 4. Speed mentoring: one meeting (001 §4.4), a pair of a day.
    speed_mentor = await consented(
        api, curator, False, kind="entrepreneur", full_name="Сафонов Игорь", years_of_experience=10
    )
    speed_mentee = await consented(
        api, curator, True, kind="pupil", full_name="Лаптева Вера", birth_date="2010-06-06", grade=10
    )
    day = days_ago(5)
    speed = await ok(
        api,
        curator,
        "/pairs",
        {
            "form": "employer_student",
            "kind": "speed",
            "mentor_ids": [speed_mentor],
            "mentee_ids": [speed_mentee],
            "planned_start": day,
            "planned_end": day,
        },
    )
    speed_path = f"/pairs/{speed['id']}"
    await ok(api, curator, f"{speed_path}/order", ORDER)
    await ok(api, curator, f"{speed_path}/transitions", {"to_stage": "design"})
    two = {"goals": ["Профессия"], "format": "in_person", "starts_on": day, "ends_on": day}
    assert_problem(
        await api.post(f"{speed_path}/plan", headers=curator, json=two | {"schedule": [day, day]}),
        422,
        "speed_mentoring_one_meeting",
    )
    await ok(api, curator, f"{speed_path}/plan", two | {"schedule": [day]})
    await ok(api, curator, f"{speed_path}/transitions", {"to_stage": "implementation"})
    await ok(
        api, curator, f"{speed_path}/meetings", {"kind": "regular", "held_on": day, "format": "in_person"}
    )
    again = await api.post(
        f"{speed_path}/meetings",
        headers=curator,
        json={"kind": "regular", "held_on": day, "format": "online"},
    )
    assert_problem(again, 409, "speed_mentoring_one_meeting")
    await ok(api, curator, f"{speed_path}/transitions", {"to_stage": "reflective"})  # its one meeting ends it
    for kind in ("mentor_report", "mentee_reflection"):
        await ok(api, curator, f"{speed_path}/reflections", {"kind": kind, "text": "Встреча состоялась."})
    await ok(api, curator, f"{speed_path}/transitions", {"to_stage": "result"})
    # 000 §5.6: in the result stage the mentor still reacts to an acute situation.
    await ok(api, curator, f"{speed_path}/meetings", {"kind": "acute", "held_on": day, "format": "online"})
    done = await ok(api, curator, f"{speed_path}/transitions", {"to_stage": "completed"})
    assert done["stage"] == "completed" and done["kind_label"] == "скоростное"

    # 5. Situational mentoring: no fixed schedule and no cadence (001 §4.4).
    situational = await pair(
        api,
        school,
        form="teacher_teacher",
        kind="situational",
        mentor_ids=[own],
        mentee_ids=[
            await consented(
                api, curator, False, kind="teacher", full_name="Зуева Алла", years_of_experience=2
            )
        ],
    )
    await to_implementation(api, school, situational, {"schedule": []})
    shown = await detail(api, curator, situational)
    assert shown["stage"] == "implementation" and shown["kind"] == "situational"

    # The mentor drafts the next plan, the curator approves it; the audit says who did what (003 §5.1).
    mentor_of_peers = await user(
        api, "mentor", organisation_id=school.organisation_id, participant_id=peer_mentor
    )
    draft_body = {
        "goals": ["Проект к весне"],
        "format": "mixed",
        "starts_on": START,
        "ends_on": END,
    } | schedule
    drafted = await ok(api, mentor_of_peers, f"/pairs/{peers}/plan", draft_body)
    assert drafted["stage"] == "implementation"
    [draft] = (await api.get(f"/pairs/{peers}/plan/drafts", headers=curator)).json()
    refused_by_mentor = await api.post(f"/pairs/{peers}/plan/{draft['id']}/approval", headers=mentor_of_peers)
    assert_problem(refused_by_mentor, 403, "plan_approved_by_curator")
    # A change of the agreed plan takes effect only with the mentee's agreement too (001 §4.13).
    assert draft["change"] and [a["role"] for a in draft["agreements"]] == ["mentor"]
    not_yet = await api.post(f"/pairs/{peers}/plan/{draft['id']}/approval", headers=curator)
    assert_problem(not_yet, 409, "plan_change_agreed_by_both_sides")
    mentee_of_peers = await user(
        api, "mentee", organisation_id=school.organisation_id, participant_id=peer_mentee
    )
    await ok(api, mentee_of_peers, f"/pairs/{peers}/plan/{draft['id']}/agreement", {})
    await ok(api, curator, f"/pairs/{peers}/plan/{draft['id']}/approval", {})
    timeline = (await detail(api, curator, peers))["timeline"]
    approved = [e for e in timeline if e["action"] == "plan_approved"][-1]
    assert approved["actor_role"] == "curator" and approved["details"]["drafted_by"] != approved["actor_id"]
    await ok(
        api, mentee_of_peers, f"/pairs/{peers}/plan/proposals", {"text": "Добавить подготовку к олимпиаде"}
    )
    petition = await ok(api, mentee_of_peers, f"/pairs/{peers}/petitions", {"text": "Не удаётся встретиться"})
    assert petition["decision_label"] == "на рассмотрении у руководителя"
    by_curator = await api.post(
        f"/petitions/{petition['id']}/decision", headers=curator, json={"granted": True}
    )
    assert_problem(by_curator, 403, "head_decides_petition")
    decided = await ok(api, school.head, f"/petitions/{petition['id']}/decision", {"granted": True})
    assert decided["decision"] == "granted"
    after = await detail(api, curator, peers)
    assert after["stage"] == "terminated" and after["termination_reason"] == "mentor_replacement_petition"
    audit = (await api.get("/audit", headers=curator, params={"subject_id": petition["id"]})).json()["items"]
    assert [(e["action"], e["actor_role"]) for e in audit] == [("petition_filed", "mentee")]
