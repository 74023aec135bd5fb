"""State: the snapshot database schema, generated from the registry, and its migrations.

One table per data sheet holds row versions: a row is inserted in the run where it
first appears (``valid_from``) and closed in the run where it changed or disappeared
(``valid_to``), so that a snapshot of any run can be rebuilt and unchanged rows cost
nothing. Columns are the registry's input columns; computed columns are recomputed.
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from salessheet.io.database import Database, open_engine, opening
from salessheet.schema import DATA_SHEETS, ColumnKind, ColumnSpec, SheetSpec

__all__ = [
    "STATE_VERSION",
    "Schema",
    "adopt_schema",
    "db_column",
    "db_value",
    "engine_for",
    "ensure_schema",
    "row_table_name",
]

STATE_VERSION = 1
"""Version of the database layout; ``ensure_schema`` upgrades older databases step by step."""

_SQL_TYPES: dict[ColumnKind, Any] = {
    ColumnKind.TEXT: sa.Text,
    ColumnKind.CHOICE: sa.Text,
    ColumnKind.INTEGER: sa.BigInteger,
    ColumnKind.NUMBER: sa.Float,
    ColumnKind.MONEY: sa.Float,
    ColumnKind.PERCENT: sa.Float,
    ColumnKind.DATE: sa.Date,
    ColumnKind.BOOLEAN: sa.Boolean,
}


def row_table_name(key: str) -> str:
    """Name of the row-version table of data sheet ``key``.

    >>> row_table_name("pipeline")
    'rows_pipeline'
    """
    return f"rows_{key}"


def _sql_type(column: ColumnSpec) -> Any:
    return _SQL_TYPES.get(column.kind, sa.Text)()


class Schema:
    """The tables of the snapshot database."""

    def __init__(self) -> None:
        self.metadata = sa.MetaData()
        self.meta = sa.Table(
            "salessheet_meta", self.metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )
        self.runs = sa.Table(
            "runs", self.metadata,
            sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("team", sa.Text, nullable=False),
            sa.Column("master", sa.Text, nullable=False),
            sa.Column("today", sa.Date, nullable=False),
            sa.Column("generated_at", sa.DateTime, nullable=False),
            sa.Column("salessheet_version", sa.String(32), nullable=False),
            sa.Column("schema_hash", sa.String(32), nullable=False),
            sa.Column("counts", sa.Text, nullable=False),
            sa.Column("sources", sa.Text, nullable=False),
        )
        self.issues = sa.Table(
            "run_issues", self.metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id"), nullable=False, index=True),
            sa.Column("rep", sa.Text), sa.Column("source", sa.Text), sa.Column("severity", sa.String(16)),
            sa.Column("code", sa.Text), sa.Column("location", sa.Text),
            sa.Column("message_en", sa.Text), sa.Column("message_zh", sa.Text),
        )
        self.rows: dict[str, sa.Table] = {spec.key: self._row_table(spec) for spec in DATA_SHEETS}

    def _row_table(self, spec: SheetSpec) -> sa.Table:
        name = row_table_name(spec.key)
        return sa.Table(
            name, self.metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("valid_from", sa.Integer, nullable=False),
            sa.Column("valid_to", sa.Integer, nullable=True),
            sa.Column("_key", sa.Text, nullable=False),
            sa.Column("_hash", sa.String(40), nullable=False),
            sa.Column("_source", sa.Text),
            sa.Column("_rep", sa.Text),
            sa.Column("_row", sa.Integer),
            *(sa.Column(c.key, _sql_type(c)) for c in spec.input_columns),
            sa.Index(f"ix_{name}_valid", "valid_to", "valid_from"),
        )


def db_value(value: Any, kind: ColumnKind) -> Any:
    """A value fit for a column of ``kind``; None when it cannot be stored as such."""
    from sync.frames import python_value

    value = python_value(value)
    if value is None:
        return None
    try:
        if kind is ColumnKind.DATE:
            if isinstance(value, dt.datetime):
                return value.date()
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        if kind is ColumnKind.INTEGER:
            return int(float(value))
        if kind in (ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.PERCENT):
            return float(value)
        if kind is ColumnKind.BOOLEAN:
            return bool(value)
    except (TypeError, ValueError):
        return None
    return str(value)


def db_column(series: pd.Series, kind: ColumnKind) -> list[Any]:
    """``db_value`` over a whole column, vectorized for the common kinds."""
    from sync.frames import held_dates, plain_column

    if kind is ColumnKind.DATE:
        dates: list[Any] = series.tolist() if series.dtype == object else []
        if dates and held_dates(dates):
            return dates  # (dates as read: what the conversion below would give back)
        return plain_column(pd.to_datetime(series, errors="coerce"))
    if kind in (ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.PERCENT):
        return plain_column(pd.to_numeric(series, errors="coerce").astype("float64"))
    if kind is ColumnKind.INTEGER:
        numbers = pd.to_numeric(series, errors="coerce")
        return [None if v is None else int(v) for v in plain_column(numbers)]
    if kind is ColumnKind.BOOLEAN:
        return [None if v is None else bool(v) for v in plain_column(series)]
    return [None if v is None else str(v) for v in plain_column(series)]


SNAPSHOTS = Database("the snapshot database", "快照数据库", "--db (or the team's database)")


def engine_for(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL journaling and foreign keys.

    Raises:
        ConfigError: the URL is not one SQLAlchemy can open (unknown scheme, missing driver).
    """
    return open_engine(url, SNAPSHOTS, pragmas=("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                                                "PRAGMA foreign_keys=ON"))


def _add_missing_columns(engine: Engine, schema: Schema) -> None:
    """Columns added to the registry since the database was made (template upgrades)."""
    inspector = sa.inspect(engine)
    preparer = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        for table in schema.rows.values():
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present:
                    type_sql = column.type.compile(dialect=engine.dialect)
                    name, new = preparer.quote(table.name), preparer.quote(column.name)
                    conn.execute(sa.text(f"ALTER TABLE {name} ADD COLUMN {new} {type_sql}"))


_READY: weakref.WeakKeyDictionary[Engine, Schema] = weakref.WeakKeyDictionary()


def adopt_schema(engine: Engine, schema: Schema) -> None:
    """Take ``schema`` as made ready for ``engine``: ``ensure_schema`` checked it moments ago
    in this run through another engine to the same database (the snapshot process forked
    after it need not check the tables again)."""
    _READY[engine] = schema


def ensure_schema(engine: Engine) -> Schema:
    """Create missing tables and upgrade an older layout (once per engine); returns the Schema.

    Raises:
        ConfigError: the database cannot be reached or opened (server down, wrong credentials,
            a folder that does not exist).
    """
    if engine in _READY:
        return _READY[engine]
    schema = Schema()
    with opening(engine, SNAPSHOTS):
        schema.metadata.create_all(engine)
    _add_missing_columns(engine, schema)
    with engine.begin() as conn:
        found = conn.execute(
            sa.select(schema.meta.c.value).where(schema.meta.c.key == "state_version")
        ).scalar_one_or_none()
        if found is None:
            conn.execute(schema.meta.insert().values(key="state_version", value=str(STATE_VERSION)))
        elif int(found) < STATE_VERSION:
            # Steps from older versions go here, one per version, in order.
            conn.execute(schema.meta.update().where(schema.meta.c.key == "state_version")
                         .values(value=str(STATE_VERSION)))
    _READY[engine] = schema
    return schema
