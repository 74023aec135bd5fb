"""Risk figures against the conftest risks and deals."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from salessheet.compute.risks import (
    WarningRule,
    active_risks,
    early_warnings,
    red_risks,
    risk_heatmap,
    scored_risks,
)

from .conftest import TODAY


def test_scores_and_rag_reuse_config_thresholds(risks, config):
    scored = scored_risks(risks, config)
    assert scored["score"].tolist() == [16, 9, 5, 25]
    assert scored["rag"].tolist() == ["red", "amber", "green", "red"]
    tighter = config.model_copy(update={"risk_red": 20, "risk_amber": 10})
    assert scored_risks(risks, tighter)["rag"].tolist() == ["amber", "green", "green", "red"]


def test_active_and_red(risks, config):
    assert active_risks(risks, config)["risk_id"].tolist() == ["R1", "R2", "R3"]
    assert red_risks(risks, config)["risk_id"].tolist() == ["R1"]  # R4 is closed


def test_early_warnings_with_explicit_amount(risks, deals, config):
    out = early_warnings(risks, deals, config, TODAY, WarningRule(high_value_amount=7000))
    # R1: score 16 >= 15, deal D4 8000 >= 7000 with score >= 8; R2: mitigation due Aug 1.
    assert out[["risk_id", "reasons"]].values.tolist() == [
        ["R1", "high_score,high_value_deal"],
        ["R2", "mitigation_overdue"],
    ]
    assert out["deal_amount"].tolist() == [8000.0, 6000.0]


def test_early_warnings_default_quantile_threshold(risks, deals, config):
    # Open amounts 8000, 6000, 3000, 1000: the 0.8 quantile is 6800, so D4 is high-value, D5 not.
    out = early_warnings(risks, deals, config, TODAY)
    assert dict(zip(out["risk_id"], out["reasons"], strict=True)) == {
        "R1": "high_score,high_value_deal", "R2": "mitigation_overdue"}
    lenient = early_warnings(risks, deals, config, TODAY, WarningRule(high_value_quantile=0.5, min_score=5))
    assert lenient["risk_id"].tolist() == ["R1", "R2", "R3"]
    # The median of the open amounts is 4500: D5 (6000, score 9) is high-value now too.
    assert lenient["reasons"].tolist() == ["high_score,high_value_deal",
                                           "high_score,mitigation_overdue,high_value_deal", "high_score"]


def test_heatmap(risks):
    grid = risk_heatmap(risks)
    assert grid.shape == (5, 5)
    assert list(grid.index) == [5, 4, 3, 2, 1] and list(grid.columns) == [1, 2, 3, 4, 5]
    cells = [int(grid.loc[row, col]) for row, col in ((4, 4), (3, 3), (5, 1), (5, 5))]
    assert cells == [1, 1, 1, 0]
    assert int(risk_heatmap(risks, include_closed=True).loc[5, 5]) == 1
    assert int(risk_heatmap(pd.DataFrame()).to_numpy().sum()) == 0


def test_empty_risks(deals, config):
    assert early_warnings(pd.DataFrame(), deals, config, TODAY).empty


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-1, 7), st.floats(0, 6), st.just("x")),
                          st.one_of(st.none(), st.integers(-1, 7), st.just("3")),
                          st.sampled_from(["open", "closed", "mitigating"])), max_size=40))
def test_heatmap_counts_each_open_risk_in_its_cell_once(rows):
    risks = pd.DataFrame(rows, columns=["likelihood", "impact", "status"], dtype=object)
    expected = [[0] * 5 for _ in range(5)]
    for likelihood, impact, status in rows:
        value = pd.to_numeric(pd.Series([likelihood, impact], dtype=object), errors="coerce")
        if status != "closed" and value.between(1, 5).all():
            expected[5 - int(value[0])][int(value[1]) - 1] += 1
    assert risk_heatmap(risks).to_numpy().tolist() == expected
