"""Target decomposition: hand-worked splits and exact-sum properties."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salessheet.compute.periods import parse_period
from salessheet.compute.targets import (
    _allocate_cents,
    allocate,
    decompose_by_rep,
    decompose_target,
    month_weights,
    split_by_rep,
    working_days,
)


def test_allocate_largest_remainder_ties_to_earlier_part():
    assert allocate(100, [1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    # 0.05 in the ratio 1:1 -> 2.5 cents each; the leftover cent goes to the first part.
    assert allocate(Decimal("0.05"), [1, 1]) == [Decimal("0.03"), Decimal("0.02")]
    # Largest fractional share wins: 10 cents by 0.26/0.74 = 2.6 / 7.4 cents.
    assert allocate(0.10, [0.26, 0.74]) == [Decimal("0.03"), Decimal("0.07")]
    assert allocate(-1, [1, 2]) == [Decimal("-0.33"), Decimal("-0.67")]
    assert allocate(5, [0, 1]) == [Decimal("0.00"), Decimal("5.00")]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1], [float("nan"), 1]])
def test_allocate_rejects_bad_weights(weights):
    with pytest.raises(ValueError):
        allocate(1, weights)


def test_working_days_and_weights():
    # July 2026: 23 weekdays; with the holiday on Wednesday Jul 1: 22.
    assert working_days(dt.date(2026, 7, 1), dt.date(2026, 7, 31)) == 23
    assert working_days(dt.date(2026, 7, 1), dt.date(2026, 7, 31), [dt.date(2026, 7, 1)]) == 22
    assert working_days(dt.date(2026, 7, 5), dt.date(2026, 7, 4)) == 0
    w = month_weights(2026, "working_days")
    assert w[:3] == [22.0, 20.0, 22.0]  # Jan, Feb, Mar 2026
    assert month_weights(2026, "history", list(range(1, 13)))[11] == 12.0
    with pytest.raises(ValueError):
        month_weights(2026, "seasonality")
    with pytest.raises(ValueError):
        month_weights(2026, "history", [1, 2, 3])


def test_equal_split_quarters_and_months():
    plan = decompose_target(1200, 2026, weeks=False)
    assert plan[plan.level == "month"]["value"].tolist() == [100.0] * 12
    assert plan[plan.level == "quarter"]["value"].tolist() == [300.0] * 4
    assert plan[plan.level == "year"]["value"].tolist() == [1200.0]


def test_seasonality_by_quarter():
    plan = decompose_target(1000, 2026, method="seasonality", weights=[1, 1, 1, 2], weeks=False)
    assert plan[plan.level == "quarter"]["value"].tolist() == [200.0, 200.0, 200.0, 400.0]
    # Q1 200 over 3 months = 66.67, 66.67, 66.66 (leftover cent to the earlier months)
    assert plan[plan.level == "month"]["value"].tolist()[:3] == [66.67, 66.67, 66.66]


def test_history_shares():
    last_year = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3]
    plan = decompose_target(400, 2026, method="history", weights=last_year, weeks=False)
    months = plan[plan.level == "month"].set_index("period")["value"]
    assert months["2026-11"] == 100.0 and months["2026-12"] == 300.0 and months["2026-01"] == 0.0


def test_fiscal_year_labels_and_months():
    plan = decompose_target(1200, 2026, fiscal_year_start_month=4, weeks=False)
    assert plan["period"].tolist()[:3] == ["FY2026", "FY2026-Q1", "FY2026-Q2"]
    first_q = plan[plan.period == "FY2026-Q1"].iloc[0]
    assert first_q["period_start"] == dt.date(2025, 4, 1) and first_q["period_end"] == dt.date(2025, 6, 30)
    months = plan[plan.level == "month"]
    assert months["period"].iloc[0] == "2025-04" and months["period"].iloc[-1] == "2026-03"
    assert parse_period("FY2026-Q1", 4).start == first_q["period_start"]


def test_weeks_split_by_days_within_month():
    plan = decompose_target(1200, 2026)
    july = plan[(plan.level == "week") & (plan.parent == "2026-07")]
    # July 2026 starts on a Wednesday: W27 has 5 days in July, W28-W30 7, W31 5 (Jul 27-31).
    assert july["period"].tolist() == ["2026-W27", "2026-W28", "2026-W29", "2026-W30", "2026-W31"]
    assert july["cents"].tolist() == [1613, 2258, 2258, 2258, 1613]
    assert int(july["cents"].sum()) == 10000
    # Working days: Jul 1-3 = 3, then 5, 5, 5, 5 = 23 days.
    wd = decompose_target(1200, 2026, method="working_days")
    wd_july = wd[(wd.level == "week") & (wd.parent == "2026-07")]
    assert int(wd_july["cents"].sum()) == int(wd[wd.period == "2026-07"]["cents"].iloc[0])


def test_split_by_rep_tie_goes_by_rep_id():
    assert split_by_rep(0.01, {"zoe": 1, "amy": 1}) == {"amy": Decimal("0.01"), "zoe": Decimal("0.00")}


def test_decompose_by_rep_adds_up_both_ways():
    plan = decompose_by_rep(1000, {"ann": 1, "bob": 1, "cy": 1}, 2026)
    reps = plan[plan.owner != "TEAM"]
    team = plan[plan.owner == "TEAM"]
    assert reps[reps.level == "year"]["cents"].tolist() == [33334, 33333, 33333]
    assert int(team[team.level == "year"]["cents"].iloc[0]) == 100000
    by_period = reps.groupby(["level", "period", "parent"], dropna=False)["cents"].sum()
    team_idx = team.set_index(["level", "period", "parent"])["cents"]
    assert (by_period.reindex(team_idx.index) == team_idx).all()


def _check_tree(plan):
    total = int(plan[plan.level == "year"]["cents"].iloc[0])
    for level, parent_level in (("quarter", "year"), ("month", "quarter"), ("week", "month")):
        children = plan[plan.level == level].groupby("parent")["cents"].sum()
        parents = plan[plan.level == parent_level].set_index("period")["cents"]
        assert (children.reindex(parents.index, fill_value=0) == parents).all(), level
    assert int(plan[plan.level == "month"]["cents"].sum()) == total


@settings(max_examples=40, deadline=None)
@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    weights=st.lists(st.floats(0, 1000, allow_nan=False), min_size=12, max_size=12).filter(
        lambda w: sum(w) > 0),
    start=st.integers(1, 12),
)
def test_decomposition_sums_exactly(total, weights, start):
    plan = decompose_target(total, 2027, method="seasonality", weights=weights, fiscal_year_start_month=start)
    assert int(plan[plan.level == "year"]["cents"].iloc[0]) == int(total * 100)
    _check_tree(plan)


@given(
    total=st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=40).filter(
        lambda w: sum(w) > 0),
)
def test_allocate_sums_exactly_and_stays_close(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * Decimal(weight) / Decimal(whole)) < Decimal("0.01")


@settings(max_examples=25, deadline=None)
@given(shares=st.dictionaries(st.text("abcdef", min_size=1, max_size=4), st.floats(0.01, 100), min_size=1,
                              max_size=6), total=st.integers(0, 10**8))
def test_rep_split_sums_exactly(shares, total):
    plan = decompose_by_rep(total, shares, 2026, weeks=False)
    reps = plan[(plan.owner != "TEAM") & (plan.level == "year")]
    assert int(reps["cents"].sum()) == total * 100


def test_all_zero_weights_are_refused():
    with pytest.raises(ValueError):
        decompose_target(100, 2026, method="history", weights=[0] * 12)


def _allocate_cents_with_fractions(cents: int, weights: list[Any]) -> list[int]:
    """The allocation as first written (a Fraction per weight, tuple sort keys): the reference."""
    exact = [Fraction(w) for w in weights]
    scale = math.lcm(*(w.denominator for w in exact))
    ints = [w.numerator * (scale // w.denominator) for w in exact]
    whole = sum(ints)
    sign, cents = (-1 if cents < 0 else 1), abs(cents)
    parts = [cents * w // whole for w in ints]
    remainders = [cents * w % whole for w in ints]
    for i in sorted(range(len(parts)), key=lambda i: (-remainders[i], i))[:cents - sum(parts)]:
        parts[i] += 1
    return [sign * p for p in parts]


weight = st.one_of(st.floats(0, 1e6, allow_nan=False), st.integers(0, 10**6),
                   st.sampled_from([0.1, 0.5, 3, 3.0, 2**-60]),
                   st.fractions(min_value=0, max_value=100))


@given(cents=st.integers(-10**12, 10**12), weights=st.lists(weight, min_size=1, max_size=40).filter(
    lambda w: sum(map(Fraction, w)) > 0))
def test_allocation_equals_the_fraction_reference(cents, weights):
    assert _allocate_cents(cents, weights) == _allocate_cents_with_fractions(cents, weights)


@given(start=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), span=st.integers(-5, 400),
       holidays=st.lists(st.dates(dt.date(2024, 12, 1), dt.date(2029, 1, 31)), max_size=30))
def test_working_days_with_plain_dates_equals_timestamps(start, span, holidays):
    end = start + dt.timedelta(days=span)
    as_dates = working_days(start, end, holidays)
    assert as_dates == working_days(start, end, [pd.Timestamp(h) for h in holidays])  # the general route
    assert as_dates == working_days(start, end, iter(holidays))
