"""Reading the team, and what stops a run: the previous master is read beside the cached
workbooks, never while a worker process is forked; a previous master that cannot be read, or a
new one longer than Excel opens, stops the run with the master and its history as they were."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from salessheet.errors import UnreadableFileError
from sync import forked
from sync.extract import ReadContext, extract
from sync.pipeline import consolidate
from sync.team import MemorySource, Rep, Team
from tests.sync.factory import deal, workbook

TODAY = dt.date(2026, 11, 25)


def _sources(count: int) -> list[MemorySource]:
    books = [workbook(f"rep{n}", path=f"/team/rep{n}.xlsx", pipeline=[deal(f"D-{n}", f"rep{n}")])
             for n in range(count)]
    return [MemorySource(b.path, b, f"rep{n}") for n, b in enumerate(books)]


_THREADS_AT_FORK: list[int] | None = None  # while a test records them


def _record_fork() -> None:
    if _THREADS_AT_FORK is not None:
        _THREADS_AT_FORK.append(threading.active_count())


os.register_at_fork(before=_record_fork)


@pytest.fixture
def forks():
    """The number of threads in this process at each fork made during the test."""
    global _THREADS_AT_FORK
    _THREADS_AT_FORK = []
    try:
        yield _THREADS_AT_FORK
    finally:
        _THREADS_AT_FORK = None


def test_no_worker_is_forked_while_the_side_reading_runs(tmp_path, forks):
    seen: list[str] = []

    def side() -> None:  # long enough to be running if a fork came while it runs
        seen.append(threading.current_thread().name)
        time.sleep(0.3)

    items = extract(_sources(4), cache_dir=tmp_path, executor="process", alongside=side)
    assert len(items) == 4 and all(i.data is not None for i in items)
    assert seen == ["salessheet-alongside"]
    assert forks and set(forks) == {1}  # only this thread ran at every fork


@dataclasses.dataclass(frozen=True)
class _Signalling(MemorySource):
    """Sets ``read_started`` when it is read."""

    read_started: threading.Event = dataclasses.field(default_factory=threading.Event)

    def read(self):
        self.read_started.set()
        return super().read()


def test_a_changed_source_is_read_while_the_side_reading_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "_USE_FORK", False)  # where fork is available it is read in a child
    sources = _sources(3)
    extract(sources, cache_dir=tmp_path, executor="serial")
    changed = workbook("rep0", path="/team/rep0.xlsx", pipeline=[deal("D-0", "rep0", amount=5.0)])
    source = _Signalling(changed.path, changed, "rep0")
    overlapped: list[bool] = []
    items = extract([source, *sources[1:]], cache_dir=tmp_path, executor="auto",
                    alongside=lambda: overlapped.append(source.read_started.wait(timeout=5)))
    assert overlapped == [True]  # the read began while the side reading was still waiting for it
    assert [i.cached for i in items] == [False, True, True]
    assert items[0].data is not None and items[0].data.frame("pipeline")["amount"].tolist() == [5.0]


@dataclasses.dataclass(frozen=True)
class _Counted(MemorySource):
    """Leaves one line with the reading process's id in ``log`` each time it is read."""

    log: str = ""

    def read(self):
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return super().read()


@pytest.mark.parametrize("use_fork", [True, False], ids=["forked", "in-process"])
def test_a_few_changed_sources_are_read_in_forked_children_while_the_cached_ones_load(
        tmp_path, monkeypatch, use_fork):
    monkeypatch.setattr(forked, "_USE_FORK", use_fork)
    log = tmp_path / "reads.txt"
    sources = [_Counted(s.id, s.data, s.rep_id, log=str(log)) for s in _sources(4)]
    extract(sources, cache_dir=tmp_path / "cache", executor="serial", context=ReadContext(TODAY))
    log.unlink()
    changed = workbook("rep1", path="/team/rep1.xlsx", pipeline=[deal("D-1", "rep1", amount=7.0)])
    again = [sources[0], _Counted(changed.path, changed, "rep1", log=str(log)), *sources[2:]]
    items = extract(again, cache_dir=tmp_path / "cache", executor="auto", context=ReadContext(TODAY))
    pids = [int(line) for line in log.read_text().split()]
    assert len(pids) == 1 and (pids[0] != os.getpid()) == use_fork
    assert [i.source_id for i in items] == [s.id for s in again]
    assert [i.cached for i in items] == [True, False, True, True]
    assert items[1].data is not None and items[1].data.frame("pipeline")["amount"].tolist() == [7.0]
    log.unlink()
    third = extract(again, cache_dir=tmp_path / "cache", executor="auto", context=ReadContext(TODAY))
    assert all(i.cached for i in third) and not log.exists()  # the child stored what it read


@dataclasses.dataclass(frozen=True)
class _Slow(MemorySource):
    """Takes a while to read, and leaves ``done`` behind when it has been read."""

    done: str = ""

    def read(self):
        time.sleep(0.4)
        data = super().read()
        with open(self.done, "w") as handle:
            handle.write(str(os.getpid()))
        return data


def _one_slow_change(tmp_path) -> tuple[list[MemorySource], Path]:
    """Three cached sources, then the same with the second changed and slow to read; the file
    its reading leaves behind."""
    sources = _sources(3)
    extract(sources, cache_dir=tmp_path / "cache", executor="serial")
    done = tmp_path / "read.txt"
    changed = workbook("rep1", path="/team/rep1.xlsx", pipeline=[deal("D-1", "rep1", amount=9.0)])
    return [sources[0], _Slow(changed.path, changed, "rep1", done=str(done)), sources[2]], done


def test_meanwhile_runs_once_here_while_a_changed_source_is_still_read(tmp_path):
    again, done = _one_slow_change(tmp_path)
    seen: list[tuple[int, bool]] = []
    items = extract(again, cache_dir=tmp_path / "cache", executor="auto",
                    meanwhile=lambda: seen.append((os.getpid(), done.exists())))
    assert seen == [(os.getpid(), False)]  # once, in this process, before the child had read it
    assert int(done.read_text()) != os.getpid()
    assert [i.cached for i in items] == [True, False, True]


def test_meanwhile_is_left_to_the_caller_when_no_child_reads(tmp_path):
    """Nothing changed, or enough changed for a worker pool: the pool must not wait for it."""
    calls: list[str] = []
    sources = _sources(4)
    extract(sources, cache_dir=tmp_path / "cache", executor="auto", meanwhile=lambda: calls.append("pool"))
    extract(sources, cache_dir=tmp_path / "cache", executor="auto", meanwhile=lambda: calls.append("cached"))
    assert calls == []


def test_a_failure_meanwhile_is_raised_and_the_reading_child_is_stopped(tmp_path):
    again, done = _one_slow_change(tmp_path)

    def fails() -> None:
        raise UnreadableFileError("the snapshot database is gone", location="/m.db")

    with pytest.raises(UnreadableFileError, match="snapshot database"):
        extract(again, cache_dir=tmp_path / "cache", executor="auto", meanwhile=fails)
    time.sleep(0.6)
    assert not done.exists()  # the child was stopped before it finished


@dataclasses.dataclass(frozen=True)
class _Broken(MemorySource):
    def read(self):
        raise KeyError("a bug")


def test_a_child_reading_a_source_that_fails_unexpectedly_stops_the_run(tmp_path):
    sources = _sources(3)
    extract(sources, cache_dir=tmp_path, executor="serial")
    broken = _Broken(sources[0].id, workbook("rep0", path=sources[0].id), "rep0")
    with pytest.raises(RuntimeError, match=r"reading /team/rep0\.xlsx failed: KeyError"):
        extract([broken, *sources[1:]], cache_dir=tmp_path, executor="auto")


def test_a_failure_beside_the_reads_is_raised():
    def fails() -> None:
        raise UnreadableFileError("the previous master cannot be read", location="/m.xlsx")

    with pytest.raises(UnreadableFileError, match="previous master"):
        extract(_sources(2), executor="serial", alongside=fails)


def test_a_master_that_cannot_be_read_stops_the_run_and_stays_as_it_was(tmp_path):
    master = tmp_path / "master.xlsx"
    master.write_bytes(b"PK\x03\x04 not really a workbook")
    team = Team(name="East", reps=(Rep("rep0"), Rep("rep1")), sources=tuple(_sources(2)), master=master)
    with pytest.raises(UnreadableFileError) as raised:
        consolidate(team, today=TODAY)
    assert raised.value.location == str(master)
    assert master.read_bytes() == b"PK\x03\x04 not really a workbook"
    assert not (tmp_path / "master.salessheet.db").exists()  # nothing was recorded


def test_a_master_longer_than_excel_opens_is_refused_and_the_previous_one_stays(tmp_path, monkeypatch):
    from salessheet.errors import TooLargeError
    from sync import load
    from sync.snapshot import list_runs
    from sync.state import engine_for

    master = tmp_path / "master.xlsx"
    team = Team(name="East", reps=(Rep("rep0"), Rep("rep1")), sources=tuple(_sources(2)), master=master)
    first = consolidate(team, today=TODAY)
    before = master.read_bytes()
    books = [workbook("rep0", path="/team/rep0.xlsx", pipeline=[deal(f"D-{n}", "rep0") for n in range(12)])]
    bigger = Team(name="East", reps=(Rep("rep0"),), sources=(MemorySource(books[0].path, books[0], "rep0"),),
                  master=master)
    monkeypatch.setattr(load, "EXCEL_ROWS", 11)  # a sheet of 10 rows under the header
    with pytest.raises(TooLargeError) as raised:
        consolidate(bigger, today=TODAY)
    assert "Pipeline sheet would have 12 rows, more than the 10" in raised.value.message_en
    assert "商机" in raised.value.message_zh and raised.value.exit_code == 3 and not raised.value.transient
    assert master.read_bytes() == before
    engine = engine_for(first.database)
    assert [r.run_id for r in list_runs(engine)] == [1]  # the refused run saved no snapshot
    engine.dispose()


def test_a_changes_sheet_longer_than_excel_opens_is_refused_too(tmp_path, monkeypatch):
    """The Changes sheet is checked once the comparison is in, still before anything is written."""
    from salessheet.errors import TooLargeError
    from sync import load
    from sync.snapshot import list_runs
    from sync.state import engine_for

    master = tmp_path / "master.xlsx"

    def team_of(prefix: str) -> Team:
        deals = [deal(f"{prefix}-{n}", "rep0") for n in range(8)]
        book = workbook("rep0", path="/team/rep0.xlsx", pipeline=deals)
        return Team(name="East", reps=(Rep("rep0"),), sources=(MemorySource(book.path, book, "rep0"),),
                    master=master)

    first = consolidate(team_of("A"), today=TODAY)
    before = master.read_bytes()
    monkeypatch.setattr(load, "EXCEL_ROWS", 11)  # 8 deals fit; 8 new and 8 removed do not
    with pytest.raises(TooLargeError) as raised:
        consolidate(team_of("B"), today=TODAY)
    assert "Changes sheet would have 16 rows, more than the 10" in raised.value.message_en
    assert master.read_bytes() == before
    engine = engine_for(first.database)
    assert [r.run_id for r in list_runs(engine)] == [1]  # the refused run saved no snapshot
    engine.dispose()
