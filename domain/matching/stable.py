"""Mode *stable*: mentee-proposing deferred acceptance with capacities (hospitals and residents).

Used when the questionnaires of mutual preference were collected after the group meeting (004 roadmap
16–18). Each mentee proposes to mentors down its ranking (see `preferences.py`) until it holds as many
mentors as it needs; a mentor holds the best proposals up to its capacity and rejects the rest. The
result has no blocking pair — no mentee and mentor who both prefer each other to what they got — and,
with ties broken as `preferences.py` says, it is the best stable result for every mentee. The order of
proposals does not change the result.

In a large over-subscribed market a mentee left without a mentor would propose to every mentor of its
pool. Instead it passes over mentors who would all reject it: a whole group of equally competent
mentors, or the rest of its pool, when each of them is full of mentees they rank higher (`_Bars`).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterator
from itertools import chain

from domain.matching.market import CoverageClass, Market, Pool
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
    bars = _Bars(market, held)
    mentors_of: list[set[int]] = [set() for _ in range(n)]
    orders = [rankings.mentee_order(i, bars) for i in range(n)]
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
                if len(heap) == capacity[j]:
                    bars.filled(j)
            elif key < -heap[0][0]:
                _, rejected = heapq.heapreplace(heap, (-key, i))
                mine.add(j)
                mentors_of[rejected].discard(j)
                queue.append(rejected)
                bars.raised(j)
    return [sorted(mine) for mine in mentors_of]


class _Bars:
    """What deferred acceptance knows of the mentors' bars — the key a mentee must beat to be kept — so
    that a mentee can pass over mentors who would all say no. Bars only fall (a mentor keeps ever
    better mentees), so a bound computed earlier is still a bound.

    - per group of equally competent mentors, a bound on its easiest mentor's bar, refreshed when a
      mentee might beat it;
    - per pool, the easiest bar exactly, from a heap updated whenever a bar falls: a mentee that even
      the easiest mentor of its pool would reject stops at once — in an over-subscribed district most
      of those left without a mentor end this way instead of asking every mentor."""

    def __init__(self, market: Market, held: list[list[tuple[int, int]]]) -> None:
        self.held, self.capacity = held, market.capacity
        # Per group (by its number in the market) a bound on its easiest mentor's bar.
        self.of_group: list[int] = [_OPEN] * market.group_count
        self.pools_of: list[list[int]] = [[] for _ in range(market.n_mentors)]
        for pool in market.pools:
            for j in pool.members:
                self.pools_of[j].append(pool.number)
        self.open_places = [len(pool.members) for pool in market.pools]  # mentors not yet full
        self.full_bars: list[list[tuple[int, int]]] = [[] for _ in market.pools]  # heaps of (-bar, mentor)

    def bar(self, j: int) -> int:
        heap = self.held[j]
        return _OPEN if len(heap) < self.capacity[j] else -heap[0][0]

    def filled(self, j: int) -> None:
        for number in self.pools_of[j]:
            self.open_places[number] -= 1
        self.raised(j)

    def raised(self, j: int) -> None:
        entry = (-self.bar(j), j)
        for number in self.pools_of[j]:
            heapq.heappush(self.full_bars[number], entry)

    def pool_rejects(self, pool: Pool, key: int) -> bool:
        if self.open_places[pool.number]:
            return False
        heap = self.full_bars[pool.number]
        while -heap[0][0] != self.bar(heap[0][1]):
            heapq.heappop(heap)  # an older bar of a mentor who has raised it since
        return key >= -heap[0][0]

    def open_segments(
        self, coverage_class: CoverageClass, start: int, key: int
    ) -> Iterator[tuple[tuple[int, ...], int, int]]:
        """`segments(coverage_class, start)` without the groups whose every mentor would reject `key`, each
        judged when the walk reaches it. One loop over the class with the bounds in a list by group
        number: a district passes over groups over a million times."""
        groups, ids, bound = coverage_class.groups, coverage_class.group_ids, self.of_group
        index, count = 0, len(groups)
        while start >= len(groups[index]):
            start -= len(groups[index])
            index += 1
        for position in chain(range(index, count), range(index)):
            number = ids[position]
            if key >= bound[number]:
                continue
            group = groups[position]
            bound[number] = highest = self._highest_bar(group)
            if key < highest:
                yield group, (start if position == index else 0), len(group)
        if start and key < bound[ids[index]]:
            first = groups[index]
            bound[ids[index]] = highest = self._highest_bar(first)
            if key < highest:
                yield first, 0, start

    def _highest_bar(self, group: tuple[int, ...]) -> int:
        """`max(self.bar(j) for j in group)`, inlined, stopping at a free place (the highest bar there is)."""
        held, capacity = self.held, self.capacity
        highest = 0
        for j in group:
            heap = held[j]
            if len(heap) < capacity[j]:
                return _OPEN
            if -heap[0][0] > highest:
                highest = -heap[0][0]
        return highest
