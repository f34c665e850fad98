"""Lifecycle throughput of one worker and one API process, against the running embedded system.

Prints figures; it is not a test. Start the system (`make run`), then, with the same settings:

    .venv/bin/python bench/bench_lifecycle.py             # 2,000 pairs, 20 concurrent clients
    .venv/bin/python bench/bench_lifecycle.py --quick     # 100 pairs, a fast try

With NASTAVNIK_TEST_DATABASE_URL set to a PostgreSQL database URL, the run continues on a second system the
benchmark starts itself (bench/own_system.py): a fresh database on that server for the read model, its own
dev server, worker and API on free ports; the same figures are printed for it, then a summary of both.

A. Through the HTTP API, as a school would (the sequence of scripts/demo.py): the operator creates a school
   and its curator; the curator enters each pair's two pupils with their guardians' consents and the mentor
   gets an account (set-up, timed apart); then C concurrent clients each create pairs and drive them
   through all five stages: order, → design, plan, → implementation, a regular and the final meeting,
   → reflective, the mentor's report and the mentee's reflection, → result, → completed.
B. Our ceiling: the same lifecycle driven straight through the Temporal client, without the API: the same
   PairWorkflow is started with the state the API would give it (ids `bench-ceiling-…`, the pupils and
   consents of part A) and receives the same Updates from C concurrent callers. The worker still writes
   the audit and the read model row of every event, so the pair rows are inserted first, as the API does
   before it starts a workflow (a meeting's row refers to its pair).

C. The bare ceiling, the physical limit (bench/bare_workflow.py): a workflow that moves through the five
   stages by Updates alone (no activity, no audit, no read model), on a task queue of a worker inside this
   process, against the same dev server. A and B are printed as ratios to it too (issue 10's targets:
   A ≥ 50% of C's transitions/s and A's p95 ≤ 2× C's p95 at 20 clients; with one client A's p50 ≤ 3× C's).
D. One client: a few pairs through A and C again, one call at a time, for the p50 of a lone transition.

Peak RSS is read from /proc for the processes of the system under test only: the worker, the API and the
dev server that serve the benchmarked addresses (a dev server is matched by its port).

All parts leave their school (`bench-…`), pairs and workflows in the system's database and Temporal.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import signal
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from uuid import uuid4

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python bench/bench_lifecycle.py`
    sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402
from temporalio.client import Client, WorkflowHandle  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

from bench.bare_workflow import DURABLE_COMMANDS, BareDurableLifecycle, BareFiveStages, bare_write  # noqa: E402
from bench.bare_workflow import STAGES as BARE_STAGES  # noqa: E402
from bench.own_system import OwnSystemError, descendants, postgres_system  # noqa: E402
from config import settings  # noqa: E402
from db.models import Organisation  # noqa: E402
from db.pair_store import insert_pair  # noqa: E402
from db.session import engine_for  # noqa: E402
from domain import pair_events as ev  # noqa: E402
from domain.actors import Actor, Role  # noqa: E402
from domain.calendar import add_months  # noqa: E402
from domain.forms import Form  # noqa: E402
from domain.pair import (  # noqa: E402
    ConsentFact,
    ConsentGiver,
    ConsentKind,
    MeetingFacts,
    MeetingFormat,
    MeetingKind,
    MemberRole,
    OrderFacts,
    PairMember,
    PairState,
    PlanFacts,
    ReflectionKind,
)
from domain.stages import Stage  # noqa: E402
from workflows.pair import PairWorkflow, PairWorkflowInput  # noqa: E402

T = TypeVar("T")

QUICK_PAIRS = 100
CALL_TIMEOUT = 60.0  # seconds for any one call: a stuck call fails its pair instead of hanging the run
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TRANSITIONS = (Stage.DESIGN, Stage.IMPLEMENTATION, Stage.REFLECTIVE, Stage.RESULT, Stage.COMPLETED)
CALLS_PER_PAIR = 12  # create + order + plan + 2 meetings + 2 reflections + 5 transitions
CONSENT_TEXT = "Согласие на участие в программе наставничества и на обработку персональных данных (152-ФЗ)."
GOALS = ["Повысить оценку по математике до «4»", "Освоить приёмы самоподготовки"]
MENTOR_BIRTH, MENTEE_BIRTH = "2010-02-11", "2014-09-30"  # both minors: consents by the guardian


class BenchError(Exception):
    """A call was refused or failed; the pair it belonged to is counted as failed."""


# --- measurements -----------------------------------------------------------------------------------


@dataclass
class Sample:
    """Latencies in seconds of the successful calls of one part, and how the pairs ended."""

    transitions: list[float] = field(default_factory=list)
    calls: list[float] = field(default_factory=list)
    completed: int = 0
    failures: list[str] = field(default_factory=list)
    aborted: bool = False
    wall: float = 0.0

    async def timed(self, label: str, call: Awaitable[T], transition: bool = False) -> T:
        start = time.perf_counter()
        try:
            result = await asyncio.wait_for(call, CALL_TIMEOUT)
        except TimeoutError as error:
            raise BenchError(f"{label}: no answer in {CALL_TIMEOUT:.0f} s") from error
        elapsed = time.perf_counter() - start
        self.calls.append(elapsed)
        if transition:
            self.transitions.append(elapsed)
        return result

    def rate(self, count: float) -> float:
        return count / self.wall if self.wall > 0 else math.nan


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    if not values:
        return math.nan, math.nan, math.nan
    if len(values) == 1:
        return values[0] * 1000, values[0] * 1000, values[0] * 1000
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


async def run_clients(
    pairs: int, clients: int, job: Callable[[int, int], Awaitable[None]], sample: Sample, label: str
) -> None:
    """`clients` concurrent loops take the pair indexes 0…pairs-1 one by one; a failed pair is recorded, and
    after `max_failures(pairs)` failures no new pair is started (a stuck system must not hold the run for
    hours: each stuck call costs CALL_TIMEOUT)."""
    indexes = iter(range(pairs))
    step = max(1, pairs // 10)
    done = 0

    async def client(number: int) -> None:
        nonlocal done
        for index in indexes:  # shared iterator: each pair is taken by exactly one client
            if len(sample.failures) >= max_failures(pairs):
                sample.aborted = True
                return
            try:
                await job(number, index)
            except Exception as error:
                sample.failures.append(f"pair {index}: {type(error).__name__}: {error}")
            done += 1
            if done % step == 0 or done == pairs:
                say(f"    {label}: {done}/{pairs} pairs")

    start = time.perf_counter()
    await asyncio.gather(*(client(number) for number in range(clients)))
    sample.wall = time.perf_counter() - start


def max_failures(pairs: int) -> int:
    return max(5, pairs // 50)


# --- processes and their peak memory ----------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    role: str
    pid: int

    def memory(self) -> tuple[int, int] | None:
        """(VmHWM, VmRSS) in KiB: the peak resident set since the process started, and the current one."""
        try:
            lines = Path(f"/proc/{self.pid}/status").read_text().splitlines()
        except OSError:
            return None
        values = {
            key: int(rest.split()[0])
            for key, _, rest in (line.partition(":") for line in lines)
            if key in ("VmHWM", "VmRSS")
        }
        if "VmHWM" not in values:
            return None
        return values["VmHWM"], values.get("VmRSS", 0)


def command_lines() -> Iterator[tuple[int, list[str]]]:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if raw:
            yield int(entry.name), [part.decode(errors="replace") for part in raw.rstrip(b"\0").split(b"\0")]


def system_processes(api_port: int, temporal_port: int, within: set[int] | None = None) -> list[Proc]:
    """The worker (`python worker.py`), the API (`uvicorn api.app:app` on our port) and the dev server on
    our Temporal port (any other dev server on the machine is not ours); with `within`, only those
    processes (a system the benchmark started itself)."""
    found: list[Proc] = []
    for pid, argv in command_lines():
        if within is not None and pid not in within:
            continue
        program = Path(argv[0]).name
        if program.startswith("python") and any(Path(arg).name == "worker.py" for arg in argv[1:]):
            found.append(Proc("worker", pid))
        elif "api.app:app" in argv:
            port = argv[argv.index("--port") + 1] if "--port" in argv[:-1] else "8000"
            if port == str(api_port):
                found.append(Proc("API", pid))
        elif program == "temporal" and "start-dev" in argv:
            port = argv[argv.index("--port") + 1] if "--port" in argv[:-1] else "7233"
            if port == str(temporal_port):
                found.append(Proc("Temporal dev server", pid))
    here = [p for p in found if p.role != "Temporal dev server" and working_directory(p.pid) == ROOT]
    if here:  # prefer the worker and API started from this checkout (`make run` starts them here)
        found = [p for p in found if p.role == "Temporal dev server" or p in here]
    order = {"worker": 0, "API": 1, "Temporal dev server": 2}
    return sorted(found, key=lambda proc: (order[proc.role], proc.pid))


def port_of(address: str) -> int:
    return int(address.rpartition(":")[2])


def working_directory(pid: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd")).resolve()
    except OSError:
        return None


def memory_report(processes: list[Proc]) -> list[str]:
    lines = []
    for proc in processes:
        memory = proc.memory()
        if memory is not None:
            peak, now = memory
            lines.append(
                f"{proc.role} (pid {proc.pid}): peak {peak / 1024:.1f} MiB, now {now / 1024:.1f} MiB"
            )
    return lines or ["no worker or API process found on this machine (/proc)"]


# --- part A: the HTTP API ---------------------------------------------------------------------------


@dataclass
class People:
    """One pupil pair's people as the curator entered them, and the mentor's account."""

    mentor_id: str
    mentee_id: str
    mentor_user_id: str
    mentor_token: str
    consents: list[ConsentFact]


@dataclass
class School:
    id: str
    district: str
    curator_id: str
    curator_token: str
    people: dict[int, People] = field(default_factory=dict)


class Api:
    """One client of the HTTP API (one connection, one call at a time)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def call(self, method: str, path: str, token: str, body: Any = None) -> Any:
        response = await self.http.request(
            method, path, headers={"Authorization": f"Bearer {token}"}, json=body
        )
        if response.status_code >= 400:
            raise BenchError(f"{method} {path} → {response.status_code}: {response.text[:300]}")
        return response.json()


async def create_school(api: Api, run: str) -> School:
    school_id, district = f"bench-{run}", f"bench-{run}"
    admin = settings.admin_token
    body = {"id": school_id, "name": f"Бенчмарк {run}", "district": district}
    await api.call("POST", "/admin/organisations", admin, body)
    curator = await api.call(
        "POST",
        "/admin/users",
        admin,
        {"role": "curator", "display_name": "Куратор бенчмарка", "organisation_id": school_id},
    )
    return School(school_id, district, curator["id"], curator["token"])


async def enter_people(api: Api, school: School, index: int) -> None:
    """Two pupils, each with both consents given by a guardian, and the mentor's account."""
    curator = school.curator_token
    ids = []
    consents: list[ConsentFact] = []
    for role, birth, grade in (("Наставник", MENTOR_BIRTH, 10), ("Наставляемый", MENTEE_BIRTH, 6)):
        person = await api.call(
            "POST",
            "/participants",
            curator,
            {"kind": "pupil", "full_name": f"{role} {index}", "birth_date": birth, "grade": grade},
        )
        ids.append(person["id"])
        for kind in ConsentKind:
            consent = await api.call(
                "POST",
                f"/participants/{person['id']}/consents",
                curator,
                {
                    "kind": kind.value,
                    "given_by": "guardian",
                    "guardian_name": f"Законный представитель {index}",
                    "text_accepted": CONSENT_TEXT,
                    "signed_at": f"{date.today().isoformat()}T09:00:00Z",
                },
            )
            consents.append(
                ConsentFact(
                    consent_id=consent["id"],
                    participant_id=person["id"],
                    kind=kind,
                    given_by=ConsentGiver.GUARDIAN,
                )
            )
    mentor = await api.call(
        "POST",
        "/admin/users",
        settings.admin_token,
        {
            "role": "mentor",
            "display_name": f"Наставник {index}",
            "organisation_id": school.id,
            "participant_id": ids[0],
        },
    )
    school.people[index] = People(ids[0], ids[1], mentor["id"], mentor["token"], consents)


def plan_body(start: date, end: date) -> dict[str, Any]:
    return {
        "goals": GOALS,
        "schedule": [(start + timedelta(days=14 * i)).isoformat() for i in range(1, 13)],
        "cadence_days": 14,
        "format": "mixed",
        "starts_on": start.isoformat(),
        "ends_on": end.isoformat(),
    }


async def lifecycle_via_api(api: Api, school: School, index: int, sample: Sample) -> None:
    people, curator = school.people[index], school.curator_token
    today = date.today()
    start, end = today, add_months(today, 8)
    pair = await sample.timed(
        "POST /pairs",
        api.call(
            "POST",
            "/pairs",
            curator,
            {
                "form": "student_student",
                "role_model": "успевающий — неуспевающий",
                "mentor_ids": [people.mentor_id],
                "mentee_ids": [people.mentee_id],
                "planned_start": start.isoformat(),
                "planned_end": end.isoformat(),
            },
        ),
    )
    path = f"/pairs/{pair['id']}"

    async def command(what: str, body: dict[str, Any], token: str = curator) -> Any:
        return await sample.timed(f"POST {path}/{what}", api.call("POST", f"{path}/{what}", token, body))

    async def transition(to: Stage) -> Any:
        call = api.call("POST", f"{path}/transitions", curator, {"to_stage": to.value})
        return await sample.timed(f"POST {path}/transitions → {to.value}", call, transition=True)

    await command("order", {"number": f"{index}-о", "signed_on": today.isoformat()})
    await transition(Stage.DESIGN)
    await command("plan", plan_body(start, end))
    await transition(Stage.IMPLEMENTATION)
    for kind in ("regular", "final"):
        meeting = {"kind": kind, "held_on": today.isoformat(), "format": "in_person"}
        await command("meetings", meeting, people.mentor_token)
    await transition(Stage.REFLECTIVE)
    await command("reflections", {"kind": "mentor_report", "text": "План выполнен, оценка выросла."})
    await command("reflections", {"kind": "mentee_reflection", "text": "Стала увереннее на уроках."})
    await transition(Stage.RESULT)
    final = await transition(Stage.COMPLETED)
    if final["stage"] != Stage.COMPLETED.value:
        raise BenchError(f"{path} ended in {final['stage']}")
    sample.completed += 1


# --- part B: the ceiling, straight through Temporal -------------------------------------------------


def ceiling_state(school: School, people: People, pair_id: str, start: date, end: date) -> PairState:
    """The state POST /pairs gives a new pupil pair's workflow (api/routes/pairs.py), consents included."""
    return PairState(
        pair_id=pair_id,
        organisation_id=school.id,
        district=school.district,
        form=Form.STUDENT_STUDENT,
        role_model="успевающий — неуспевающий",
        members=[
            PairMember(participant_id=people.mentor_id, role=MemberRole.MENTOR, minor=True),
            PairMember(participant_id=people.mentee_id, role=MemberRole.MENTEE, minor=True),
        ],
        planned_start=start,
        planned_end=end,
        consents=list(people.consents),
    )


def insert_ceiling_rows(states: list[PairState], database_url: str) -> None:
    """The pairs' rows, as the API writes them before starting a workflow; the workflow id is the pair id."""
    with Session(engine_for(database_url), expire_on_commit=False) as session:
        for state in states:
            insert_pair(session, state).workflow_id = state.pair_id
        session.commit()


def school_in_database(school: School, database_url: str) -> bool:
    """Part B writes rows itself: only where the measured system keeps its data (it has part A's school)."""
    try:
        with Session(engine_for(database_url)) as session:
            return session.get(Organisation, school.id) is not None
    except Exception:
        return False


async def lifecycle_via_temporal(
    client: Client, task_queue: str, school: School, people: People, state: PairState, sample: Sample
) -> None:
    curator = Actor(
        user_id=school.curator_id, role=Role.CURATOR, organisation_id=school.id, district=school.district
    )
    mentor = Actor(
        user_id=people.mentor_user_id,
        role=Role.MENTOR,
        organisation_id=school.id,
        district=school.district,
        participant_id=people.mentor_id,
    )
    today = date.today()
    handle: WorkflowHandle[PairWorkflow, PairState] = await sample.timed(
        f"start {state.pair_id}",
        client.start_workflow(
            PairWorkflow.run,
            PairWorkflowInput(
                state=state, created_by=curator, history_limit=settings.continue_as_new_after_events
            ),
            id=state.pair_id,
            task_queue=task_queue,
        ),
    )

    async def advance(to: Stage) -> PairState:
        command = ev.AdvanceStage(actor=curator, to_stage=to)
        call = handle.execute_update(PairWorkflow.advance, command)
        return await sample.timed(f"{state.pair_id} advance → {to.value}", call, transition=True)

    await sample.timed(
        f"{state.pair_id} fix_order",
        handle.execute_update(
            PairWorkflow.fix_order,
            ev.FixOrder(actor=curator, order=OrderFacts(number=f"{state.pair_id}-о", signed_on=today)),
        ),
    )
    await advance(Stage.DESIGN)
    plan = PlanFacts(
        plan_id=f"plan-{uuid4().hex[:12]}",
        goal_count=len(GOALS),
        format=MeetingFormat.MIXED,
        cadence_days=14,
        scheduled_meetings=12,
        starts_on=state.planned_start,
        ends_on=state.planned_end,
    )
    await sample.timed(
        f"{state.pair_id} approve_plan",
        handle.execute_update(PairWorkflow.approve_plan, ev.ApprovePlan(actor=curator, plan=plan)),
    )
    await advance(Stage.IMPLEMENTATION)
    for kind in (MeetingKind.REGULAR, MeetingKind.FINAL):
        meeting = MeetingFacts(
            meeting_id=f"meeting-{uuid4().hex[:12]}", kind=kind, held_on=today, format=MeetingFormat.IN_PERSON
        )
        call = handle.execute_update(
            PairWorkflow.record_meeting, ev.RecordMeeting(actor=mentor, meeting=meeting)
        )
        await sample.timed(f"{state.pair_id} record_meeting", call)
    await advance(Stage.REFLECTIVE)
    for reflection in (ReflectionKind.MENTOR_REPORT, ReflectionKind.MENTEE_REFLECTION):
        command = ev.RecordReflection(actor=curator, kind=reflection, document_id=f"doc-{uuid4().hex[:12]}")
        call = handle.execute_update(PairWorkflow.record_reflection, command)
        await sample.timed(f"{state.pair_id} record_reflection", call)
    await advance(Stage.RESULT)
    final = await advance(Stage.COMPLETED)
    if final.stage is not Stage.COMPLETED:
        raise BenchError(f"{state.pair_id} ended in {final.stage}")
    sample.completed += 1


async def lifecycle_bare(client: Client, task_queue: str, workflow_id: str, sample: Sample) -> None:
    """Part C: the five stages by Updates alone (bench/bare_workflow.py)."""
    handle = await sample.timed(
        f"start {workflow_id}",
        client.start_workflow(BareFiveStages.run, id=workflow_id, task_queue=task_queue),
    )
    for stage in BARE_STAGES[1:]:
        moved = await sample.timed(
            f"{workflow_id} advance → {stage}",
            handle.execute_update(BareFiveStages.advance, stage),
            transition=True,
        )
        if moved != stage:
            raise BenchError(f"{workflow_id} answered {moved} for {stage}")
    sample.completed += 1


async def lifecycle_durable(client: Client, task_queue: str, workflow_id: str, sample: Sample) -> None:
    """Part E: the pair's eleven commands, each an Update waiting for one write activity."""
    handle = await sample.timed(
        f"start {workflow_id}",
        client.start_workflow(BareDurableLifecycle.run, id=workflow_id, task_queue=task_queue),
    )
    for name in DURABLE_COMMANDS:
        await sample.timed(
            f"{workflow_id} {name}",
            handle.execute_update(BareDurableLifecycle.command, name),
            transition=name in BARE_STAGES,
        )
    sample.completed += 1


# --- the run ----------------------------------------------------------------------------------------


def say(message: str = "") -> None:
    print(message, flush=True)


def report(title: str, sample: Sample, pairs: int, includes: list[str]) -> None:
    say(title)
    for line in includes:
        say(f"  {line}")
    say(f"  pairs completed           {sample.completed} / {pairs} in {sample.wall:.1f} s")
    say(f"  pairs/s                   {sample.rate(sample.completed):.2f}")
    say(f"  transitions/s             {sample.rate(len(sample.transitions)):.1f}")
    say(f"  calls/s                   {sample.rate(len(sample.calls)):.1f}  ({CALLS_PER_PAIR} per pair)")
    p50, p95, p99 = percentiles(sample.transitions)
    say(f"  transition latency        p50 {p50:.0f} ms · p95 {p95:.0f} ms · p99 {p99:.0f} ms")
    p50, p95, p99 = percentiles(sample.calls)
    say(f"  any call latency          p50 {p50:.0f} ms · p95 {p95:.0f} ms · p99 {p99:.0f} ms")
    if sample.failures:
        stopped = f" — stopped after {len(sample.failures)} failures" if sample.aborted else ""
        say(f"  FAILED pairs              {len(sample.failures)}{stopped}; first:")
        for failure in sample.failures[:3]:
            say(f"    {failure}")


def ratio_line(name: str, value: float, target: str, met: bool) -> str:
    verdict = "met" if met else "NOT met"
    return f"  {name:<34}{value:.2f}  (target {target}: {verdict})"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--pairs", type=int, default=None, help="pairs per part (default 2000; 100 with --quick)"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument(
        "--lone", type=int, default=20, help="pairs driven by one client in part D (default 20; 0 skips D)"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_PAIRS} pairs, for a fast try")
    parser.add_argument("--api-url", default=f"http://127.0.0.1:{settings.api_port}", help="the running API")
    parser.add_argument("--temporal-address", default=settings.temporal_address, help="the Temporal frontend")
    parser.add_argument(
        "--no-postgres",
        action="store_true",
        help="measure only the running system, even when NASTAVNIK_TEST_DATABASE_URL is set",
    )
    args = parser.parse_args(argv)
    args.pairs = args.pairs if args.pairs is not None else (QUICK_PAIRS if args.quick else 2000)
    if args.pairs < 1 or args.clients < 1:
        parser.error("--pairs and --clients must be at least 1")
    for option, host in (
        ("--api-url", urlsplit(args.api_url).hostname),
        ("--temporal-address", args.temporal_address.rpartition(":")[0].strip("[]")),
    ):
        if host not in LOOPBACK:
            parser.error(f"{option}: the benchmark runs against the system on this machine (loopback only)")
    return args


@dataclass(frozen=True)
class Target:
    """One system under measurement: where it answers, where its read model lives, and its processes."""

    name: str
    api_url: str
    temporal_address: str
    database_url: str
    processes: list[Proc]


@dataclass
class Outcome:
    name: str
    api: Sample
    ceiling: Sample | None = None
    bare: Sample | None = None  # part C: the physical limit
    durable: Sample | None = None  # part E: the floor of our durability rule
    lone_durable: Sample | None = None
    lone_api: Sample | None = None  # part D: one client
    lone_bare: Sample | None = None
    school: School | None = None

    def ratios_to_bare(self, ours: Sample, bare: Sample | None = None) -> tuple[float, float] | None:
        """(throughput, p95) of `ours` over the bare ceiling's (or over `bare`, another floor)."""
        bare = bare or self.bare
        if bare is None or not bare.transitions:
            return None
        bare_rate = bare.rate(len(bare.transitions))
        bare_p95 = percentiles(bare.transitions)[1]
        return ours.rate(len(ours.transitions)) / bare_rate, percentiles(ours.transitions)[1] / bare_p95

    def lone_p50_ratio(self, lone_bare: Sample | None = None) -> float | None:
        lone_bare = lone_bare or self.lone_bare
        if not (self.lone_api and lone_bare and self.lone_api.transitions and lone_bare.transitions):
            return None
        return percentiles(self.lone_api.transitions)[0] / percentiles(lone_bare.transitions)[0]

    def ratios(self) -> tuple[float, float] | None:
        """(throughput, p95) of ours over the ceiling's, or None when the ceiling completed nothing."""
        if self.ceiling is None:
            return None
        ceiling_rate = self.ceiling.rate(len(self.ceiling.transitions))
        ceiling_p95 = percentiles(self.ceiling.transitions)[1]
        if not (ceiling_rate > 0 and ceiling_p95 > 0):
            return None
        throughput = self.api.rate(len(self.api.transitions)) / ceiling_rate
        return throughput, percentiles(self.api.transitions)[1] / ceiling_p95

    @property
    def failed(self) -> bool:
        parts = (self.api, self.ceiling, self.bare)
        return any(part is None or part.failures for part in parts)


async def measure(target: Target, pairs: int, clients: int, run: str, lone: int) -> Outcome | None:
    """Set-up, part A through the HTTP API, part B straight through Temporal, part C the bare ceiling and
    part D one client, on one system."""
    backend = make_url(target.database_url).get_backend_name()
    say(f"== {target.name}")
    say(
        f"  API {target.api_url} · Temporal {target.temporal_address} (namespace "
        f"{settings.temporal_namespace}, task queue {settings.task_queue}) · read model on {backend}"
    )
    async with contextlib.AsyncExitStack() as stack:
        https = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=target.api_url, timeout=CALL_TIMEOUT))
            for _ in range(clients)
        ]
        apis = [Api(http) for http in https]
        try:
            health = await https[0].get("/health")
        except httpx.HTTPError as error:
            say(f"The system does not answer at {target.api_url} ({error!r}). Start it with `make run`.")
            return None
        if health.status_code != 200:
            say(f"The system is not ready ({health.status_code}: {health.text}). Start it with `make run`.")
            return None

        # Set-up through the API, timed apart: the school, then each pair's people, consents and mentor.
        started = time.perf_counter()
        school = await create_school(apis[0], run)
        setup = Sample()

        async def people_job(number: int, index: int) -> None:
            await enter_people(apis[number], school, index)

        await run_clients(pairs + lone, clients, people_job, setup, "set-up")
        if setup.failures:
            say(f"Set-up failed for {len(setup.failures)} pairs; first: {setup.failures[:3]}")
            return None
        say(
            f"Set-up through the API: school {school.id}, {2 * pairs} pupils, {4 * pairs} guardian consents, "
            f"{pairs} mentor accounts in {time.perf_counter() - started:.1f} s (not in the figures)"
        )

        # A. Through the HTTP API.
        outcome = Outcome(target.name, Sample(), school=school)
        api_sample = outcome.api

        async def api_job(number: int, index: int) -> None:
            await lifecycle_via_api(apis[number], school, index, api_sample)

        await run_clients(pairs, clients, api_job, api_sample, "A (HTTP API)")
        say()
        report(
            "A. Through the HTTP API",
            api_sample,
            pairs,
            [
                "per pair: POST /pairs, order, 5 transitions, plan, 2 meetings, 2 reflections (as demo.py)",
                "transition = POST /pairs/{id}/transitions: auth, scope check, Update, audit + read model "
                "written by the worker, pair detail read back",
            ],
        )
        for line in memory_report(target.processes):
            say(f"  {'peak RSS after A':<26}{line}")

    # B. The ceiling, straight through the Temporal client.
    say()
    if not school_in_database(school, target.database_url):
        say(
            "B. Ceiling skipped: this process's NASTAVNIK_DATABASE_URL is not the running system's database "
            f"(no school {school.id} in it). Run the benchmark with the same settings as `make run`."
        )
        return outcome
    from worker import connect

    client = await connect(target.temporal_address)
    today = date.today()
    states = [
        ceiling_state(school, school.people[i], f"bench-ceiling-{run}-{i:05d}", today, add_months(today, 8))
        for i in range(pairs)
    ]
    insert_ceiling_rows(states, target.database_url)
    ceiling = outcome.ceiling = Sample()

    async def ceiling_job(number: int, index: int) -> None:
        people = school.people[index]
        await lifecycle_via_temporal(client, settings.task_queue, school, people, states[index], ceiling)

    await run_clients(pairs, clients, ceiling_job, ceiling, "B (Temporal ceiling)")
    say()
    report(
        "B. Ceiling: the same lifecycle straight through the Temporal client (no HTTP API)",
        ceiling,
        pairs,
        [
            "per pair: start PairWorkflow, then the same 11 Updates (validators and domain guards included)",
            "includes: Temporal dev server, the worker, its local activity writing audit + read model row",
            "excludes: HTTP, auth, the API's own reads and writes (documents, pair detail), POST /pairs",
        ],
    )
    for line in memory_report(target.processes):
        say(f"  {'peak RSS after B':<26}{line}")
    await measure_bare(outcome, client, pairs, clients, run, lone, target)
    say()
    say(f"Ours (A) / our ceiling (B) — {target.name}")
    ratios = outcome.ratios()
    if ratios is None:
        say("  no ratios: our ceiling completed no transition")
    else:
        throughput, p95 = ratios
        say(ratio_line("throughput (transitions/s)", throughput, "≥ 0.50", throughput >= 0.5))
        say(ratio_line("p95 of a transition", p95, "≤ 2.00", p95 <= 2.0))
    say(f"Ours / the bare ceiling (C) — {target.name}")
    for part, sample in (("A (API)", api_sample), ("B (PairWorkflow)", ceiling)):
        to_bare = outcome.ratios_to_bare(sample)
        if to_bare is not None:
            say(ratio_line(f"{part} throughput", to_bare[0], "≥ 0.50", to_bare[0] >= 0.5))
            say(ratio_line(f"{part} p95", to_bare[1], "≤ 2.00", to_bare[1] <= 2.0))
    lone_ratio = outcome.lone_p50_ratio()
    if lone_ratio is not None:
        say(ratio_line("one client: A p50 / C p50", lone_ratio, "≤ 3.00", lone_ratio <= 3.0))
    say(f"Ours / the durable floor (E: the same 11 Updates, each waiting for a write) — {target.name}")
    for part, compared in (
        ("A (API)", api_sample),
        ("B (PairWorkflow)", ceiling),
        ("C (bare)", outcome.bare),
    ):
        to_floor = outcome.ratios_to_bare(compared, outcome.durable) if compared is not None else None
        if to_floor is not None:
            say(f"  {part + ' throughput':<34}{to_floor[0]:.2f}")
            say(f"  {part + ' p95':<34}{to_floor[1]:.2f}")
    lone_floor = outcome.lone_p50_ratio(outcome.lone_durable)
    if lone_floor is not None:
        say(f"  {'one client: A p50 / E p50':<34}{lone_floor:.2f}")
    for part, part_sample in (("A", api_sample), ("B", ceiling), ("C", outcome.bare)):
        if part_sample is not None and part_sample.failures:
            say(f"  not a valid comparison: part {part} failed {len(part_sample.failures)} pairs (latencies")
            say("  above are of the calls that succeeded)")
    return outcome


async def measure_bare(
    outcome: Outcome, client: Client, pairs: int, clients: int, run: str, lone: int, target: Target
) -> None:
    """Part C on a worker inside this process (same dev server), then part D: one client through A and C."""
    task_queue = f"bench-bare-{run}"
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[BareFiveStages, BareDurableLifecycle],
        activities=[bare_write],
    ):
        bare = outcome.bare = Sample()

        async def bare_job(number: int, index: int) -> None:
            await lifecycle_bare(client, task_queue, f"bench-bare-{run}-{index:05d}", bare)

        say()
        await run_clients(pairs, clients, bare_job, bare, "C (bare ceiling)")
        say()
        report(
            "C. The bare ceiling: five stages by Updates alone (no activity), same dev server",
            bare,
            pairs,
            ["per pair: start BareFiveStages, 5 Updates (validator: next stage only)"],
        )
        durable = outcome.durable = Sample()

        async def durable_job(number: int, index: int) -> None:
            await lifecycle_durable(client, task_queue, f"bench-durable-{run}-{index:05d}", durable)

        say()
        await run_clients(pairs, clients, durable_job, durable, "E (durable floor)")
        say()
        report(
            "E. The durable floor: the same 11 Updates, each waiting for one write activity, same dev server",
            durable,
            pairs,
            ["per pair: start BareDurableLifecycle, 11 Updates of which 5 move the stage; no domain, no DB"],
        )
        if lone < 1:
            return
        lone_durable = outcome.lone_durable = Sample()

        async def lone_durable_job(number: int, index: int) -> None:
            await lifecycle_durable(client, task_queue, f"bench-durable-lone-{run}-{index:05d}", lone_durable)

        await run_clients(lone, 1, lone_durable_job, lone_durable, "D (one client, durable floor)")
        lone_bare = outcome.lone_bare = Sample()

        async def lone_bare_job(number: int, index: int) -> None:
            await lifecycle_bare(client, task_queue, f"bench-bare-lone-{run}-{index:05d}", lone_bare)

        await run_clients(lone, 1, lone_bare_job, lone_bare, "D (one client, bare)")
    lone_api = outcome.lone_api = Sample()
    school = outcome.school
    assert school is not None
    async with httpx.AsyncClient(base_url=target.api_url, timeout=CALL_TIMEOUT) as http:
        api = Api(http)

        async def lone_api_job(number: int, index: int) -> None:
            await lifecycle_via_api(api, school, pairs + index, lone_api)

        await run_clients(lone, 1, lone_api_job, lone_api, "D (one client, API)")
    say()
    say("D. One client, one call at a time")
    for name, sample in (("A (API)", lone_api), ("C (bare)", lone_bare), ("E (floor)", lone_durable)):
        p50, p95, _ = percentiles(sample.transitions)
        say(f"  {name:<10} transition p50 {p50:.0f} ms · p95 {p95:.0f} ms over {len(sample.transitions)}")


def summary(outcomes: list[Outcome]) -> None:
    """One line per system: the figures the targets are about, side by side."""
    say()
    say("Summary (transitions/s · p95 of a transition; ratios ours/ceiling)")
    for outcome in outcomes:
        api_rate = outcome.api.rate(len(outcome.api.transitions))
        api_p95 = percentiles(outcome.api.transitions)[1]
        line = f"  {outcome.name:<44} API {api_rate:6.1f}/s · {api_p95:6.0f} ms"
        if outcome.ceiling is not None:
            ceiling_rate = outcome.ceiling.rate(len(outcome.ceiling.transitions))
            ceiling_p95 = percentiles(outcome.ceiling.transitions)[1]
            line += f" | ceiling {ceiling_rate:6.1f}/s · {ceiling_p95:6.0f} ms"
        ratios = outcome.ratios()
        if ratios is not None:
            line += f" | ratios {ratios[0]:.2f} / {ratios[1]:.2f}"
        to_bare = outcome.ratios_to_bare(outcome.api)
        if outcome.bare is not None and to_bare is not None:
            bare_rate = outcome.bare.rate(len(outcome.bare.transitions))
            bare_p95 = percentiles(outcome.bare.transitions)[1]
            line += f" | bare {bare_rate:6.1f}/s · {bare_p95:6.0f} ms"
            line += f" | to bare {to_bare[0]:.2f} / {to_bare[1]:.2f}"
        lone = outcome.lone_p50_ratio()
        if lone is not None:
            line += f" | one client p50 ×{lone:.2f}"
        say(line)


async def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pairs, clients = args.pairs, args.clients
    run = uuid4().hex[:8]
    say(f"Nastavnik lifecycle benchmark · {pairs} pairs · {clients} concurrent clients · run {run}")
    say(f"  {os.cpu_count()} CPUs; each system is measured in turn, alone")
    running = Target(
        name=f"the running system (read model on {make_url(settings.database_url).get_backend_name()})",
        api_url=args.api_url,
        temporal_address=args.temporal_address,
        database_url=settings.database_url,
        processes=system_processes(urlsplit(args.api_url).port or 80, port_of(args.temporal_address)),
    )
    outcomes: list[Outcome] = []
    first = await measure(running, pairs, clients, run, args.lone)
    if first is None:
        return 1
    outcomes.append(first)

    postgres = os.environ.get("NASTAVNIK_TEST_DATABASE_URL", "")
    if postgres and not args.no_postgres:
        say()
        say("NASTAVNIK_TEST_DATABASE_URL is set: the same run on a second system with the read model on")
        say("PostgreSQL (a fresh database, its own dev server, worker and API, started and stopped here)")
        try:
            with postgres_system(postgres, run) as system:
                target = Target(
                    name="own system, read model on PostgreSQL",
                    api_url=system.api_url,
                    temporal_address=system.temporal_address,
                    database_url=system.database_url,
                    processes=system_processes(
                        urlsplit(system.api_url).port or 80,
                        port_of(system.temporal_address),
                        within=descendants(system.launcher_pid),
                    ),
                )
                second = await measure(target, pairs, clients, run, args.lone)
        except OwnSystemError as error:
            say(f"The PostgreSQL system could not be started: {error}")
            return 1
        if second is None:
            return 1
        outcomes.append(second)
    summary(outcomes)
    return 1 if any(outcome.failed for outcome in outcomes) else 0


if __name__ == "__main__":
    # SIGTERM stops the run like Ctrl-C does, so the second system and its database are cleaned up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        status = asyncio.run(main())
    except KeyboardInterrupt:
        say("Interrupted: the systems the benchmark started are stopped.")
        status = 130
    sys.stdout.flush()
    sys.stderr.flush()
    # The Temporal SDK may abort at interpreter shutdown after all work succeeded (../shared/PITFALLS.md §1).
    os._exit(status)
