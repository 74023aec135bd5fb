"""Extract: read every source concurrently, reusing parsed rows of unchanged sources.

The cache holds one pickle per parsed and validated workbook under
``.salessheet-cache/<master>/`` beside the master, keyed by the source's content hash,
the schema hash and the salessheet version: a file that did not change is not read again,
and any change of the code or the template invalidates the whole cache.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import functools
import hashlib
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from salessheet import __version__
from salessheet.errors import SalessheetError
from salessheet.issues import Issue
from salessheet.schema import schema_hash
from salessheet.workbook import WorkbookData
from sync.adapters import unreadable_issue, validate
from sync.forked import ForkedCall, second_core_available
from sync.sealed import seal, unseal
from sync.team import Source

__all__ = [
    "CACHE_FORMAT", "Executor", "Extracted", "ReadContext", "cache_dir_for", "extract", "load_cache_file",
    "store_cache_file",
]

CACHE_FORMAT = 1
"""Bump when what the cache stores changes shape."""

Executor = Literal["auto", "process", "thread", "serial"]
Progress = Callable[[int, int, str], None]


@dataclass
class Extracted:
    """The outcome of reading one source.

    Attributes:
        source_id: the source's id (path).
        rep_id: the rep the workbook belongs to (roster, else owner stamp, else file name).
        fingerprint: content hash, None when the source could not even be hashed.
        data: the parsed and validated workbook; None when it could not be read.
        error: why it could not be read (an Issue of code ``sync.source.unreadable``).
        cached: True when ``data`` came from the cache.
        seconds: time spent on this source.
    """

    source_id: str
    rep_id: str | None
    fingerprint: str | None
    data: WorkbookData | None
    error: Issue | None = None
    cached: bool = False
    seconds: float = 0.0


def cache_dir_for(master: Path) -> Path:
    """Cache folder of the master at ``master``."""
    return master.parent / ".salessheet-cache" / master.stem


@dataclass(frozen=True)
class ReadContext:
    """What validation depends on besides the file: the date and the team's rep ids."""

    today: dt.date | None = None
    roster: tuple[str, ...] | None = None

    @functools.cached_property
    def token(self) -> str:
        """Part of the cache key (made once: the roster's hash is asked for per source)."""
        today = self.today.isoformat() if self.today else "-"
        roster = ",".join(sorted(self.roster)) if self.roster is not None else "-"
        return f"{today}:{hashlib.sha256(roster.encode()).hexdigest()[:12]}"


def _cache_key(fingerprint: str, context: ReadContext) -> str:
    text = f"{fingerprint}:{context.token}:{schema_hash()}:{__version__}:{CACHE_FORMAT}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _unpickled_workbook(pickled: bytes) -> WorkbookData | None:
    try:
        data = pickle.loads(pickled)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return data if isinstance(data, WorkbookData) else None


def load_cache_file(path: Path) -> bytes | None:
    """The content of a cache file this user sealed (``sync.sealed``); None for any other file."""
    try:
        return unseal(path.read_bytes())
    except OSError:
        return None


def store_cache_file(path: Path, content: bytes) -> None:
    """Write a sealed cache file atomically; a cache that cannot be written only costs time."""
    sealed = seal(content)
    if sealed is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(sealed)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _rep_of(source: Source, data: WorkbookData | None) -> str | None:
    if source.rep_id:
        return source.rep_id
    if data is not None and data.owner:
        return data.owner
    stem = Path(source.id).stem
    return stem or None


@dataclass
class _Looked:
    """A source's content hash and its cache file, if the cache has one (``pickled``: that
    file's content, once loaded)."""

    source: Source
    fingerprint: str
    cache_file: Path | None
    seconds: float
    pickled: bytes | None = None
    loaded: bool = False

    def load(self) -> None:
        """Read the cache file once (a file that is not this user's sealed one counts as none)."""
        if self.cache_file is None or self.loaded:
            return
        self.loaded = True
        started = time.perf_counter()
        self.pickled = load_cache_file(self.cache_file)
        self.seconds += time.perf_counter() - started


def _look_up(source: Source, cache_dir: Path | None, context: ReadContext) -> _Looked | Extracted:
    """The source's hash and cache file, or the outcome of a source that cannot be hashed."""
    started = time.perf_counter()
    try:
        fingerprint = source.fingerprint()
    except SalessheetError as exc:
        issue = unreadable_issue(source.id, exc)
        return Extracted(source.id, _rep_of(source, None), None, None, error=issue)
    cache_file = None
    if cache_dir is not None:
        cache_file = cache_dir / f"{_cache_key(fingerprint, context)}.pkl"
        cache_file = cache_file if cache_file.is_file() else None
    return _Looked(source, fingerprint, cache_file, time.perf_counter() - started)


def _cached(looked: _Looked) -> Extracted | None:
    """The cached outcome, or None when the cache has none that can be used."""
    started = time.perf_counter()
    data = _unpickled_workbook(looked.pickled) if looked.pickled is not None else None
    if data is None:
        return None
    source = looked.source
    data.path = source.id
    return Extracted(source.id, _rep_of(source, data), looked.fingerprint, data, cached=True,
                     seconds=looked.seconds + time.perf_counter() - started)


def _read(source: Source, context: ReadContext) -> Extracted:
    """Read and validate one source; never raises for a bad source."""
    started = time.perf_counter()
    fingerprint: str | None = None
    try:
        fingerprint = source.fingerprint()
        data = validate(source.read(), context.today, context.roster)
    except SalessheetError as exc:
        issue = unreadable_issue(source.id, exc)
        return Extracted(source.id, _rep_of(source, None), fingerprint, None, error=issue,
                         seconds=time.perf_counter() - started)
    return Extracted(source.id, _rep_of(source, data), fingerprint, data,
                     seconds=time.perf_counter() - started)


def _pickle_and_store(item: Extracted, cache_dir: Path | None, context: ReadContext) -> bytes:
    if item.data is None or item.fingerprint is None:
        return b""
    pickled = pickle.dumps(item.data, protocol=5)
    if cache_dir is not None:
        store_cache_file(cache_dir / f"{_cache_key(item.fingerprint, context)}.pkl", pickled)
    return pickled


def _extract_pickled(source: Source, cache_dir: Path | None, context: ReadContext) -> tuple[Extracted, bytes]:
    """In a worker process: the outcome without its data, and the data pickled (b"" when none).

    The same bytes go into the cache and back to the parent: pickling a parsed workbook
    costs about as much as validating it, so it is done once.
    """
    item = _read(source, context)
    pickled = _pickle_and_store(item, cache_dir, context)
    item.data = None
    return item, pickled


def _unpickled(outcome: tuple[Extracted, bytes]) -> Extracted:
    item, pickled = outcome
    if pickled:
        item.data = pickle.loads(pickled)
    return item


def extract_one(source: Source, cache_dir: Path | None, context: ReadContext) -> Extracted:
    """Read one source and store it in the cache; never raises for a bad source."""
    item = _read(source, context)
    if cache_dir is not None:
        _pickle_and_store(item, cache_dir, context)
    return item


def _kind(kind: Executor, jobs: int) -> Executor:
    """How ``jobs`` sources are read: worker processes only when there are several to share."""
    if kind == "auto":
        return "process" if min(jobs, os.cpu_count() or 1) > 1 and jobs > 2 else "serial"
    return kind


def _pool(kind: Executor, jobs: int) -> cf.Executor | None:
    workers = min(jobs, os.cpu_count() or 1)
    kind = _kind(kind, jobs)
    if kind == "serial" or workers < 1:
        return None
    if kind == "thread":
        return cf.ThreadPoolExecutor(max_workers=workers)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _beside(call: Callable[[], None], failed: list[BaseException]) -> None:
    """Run ``call`` in a thread; its exception is kept for the caller's thread to raise."""
    try:
        call()
    except BaseException as exc:
        failed.append(exc)


def _read_pending(pending: list[Source], cache_dir: Path | None, executor: Executor, context: ReadContext,
                  progress: Progress | None, done: int, total: int) -> list[Extracted]:
    """Read the sources the cache did not have, in worker processes where that helps."""
    results: list[Extracted] = []
    pool = _pool(executor, len(pending))
    if pool is None:
        for source in pending:
            results.append(extract_one(source, cache_dir, context))
            if progress:
                progress(done + len(results), total, source.id)
        return results
    with pool:
        futures = [pool.submit(_extract_pickled, source, cache_dir, context) for source in pending]
        for future in cf.as_completed(futures):
            item = _unpickled(future.result())
            results.append(item)
            if progress:
                progress(done + len(results), total, item.source_id)
    return results


def _read_forked(misses: list[Source], cache_dir: Path | None, executor: Executor,
                 context: ReadContext) -> dict[str, ForkedCall[tuple[Extracted, bytes]]]:
    """Source id -> a forked child reading it, for the few sources the cache lacks when a
    worker pool is not worth starting ("auto"): the child reads and validates it on another
    core while this process loads the cached ones. Empty where fork is not available."""
    if executor != "auto" or not misses or _kind(executor, len(misses)) == "process" \
            or not second_core_available():
        return {}
    return {source.id: ForkedCall(functools.partial(_extract_pickled, source, cache_dir, context),
                                  f"reading {source.id}") for source in misses}


def prune_cache(cache_dir: Path, keep: Iterable[str], context: ReadContext) -> int:
    """Delete cache entries other than those of fingerprints ``keep``; returns how many."""
    wanted = {f"{_cache_key(f, context)}.pkl" for f in keep}
    removed = 0
    if not cache_dir.is_dir():
        return 0
    for entry in cache_dir.glob("*.pkl"):
        if entry.name not in wanted:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


def extract(
    sources: Sequence[Source],
    *,
    cache_dir: Path | None = None,
    executor: Executor = "auto",
    progress: Progress | None = None,
    context: ReadContext | None = None,
    alongside: Callable[[], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Extracted]:
    """Read all ``sources``; the result is sorted by source id whatever the completion order.

    Args:
        sources: the team's sources.
        cache_dir: where parsed workbooks are cached; None disables the cache.
        executor: "process" (default on several cores), "thread" or "serial".
        progress: called as ``progress(done, total, source_id)`` after each source.
        context: date and roster for validation (part of the cache key).
        alongside: other reading to do meanwhile (the previous master): run in a thread while
            the cached sources are loaded and, when no worker process is needed, the others
            are read (calamine parses without holding the GIL); it is finished before any
            worker process is forked, and its exception is raised here.
        meanwhile: other work for this thread while forked children still read a few changed
            sources, done once the cached ones are loaded (opening the snapshot database); not
            called when no child reads (then the caller does it after). It must leave nothing
            open that a worker process forked after it could inherit.
    """
    context = context or ReadContext()
    total = len(sources)
    results: list[Extracted] = []
    pending: list[Source] = []
    looked: list[_Looked] = []
    for source in sources:
        found = _look_up(source, cache_dir, context)
        if isinstance(found, _Looked):
            looked.append(found)
            continue
        results.append(found)
        if progress:
            progress(len(results), total, source.id)
    if alongside is not None:
        # Cache files are read before the side thread starts: each read lets go of the GIL, and
        # getting it back from a busy thread costs milliseconds.
        for entry in looked:
            entry.load()
    # A few changed sources are read in forked children while the cached ones load here.
    forked = _read_forked([e.source for e in looked if e.cache_file is None], cache_dir, executor, context)
    failed: list[BaseException] = []
    side = None
    if alongside is not None:
        side = threading.Thread(target=_beside, args=(alongside, failed), name="salessheet-alongside")
        side.start()
    try:
        for entry in looked:
            entry.load()
            hit = _cached(entry)
            entry.pickled = None
            if hit is None:
                if entry.source.id not in forked:
                    pending.append(entry.source)
                continue
            results.append(hit)
            if progress:
                progress(len(results), total, hit.source_id)
        if _kind(executor, len(pending)) != "process":  # no fork: read them while the side reading runs
            results += _read_pending(pending, cache_dir, executor, context, progress, len(results), total)
            pending = []
        if meanwhile is not None and forked:
            meanwhile()
        for call in forked.values():
            results.append(_unpickled(call.result()))
            if progress:
                progress(len(results), total, results[-1].source_id)
    finally:
        for call in forked.values():
            call.close()
        if side is not None:
            side.join()  # before any fork: no thread may run while worker processes start
    if failed:
        raise failed[0]
    if pending:
        results += _read_pending(pending, cache_dir, executor, context, progress, len(results), total)
    if cache_dir is not None:
        prune_cache(cache_dir, (r.fingerprint for r in results if r.fingerprint), context)
    return sorted(results, key=lambda r: r.source_id)
