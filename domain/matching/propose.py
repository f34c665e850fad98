"""Run matching on the mentee and mentor bases and explain the result."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from domain.matching.explain import pair_reasons, unmatched
from domain.matching.market import Market
from domain.matching.model import MatchingInput, MatchingMode, Proposal, ProposedPair
from domain.matching.optimal import solve_optimal
from domain.matching.rules import first_broken_rule
from domain.matching.stable import solve_stable


def propose_pairs(data: MatchingInput) -> Proposal:
    """Pairs with scores and reasons, and every mentee left short of mentors with why.

    Pure and deterministic: the same bases give the same proposal, whatever order they come in.
    """
    with _no_cycle_collection():
        return _propose(data)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The market of a district is hundreds of thousands of small containers without cycles (reference
    counting frees them); Python's cycle collector traversed them again and again while they were built
    and walked — a third of the time of the 20,000 × 5,000 stable worst case. It is paused meanwhile and
    resumed after, unless something else had paused it."""
    paused_here = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused_here:
            gc.enable()


def _propose(data: MatchingInput) -> Proposal:
    market = Market(data)
    if market.mode is MatchingMode.STABLE:
        assignment = solve_stable(market)
    else:
        assignment = solve_optimal(market).assignment
    _check(market, assignment)
    pairs: list[ProposedPair] = []
    left = []
    for i, mentors in enumerate(assignment):
        scored = sorted(((market.score(i, j), j) for j in mentors), key=lambda item: (-item[0], item[1]))
        for score, j in scored:
            pairs.append(
                ProposedPair(
                    mentee_id=market.mentees[i].mentee_id,
                    mentor_id=market.mentors[j].mentor_id,
                    score=score,
                    reasons=pair_reasons(market, i, j, market.mode),
                )
            )
        if len(mentors) < market.need[i]:
            left.append(unmatched(market, i, len(mentors), market.mode))
    return Proposal(
        mode=market.mode,
        pairs=pairs,
        unmatched=left,
        total_fit=sum(pair.score for pair in pairs),
        matched_mentees=sum(1 for mentors in assignment if mentors),
    )


def _check(market: Market, assignment: list[list[int]]) -> None:
    """Defence in depth: the hard rules, judged by the rule functions themselves, and capacities."""
    load = [0] * market.n_mentors
    for i, mentors in enumerate(assignment):
        if len(set(mentors)) != len(mentors) or len(mentors) > market.need[i]:
            raise AssertionError(f"matching gave mentee {market.mentees[i].mentee_id} mentors {mentors}")
        for j in mentors:
            load[j] += 1
            broken = first_broken_rule(market.mentees[i], market.mentors[j])
            if broken is not None:
                raise AssertionError(f"matching broke rule {broken[0].code}: {broken[1]}")
    for j, taken in enumerate(load):
        if taken > market.capacity[j]:
            raise AssertionError(f"mentor {market.mentors[j].mentor_id} over capacity: {taken}")
