"""The consolidation pipeline: extract -> merge -> load (master) -> snapshot, with timings."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from salessheet.errors import ConfigError, WriteRefusedError
from salessheet.io.atomic import ensure_folder, refuse_if_open
from salessheet.schema import WorkbookConfig
from sync.background import SnapshotRun, SnapshotSaver
from sync.changes import (
    CHANGE_COLUMNS,
    Change,
    Prepared,
    WaterfallStep,
    changes_frame,
    compare,
    compare_prepared,
    prepare,
    waterfall_frame,
    waterfall_prepared,
)
from sync.dashboard import dashboard_data, quarter_of
from sync.extract import Executor, Extracted, ReadContext, cache_dir_for, extract
from sync.forked import ForkedCall, fork_available
from sync.load import Comparison, MasterContent, PreviousMaster, read_previous_master, write_master
from sync.merge import MergeResult, merge
from sync.runcache import load_prepared, prepared_writer
from sync.snapshot import RunInfo, Snapshot, latest_run, list_runs, load_snapshot, run_on_or_before
from sync.state import Schema, engine_for, ensure_schema
from sync.team import Team, inferred_roster

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = ["ChangeDigest", "ConsolidationResult", "Progress", "changes_since", "consolidate"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: read, merge, write, snapshot."""


@dataclass
class ConsolidationResult:
    """What one consolidation did.

    Attributes:
        master: the master workbook written.
        run_id: the snapshot's run id; previous_run_id the run compared against (None at first).
        merged: the consolidated tables, quarantine and issues.
        changes: changes since the previous run; waterfall for the current quarter.
        sources_read / sources_cached: how many sources were parsed / taken from the cache.
        lang: the master's language ("en" or "zh").
        timings: seconds per stage (read, merge, dashboard, write, total); "changes" and
            "snapshot" are what the comparison with the previous run and the snapshot took
            beyond the dashboard and the write they run beside.
    """

    master: Path
    run_id: int
    previous_run_id: int | None
    merged: MergeResult
    changes: list[Change]
    waterfall: WaterfallStep
    sources_read: int
    sources_cached: int
    database: str
    lang: str = "en"
    timings: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def _run_lock(master: Path) -> Iterator[int]:
    """One consolidation of a master at a time; clears temp files a killed run left behind."""
    folder = cache_dir_for(master)
    ensure_folder(master.parent)  # (first: a folder that cannot be made is named as the user gave it)
    ensure_folder(folder)
    handle = open(folder / "run.lock", "a+b")  # noqa: SIM115 - held for the whole run
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            pass
        except OSError as exc:
            raise WriteRefusedError(
                "another consolidation of this master is running", "该总表正在被另一个汇总任务处理",
                location=str(master),
            ) from exc
        for stale in master.parent.glob(f".{master.name}.*.tmp"):
            with contextlib.suppress(OSError):
                os.unlink(stale)
        yield handle.fileno()
    finally:
        handle.close()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Put off Python's cycle collector until the run ends.

    A run holds millions of cell values until it ends; each full pass of the collector walks
    all of them, and those passes took a fifth of a re-run. What the run drops is freed by reference
    counting as before; only reference cycles wait for the collector, which is back on after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_beside(master: Path, lock_fd: int,
                 read_team: Callable[[Callable[[], None] | None, Callable[[], None] | None], list[Extracted]],
                 then: Callable[[], None]) -> tuple[list[Extracted], PreviousMaster]:
    """``read_team(alongside, meanwhile)`` with the previous master read beside it; ``then`` is
    called once that master has been read (a master that cannot be read stops the run first).

    Where fork is available the previous master is parsed in a child process: in a thread
    it would hold the GIL against the loading of the cached workbooks. Elsewhere it is the
    ``alongside`` of ``extract`` (a thread, ended before any worker process starts). With the
    child, ``then`` is the ``meanwhile`` of ``extract``: it runs while a few changed workbooks
    are still being read, else after the reading (waiting for the previous master before a
    worker pool starts would hold the pool back).
    """
    if not fork_available():
        found: list[PreviousMaster] = []
        extracted = read_team(lambda: found.append(read_previous_master(master)), None)
        then()
        return extracted, found[0]
    side = ForkedCall(lambda: read_previous_master(master), "reading the previous master",
                      close_fds=(lock_fd,))
    try:
        got: list[PreviousMaster] = []

        def meanwhile() -> None:
            got.append(side.result())
            then()

        extracted = read_team(None, meanwhile)
        if not got:  # no child read a changed workbook (nothing changed, or a worker pool read them)
            meanwhile()
        return extracted, got[0]
    finally:
        side.close()


def consolidate(
    team: Team,
    output: Path | None = None,
    db: str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    *,
    executor: Executor = "auto",
    generated_at: dt.datetime | None = None,
) -> ConsolidationResult:
    """Consolidate the team's workbooks into the master and save a snapshot.

    Args:
        team: from ``load_team``.
        output: master path (default: the team's master).
        db: snapshot database URL (default: the team's, else SQLite beside the master).
        today: date for computed columns and overdue tasks (default: today).
        progress: optional progress callback.
        executor: how sources are read in parallel ("auto", "process", "thread", "serial").
        generated_at: the "generated at" stamp (default: now); fixed in tests.

    Raises:
        WriteRefusedError: the master is open in Excel or another run holds it.
        UnreadableFileError: the existing master cannot be read (it is left untouched).
    """
    started = time.perf_counter()
    master = Path(output or team.master)
    today = today or dt.date.today()
    generated_at = generated_at or dt.datetime.now().replace(microsecond=0)
    timings: dict[str, float] = {}
    notify = progress or (lambda stage, done, total: None)
    refuse_if_open(master)
    with _collector_paused(), _run_lock(master) as lock_fd:
        mark = time.perf_counter()
        context = ReadContext(today, tuple(r.rep_id for r in team.reps) or None)
        database = db or team.database_url
        history_state: list[tuple[Schema, RunInfo | None]] = []

        def open_history() -> None:
            # Done while the changed workbooks are still read: this process would otherwise wait.
            engine = engine_for(database)
            try:
                history_state.append((ensure_schema(engine), latest_run(engine)))
            finally:
                engine.dispose()  # no connection may cross a fork

        extracted, previous = _read_beside(master, lock_fd, lambda alongside, meanwhile: extract(
            team.sources, cache_dir=cache_dir_for(master), executor=executor, alongside=alongside,
            progress=lambda done, total, _: notify("read", done, total), context=context,
            meanwhile=meanwhile), then=open_history)
        config = team.config or previous.config or WorkbookConfig()
        timings["read"] = time.perf_counter() - mark

        mark = time.perf_counter()
        notify("merge", 0, 1)
        merged = merge(extracted, roster=team.roster_for(master), config=config, today=today,
                       manager_rows=previous.manager_rows, problems=team.problems)
        if not team.reps:
            merged.roster = inferred_roster(merged.roster, master)
        timings["merge"] = time.perf_counter() - mark

        schema, last = history_state[0]
        label, q_start, q_end = quarter_of(today)

        history = cache_dir_for(master) / "history"
        made: list[Prepared] = []  # this run's side of the comparison, kept for the next run

        def changes_since_last(engine: Engine) -> tuple[tuple[list[Change], WaterfallStep], Snapshot | None]:
            made.append(prepare(merged.tables, config=config, today=today))
            if last is None:  # a first run: no changes to list, everything is new in the waterfall
                nothing = prepare({}, config=config, today=today)
                return ([], waterfall_prepared(nothing, made[0], config=config, start=q_start, end=q_end,
                                               label=label)), None
            # The previous run's side, as that run kept it, else read back from the database.
            snapshot = None
            before = load_prepared(history, database=database, run_id=last.run_id,
                                   generated_at=last.generated_at, config=config)
            if before is None:
                snapshot = load_snapshot(engine, last.run_id, CHANGE_COLUMNS, versions=True)
                before = prepare(snapshot.tables, config=config, today=snapshot.run.today)
            return compare_prepared(before, made[0], config=config, start=q_start, end=q_end,
                                    label=label), snapshot

        def keep_for_next_run(run_id: int) -> Callable[[bool], None]:
            if not made:
                return lambda committed: None
            return prepared_writer(history, made[0], database=database, run_id=run_id,
                                   generated_at=generated_at, config=config)

        # A child process compares with the previous snapshot while the Dashboard is computed,
        # then saves this run's snapshot while the master is written; it commits only once the
        # master is in place, and any failure before that rolls it back.
        fingerprints = {e.source_id: e.fingerprint or "" for e in extracted}
        run = SnapshotRun(database, team.name, str(master), today, generated_at, fingerprints)
        saver = SnapshotSaver(merged, run, close_fds=(lock_fd,), compare=changes_since_last,
                              after_commit=keep_for_next_run, schema=schema)
        try:
            mark = time.perf_counter()
            prepared = merged.tables if merged.deals is None else {**merged.tables, "pipeline": merged.deals}
            dashboard = dashboard_data(prepared, merged.roster, config, today)
            notify("merge", 1, 1)
            timings["dashboard"] = time.perf_counter() - mark

            lang = team.lang or previous.lang
            note = _changes_note(last.generated_at if last else None, lang)
            compared: list[tuple[list[Change], WaterfallStep]] = []

            def comparison() -> Comparison:
                # Asked for by the write once it has laid out the sheets that do not show it.
                waiting = time.perf_counter()
                compared.append(saver.compared())
                timings["changes"] = time.perf_counter() - waiting
                changes, flow = compared[0]
                return Comparison(changes_frame(changes, lang), note, waterfall_frame(flow))

            mark = time.perf_counter()
            notify("write", 0, 1)
            content = MasterContent(
                team_name=team.name, lang=lang, config=config, merged=merged, dashboard=dashboard,
                comparison=comparison, today=today, generated_at=generated_at, carried=previous.carried,
                sources=fingerprints, row_cache=cache_dir_for(master) / "rows",
            )
            write_master(master, content)
            changes, flow = compared[0]
            notify("write", 1, 1)
            timings["write"] = time.perf_counter() - mark - timings["changes"]
        except BaseException:
            saver.abort()
            raise

        # Only now, with the master in place, is the run committed.
        mark = time.perf_counter()
        notify("snapshot", 0, 1)
        run_id = saver.commit()
        notify("snapshot", 1, 1)
        timings["snapshot"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return ConsolidationResult(
        master=master, run_id=run_id, previous_run_id=last.run_id if last else None, merged=merged,
        changes=changes, waterfall=flow, sources_read=sum(1 for e in extracted if not e.cached and e.data),
        sources_cached=sum(1 for e in extracted if e.cached), database=database, lang=lang, timings=timings,
    )


def _changes_note(since: dt.datetime | None, lang: str) -> str:
    """The Changes sheet's note: which consolidation its changes are counted from."""
    if since is None:
        return "首次汇总：没有更早的快照可比较" if lang == "zh" else (
            "First consolidation: no earlier snapshot to compare with")
    when = since.isoformat(sep=" ")
    return f"自 {when} 的汇总以来的变更" if lang == "zh" else f"Changes since the consolidation of {when}"


@dataclass
class ChangeDigest:
    """Changes between two runs, and the pipeline waterfall of the newer run's quarter."""

    old: RunInfo
    new: RunInfo
    changes: list[Change]
    waterfall: WaterfallStep


def changes_since(database: str, since: str = "last", config: WorkbookConfig | None = None) -> ChangeDigest:
    """What changed from an earlier run to the latest one.

    Args:
        database: snapshot database URL.
        since: "last" (the run before the latest) or a date YYYY-MM-DD: the newest run dated
            before that day (the state as that day began), else the first run.
        config: stage order and thresholds (defaults when None).

    Raises:
        ConfigError: no run, only one run for "last", or a bad ``since``.
    """
    config = config or WorkbookConfig()
    engine = engine_for(database)
    try:
        runs = list_runs(engine)
        if not runs:
            raise ConfigError("no consolidation has been saved yet", "尚无汇总记录", location=database)
        new = runs[-1]
        if since == "last":
            if len(runs) < 2:
                raise ConfigError("only one consolidation so far: nothing to compare with",
                                  "目前只有一次汇总，无可比较的记录", location=database)
            old = runs[-2]
        else:
            try:
                day = dt.date.fromisoformat(since)
            except ValueError as exc:
                raise ConfigError(f"--since must be 'last' or a date YYYY-MM-DD, not {since!r}",
                                  f"--since 须为 last 或 YYYY-MM-DD 格式的日期，而不是 {since!r}") from exc
            found = run_on_or_before(engine, day - dt.timedelta(days=1))
            old = found or runs[0]
        before = load_snapshot(engine, old.run_id, CHANGE_COLUMNS)
        after = load_snapshot(engine, new.run_id, CHANGE_COLUMNS)
    finally:
        engine.dispose()
    label, start, end = quarter_of(new.today)
    changes, flow = compare(before.tables, after.tables, config=config, old_today=old.today,
                            new_today=new.today, start=start, end=end, label=label)
    return ChangeDigest(old, new, changes, flow)
