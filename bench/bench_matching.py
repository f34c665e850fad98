"""Benchmark of matching (issue 3, point 5): a script that prints figures, not a timed test.

    .venv/bin/python bench/bench_matching.py            # from the repository root

A seeded synthetic district: 20,000 mentees and 5,000 mentors in 40 schools, 10 employers and
2 universities, every form, capacities 1–5, ten criteria, partial questionnaires of preference, some
mentees needing two mentors, some returning with their earlier mentor excluded. It prints, for each run,
time, peak memory, total fit, blocking pairs and unmatched mentees:

1. the district in stable mode (the questionnaires were collected);
2. the district in optimal mode (as if they were not);
3. the worst case for optimal mode: all 20,000 mentees and 5,000 mentors in one cross-organisation form;
4. stable mode with complete questionnaires (1,000 × 300), where no blocking pair may remain;
5. optimal mode against scipy's `linear_sum_assignment` on the capacity-expanded matrix, 2,000 × 500.

Targets: the district in under 10 s on two cores; optimal within 1% of the baseline's total fit.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.forms import SAME_ORGANISATION_FORMS, Form, ParticipantKind
from domain.matching import (
    MatchingInput,
    MatchingMode,
    MenteeEntry,
    MenteeRequest,
    MentorEntry,
    Proposal,
    blocking_pairs,
    propose_pairs,
)
from domain.matching.market import Market
from domain.matching.optimal import solve_optimal
from domain.participants import ParticipantFacts

CRITERIA = (
    "математика",
    "русский язык",
    "физика",
    "информатика",
    "олимпиады",
    "проектная деятельность",
    "профориентация",
    "адаптация в коллективе",
    "методика урока",
    "цифровые инструменты",
)
# Some requests are more common than others: competition for the popular mentors is what makes matching hard.
CRITERIA_WEIGHTS = (9, 6, 4, 6, 5, 5, 4, 3, 4, 3)

MENTEE_FORMS = {
    Form.STUDENT_STUDENT: 30,
    Form.TEACHER_STUDENT: 20,
    Form.TEACHER_TEACHER: 15,
    Form.STUDENT_TEACHER: 5,
    Form.EMPLOYER_STUDENT: 12,
    Form.UNIVERSITY_STUDENT_PUPIL: 13,
    Form.HEAD_TEACHER: 5,
}
MENTOR_KIND_SHARES = {
    ParticipantKind.PUPIL: 30,
    ParticipantKind.TEACHER: 38,
    ParticipantKind.EMPLOYER_STAFF: 14,
    ParticipantKind.UNIVERSITY_STUDENT: 14,
    ParticipantKind.HEAD: 4,
}
# The kind each form's mentors have in this synthetic district (a form admits more: parents, alumni…).
PRIMARY_MENTOR_KIND = {
    Form.STUDENT_STUDENT: ParticipantKind.PUPIL,
    Form.STUDENT_TEACHER: ParticipantKind.PUPIL,
    Form.TEACHER_STUDENT: ParticipantKind.TEACHER,
    Form.TEACHER_TEACHER: ParticipantKind.TEACHER,
    Form.EMPLOYER_STUDENT: ParticipantKind.EMPLOYER_STAFF,
    Form.UNIVERSITY_STUDENT_PUPIL: ParticipantKind.UNIVERSITY_STUDENT,
    Form.HEAD_TEACHER: ParticipantKind.HEAD,
}
SCHOOLS = [f"school-{n:02d}" for n in range(1, 41)]
EMPLOYERS = [f"employer-{n:02d}" for n in range(1, 11)]
UNIVERSITIES = ["university-1", "university-2"]


def _pick(rng: random.Random, shares: dict) -> object:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _tags(rng: random.Random, low: int, high: int) -> list[str]:
    chosen: set[str] = set()
    size = rng.randint(low, high)
    while len(chosen) < size:
        chosen.add(rng.choices(CRITERIA, weights=CRITERIA_WEIGHTS)[0])
    return sorted(chosen)


def _mentor(rng: random.Random, number: int, kind: ParticipantKind) -> MentorEntry:
    organisation = rng.choice(SCHOOLS)
    grade = years = None
    forms: list[Form] = []
    if kind is ParticipantKind.PUPIL:
        grade = rng.randint(6, 11)
        forms = [Form.STUDENT_STUDENT] if rng.random() < 0.8 else [Form.STUDENT_TEACHER]
    elif kind is ParticipantKind.TEACHER:
        years = rng.randint(4, 40)
        forms = rng.choice([[Form.TEACHER_TEACHER], [Form.TEACHER_STUDENT], []])
    elif kind is ParticipantKind.EMPLOYER_STAFF:
        organisation, years = rng.choice(EMPLOYERS), rng.randint(3, 30)  # some below five years
    elif kind is ParticipantKind.UNIVERSITY_STUDENT:
        organisation = rng.choice(UNIVERSITIES)
    else:
        years = rng.randint(10, 35)
    return MentorEntry(
        facts=ParticipantFacts(
            participant_id=f"mentor-{number:05d}",
            organisation_id=organisation,
            kind=kind,
            grade=grade,
            years_of_experience=years,
        ),
        competences=_tags(rng, 2, 5),
        capacity=rng.randint(1, 5),
        forms=forms,
    )


def _mentee(rng: random.Random, number: int, form: Form, simple: bool) -> MenteeEntry:
    kind = (
        ParticipantKind.TEACHER
        if form in (Form.TEACHER_TEACHER, Form.HEAD_TEACHER)
        else ParticipantKind.PUPIL
    )
    if form is Form.STUDENT_TEACHER:
        kind = ParticipantKind.TEACHER
    grade = years = None
    new_hire = difficulty = False
    if kind is ParticipantKind.PUPIL:
        grade = rng.randint(1, 9) if form is Form.STUDENT_STUDENT else rng.randint(5, 11)
    else:
        years = rng.choice([0, 1, 2, 3, 5, 8, 15])
        new_hire, difficulty = rng.random() < 0.2, rng.random() < 0.3
    requests = [
        MenteeRequest(tag=tag, weight=1 if rng.random() < 0.7 else rng.randint(1, 5))
        for tag in _tags(rng, 1, 4)
    ]
    return MenteeEntry(
        facts=ParticipantFacts(
            participant_id=f"mentee-{number:05d}",
            organisation_id=rng.choice(SCHOOLS),
            kind=kind,
            minor=kind is ParticipantKind.PUPIL,
            grade=grade,
            years_of_experience=years,
            new_hire=new_hire,
            stated_difficulty=difficulty,
        ),
        form=form,
        requests=requests,
        mentors_needed=1 if simple or rng.random() < 0.95 else 2,
    )


def district(
    seed: int,
    mentees: int,
    mentors: int,
    *,
    questionnaires: bool,
    simple: bool = False,
    form: Form | None = None,
) -> MatchingInput:
    """`simple`: everyone needs one mentor and nobody returns (comparable with the scipy baseline).
    `form`: every mentee in this one form (the worst case: one big market)."""
    rng = random.Random(seed)
    if form is None:
        kinds = [_pick(rng, MENTOR_KIND_SHARES) for _ in range(mentors)]
    else:
        kinds = [PRIMARY_MENTOR_KIND[form]] * mentors
    mentor_base = [_mentor(rng, n, kind) for n, kind in enumerate(kinds)]  # type: ignore[arg-type]
    forms = [form or _pick(rng, MENTEE_FORMS) for _ in range(mentees)]
    mentee_base = [_mentee(rng, n, f, simple) for n, f in enumerate(forms)]  # type: ignore[arg-type]
    by_kind_school: dict[tuple[ParticipantKind, str], list[MentorEntry]] = {}
    by_kind: dict[ParticipantKind, list[MentorEntry]] = {}
    for mentor in mentor_base:
        by_kind_school.setdefault((mentor.facts.kind, mentor.facts.organisation_id), []).append(mentor)
        by_kind.setdefault(mentor.facts.kind, []).append(mentor)
    for mentee in mentee_base:
        kind = PRIMARY_MENTOR_KIND[mentee.form]
        if mentee.form in SAME_ORGANISATION_FORMS:
            near = by_kind_school.get((kind, mentee.facts.organisation_id), [])
        else:
            near = by_kind.get(kind, [])
        if not simple and near and rng.random() < 0.02:
            mentee.returning = True
            mentee.excluded_mentor_ids = [rng.choice(near).mentor_id]
        if questionnaires and near and rng.random() < 0.4:
            named = rng.sample(near, min(len(near), rng.randint(1, 3)))
            mentee.preferred_mentor_ids = [m.mentor_id for m in named]
    if questionnaires:
        for mentor in mentor_base:
            if rng.random() < 0.3:
                mentor.preferred_mentee_ids = [
                    m.mentee_id for m in rng.sample(mentee_base, rng.randint(1, 5))
                ]
    return MatchingInput(mentees=mentee_base, mentors=mentor_base)


def complete_questionnaires(seed: int, mentees: int, mentors: int) -> MatchingInput:
    """Student–pupil pairs with one university: every mentee ranks every mentor and every mentor every
    mentee, in random order (strict preferences on both sides)."""
    rng = random.Random(seed)
    data = district(
        seed, mentees, mentors, questionnaires=False, simple=True, form=Form.UNIVERSITY_STUDENT_PUPIL
    )
    for mentor in data.mentors:
        mentor.facts.organisation_id = "university-1"
    mentor_ids = [m.mentor_id for m in data.mentors]
    mentee_ids = [m.mentee_id for m in data.mentees]
    for mentee in data.mentees:
        mentee.preferred_mentor_ids = rng.sample(mentor_ids, len(mentor_ids))
    for mentor in data.mentors:
        mentor.preferred_mentee_ids = rng.sample(mentee_ids, len(mentee_ids))
    return data


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Run:
    proposal: Proposal
    seconds: float  # wall clock
    cpu: float  # this process only: the figure that does not depend on what else the machine runs
    peak_mb: float


def timed(run: Callable[[], Proposal]) -> Run:
    """The proposal, the time it took, and the peak memory the matching allocated (a second, traced
    run: tracing slows Python down, so it is not the timed one)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    proposal = run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Run(proposal, seconds, cpu, peak / 2**20)


def certificate(data: MatchingInput, total_fit: int) -> str:
    """How far the proposal is proven to be from the optimum: no assignment beats the min-cost flow's
    optimum over the relaxed network (see domain/matching/optimal.py); gap 0 means certified optimal."""
    bound = solve_optimal(Market(data)).upper_bound
    gap = bound - total_fit
    return f"gap to the solver's bound {gap:,} (bound {bound:,}; total fit {total_fit / bound:.4%} of it)"


def report(title: str, data: MatchingInput, run: Run, blocking: str) -> None:
    proposal = run.proposal
    unmatched = len(proposal.unmatched)
    no_fit = sum(1 for u in proposal.unmatched if u.code == "no_fit")
    places = sum(m.capacity for m in data.mentors)
    needed = sum(m.mentors_needed for m in data.mentees)
    print(f"\n{title}")
    print(f"  {len(data.mentees):,} mentees needing {needed:,} mentors")
    print(f"  {len(data.mentors):,} mentors with {places:,} places")
    print(
        f"  mode {proposal.mode}: time {run.seconds:.2f} s (CPU {run.cpu:.2f} s), "
        f"peak memory {run.peak_mb:.0f} MB (tracemalloc), process max RSS {peak_rss_mb():.0f} MB"
    )
    print(f"  pairs {proposal.pair_count:,}, mentees matched {proposal.matched_mentees:,}")
    print(f"  total fit {proposal.total_fit:,}")
    print(f"  unmatched {unmatched:,}: no_fit {no_fit:,}, no_mentor_with_capacity {unmatched - no_fit:,}")
    print(f"  blocking pairs: {blocking}")


def main() -> None:
    load = os.getloadavg()[0]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at start")
    print("domain/matching is pure Python (no numpy); times are wall clock, CPU is this process")

    data = district(2026, 20_000, 5_000, questionnaires=True)
    started = time.perf_counter()
    MatchingInput.model_validate(data.model_dump())
    took = time.perf_counter() - started
    print(f"validating the district input as an activity gets it: {took:.2f} s (not counted below)")

    run = timed(lambda: propose_pairs(data))
    started = time.perf_counter()
    blocking = len(blocking_pairs(data, run.proposal))
    took = time.perf_counter() - started
    report(
        "1. District, stable mode (partial questionnaires)",
        data,
        run,
        f"{blocking} (counted in {took:.1f} s)",
    )

    optimal = data.model_copy(update={"mode": MatchingMode.OPTIMAL})
    run = timed(lambda: propose_pairs(optimal))
    report("2. District, optimal mode (the same bases)", optimal, run, "not a stable mode")
    print(f"  {certificate(optimal, run.proposal.total_fit)}")

    one_market = district(7, 20_000, 5_000, questionnaires=False, form=Form.UNIVERSITY_STUDENT_PUPIL)
    run = timed(lambda: propose_pairs(one_market))
    report(
        "3. Worst case, optimal mode: everyone in one cross-organisation form",
        one_market,
        run,
        "not a stable mode",
    )
    print(f"  {certificate(one_market, run.proposal.total_fit)}")

    one_market = district(7, 20_000, 5_000, questionnaires=True, form=Form.UNIVERSITY_STUDENT_PUPIL)
    run = timed(lambda: propose_pairs(one_market))
    started = time.perf_counter()
    blocking = len(blocking_pairs(one_market, run.proposal))
    took = time.perf_counter() - started
    report(
        "4. Worst case, stable mode (partial questionnaires)",
        one_market,
        run,
        f"{blocking} (counted in {took:.1f} s)",
    )

    complete = complete_questionnaires(11, 1_000, 300)
    run = timed(lambda: propose_pairs(complete))
    report(
        "5. Stable mode, complete questionnaires",
        complete,
        run,
        str(len(blocking_pairs(complete, run.proposal))),
    )

    baseline()


def baseline() -> None:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    data = district(3, 2_000, 500, questionnaires=False, simple=True)
    ours = timed(lambda: propose_pairs(data))
    report("6a. 2,000 × 500 district, optimal mode (ours)", data, ours, "not a stable mode")

    started = time.perf_counter()
    tracemalloc.start()
    market = Market(data)
    columns = [j for j in range(market.n_mentors) for _ in range(market.capacity[j])]
    fit = np.zeros((market.n_mentees, market.n_mentors))
    for i in range(market.n_mentees):
        for j in range(market.n_mentors):
            if market.acceptable(i, j):
                fit[i, j] = market.score(i, j)
    expanded = fit[:, columns]  # one column per place; a pair that breaks a rule is worth 0 and dropped
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    seconds = time.perf_counter() - started
    total = int(expanded[rows, cols].sum())
    matched = int((expanded[rows, cols] > 0).sum())
    print("\n6b. The same bases, scipy linear_sum_assignment on the capacity-expanded matrix")
    print(f"  {market.n_mentees:,} mentees × {len(columns):,} places")
    print(f"  time {seconds:.2f} s with building the matrix, peak memory {peak / 2**20:.0f} MB (tracemalloc)")
    print(f"  pairs worth more than 0: {matched:,}, unmatched {market.n_mentees - matched:,}")
    print(f"  total fit {total:,}")
    print(f"  ratio of total fits, ours / baseline: {ours.proposal.total_fit / total:.4f}")


if __name__ == "__main__":
    main()
