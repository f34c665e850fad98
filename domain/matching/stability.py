"""Blocking pairs of a proposal: a mentee and a mentor, both passing the hard rules, not paired, where
the mentee would rather have this mentor (it still needs one, or likes this one strictly better than one
of its own) and the mentor would take the mentee (a free place, or likes the mentee better than one it
holds). Preferences are the completed rankings of `preferences.py`; a mentee's equal-score mentors are
equally good to it. A stable proposal has none.

Checking every pair of a district is 100 million pairs, so the count uses the coverage classes: for a
group of mentors with equal competences, the mentee is one key for all of them, and the group is skipped
at once when every mentor in it holds mentees it likes better.
"""

from __future__ import annotations

from domain.matching.market import Market
from domain.matching.model import MatchingInput, Proposal
from domain.matching.preferences import Rankings


def blocking_pairs(data: MatchingInput, proposal: Proposal) -> list[tuple[str, str]]:
    """(mentee id, mentor id) of every blocking pair, sorted."""
    market = Market(data)
    rankings = Rankings(market)
    mentors_of: list[set[int]] = [set() for _ in range(market.n_mentees)]
    held: list[list[int]] = [[] for _ in range(market.n_mentors)]
    for pair in proposal.pairs:
        i, j = market.mentee_index[pair.mentee_id], market.mentor_index[pair.mentor_id]
        mentors_of[i].add(j)
        held[j].append(i)
    full = [len(held[j]) >= market.capacity[j] for j in range(market.n_mentors)]
    # The least liked held mentee's key; a mentee with a smaller key would be taken.
    worst = [max((rankings.mentor_key(i, j) for i in held[j]), default=0) for j in range(market.n_mentors)]
    group_threshold: dict[int, float] = {}

    def takes(i: int, j: int) -> bool:
        return not full[j] or rankings.mentor_key(i, j) < worst[j]

    found: list[tuple[int, int]] = []
    for i in range(market.n_mentees):
        if market.pool[i] is None:
            continue
        mine = mentors_of[i]
        short = len(mine) < market.need[i]
        # The mentee's least liked mentor; with a place still open, any mentor is wanted.
        least = max((rankings.mentee_value(i, j) for j in mine), default=(2, 0))
        for j in market.named_acceptable(i):
            if j not in mine and (short or rankings.mentee_value(i, j) < least) and takes(i, j):
                found.append((i, j))
        skip = market.named[i] | market.excluded[i] | mine | {market.self_as_mentor[i]}
        tier = 0 if market.returning[i] else 1
        for coverage_class in market.classes(i):
            if not short and (1, -coverage_class.points) >= least:
                break  # this class and the later ones are not better than what the mentee has
            # Every mentor of the class ranks the mentee the same (none of them named it or was named).
            key = rankings.generic_key(tier, coverage_class.points, i)
            for group in coverage_class.groups:
                threshold = group_threshold.get(id(group))
                if threshold is None:
                    threshold = max(float("inf") if not full[j] else worst[j] for j in group)
                    group_threshold[id(group)] = threshold
                if key >= threshold:
                    continue
                for j in group:
                    if j not in skip and takes(i, j):
                        found.append((i, j))
    return sorted((market.mentees[i].mentee_id, market.mentors[j].mentor_id) for i, j in found)
