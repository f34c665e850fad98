"""Mode *optimal*: the largest total fit under capacities, used when no questionnaires were collected.

The problem is a maximum-weight bipartite b-matching: each mentee needs `mentors_needed` distinct
mentors, each mentor takes at most `capacity` mentees, a pair is worth its fit score. It is solved by
the auction of `auction.py`, within ε per place of the optimum:

- the scarce side bids. When there are fewer places than mentees need, mentors' places bid for
  mentees: most mentees stay unclaimed, prices stay low and the auction ends quickly; otherwise
  mentees bid for places. (Bidding from the abundant side ends in long price wars.)
- most people are alike to the other side. To a mentee, mentors of its pool with the same competences
  cover its requests equally (the pool's groups); to a mentor, mentees of one pool with the same
  requests are equal. Each such set is a *cell*, where a bidder takes the cheapest. People who named
  each other carry preference points and are options of their own;
- a small problem (at most `EXACT_PLACES` bidding places) scales scores so that ε over all places is
  below one point: the result is exactly optimal. A district uses ε = `APPROXIMATE_EPSILON` points; the
  benchmark compares it with scipy's exact assignment.

Returning mentees go first: they are matched on their own, and the others share what is left. After
each round every mentee still short of mentors takes a free place at any acceptable mentor, the best by
score (it adds fit and leaves nobody waiting while a place is free).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.matching.auction import Auction, Bidder
from domain.matching.market import Market, MentorSide

EXACT_PLACES = 64
APPROXIMATE_EPSILON = 3


@dataclass
class OptimalResult:
    assignment: list[list[int]]  # mentors (by index) for each mentee (by index)
    # When asked for: no assignment of the same mentees to the same places has a larger total fit
    # (weak LP duality over the auction's final prices); with returning mentees, the sum over both
    # rounds. It is loose by up to ε per place, so it proves less than the result usually achieves.
    upper_bound: int | None


def solve_optimal(market: Market, *, with_bound: bool = False) -> OptimalResult:
    assignment: list[list[int]] = [[] for _ in range(market.n_mentees)]
    free = list(market.capacity)
    with_pool = [i for i in range(market.n_mentees) if market.pool[i] is not None]
    returning = [i for i in with_pool if market.returning[i]]
    others = [i for i in with_pool if not market.returning[i]]
    bound: int | None = 0 if with_bound else None
    side: MentorSide | None = None
    for group in (returning, others):
        if not group:
            continue
        demand = sum(market.need[i] for i in group)
        pools = {pool.number: pool for i in group if (pool := market.pool[i]) is not None}
        open_mentors = sorted({j for pool in pools.values() for j in pool.members if free[j] > 0})
        supply = sum(free[j] for j in open_mentors)
        bidding = min(demand, supply)
        scale, epsilon = (bidding + 1, 1) if bidding <= EXACT_PLACES else (1, APPROXIMATE_EPSILON)
        if supply >= demand:
            pairs, auction = _mentees_bid(market, group, free, scale, epsilon)
        else:
            side = side or market.mentor_side()
            pairs, auction = _mentors_bid(market, side, group, open_mentors, free, scale, epsilon)
        if bound is not None:
            bound += -(-auction.upper_bound() // scale)  # rounded up: still a bound
        for i, j in pairs:
            assignment[i].append(j)
            free[j] -= 1
        # Before the next round: a returning mentee takes a free place even where it fits no request.
        _take_free_places(market, group, free, assignment)
    return OptimalResult([sorted(mentors) for mentors in assignment], bound)


def _mentees_bid(
    market: Market, mentees: list[int], free: list[int], scale: int, epsilon: int
) -> tuple[list[tuple[int, int]], Auction]:
    """Mentees bid for mentors' places; a cell is a group of equally competent mentors of a pool."""
    cells: list[list[int]] = [[] for _ in range(market.group_count)]
    built: set[int] = set()
    shared: dict[tuple[int, tuple[tuple[int, int], ...]], list[int]] = {}
    width = max(market.group_count, 1)
    bidders = []
    for i in mentees:
        pool = market.pool[i]
        assert pool is not None
        if pool.number not in built:
            built.add(pool.number)
            for k, group in enumerate(pool.groups):
                cells[pool.first_group_id + k] = [j for j in group if free[j] > 0]  # sorted: a heap
        key = (pool.number, market.request_key[i])
        codes = shared.get(key)
        if codes is None:
            codes = [
                coverage_class.points * scale * width + g
                for coverage_class in market.classes(i)
                for g in coverage_class.group_ids
                if cells[g]
            ]
            shared[key] = codes
        private = sorted(
            ((market.score(i, j) * scale, j) for j in market.named_acceptable(i) if free[j] > 0), reverse=True
        )
        bidders.append(Bidder(market.need[i], private, codes, market.avoid(i)))
    auction = Auction(list(free), cells, epsilon)
    return [(mentees[b], j) for b, j in auction.run(bidders)], auction


def _mentors_bid(
    market: Market,
    side: MentorSide,
    mentees: list[int],
    mentors: list[int],
    free: list[int],
    scale: int,
    epsilon: int,
) -> tuple[list[tuple[int, int]], Auction]:
    """Mentors' places bid for mentees; a cell is the mentees of one pool with the same requests."""
    cell_of: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}
    cells: list[list[int]] = []
    # Per pool, its cells with the requested tags and the points for each subset of them a mentor has.
    by_pool: dict[int, list[tuple[int, int, dict[int, int], tuple[tuple[int, int], ...]]]] = {}
    for i in mentees:  # in index order, so every cell is sorted: a heap
        pool = market.pool[i]
        assert pool is not None
        number = pool.number
        key = (number, market.request_key[i])
        cell = cell_of.get(key)
        if cell is None:
            cell = cell_of[key] = len(cells)
            cells.append([])
            by_pool.setdefault(number, []).append((cell, market.request_mask[i], {}, market.request_key[i]))
        cells[cell].append(i)
    width = max(len(cells), 1)
    capacity = [0] * market.n_mentees
    taking = set(mentees)
    for i in mentees:
        capacity[i] = market.need[i]
    shared: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    bidders = []
    for j in mentors:
        mask = market.competence_mask[j]
        pools = tuple(number for number in side.pools[j] if number in by_pool)
        codes = shared.get((mask, pools))
        if codes is None:
            codes = []
            for number in pools:
                for cell, requested, points, requests in by_pool[number]:
                    has = mask & requested
                    value = points.get(has)
                    if value is None:
                        covered = sum(weight for bit, weight in requests if has & bit)
                        total = sum(weight for _, weight in requests)
                        value = points[has] = market.coverage_points(covered, total) * scale
                    codes.append(value * width + cell)
            codes.sort(reverse=True)  # by weight, then by cell: the same order on every run
            shared[(mask, pools)] = codes
        private = sorted(
            ((market.score(i, j) * scale, i) for i in side.named[j] if i in taking), reverse=True
        )
        bidders.append(Bidder(free[j], private, codes, side.avoid[j]))
    auction = Auction(capacity, cells, epsilon)
    return [(i, mentors[b]) for b, i in auction.run(bidders)], auction


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
