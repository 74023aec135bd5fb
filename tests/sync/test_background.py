"""The snapshot saved beside the master's writing: committed only when told, else nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.errors import WriteRefusedError
from sync import forked
from sync.background import SnapshotRun, SnapshotSaver
from sync.merge import merge
from sync.pipeline import consolidate
from sync.snapshot import list_runs, load_snapshot
from sync.state import engine_for
from sync.team import load_team
from tests.sync.factory import deal, extracted, workbook

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(params=["forked", "in-process"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(forked, "_USE_FORK", request.param == "forked")
    return str(request.param)


def _merged(amount: float = 1000.0):
    return merge([extracted(workbook("alice", pipeline=[deal("D-1", "alice", amount=amount)]))], today=TODAY)


def _run(url: str) -> SnapshotRun:
    return SnapshotRun(url, "East", "/m.xlsx", TODAY, dt.datetime(2026, 11, 25, 9), {"/a.xlsx": "h"})


def _runs(url: str) -> list[int]:
    engine = engine_for(url)
    try:
        return [r.run_id for r in list_runs(engine)]
    finally:
        engine.dispose()


def test_commit_saves_the_run_and_abort_saves_nothing(db_url, mode):
    saver = SnapshotSaver(_merged(), _run(db_url))
    assert saver.forked == (mode == "forked")
    assert saver.commit() == 1
    aborted = SnapshotSaver(_merged(2000.0), _run(db_url))
    aborted.abort()
    aborted.abort()  # twice is harmless
    assert _runs(db_url) == [1]
    assert SnapshotSaver(_merged(3000.0), _run(db_url)).commit() == 2
    engine = engine_for(db_url)
    try:
        assert load_snapshot(engine, 2).tables["pipeline"]["amount"].tolist() == [3000.0]
    finally:
        engine.dispose()


def test_a_parent_that_goes_away_leaves_no_snapshot(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "_USE_FORK", True)
    url = f"sqlite:///{tmp_path / 'snapshots.db'}"
    saver = SnapshotSaver(_merged(), _run(url))
    process = saver._process
    assert saver._pipe is not None
    saver._pipe.close()  # as when the parent is killed: the child only sees the pipe end
    process.join(timeout=60)
    assert process.exitcode == 0
    assert _runs(url) == []


def test_a_failed_save_is_raised_in_the_parent(tmp_path, mode):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    saver = SnapshotSaver(_merged(), _run(f"sqlite:///{blocked / 'snapshots.db'}"))
    with pytest.raises(Exception, match="unable to open database file"):
        saver.commit()


def test_consolidation_gives_the_same_runs_either_way(tmp_path: Path, monkeypatch, team_dir):
    results = {}
    for use_fork in (True, False):
        monkeypatch.setattr(forked, "_USE_FORK", use_fork)
        master = tmp_path / f"out-{use_fork}" / "master.xlsx"
        team = load_team(team_dir / "reps", master=master)
        first = consolidate(team, today=TODAY, generated_at=dt.datetime(2026, 11, 25, 9))
        second = consolidate(team, today=TODAY, generated_at=dt.datetime(2026, 11, 25, 9))
        results[use_fork] = (first.run_id, second.run_id, master.read_bytes(), _runs(second.database))
    assert results[True] == results[False]
    assert results[True][:2] == (1, 2)


def test_refused_write_rolls_the_snapshot_back(team_dir, mode):
    team = load_team(team_dir / "reps", master=team_dir / "master.xlsx")
    first = consolidate(team, today=TODAY)

    def open_in_excel(stage: str, done: int, total: int) -> None:
        if stage == "write":
            raise WriteRefusedError("master.xlsx is open in Excel")

    with pytest.raises(WriteRefusedError):
        consolidate(team, today=TODAY, progress=open_in_excel)
    assert _runs(first.database) == [1]


def test_the_comparison_comes_first_and_its_failure_saves_nothing(db_url, mode):
    def runs_so_far(engine):
        return [r.run_id for r in list_runs(engine)], None

    saver = SnapshotSaver(_merged(), _run(db_url), compare=runs_so_far)
    assert saver.compared() == [] and saver.compared() == []
    assert saver.commit() == 1

    def broken(engine):
        raise WriteRefusedError("cannot compare", location="db")

    failing = SnapshotSaver(_merged(), _run(db_url), compare=broken)
    with pytest.raises(WriteRefusedError, match="cannot compare"):
        failing.compared()
    failing.abort()
    assert _runs(db_url) == [1]
    unasked = SnapshotSaver(_merged(), _run(db_url), compare=runs_so_far)
    assert unasked.commit() == 2  # a comparison nobody asked for does not stand in the way


def test_what_follows_a_commit_is_made_ready_first_and_done_only_after_it(tmp_path, db_url, mode):
    log = tmp_path / "log"

    def after(run_id: int):
        with open(log, "a") as handle:
            handle.write(f"ready {run_id}\n")

        def follow(committed: bool) -> None:
            with open(log, "a") as handle:  # another connection sees the run once it is committed
                handle.write(f"{'done' if committed else 'rolled back'} {run_id} {_runs(db_url)}\n")
        return follow

    assert SnapshotSaver(_merged(), _run(db_url), after_commit=after).commit() == 1
    assert log.read_text() == "ready 1\ndone 1 [1]\n"
    aborted = SnapshotSaver(_merged(), _run(db_url), after_commit=after)
    aborted.abort()
    # The child may have made its part ready before it heard: then it is told of the rollback.
    assert log.read_text() in ("ready 1\ndone 1 [1]\n", "ready 1\ndone 1 [1]\nready 2\nrolled back 2 [1]\n")
    assert _runs(db_url) == [1]

    def broken(run_id: int):
        raise OSError("disk full")

    def broken_later(run_id: int):
        def follow(committed: bool) -> None:
            raise OSError("disk full")
        return follow

    # What follows a commit only saves time later: its failure is not the run's.
    assert SnapshotSaver(_merged(), _run(db_url), after_commit=broken).commit() == 2
    assert SnapshotSaver(_merged(), _run(db_url), after_commit=broken_later).commit() == 3


def test_a_layout_the_run_made_ready_is_not_checked_again(db_url, mode, tmp_path, monkeypatch):
    from sync import state

    engine = engine_for(db_url)
    schema = state.ensure_schema(engine)
    engine.dispose()
    log = tmp_path / "layouts"
    made = state.Schema.__init__

    def counted(self: state.Schema) -> None:  # (in the child too: it is forked with this patch)
        with open(log, "a") as handle:
            handle.write("made\n")
        made(self)

    monkeypatch.setattr(state.Schema, "__init__", counted)
    assert SnapshotSaver(_merged(), _run(db_url), schema=schema).commit() == 1
    assert not log.exists()
    assert SnapshotSaver(_merged(2000.0), _run(db_url)).commit() == 2
    assert log.read_text() == "made\n"  # without it, the layout is checked as before


def test_a_failed_comparison_stops_the_write_and_keeps_the_previous_master(team_dir, mode, monkeypatch):
    """The master's sheets are laid out before the comparison is in; its failure still writes nothing."""
    from sync import pipeline

    team = load_team(team_dir / "reps", master=team_dir / "master.xlsx")
    first = consolidate(team, today=TODAY)
    before = first.master.read_bytes()

    def broken(*args, **kwargs):
        raise WriteRefusedError("the snapshot database is locked", location="db")

    monkeypatch.setattr(pipeline, "compare_prepared", broken)
    with pytest.raises(WriteRefusedError, match="database is locked"):
        consolidate(team, today=TODAY)
    assert first.master.read_bytes() == before
    assert _runs(first.database) == [1]
