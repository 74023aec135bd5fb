"""Dashboard figures are the compute figures: the leaderboard's won deals are win_rate's count."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from salessheet.compute.periods import parse_period
from salessheet.compute.pipeline import prepare_deals, win_rate
from salessheet.schema import WorkbookConfig
from sync.dashboard import dashboard_data, quarter_of
from sync.merge import merge
from tests.sync.factory import deal, extracted, target, task, workbook

TODAY = dt.date(2026, 11, 25)


def test_leaderboard_won_deals_are_win_rate_counts_per_rep():
    closed = {"actual_close_date": dt.date(2026, 10, 20)}
    books = [
        workbook("alice", pipeline=[deal("A-1", "alice", stage="won", **closed),
                                    deal("A-2", "alice", stage="won", actual_close_date=dt.date(2026, 6, 1)),
                                    deal("A-3", "alice", stage="lost", **closed), deal("A-4", "alice")]),
        workbook("bob", pipeline=[deal("B-1", "bob", stage="won", **closed),
                                  deal("B-2", "bob", stage="won", **closed)]),
        workbook("carol", pipeline=[deal("C-1", "carol")]),
    ]
    merged = merge([extracted(b) for b in books], today=TODAY)
    data = dashboard_data(merged.tables, merged.roster, WorkbookConfig(), TODAY)
    board = dict(zip(data.leaderboard["rep"], data.leaderboard["won_deals"], strict=True))
    period = parse_period(quarter_of(TODAY)[0])
    pipeline = merged.tables["pipeline"]
    expected = {rep: win_rate(pipeline[pipeline["owner"] == rep], WorkbookConfig(), period, TODAY).won
                for rep in board}
    assert board == expected == {"alice": 1, "bob": 2, "carol": 0}


def test_merged_deals_are_the_prepared_pipeline_and_give_the_same_dashboard():
    books = [
        workbook("alice", pipeline=[deal("A-2", "alice", stage="won", actual_close_date=dt.date(2026, 10, 2)),
                                    deal("A-1", "alice", stage="demo", amount=500.0)],
                 targets=[target("2026-Q4", "alice", 4000.0), target("2026-11", "alice", 900.0)]),
        workbook("bob", pipeline=[deal("B-1", "bob", stage="lost", actual_close_date=dt.date(2026, 11, 2)),
                                  deal("B-2", "bob", stage="nonsense",
                                       expected_close_date=dt.date(2027, 1, 5))],
                 tasks=[task("T-1", "bob", due_date=dt.date(2026, 11, 1))]),
    ]
    merged = merge([extracted(b) for b in books], today=TODAY)
    config = WorkbookConfig()
    assert merged.deals is not None
    table = merged.tables["pipeline"]
    # The same rows in the same order; the table shows none of the helper columns.
    assert merged.deals["deal_id"].tolist() == table["deal_id"].tolist() == ["A-1", "A-2", "B-1", "B-2"]
    assert not [c for c in table.columns if c in {"_state", "_amount", "_weighted", "_expected"}]
    fresh = prepare_deals(table, config, TODAY)
    pd.testing.assert_frame_equal(merged.deals[list(fresh.columns)], fresh)
    assert merged.deals["_state"].tolist()[:3] == ["open", "won", "lost"]
    assert pd.isna(merged.deals["_state"].tolist()[3])  # an unknown stage has no state
    via_deals = dashboard_data({**merged.tables, "pipeline": merged.deals}, merged.roster, config, TODAY)
    via_table = dashboard_data(merged.tables, merged.roster, config, TODAY)
    for field in dataclasses.fields(via_table):
        a, b = getattr(via_deals, field.name), getattr(via_table, field.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert a == b
    assert via_table.attainment["target"].tolist() == [4000.0, 0.0]
    assert via_table.monthly.set_index("month").loc["2026-11", "target"] == 900.0
