"""A district's school year on the time-skipping server (issue 10, point 4). Prints figures; not a test.

    .venv/bin/python bench/bench_district_year.py --schools 50 --pairs 100   # the issue's district
    .venv/bin/python bench/bench_district_year.py --schools 2 --pairs 10     # a fast try

Each school gets a curator, a head and a teacher–teacher programme of `--pairs` pairs (every tenth a group
of one mentor and two mentees), all in one district with its coordinator. The year, 2027/28, through the
HTTP API (in-process) and a real worker, on the time-skipping Temporal server with a fresh SQLite database:

- 6 September: consents, entry assessments, the order, the plan (every 14 days), up to implementation;
- a regular meeting every 14 days from 20 September to 10 May (skipping the autumn, new-year and spring
  breaks' weeks the calendar already skips);
- the December round: 90% of the questionnaires on 10 December, 10% late on 28 December; the May round:
  90% on 10 May, 10% never; the curator's own questionnaires never;
- 1 February: 5% of the pairs end early; 1 March: 5% get their term extended to 15 June;
- 12 May: the final meeting, → reflective, exit assessments, the report and the reflection, → result,
  → completed; then to 30 June.

It prints wall time, workflow tasks (counted in every workflow's history), the largest history, the
process's peak RSS (worker and API run in it) sampled along the year, and escalation steps fired against the
count expected: a late December questionnaire fires the owner's, the curator's and the head's steps (20, 23,
27 December); one never sent in May fires those of 19, 22 and 26 May (the coordinator's waits for
September); the curator's never-sent questionnaires fire four steps in December–January and three in May;
each school's roster refresh, never done, fires its four steps in October.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# tests.conftest chooses a fresh SQLite database before `config` is imported.
from tests.conftest import start_time_skipping_server  # noqa: E402, I001

import httpx  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from api.app import create_app  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Escalation, OverdueItemRow  # noqa: E402
from db.pair_store import workflow_id_for  # noqa: E402
from db.session import session_scope  # noqa: E402
from tests.api.conftest import ADMIN, user  # noqa: E402
from tests.api.flows import consent_all, person  # noqa: E402
from tests.workflows.test_school_year import TEACHER_PAIR_ANSWERS, at, until  # noqa: E402
from worker import build_worker  # noqa: E402

START, END = date(2027, 9, 6), date(2028, 5, 20)
LATE_DECEMBER_STEPS = 3  # owner 20 Dec, curator 23 Dec, head 27 Dec; submitted on 28 Dec
NEVER_MAY_STEPS = 3  # owner 19 May, curator 22 May, head 26 May; the coordinator's waits for September
CURATOR_STEPS = 4 + 3  # the curator's questionnaire of each round, never sent
# The curator's yearly refresh of the list of teachers who need a mentor (roster-refresh-v1), never done
# here: due 30 September, all four steps fire in October.
ROSTER_STEPS = 4


@dataclass
class Pair:
    id: str
    mentor: str
    mentees: list[str]
    mentor_token: dict[str, str] = field(default_factory=dict)
    mentee_tokens: list[dict[str, str]] = field(default_factory=list)
    ended: bool = False


@dataclass
class School:
    id: str
    curator: dict[str, str]
    pairs: list[Pair] = field(default_factory=list)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def ok(response: Any) -> Any:
    response = await response
    if response.status_code not in (200, 201):
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")
    return response.json()


async def in_batches(calls: list[Any], width: int = 20) -> None:
    """Run the calls `width` at a time, as a district's many clients would."""
    for start in range(0, len(calls), width):
        await asyncio.gather(*(ok(call) for call in calls[start : start + width]))


async def set_up(api: httpx.AsyncClient, district: str, number: int, pairs: int) -> School:
    school_id = f"school-{number:02d}-{uuid4().hex[:6]}"
    await ok(
        api.post(
            "/admin/organisations",
            headers=ADMIN,
            json={"id": school_id, "name": f"Школа №{number}", "district": district},
        )
    )
    curator = await user(api, "curator", organisation_id=school_id)
    await user(api, "head", organisation_id=school_id)
    programme = await ok(
        api.post(
            "/programmes",
            headers=curator,
            json={
                "title": "Учитель–учитель 2027/28",
                "academic_year": "2027/28",
                "forms": ["teacher_teacher"],
            },
        )
    )
    school = School(school_id, curator)
    for n in range(pairs):
        mentor = await person(
            api, curator, kind="teacher", full_name=f"Наставник {number}-{n}", years_of_experience=15
        )
        mentees = [
            await person(
                api, curator, kind="teacher", full_name=f"Педагог {number}-{n}-{k}", years_of_experience=1
            )
            for k in range(2 if n % 10 == 9 else 1)
        ]
        for participant in [mentor, *mentees]:
            await consent_all(api, curator, participant, minor=False)
        # A programme's pair takes a mentor from its base, selected (questionnaire, interview) and trained.
        await ok(
            api.put(
                f"/programmes/{programme['id']}/mentors/{mentor}",
                headers=curator,
                json={
                    "competences": ["методика урока"],
                    "capacity": 1,
                    "questionnaire_on": "2027-08-25",
                    "interview_on": "2027-08-27",
                    "trained_on": "2027-08-30",
                },
            )
        )
        created = await ok(
            api.post(
                "/pairs",
                headers=curator,
                json={
                    "form": "teacher_teacher",
                    "programme_id": programme["id"],
                    "mentor_ids": [mentor],
                    "mentee_ids": mentees,
                    "planned_start": START.isoformat(),
                    "planned_end": END.isoformat(),
                },
            )
        )
        pair = Pair(created["id"], mentor, mentees)
        pair.mentor_token = await user(api, "mentor", organisation_id=school_id, participant_id=mentor)
        pair.mentee_tokens = [
            await user(api, "mentee", organisation_id=school_id, participant_id=m) for m in mentees
        ]
        school.pairs.append(pair)
    return school


def active(schools: list[School]) -> list[tuple[School, Pair]]:
    return [(school, pair) for school in schools for pair in school.pairs if not pair.ended]


async def start_pairs(api: httpx.AsyncClient, schools: list[School]) -> None:
    plan = {
        "goals": ["Освоить классное руководство"],
        "schedule": ["2027-09-20"],
        "cadence_days": 14,
        "format": "in_person",
        "starts_on": START.isoformat(),
        "ends_on": END.isoformat(),
    }
    steps: list[Any] = []
    for school, pair in active(schools):
        for participant in [pair.mentor, *pair.mentees]:
            entry = {"participant_id": participant, "phase": "entry", "scores": {"engagement": 3}}
            steps.append(api.post(f"/pairs/{pair.id}/assessments", headers=school.curator, json=entry))
    await in_batches(steps)
    commands: tuple[tuple[str, dict[str, Any]], ...] = (
        ("order", {"number": "15-о", "signed_on": "2027-09-03"}),
        ("transitions", {"to_stage": "design"}),
        ("plan", plan),
        ("transitions", {"to_stage": "implementation"}),
    )
    for path, body in commands:
        await in_batches(
            [api.post(f"/pairs/{p.id}/{path}", headers=s.curator, json=body) for s, p in active(schools)]
        )


async def meetings(api: httpx.AsyncClient, schools: list[School], day: date, kind: str = "regular") -> None:
    body = {"kind": kind, "held_on": day.isoformat(), "format": "in_person"}
    await in_batches(
        [api.post(f"/pairs/{p.id}/meetings", headers=p.mentor_token, json=body) for _, p in active(schools)]
    )


async def questionnaires(api: httpx.AsyncClient, pairs: list[Pair], round_id: str) -> None:
    calls = []
    for pair in pairs:
        people = [(pair.mentor_token, "mentor")] + [(token, "mentee") for token in pair.mentee_tokens]
        for token, role in people:
            body = {"round_id": round_id, "pair_id": pair.id, "answers": TEACHER_PAIR_ANSWERS[role]}
            calls.append(api.post("/monitoring/questionnaires", headers=token, json=body))
    await in_batches(calls)


def late(pairs: list[Pair], share: int) -> tuple[list[Pair], list[Pair]]:
    """(on time, late): every `share`-th pair is late."""
    return [p for n, p in enumerate(pairs) if n % share], [p for n, p in enumerate(pairs) if not n % share]


async def finish(api: httpx.AsyncClient, schools: list[School]) -> None:
    await meetings(api, schools, date(2028, 5, 12), kind="final")
    pairs = active(schools)
    await in_batches(
        [
            api.post(f"/pairs/{p.id}/transitions", headers=s.curator, json={"to_stage": "reflective"})
            for s, p in pairs
        ]
    )
    exits = []
    for school, pair in pairs:
        for participant in [pair.mentor, *pair.mentees]:
            body = {"participant_id": participant, "phase": "exit", "scores": {"engagement": 4}}
            exits.append(api.post(f"/pairs/{pair.id}/assessments", headers=school.curator, json=body))
    await in_batches(exits)
    for kind in ("mentor_report", "mentee_reflection"):
        body = {"kind": kind, "text": "Итоги года"}
        await in_batches(
            [api.post(f"/pairs/{p.id}/reflections", headers=s.curator, json=body) for s, p in pairs]
        )
    for stage in ("result", "completed"):
        body = {"to_stage": stage}
        await in_batches(
            [api.post(f"/pairs/{p.id}/transitions", headers=s.curator, json=body) for s, p in pairs]
        )


def escalations() -> tuple[int, Counter[str]]:
    with session_scope() as session:
        rows = session.exec(
            select(OverdueItemRow.kind, func.count())
            .join(Escalation, col(Escalation.item_id) == col(OverdueItemRow.item_id))
            .group_by(OverdueItemRow.kind)
        ).all()
    by_kind = Counter({kind: count for kind, count in rows})
    return sum(by_kind.values()), by_kind


async def history_figures(client: Any, ids: list[str]) -> tuple[int, int, int]:
    """(workflow tasks, largest history in events, workflows read) over the given workflow ids."""
    tasks = largest = read = 0
    for workflow_id in ids:
        try:
            history = await client.get_workflow_handle(workflow_id).fetch_history()
        except Exception:  # an item never started (settled before it opened) has no history
            continue
        read += 1
        events = history.events
        largest = max(largest, len(events))
        tasks += sum(1 for e in events if e.HasField("workflow_task_completed_event_attributes"))
    return tasks, largest, read


def workflow_ids(schools: list[School]) -> list[str]:
    with session_scope() as session:
        # An item a pair holds is counted in its pair's history; the others have workflows of their own.
        rows = session.exec(select(OverdueItemRow.item_id, OverdueItemRow.held_by)).all()
        items = [f"item-{item_id}" for item_id, held_by in rows if held_by is None]
    return [workflow_id_for(p.id) for s in schools for p in s.pairs] + items


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=100, help="pairs per school (every tenth a group)")
    args = parser.parse_args(argv)
    upgrade()
    started = time.perf_counter()
    env = await start_time_skipping_server()
    rss: list[tuple[str, float]] = []
    task_queue = f"district-{uuid4().hex[:6]}"
    with ThreadPoolExecutor(max_workers=16) as executor:
        app = create_app(env.client, task_queue)
        transport = httpx.ASGITransport(app=app)
        async with (
            build_worker(env.client, task_queue, executor),
            httpx.AsyncClient(transport=transport, base_url="http://district.test", timeout=120) as api,
        ):
            await until(env, at("2027-09-01"))
            district = f"district-{uuid4().hex[:6]}"
            await user(api, "coordinator", district=district)
            schools = [await set_up(api, district, n + 1, args.pairs) for n in range(args.schools)]
            took = time.perf_counter() - started
            print(f"set-up: {args.schools} schools × {args.pairs} pairs in {took:.1f} s")
            await until(env, at("2027-09-06"))
            await start_pairs(api, schools)
            rss.append(("September", peak_rss_mib()))
            day = date(2027, 9, 20)
            all_pairs = [p for s in schools for p in s.pairs]
            december_on_time, december_late = late(all_pairs, 10)
            extended_done = ended_done = False
            december_done = late_done = False
            while day <= date(2028, 5, 10):
                if not december_done and day >= date(2027, 12, 10):
                    await until(env, at("2027-12-10", hour=8))
                    await questionnaires(api, december_on_time, "2027-12")
                    december_done = True
                    rss.append(("December", peak_rss_mib()))
                if not late_done and day >= date(2027, 12, 28):
                    await until(env, at("2027-12-28"))
                    await questionnaires(api, december_late, "2027-12")
                    late_done = True
                if not ended_done and day >= date(2028, 2, 1):
                    await until(env, at("2028-02-01"))
                    ending = [(s, p) for s, p in active(schools)][::20]
                    body = {"reason": "mutual_decision", "comment": "Переезд"}
                    await in_batches(
                        [
                            api.post(f"/pairs/{p.id}/termination", headers=s.curator, json=body)
                            for s, p in ending
                        ]
                    )
                    for _, pair in ending:
                        pair.ended = True
                    ended_done = True
                if not extended_done and day >= date(2028, 3, 1):
                    await until(env, at("2028-03-01"))
                    extending = active(schools)[1::20]
                    term = {
                        "new_end": "2028-06-15",
                        "mentor_agrees": True,
                        "mentee_agrees": True,
                    }
                    await in_batches(
                        [
                            api.post(f"/pairs/{p.id}/extension", headers=s.curator, json=term)
                            for s, p in extending
                        ]
                    )
                    extended_done = True
                await until(env, at(day.isoformat()))
                await meetings(api, schools, day)
                day += timedelta(days=14)
            await until(env, at("2028-05-10", hour=12))
            may_pairs = [p for _, p in active(schools)]
            may_on_time, may_never = late(may_pairs, 10)
            await questionnaires(api, may_on_time, "2028-05")
            await until(env, at("2028-05-12"))
            await finish(api, schools)
            await until(env, at("2028-06-30"))
            rss.append(("June", peak_rss_mib()))
            fired, by_kind = escalations()
            ids = workflow_ids(schools)
            tasks, largest, read = await history_figures(env.client, ids)
    await env.shutdown()
    people = lambda pairs: sum(1 + len(p.mentees) for p in pairs)  # noqa: E731
    expected = (
        people(december_late) * LATE_DECEMBER_STEPS + people(may_never) * NEVER_MAY_STEPS
    ) + args.schools * (CURATOR_STEPS + ROSTER_STEPS)
    print(f"wall time {time.perf_counter() - started:.1f} s (set-up included)")
    print(f"workflows read {read:,} of {len(ids):,}; workflow tasks {tasks:,}")
    print(f"largest history {largest:,} events")
    print("peak RSS of the process (worker + API): " + ", ".join(f"{m} {v:.0f} MiB" for m, v in rss))
    print(f"escalation steps fired {fired:,}, expected {expected:,}; by kind: {dict(by_kind)}")
    return 0 if fired == expected else 1


if __name__ == "__main__":
    status = asyncio.run(main())
    sys.stdout.flush()
    os._exit(status)  # the SDK may abort at interpreter shutdown (../shared/PITFALLS.md §1)
