"""The curator takes a pair through the five stages over HTTP, with a real worker behind the API."""

from __future__ import annotations

import httpx

from tests.api.conftest import School
from tests.api.flows import PLAN, consent_all, pupil_pair


async def test_curator_takes_a_pair_through_all_five_stages(api: httpx.AsyncClient, school: School) -> None:
    curator = school.curator
    pair_id, mentor, mentee = await pupil_pair(api, curator)

    refused = await api.post(f"/pairs/{pair_id}/transitions", headers=curator, json={"to_stage": "design"})
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["rule"] == "consents_complete"

    await consent_all(api, curator, mentor, minor=True)
    await consent_all(api, curator, mentee, minor=True)
    detail = (await api.get(f"/pairs/{pair_id}", headers=curator)).json()
    assert detail["next_step"]["blocked_by"]["rule"] == "order_fixed"
    response = await api.post(
        f"/pairs/{pair_id}/order", headers=curator, json={"number": "45-о", "signed_on": "2026-10-02"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["next_step"]["allowed"] is True

    steps = [
        ("transitions", {"to_stage": "design"}),
        ("plan", PLAN),
        ("transitions", {"to_stage": "implementation"}),
        ("meetings", {"kind": "regular", "held_on": "2026-11-05", "format": "in_person"}),
        ("meetings", {"kind": "final", "held_on": "2026-11-19", "format": "online"}),
        ("transitions", {"to_stage": "reflective"}),
        ("reflections", {"kind": "mentor_report", "text": "Цели достигнуты."}),
        ("reflections", {"kind": "mentee_reflection", "text": "Стало понятнее."}),
        ("transitions", {"to_stage": "result"}),
        ("transitions", {"to_stage": "completed", "comment": "Программа завершена"}),
    ]
    for path, body in steps:
        response = await api.post(f"/pairs/{pair_id}/{path}", headers=curator, json=body)
        assert response.status_code in (200, 201), (path, response.text)

    detail = (await api.get(f"/pairs/{pair_id}", headers=curator)).json()
    assert detail["stage"] == "completed"
    assert len(detail["meetings"]) == 2
    moves = [(e["from_stage"], e["to_stage"]) for e in detail["timeline"] if e["action"] == "stage_changed"]
    assert moves == [
        ("preparatory", "design"),
        ("design", "implementation"),
        ("implementation", "reflective"),
        ("reflective", "result"),
        ("result", "completed"),
    ]
    audit = (await api.get("/audit", headers=curator, params={"subject_id": pair_id})).json()
    assert audit["total"] == len(detail["timeline"])
