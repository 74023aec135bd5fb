"""Pipeline figures against the hand-worked example in conftest (2026-Q3, today 2026-08-15)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salessheet.compute.periods import parse_period
from salessheet.compute.pipeline import (
    as_of,
    attainment,
    closed_won,
    coverage,
    forecast,
    gap_to_target,
    open_deals,
    prepare_deals,
    run_rate_projection,
    weighted_pipeline,
    win_rate,
)
from salessheet.schema import WorkbookConfig

from .conftest import TODAY

Q3 = parse_period("2026-Q3")


def test_closed_won_counts_won_deals_closed_in_period_to_date(deals, config):
    # D1 (Jul 10) and D7 (Jul 31); D2 closes Aug 20, after today; D8 closed in Q2.
    assert closed_won(deals, config, "2026-Q3", TODAY) == 12000.0
    assert closed_won(deals, config, "2026-Q3", dt.date(2026, 9, 30)) == 17000.0
    assert closed_won(deals, config, "2026-Q2", TODAY) == 0.0


def test_weighted_pipeline_whole_and_for_period(deals, config):
    # D4 8000×0.8 + D5 6000×0.5 (override) + D6 3000×0.4 + D9 1000×0.1
    assert weighted_pipeline(deals, config, TODAY) == 10700.0
    # D6 is expected in Q4
    assert weighted_pipeline(deals, config, TODAY, Q3) == 9500.0


def test_forecast_keeps_rep_override_and_rolls_up(deals, config):
    f = forecast(deals, config, Q3, TODAY)
    # D5 is a proposal (best case by default) but the rep set commit; D9 is pipeline.
    parts = (f.closed_won, f.commit, f.best_case, f.pipeline, f.omitted)
    assert parts == (12000.0, 14000.0, 0.0, 1000.0, 0.0)
    assert (f.commit_total, f.best_case_total, f.pipeline_total) == (26000.0, 26000.0, 27000.0)


def test_forecast_default_category_from_stage(deals, config):
    deals = deals.assign(forecast_category=None)
    f = forecast(deals, config, Q3, TODAY)
    assert (f.commit, f.best_case) == (8000.0, 6000.0)


def test_attainment_and_gap():
    assert attainment(12000.0, 40000.0) == 0.3
    assert attainment(5.0, None) is None
    assert gap_to_target(40000.0, 12000.0) == 28000.0
    assert gap_to_target(10.0, 12.0) == 0.0
    assert gap_to_target(None, 1.0) is None


def test_coverage_uses_rest_of_period_only(deals, config):
    # Rest of Q3 from Aug 15: D4 8000 and D9 1000 (D5 was expected Aug 1, D6 in Q4).
    assert coverage(deals, config, Q3, TODAY, 28000.0) == pytest.approx(9000 / 28000)
    assert coverage(deals, config, Q3, TODAY, 28000.0, weighted=True) == pytest.approx(6500 / 28000)
    assert coverage(deals, config, Q3, TODAY, 0.0) is None
    assert coverage(deals, config, Q3, dt.date(2026, 10, 1), 100.0) is None


def test_run_rate_projection():
    assert run_rate_projection(12000.0, Q3, TODAY) == 24000.0  # 12000 × 92 / 46
    assert run_rate_projection(12000.0, Q3, dt.date(2026, 12, 1)) == 12000.0
    assert run_rate_projection(0.0, Q3, dt.date(2026, 6, 1)) is None


def test_win_rate_by_count_and_value(deals, config):
    w = win_rate(deals, config, Q3, TODAY)
    # D1 won 10000, D7 won 2000, D3 lost 4000.
    assert (w.won, w.lost) == (2, 1)
    assert w.by_count == pytest.approx(2 / 3)
    assert w.by_value == 0.75
    empty = win_rate(deals, config, "2025", TODAY)
    assert empty.by_count is None and empty.by_value is None


def test_as_of():
    assert as_of(Q3, TODAY) == TODAY
    assert as_of(Q3, dt.date(2027, 1, 1)) == Q3.end


def test_prepare_is_idempotent_and_open_deals(deals, config):
    prepared = prepare_deals(deals, config, TODAY)
    assert prepare_deals(prepared, config, TODAY) is prepared
    assert open_deals(deals, config, TODAY).deal_id.tolist() == ["D4", "D5", "D6", "D9"]
    assert open_deals(deals, config, TODAY, Q3).deal_id.tolist() == ["D4", "D5", "D9"]


def test_empty_and_unknown_stage(config):
    assert weighted_pipeline(pd.DataFrame(), config, TODAY) == 0.0
    assert closed_won(pd.DataFrame(), config, Q3, TODAY) == 0.0
    odd = pd.DataFrame({"stage": ["mystery"], "amount": [5.0], "expected_close_date": [dt.date(2026, 8, 20)]})
    assert weighted_pipeline(odd, config, TODAY) == 0.0


_deal = st.fixed_dictionaries({
    "stage": st.sampled_from(["lead", "qualified", "demo", "proposal", "negotiation", "won", "lost"]),
    "amount": st.floats(0, 1e7, allow_nan=False),
    "probability": st.one_of(st.none(), st.floats(0, 1)),
    "actual_close_date": st.dates(dt.date(2026, 6, 1), dt.date(2026, 10, 31)),
    "expected_close_date": st.dates(dt.date(2026, 6, 1), dt.date(2026, 10, 31)),
})


@settings(max_examples=60, deadline=None)
@given(st.lists(_deal, max_size=30))
def test_weighted_never_exceeds_total_and_rates_in_unit_interval(rows):
    config = WorkbookConfig()
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["stage", "amount"])
    total = float(frame.loc[~frame["stage"].isin(["won", "lost"]), "amount"].sum()) if rows else 0.0
    assert weighted_pipeline(frame, config, TODAY) <= total + 0.01 * max(1, len(rows))
    w = win_rate(frame, config, Q3, TODAY)
    for rate in (w.by_count, w.by_value):
        assert rate is None or 0.0 <= rate <= 1.0
    f = forecast(frame, config, Q3, TODAY)
    assert f.commit_total <= f.best_case_total <= f.pipeline_total


def test_prepare_deals_gives_exactly_the_pipeline_columns(config):
    from salessheet.compute.columns import pipeline_columns
    from salessheet.demo import generate_team

    team = generate_team(4, 60, today=dt.date(2026, 11, 25))
    raw = pd.DataFrame([row for rep in team.reps for row in rep.rows["pipeline"]])
    expected = pipeline_columns(raw, config, TODAY)
    prepared = prepare_deals(raw, config, TODAY)
    for key in expected.columns:
        left = expected[key].astype("object").where(expected[key].notna(), None).tolist()
        right = prepared[key].astype("object").where(prepared[key].notna(), None).tolist()
        assert left == right, key
