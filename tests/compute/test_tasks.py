"""Task figures against the conftest tasks (today Saturday 2026-08-15, ISO week 33)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from salessheet.compute.periods import parse_period
from salessheet.compute.tasks import completion_rate, due_this_week, milestone_status, overdue_tasks

from .conftest import TODAY


def test_overdue_tasks(tasks):
    # T1 is done, T5 cancelled; T2 (Aug 12) is open and past due.
    out = overdue_tasks(tasks, TODAY)
    assert out["task_id"].tolist() == ["T2"]
    assert out["days_overdue"].tolist() == [3]


def test_due_this_week_includes_overdue_of_the_week(tasks):
    # Week 33 is Aug 10-16: T2 (Aug 12, overdue) and T4 (Aug 16); T5 is cancelled.
    assert due_this_week(tasks, TODAY)["task_id"].tolist() == ["T2", "T4"]
    assert due_this_week(tasks, dt.date(2026, 8, 24))["task_id"].tolist() == ["T3"]


def test_completion_rate_leaves_cancelled_out(tasks):
    rates = completion_rate(tasks)
    assert rates.values.tolist() == [["ann", 3, 1, 1 / 3], ["bob", 1, 0, 0.0]]
    # Only tasks due in 2026-07: none.
    assert completion_rate(tasks, parse_period("2026-07")).empty
    only_cancelled = pd.DataFrame({"owner": ["cy"], "status": ["cancelled"]})
    assert completion_rate(only_cancelled).empty


def test_milestone_status(tasks):
    status = milestone_status(tasks, TODAY)
    assert status.to_dict("records") == [{
        "deal_id": "D4", "total": 3, "done": 1, "overdue": 1, "next_milestone": "Quote",
        "next_due": dt.date(2026, 8, 12),
    }]


def test_milestone_status_all_done_has_no_next(tasks):
    tasks = tasks.assign(status="done")
    row = milestone_status(tasks, TODAY).iloc[0]
    assert (row["total"], row["done"], row["overdue"], row["next_milestone"], row["next_due"]) == (
        3, 3, 0, None, None)


def test_no_milestones():
    assert milestone_status(pd.DataFrame({"task_id": ["T1"], "status": ["done"]}), TODAY).empty
