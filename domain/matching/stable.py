"""Mode *stable*: mentee-proposing deferred acceptance with capacities (hospitals and residents).

Used when the questionnaires of mutual preference were collected after the group meeting (004 roadmap
16–18). Each mentee proposes to mentors down its ranking (see `preferences.py`) until it holds as many
mentors as it needs; a mentor holds the best proposals up to its capacity and rejects the rest. The
result has no blocking pair — no mentee and mentor who both prefer each other to what they got — and it
is the best stable result for every mentee. Proposal order does not change the result.

In a large over-subscribed market a mentee left without a mentor would propose to every mentor of its
pool. Instead it passes over a whole group of equally competent mentors when each of them is full of
mentees it ranks higher, which it learns from a bound kept per group.
"""

from __future__ import annotations

import heapq
from collections import deque

from domain.matching.market import Market
from domain.matching.model import SCORE_MAX
from domain.matching.preferences import Rankings

_OPEN = 1 << 200  # the bar of a mentor with a free place: higher than any key


def solve_stable(market: Market) -> list[list[int]]:
    """Mentors (by index) for each mentee (by index)."""
    rankings = Rankings(market)
    capacity, need, mentor_rank = market.capacity, market.need, market.mentor_rank
    n = market.n_mentees
    # Per mentor a heap of (-key, mentee): the root is the mentee the mentor likes least.
    held: list[list[tuple[int, int]]] = [[] for _ in range(market.n_mentors)]
    # Per group of mentors, a bound on the bar the easiest of them sets; bars only rise, so a stale
    # bound is still a bound.
    group_bar: dict[int, int] = {}

    def bar(j: int) -> int:
        heap = held[j]
        return _OPEN if len(heap) < capacity[j] else -heap[0][0]

    def group_rejects(group: tuple[int, ...], key: int) -> bool:
        if key >= group_bar.get(id(group), _OPEN):
            return True
        group_bar[id(group)] = highest = max(bar(j) for j in group)
        return key >= highest

    mentors_of: list[set[int]] = [set() for _ in range(n)]
    orders = [rankings.mentee_order(i, group_rejects) for i in range(n)]
    exhausted = [market.pool[i] is None for i in range(n)]
    span, unlisted = rankings.ranks_span, rankings.unlisted
    queue = deque(sorted(range(n), key=lambda i: (not market.returning[i], i)))
    while queue:
        i = queue.popleft()
        order, mine = orders[i], mentors_of[i]
        tier = 0 if market.returning[i] else 1
        while len(mine) < need[i] and not exhausted[i]:
            proposal = next(order, None)
            if proposal is None:
                exhausted[i] = True
                break
            score, j = proposal
            # `Rankings.mentor_key`, inlined: this loop runs a million times in a district.
            key = (
                (tier * span + mentor_rank[j].get(i, unlisted)) * (SCORE_MAX + 1) + SCORE_MAX - score
            ) * n + i
            heap = held[j]
            if len(heap) < capacity[j]:
                heapq.heappush(heap, (-key, i))
                mine.add(j)
            elif key < -heap[0][0]:
                _, rejected = heapq.heapreplace(heap, (-key, i))
                mine.add(j)
                mentors_of[rejected].discard(j)
                queue.append(rejected)
    return [sorted(mine) for mine in mentors_of]
