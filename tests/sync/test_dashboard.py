"""Dashboard figures are the compute figures: the leaderboard's won deals are win_rate's count."""

from __future__ import annotations

import datetime as dt

from salessheet.compute.periods import parse_period
from salessheet.compute.pipeline import win_rate
from salessheet.schema import WorkbookConfig
from sync.dashboard import dashboard_data, quarter_of
from sync.merge import merge
from tests.sync.factory import deal, extracted, workbook

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
