"""Funnel, cycle, velocity and aging against the conftest deals (today 2026-08-15)."""

from __future__ import annotations

import math

import pandas as pd

from salessheet.compute.funnel import (
    average_sales_cycle,
    average_won_amount,
    deal_aging,
    sales_velocity,
    stage_funnel,
    stale_deals,
)
from salessheet.compute.periods import parse_period

from .conftest import TODAY

Q3 = parse_period("2026-Q3")


def test_funnel_from_current_stage(deals, config):
    funnel = stage_funnel(deals, config, TODAY)
    # Depths: won D1 D2 D7 -> 5; D4 negotiation 4; D5 proposal 3; D6 demo 2; D9 lead 0;
    # lost D3 D8 count at the first stage only.
    assert funnel["stage"].tolist() == ["lead", "qualified", "demo", "proposal", "negotiation", "won"]
    assert funnel["reached"].tolist() == [9, 6, 6, 5, 4, 3]
    assert funnel["advanced"].tolist() == [6, 6, 5, 4, 3, 0]
    assert funnel["conversion"].iloc[0] == 6 / 9
    assert math.isnan(funnel["conversion"].iloc[-1])
    assert funnel["from_first"].iloc[-1] == 3 / 9


def test_funnel_lost_at_stage_column(deals, config):
    deals = deals.assign(lost_at_stage=[None, None, "proposal", None, None, None, None, "demo", None])
    funnel = stage_funnel(deals, config, TODAY)
    # D3 now reaches lead..proposal, D8 lead..demo.
    assert funnel["reached"].tolist() == [9, 8, 8, 6, 4, 3]


def test_average_cycle_and_won_size(deals, config):
    # D1 May 1 -> Jul 10 = 70 days, D7 Jul 1 -> Jul 31 = 30 days.
    assert average_sales_cycle(deals, config, TODAY, Q3) == 50.0
    assert average_won_amount(deals, config, TODAY, Q3) == 6000.0
    # All won deals: D2 Jun 1 -> Aug 20 = 80 days as well.
    assert average_sales_cycle(deals, config, TODAY) == 60.0
    assert average_won_amount(deals, config, TODAY) == 5666.67  # 17000 / 3, to the cent
    assert average_sales_cycle(deals, config, TODAY, "2025") is None


def test_sales_velocity():
    # 4 open deals × 2/3 × 6000 / 50 days
    assert sales_velocity(4, 2 / 3, 6000.0, 50.0) == 320.0
    assert sales_velocity(4, None, 6000.0, 50.0) is None
    assert sales_velocity(1, 1.0, 100.0, 0.0) == 100.0  # the cycle counts as at least one day


def test_aging_and_stale(deals, config):
    aging = deal_aging(deals, config, TODAY)
    assert aging["deal_id"].tolist() == ["D9", "D4", "D5", "D6"]
    assert aging["days_open"].tolist() == [226, 45, 45, 14]
    # D5: no activity since Jul 1 (45 days); D9: none since created.
    assert stale_deals(deals, config, TODAY)["deal_id"].tolist() == ["D9", "D5"]


def test_empty_frames(config):
    assert stage_funnel(pd.DataFrame(), config, TODAY)["reached"].sum() == 0
    assert deal_aging(pd.DataFrame(), config, TODAY).empty
