"""Incentives (激励): leaderboard ranking, tiered commission with accelerators, milestone bonuses."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field, field_validator

__all__ = [
    "BonusPlan",
    "CommissionPlan",
    "commission",
    "commissions",
    "competition_rank",
    "leaderboard",
    "milestone_bonus",
]


def competition_rank(values: pd.Series, *, ascending: bool = False) -> pd.Series:
    """Competition ranking ("1224"): equal values share the best rank, the next rank skips.

    Highest value first unless ``ascending``. Missing values get no rank (<NA>).

    >>> competition_rank(pd.Series([50.0, 80.0, 80.0, 10.0])).tolist()
    [3, 1, 1, 4]
    """
    return values.rank(method="min", ascending=ascending, na_option="keep").astype("Int64")


def leaderboard(
    frame: pd.DataFrame, value: str, *, by: str = "owner", ascending: bool = False
) -> pd.DataFrame:
    """Rank the rows of ``frame`` on column ``value``; ties share a rank, ordered by ``by``.

    The order depends only on the values and ids, never on the input row order: by
    rank, then by ``by`` (the rep id). Rows without a value come last, unranked.

    Returns:
        ``frame`` with a leading ``rank`` column, sorted, with a fresh index.

    >>> reps = pd.DataFrame({"owner": ["cat", "bob", "ann", "dan"], "closed_won": [80.0, 80.0, 50.0, 90.0]})
    >>> leaderboard(reps, "closed_won").values.tolist()
    [[1, 'dan', 90.0], [2, 'bob', 80.0], [2, 'cat', 80.0], [4, 'ann', 50.0]]
    """
    out = frame.copy()
    out.insert(0, "rank", competition_rank(pd.to_numeric(out[value], errors="coerce"), ascending=ascending))
    out["_unranked"] = out["rank"].isna()
    out = out.sort_values(["_unranked", "rank", by], kind="stable", na_position="last")
    return out.drop(columns="_unranked").reset_index(drop=True)


class CommissionPlan(BaseModel):
    """A tiered commission plan, paid on closed-won revenue.

    Tiers are marginal: the revenue between two tier starts (as attainment fractions of
    the target) is paid at the lower tier's rate. Revenue above 100% attainment is paid at
    the rate × ``accelerator``. The total per rep and period is capped at ``cap``.
    """

    tiers: tuple[tuple[float, float], ...] = Field(
        description="(from_attainment, rate) pairs, e.g. ((0, 0.05), (0.5, 0.08)); the first starts at 0."
    )
    accelerator: float = Field(default=1.0, ge=0, description="Rate multiplier above 100% attainment.")
    cap: float | None = Field(default=None, ge=0, description="Maximum commission; None = no cap.")

    @field_validator("tiers")
    @classmethod
    def _check_tiers(cls, tiers: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        if not tiers or tiers[0][0] != 0:
            raise ValueError("the first tier must start at attainment 0")
        starts = [t[0] for t in tiers]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("tier starts must be strictly increasing")
        if any(rate < 0 for _, rate in tiers):
            raise ValueError("rates must not be negative")
        return tiers


def commissions(closed: pd.Series, target: pd.Series, plan: CommissionPlan) -> pd.Series:
    """Commission per row for closed-won revenue ``closed`` against ``target`` (vectorised).

    Without a positive target, the first tier's rate is paid on all revenue (no accelerator).

    >>> plan = CommissionPlan(tiers=((0, 0.05), (1.0, 0.10)), accelerator=2.0)
    >>> goal = pd.Series([100_000.0, 100_000.0])
    >>> commissions(pd.Series([50_000.0, 120_000.0]), goal, plan).tolist()  # 120k: 5000 + 20k × 20%
    [2500.0, 9000.0]
    """
    won = pd.to_numeric(closed, errors="coerce").fillna(0.0).clip(lower=0).to_numpy(dtype=float)
    goal = pd.to_numeric(target, errors="coerce").to_numpy(dtype=float)
    has_goal = np.isfinite(goal) & (goal > 0)
    safe_goal = np.where(has_goal, goal, 1.0)
    bounds = sorted({t[0] for t in plan.tiers} | {1.0})
    total = np.zeros_like(won)
    for i, lower in enumerate(bounds):
        upper = bounds[i + 1] if i + 1 < len(bounds) else math.inf
        rate = next(r for start, r in reversed(plan.tiers) if start <= lower)
        if lower >= 1.0:
            rate *= plan.accelerator
        band = np.clip(won, lower * safe_goal, upper * safe_goal) - lower * safe_goal
        total += band * rate
    total = np.where(has_goal, total, won * plan.tiers[0][1])
    if plan.cap is not None:
        total = np.minimum(total, plan.cap)
    return pd.Series(np.round(total, 2), index=closed.index)


def commission(closed: float, target: float | None, plan: CommissionPlan) -> float:
    """Commission for one rep: marginal tiers, accelerator above 100% attainment, cap.

    >>> plan = CommissionPlan(tiers=((0, 0.05), (0.5, 0.08), (1.0, 0.10)), accelerator=1.5)
    >>> commission(130_000, 100_000, plan)  # 50k×5% + 50k×8% + 30k×10%×1.5
    11000.0
    >>> commission(130_000, 100_000, plan.model_copy(update={"cap": 9_000}))
    9000.0
    """
    goal = float("nan") if target is None else target
    return float(commissions(pd.Series([closed]), pd.Series([goal]), plan).iloc[0])


class BonusPlan(BaseModel):
    """One-off bonuses paid when attainment reaches milestones; every milestone reached pays."""

    milestones: tuple[tuple[float, float], ...] = Field(
        description="(attainment, bonus) pairs, e.g. ((1.0, 5000), (1.2, 3000))."
    )


def milestone_bonus(attainment: float | None, plan: BonusPlan) -> float:
    """Sum of the bonuses of every milestone whose attainment has been reached (>=).

    >>> plan = BonusPlan(milestones=((1.0, 5000), (1.2, 3000)))
    >>> milestone_bonus(0.99, plan), milestone_bonus(1.0, plan), milestone_bonus(1.25, plan)
    (0.0, 5000.0, 8000.0)
    """
    if attainment is None or attainment != attainment:
        return 0.0
    return float(sum(amount for level, amount in plan.milestones if attainment >= level))
