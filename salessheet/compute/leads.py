"""Lead assignment (线索分配): which rep gets each new lead, round-robin, weighted or by capacity.

Only reps marked available take leads, and never beyond their capacity (maximum open
deals). Each batch is shared out on its own: nothing is owed to a rep for the leads
they missed while away, so a rep coming back gets their normal share of the next batch,
not a catch-up flood. The result is deterministic: ties go to the rep listed first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = ["AssignMethod", "RepSlot", "apportion", "assign_leads"]

AssignMethod = Literal["round_robin", "weighted", "capacity"]


@dataclass(frozen=True)
class RepSlot:
    """A rep as lead assignment sees them (from the Roster and the rep's open deals).

    Attributes:
        rep_id: the rep's id.
        available: False while away; the rep gets no leads.
        weight: relative share of leads for the weighted method (1 = normal).
        capacity: maximum open deals; None = no limit.
        open_deals: open deals the rep already carries.
    """

    rep_id: str
    available: bool = True
    weight: float = 1.0
    capacity: int | None = None
    open_deals: int = 0

    @property
    def room(self) -> int | None:
        """Leads the rep can still take; None = no limit."""
        return None if self.capacity is None else max(self.capacity - self.open_deals, 0)


def apportion(count: int, weights: Sequence[float], caps: Sequence[int | None] | None = None) -> list[int]:
    """Share ``count`` items in proportion to ``weights`` (largest remainder), within ``caps``.

    Each share is within one of its exact quota (before caps); a capped share that would
    exceed its cap is held at it and the rest is shared again among the others. Fewer
    than ``count`` are handed out only when every rep with weight is full.

    >>> apportion(10, [1, 1, 1])
    [4, 3, 3]
    >>> apportion(10, [1, 1, 1], [1, None, 2])
    [1, 7, 2]
    """
    limits = list(caps) if caps is not None else [None] * len(weights)
    shares = [0] * len(weights)
    open_ = [i for i, w in enumerate(weights) if w > 0 and limits[i] != 0]
    left = count
    while left > 0 and open_:
        exact = {i: Fraction(weights[i]) for i in open_}
        whole = sum(exact.values(), Fraction(0))
        quotas = {i: left * exact[i] / whole for i in open_}
        parts = {i: q.numerator // q.denominator for i, q in quotas.items()}
        spare = left - sum(parts.values())
        for i in sorted(open_, key=lambda i: (-(quotas[i] - parts[i]), i))[:spare]:
            parts[i] += 1
        over = [i for i in open_ if (cap := limits[i]) is not None and shares[i] + parts[i] > cap]
        if not over:
            for i in open_:
                shares[i] += parts[i]
            break
        for i in over:  # hold the full reps at their cap, share the rest again
            cap = limits[i]
            assert cap is not None
            left -= cap - shares[i]
            shares[i] = cap
        open_ = [i for i in open_ if i not in over]
    return shares


def _interleave(shares: list[int]) -> list[int]:
    """An order giving rep i exactly shares[i] turns, spread out (smooth weighted round-robin)."""
    total = sum(shares)
    current = [0] * len(shares)
    order = []
    for _ in range(total):
        for i, share in enumerate(shares):
            current[i] += share
        pick = max(range(len(shares)), key=lambda i: (current[i], -i))
        current[pick] -= total
        order.append(pick)
    return order


def _round_robin(count: int, reps: list[RepSlot], last_rep: str | None) -> list[int | None]:
    ids = [r.rep_id for r in reps]
    start = ids.index(last_rep) + 1 if last_rep in ids else 0
    room = [r.room for r in reps]
    out: list[int | None] = []
    cursor = start
    for _ in range(count):
        for step in range(len(reps)):
            i = (cursor + step) % len(reps)
            if reps[i].available and room[i] != 0:
                out.append(i)
                if room[i] is not None:
                    room[i] = room[i] - 1  # type: ignore[operator]
                cursor = i + 1
                break
        else:
            out.append(None)
    return out


def assign_leads(
    count: int,
    reps: Sequence[RepSlot],
    method: AssignMethod = "round_robin",
    *,
    last_rep: str | None = None,
) -> list[str | None]:
    """The rep id for each of ``count`` new leads, in lead order; None where no rep can take it.

    Args:
        count: number of leads to assign.
        reps: the roster, in roster order.
        method: ``round_robin`` (one each in roster order, continuing after ``last_rep``);
            ``weighted`` (shares in proportion to each rep's ``weight``, spread evenly
            through the batch); ``capacity`` (shares in proportion to each rep's room,
            i.e. capacity minus open deals; reps without a capacity count as having the
            largest room of the team, or 1 when nobody has a capacity).
        last_rep: the rep who got the previous lead (round-robin continues after them).

    Raises:
        ValueError: unknown method or a negative count.

    >>> reps = [RepSlot("ann"), RepSlot("bob", available=False), RepSlot("cy", capacity=1)]
    >>> assign_leads(4, reps)
    ['ann', 'cy', 'ann', 'ann']
    >>> assign_leads(4, [RepSlot("ann", weight=3), RepSlot("bob")], "weighted")
    ['ann', 'ann', 'bob', 'ann']
    """
    if count < 0:
        raise ValueError("count must not be negative")
    roster = list(reps)
    if method == "round_robin":
        picks = _round_robin(count, roster, last_rep)
    elif method in ("weighted", "capacity"):
        rooms = [r.room for r in roster]
        if method == "weighted":
            weights = [max(r.weight, 0.0) for r in roster]
        else:
            known = [room for room in rooms if room is not None]
            default = max(known) if known and max(known) > 0 else 1
            weights = [float(default if room is None else room) for room in rooms]
        weights = [w if r.available else 0.0 for w, r in zip(weights, roster, strict=True)]
        order: list[int | None] = list(_interleave(apportion(count, weights, rooms)))
        picks = order + [None] * (count - len(order))
    else:
        raise ValueError(f"unknown assignment method {method!r}")
    return [None if i is None else roster[i].rep_id for i in picks]
