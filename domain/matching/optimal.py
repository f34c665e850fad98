"""Mode *optimal*: the largest total fit under capacities, used when no questionnaires were collected.

The problem is a maximum-weight bipartite b-matching: each mentee needs `mentors_needed` distinct
mentors, each mentor takes at most `capacity` mentees, a pair is worth its fit score. It is solved by
Bertsekas' forward auction, where a mentee is a bidder and each place at a mentor is an object:

- a mentee bids for the mentor with the best fit minus price, raising the price by the margin over its
  second-best option plus ε; a full mentor drops the lowest bid, which bids again elsewhere. Staying
  without a mentor is always an option worth 0, so a mentee stops bidding when every price exceeds
  its fit. All numbers are integers, so the run is the same on every machine;
- the result is within ε per mentee of the best total over the mentors each mentee considered. For a
  small problem (up to `EXACT_PLACES` places to fill) scores are scaled so that ε is below one point
  over all mentees together and every acceptable mentor is considered: the result is exactly optimal;
- a district is large (20,000 × 5,000 would be 300 million place pairs), so each mentee considers the
  mentors it named or who named it plus its best `CANDIDATES` mentors by coverage, taken across each
  class of equally covering mentors from a place that depends on the mentee (`Market.walk`), and
  ε is `APPROXIMATE_EPSILON` points. The benchmark compares the result with scipy's exact assignment.

Returning mentees go first: they are matched on their own, and the others share what is left. At the
end every mentee still short of mentors takes a free place at any acceptable mentor, the best by score
(it adds fit and leaves nobody waiting while a place is free).
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass

from domain.matching.market import Market

EXACT_PLACES = 64
FIRST_OPTIONS = 32
PULL_MARGIN = 8
APPROXIMATE_EPSILON = 3
_CLOSED = 1 << 62  # the price of a mentor with no place left in this round: never worth buying


@dataclass
class OptimalResult:
    assignment: list[list[int]]  # mentors (by index) for each mentee (by index)
    # No assignment of the same mentees to the same places has a larger total fit (weak LP duality
    # over the auction's final prices); with returning mentees, the sum of the bounds of both rounds.
    upper_bound: int


def solve_optimal(market: Market) -> OptimalResult:
    assignment: list[list[int]] = [[] for _ in range(market.n_mentees)]
    free = list(market.capacity)
    with_pool = [i for i in range(market.n_mentees) if market.pool[i] is not None]
    returning = [i for i in with_pool if market.returning[i]]
    others = [i for i in with_pool if not market.returning[i]]
    bound = 0
    for group in (returning, others):
        if group:
            bound += _Auction(market, group, free).run(assignment)
    _take_free_places(market, returning + others, free, assignment)
    return OptimalResult([sorted(mentors) for mentors in assignment], bound)


class _Auction:
    """One round of the auction over `mentees` and the places still `free`."""

    def __init__(self, market: Market, mentees: list[int], free: list[int]) -> None:
        self.market, self.mentees, self.free = market, mentees, free
        places = sum(market.need[i] for i in mentees)
        exact = places <= EXACT_PLACES
        self.scale, self.epsilon = (places + 1, 1) if exact else (1, APPROXIMATE_EPSILON)
        self.price = [0] * market.n_mentors  # what a new bidder must beat: 0 while a place is free
        # Per group of equally competent mentors, a lower bound on its cheapest open place: prices
        # only rise, so an old bound stays a bound.
        self.floor = [0] * market.group_count
        self.options: dict[int, list[tuple[int, int]]] = {}  # mentee -> (mentor, scaled score), best first
        self.pulled: dict[int, set[int]] = {}  # mentee -> groups already among its options
        self.beyond: dict[int, int] = {}  # mentee -> a bound on what the groups not pulled could give
        for i in mentees:
            self._first_options(i, None if exact else FIRST_OPTIONS)

    def _first_options(self, i: int, wanted: int | None) -> None:
        market, scale, free = self.market, self.scale, self.free
        own = [(j, market.score(i, j) * scale) for j in market.named_acceptable(i) if free[j] > 0]
        pulled: set[int] = set()
        beyond = 0
        avoid = market.avoid(i)
        for coverage_class in market.classes(i):
            weight = coverage_class.points * scale
            groups, ids = coverage_class.groups, coverage_class.group_ids
            start = market.rotation(i, coverage_class) % len(groups)
            for k in list(range(start, len(groups))) + list(range(start)):
                if wanted is not None and len(own) >= wanted:
                    beyond = weight
                    break
                own.extend((j, weight) for j in groups[k] if free[j] > 0 and j not in avoid)
                pulled.add(ids[k])
            if beyond:
                break
        own.sort(key=lambda option: -option[1])  # stable: equal scores keep the walk's order
        self.options[i], self.pulled[i], self.beyond[i] = own, pulled, beyond

    def _pull(self, i: int, second: int) -> bool:
        """Adds to mentee i's options every group not yet among them that could come within
        `PULL_MARGIN` of `second`, and bounds what the rest could give. True when something was added.

        The margin makes the mentee take in a little more than it needs now, so that it comes back
        here only after its second-best option has fallen by the margin, not after every bid."""
        market, scale, free, price, floor = self.market, self.scale, self.free, self.price, self.floor
        pulled, own = self.pulled[i], self.options[i]
        avoid = market.avoid(i)
        added = False
        beyond = 0
        reach = second - PULL_MARGIN * scale
        for coverage_class in market.classes(i):
            weight = coverage_class.points * scale
            if weight <= reach:
                beyond = max(beyond, weight)
                break
            groups = coverage_class.groups
            for k, g in enumerate(coverage_class.group_ids):
                if g in pulled:
                    continue
                low = floor[g]
                if weight - low > reach:
                    low = floor[g] = min((price[j] for j in groups[k] if free[j] > 0), default=_CLOSED)
                    if weight - low > reach:
                        own.extend((j, weight) for j in groups[k] if free[j] > 0 and j not in avoid)
                        pulled.add(g)
                        added = True
                        continue
                beyond = max(beyond, weight - low)
        self.beyond[i] = beyond
        if added:
            own.sort(key=lambda option: -option[1])
        return added

    def run(self, assignment: list[list[int]]) -> int:
        """Assigns the mentees; returns an upper bound on the total fit they could get."""
        market, free, price, epsilon = self.market, self.free, self.price, self.epsilon
        # One bidder per place a mentee needs; siblings never hold the same mentor.
        owner = [i for i in self.mentees for _ in range(market.need[i])]
        mentors_of: dict[int, set[int]] = {i: set() for i in self.mentees if market.need[i] > 1}
        held: list[list[tuple[int, int, int]]] = [[] for _ in range(market.n_mentors)]  # (bid, seq, bidder)
        options, beyond = self.options, self.beyond
        sequence = 0
        queue = deque(range(len(owner)))
        while queue:
            bidder = queue.popleft()
            i = owner[bidder]
            siblings = mentors_of.get(i)
            while True:
                best, second, target = -1, 0, -1  # second starts at 0: staying without a mentor is worth 0
                for j, weight in options[i]:
                    if weight <= second:
                        break  # prices are never negative: no later option beats `second`
                    if siblings is not None and j in siblings:
                        continue
                    value = weight - price[j]
                    if value > best:
                        if best > second:
                            second = best
                        best, target = value, j
                    elif value > second:
                        second = value
                # Mentors not yet among the options might beat the second best: look at them.
                if beyond[i] <= second or not self._pull(i, second):
                    break
            if best <= 0:
                continue
            heap = held[target]
            places_here = free[target]
            if places_here > 1:
                # Another place at the same mentor is an alternative too: its price is the next lowest.
                empty = places_here - len(heap)
                if empty >= 2:
                    next_price = 0
                elif empty == 1:
                    next_price = heap[0][0] if heap else 0
                else:
                    next_price = heap[1][0] if len(heap) == 2 else min(heap[1][0], heap[2][0])
                second = max(second, best + price[target] - next_price)
            sequence += 1
            heapq.heappush(heap, (price[target] + best - second + epsilon, sequence, bidder))
            if siblings is not None:
                siblings.add(target)
            if len(heap) > places_here:
                _, _, outbid = heapq.heappop(heap)
                outbid_siblings = mentors_of.get(owner[outbid])
                if outbid_siblings is not None:
                    outbid_siblings.discard(target)
                queue.append(outbid)
            if len(heap) >= places_here:
                price[target] = heap[0][0]
        bound = self._upper_bound()
        for j, heap in enumerate(held):
            for _, _, bidder in heap:
                assignment[owner[bidder]].append(j)
            free[j] -= len(heap)
        return bound

    def _upper_bound(self) -> int:
        """Σ needed × (best fit minus price, or 0) over mentees + Σ places × price over mentors, which
        no assignment can exceed whatever the prices (weak duality of the b-matching LP). Every
        acceptable mentor counts; a group's cheapest member stands for the whole group, which can only
        raise the bound."""
        market, scale, free = self.market, self.scale, self.free
        cost = [p if places > 0 else _CLOSED for p, places in zip(self.price, free, strict=True)]
        cheapest: dict[int, int] = {}  # group id -> its cheapest place
        total = sum(places * p for places, p in zip(free, self.price, strict=True) if places > 0)
        for i in self.mentees:
            best = max((weight - cost[j] for j, weight in self.options[i]), default=0)
            for coverage_class in market.classes(i):
                value = coverage_class.points * scale
                if value <= best:
                    break  # classes come best first and prices are never negative
                for group, g in zip(coverage_class.groups, coverage_class.group_ids, strict=True):
                    low = cheapest.get(g)
                    if low is None:
                        low = cheapest[g] = min(cost[j] for j in group)
                    best = max(best, value - low)
            total += market.need[i] * max(best, 0)
        return -(-total // scale)  # rounded up: still a bound


def _take_free_places(
    market: Market, mentees: list[int], free: list[int], assignment: list[list[int]]
) -> None:
    open_mentors = [j for j in range(market.n_mentors) if free[j] > 0]
    for i in mentees:
        while len(assignment[i]) < market.need[i] and open_mentors:
            j = _best_free(market, i, open_mentors, free, assignment[i])
            if j is None:
                break
            assignment[i].append(j)
            free[j] -= 1
            if free[j] == 0:
                open_mentors.remove(j)


def _best_free(
    market: Market, i: int, open_mentors: list[int], free: list[int], mine: list[int]
) -> int | None:
    """The acceptable mentor with a free place and the best score for mentee i, lowest index on ties.
    Scans whichever is shorter: the mentors with free places or the mentee's own pool."""
    pool = market.pool[i]
    assert pool is not None
    best: tuple[int, int] | None = None
    if len(open_mentors) <= len(pool.members):
        options = (j for j in open_mentors if market.acceptable(i, j))
    else:
        options = (j for j in market.named_acceptable(i) + [j for _, j in market.walk(i)] if free[j] > 0)
    for j in options:
        if free[j] > 0 and j not in mine:
            ranked = (market.score(i, j), -j)
            if best is None or ranked > best:
                best = ranked
    return None if best is None else -best[1]
