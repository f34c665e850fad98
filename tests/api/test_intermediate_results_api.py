"""Intermediate results recorded while the plan is carried out (issue 12 point 14; 002 item 22)."""

from __future__ import annotations

from datetime import date

import httpx

from tests.api.conftest import School
from tests.api.flows import PLAN, consent_all, pupil_pair


async def test_intermediate_results_during_implementation_refused_before_it(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    body = {"achieved_on": date.today().isoformat(), "text": "Контрольная по алгебре на «4»"}
    refused = await api.post(f"/pairs/{pair}/intermediate-results", headers=school.curator, json=body)
    assert (refused.status_code, refused.json()["rule"]) == (
        409,
        "intermediate_results_during_implementation",
    )
    assert "подготовительный" in refused.json()["detail"]
    listed = await api.get(f"/pairs/{pair}/intermediate-results", headers=school.curator)
    assert (listed.status_code, listed.json()) == (200, [])


async def test_intermediate_results_during_implementation_recorded_and_read_back(
    api: httpx.AsyncClient, school: School
) -> None:
    curator = school.curator
    pair, mentor, mentee = await pupil_pair(api, curator)
    for who in (mentor, mentee):
        await consent_all(api, curator, who, minor=True)
    steps = [
        (f"/pairs/{pair}/order", {"number": "45-о", "signed_on": "2026-10-02"}),
        (f"/pairs/{pair}/transitions", {"to_stage": "design"}),
        (f"/pairs/{pair}/plan", PLAN),
        (f"/pairs/{pair}/transitions", {"to_stage": "implementation"}),
    ]
    for path, body in steps:
        done = await api.post(path, headers=curator, json=body)
        assert done.status_code in (200, 201), done.text
    body = {"achieved_on": date.today().isoformat(), "text": "Контрольная по алгебре на «4»"}
    recorded = await api.post(f"/pairs/{pair}/intermediate-results", headers=curator, json=body)
    assert recorded.status_code == 201, recorded.text
    listed = (await api.get(f"/pairs/{pair}/intermediate-results", headers=curator)).json()
    assert [(r["achieved_on"], r["text"]) for r in listed] == [(body["achieved_on"], body["text"])]
