"""The snapshot saved in a forked process while the master is written, committed only after it.

Saving a run's snapshot and writing the master are independent until the very end: the
snapshot must be committed only once the master is in place. On systems with ``fork`` a
child process first compares the run with the previous snapshot (while the parent computes
the Dashboard), then inserts the snapshot inside an open transaction and waits; the parent
writes the master, then tells the child to commit (or, on any failure, to roll back). If
the parent dies, the child reads the end of the pipe and rolls back: no snapshot without
its master. Elsewhere (Windows, or a process running other threads) the comparison and the
snapshot are made in the process itself, the snapshot after the master.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from sync.forked import detach, error_payload, fork_available, rebuilt
from sync.merge import MergeResult

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from sync.snapshot import Snapshot
    from sync.state import Schema

__all__ = ["SnapshotRun", "SnapshotSaver"]


@dataclass(frozen=True)
class SnapshotRun:
    """What is recorded with a run besides its tables."""

    database: str
    team: str
    master: str
    today: dt.date
    generated_at: dt.datetime
    sources: dict[str, str]


Compare = Callable[["Engine"], tuple[Any, "Snapshot | None"]]
"""A comparison with the database's earlier runs, made before the snapshot is inserted: its
result, and the newest run's snapshot if it loaded it with its versions (saving reuses them)."""

Follow = Callable[[bool], None]
"""Called with True once the snapshot is committed, with False once it is rolled back."""

AfterCommit = Callable[[int], Follow]
"""Given the run id, makes ready what follows the commit (while the master is being written)
and returns it; that is called once the snapshot is committed or rolled back, in the process
that compared."""


def _child(pipe: Connection, other_end: Connection, merged: MergeResult, run: SnapshotRun,
           close_fds: tuple[int, ...], compare: Compare | None, after_commit: AfterCommit | None,
           ready: Schema | None) -> None:
    """In the forked child: compare, insert, report, wait for the verdict, commit or roll back."""
    detach(other_end, close_fds)
    from sync.snapshot import write_snapshot
    from sync.state import ensure_schema

    engine = _engine(run.database, ready)
    try:
        try:
            schema = ensure_schema(engine)
            latest = None
            if compare is not None:
                result, latest = compare(engine)
                pipe.send(("compared", result))
            conn = engine.connect()
            transaction = conn.begin()
            run_id = write_snapshot(conn, schema, merged, team=run.team, master=run.master,
                                    today=run.today, generated_at=run.generated_at, sources=run.sources,
                                    latest=latest)
        except BaseException as exc:  # reported to the parent, which raises it
            pipe.send(error_payload(exc, "saving the snapshot"))
            return
        with conn:
            follow = None
            try:
                pipe.send(("ready", run_id))
                follow = _ready_after_commit(after_commit, run_id)
                verdict = pipe.recv()
            except (EOFError, OSError):  # the parent is gone: its master may not be in place
                verdict = "abort"
            if verdict == "commit":
                transaction.commit()
                pipe.send(("committed", run_id))
                _run_after_commit(follow, True)
            else:
                transaction.rollback()
                _run_after_commit(follow, False)
    finally:
        engine.dispose()


def _engine(database: str, ready: Schema | None) -> Engine:
    """An engine to ``database`` in this process, its layout taken as ``ready`` when given."""
    from sync.state import adopt_schema, engine_for

    engine = engine_for(database)
    if ready is not None:
        adopt_schema(engine, ready)
    return engine


def _ready_after_commit(after_commit: AfterCommit | None, run_id: int) -> Follow | None:
    """What follows a commit only saves time later (a cache): its failure is not the run's."""
    if after_commit is not None:
        with contextlib.suppress(Exception):
            return after_commit(run_id)
    return None


def _run_after_commit(follow: Follow | None, committed: bool) -> None:
    if follow is not None:
        with contextlib.suppress(Exception):
            follow(committed)


class SnapshotSaver:
    """Starts saving the snapshot; ``commit`` after the master is written, ``abort`` otherwise.

    Args:
        merged: the run's tables and issues.
        run: where and what to record.
        close_fds: file descriptors the child must not keep open (the run lock).
        compare: made first, in the child (beside the parent's own work), its result given by
            ``compared``: the run's changes since the previous snapshot.
        after_commit: called with the run id after the commit, in the process that compared.
        schema: the database layout this run has just made ready (``ensure_schema``), so
            that the child need not check the tables again.
    """

    def __init__(self, merged: MergeResult, run: SnapshotRun, close_fds: tuple[int, ...] = (),
                 compare: Compare | None = None, after_commit: AfterCommit | None = None,
                 schema: Schema | None = None) -> None:
        self.merged = merged
        self.run = run
        self._compare = compare
        self._after_commit = after_commit
        self._schema = schema
        self._received_comparison = False
        self._comparison: Any = None
        self._latest: Snapshot | None = None
        self._process: Any = None
        self._pipe: Connection | None = None
        if fork_available():
            context = multiprocessing.get_context("fork")
            parent, child = context.Pipe()
            arguments = (child, parent, merged, run, close_fds, compare, after_commit, schema)
            self._process = context.Process(target=_child, args=arguments, daemon=True)
            self._process.start()
            child.close()
            self._pipe = parent

    def compared(self) -> Any:
        """The result of ``compare`` (made now when no child was started).

        Raises:
            SalessheetError or RuntimeError: the comparison failed (then nothing is saved).
        """
        if self._compare is None:
            raise ValueError("no comparison was asked for")
        if self._pipe is None:
            engine = _engine(self.run.database, self._schema)
            try:
                result, self._latest = self._compare(engine)
                return result
            finally:
                engine.dispose()
        if not self._received_comparison:
            status = self._receive()
            if status[0] != "compared":
                raise rebuilt(status)
            self._received_comparison, self._comparison = True, status[1]
        return self._comparison

    @property
    def forked(self) -> bool:
        """True when the snapshot is being saved in a child process."""
        return self._process is not None

    def commit(self) -> int:
        """Commit the snapshot (saving it now when no child was started); returns the run id.

        Raises:
            SalessheetError or RuntimeError: the snapshot could not be saved (nothing committed).
        """
        if self._pipe is None:
            from sync.snapshot import save_snapshot

            engine = _engine(self.run.database, self._schema)
            try:
                run_id = save_snapshot(engine, self.merged, team=self.run.team, master=self.run.master,
                                       today=self.run.today, generated_at=self.run.generated_at,
                                       sources=self.run.sources, latest=self._latest)
            finally:
                engine.dispose()
            _run_after_commit(_ready_after_commit(self._after_commit, run_id), True)
            return run_id
        try:
            if self._compare is not None:
                self.compared()  # the child reports its comparison first
            status = self._receive()
            if status[0] != "ready":
                raise rebuilt(status)
            self._pipe.send("commit")
            status = self._receive()
            if status[0] != "committed":
                raise rebuilt(status)
            return int(status[1])
        finally:
            self._close()

    def abort(self) -> None:
        """Roll the snapshot back (nothing is saved); safe to call more than once."""
        if self._pipe is not None:
            with contextlib.suppress(OSError, BrokenPipeError):
                self._pipe.send("abort")
        self._close()

    def _receive(self) -> tuple[Any, ...]:
        assert self._pipe is not None
        try:
            message: tuple[Any, ...] = self._pipe.recv()
        except EOFError:
            code = self._process.exitcode if self._process is not None else None
            return ("error", "RuntimeError", f"the snapshot process ended unexpectedly (exit code {code})",
                    None, "")
        return message

    def _close(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._process is not None:
            self._process.join(timeout=60)
            if self._process.is_alive():  # pragma: no cover - a stuck database driver
                self._process.kill()
                self._process.join()
            self._process = None
