"""Snapshots in SQLite and PostgreSQL: run ids, row versions, reading any run back."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from sync.merge import merge
from sync.snapshot import latest_run, list_runs, load_snapshot, run_on_or_before, save_snapshot
from sync.state import Schema, engine_for, ensure_schema
from tests.sync.factory import deal, extracted, risk, target, task, workbook

TODAY = dt.date(2026, 11, 25)


def _merged(amount: float = 1000.0, stage: str = "proposal", extra: bool = False):
    deals = [deal("D-1", "alice", amount=amount, stage=stage),
             deal("D-2", "alice", customer="北京测试有限公司")]
    if extra:
        deals.append(deal("D-3", "alice"))
    book = workbook("alice", pipeline=deals, tasks=[task("T-1", "alice", is_milestone=True)],
                    risks=[risk("R-1", "D-1", "alice", likelihood=3, impact=4)],
                    targets=[target("2026-Q4", "alice", 5000.0)])
    return merge([extracted(book)], today=TODAY)


def _save(engine, merged, day=TODAY):
    return save_snapshot(engine, merged, team="East", master="/m.xlsx", today=day,
                         generated_at=dt.datetime.combine(day, dt.time(9)), sources={"/a.xlsx": "h"})


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_runs_are_numbered_and_snapshots_read_back(db_url):
    engine = engine_for(db_url)
    first = _merged()
    assert _save(engine, first) == 1
    assert _save(engine, _merged(amount=2500.0, stage="won", extra=True), TODAY + dt.timedelta(days=7)) == 2
    assert [r.run_id for r in list_runs(engine)] == [1, 2]
    assert latest_run(engine).run_id == 2
    assert run_on_or_before(engine, TODAY + dt.timedelta(days=1)).run_id == 1
    assert run_on_or_before(engine, TODAY - dt.timedelta(days=1)) is None

    one = load_snapshot(engine, 1)
    deals = one.tables["pipeline"].set_index("deal_id")
    assert sorted(deals.index) == ["D-1", "D-2"]
    assert deals.loc["D-1", "amount"] == 1000.0 and deals.loc["D-1", "stage"] == "proposal"
    assert deals.loc["D-2", "customer"] == "北京测试有限公司"
    assert deals.loc["D-1", "created_date"] == dt.date(2026, 9, 1)
    assert deals.loc["D-1", "_rep"] == "alice" and deals.loc["D-1", "_row"] == 2
    assert one.tables["tasks"]["is_milestone"].tolist() == [True]
    assert one.tables["risks"]["likelihood"].tolist() == [3]
    assert one.tables["targets"]["value"].tolist() == [5000.0]

    two = load_snapshot(engine, 2).tables["pipeline"].set_index("deal_id")
    assert sorted(two.index) == ["D-1", "D-2", "D-3"]
    assert two.loc["D-1", "amount"] == 2500.0 and two.loc["D-1", "stage"] == "won"
    engine.dispose()


def test_unchanged_rows_are_not_stored_again(db_url):
    engine = engine_for(db_url)
    schema = Schema()
    _save(engine, _merged())
    rows = _count(engine, schema.rows["pipeline"])
    _save(engine, _merged())
    assert _count(engine, schema.rows["pipeline"]) == rows
    _save(engine, _merged(amount=10.0))
    assert _count(engine, schema.rows["pipeline"]) == rows + 1
    assert load_snapshot(engine, 2).tables["pipeline"]["amount"].tolist() == [1000.0, 1000.0]
    assert load_snapshot(engine, 3).tables["pipeline"]["amount"].tolist() == [10.0, 1000.0]
    engine.dispose()


def test_issues_are_kept_per_run(db_url):
    engine = engine_for(db_url)
    book = workbook("alice", pipeline=[deal("D-1", "alice")], version=1)
    _save(engine, merge([extracted(book)], today=TODAY))
    schema = ensure_schema(engine)
    with engine.connect() as conn:
        codes = conn.execute(sa.select(schema.issues.c.run_id, schema.issues.c.code)).all()
    assert [tuple(r) for r in codes] == [(1, "sync.template.outdated")]
    engine.dispose()


def test_schema_upgrade_adds_new_registry_columns(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = engine_for(url)
    ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE rows_risks DROP COLUMN contingency"))
    engine.dispose()
    engine = engine_for(url)
    ensure_schema(engine)
    columns = {c["name"] for c in sa.inspect(engine).get_columns("rows_risks")}
    assert "contingency" in columns
    engine.dispose()


def _books(amount: float, rep_of_bob: str = "bob") -> list:
    books = [workbook(rep, path=f"/team/{rep}.xlsx", pipeline=[deal(f"{rep}-{n}", rep, amount=1000.0 + n)
                                                             for n in range(3)],
                      tasks=[task(f"T-{rep}", rep)])
             for rep in ("alice", "bob", "carol")]
    books[0] = workbook("alice", path="/team/alice.xlsx",
                        pipeline=[deal("alice-0", "alice", amount=amount * 2)])
    return [extracted(books[0]), extracted(books[1], rep_of_bob), extracted(books[2])]


def _stored_hashes(engine, spec_key):
    table = Schema().rows[spec_key]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table.c._source, table.c._row, table.c._hash)
                            .where(table.c.valid_to.is_(None))).all()
    return {(s, r): h for s, r, h in rows}


@pytest.mark.parametrize("reuse_versions", [False, True])
def test_unchanged_workbooks_rows_keep_their_hash_and_each_hash_is_the_rows_own(db_url, reuse_versions):
    from salessheet.schema import DATA_SHEETS
    from sync.changes import CHANGE_COLUMNS
    from sync.frames import ROW_COLUMN, SOURCE_COLUMN
    from sync.snapshot import _row_hashes

    engine = engine_for(db_url)
    runs = [merge(_books(1000.0), today=TODAY),
            merge(_books(3000.0), today=TODAY),  # alice changed: bob's and carol's hashes are reused
            merge(_books(3000.0, rep_of_bob="robert"), today=TODAY)]  # bob's file now counts as robert's
    for number, merged in enumerate(runs, start=1):
        sources = {e.source_id: e.fingerprint for e in _books(1000.0 if number == 1 else 3000.0)}
        # the versions the comparison loaded (Targets are not among them: those are read again)
        latest = load_snapshot(engine, number - 1, CHANGE_COLUMNS, versions=True) if number > 1 else None
        save_snapshot(engine, merged, team="East", master="/m.xlsx", today=TODAY,
                      generated_at=dt.datetime(2026, 11, 25, 9, number), sources=sources,
                      latest=latest if reuse_versions else None)
        for spec in DATA_SHEETS:
            frame = merged.tables[spec.key]
            fresh = dict(zip(zip(frame[SOURCE_COLUMN], frame[ROW_COLUMN], strict=True),
                             _row_hashes(frame, spec), strict=True))
            assert _stored_hashes(engine, spec.key) == fresh
    assert "robert" in load_snapshot(engine, 3).tables["pipeline"]["_rep"].tolist()
    # 7 rows; alice's changed deal is a new version, and so is each of bob's rows under robert
    assert _count(engine, Schema().rows["pipeline"]) == 7 + 1 + 3
    engine.dispose()


def test_versions_loaded_before_another_run_was_saved_are_read_again(db_url):
    """Run 2 of another master saved between loading run 1's versions and saving with them."""
    engine = engine_for(db_url)
    _save(engine, _merged(1000.0))
    stale = load_snapshot(engine, 1, versions=True)
    _save(engine, _merged(2000.0, extra=True))  # closes D-1's version, adds D-1 and D-3
    save_snapshot(engine, _merged(3000.0), team="East", master="/m.xlsx", today=TODAY,
                  generated_at=dt.datetime(2026, 11, 25, 10), sources={"/a.xlsx": "h"},
                  latest=dataclasses.replace(stale, run=list_runs(engine)[-1]))
    pipeline = Schema().rows["pipeline"]
    with engine.connect() as conn:
        open_rows = sorted(conn.execute(sa.select(pipeline.c._key, pipeline.c.amount)
                                        .where(pipeline.c.valid_to.is_(None))).all())
    assert open_rows == [("d-1", 3000.0), ("d-2", 1000.0)]
    assert load_snapshot(engine, 3).tables["pipeline"]["amount"].tolist() == [3000.0, 1000.0]
    engine.dispose()


def _week(step: int) -> list:
    """Three reps over five runs; alice's edits decide a conflict bob's unchanged file loses."""
    alice = [deal("D-1", "alice", amount=1000.0 if step < 2 else 1500.0), deal("D-2", "alice")]
    if step in (3, 4):
        alice.append(deal("B-1", "alice", amount=9.0))  # alice's own B-1 wins over bob's (rep order)
    books = [workbook("alice", path="/team/alice.xlsx", pipeline=alice, tasks=[task("T-A", "alice")]),
             workbook("bob", path="/team/bob.xlsx", pipeline=[deal("B-1", "bob"), deal("B-2", "bob")],
                      risks=[risk("R-1", "B-2", "bob")]),
             workbook("carol", path="/team/carol.xlsx", pipeline=[deal("C-1", "carol")],
                      targets=[target("2026-Q4", "carol", 100.0)])]
    return [extracted(b) for b in books]


def _versions_stored(engine) -> dict[str, list]:
    schema = ensure_schema(engine)
    with engine.connect() as conn:
        return {key: sorted((tuple(r[1:]) for r in conn.execute(sa.select(table))), key=repr)
                for key, table in schema.rows.items()}


def test_versions_of_unchanged_workbooks_left_as_they_are_give_the_history_of_a_full_comparison(
        db_url, tmp_path, monkeypatch):
    import sync.snapshot as snapshot

    fast, full = engine_for(db_url), engine_for(f"sqlite:///{tmp_path / 'full.db'}")
    days = [TODAY, TODAY, TODAY, TODAY + dt.timedelta(days=7), TODAY + dt.timedelta(days=7)]
    original = snapshot._as_kept
    left_out: list[set[str]] = []

    def recorded(*args):
        kept = original(*args)
        left_out.append(kept)
        return kept

    for step, day in enumerate(days):
        items = _week(step)
        merged = merge(items, today=day)
        sources = {e.source_id: e.fingerprint for e in items}
        for engine, kept in ((fast, recorded), (full, lambda *args: set())):
            monkeypatch.setattr(snapshot, "_as_kept", kept)
            save_snapshot(engine, merged, team="East", master="/m.xlsx", today=day,
                          generated_at=dt.datetime.combine(day, dt.time(9, step)), sources=sources)
        assert _versions_stored(fast) == _versions_stored(full)
        assert load_snapshot(fast, step + 1).tables["pipeline"].equals(
            load_snapshot(full, step + 1).tables["pipeline"])
    # Pipeline: bob's file never changes; it is compared again in run 4, where its B-1 loses to alice's
    pipeline = left_out[1::4]
    assert pipeline == [set(), {"/team/alice.xlsx", "/team/bob.xlsx", "/team/carol.xlsx"},
                        {"/team/bob.xlsx", "/team/carol.xlsx"}, {"/team/carol.xlsx"},
                        {"/team/alice.xlsx", "/team/bob.xlsx", "/team/carol.xlsx"}]
    fast.dispose()
    full.dispose()


def test_versions_are_compared_again_once_the_table_is_not_as_the_last_run_left_it(db_url):
    engine = engine_for(db_url)
    items = _week(0)
    merged = merge(items, today=TODAY)
    sources = {e.source_id: e.fingerprint for e in items}
    for minute in (1, 2):
        if minute == 2:  # a version closed behind the last run's back
            table = ensure_schema(engine).rows["pipeline"]
            with engine.begin() as conn:
                conn.execute(table.update().where(table.c._key == "b-1").values(valid_to=1))
        save_snapshot(engine, merged, team="East", master="/m.xlsx", today=TODAY,
                      generated_at=dt.datetime(2026, 11, 25, 9, minute), sources=sources)
    stored = sorted(load_snapshot(engine, 2).tables["pipeline"]["deal_id"])
    assert stored == ["B-1", "B-2", "C-1", "D-1", "D-2"]
    engine.dispose()


_SHEET_ROW = st.tuples(st.sampled_from(["a.xlsx", "b.xlsx", "c.xlsx"]), st.integers(2, 6),
                       st.sampled_from(["ann", "bob"]))


@given(st.lists(_SHEET_ROW, max_size=15), st.lists(_SHEET_ROW, max_size=15))
def test_a_workbooks_row_digest_follows_its_own_rows_only(rows, others):
    """``_row_sets``: a source's digest is that of its (row, rep) in sheet order, whatever the
    other sources' rows; any change of its own rows changes it."""
    import pandas as pd

    from sync.frames import REP_COLUMN, ROW_COLUMN, SOURCE_COLUMN
    from sync.snapshot import _row_sets

    def digests(found: list[tuple[str, int, str]]) -> dict[str, str]:
        return _row_sets(pd.DataFrame(found, columns=[SOURCE_COLUMN, ROW_COLUMN, REP_COLUMN]))

    mine = [r for r in rows if r[0] == "a.xlsx"]
    theirs = [r for r in others if r[0] != "a.xlsx"]
    mixed = sorted(mine + theirs, key=lambda r: r[0] != "a.xlsx")  # a's rows first, in order
    alone = digests(mine).get("a.xlsx")
    assert digests(mixed).get("a.xlsx") == alone == digests(theirs + mine).get("a.xlsx")
    if not mine:
        return
    other_rep = {"ann": "bob", "bob": "ann"}
    for changed in ([*mine[1:], mine[0]], [(s, n + 1, rep) for s, n, rep in mine],
                    [(mine[0][0], mine[0][1], other_rep[mine[0][2]]), *mine[1:]], mine[1:]):
        if changed != mine:
            assert digests(changed).get("a.xlsx") != alone
