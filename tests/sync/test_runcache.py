"""The newest run's prepared snapshot, kept beside the master: the next run's changes are the
same as when the snapshot is read back from the database, and a file kept for another run,
other settings or another database is never used."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.schema import WorkbookConfig
from sync import forked, pipeline
from sync.pipeline import consolidate
from sync.team import MemorySource, Rep, Team
from tests.sync.factory import deal, risk, task, workbook

WEEK1, WEEK2, WEEK3 = dt.date(2026, 11, 25), dt.date(2026, 12, 2), dt.date(2026, 12, 9)


def _team(master: Path, week: int, config: WorkbookConfig | None = None) -> Team:
    """alice moves a deal on, loses one and lets a task slip; bob adds a deal and a red risk."""
    alice = [deal("A-1", "alice", stage="demo" if week == 1 else "proposal"),
             deal("A-2", "alice", stage="negotiation" if week == 1 else "lost"),
             deal("A-3", "alice", amount=1000.0 * week, expected_close_date=dt.date(2026, 12, 20))]
    bob = [deal("B-1", "bob")] + ([deal("B-2", "bob", amount=777.0)] if week > 1 else [])
    books = {
        "alice": workbook("alice", path="/team/alice.xlsx", pipeline=alice,
                          tasks=[task("T-A", "alice", due_date=dt.date(2026, 11, 30))]),
        "bob": workbook("bob", path="/team/bob.xlsx", pipeline=bob,
                        risks=[risk("R-B", "B-1", "bob", likelihood=2 + week, impact=4)]),
    }
    sources = tuple(MemorySource(b.path, b, rep) for rep, b in books.items())
    return Team(name="East", reps=(Rep("alice"), Rep("bob")), sources=sources, master=master, config=config)


def _kept(master: Path) -> Path:
    return master.parent / ".salessheet-cache" / master.stem / "history" / "last-run.pkl"


@pytest.fixture(params=["forked", "in-process"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(forked, "_USE_FORK", request.param == "forked")
    return str(request.param)


def _digest(result) -> tuple[object, ...]:
    return tuple(result.changes), result.waterfall


def test_changes_from_the_kept_snapshot_equal_those_from_the_database(tmp_path, mode):
    warm, cold = tmp_path / "warm" / "master.xlsx", tmp_path / "cold" / "master.xlsx"
    for master in (warm, cold):
        master.parent.mkdir()
        consolidate(_team(master, 1), today=WEEK1)
    assert _kept(warm).exists()
    _kept(cold).unlink()
    kept = consolidate(_team(warm, 2), today=WEEK2)
    read_back = consolidate(_team(cold, 2), today=WEEK2)
    assert _digest(kept) == _digest(read_back)
    assert {c.kind for c in kept.changes} >= {"deal.stage_forward", "deal.lost", "deal.amount_up", "deal.new",
                                              "task.new_overdue", "risk.new_red"}
    assert kept.waterfall.start > 0 and kept.waterfall.new == 777.0


def test_the_database_is_read_only_when_no_file_fits(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "_USE_FORK", False)  # counted in this process
    reads: list[int] = []
    original = pipeline.load_snapshot
    monkeypatch.setattr(pipeline, "load_snapshot", lambda engine, run_id, *a, **k: reads.append(run_id) or
                        original(engine, run_id, *a, **k))
    master = tmp_path / "master.xlsx"
    consolidate(_team(master, 1), today=WEEK1)
    week1 = _kept(master).read_bytes()
    consolidate(_team(master, 2), today=WEEK2)
    assert reads == []  # run 1's side came from the file it kept
    _kept(master).write_bytes(week1)  # a file kept for run 1, not run 2
    consolidate(_team(master, 3), today=WEEK3)
    assert reads == [2]
    consolidate(_team(master, 3, WorkbookConfig(risk_red=20)), today=WEEK3)  # other settings
    assert reads == [2, 3]
    _kept(master).write_bytes(b"damaged")
    consolidate(_team(master, 3), today=WEEK3)
    assert reads == [2, 3, 4]
    first_elsewhere = consolidate(_team(master, 3), db=f"sqlite:///{tmp_path / 'another.db'}", today=WEEK3)
    assert first_elsewhere.run_id == 1 and reads == [2, 3, 4]
    consolidate(_team(master, 3), today=WEEK3)  # the file kept is the other database's run 1
    assert reads == [2, 3, 4, 5]


def test_a_rolled_back_run_leaves_the_kept_file_of_the_run_before(tmp_path, mode):
    from salessheet.errors import WriteRefusedError

    master = tmp_path / "master.xlsx"
    consolidate(_team(master, 1), today=WEEK1)
    week1 = _kept(master).read_bytes()

    def open_in_excel(stage: str, done: int, total: int) -> None:
        if stage == "write" and done == 1:  # the master is written; the snapshot is not committed
            raise WriteRefusedError("master.xlsx is open in Excel")

    with pytest.raises(WriteRefusedError):
        consolidate(_team(master, 2), today=WEEK2, progress=open_in_excel)
    assert _kept(master).read_bytes() == week1
    assert not (_kept(master).parent / ".last-run.pkl.pending").exists()
    consolidate(_team(master, 2), today=WEEK2)
    assert _kept(master).read_bytes() != week1  # run 2's, put in place once committed
    assert not (_kept(master).parent / ".last-run.pkl.pending").exists()
