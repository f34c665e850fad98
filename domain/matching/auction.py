"""The auction at the heart of the optimal mode (Bertsekas' forward auction), for either side bidding.

Bidders have copies (one per place they fill), objects have capacities; a pair is worth an integer
weight. A bidder copy takes the option with the best weight minus price, raising the price by how much
it beats its second-best option plus ε; an object over capacity drops its lowest bid, whose bidder
bids again. Doing without is an option worth 0. Copies of one bidder never hold the same object.

At the end every copy is within ε of its best option (ε-complementary slackness), so the total is within
ε per copy of the optimum; an object whose places are not all taken has price 0, as the asymmetric
problem needs. All arithmetic is on integers: every machine gives the same result.

Options come in two kinds: private ones, one object each, and *cells* — heaps of objects that are all
worth the same to the bidder, where it takes the cheapest. A cell orders its objects by the price they
had when last looked at; prices only rise, so a stale entry is re-priced when it reaches the top.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Bidder:
    copies: int
    private: list[tuple[int, int]]  # (weight, object), highest weight first
    shared: Sequence[int]  # weight * number_of_cells + cell, highest weight first
    skip: frozenset[int]  # objects never to take through a cell


class Auction:
    def __init__(self, capacity: list[int], cells: list[list[int]], epsilon: int) -> None:
        """`capacity` per object; `cells` are heaps of object numbers (every price starts at 0)."""
        self.capacity, self.cells, self.epsilon = capacity, cells, epsilon
        self.width = max(len(capacity), 1)
        self.cell_count = max(len(cells), 1)
        self.price = [0] * len(capacity)  # what a new bid must beat: 0 while a place is free

    def _cheapest(self, cell: list[int], skip: frozenset[int], siblings: set[int] | None) -> tuple[int, int]:
        """(price, object) of the cheapest object of a cell the bidder may take, or (-1, -1)."""
        price, width = self.price, self.width
        set_aside = []
        found = (-1, -1)
        while cell:
            entry_price, o = divmod(cell[0], width)
            current = price[o]
            if entry_price != current:
                heapq.heapreplace(cell, current * width + o)
            elif o in skip or (siblings is not None and o in siblings):
                set_aside.append(heapq.heappop(cell))
            else:
                found = (current, o)
                break
        for entry in set_aside:
            heapq.heappush(cell, entry)
        return found

    def _best(self, bidder: Bidder, siblings: set[int] | None) -> tuple[int, int, int, int]:
        """(best value, second-best value, object, cell or -1) over the bidder's options."""
        price, cell_count, cells = self.price, self.cell_count, self.cells
        best, second, target, best_cell = -1, 0, -1, -1  # second starts at 0: doing without is worth 0
        for weight, o in bidder.private:
            if weight <= second:
                break
            if siblings is not None and o in siblings:
                continue
            value = weight - price[o]
            if value > best:
                best, second, target = value, max(second, best), o
            elif value > second:
                second = value
        for code in bidder.shared:
            weight, cell = divmod(code, cell_count)
            if weight <= second:
                break  # prices are never negative: no later option beats `second`
            cheapest, o = self._cheapest(cells[cell], bidder.skip, siblings)
            if o < 0:
                continue
            value = weight - cheapest
            if value > best:
                best, second, target, best_cell = value, max(second, best), o, cell
            elif value > second:
                second = value
        return best, second, target, best_cell

    def run(self, bidders: list[Bidder]) -> list[tuple[int, int]]:
        """(bidder, object) pairs."""
        capacity, price, epsilon = self.capacity, self.price, self.epsilon
        owner = [b for b, bidder in enumerate(bidders) for _ in range(bidder.copies)]
        held_by: dict[int, set[int]] = {b: set() for b, bidder in enumerate(bidders) if bidder.copies > 1}
        held: list[list[tuple[int, int, int]]] = [[] for _ in capacity]  # (bid, sequence, copy)
        sequence = 0
        queue = deque(range(len(owner)))
        while queue:
            copy = queue.popleft()
            bidder = bidders[owner[copy]]
            siblings = held_by.get(owner[copy])
            best, second, target, best_cell = self._best(bidder, siblings)
            if best <= 0:
                continue
            weight = best + price[target]
            if best_cell >= 0:
                # Another object of the same cell is an equally good alternative.
                cell = self.cells[best_cell]
                first = heapq.heappop(cell)
                next_price, _ = self._cheapest(cell, bidder.skip, siblings)
                heapq.heappush(cell, first)
                if next_price >= 0:
                    second = max(second, weight - next_price)
            heap = held[target]
            places = capacity[target]
            if places > 1:
                # Another place at the same object is an alternative too: its price is the next lowest.
                empty = places - len(heap)
                if empty >= 2:
                    next_price = 0
                elif empty == 1:
                    next_price = heap[0][0] if heap else 0
                else:
                    next_price = heap[1][0] if len(heap) == 2 else min(heap[1][0], heap[2][0])
                second = max(second, weight - next_price)
            sequence += 1
            heapq.heappush(heap, (price[target] + best - second + epsilon, sequence, copy))
            if siblings is not None:
                siblings.add(target)
            if len(heap) > places:
                _, _, outbid = heapq.heappop(heap)
                outbid_siblings = held_by.get(owner[outbid])
                if outbid_siblings is not None:
                    outbid_siblings.discard(target)
                queue.append(outbid)
            if len(heap) >= places:
                price[target] = heap[0][0]
        self.bidders = bidders
        return sorted((owner[copy], o) for o, heap in enumerate(held) for _, _, copy in heap)

    def upper_bound(self) -> int:
        """Σ copies × (best value, or 0) over bidders + Σ capacity × price over objects: no assignment
        beats it, whatever the prices (weak duality of the b-matching LP)."""
        total = sum(places * p for places, p in zip(self.capacity, self.price, strict=True))
        for bidder in self.bidders:
            best = self._best(bidder, None)[0]
            total += bidder.copies * max(best, 0)
        return total
