"""Properties of matching over random small bases (hypothesis): whatever the people, the forms and the
questionnaires, capacities hold, hard rules hold, the result is explained and repeatable, nobody
disappears, and stable mode leaves no blocking pair."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import given as for_all
from hypothesis import strategies as st

from domain.forms import MENTEE_KINDS, MENTOR_KINDS, Form, ParticipantKind
from domain.matching import (
    MatchingInput,
    MatchingMode,
    MenteeEntry,
    MenteeRequest,
    MentorEntry,
    UnmatchedCode,
    blocking_pairs,
    first_broken_rule,
    propose_pairs,
)
from domain.matching.market import Market
from domain.participants import ParticipantFacts
from tests.domain.test_matching import (
    CYRILLIC,
    allowed,
    blocking_pairs_by_lists,
    expected_score,
    mentees_of,
    mentors_of,
    scipy_optimum,
)

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGS = ["математика", "физика", "олимпиады", "проекты", "методика"]
# Few forms and kinds, so that random people often fit each other and every rule gets its turn.
FORMS = [Form.TEACHER_TEACHER, Form.STUDENT_STUDENT, Form.EMPLOYER_STUDENT, Form.TEACHER_STUDENT]
KINDS = [ParticipantKind.TEACHER, ParticipantKind.PUPIL, ParticipantKind.EMPLOYER_STAFF]
MOSTLY = st.sampled_from([True, True, True, True, True, False])


@st.composite
def people(draw: st.DrawFn, prefix: str, kinds: list[ParticipantKind]) -> list[ParticipantFacts]:
    found = []
    for n, kind in enumerate(kinds):
        found.append(
            ParticipantFacts(
                participant_id=f"{prefix}-{n}",
                organisation_id=draw(st.sampled_from(["school-1", "school-1", "school-2"])),
                kind=kind,
                grade=draw(st.integers(1, 11)) if kind is ParticipantKind.PUPIL else None,
                years_of_experience=draw(st.sampled_from([None, 1, 3, 4, 6, 20, 20])),
                new_hire=draw(st.booleans()),
                stated_difficulty=draw(st.booleans()),
            )
        )
    return found


@st.composite
def district(draw: st.DrawFn, complete: bool = False, simple: bool = False) -> MatchingInput:
    """Random bases. `complete`: every questionnaire ranks everyone on the other side and nobody returns
    (strict preferences everywhere). `simple`: one mentor each and no questionnaires (scipy's case)."""
    # Mostly people of the kinds their form asks for, sometimes anyone: every rule gets its turn.
    main = draw(st.sampled_from(FORMS))
    forms = draw(st.lists(st.sampled_from([main] * 6 + FORMS), min_size=1, max_size=9))
    kinds = [draw(st.sampled_from(sorted(MENTEE_KINDS[form]) if draw(MOSTLY) else KINDS)) for form in forms]
    mentee_facts = draw(people("m", kinds))
    mentor_kinds = [
        draw(st.sampled_from(sorted(MENTOR_KINDS[draw(st.sampled_from([main, main, *forms]))])))
        if draw(MOSTLY)
        else draw(st.sampled_from(KINDS))
        for _ in range(draw(st.integers(1, 6)))
    ]
    # Some mentors share a participant id with a mentee: a teacher can be in both bases.
    mentor_facts = draw(people("x", mentor_kinds))
    shared_person = draw(st.booleans())
    if shared_person and mentee_facts and mentor_facts:
        mentor_facts[0] = mentee_facts[0].model_copy()
    mentor_ids = [person.participant_id for person in mentor_facts]
    mentee_ids = [person.participant_id for person in mentee_facts]
    mentees = []
    for person, form in zip(mentee_facts, forms, strict=True):
        returning = not complete and not simple and draw(st.booleans())
        excluded = draw(st.lists(st.sampled_from(mentor_ids), max_size=2)) if mentor_ids and returning else []
        if complete:
            preferred = draw(st.permutations(mentor_ids))
        elif simple:
            preferred = []
        else:
            preferred = (
                draw(st.lists(st.sampled_from([*mentor_ids, "gone"]), max_size=3)) if mentor_ids else []
            )
        mentees.append(
            MenteeEntry(
                facts=person,
                form=form,
                requests=[
                    MenteeRequest(tag=tag, weight=draw(st.integers(1, 3)))
                    for tag in draw(st.lists(st.sampled_from(TAGS), max_size=3))
                ],
                mentors_needed=1 if simple else draw(st.integers(1, 2)),
                excluded_mentor_ids=excluded,
                returning=returning,
                preferred_mentor_ids=list(preferred),
            )
        )
    mentors = []
    for person in mentor_facts:
        if complete:
            preferred = draw(st.permutations(mentee_ids))
        elif simple:
            preferred = []
        else:
            preferred = draw(st.lists(st.sampled_from(mentee_ids), max_size=3)) if mentee_ids else []
        mentors.append(
            MentorEntry(
                facts=person,
                competences=draw(st.lists(st.sampled_from(TAGS), max_size=4)),
                capacity=draw(st.integers(1, 3)),
                forms=draw(st.sampled_from([[], [], [main], FORMS[:2], FORMS[2:]])),
                preferred_mentee_ids=list(preferred),
            )
        )
    mode = None if complete else draw(st.sampled_from([None, MatchingMode.STABLE, MatchingMode.OPTIMAL]))
    return MatchingInput(mentees=mentees, mentors=mentors, mode=mode)


@FAST
@for_all(district())
def test_capacities_and_needs_are_never_exceeded(data: MatchingInput) -> None:
    proposal = propose_pairs(data)
    load = Counter(pair.mentor_id for pair in proposal.pairs)
    assert all(load[other.mentor_id] <= other.capacity for other in data.mentors)
    for one in data.mentees:
        mine = mentors_of(proposal).get(one.mentee_id, [])
        assert len(mine) == len(set(mine)) <= one.mentors_needed


@FAST
@for_all(district())
def test_hard_rules_are_never_broken(data: MatchingInput) -> None:
    people = {one.mentee_id: one for one in data.mentees}
    others = {other.mentor_id: other for other in data.mentors}
    for pair in propose_pairs(data).pairs:
        assert first_broken_rule(people[pair.mentee_id], others[pair.mentor_id]) is None


@FAST
@for_all(district(), st.randoms(use_true_random=False))
def test_the_same_bases_give_the_same_proposal(data: MatchingInput, rng: random.Random) -> None:
    first = propose_pairs(data)
    assert propose_pairs(MatchingInput.model_validate_json(data.model_dump_json())) == first
    shuffled = data.model_copy(deep=True)
    rng.shuffle(shuffled.mentees)
    rng.shuffle(shuffled.mentors)
    assert propose_pairs(shuffled) == first


@FAST
@for_all(district())
def test_every_pair_is_explained_and_scored_as_documented(data: MatchingInput) -> None:
    people = {one.mentee_id: one for one in data.mentees}
    others = {other.mentor_id: other for other in data.mentors}
    proposal = propose_pairs(data)
    for pair in proposal.pairs:
        assert 0 <= pair.score <= 100
        assert pair.score == expected_score(people[pair.mentee_id], others[pair.mentor_id])
        assert pair.reasons and all(CYRILLIC.search(reason) for reason in pair.reasons)
    assert proposal.total_fit == sum(pair.score for pair in proposal.pairs)


@FAST
@for_all(district())
def test_every_mentee_is_matched_or_listed_with_why(data: MatchingInput) -> None:
    proposal = propose_pairs(data)
    mine, theirs = mentors_of(proposal), mentees_of(proposal)
    left = {entry.mentee_id: entry for entry in proposal.unmatched}
    assert len(left) == len(proposal.unmatched)
    for one in data.mentees:
        got = mine.get(one.mentee_id, [])
        if len(got) == one.mentors_needed:
            assert one.mentee_id not in left
            continue
        entry = left[one.mentee_id]
        assert entry.missing == one.mentors_needed - len(got) and CYRILLIC.search(entry.reason)
        compatible = [other for other in data.mentors if allowed(one, other)]
        assert entry.compatible_mentors == len(compatible)
        if entry.code is UnmatchedCode.NO_FIT:
            assert not compatible and not got
            assert sum(entry.blocked_by.values()) == len(data.mentors)
        else:
            # The search goes on because every compatible mentor is full or already with this mentee.
            assert compatible
            for other in compatible:
                taken = theirs.get(other.mentor_id, [])
                assert len(taken) == other.capacity or one.mentee_id in taken


@FAST
@for_all(district())
def test_no_fit_counts_the_first_rule_each_mentor_breaks(data: MatchingInput) -> None:
    market = Market(data)
    for i, one in enumerate(market.mentees):
        if market.compatible_count(i):
            continue
        first: Counter[str] = Counter()
        for other in data.mentors:
            broken = first_broken_rule(one, other)
            assert broken is not None
            first[broken[0].code] += 1
        if market.blocked[i] is None:
            assert market.blocked_by(i) == dict(first)


@FAST
@for_all(district())
def test_the_mentor_pools_agree_with_every_rule(data: MatchingInput) -> None:
    market = Market(data)
    for i, one in enumerate(market.mentees):
        for j, other in enumerate(market.mentors):
            assert market.acceptable(i, j) == allowed(one, other)


@FAST
@for_all(district())
def test_returning_mentees_are_never_paired_with_excluded_partners(data: MatchingInput) -> None:
    proposal = propose_pairs(data)
    excluded = {one.mentee_id: set(one.excluded_mentor_ids) for one in data.mentees}
    assert all(pair.mentor_id not in excluded[pair.mentee_id] for pair in proposal.pairs)


@FAST
@for_all(district(complete=True))
def test_stable_mode_leaves_no_blocking_pair_under_complete_questionnaires(data: MatchingInput) -> None:
    proposal = propose_pairs(data)
    if data.mentees and data.mentors:
        assert proposal.mode is MatchingMode.STABLE
        assert blocking_pairs_by_lists(data, proposal) == []


@FAST
@for_all(district())
def test_stable_mode_leaves_no_blocking_pair_under_completed_questionnaires(data: MatchingInput) -> None:
    stable = data.model_copy(update={"mode": MatchingMode.STABLE})
    assert blocking_pairs(stable, propose_pairs(stable)) == []


@settings(max_examples=50, deadline=None)
@for_all(district(simple=True))
def test_optimal_mode_reaches_scipy_optimum(data: MatchingInput) -> None:
    optimal = data.model_copy(update={"mode": MatchingMode.OPTIMAL})
    assert propose_pairs(optimal).total_fit == scipy_optimum(optimal)
