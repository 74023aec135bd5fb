"""Rows rendered in an earlier run are reused only where the row is the same: a re-run writes
the data sheets byte for byte as a run from scratch does."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salessheet.issues import IssueType, Severity
from sync import rowcache, xlsxfast
from sync.extract import load_cache_file
from sync.pipeline import consolidate
from sync.rowcache import RowCache
from sync.team import MemorySource, Rep, Team
from sync.xlsxfast import rows_xml
from tests.sync.factory import deal, task, workbook

TODAY = dt.date(2026, 11, 25)
DATA_SHEETS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml")


def _team(master: Path, amount: float, twin: bool) -> Team:
    """Three reps; with ``twin`` bob types a deal that looks like carol's (a probable duplicate)."""
    books = {
        rep: workbook(rep, path=f"/team/{rep}.xlsx",
                      pipeline=[deal(f"{rep}-{n}", rep, amount=1000.0 + n) for n in range(30)],
                      tasks=[task(f"T-{rep}-{n}", rep) for n in range(5)])
        for rep in ("alice", "bob", "carol")
    }
    books["alice"] = workbook("alice", path="/team/alice.xlsx",
                              pipeline=[deal(f"alice-{n}", "alice", amount=amount + n) for n in range(31)])
    if twin:
        books["bob"] = workbook("bob", path="/team/bob.xlsx", pipeline=[
            deal("bob-x", "bob", customer="Customer carol-3", deal_name="Deal carol-3", amount=1003.0)])
    sources = tuple(MemorySource(b.path, b, rep) for rep, b in books.items())
    return Team(name="East", reps=tuple(Rep(r) for r in books), sources=sources, master=master)


def _data_sheets(master: Path) -> list[bytes]:
    with zipfile.ZipFile(master) as package:
        return [package.read(name) for name in DATA_SHEETS]


class _Counted(dict):
    """Stored rows that note, for each row looked up, whether it was there."""

    def __init__(self, rows: dict, hits: list[bool]) -> None:
        super().__init__(rows)
        self.rows, self.hits = rows, hits

    def get(self, key, default=None):
        self.hits.append(key in self.rows)
        return self.rows.get(key, default)

    def __setitem__(self, key, value):
        self.rows[key] = value
        super().__setitem__(key, value)


def _looked_up(monkeypatch, seen: Callable[[str, str], None], hits: list[bool] | None = None) -> None:
    """Call ``seen(tag, source)`` for each run of rows rendered (not copied compressed)."""
    original = RowCache.rows_of

    def looked_up(self, tag, source, fingerprint):
        seen(tag, source)
        rows = original(self, tag, source, fingerprint)
        return _Counted(rows, hits) if hits is not None else rows

    monkeypatch.setattr(RowCache, "rows_of", looked_up)


def test_rerun_reuses_rows_and_writes_what_a_fresh_run_writes(tmp_path, monkeypatch):
    hits: list[bool] = []
    _looked_up(monkeypatch, lambda tag, source: None, hits)
    master = tmp_path / "warm" / "master.xlsx"
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    assert not any(hits)
    hits.clear()
    # alice changes every amount, bob's new deal marks one of carol's (unchanged) deals
    consolidate(_team(master, 2000.0, twin=True), today=TODAY)
    assert 0 < sum(hits) < len(hits)
    fresh = tmp_path / "cold" / "master.xlsx"
    consolidate(_team(fresh, 2000.0, twin=True), today=TODAY)
    assert _data_sheets(master) == _data_sheets(fresh)
    assert b"bob-x" in _data_sheets(master)[0]  # carol's deal now names bob's as its twin


def test_the_cache_keeps_only_this_runs_workbooks(tmp_path):
    master = tmp_path / "master.xlsx"
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    folder = tmp_path / ".salessheet-cache" / "master" / "rows"
    first = set(folder.glob("rows-*.pkl"))
    consolidate(_team(master, 2000.0, twin=False), today=TODAY)
    second = set(folder.glob("rows-*.pkl"))
    assert first and second and len(second) == len(first) and first != second


_cell = st.one_of(st.none(), st.text(max_size=4), st.floats(allow_nan=False), st.integers(-9, 9),
                  st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))


@given(st.lists(st.tuples(st.sampled_from("abcdef"), _cell, _cell), max_size=12),
       st.lists(st.tuples(st.sampled_from("abcdef"), _cell, _cell), max_size=12))
def test_rows_from_a_store_equal_rows_made_afresh(first, second):
    known: dict[tuple[object, ...], str] = {}
    for rows in (first, second):
        columns = [[r[1] for r in rows], [r[2] for r in rows]]
        details = [(r[0], repr(r[1]), repr(r[2])) for r in rows]  # (0 == 0.0, but they are written apart)
        fresh = rows_xml(columns, [None, 3], 2)
        assert rows_xml(columns, [None, 3], 2, details=details, known=known) == fresh
        assert set(details) <= set(known)
        assert all(row == "" or rowcache.ROW_MARK in row for row in known.values())  # the mark for its number
        assert rows_xml(columns, [None, 3], 2, details=details, known=known) == fresh


def test_a_run_of_a_workbook_without_a_content_hash_is_rendered_and_not_kept(tmp_path):
    keys = xlsxfast.RowKeys(["s", "s"], {"s": None}, ([2, 3],))
    sheet = xlsxfast.SplicedSheet(2, lambda rows: [["x", "y"]], 2, [None], keys=keys)
    store = RowCache(tmp_path)
    plan = xlsxfast._plan('<sheetData><row r="2"/></sheetData>', sheet, store)
    pieces = xlsxfast._render(plan, plan.todo, store)
    assert list(pieces) == [0] and plan.stored == [None]
    store.save()
    assert not list(tmp_path.iterdir())


def test_a_damaged_cache_file_is_rendered_again(tmp_path):
    master = tmp_path / "warm" / "master.xlsx"
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    for stored in (tmp_path / "warm" / ".salessheet-cache" / "master" / "rows").glob("rows-*.pkl"):
        stored.write_bytes(b"not a pickle")
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    fresh = tmp_path / "cold" / "master.xlsx"
    consolidate(_team(fresh, 1000.0, twin=False), today=TODAY)
    assert _data_sheets(master) == _data_sheets(fresh)


def _pieces(master: Path) -> set[Path]:
    return set((master.parent / ".salessheet-cache" / "master" / "rows").glob("piece-*.z"))


def _piece_count(master: Path) -> int:
    return sum(len(pickle.loads(load_cache_file(p) or b"")) for p in _pieces(master))


def test_unchanged_runs_are_copied_compressed_and_damaged_pieces_made_again(tmp_path, monkeypatch):
    master = tmp_path / "warm" / "master.xlsx"
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    first = _pieces(master)
    assert len(first) == 3  # one file per workbook
    assert _piece_count(master) == 5  # each rep's run of Pipeline rows, bob's and carol's of Tasks
    rendered: set[tuple[str, str]] = set()
    _looked_up(monkeypatch, lambda tag, source: rendered.add((tag.split("\x1f")[0], source)))
    consolidate(_team(master, 2000.0, twin=False), today=TODAY)  # only alice changed
    assert rendered == {("Pipeline", "/team/alice.xlsx")}
    assert len(_pieces(master)) == 3 and len(_pieces(master) & first) == 2 and _piece_count(master) == 5
    rendered.clear()
    for piece in _pieces(master):
        piece.write_bytes(piece.read_bytes()[:-1] + b"!")
    consolidate(_team(master, 2000.0, twin=False), today=TODAY)  # nothing changed, every piece damaged
    assert len(rendered) == 5
    fresh = tmp_path / "cold" / "master.xlsx"
    consolidate(_team(fresh, 2000.0, twin=False), today=TODAY)
    assert _data_sheets(master) == _data_sheets(fresh)
    with zipfile.ZipFile(master) as package:
        assert package.testzip() is None


NOTE = IssueType("pipeline.next_step.missing", Severity.WARNING, "deal {key} has no next step",
                 "商机 {key} 没有下一步")


def _noted_team(master: Path, changed: bool) -> Team:
    """Four reps with a warning each; ``changed``: alice's workbook and warning change, and bob
    types a deal like carol's, which gives carol's unchanged workbook a new issue (abe's issues
    come first and stay as they were)."""
    books = {}
    for rep in ("abe", "alice", "bob", "carol"):
        deals = [deal(f"{rep}-{n}", rep, amount=1000.0 + n) for n in range(20)]
        key = f"{rep}-0"
        if changed and rep == "alice":
            deals, key = deals[:10], "alice-9"
        if changed and rep == "bob":
            deals.append(deal("bob-x", "bob", customer="Customer carol-3", deal_name="Deal carol-3",
                              amount=1003.0))
        note = NOTE(file=f"/team/{rep}.xlsx", sheet="Pipeline", cell="O2", row=2, key=key)
        books[rep] = workbook(rep, path=f"/team/{rep}.xlsx", pipeline=deals, issues=[note])
    sources = tuple(MemorySource(b.path, b, rep) for rep, b in books.items())
    return Team(name="East", reps=tuple(Rep(r) for r in books), sources=sources, master=master)


def test_issues_of_unchanged_workbooks_are_copied_unless_the_merge_gave_them_new_ones(tmp_path, monkeypatch):
    master = tmp_path / "warm" / "master.xlsx"
    consolidate(_noted_team(master, changed=False), today=TODAY)
    rendered: set[str] = set()
    _looked_up(monkeypatch,
               lambda tag, source: rendered.add(source) if tag.startswith("Issues\x1f") else None)
    second = consolidate(_noted_team(master, changed=True), today=TODAY)
    assert "sync.duplicate.probable" in {t.issue.code for t in second.merged.issues if t.rep == "carol"}
    assert rendered == {"/team/alice.xlsx", "/team/bob.xlsx", "/team/carol.xlsx"}  # abe's are copied
    fresh = tmp_path / "cold" / "master.xlsx"
    consolidate(_noted_team(fresh, changed=True), today=TODAY)
    with zipfile.ZipFile(master) as warm, zipfile.ZipFile(fresh) as cold:
        issues = "xl/worksheets/sheet6.xml"
        assert b"alice-9" in warm.read(issues) and warm.read(issues) == cold.read(issues)


def _cache_files(master: Path) -> dict[str, bytes]:
    folder = master.parent / ".salessheet-cache" / "master" / "rows"
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(("rows-", "piece-"))}


def test_rows_rendered_in_a_forked_child_give_the_same_master_and_cache(tmp_path, monkeypatch):
    """With enough cells a forked child renders about half the runs; the master and the row
    cache it leaves are those of one process rendering them all."""
    pids = tmp_path / "pids"
    original = xlsxfast._render

    def noted(plan, todo, store):
        if todo:
            with pids.open("a") as handle:
                handle.write(f"{os.getpid()}\n")
        return original(plan, todo, store)

    monkeypatch.setattr(xlsxfast, "_render", noted)
    monkeypatch.setattr(xlsxfast, "SPLIT_CELLS", 10**12)
    alone = tmp_path / "alone" / "master.xlsx"
    consolidate(_team(alone, 1000.0, twin=True), today=TODAY)
    assert set(pids.read_text().split()) == {str(os.getpid())}
    pids.unlink()
    monkeypatch.setattr(xlsxfast, "SPLIT_CELLS", 1)
    split = tmp_path / "split" / "master.xlsx"
    consolidate(_team(split, 1000.0, twin=True), today=TODAY)
    rendered_by = set(pids.read_text().split())
    assert str(os.getpid()) in rendered_by and len(rendered_by) == 2
    assert _data_sheets(split) == _data_sheets(alone)
    assert _cache_files(split) == _cache_files(alone)
    # the next run keeps the child's files and copies every run from them
    rendered: list[object] = []
    _looked_up(monkeypatch, lambda tag, source: rendered.append(source))
    consolidate(_team(split, 1000.0, twin=True), today=TODAY)
    assert rendered == [] and _cache_files(split) == _cache_files(alone)


def test_the_runs_are_shared_in_two_of_about_equal_cells():
    plans = {f"sheet{i}": xlsxfast._Plan(None, [None] * 3, "", "", "", [(0, n) for n in sizes],  # type: ignore[arg-type]
                                          [None] * len(sizes), [None] * len(sizes))
             for i, sizes in enumerate(([10, 1, 1], [8, 2, 7, 1]))}
    mine, theirs = xlsxfast._shares(plans)
    cells = [sum(plans[name].cells(n) for name, runs in side for n in runs) for side in (mine, theirs)]
    assert sum(cells) == 3 * 30 and abs(cells[0] - cells[1]) <= 3 * 1
    everything = sorted((name, n) for side in (mine, theirs) for name, runs in side for n in runs)
    assert everything == sorted((name, n) for name, plan in plans.items() for n in range(len(plan.runs)))
    assert all(runs == sorted(runs) for side in (mine, theirs) for _, runs in side)


def test_a_failure_in_the_rendering_child_stops_the_run_and_keeps_the_master(tmp_path, monkeypatch):
    master = tmp_path / "master.xlsx"
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    before = master.read_bytes()
    parent, original = os.getpid(), xlsxfast._render

    def failing(plan, todo, store):
        if os.getpid() != parent:
            raise MemoryError("no room")
        return original(plan, todo, store)

    monkeypatch.setattr(xlsxfast, "_render", failing)
    monkeypatch.setattr(xlsxfast, "SPLIT_CELLS", 1)
    with pytest.raises(RuntimeError, match="rendering the master's rows failed: MemoryError: no room"):
        consolidate(_team(master, 2000.0, twin=True), today=TODAY)
    assert master.read_bytes() == before


def test_a_rewritten_cache_file_keeps_only_what_its_run_used(tmp_path):
    key = ("/team/alice.xlsx", "hash-1", (2, "alice", ""))
    source, fingerprint, row = key

    def put(cache: RowCache, tag: str, text: str) -> None:
        cache.rows_of(tag, source, fingerprint)[row] = text
        cache.added(tag, source, fingerprint)

    first = RowCache(tmp_path)
    put(first, "layout-monday", "<c>\x00</c>")
    first.put_piece("layout-monday", key, "piece-a", rowcache.Piece(b"a", 1, 1))
    first.save()
    second = RowCache(tmp_path)  # the next day: a new layout for the same workbook version
    assert row not in second.rows_of("layout-tuesday", source, fingerprint)
    put(second, "layout-tuesday", "<c>\x00!</c>")
    assert second.get_piece("layout-tuesday", key, "piece-a") is not None  # still used: kept
    second.put_piece("layout-tuesday", key, "piece-b", rowcache.Piece(b"b", 2, 1))
    second.save()
    third = RowCache(tmp_path)
    assert row not in third.rows_of("layout-monday", source, fingerprint)
    assert third.rows_of("layout-tuesday", source, fingerprint)[row] == "<c>\x00!</c>"
    assert third.get_piece("layout-tuesday", key, "piece-a") == rowcache.Piece(b"a", 1, 1)
    assert third.get_piece("layout-tuesday", key, "piece-b") == rowcache.Piece(b"b", 2, 1)
    third.put_piece("layout-tuesday", key, "piece-c", rowcache.Piece(b"c", 3, 1))
    third.save()
    fourth = RowCache(tmp_path)
    assert fourth.get_piece("t", key, "piece-c") is not None
    assert fourth.get_piece("t", key, "piece-a") is not None  # third used it: kept
    assert len(list(tmp_path.glob("piece-*.z"))) == 1 and len(list(tmp_path.glob("rows-*.pkl"))) == 1


def test_a_workbooks_runs_in_every_sheet_are_rendered_on_one_side():
    owners = ["a", "b", "a", "c", "b", "a"]
    plans = {f"sheet{i}": xlsxfast._Plan(None, [None] * 2, "", "", "", [(0, 5)] * 6,  # type: ignore[arg-type]
                                          [None] * 6, [((o, "hash", ()), "d") for o in owners])
             for i in range(3)}
    sides = xlsxfast._shares(plans)
    where = {owners[n]: side for side, share in enumerate(sides) for _, runs in share for n in runs}
    assert len(where) == 3 and len(set(where.values())) == 2
    for side, share in enumerate(sides):
        assert all(where[owners[n]] == side for _, runs in share for n in runs)
