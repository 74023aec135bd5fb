"""Leaderboard ranking, tiered commission with accelerator and cap, milestone bonuses."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from salessheet.compute.incentives import (
    BonusPlan,
    CommissionPlan,
    commission,
    commissions,
    competition_rank,
    leaderboard,
    milestone_bonus,
)

PLAN = CommissionPlan(tiers=((0, 0.05), (0.5, 0.08), (1.0, 0.10)), accelerator=1.5)


def test_competition_rank():
    assert competition_rank(pd.Series([10.0, 30.0, 30.0, 20.0, 30.0])).tolist() == [5, 1, 1, 4, 1]
    assert competition_rank(pd.Series([3.0, 1.0, 1.0]), ascending=True).tolist() == [3, 1, 1]
    assert competition_rank(pd.Series([1.0, None])).tolist() == [1, pd.NA]


def test_leaderboard_orders_ties_by_rep_id_and_unranked_last():
    reps = pd.DataFrame({"owner": ["dan", "ann", "cat", "bob", "eve"],
                         "closed_won": [50.0, 80.0, 80.0, 90.0, None]})
    board = leaderboard(reps, "closed_won")
    assert board["owner"].tolist() == ["bob", "ann", "cat", "dan", "eve"]
    assert board["rank"].tolist() == [1, 2, 2, 4, pd.NA]


@pytest.mark.parametrize(
    ("closed", "target", "expected"),
    [
        (0.0, 100_000.0, 0.0),
        (40_000.0, 100_000.0, 2_000.0),      # 40k × 5%
        (80_000.0, 100_000.0, 4_900.0),      # 50k × 5% + 30k × 8%
        (100_000.0, 100_000.0, 6_500.0),     # 50k × 5% + 50k × 8%
        (130_000.0, 100_000.0, 11_000.0),    # + 30k × 10% × 1.5
        (10_000.0, None, 500.0),             # no target: first tier's rate
        (10_000.0, 0.0, 500.0),
    ],
)
def test_commission_tiers_and_accelerator(closed, target, expected):
    assert commission(closed, target, PLAN) == expected


def test_commission_cap_and_vectorised():
    capped = PLAN.model_copy(update={"cap": 6_000.0})
    assert commission(130_000.0, 100_000.0, capped) == 6_000.0
    out = commissions(pd.Series([40_000.0, 130_000.0]), pd.Series([100_000.0, 100_000.0]), PLAN)
    assert out.tolist() == [2_000.0, 11_000.0]


def test_accelerator_applies_to_tier_above_100_percent():
    # One flat 10% tier, doubled above target: 100k × 10% + 20k × 20%.
    plan = CommissionPlan(tiers=((0, 0.10),), accelerator=2.0)
    assert commission(120_000.0, 100_000.0, plan) == 14_000.0


@pytest.mark.parametrize("tiers", [(), ((0.1, 0.05),), ((0, 0.05), (0, 0.06)), ((0, 0.05), (0.5, -0.1))])
def test_bad_plans_are_refused(tiers):
    with pytest.raises(ValidationError):
        CommissionPlan(tiers=tiers)


def test_milestone_bonus():
    plan = BonusPlan(milestones=((1.0, 5000.0), (1.2, 3000.0)))
    bonuses = [milestone_bonus(a, plan) for a in (None, 0.5, 1.0, 1.19, 1.2)]
    assert bonuses == [0.0, 0.0, 5000.0, 5000.0, 8000.0]


@given(st.lists(st.tuples(st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 5)), min_size=1,
                max_size=20, unique_by=lambda r: r[0]), st.randoms())
def test_ranking_stable_under_shuffles_and_ties(rows, rnd):
    frame = pd.DataFrame(rows, columns=["owner", "value"]).astype({"value": float})
    shuffled = frame.sample(frac=1, random_state=rnd.randint(0, 10**6))
    a, b = leaderboard(frame, "value"), leaderboard(shuffled, "value")
    assert a.equals(b)
    for _, row in a.iterrows():
        assert row["rank"] == 1 + int((frame["value"] > row["value"]).sum())


@given(st.floats(0, 1e7), st.floats(1, 1e7))
def test_commission_monotone_in_revenue(closed, target):
    assert commission(closed, target, PLAN) <= commission(closed + 1000.0, target, PLAN)
