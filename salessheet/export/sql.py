"""Export the team into a relational database (SQLite or PostgreSQL) with idempotent upserts.

The database mirrors the sheets: rows are inserted, updated only when a value differs
(``ON CONFLICT ... DO UPDATE ... WHERE`` some column ``IS DISTINCT FROM`` the new value) and
deleted when gone from the sheets. Exporting the same sheets twice changes zero rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from salessheet.errors import ConfigError
from salessheet.export.history import history_rows
from salessheet.export.prepare import TableRows, prepare_rows
from salessheet.export.source import TeamData
from salessheet.export.tables import TABLE_OF_SHEET, ExportSchema, build_schema
from salessheet.io.database import Database, open_engine, opening
from salessheet.issues import Report
from salessheet.schema import TEMPLATE_VERSION, schema_hash

__all__ = ["ExportStats", "engine_for", "export_sql", "read_tables", "sheets_from_tables"]

_CHUNK = 500


@dataclass
class ExportStats:
    """Rows inserted, updated and deleted per table, and the rows that were left out."""

    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    report: Report = field(default_factory=Report)

    @property
    def changed(self) -> int:
        """Total rows inserted, updated or deleted; 0 when the database was already up to date."""
        return sum(self.inserted.values()) + sum(self.updated.values()) + sum(self.deleted.values())


EXPORT = Database("the export database", "导出数据库", "--to")


def engine_for(url: str) -> Engine:
    """An engine for a ``sqlite:///`` or ``postgresql://`` URL (psycopg 3 driver).

    Raises:
        ConfigError: another kind of URL.
    """
    return open_engine(url, EXPORT, pragmas=("PRAGMA foreign_keys=ON",),
                       schemes=("sqlite", "postgresql"))


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start:start + _CHUNK]


def _insert(conn: Connection, table: sa.Table) -> Any:
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    raise ConfigError(f"unsupported database {conn.dialect.name}", f"不支持的数据库 {conn.dialect.name}")


def _pk(table: sa.Table) -> list[sa.Column[Any]]:
    return list(table.primary_key.columns)


def _existing(conn: Connection, table: sa.Table) -> set[tuple[Any, ...]]:
    return {tuple(r) for r in conn.execute(sa.select(*_pk(table)))}


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Insert new rows and update changed ones; returns (inserted, updated)."""
    if not rows:
        return 0, 0
    keys = [c.name for c in _pk(table)]
    before = _existing(conn, table)
    stmt = _insert(conn, table)
    others = [c for c in table.columns if c.name not in keys]
    if others:
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={c.name: stmt.excluded[c.name] for c in others},
            where=sa.or_(*(c.is_distinct_from(stmt.excluded[c.name]) for c in others)),
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    stmt = stmt.returning(*_pk(table))
    touched: list[tuple[Any, ...]] = []
    for chunk in _chunks(rows):
        touched += [tuple(r) for r in conn.execute(stmt, list(chunk)).all()]
    inserted = sum(1 for key in touched if key not in before)
    return inserted, len(touched) - inserted


def _delete_missing(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> int:
    pk = _pk(table)
    wanted = {tuple(r[c.name] for c in pk) for r in rows}
    gone = [key for key in _existing(conn, table) if key not in wanted]
    for start in range(0, len(gone), _CHUNK):
        part = gone[start:start + _CHUNK]
        if len(pk) == 1:
            conn.execute(table.delete().where(pk[0].in_([k[0] for k in part])))
        else:
            conn.execute(table.delete().where(sa.tuple_(*pk).in_(part)))
    return len(gone)


def export_sql(data: TeamData, url: str | Engine, *, snapshots: str | None = None) -> ExportStats:
    """Create or update the export schema at ``url`` and load the team's rows in one transaction.

    Args:
        data: the team's rows (see ``load_team_data``).
        url: SQLAlchemy URL (``sqlite:///sales.db``, ``postgresql://user@host/db``) or an engine.
        snapshots: URL of the sync snapshot database; deal_history stays empty without one.

    Returns:
        Per-table counts and the rows left out (``stats.report``).
    """
    engine = engine_for(url) if isinstance(url, str) else url
    schema = build_schema(data.config)
    tables, report = prepare_rows(data)
    tables["deal_history"] = history_rows(snapshots) if snapshots else []
    tables["export_meta"] = [{"key": "schema_hash", "value": schema_hash()},
                             {"key": "template_version", "value": str(TEMPLATE_VERSION)}]
    stats = ExportStats(report=report)
    with opening(engine, EXPORT):
        schema.metadata.create_all(engine)
    ordered = schema.in_load_order()
    with engine.begin() as conn:
        for table in ordered:  # parents first, so new children find their parent
            stats.inserted[table.name], stats.updated[table.name] = _upsert(conn, table, tables[table.name])
            stats.rows[table.name] = len(tables[table.name])
        for table in reversed(ordered):  # children first, so no parent is still referenced
            stats.deleted[table.name] = _delete_missing(conn, table, tables[table.name])
    return stats


def read_tables(url: str | Engine, schema: ExportSchema | None = None) -> TableRows:
    """Every table's rows (ordered by primary key), as exported; for checks and round trips."""
    engine = engine_for(url) if isinstance(url, str) else url
    schema = schema or build_schema()
    with engine.connect() as conn:
        return {
            t.name: [dict(r._mapping) for r in conn.execute(sa.select(t).order_by(*_pk(t)))]
            for t in schema.in_load_order()
        }


def sheets_from_tables(tables: TableRows) -> dict[str, list[dict[str, Any]]]:
    """Back from tables to sheet rows (sheet key -> rows with canonical keys), e.g. to rebuild workbooks."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key, name in TABLE_OF_SHEET.items():
        out[key] = [{k: v for k, v in row.items() if k != "target_id"} for row in tables.get(name, [])]
    return out
