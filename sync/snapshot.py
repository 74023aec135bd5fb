"""Snapshots: every consolidation saved as a run in the database, and read back.

``save_snapshot`` runs in one transaction and is called only after the master was
written: a failed run leaves no snapshot. Run ids increase by one per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from salessheet import __version__
from salessheet.schema import DATA_SHEETS, SheetSpec, schema_hash
from sync.frames import REP_COLUMN, ROW_COLUMN, SOURCE_COLUMN, key_series, row_hashes, with_columns
from sync.merge import MergeResult
from sync.state import Schema, db_column, ensure_schema

__all__ = [
    "RunInfo", "Snapshot", "latest_run", "list_runs", "load_snapshot",
    "run_on_or_before", "save_snapshot", "write_snapshot",
]


@dataclass(frozen=True)
class RunInfo:
    """One consolidation run."""

    run_id: int
    today: dt.date
    generated_at: dt.datetime
    counts: dict[str, int]


Versions = list[tuple[Any, ...]]
"""Stored row versions as (id, key, hash, source, row, rep)."""


@dataclass
class Snapshot:
    """The rows of every data sheet as of one run (input columns and provenance).

    ``versions`` (when asked for) holds each sheet's stored row versions, which saving the
    next run compares against.
    """

    run: RunInfo
    tables: dict[str, pd.DataFrame]
    versions: dict[str, Versions] = field(default_factory=dict)


def _row_hashes(frame: pd.DataFrame, spec: SheetSpec) -> list[str]:
    return row_hashes(frame, spec.input_columns, (SOURCE_COLUMN, REP_COLUMN))


def _fetch_rows(conn: Connection, statement: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` as stored (on SQLite: dates as text, booleans as integers).

    On SQLite the compiled statement goes to the driver's own cursor: SQLAlchemy's processing
    of each result row costs more than the query itself on a 50,000-row table.
    """
    if conn.dialect.name != "sqlite":
        return [tuple(row) for row in conn.execute(statement)]
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows: list[tuple[Any, ...]] = cursor.execute(
            str(compiled), tuple(params[n] for n in compiled.positiontup or ())).fetchall()
    finally:
        cursor.close()
    return rows


def _fetch(conn: Connection, statement: sa.Select[Any]) -> list[list[Any]]:
    """The values of each selected column of ``statement``, dates and booleans as such."""
    rows = _fetch_rows(conn, statement)
    columns = [list(values) for values in zip(*rows, strict=True)] if rows else [
        [] for _ in statement.selected_columns]
    if conn.dialect.name == "sqlite":
        for index, column in enumerate(statement.selected_columns):
            convert: Any = (dt.date.fromisoformat if isinstance(column.type, sa.Date) else
                            bool if isinstance(column.type, sa.Boolean) else None)
            if convert is not None:
                columns[index] = [None if v is None else convert(v) for v in columns[index]]
    return columns


def _current_hashes(frame: pd.DataFrame, spec: SheetSpec, current: list[tuple[Any, ...]],
                    unchanged: set[str]) -> list[str]:
    """Each row's hash; rows of workbooks unchanged since the last run keep the hash they had.

    A rep's row holds only values from that rep's workbook (the merge drops rows, it never
    edits one), so the same workbook, row and rep give the same hash: hashing 50,000 rows
    again for one changed workbook would cost most of the snapshot.
    """
    known = {(source, row, rep): digest for _, _, digest, source, row, rep in current
             if source in unchanged}
    found: list[str | None] = [None] * len(frame)
    if known:
        found = [known.get(k) for k in zip(frame[SOURCE_COLUMN].tolist(), frame[ROW_COLUMN].tolist(),
                                            frame[REP_COLUMN].tolist(), strict=True)]
    missing = [i for i, digest in enumerate(found) if digest is None]
    if missing:
        part = frame if len(missing) == len(frame) else frame.iloc[missing]
        for i, digest in zip(missing, _row_hashes(part, spec), strict=True):
            found[i] = digest
    return [str(digest) for digest in found]


def _columns(frame: pd.DataFrame, spec: SheetSpec, run_id: int, keys: list[str],
             hashes: list[str]) -> dict[str, list[Any]]:
    """Column name -> values of the row-version table, for the rows of ``frame``."""
    frame = with_columns(frame, [c.key for c in spec.input_columns])
    count = len(frame)
    columns: dict[str, list[Any]] = {
        "valid_from": [run_id] * count, "valid_to": [None] * count, "_key": keys, "_hash": hashes,
        "_source": frame[SOURCE_COLUMN].astype(str).tolist(), "_rep": frame[REP_COLUMN].astype(str).tolist(),
        "_row": [int(r) if pd.notna(r) else None for r in frame[ROW_COLUMN].tolist()],
    }
    columns.update({c.key: db_column(frame[c.key], c.kind) for c in spec.input_columns})
    return columns


def _insert(conn: Connection, table: sa.Table, columns: dict[str, list[Any]]) -> None:
    """Insert many rows; on SQLite straight through the driver's executemany (much faster)."""
    names = [c.name for c in table.columns if c.name != "id"]
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(names, row, strict=True))
                                      for row in zip(*(columns[n] for n in names), strict=True)])
        return
    for column in table.columns:
        if isinstance(column.type, sa.Date) and column.name in columns:
            # The text form SQLAlchemy's SQLite dialect stores dates in, made once per date.
            values = columns[column.name]
            texts = {v: v.isoformat() for v in set(values) if v is not None}
            columns[column.name] = [texts.get(v) for v in values]
    preparer = conn.dialect.identifier_preparer
    sql = (f"INSERT INTO {preparer.quote(table.name)} ({', '.join(preparer.quote(n) for n in names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    conn.exec_driver_sql(sql, list(zip(*(columns[n] for n in names), strict=True)))


def _versions(table: sa.Table) -> list[sa.Column[Any]]:
    return [table.c.id, table.c._key, table.c._hash, table.c._source, table.c._row, table.c._rep]


def _open(table: sa.Table) -> sa.Select[Any]:
    """The versions of ``table`` open now."""
    return sa.select(*_versions(table)).where(table.c.valid_to.is_(None))


_OpenState = tuple[int, int | None]
"""How many versions of a table are open, and the newest one's id."""


def _open_state(conn: Connection, table: sa.Table) -> _OpenState:
    """How many versions are open, and the newest one's id."""
    count, newest = conn.execute(sa.select(sa.func.count(), sa.func.max(table.c.id))
                                 .where(table.c.valid_to.is_(None))).one()
    return int(count), None if newest is None else int(newest)


def _current(conn: Connection, table: sa.Table, known: Versions | None, state: _OpenState) -> Versions:
    """The table's open row versions (``state``: their ``_open_state``): ``known`` (loaded
    before this transaction) while it is them, else read.

    Versions are never deleted and a new one is open when inserted, so a run saved in between
    (of another master sharing the database) shows as another count of open versions or
    another newest one.
    """
    if known is not None and state == (len(known), max((v[0] for v in known), default=None)):
        return known
    return _fetch_rows(conn, _open(table))


_ROW_SETS = "row_sets"
"""Meta key of what the newest run left open, per sheet: how many versions, the newest one's
id, and per source a digest of its rows (as ``_row_sets``)."""


def _row_sets(frame: pd.DataFrame) -> dict[str, str]:
    """Per source, a digest of which of its rows the sheet holds: row number and rep, in the
    sheet's (key) order, so the same rows of an unchanged workbook give the same digest.

    A source's rows have one rep (the roster's, or the manager for the manager's rows): the
    digest is then of that rep and the row numbers' bytes, else of every (row, rep).
    """
    if not len(frame):
        return {}
    codes, sources = pd.factorize(frame[SOURCE_COLUMN].astype(str))
    order = np.argsort(codes, kind="stable")  # each source's rows, in sheet order
    bounds = np.searchsorted(codes[order], np.arange(len(sources) + 1))
    numbers = pd.to_numeric(frame[ROW_COLUMN], errors="coerce").fillna(-1).to_numpy(dtype=np.int64)[order]
    reps = frame[REP_COLUMN].astype(str).to_numpy(dtype=object)[order]
    out: dict[str, str] = {}
    for n, source in enumerate(sources):
        first, last = bounds[n], bounds[n + 1]
        mine = reps[first:last]
        if (mine == mine[0]).all():
            text = f"{mine[0]}\x1f".encode() + numbers[first:last].tobytes()
        else:
            text = repr(list(zip(numbers[first:last].tolist(), mine.tolist(), strict=True))).encode()
        out[str(source)] = hashlib.sha256(text).hexdigest()
    return out


def _recorded_sets(conn: Connection, schema: Schema, last: int | None) -> dict[str, Any]:
    """What run ``last`` recorded under ``_ROW_SETS``, per sheet; empty when it is not its."""
    text = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == _ROW_SETS)).scalar()
    try:
        recorded = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(recorded, dict) or last is None or recorded.get("run") != last:
        return {}
    tables = recorded.get("tables")
    return tables if isinstance(tables, dict) else {}


def _as_kept(record: Any, state: _OpenState, sets: dict[str, str], unchanged: set[str]) -> set[str]:
    """Unchanged sources whose rows the sheet holds as in the last run, whose versions therefore
    stay as they are; only while the table (its ``_open_state``) is as that run left it."""
    if not isinstance(record, dict) or not unchanged:
        return set()
    if [record.get("open"), record.get("newest")] != list(state):
        return set()
    before = record.get("sources")
    if not isinstance(before, dict):
        return set()
    return {source for source in unchanged if source in sets and before.get(source) == sets[source]}


def _save_rows(conn: Connection, schema: Schema, spec: SheetSpec, frame: pd.DataFrame, run_id: int,
               unchanged: set[str], known: Versions | None, kept: set[str], state: _OpenState) -> int:
    """Close the versions of rows gone or changed and insert the new ones; the rows of
    ``kept`` sources, and their versions, are left out: they are as they were.

    A row's hash covers its source, so no version of one source matches a row of another:
    leaving sources out changes nothing for the others.
    """
    table = schema.rows[spec.key]
    if kept:
        frame = frame[~frame[SOURCE_COLUMN].astype(str).isin(kept).to_numpy()]
        current = _fetch_rows(conn, _open(table).where(
            sa.or_(table.c._source.is_(None), table.c._source.not_in(sorted(kept)))))
    else:
        current = _current(conn, table, known, state)
    keys = key_series(frame, spec).tolist() if len(frame) else []
    hashes = _current_hashes(frame, spec, current, unchanged) if len(frame) else []
    pairs = list(zip(keys, hashes, strict=True))
    wanted = set(pairs)
    have: set[tuple[str, str]] = set()
    closing: list[dict[str, Any]] = []
    for version in current:  # one pass: what is open now, and what this run closes
        pair = (version[1], version[2])
        have.add(pair)
        if pair not in wanted:
            closing.append({"row_id": version[0]})
    if closing:
        conn.execute(
            table.update().where(table.c.id == sa.bindparam("row_id")).values(valid_to=run_id), closing
        )
    fresh = [i for i, pair in enumerate(pairs) if pair not in have]
    if fresh:
        part = frame.iloc[fresh]
        columns = _columns(part, spec, run_id, [keys[i] for i in fresh], [hashes[i] for i in fresh])
        _insert(conn, table, columns)
    return len(fresh) + len(closing)


def save_snapshot(
    engine: Engine, merged: MergeResult, *, team: str, master: str, today: dt.date,
    generated_at: dt.datetime, sources: dict[str, str], latest: Snapshot | None = None,
) -> int:
    """Save the merged tables as a new run, in one transaction; returns its run id.

    Args:
        engine: the snapshot database.
        merged: the consolidated tables and issues.
        team / master: recorded with the run.
        today: the date the run's computed values are relative to.
        generated_at: when the master was generated.
        sources: source id -> content hash of the sources that were read.
        latest: the newest run's snapshot with its versions, if already loaded.
    """
    schema = ensure_schema(engine)
    with engine.begin() as conn:
        return write_snapshot(conn, schema, merged, team=team, master=master, today=today,
                              generated_at=generated_at, sources=sources, latest=latest)


def _unchanged_sources(conn: Connection, schema: Schema, last: int | None,
                       sources: dict[str, str]) -> set[str]:
    """Sources with the content hash they had in run ``last``, saved by this version and schema."""
    if last is None:
        return set()
    runs = schema.runs
    previous = conn.execute(sa.select(runs.c.sources, runs.c.salessheet_version, runs.c.schema_hash)
                            .where(runs.c.run_id == last)).first()
    same_code = previous is not None and (previous.salessheet_version, previous.schema_hash) == (
        __version__, schema_hash())
    if previous is None or not same_code:
        return set()
    before = json.loads(previous.sources)
    return {source for source, digest in sources.items() if digest and before.get(source) == digest}


def write_snapshot(
    conn: Connection, schema: Schema, merged: MergeResult, *, team: str, master: str, today: dt.date,
    generated_at: dt.datetime, sources: dict[str, str], latest: Snapshot | None = None,
) -> int:
    """``save_snapshot`` inside the caller's open transaction (committing is the caller's call).

    ``latest``: the newest run's snapshot loaded with its versions, if at hand (saves reading
    them again).
    """
    counts = {k: len(v) for k, v in merged.tables.items()}
    counts["quarantine"] = len(merged.quarantine)
    last = conn.execute(sa.select(sa.func.max(schema.runs.c.run_id))).scalar()
    run_id = int(last or 0) + 1
    unchanged = _unchanged_sources(conn, schema, last, sources)
    known = latest.versions if latest is not None and last is not None and latest.run.run_id == last else {}
    conn.execute(schema.runs.insert().values(
        run_id=run_id, team=team, master=master, today=today, generated_at=generated_at,
        salessheet_version=__version__, schema_hash=schema_hash(),
        counts=json.dumps(counts, sort_keys=True), sources=json.dumps(sources, sort_keys=True),
    ))
    recorded = _recorded_sets(conn, schema, last)
    state: dict[str, Any] = {}
    for spec in DATA_SHEETS:
        table, frame = schema.rows[spec.key], merged.tables[spec.key]
        sets, before = _row_sets(frame), _open_state(conn, table)
        kept = _as_kept(recorded.get(spec.key), before, sets, unchanged)
        _save_rows(conn, schema, spec, frame, run_id, unchanged, known.get(spec.key), kept, before)
        count, newest = _open_state(conn, table)
        state[spec.key] = {"open": count, "newest": newest, "sources": sets}
    conn.execute(schema.meta.delete().where(schema.meta.c.key == _ROW_SETS))
    conn.execute(schema.meta.insert().values(key=_ROW_SETS, value=json.dumps({"run": run_id, "tables": state},
                                                                             sort_keys=True)))
    issues: dict[str, list[Any]] = {
        "run_id": [run_id] * len(merged.issues),
        "rep": [t.rep for t in merged.issues], "source": [t.source for t in merged.issues],
        "severity": [t.issue.severity.value for t in merged.issues],
        "code": [t.issue.code for t in merged.issues], "location": [t.issue.location for t in merged.issues],
        "message_en": [t.issue.message_en for t in merged.issues],
        "message_zh": [t.issue.message_zh for t in merged.issues],
    }
    if merged.issues:
        _insert(conn, schema.issues, issues)
    return run_id


def _run_info(row: Any) -> RunInfo:
    return RunInfo(int(row.run_id), row.today, row.generated_at, json.loads(row.counts))


def list_runs(engine: Engine) -> list[RunInfo]:
    """Every run, oldest first."""
    schema = ensure_schema(engine)
    with engine.connect() as conn:
        return [_run_info(r) for r in conn.execute(sa.select(schema.runs).order_by(schema.runs.c.run_id))]


def latest_run(engine: Engine) -> RunInfo | None:
    """The newest run, if any."""
    runs = list_runs(engine)
    return runs[-1] if runs else None


def run_on_or_before(engine: Engine, day: dt.date) -> RunInfo | None:
    """The newest run whose date is on or before ``day``."""
    earlier = [r for r in list_runs(engine) if r.today <= day]
    return earlier[-1] if earlier else None


def load_snapshot(engine: Engine, run_id: int, columns: Mapping[str, Sequence[str]] | None = None, *,
                  versions: bool = False) -> Snapshot:
    """The tables as of run ``run_id``.

    Args:
        engine: the snapshot database.
        run_id: the run.
        columns: sheet key -> the registry columns wanted (provenance always comes along);
            None = every sheet with every column.
        versions: also return the row versions of the sheets read (``Snapshot.versions``).

    Raises:
        KeyError: no such run.
    """
    schema = ensure_schema(engine)
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.runs).where(schema.runs.c.run_id == run_id)).first()
        if row is None:
            raise KeyError(run_id)
        tables = {}
        stored: dict[str, Versions] = {}
        for spec in DATA_SHEETS:
            if columns is not None and spec.key not in columns:
                continue
            wanted = [c.key for c in spec.input_columns if columns is None or c.key in columns[spec.key]]
            table = schema.rows[spec.key]
            alive = (table.c.valid_from <= run_id) & (
                table.c.valid_to.is_(None) | (table.c.valid_to > run_id)
            )
            selected = [table.c._key, table.c._source, table.c._rep, table.c._row,
                        *(table.c[k] for k in wanted)]
            extra = [table.c.id, table.c._hash] if versions else []
            values = _fetch(conn, sa.select(*selected, *extra).where(alive).order_by(table.c._key))
            if versions:
                key, source, rep, row_number = values[:4]
                ids, hashes = values[-2:]
                stored[spec.key] = list(zip(ids, key, hashes, source, row_number, rep, strict=True))
                values = values[:-2]
            frame = pd.DataFrame(dict(zip([c.name for c in selected], values, strict=True)))
            tables[spec.key] = frame.drop(columns=["_key"])
    return Snapshot(_run_info(row), tables, stored)
