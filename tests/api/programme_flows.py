"""A programme whose pairs the head fixed by orders, made through the API (documents and exports use it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.api.conftest import School
from tests.api.flows import PLAN, consent_all, person


@dataclass
class FixedProgramme:
    programme_id: str
    mentors: dict[str, str]  # name -> id
    mentees: dict[str, str]
    orders: dict[str, list[str]] = field(default_factory=dict)  # order number -> pair ids


async def programme(
    api: httpx.AsyncClient,
    school: School,
    title: str = "Учитель–учитель 2026/27",
    by: dict[str, str] | None = None,
) -> str:
    created = await api.post(
        "/programmes",
        headers=by or school.curator,
        json={"title": title, "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    assert created.status_code == 201, created.text
    pid = str(created.json()["id"])
    creator = (await api.get("/me", headers=by or school.curator)).json()
    if creator["role"] == "curator":  # 001 §3.8: the head appoints the curator
        appointed = await api.post(
            f"/programmes/{pid}/configure", headers=school.head, json={"curator_id": creator["user_id"]}
        )
        assert appointed.status_code == 200, appointed.text
    return pid


async def select_mentor(api: httpx.AsyncClient, school: School, pid: str, mentor: str, **extra: Any) -> None:
    body = {
        "competences": ["классное руководство", "ФГОС"],
        "capacity": 2,
        "questionnaire_on": "2026-09-10",
        "interview_on": "2026-09-12",
        "trained_on": "2026-10-01",
    } | extra
    response = await api.put(f"/programmes/{pid}/mentors/{mentor}", headers=school.curator, json=body)
    assert response.status_code == 200, response.text


async def fix(
    api: httpx.AsyncClient,
    school: School,
    pid: str,
    number: str,
    signed_on: str,
    pairs: list[tuple[str, str]],
) -> list[str]:
    """Fix (mentor, mentee) pairs by one order; returns the new pairs' ids."""
    before = await _pair_ids(api, school, pid)
    response = await api.post(
        f"/programmes/{pid}/pairs",
        headers=school.curator,
        json={
            "order": {"number": number, "signed_on": signed_on},
            "pairs": [
                {
                    "form": "teacher_teacher",
                    "mentor_ids": [mentor],
                    "mentee_ids": [mentee],
                    "planned_start": "2026-10-10",
                    "planned_end": "2027-05-20",
                }
                for mentor, mentee in pairs
            ],
        },
    )
    assert response.status_code == 200, response.text
    return sorted((await _pair_ids(api, school, pid)) - before)


async def _pair_ids(api: httpx.AsyncClient, school: School, pid: str) -> set[str]:
    listed = await api.get("/pairs", headers=school.curator, params={"programme_id": pid})
    return {p["id"] for p in listed.json()["items"]}


async def teacher_programme(
    api: httpx.AsyncClient, school: School, curator: dict[str, str] | None = None
) -> FixedProgramme:
    """Two mentors, three young teachers; order 77-о fixes two pairs, order 80-о the third.

    `curator`: who creates the programme and is appointed its curator by the head (the school's curator by
    default)."""
    pid = await programme(api, school, by=curator)
    mentors = {
        name: await person(api, school.curator, kind="teacher", full_name=name, years_of_experience=years)
        for name, years in (("Кузнецова Ирина Петровна", 20), ("Орлов Сергей Николаевич", 15))
    }
    mentees = {
        name: await person(api, school.curator, kind="teacher", full_name=name, years_of_experience=1)
        for name in ("Смирнова Анна Олеговна", "Волков Павел Андреевич", "Зайцева Ольга Игоревна")
    }
    for someone in [*mentors.values(), *mentees.values()]:  # consents first (004 roadmap 5–6; 000 §2.7)
        await consent_all(api, school.curator, someone, minor=False)
    for mentor in mentors.values():
        await select_mentor(api, school, pid, mentor)
    kuz, orlov = mentors.values()
    smirnova, volkov, zaitseva = mentees.values()
    fixed = FixedProgramme(pid, mentors, mentees)
    fixed.orders["77-о"] = await fix(
        api, school, pid, "77-о", "2026-10-05", [(kuz, smirnova), (orlov, volkov)]
    )
    fixed.orders["80-о"] = await fix(api, school, pid, "80-о", "2026-10-20", [(kuz, zaitseva)])
    return fixed


async def pair_meeting_held(
    api: httpx.AsyncClient, curator: dict[str, str], mentor_name: str, mentee_name: str
) -> str:
    """A teacher–teacher pair taken to implementation with one meeting held; returns the pair's id."""
    mentor = await person(api, curator, kind="teacher", full_name=mentor_name, years_of_experience=12)
    mentee = await person(api, curator, kind="teacher", full_name=mentee_name, years_of_experience=1)
    created = await api.post(
        "/pairs",
        headers=curator,
        json={
            "form": "teacher_teacher",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
    )
    assert created.status_code == 201, created.text
    pair_id = str(created.json()["id"])
    await consent_all(api, curator, mentor, minor=False)
    await consent_all(api, curator, mentee, minor=False)
    for path, body in (
        ("order", {"number": "45-о", "signed_on": "2026-10-02"}),
        ("transitions", {"to_stage": "design"}),
        ("plan", PLAN),
        ("transitions", {"to_stage": "implementation"}),
        ("meetings", {"kind": "regular", "held_on": "2026-11-05", "format": "online"}),
    ):
        response = await api.post(f"/pairs/{pair_id}/{path}", headers=curator, json=body)
        assert response.status_code in (200, 201), response.text
    return pair_id
