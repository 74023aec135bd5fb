"""Merge: provenance, quarantine, conflicts, duplicates, and order independence."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salessheet.issues import Issue, IssueType, Severity
from sync.frames import MANAGER
from sync.merge import TeamIssue, _sorted_issues, merge
from sync.team import Rep
from tests.sync.factory import deal, extracted, target, task, workbook

TODAY = dt.date(2026, 11, 25)
ROSTER = (Rep("alice", "Alice"), Rep("bob", "Bob"), Rep("carol", "Carol"))
BAD_AMOUNT = IssueType("pipeline.amount.not_a_number", Severity.ERROR, "amount {raw} is not a number", "金额")


def _codes(result, sheet):
    q = result.quarantine
    return sorted(zip(q[q["sheet"] == sheet]["key"], q[q["sheet"] == sheet]["codes"], strict=True))


def test_rows_carry_provenance_and_computed_columns():
    alice = workbook("alice", pipeline=[deal("D-1", "alice", amount=2000.0)])
    result = merge([extracted(alice)], roster=ROSTER, today=TODAY)
    row = result.tables["pipeline"].iloc[0]
    assert (row["_source"], row["_rep"], row["_row"]) == ("/team/alice.xlsx", "alice", 2)
    assert row["weighted_amount"] == 1200.0
    assert row["days_to_close"] == 20


def test_rows_with_errors_go_to_quarantine_with_their_issue():
    issue = BAD_AMOUNT(file="/team/alice.xlsx", sheet="Pipeline", cell="G3", row=3, raw="12,5O0")
    rows = [deal("D-1", "alice"), deal("D-2", "alice", amount=None)]
    alice = workbook("alice", pipeline=rows, issues=[issue])
    result = merge([extracted(alice)], roster=ROSTER, today=TODAY)
    assert result.tables["pipeline"]["deal_id"].tolist() == ["D-1"]
    assert _codes(result, "pipeline") == [("D-2", "pipeline.amount.not_a_number")]
    held = result.quarantine.iloc[0]
    assert held["row"] == 3 and "12,5O0" in held["message_en"]
    assert json.loads(held["values"])["deal_id"] == "D-2"
    assert [t.issue.code for t in result.issues] == ["pipeline.amount.not_a_number"]


def test_row_without_key_is_quarantined():
    alice = workbook("alice", tasks=[task("T-1", "alice"), task(None, "alice")])
    result = merge([extracted(alice)], roster=ROSTER, today=TODAY)
    assert result.tables["tasks"]["task_id"].tolist() == ["T-1"]
    assert result.quarantine["codes"].tolist() == ["sync.row.missing_key"]


def test_held_rows_of_several_workbooks_keep_their_own_values_and_issues():
    """Rows with errors from workbooks of different shapes (a column missing, other types)."""
    alice_issue = BAD_AMOUNT(file="/team/alice.xlsx", sheet="Pipeline", cell="G2", row=2, raw="12,5O0")
    bob_issue = BAD_AMOUNT(file="/team/bob.xlsx", sheet="Pipeline", cell="G3", row=3, raw="lots")
    alice = workbook("alice", pipeline=[deal("D-1", "alice", amount=None, probability=0.3)],
                     issues=[alice_issue])
    bob = workbook("bob", pipeline=[deal("D-2", "bob"), deal("D-3", "bob", amount=None)], issues=[bob_issue])
    bob.sheets["pipeline"].frame = bob.sheets["pipeline"].frame.drop(columns=["probability"])
    result = merge([extracted(bob), extracted(alice)], roster=ROSTER, today=TODAY)
    assert result.tables["pipeline"]["deal_id"].tolist() == ["D-2"]
    held = result.quarantine.set_index("key")
    assert held.loc["D-1", ["rep", "row"]].tolist() == ["alice", 2]
    assert held.loc["D-3", ["rep", "row"]].tolist() == ["bob", 3]
    assert "12,5O0" in held.loc["D-1", "message_en"] and "lots" in held.loc["D-3", "message_en"]
    alice_values, bob_values = (json.loads(held.loc[k, "values"]) for k in ("D-1", "D-3"))
    assert alice_values["probability"] == "0.3" and "probability" not in bob_values
    assert "amount" not in alice_values and bob_values["owner"] == "bob"


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan")], ids=["none", "empty", "spaces", "nan"])
def test_every_kind_of_blank_key_is_quarantined_and_numbers_are_keys(blank):
    alice = workbook("alice", pipeline=[deal("D-1", "alice"), deal(blank, "alice"), deal(0, "alice")],
                     targets=[target("2026-Q4", "alice", 10.0), target(blank, "alice", 20.0),
                              target("2026-Q4", "alice", 30.0, product="BI", region=blank)])
    result = merge([extracted(alice)], roster=ROSTER, today=TODAY)
    assert result.tables["pipeline"]["deal_id"].tolist() == [0, "D-1"]
    assert sorted(result.tables["targets"]["value"].tolist()) == [10.0, 30.0]  # region is optional in a key
    held = result.quarantine[["sheet", "row", "codes"]].values.tolist()
    assert held == [["targets", 3, "sync.row.missing_key"], ["pipeline", 3, "sync.row.missing_key"]]
    missing = [t.issue for t in result.issues if t.issue.code == "sync.row.missing_key"]
    assert sorted((i.sheet, i.column) for i in missing) == [("Pipeline", "deal_id"), ("Targets", "period")]


def test_same_deal_in_two_files_owner_file_wins():
    alice = workbook("alice", pipeline=[deal("D-1", "alice", amount=100.0)])
    bob = workbook("bob", pipeline=[deal("D-1", "alice", amount=999.0)])
    result = merge([extracted(bob), extracted(alice)], roster=ROSTER, today=TODAY)
    kept = result.tables["pipeline"]
    assert kept[["deal_id", "amount", "_rep"]].values.tolist() == [["D-1", 100.0, "alice"]]
    assert _codes(result, "pipeline") == [("D-1", "sync.conflict.duplicate_key")]
    assert result.quarantine.iloc[0]["rep"] == "bob"


def test_conflict_without_owner_file_is_decided_by_rep_then_source():
    bob = workbook("bob", pipeline=[deal("D-1", "zoe")])
    carol = workbook("carol", pipeline=[deal("D-1", "zoe")])
    result = merge([extracted(carol), extracted(bob)], roster=ROSTER, today=TODAY)
    assert result.tables["pipeline"]["_rep"].tolist() == ["bob"]
    assert result.quarantine["rep"].tolist() == ["carol"]


def test_probable_duplicates_are_flagged_not_dropped():
    alice = workbook("alice", pipeline=[deal("D-1", "alice", customer="Acme Co., Ltd.", deal_name="ERP")])
    bob = workbook("bob", pipeline=[deal("D-7", "bob", customer="ACME", deal_name="erp")])
    result = merge([extracted(alice), extracted(bob)], roster=ROSTER, today=TODAY)
    kept = result.tables["pipeline"]
    marks = dict(zip(kept["deal_id"], kept["_duplicate_of"], strict=True))
    assert marks == {"D-1": "D-7", "D-7": "D-1"}
    assert sorted(t.issue.code for t in result.issues) == ["sync.duplicate.probable"] * 2


def test_closed_deals_are_not_probable_duplicates():
    """A won deal and a new deal for the same customer, name and amount: a repeat order."""
    alice = workbook("alice", pipeline=[deal("D-1", "alice", customer="Acme", deal_name="ERP", stage="won",
                                             actual_close_date=dt.date(2026, 10, 1))])
    bob = workbook("bob", pipeline=[deal("D-7", "bob", customer="ACME", deal_name="erp")])
    result = merge([extracted(alice), extracted(bob)], roster=ROSTER, today=TODAY)
    assert result.tables["pipeline"]["_duplicate_of"].tolist() == ["", ""]
    assert "sync.duplicate.probable" not in {t.issue.code for t in result.issues}


_customers = st.sampled_from(["Acme", "ACME Co., Ltd.", "Ｂeta 有限公司", "beta", " "])
_names = st.sampled_from(["ERP", "erp ", "E R P", "", None])
_amounts = st.sampled_from([1000.0, 1000.004, 999.996, 1000.01, 0.0, -0.0, float("nan")])
_dup_deal = st.builds(
    lambda n, owner, customer, name, product, amount, stage: deal(
        f"D-{n}", owner, customer=customer, deal_name=name, product=product, amount=amount, stage=stage),
    st.integers(0, 7), st.sampled_from(["alice", "bob"]), _customers, _names,
    st.sampled_from([None, "ERP", "Cloud"]), _amounts, st.sampled_from(["lead", "proposal", "won", "lost"]),
)


def _expected_duplicates(kept: pd.DataFrame) -> list[str]:
    """The rule, pair by pair: open deals, same folded customer and name, equal to the cent."""
    from sync.merge import _fold_company, _fold_name

    def text(value):
        return "" if value is None or pd.isna(value) else str(value).strip()

    def signature(row):
        name = text(row["deal_name"]) or text(row["product"])
        customer = _fold_company(pd.Series([text(row["customer"])], dtype=object)).iloc[0]
        folded = _fold_name(pd.Series([name], dtype=object)).iloc[0] if name else ""
        amount = None if pd.isna(row["amount"]) else round(float(row["amount"]), 2) + 0.0
        return customer, folded, amount

    rows = [r for _, r in kept.iterrows()]
    signatures = [signature(r) for r in rows]
    usable = [s[0] != "" and s[1] != "" and r["stage"] in {"lead", "proposal"}
              for s, r in zip(signatures, rows, strict=True)]
    marks = []
    for i, row in enumerate(rows):
        others = {rows[j]["deal_id"] for j in range(len(rows)) if usable[i] and usable[j]
                  and signatures[j] == signatures[i] and rows[j]["deal_id"] != row["deal_id"]}
        marks.append(", ".join(sorted(others)))
    return marks


@settings(max_examples=100, deadline=None)
@given(st.lists(_dup_deal, max_size=8), st.lists(_dup_deal, max_size=8))
def test_probable_duplicates_follow_the_rule_pair_by_pair(alice_deals, bob_deals):
    books = [workbook("alice", pipeline=alice_deals), workbook("bob", pipeline=bob_deals)]
    result = merge([extracted(b) for b in books], roster=ROSTER, today=TODAY)
    kept = result.tables["pipeline"]
    assert kept["_duplicate_of"].tolist() == _expected_duplicates(kept)
    flagged = sorted((t.source, t.issue.row) for t in result.issues
                     if t.issue.code == "sync.duplicate.probable")
    marked = kept[kept["_duplicate_of"] != ""]
    assert flagged == sorted(zip(marked["_source"], marked["_row"], strict=True))


def test_manager_targets_win_and_identical_copies_are_not_conflicts():
    manager = pd.DataFrame([target("2026-Q4", "alice", 5000.0), target("2026-Q4", "bob", 7000.0)])
    alice = workbook("alice", targets=[target("2026-Q4", "alice", 5000.0)])
    bob = workbook("bob", targets=[target("2026-Q4", "bob", 9000.0)])
    result = merge([extracted(alice), extracted(bob)], roster=ROSTER, today=TODAY,
                   manager_rows={"targets": manager})
    targets = result.tables["targets"]
    assert targets[["owner", "value", "_source"]].values.tolist() == [
        ["alice", 5000.0, MANAGER], ["bob", 7000.0, MANAGER]]
    assert _codes(result, "targets") == [("2026-Q4 / bob / revenue", "sync.conflict.target_differs")]


def test_assigned_task_is_replaced_by_the_reps_copy():
    manager = pd.DataFrame([task("T-9", "alice", title="Visit HQ"), task("T-8", "bob", title="Call CFO")])
    alice = workbook("alice", tasks=[task("T-9", "alice", title="Visit HQ", status="done")])
    result = merge([extracted(alice)], roster=ROSTER, today=TODAY, manager_rows={"tasks": manager})
    tasks = result.tables["tasks"]
    assert tasks[["task_id", "status", "_rep"]].values.tolist() == [
        ["T-8", "not_started", MANAGER], ["T-9", "done", "alice"]]
    assert result.quarantine.empty


def test_old_template_unreadable_source_and_unknown_owner_are_reported():
    old = workbook("alice", pipeline=[deal("D-1", "mallory")], version=2)
    broken = extracted(workbook("bob"))
    broken.data = None
    from sync.adapters import UNREADABLE

    broken.error = UNREADABLE(file="/team/bob.xlsx", reason="file is encrypted")
    result = merge([extracted(old), broken], roster=ROSTER, today=TODAY, problems=[("carol", "no workbook")])
    codes = sorted((t.rep, t.issue.code) for t in result.issues)
    assert codes == [("alice", "sync.owner.unknown"), ("alice", "sync.template.outdated"),
                     ("bob", "sync.source.unreadable"), ("carol", "sync.source.missing")]
    assert len(result.tables["pipeline"]) == 1
    assert [s.readable for s in result.sources] == [True, False]


def test_roster_is_inferred_without_one():
    result = merge([extracted(workbook("zed")), extracted(workbook("amy"))], today=TODAY)
    assert [r.rep_id for r in result.roster] == ["amy", "zed"]


# ---------------------------------------------------------------- properties

_reps = st.sampled_from(["alice", "bob", "carol"])
_ids = st.sampled_from([f"D-{i}" for i in range(6)])
_deal = st.builds(
    lambda i, owner, amount, stage: deal(i, owner, amount=float(amount), stage=stage),
    _ids, _reps, st.integers(0, 5000), st.sampled_from(["lead", "proposal", "won", "lost"]),
)
_book = st.builds(
    lambda rep, deals, n: workbook(rep, path=f"/team/{rep}-{n}.xlsx", pipeline=deals,
                                   tasks=[task(f"T-{d['deal_id']}", rep) for d in deals[:2]]),
    _reps, st.lists(_deal, max_size=5), st.integers(0, 2),
)


def _snapshot(result):
    return ({k: v.to_json() for k, v in result.tables.items()}, result.quarantine.to_json(),
            [(t.rep, t.source, t.issue) for t in result.issues])


@settings(max_examples=30, deadline=None)
@given(st.lists(_book, min_size=1, max_size=4, unique_by=lambda b: b.path), st.randoms(use_true_random=False))
def test_merge_is_order_independent_and_idempotent(books, random):
    items = [extracted(b) for b in books]
    first = merge(items, roster=ROSTER, today=TODAY)
    shuffled = list(items)
    random.shuffle(shuffled)
    assert _snapshot(merge(shuffled, roster=ROSTER, today=TODAY)) == _snapshot(first)
    assert _snapshot(merge(items + items, roster=ROSTER, today=TODAY)) == _snapshot(first)
    kept = first.tables["pipeline"]["deal_id"]
    assert kept.is_unique
    every = {d for i in items for d in i.data.frame("pipeline")["deal_id"]}
    held = set(first.quarantine[first.quarantine["sheet"] == "pipeline"]["key"])
    assert set(kept) | held == every


def test_target_actuals_match_compute_target_columns():
    from salessheet.compute import target_columns
    from salessheet.schema import WorkbookConfig

    deals = [deal(f"D-{i}", owner, stage=stage, amount=100.0 * i, actual_close_date=dt.date(2026, 10, i + 1))
             for i, (owner, stage) in enumerate([("alice", "won"), ("bob", "won"), ("alice", "won"),
                                                 ("alice", "lost"), ("bob", "proposal")])]
    targets = [target("2026-Q4", "alice", 1000.0), target("2026-10", "bob", 50.0),
               target("2026", "TEAM", 5000.0), target("2026-Q4", "alice", 3.0, metric="won_deals")]
    book = workbook("alice", pipeline=deals, targets=targets)
    result = merge([extracted(book)], roster=ROSTER, today=TODAY)
    merged = result.tables["targets"]
    expected = target_columns(pd.DataFrame(targets), pd.DataFrame(deals), WorkbookConfig())
    got = {(r.period, r.owner, r.metric): (r.actual, r.attainment) for r in merged.itertuples()}
    want = {(t["period"], t["owner"], t["metric"]): (a, att)
            for t, a, att in zip(targets, expected["actual"], expected["attainment"], strict=True)}
    assert got == want
    assert got[("2026-Q4", "alice", "revenue")] == (200.0, 0.2)


def test_merge_leaves_the_workbooks_it_is_given_as_they_were():
    alice = workbook("alice", pipeline=[deal("D-1", "alice")], tasks=[task("T-1", "alice")])
    alice.sheets["tasks"].frame = alice.sheets["tasks"].frame.drop(columns=["_row"])  # no row numbers
    before = {key: rows.frame.copy() for key, rows in alice.sheets.items()}
    manager = pd.DataFrame({"task_id": ["T-M"], "title": ["Review"], "owner": ["alice"]})
    result = merge([extracted(alice)], roster=ROSTER, today=TODAY, manager_rows={"tasks": manager})
    assert sorted(result.tables["tasks"]["task_id"]) == ["T-1", "T-M"]
    assert result.tables["tasks"].set_index("task_id").loc["T-1", "_row"] == 2
    for key, frame in before.items():
        pd.testing.assert_frame_equal(alice.sheets[key].frame, frame)
    assert list(manager.columns) == ["task_id", "title", "owner"]


_FEW = st.sampled_from(["", "a", "b"])
_TEAM_ISSUES = st.builds(
    TeamIssue, rep=_FEW, source=_FEW,
    issue=st.builds(Issue, code=_FEW, severity=st.sampled_from(list(Severity)), message_en=_FEW,
                    message_zh=_FEW, file=st.none() | _FEW, sheet=st.none() | _FEW,
                    cell=st.none() | _FEW, row=st.none() | st.integers(0, 3), column=st.none() | _FEW),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEAM_ISSUES, max_size=30), st.randoms(use_true_random=False))
def test_issues_are_sorted_once_each_as_by_hashing(found, random):
    # Few distinct field values, so that repeats and issues with equal keys but other
    # differences (message_zh, file, column) are common.
    found = found + random.sample(found, len(found) // 2)
    by_hashing = sorted(dict.fromkeys(found), key=lambda t: (
        t.rep, t.source, t.issue.sheet or "", t.issue.row or 0, t.issue.cell or "",
        {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}[t.issue.severity], t.issue.code,
        t.issue.message_en))
    assert _sorted_issues(found) == by_hashing
    assert [id(t) for t in _sorted_issues(found)] == [id(t) for t in by_hashing]  # the first of repeats
