"""team_metrics on the hand-worked conftest frames (2026-Q3, today 2026-08-15), and its JSON form."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from salessheet.compute.metrics import (
    METRICS_SCHEMA_VERSION,
    GroupMetrics,
    TeamFrames,
    combine_workbooks,
    period_targets,
    team_metrics,
)
from salessheet.compute.periods import parse_period
from salessheet.schema import WorkbookConfig
from salessheet.workbook import SheetRows, WorkbookData

from .conftest import TODAY


@pytest.fixture
def roster() -> pd.DataFrame:
    return pd.DataFrame({"rep_id": ["ann", "bob", "cy"], "name": ["Ann", "Bob", "Cy"],
                         "manager": ["mia", "mia", "max"], "region": ["East", "East", "North"]})


@pytest.fixture
def targets() -> pd.DataFrame:
    return pd.DataFrame({
        "period": ["2026-Q3", "2026-Q3", "2026-07", "2026-08", "2026-09", "2026", "2026-Q3"],
        "owner": ["ann", "bob", "cy", "cy", "cy", "TEAM", "TEAM"],
        "metric": ["revenue"] * 7,
        "product": [None, None, None, None, None, None, "CRM"],
        "value": [30000.0, 10000.0, 1000.0, 1000.0, 1000.0, 200000.0, 25000.0],
    })


@pytest.fixture
def frames(deals, tasks, risks, targets, roster) -> TeamFrames:
    return TeamFrames(pipeline=deals, tasks=tasks, risks=risks, targets=targets, roster=roster)


def test_team_figures(frames):
    result = team_metrics(frames, "2026-Q3", today=TODAY)
    t = result.team
    # No TEAM row for 2026-Q3 without a product: the reps' targets add up (ann 30000, bob 10000, cy 3000).
    assert t.target == 43000.0
    assert (t.closed_won, t.gap, t.attainment) == (12000.0, 31000.0, round(12000 / 43000, 4))
    assert (t.weighted_pipeline, t.forecast_commit, t.forecast_best_case, t.forecast_pipeline) == (
        9500.0, 26000.0, 26000.0, 27000.0)
    assert t.coverage == round(9000 / 31000, 4) and t.coverage_weighted == round(6500 / 31000, 4)
    assert (t.win_rate_count, t.win_rate_value) == (0.6667, 0.75)
    assert (t.avg_cycle_days, t.avg_won_amount, t.won_deals) == (50.0, 6000.0, 2)  # 12000 won in 2 deals
    assert t.velocity == 320.0  # 4 open × 2/3 × 6000 / 50
    assert t.run_rate_projection == 24000.0
    assert (t.open_deals, t.stale_deals, t.overdue_tasks, t.red_risks) == (4, 2, 1, 1)
    assert result.groups == []
    assert (result.period_start.isoformat(), result.period_end.isoformat(), result.as_of) == (
        "2026-07-01", "2026-09-30", TODAY)


def test_by_owner(frames):
    groups = {g.group: g for g in team_metrics(frames, "2026-Q3", "owner", TODAY).groups}
    assert sorted(groups) == ["ann", "bob", "cy"]
    ann, bob, cy = groups["ann"], groups["bob"], groups["cy"]
    assert (ann.target, ann.closed_won, ann.attainment, ann.overdue_tasks, ann.red_risks) == (
        30000.0, 10000.0, 0.3333, 1, 1)
    assert (bob.target, bob.closed_won, bob.attainment, bob.open_deals, bob.stale_deals) == (
        10000.0, 2000.0, 0.2, 2, 1)
    assert (ann.won_deals, bob.won_deals) == (1, 1)
    # cy has only monthly targets: the three months of Q3 add up; no deals.
    assert (cy.target, cy.closed_won, cy.attainment, cy.win_rate_count) == (3000.0, 0.0, 0.0, None)


def test_by_manager_and_region(frames):
    managers = {g.group: g for g in team_metrics(frames, "2026-Q3", "manager", TODAY).groups}
    assert (managers["mia"].target, managers["mia"].closed_won) == (40000.0, 12000.0)
    assert (managers["max"].target, managers["max"].closed_won) == (3000.0, 0.0)
    regions = {g.group: g for g in team_metrics(frames, "2026-Q3", "region", TODAY).groups}
    # D7 carries its own region West; everything else of ann and bob is East.
    assert regions["West"].closed_won == 2000.0 and regions["East"].closed_won == 10000.0
    assert regions["East"].target == 40000.0 and regions["West"].target is None


def test_by_product(frames):
    products = {g.group: g for g in team_metrics(frames, "2026-Q3", "product", TODAY).groups}
    assert sorted(products) == ["(none)", "BI", "CRM"]  # T5 has no deal
    crm, bi = products["CRM"], products["BI"]
    assert (crm.target, crm.closed_won, crm.overdue_tasks, crm.red_risks) == (25000.0, 12000.0, 1, 1)
    assert (bi.target, bi.closed_won, bi.open_deals) == (None, 0.0, 3)


def test_team_row_wins_over_sum_of_reps(frames):
    result = team_metrics(frames, "2026", today=TODAY)
    assert result.team.target == 200000.0


def test_period_targets_prefers_exact_then_coarsest(targets, config):
    out = period_targets(targets, parse_period("2026-Q3"), config)
    assert out.values.tolist() == [
        ["TEAM", "CRM", None, 25000.0], ["ann", None, None, 30000.0], ["bob", None, None, 10000.0],
        ["cy", None, None, 3000.0]]
    extra = pd.concat([targets, pd.DataFrame({"period": ["2026-W30"], "owner": ["cy"], "metric": ["revenue"],
                                              "value": [99.0]})], ignore_index=True)
    cy = period_targets(extra, parse_period("2026-Q3"), config).set_index("owner").loc["cy", "value"]
    assert cy == 3000.0  # months are coarser than weeks


def test_fiscal_period(frames):
    config = WorkbookConfig(fiscal_year_start_month=7)
    frames.config = config
    result = team_metrics(frames, "FY2027-Q1", today=TODAY)
    assert (result.period_start.isoformat(), result.period_end.isoformat()) == ("2026-07-01", "2026-09-30")
    assert result.team.closed_won == 12000.0


def _workbook(path: str, **frames: pd.DataFrame) -> WorkbookData:
    sheets = {key: SheetRows(key, key, frame) for key, frame in frames.items()}
    return WorkbookData(path=path, lang="en", template_version=1, schema_hash=None, owner=None,
                        config=WorkbookConfig(), sheets=sheets)


def test_combine_workbooks_drops_repeated_keys(deals, tasks):
    master = _workbook("master.xlsx", pipeline=deals, tasks=tasks)
    ann = _workbook("ann.xlsx", pipeline=deals[deals.owner == "ann"].assign(amount=1.0))
    combined = combine_workbooks([master, ann])
    assert len(combined.pipeline) == len(deals)
    assert combined.pipeline["amount"].sum() == deals["amount"].sum()  # the master came first
    result = team_metrics([master, ann], "2026-Q3", "owner", TODAY)
    assert result.team.closed_won == 12000.0
    assert combine_workbooks([]).pipeline.empty


def test_empty_team():
    result = team_metrics(TeamFrames(), "2026-Q3", "owner", TODAY)
    assert result.groups == []
    assert (result.team.closed_won, result.team.target, result.team.open_deals) == (0.0, None, 0)


def test_json_contract(frames):
    data = json.loads(team_metrics(frames, "2026-q3", "owner", TODAY).to_json())
    assert data["schema_version"] == METRICS_SCHEMA_VERSION == 1
    assert set(data) == {"schema_version", "period", "period_start", "period_end", "as_of", "today",
                         "currency", "by", "team", "groups"}
    assert (data["period"], data["period_start"], data["as_of"], data["currency"], data["by"]) == (
        "2026-Q3", "2026-07-01", "2026-08-15", "CNY", "owner")
    fields = set(GroupMetrics.model_fields)
    assert set(data["team"]) == fields and all(set(g) == fields for g in data["groups"])
    assert fields == {
        "group", "target", "closed_won", "won_deals", "attainment", "gap", "weighted_pipeline",
        "forecast_commit", "forecast_best_case", "forecast_pipeline", "coverage", "coverage_weighted",
        "win_rate_count", "win_rate_value", "avg_cycle_days", "avg_won_amount", "velocity",
        "run_rate_projection", "open_deals", "stale_deals", "overdue_tasks", "red_risks"}
    assert data["team"]["group"] is None
    for row in [data["team"], *data["groups"]]:
        for key in ("win_rate_count", "win_rate_value"):
            assert row[key] is None or 0 <= row[key] <= 1


@pytest.mark.parametrize("by", ["owner", "manager", "region", "product"])
def test_team_figures_do_not_depend_on_grouping(frames, by):
    plain = team_metrics(frames, "2026-Q3", None, TODAY).team
    assert team_metrics(frames, "2026-Q3", by, TODAY).team == plain


def test_team_frames_make_the_overdue_tasks_once_per_day_and_tasks_frame():
    import datetime as dt

    from salessheet.compute.tasks import overdue_tasks

    tasks = pd.DataFrame({"task_id": ["T1", "T2"], "status": ["not_started", "done"],
                          "due_date": [dt.date(2026, 3, 1), dt.date(2026, 3, 1)]})
    frames = TeamFrames(tasks=tasks)
    day = dt.date(2026, 3, 5)
    late = frames.overdue_tasks(day)
    pd.testing.assert_frame_equal(late, overdue_tasks(tasks, day))
    assert frames.overdue_tasks(day) is late  # made once
    assert frames.overdue_tasks(dt.date(2026, 2, 1)).empty  # another day, made for it
    frames.tasks = tasks.assign(status="in_progress")
    assert frames.overdue_tasks(day)["task_id"].tolist() == ["T1", "T2"]  # another frame: made again
    assert TeamFrames().overdue_tasks(day).empty
