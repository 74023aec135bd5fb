"""Changes between snapshots and the pipeline waterfall (pure)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from salessheet.schema import WorkbookConfig
from sync.changes import changes_frame, compare, diff, waterfall
from tests.sync.factory import deal, risk, target, task

D = dt.date
CONFIG = WorkbookConfig()
Q4 = (D(2026, 10, 1), D(2026, 12, 31))


def _tables(deals=(), tasks=(), risks=()):
    frames = {"pipeline": pd.DataFrame(list(deals)), "tasks": pd.DataFrame(list(tasks)),
              "risks": pd.DataFrame(list(risks))}
    for frame in frames.values():
        frame["_rep"] = "alice"
    return frames


def test_every_change_kind_on_scripted_edits():
    before = _tables(
        deals=[deal("D-1", "alice", stage="demo"), deal("D-2", "alice", stage="negotiation"),
               deal("D-3", "alice"), deal("D-4", "alice"), deal("D-5", "alice", amount=500.0),
               deal("D-6", "alice", amount=900.0), deal("D-7", "alice", expected_close_date=D(2026, 11, 30)),
               deal("D-9", "alice")],
        tasks=[task("T-1", "alice", due_date=D(2026, 11, 30)), task("T-2", "alice", due_date=D(2026, 11, 1))],
        risks=[risk("R-1", "D-1", "alice", likelihood=2, impact=3)],
    )
    after = _tables(
        deals=[deal("D-1", "alice", stage="proposal"), deal("D-2", "alice", stage="demo"),
               deal("D-3", "alice", stage="won"), deal("D-4", "alice", stage="lost"),
               deal("D-5", "alice", amount=800.0), deal("D-6", "alice", amount=100.0),
               deal("D-7", "alice", expected_close_date=D(2027, 1, 15)), deal("D-8", "bob")],
        tasks=[task("T-1", "alice", due_date=D(2026, 11, 30)), task("T-2", "alice", due_date=D(2026, 11, 1)),
               task("T-3", "alice", due_date=D(2026, 12, 1), status="done")],
        risks=[risk("R-1", "D-1", "alice", likelihood=4, impact=4), risk("R-2", "D-2", "alice",
                                                                       likelihood=1, impact=1)],
    )
    found = diff(before, after, config=CONFIG, old_today=D(2026, 11, 25), new_today=D(2026, 12, 2))
    assert [(c.kind, c.key) for c in found] == [
        ("deal.new", "D-8"), ("deal.removed", "D-9"), ("deal.stage_forward", "D-1"),
        ("deal.stage_backward", "D-2"), ("deal.won", "D-3"), ("deal.lost", "D-4"),
        ("deal.amount_up", "D-5"), ("deal.amount_down", "D-6"), ("deal.close_slipped", "D-7"),
        ("task.new_overdue", "T-1"), ("risk.new_red", "R-1"),
    ]
    assert found[0].rep == "bob"
    amount = f"{deal('D-8', 'bob')['amount']:,.0f}"
    assert [c.message() for c in found[:2]] == [f"New deal: D-8 ({amount})", "Deal removed: D-9"]
    assert found[6].message() == "Amount up: D-5 (500 → 800)"
    # a stage is named as the workbooks name it, in each language; the change keeps its keys
    assert found[2].message() == "Stage forward: D-1 (Demo → Proposal)"
    assert found[4].message("zh") == "赢单：D-3（报价 → 赢单）"
    assert (found[2].old, found[2].new) == ("demo", "proposal")
    rows = changes_frame(found, "zh")
    assert rows.loc[0, "kind"] == "新商机" and (rows.loc[4, "old"], rows.loc[4, "new"]) == ("报价", "赢单")
    assert changes_frame(found, "en").loc[4, "new"] == "Won"


def test_stages_are_named_by_the_teams_config_and_unknown_ones_as_typed():
    renamed = tuple(s.model_copy(update={"en": f"Step {n}", "zh": f"第{n}步"})
                    for n, s in enumerate(CONFIG.stages))
    config = CONFIG.model_copy(update={"stages": renamed})
    before = _tables(deals=[deal("D-1", "alice", stage="lead"), deal("D-2", "alice", stage="pilot")])
    after = _tables(deals=[deal("D-1", "alice", stage="demo"), deal("D-2", "alice", stage="demo")])
    found = diff(before, after, config=config, old_today=D(2026, 11, 25), new_today=D(2026, 12, 2))
    assert [c.message() for c in found] == ["Stage forward: D-1 (Step 0 → Step 2)",
                                            "Stage backward: D-2 (pilot → Step 2)"]
    assert found[0].message("zh") == "阶段推进：D-1（第0步 → 第2步）"


def test_targets_set_changed_and_removed():
    before = {"targets": pd.DataFrame([
        target("2026-Q4", "alice", 300000.0), target("2026-Q4", "bob", 200000.0),
        target("2026", "TEAM", 40.0, metric="won_deals"), target("2026-Q4", "alice", 9.0, product="ERP")])}
    after = {"targets": pd.DataFrame([
        target("2026-Q4", "alice", 250000.0), target("2026", "TEAM", 40.0, metric="won_deals"),
        target("2026-Q4", "alice", 9.0, product="ERP"),
        target("2027-Q1", "alice", 500000.0, region="North")])}
    found = diff(before, after, config=CONFIG, old_today=D(2026, 11, 25), new_today=D(2026, 12, 2))
    assert [(c.kind, c.key, c.rep, c.old, c.new) for c in found] == [
        ("target.new", "2027-Q1|alice|revenue||North", "alice", "", "500,000"),
        ("target.changed", "2026-Q4|alice|revenue||", "alice", "300,000", "250,000"),
        ("target.removed", "2026-Q4|bob|revenue||", "bob", "200,000", ""),
    ]
    assert [c.message() for c in found] == [
        "New target: 2027-Q1 / alice / Revenue / North (500,000)",
        "Target changed: 2026-Q4 / alice / Revenue (300,000 → 250,000)",
        "Target removed: 2026-Q4 / bob / Revenue (200,000)",
    ]
    assert found[1].message("zh") == "目标变更：2026-Q4 / alice / 销售额（300,000 → 250,000）"
    rows = changes_frame(found, "zh")
    assert rows.loc[1, "kind"] == "目标变更" and rows.loc[1, "key"] == "2026-Q4 / alice / 销售额"


def test_no_changes_between_equal_snapshots():
    tables = _tables(deals=[deal("D-1", "alice")], tasks=[task("T-1", "alice", due_date=D(2026, 1, 1))])
    assert diff(tables, tables, config=CONFIG, old_today=D(2026, 11, 25), new_today=D(2026, 11, 25)) == []


def test_waterfall_parts_on_a_worked_example():
    old = pd.DataFrame([deal("A", "x", amount=100.0), deal("B", "x", amount=200.0),
                        deal("C", "x", amount=300.0), deal("E", "x", amount=50.0),
                        deal("F", "x", amount=70.0)])
    new = pd.DataFrame([deal("A", "x", amount=150.0), deal("B", "x", amount=200.0, stage="won"),
                        deal("C", "x", amount=300.0, expected_close_date=D(2027, 2, 1)),
                        deal("E", "x", amount=50.0, stage="lost"), deal("G", "x", amount=40.0)])
    flow = waterfall(old, new, config=CONFIG, start=Q4[0], end=Q4[1], label="2026-Q4")
    parts = (flow.start, flow.new, flow.increased, flow.decreased, flow.won, flow.lost, flow.slipped,
             flow.end)
    assert parts == (720.0, 40.0, 50.0, 70.0, 200.0, 50.0, 300.0, 190.0)


_stage = st.sampled_from(["lead", "proposal", "negotiation", "won", "lost"])
_close = st.sampled_from([D(2026, 9, 30), D(2026, 10, 1), D(2026, 11, 15), D(2026, 12, 31), D(2027, 1, 1),
                          None])
_version = st.tuples(st.integers(0, 10_000), _stage, _close)
_book = st.dictionaries(st.sampled_from([f"D-{i}" for i in range(12)]), _version, max_size=12)


def _frame(book):
    return pd.DataFrame([deal(k, "x", amount=float(a), stage=s, expected_close_date=c)
                         for k, (a, s, c) in book.items()], columns=list(deal("k", "x")))


@settings(max_examples=200, deadline=None)
@given(_book, _book)
def test_waterfall_parts_add_up(old, new):
    flow = waterfall(_frame(old), _frame(new), config=CONFIG, start=Q4[0], end=Q4[1])
    total = flow.start + flow.new + flow.increased - flow.decreased - flow.won - flow.lost - flow.slipped
    assert total == flow.end
    assert min(flow.new, flow.increased, flow.decreased, flow.won, flow.lost, flow.slipped) >= 0


@settings(max_examples=100, deadline=None)
@given(_book, _book)
def test_compare_is_diff_and_waterfall_together(old, new):
    before, after = {"pipeline": _frame(old)}, {"pipeline": _frame(new)}
    days = {"old_today": D(2026, 11, 25), "new_today": D(2026, 12, 2)}
    changes, flow = compare(before, after, config=CONFIG, start=Q4[0], end=Q4[1], label="Q4", **days)
    assert changes == diff(before, after, config=CONFIG, **days)
    assert flow == waterfall(before["pipeline"], after["pipeline"], config=CONFIG, start=Q4[0], end=Q4[1],
                             label="Q4")
