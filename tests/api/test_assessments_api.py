"""Assessments over HTTP (issue 12 point 18): the mentor is assessed as the mentee is (000 §7.5), and an exit
assessment over other parameters than the entry one is refused, naming them (004 §8.2)."""

from __future__ import annotations

import httpx

from tests.api.conftest import School
from tests.api.flows import pupil_pair

SCORES = {"вовлечённость": 3, "успеваемость": 4}


async def test_everyone_assessed_the_mentor_has_entry_and_exit_assessments(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, mentor, _mentee = await pupil_pair(api, school.curator)
    for phase, scores in (("entry", SCORES), ("exit", {"вовлечённость": 5, "успеваемость": 5})):
        body = {"participant_id": mentor, "phase": phase, "scores": scores}
        done = await api.post(f"/pairs/{pair}/assessments", headers=school.curator, json=body)
        assert done.status_code in (200, 201), done.text


async def test_same_parameters_an_exit_assessment_over_other_parameters_is_refused(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, mentee = await pupil_pair(api, school.curator)
    early = {"participant_id": mentee, "phase": "exit", "scores": SCORES}
    refused = await api.post(f"/pairs/{pair}/assessments", headers=school.curator, json=early)
    assert (refused.status_code, refused.json()["rule"]) == (409, "entry_first")

    entry = {"participant_id": mentee, "phase": "entry", "scores": SCORES}
    assert (await api.post(f"/pairs/{pair}/assessments", headers=school.curator, json=entry)).status_code in (
        200,
        201,
    )
    other = {"participant_id": mentee, "phase": "exit", "scores": {"вовлечённость": 4}}
    refused = await api.post(f"/pairs/{pair}/assessments", headers=school.curator, json=other)
    problem = refused.json()
    assert (refused.status_code, problem["rule"], problem["field"]) == (422, "same_parameters", "scores")
    assert "не измерены: успеваемость" in problem["detail"]
