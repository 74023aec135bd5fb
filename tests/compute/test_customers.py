"""Customer revenue, ABC tiers and repurchase rate."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.compute.customers import abc_tiers, customer_revenue, repurchase_rate
from salessheet.compute.periods import parse_period

from .conftest import TODAY


def test_customer_revenue(deals, config):
    # Won: D1 Acme 10000, D2 Acme 5000, D7 Beta 2000.
    out = customer_revenue(deals, config, TODAY)
    assert out.values.tolist() == [["Acme", 15000.0, 2], ["Beta", 2000.0, 1]]
    # In Q3 to date D2 (Aug 20) does not count yet.
    q3 = customer_revenue(deals, config, TODAY, parse_period("2026-Q3"))
    assert q3["revenue"].tolist() == [10000.0, 2000.0]


def test_repurchase_rate(deals, config):
    assert repurchase_rate(deals, config, TODAY) == 0.5
    assert repurchase_rate(deals.iloc[:0], config, TODAY) is None


def test_abc_tiers_crossing_customer_is_in_the_lower_band():
    revenue = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0, "f": 0.0})
    # Shares before: a 0, b .5, c .8, d .9, e .96
    assert abc_tiers(revenue).to_dict() == {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C", "f": "C"}
    assert abc_tiers(revenue, a=0.5, b=0.8).to_dict() == {"a": "A", "b": "B", "c": "C", "d": "C", "e": "C",
                                                          "f": "C"}
    assert abc_tiers(pd.Series({"x": 0.0})).tolist() == ["C"]
    with pytest.raises(ValueError):
        abc_tiers(revenue, a=0.9, b=0.8)


@given(st.dictionaries(st.text("abcdefghij", min_size=1, max_size=3), st.floats(0, 1e6), max_size=30))
def test_abc_tiers_monotone(revenue_by_customer):
    revenue = pd.Series(revenue_by_customer, dtype=float)
    tiers = abc_tiers(revenue)
    assert set(tiers) <= {"A", "B", "C"}
    for x in revenue.index:
        for y in revenue.index:
            if revenue[x] > revenue[y]:
                assert tiers[x] <= tiers[y]
    if revenue.sum() > 0:
        assert (tiers == "A").any()


def test_no_customer_column(config):
    deals = pd.DataFrame({"stage": ["won"], "amount": [1.0]})
    assert customer_revenue(deals, config, TODAY).empty
    assert repurchase_rate(deals, config, TODAY) is None
    assert repurchase_rate(pd.DataFrame(), config, TODAY) is None
