"""Mode *optimal*: the largest total fit under capacities, used when no questionnaires were collected.

The problem is a maximum-weight bipartite b-matching: each mentee needs `mentors_needed` distinct
mentors, each mentor takes at most `capacity` mentees, a pair is worth its fit score. It is solved as a
min-cost flow by OR-Tools (a kept solver; exact on integers), on a network small enough for a district
because most people are alike to the other side:

    source → mentee → coverage class → group of equally competent mentors → mentor → sink
                   └──────────── a mentor the mentee named, or who named it ───┘

- a mentee's *coverage classes* (`Market.classes`) hold the groups of its pool that cover its requests
  equally; the arc into a class is worth the class's coverage points, so a district's network has a few
  arcs per mentee instead of one per acceptable mentor;
- people who named each other carry preference points on an arc of their own;
- a source → sink arc lets places and needs stay unused.

The flow's optimum is an upper bound of the true one (the network does not forbid a mentee reaching the
same mentor twice, or reaching through a group a mentor it must pass by). The flow is then turned into
pairs within each group, where every member is worth the same to a mentee, so the pairs reach the bound
exactly unless a group cannot give a mentee distinct, allowed mentors — then `upper_bound` shows the gap.

Returning mentees go first: they are matched on their own, and the others share what is left. After
each round every mentee still short of mentors takes a free place at any acceptable mentor, the best by
score (it adds no fit the flow missed, and leaves nobody waiting while a place is free).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from domain.matching.market import Market

_SOURCE, _SINK = 0, 1
_SMALL_GROUP = 3
_REPAIRS = 3  # re-solves after a mentee got one place of a group twice (one is usually enough)


@dataclass
class OptimalResult:
    assignment: list[list[int]]  # mentors (by index) for each mentee (by index)
    # The flow's optimum over both rounds: no assignment of the same mentees to the same places has a
    # larger total fit. Equal to the assignment's total fit when the result is certified optimal.
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
            bound += _Round(market, group, free, assignment).solve()
            # Before the next round: a returning mentee takes a free place even where it fits no request.
            _take_free_places(market, group, free, assignment)
    return OptimalResult([sorted(mentors) for mentors in assignment], bound)


class _Round:
    """One round's network, its solution and the pairs drawn from it."""

    def __init__(self, market: Market, mentees: list[int], free: list[int], assignment: list[list[int]]):
        self.market, self.mentees, self.free, self.assignment = market, mentees, free, assignment
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.capacities: list[int] = []
        self.costs: list[int] = []
        self.nodes = 2
        self.mentor_node: dict[int, int] = {}
        self.group_node: dict[int, int] = {}
        self.group_members: dict[int, tuple[int, ...]] = {}
        self.group_places: dict[int, int] = {}
        self.member_arcs: list[tuple[int, int, int]] = []  # (group, mentor, arc)
        self.class_node: dict[tuple[int, int, int], int] = {}
        self.mentee_node: dict[int, int] = {}
        self.private_group_arc: dict[tuple[int, int], int] = {}  # (mentee, group) → arc

    def _node(self) -> int:
        self.nodes += 1
        return self.nodes - 1

    def _arc(self, tail: int, head: int, capacity: int, cost: int) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.capacities.append(capacity)
        self.costs.append(cost)
        return len(self.tails) - 1

    def _mentor(self, j: int) -> int:
        node = self.mentor_node.get(j)
        if node is None:
            node = self.mentor_node[j] = self._node()
            self._arc(node, _SINK, self.free[j], 0)
        return node

    def _group(self, g: int, members: tuple[int, ...]) -> int | None:
        node = self.group_node.get(g)
        if node is None:
            open_members = tuple(j for j in members if self.free[j] > 0)
            if not open_members:
                return None
            node = self.group_node[g] = self._node()
            self.group_members[g] = open_members
            self.group_places[g] = sum(self.free[j] for j in open_members)
            for j in open_members:
                self.member_arcs.append((g, j, self._arc(node, self._mentor(j), self.free[j], 0)))
        return node

    def solve(self) -> int:
        market = self.market
        demand = 0
        mentee_arcs: list[tuple[int, int]] = []  # (mentee, arc) for its coverage classes
        class_arcs: list[tuple[int, int, int]] = []  # (class node, group, arc)
        direct_arcs: list[tuple[int, int, int]] = []  # (mentee, mentor, arc) of its own
        group_arcs: list[tuple[int, int, int]] = []  # (mentee, group, arc) of its own
        for i in self.mentees:
            need = market.need[i] - len(self.assignment[i])
            if need <= 0:
                continue
            demand += need
            node = self.mentee_node[i] = self._node()
            self._arc(_SOURCE, node, need, 0)
            for j in market.named_acceptable(i):
                if self.free[j] > 0:
                    direct_arcs.append((i, j, self._arc(node, self._mentor(j), 1, -market.score(i, j))))
            pool = market.pool[i]
            assert pool is not None
            if self._on_its_own(i, need):
                self._private_arcs(i, node, need, group_arcs, direct_arcs)
                continue
            for covered, points in self._subsets(i):
                key = (pool.number, market.request_mask[i], covered)
                target = self.class_node.get(key)
                if target is None:
                    target = self.class_node[key] = self._node()
                    for index in pool.projections(market.request_mask[i])[covered]:
                        g = pool.first_group_id + index
                        group = self._group(g, pool.groups[index])
                        if group is not None:
                            class_arcs.append((target, g, self._arc(target, group, self.group_places[g], 0)))
                mentee_arcs.append((i, self._arc(node, target, need, -points)))
        if demand == 0:
            return 0
        self._arc(_SOURCE, _SINK, demand, 0)
        supplies = np.zeros(self.nodes, dtype=np.int64)
        supplies[_SOURCE], supplies[_SINK] = demand, -demand
        free, assignment = list(self.free), [list(self.assignment[i]) for i in self.mentees]
        for attempt in range(_REPAIRS + 1):
            flow = min_cost_flow.SimpleMinCostFlow()
            flow.add_arcs_with_capacity_and_unit_cost(
                np.array(self.tails, dtype=np.int32),
                np.array(self.heads, dtype=np.int32),
                np.array(self.capacities, dtype=np.int64),
                np.array(self.costs, dtype=np.int64),
            )
            supplies.resize(self.nodes)
            flow.set_nodes_supplies(np.arange(self.nodes, dtype=np.int32), supplies)
            status = flow.solve()
            if status != flow.OPTIMAL:  # cannot happen: the source → sink arc makes every demand feasible
                raise RuntimeError(f"min-cost flow ended with status {status}")
            flows = flow.flows(np.arange(len(self.tails), dtype=np.int32))
            for i, j, arc in direct_arcs:
                if flows[arc]:
                    self._pair(i, j)
            lost = self._pairs_through_groups(mentee_arcs, class_arcs, group_arcs, flows)
            # A mentee who needs several mentors may have got one place of a group twice: it reaches that
            # group's members one by one instead, and the flow is solved again (rarely more than once).
            repairs = [(i, g) for i, g in lost if (i, g) in self.private_group_arc]
            if not repairs or attempt == _REPAIRS:
                break
            self.free[:] = free
            for i, mentors in zip(self.mentees, assignment, strict=True):
                self.assignment[i][:] = mentors
            for i, g in repairs:
                arc = self.private_group_arc.pop((i, g))
                self.capacities[arc] = 0
                group_arcs.remove((i, g, arc))
                avoid = market.avoid(i)
                for j in self.group_members[g]:
                    if j not in avoid:
                        mentor_arc = self._arc(self.mentee_node[i], self.mentor_node[j], 1, self.costs[arc])
                        direct_arcs.append((i, j, mentor_arc))
        return -int(flow.optimal_cost())

    def _on_its_own(self, i: int, need: int) -> bool:
        """A mentee who needs several mentors, or must pass by a mentor of its own pool (excluded, or
        itself), cannot share a class node: through it, it could reach one mentor twice or the one it
        must not have."""
        pool = self.market.pool[i]
        assert pool is not None
        market = self.market
        return (
            need > 1
            or market.self_as_mentor[i] in pool.member_set
            or bool(market.excluded[i] & pool.member_set)
        )

    def _subsets(self, i: int) -> list[tuple[int, int]]:
        """(requested tags a group has, the coverage points they earn) for the mentee's pool, worth > 0."""
        market = self.market
        pool = market.pool[i]
        assert pool is not None
        requests, total = market.request_key[i], market.request_weight[i]
        found = []
        for covered in pool.projections(market.request_mask[i]):
            points = market.coverage_points(sum(w for bit, w in requests if covered & bit), total)
            if points > 0:  # worth nothing: left to the free places at the end of the round
                found.append((covered, points))
        return found

    def _private_arcs(
        self,
        i: int,
        node: int,
        need: int,
        group_arcs: list[tuple[int, int, int]],
        direct_arcs: list[tuple[int, int, int]],
    ) -> None:
        """Arcs from the mentee to each group worth something to it, as many as the group has distinct
        members the mentee may have."""
        market = self.market
        pool = market.pool[i]
        assert pool is not None
        avoid = market.avoid(i)
        projections = pool.projections(market.request_mask[i])
        for covered, points in self._subsets(i):
            for index in projections[covered]:
                g = pool.first_group_id + index
                if self._group(g, pool.groups[index]) is None:
                    continue
                allowed = [j for j in self.group_members[g] if j not in avoid]
                if need > 1 and len(allowed) <= _SMALL_GROUP:
                    # A small group's places may all be on one member: its members are reached one by one.
                    for j in allowed:
                        direct_arcs.append((i, j, self._arc(node, self.mentor_node[j], 1, -points)))
                elif allowed:
                    arc = self._arc(node, self.group_node[g], min(need, len(allowed)), -points)
                    group_arcs.append((i, g, arc))
                    self.private_group_arc[(i, g)] = arc

    def _pair(self, i: int, j: int) -> None:
        self.assignment[i].append(j)
        self.free[j] -= 1

    def _pairs_through_groups(
        self,
        mentee_arcs: list[tuple[int, int]],
        class_arcs: list[tuple[int, int, int]],
        group_arcs: list[tuple[int, int, int]],
        flows: np.ndarray,
    ) -> list[tuple[int, int]]:
        """Within a class every group is worth the same to its mentees, and within a group every member:
        hand each class's flow to its groups, then each group's units to distinct allowed members, on the
        places the flow reserved for that group."""
        into_class: dict[int, list[list[int]]] = {}
        for i, arc in mentee_arcs:
            if flows[arc]:
                into_class.setdefault(self.heads[arc], []).append([i, int(flows[arc])])
        out_of_class: dict[int, list[tuple[int, int]]] = {}
        for target, g, arc in class_arcs:
            if flows[arc]:
                out_of_class.setdefault(target, []).append((g, int(flows[arc])))
        units: dict[int, list[int]] = {}  # group → mentees, one entry per unit
        for target, incoming in into_class.items():
            incoming.sort(key=lambda entry: -entry[1])  # two-unit mentees first, so they spread
            position = 0
            for g, amount in out_of_class.get(target, []):
                for _ in range(amount):
                    while incoming[position][1] == 0:
                        position = (position + 1) % len(incoming)
                    incoming[position][1] -= 1
                    units.setdefault(g, []).append(incoming[position][0])
                    position = (position + 1) % len(incoming)
        for i, g, arc in group_arcs:
            units.setdefault(g, []).extend([i] * int(flows[arc]))
        slots: dict[int, dict[int, int]] = {}
        reserved = [0] * self.market.n_mentors
        for g, j, arc in self.member_arcs:
            if flows[arc]:
                slots.setdefault(g, {})[j] = int(flows[arc])
                reserved[j] += int(flows[arc])
        lost: list[tuple[int, int]] = []
        for g in sorted(units):
            fill = _GroupFill(self, self.group_members[g], slots.get(g, {}), reserved)
            lost.extend((i, g) for i in fill.run(units[g]))
        return lost


class _GroupFill:
    """A group's units go to distinct members the mentee need not pass by: first on the places the flow
    reserved here (the member with most of them), else by swapping with an earlier taker (every member is
    worth the same to both), else on a place no group reserved."""

    def __init__(self, round_: _Round, members: tuple[int, ...], slots: dict[int, int], reserved: list[int]):
        self.round, self.members, self.slots, self.reserved = round_, members, slots, reserved
        self.taken: list[tuple[int, int]] = []

    def _allowed(self, i: int) -> set[int]:
        market = self.round.market
        passes_by = market.avoid(i).union(self.round.assignment[i])
        return {j for j in self.members if j not in passes_by}

    def _take(self, i: int, j: int) -> None:
        if self.slots.get(j, 0) > 0:
            self.slots[j] -= 1
            self.reserved[j] -= 1
        self.round._pair(i, j)

    def run(self, takers: list[int]) -> list[int]:
        """Pairs the takers; answers those left without a member (the flow's bound is not reached)."""
        lost = []
        options = {i: self._allowed(i) for i in takers}
        takers = sorted(takers, key=lambda i: len(options[i]))  # the most constrained choose first
        for i in takers:
            allowed = self._allowed(i)
            on_slot = [j for j in allowed if self.slots.get(j, 0) > 0]
            if on_slot:
                j = max(on_slot, key=lambda m: (self.slots[m], -m))
            elif (swapped := self._swap(i, allowed)) is not None:
                self.round._pair(i, swapped)  # on the place the earlier taker held
                self.taken.append((i, swapped))
                continue
            else:
                unreserved = [j for j in sorted(allowed) if self.round.free[j] > self.reserved[j]]
                if not unreserved:
                    lost.append(i)
                    continue
                j = unreserved[0]
            self._take(i, j)
            self.taken.append((i, j))
        for j, left in self.slots.items():  # unused places of this group are free for the others
            self.reserved[j] -= left
        return lost

    def _swap(self, i: int, allowed: set[int]) -> int | None:
        for position, (other, mine) in enumerate(self.taken):
            if mine not in allowed:
                continue
            spare = sorted(j for j in self._allowed(other) if self.slots.get(j, 0) > 0)
            if spare:
                self.round.assignment[other].remove(mine)
                self.round.free[mine] += 1
                self._take(other, spare[0])
                self.taken[position] = (other, spare[0])
                return mine
        return None


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
