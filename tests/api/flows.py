"""Steps a curator takes through the API, shared by the API tests."""

from __future__ import annotations

from typing import Any

import httpx

CONSENT_TEXT = "Я даю согласие на участие в программе наставничества и обработку персональных данных."


async def person(api: httpx.AsyncClient, curator: dict[str, str], **fields: Any) -> str:
    response = await api.post("/participants", headers=curator, json=fields)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def consent_all(
    api: httpx.AsyncClient, curator: dict[str, str], participant_id: str, minor: bool
) -> None:
    for kind in ("participation", "personal_data"):
        body: dict[str, Any] = {
            "kind": kind,
            "given_by": "guardian" if minor else "self",
            "text_accepted": CONSENT_TEXT,
            "signed_at": "2026-09-15T10:00:00Z",
        }
        if minor:
            body["guardian_name"] = "Иванова Мария Петровна"
        response = await api.post(f"/participants/{participant_id}/consents", headers=curator, json=body)
        assert response.status_code == 201, response.text


async def pupil_pair(api: httpx.AsyncClient, curator: dict[str, str]) -> tuple[str, str, str]:
    """A student–student pair: a 10th-grader mentors a 6th-grader. Returns (pair, mentor, mentee)."""
    mentor = await person(
        api, curator, kind="pupil", full_name="Петров Илья", birth_date="2010-03-01", grade=10
    )
    mentee = await person(
        api, curator, kind="pupil", full_name="Сидорова Аня", birth_date="2014-05-02", grade=6
    )
    response = await api.post(
        "/pairs",
        headers=curator,
        json={
            "form": "student_student",
            "role_model": "успевающий — неуспевающий",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"]), mentor, mentee


PLAN = {
    "goals": ["Подтянуть математику до «4»", "Подготовиться к олимпиаде"],
    "schedule": ["2026-11-05", "2026-11-19", "2026-12-03"],
    "cadence_days": 14,
    "format": "mixed",
    "starts_on": "2026-10-01",
    "ends_on": "2027-05-20",
}
