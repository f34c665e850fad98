"""Matching through the API: a proposal with reasons, the curator's edits, fixed pairs running, and a
mentee whose pair did not fit coming back first without the earlier mentor."""

from __future__ import annotations

import httpx

from activities.matching import matching_input
from db.models import Programme
from db.session import session_scope
from tests.api.conftest import School, user
from tests.api.flows import consent_all, person

TRIAL_ORDER = {"number": "90-о", "signed_on": "2026-10-05"}
TERM = {"planned_start": "2026-10-10", "planned_end": "2027-05-20"}


async def programme_with_bases(api: httpx.AsyncClient, school: School) -> tuple[str, dict[str, str]]:
    curator = school.curator
    created = await api.post(
        "/programmes",
        headers=curator,
        json={"title": "Молодые педагоги 2026/27", "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    pid = created.json()["id"]
    people: dict[str, str] = {}
    mentors = {
        "math": ["математика", "олимпиады"],
        "class": ["классное руководство"],
        "it": ["цифровые навыки"],
    }
    for name, competences in mentors.items():
        people[name] = await person(
            api, curator, kind="teacher", full_name=f"Наставник {name}", years_of_experience=12
        )
        await consent_all(api, curator, people[name], minor=False)  # 004 roadmap 5–6, 10; 000 §2.7
        selected = {"competences": competences, "capacity": 2, "questionnaire_on": "2026-09-10"}
        selected |= {"interview_on": "2026-09-12", "trained_on": "2026-09-30"}
        response = await api.put(f"/programmes/{pid}/mentors/{people[name]}", headers=curator, json=selected)
        assert response.status_code == 200, response.text
    requests = {"anna": ["математика"], "boris": ["классное руководство"], "vera": ["цифровые навыки"]}
    for name, wanted in requests.items():
        people[name] = await person(
            api, curator, kind="teacher", full_name=f"Молодой педагог {name}", years_of_experience=1
        )
        await consent_all(api, curator, people[name], minor=False)
        response = await api.put(
            f"/programmes/{pid}/mentees/{people[name]}", headers=curator, json={"requests": wanted}
        )
        assert response.status_code == 200, response.text
    veteran = await person(api, curator, kind="teacher", full_name="Опытный педагог", years_of_experience=25)
    await consent_all(api, curator, veteran, minor=False)
    people["veteran"] = veteran
    await api.put(f"/programmes/{pid}/mentees/{veteran}", headers=curator, json={"requests": ["математика"]})
    return pid, people


async def test_matching_proposes_explained_pairs_and_the_curator_fixes_them(
    api: httpx.AsyncClient, school: School
) -> None:
    curator = school.curator
    pid, people = await programme_with_bases(api, school)
    run = await api.post(f"/programmes/{pid}/matching", headers=curator)
    assert run.status_code == 201, run.text
    proposal = run.json()
    assert proposal["mode"] == "optimal"  # no preference questionnaires were collected
    proposed = {(p["mentee_id"], p["mentor_id"]) for p in proposal["pairs"]}
    assert proposed == {
        (people["anna"], people["math"]),
        (people["boris"], people["class"]),
        (people["vera"], people["it"]),
    }
    assert all(p["reasons"] and p["mentor_name"] for p in proposal["pairs"])
    # 25 years of experience: not a young specialist, new hire or teacher in difficulty (000 §4.3)
    [unmatched] = proposal["unmatched"]
    assert (unmatched["mentee_id"], unmatched["code"]) == (people["veteran"], "no_fit")
    assert unmatched["reason"]

    accepted = await api.post(
        f"/programmes/{pid}/proposals/{proposal['id']}/accept",
        headers=curator,
        json={
            "order": TRIAL_ORDER,
            **TERM,
            "exclude": [{"mentee_id": people["vera"], "mentor_id": people["it"]}],
            "add": [{"mentee_id": people["vera"], "mentor_id": people["math"]}],
        },
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["pairs_by_stage"]["preparatory"] == 3
    again = await api.post(
        f"/programmes/{pid}/proposals/{proposal['id']}/accept",
        headers=curator,
        json={"order": TRIAL_ORDER, **TERM},
    )
    assert again.status_code == 409 and again.json()["rule"] == "proposal_undecided"

    pairs = (await api.get("/pairs", headers=curator, params={"programme_id": pid})).json()["items"]
    vera_pair = next(p for p in pairs if any(m["participant_id"] == people["vera"] for m in p["members"]))
    assert {m["participant_id"] for m in vera_pair["members"]} == {people["vera"], people["math"]}

    # After the trial meeting Vera says the pair does not fit: it ends, and she comes back first.
    vera = await user(api, "mentee", organisation_id=school.organisation_id, participant_id=people["vera"])
    fit = await api.post(
        f"/pairs/{vera_pair['id']}/fit", headers=vera, json={"fits": False, "comment": "Разные предметы"}
    )
    assert fit.status_code == 200, fit.text
    assert (await api.get(f"/pairs/{vera_pair['id']}", headers=curator)).json()["stage"] == "terminated"

    rerun = (await api.post(f"/programmes/{pid}/matching", headers=curator)).json()
    assert {(p["mentee_id"], p["mentor_id"]) for p in rerun["pairs"]} == {(people["vera"], people["it"])}
    assert {u["mentee_id"] for u in rerun["unmatched"]} == {people["veteran"]}


async def test_a_person_erased_on_request_is_not_matched(api: httpx.AsyncClient, school: School) -> None:
    """152-ФЗ: the mathematics mentor withdrew the consent; the next run does not propose them."""
    pid, people = await programme_with_bases(api, school)
    basis = {"basis": "Заявление об отзыве согласия от 20.11.2026"}
    erased = await api.post(f"/participants/{people['math']}/erasure", headers=school.curator, json=basis)
    assert erased.status_code == 200, erased.text
    with session_scope() as session:
        programme = session.get(Programme, pid)
        assert programme is not None
        considered = matching_input(session, programme)
    assert people["math"] not in {m.facts.participant_id for m in considered.mentors}
    assert {people["class"], people["it"]} <= {m.facts.participant_id for m in considered.mentors}
    run = await api.post(f"/programmes/{pid}/matching", headers=school.curator)
    assert run.status_code == 201, run.text
    assert people["math"] not in {p["mentor_id"] for p in run.json()["pairs"]}
