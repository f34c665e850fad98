"""From an empty programme to fixed pairs whose workflows are running, through the API."""

from __future__ import annotations

from functools import partial
from typing import Any

import httpx

from tests.api.conftest import School
from tests.api.flows import consent_all, person
from tests.waiting import eventually


async def pair_timeline(api: httpx.AsyncClient, curator: dict[str, str], pair_id: str) -> list[Any]:
    timeline: list[Any] = (await api.get(f"/pairs/{pair_id}", headers=curator)).json()["timeline"]
    return timeline


async def test_empty_programme_reaches_design_with_fixed_pairs_running(
    api: httpx.AsyncClient, school: School
) -> None:
    curator = school.curator
    created = await api.post(
        "/programmes",
        headers=curator,
        json={"title": "Учитель–учитель 2026/27", "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    assert created.status_code == 201, created.text
    programme = created.json()
    pid = programme["id"]
    assert programme["next_step"]["blocked_by"]["rule"] == "curator_appointed"

    roadmap = {"roadmap": {"document_id": "roadmap-2026", "approved_on": "2026-09-01"}}
    # 001 §3.8: the roadmap and the curator's appointment are the head's acts, not a curator's tick box.
    ticked = await api.post(f"/programmes/{pid}/configure", headers=curator, json=roadmap)
    assert ticked.status_code == 403 and ticked.json()["rule"] == "head_acts_by_head"
    me = (await api.get("/me", headers=curator)).json()
    head_configures = await api.post(
        f"/programmes/{pid}/configure", headers=school.head, json=roadmap | {"curator_id": me["user_id"]}
    )
    assert head_configures.status_code == 200, head_configures.text
    assert head_configures.json()["curator_id"] == me["user_id"]

    mentor = await person(api, curator, kind="teacher", full_name="Кузнецова И. П.", years_of_experience=20)
    mentees = [
        await person(api, curator, kind="teacher", full_name=f"Молодой педагог {i}", years_of_experience=i)
        for i in range(2)
    ]
    refused = await api.put(
        f"/programmes/{pid}/mentees/{mentees[0]}", headers=curator, json={"requests": ["x"]}
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "personal_data_consent_first"
    for someone in [mentor, *mentees]:  # 004 roadmap 5–6, 10: the consent before the bases
        await consent_all(api, curator, someone, minor=False)
    for mentee in mentees:
        response = await api.put(
            f"/programmes/{pid}/mentees/{mentee}",
            headers=curator,
            json={"requests": ["классное руководство"]},
        )
        assert response.status_code == 200, response.text
    selected = {"competences": ["классное руководство"], "capacity": 2, "questionnaire_on": "2026-09-10"}
    selected |= {"interview_on": "2026-09-12"}
    await api.put(f"/programmes/{pid}/mentors/{mentor}", headers=curator, json=selected)
    detail = (await api.get(f"/programmes/{pid}", headers=curator)).json()
    # 002 stage 2: training is checked for mentors in pairs, not for a selected mentor still in reserve;
    # the head approves the mentor registry by order and the selected mentees (001 §3.8; 002 item 12).
    assert detail["next_step"]["blocked_by"]["rule"] == "mentor_registry_approved"
    for act in ("mentor_registry", "mentees"):
        by_curator = await api.post(
            f"/programmes/{pid}/head-approvals",
            headers=curator,
            json={"act": act, "number": "12", "signed_on": "2026-09-20"},
        )
        assert by_curator.status_code == 403, by_curator.text
        approved = await api.post(
            f"/programmes/{pid}/head-approvals",
            headers=school.head,
            json={"act": act, "number": "12", "signed_on": "2026-09-20"},
        )
        assert approved.status_code == 200, approved.text
    detail = (await api.get(f"/programmes/{pid}", headers=curator)).json()
    assert detail["next_step"]["blocked_by"]["rule"] == "pairs_fixed"
    untrained = await api.post(
        f"/programmes/{pid}/pairs",
        headers=curator,
        json={
            "order": {"number": "76-о", "signed_on": "2026-10-04"},
            "pairs": [
                {
                    "form": "teacher_teacher",
                    "mentor_ids": [mentor],
                    "mentee_ids": [mentees[0]],
                    "planned_start": "2026-10-10",
                    "planned_end": "2027-05-20",
                }
            ],
        },
    )  # 004 §6.1 stage 4: a mentor of a programme's pair is trained where the programme requires it
    assert untrained.status_code == 422 and untrained.json()["rule"] == "mentor_trained"

    await api.put(
        f"/programmes/{pid}/mentors/{mentor}", headers=curator, json=selected | {"trained_on": "2026-10-01"}
    )
    detail = (await api.get(f"/programmes/{pid}", headers=curator)).json()
    assert detail["next_step"]["blocked_by"]["rule"] == "pairs_fixed"

    fixed = await api.post(
        f"/programmes/{pid}/pairs",
        headers=curator,
        json={
            "order": {"number": "77-о", "signed_on": "2026-10-05"},
            "pairs": [
                {
                    "form": "teacher_teacher",
                    "mentor_ids": [mentor],
                    "mentee_ids": [mentee],
                    "planned_start": "2026-10-10",
                    "planned_end": "2027-05-20",
                }
                for mentee in mentees
            ],
        },
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["pairs_by_stage"]["preparatory"] == 2

    pairs = (await api.get("/pairs", headers=curator, params={"programme_id": pid})).json()
    assert pairs["total"] == 2
    assert all(p["order_number"] == "77-о" for p in pairs["items"])
    for pair in pairs["items"]:  # the pair workflows are running: they answer and record their creation
        timeline = await eventually(
            partial(pair_timeline, api, curator, pair["id"]), lambda events: events != []
        )
        assert [e["action"] for e in timeline] == ["created"]

    moved = await api.post(f"/programmes/{pid}/transitions", headers=curator, json={"to_stage": "design"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["stage"] == "design"
    assert moved.json()["next_step"]["blocked_by"]["rule"] == "pairs_planned"
    audit = (await api.get("/audit", headers=curator, params={"subject_id": pid})).json()
    events = [e["action"] for e in audit["items"] if not e["action"].endswith("_base_changed")]
    assert events == [
        "created",
        "configured",
        "head_approved",
        "head_approved",
        "pairs_fixed",
        "stage_changed",
    ]
    assert {e["action"] for e in audit["items"]} >= {"mentor_base_changed", "mentee_base_changed"}
    head_acts = {e["actor_role"] for e in audit["items"] if e["action"] in ("configured", "head_approved")}
    assert head_acts == {"head"}
