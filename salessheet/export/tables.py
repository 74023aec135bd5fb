"""The relational export schema, generated from the registry as SQLAlchemy Core MetaData.

Each data sheet becomes a table whose columns are the sheet's input columns (computed
columns are derived and left out), typed by ``ColumnKind``; choice columns get a CHECK of
the allowed keys, bounded numbers a CHECK of their range, owners a foreign key to ``reps``
and customers a foreign key to ``customers``. No column is listed here by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from salessheet.schema import CHOICE_LISTS, ColumnKind, ColumnSpec, SheetSpec, WorkbookConfig, sheet

__all__ = ["HISTORY_COLUMNS", "TABLE_OF_SHEET", "ExportSchema", "build_schema", "row_key"]

TABLE_OF_SHEET: dict[str, str] = {
    "roster": "reps", "pipeline": "deals", "tasks": "tasks", "risks": "risks", "targets": "targets",
}
"""Sheet key -> table name, in load order (parents before children)."""

HISTORY_COLUMNS: tuple[str, ...] = (
    "owner", "stage", "amount", "currency", "probability", "forecast_category", "expected_close_date",
    "actual_close_date",
)
"""Deal columns whose changes deal_history records, one row per deal and snapshot run."""

_TYPES: dict[ColumnKind, Any] = {
    ColumnKind.TEXT: sa.Text,
    ColumnKind.INTEGER: sa.Integer,
    ColumnKind.NUMBER: sa.Double,
    ColumnKind.MONEY: sa.Double,
    ColumnKind.PERCENT: sa.Double,
    ColumnKind.DATE: sa.Date,
    ColumnKind.BOOLEAN: sa.Boolean,
    ColumnKind.CHOICE: sa.String(40),
}
_INDEXED = ("owner", "customer", "stage", "deal_id", "due_date", "status", "expected_close_date")


def row_key(spec: SheetSpec) -> str:
    """Primary key column of the sheet's table (``target_id`` joins the targets' key columns)."""
    return spec.key_columns[0] if len(spec.key_columns) == 1 else f"{spec.key.rstrip('s')}_id"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _checks(table: str, spec: ColumnSpec, config: WorkbookConfig) -> list[sa.CheckConstraint]:
    checks: list[sa.CheckConstraint] = []
    name = spec.key
    if spec.choices == "stages":
        keys = [s.key for s in config.stages]
    elif spec.choices and spec.choices in CHOICE_LISTS and spec.python_type is str:
        keys = [c.key for c in CHOICE_LISTS[spec.choices]]
    else:
        keys = []
    if keys:
        allowed = ", ".join(_quote(k) for k in keys)
        checks.append(sa.CheckConstraint(f"{name} IN ({allowed})", name=f"ck_{table}_{name}_choice"))
    if spec.minimum is not None:
        checks.append(sa.CheckConstraint(f"{name} >= {spec.minimum:g}", name=f"ck_{table}_{name}_min"))
    if spec.maximum is not None:
        checks.append(sa.CheckConstraint(f"{name} <= {spec.maximum:g}", name=f"ck_{table}_{name}_max"))
    return checks


def _column(table: str, spec: ColumnSpec, *, primary: bool) -> sa.Column[Any]:
    kind = ColumnKind.CHOICE if spec.choices and spec.python_type is str else spec.kind
    type_ = sa.Text if spec.choices == "owners" else _TYPES.get(kind, sa.Text)
    args: list[Any] = []
    if spec.choices == "owners" and table != "targets":  # a target's owner may be TEAM
        args.append(sa.ForeignKey("reps.rep_id", name=f"fk_{table}_{spec.key}"))
    elif spec.key == "customer":
        args.append(sa.ForeignKey("customers.name", name=f"fk_{table}_customer"))
    elif spec.key == "deal_id" and table != "deals":
        args.append(sa.ForeignKey("deals.deal_id", name=f"fk_{table}_deal", ondelete="CASCADE"))
    return sa.Column(spec.key, type_, *args, primary_key=primary, nullable=not (primary or spec.required),
                     index=spec.key in _INDEXED and not primary, comment=spec.help_en)


@dataclass
class ExportSchema:
    """The export's MetaData and its tables by sheet key (plus customers and deal_history)."""

    metadata: sa.MetaData
    tables: dict[str, sa.Table]
    customers: sa.Table
    deal_history: sa.Table
    meta: sa.Table

    def in_load_order(self) -> list[sa.Table]:
        """Tables in foreign-key order (parents first)."""
        return list(self.metadata.sorted_tables)


def build_schema(config: WorkbookConfig | None = None) -> ExportSchema:
    """The MetaData of the export for the team's ``config`` (stage keys feed the stage CHECKs).

    >>> sorted(build_schema().metadata.tables)
    ['customers', 'deal_history', 'deals', 'export_meta', 'reps', 'risks', 'targets', 'tasks']
    """
    config = config or WorkbookConfig()
    metadata = sa.MetaData()
    tables: dict[str, sa.Table] = {}
    customers = sa.Table(
        "customers", metadata,
        sa.Column("name", sa.Text, primary_key=True, comment="Customer (account) name as used on deals."),
        comment="Customers named on deals.",
    )
    for key, name in TABLE_OF_SHEET.items():
        spec = sheet(key)
        pk = row_key(spec)
        columns: list[sa.Column[Any]] = []
        if pk not in {c.key for c in spec.columns}:
            columns.append(sa.Column(pk, sa.Text, primary_key=True,
                                     comment="Key columns joined by '|' (blank as empty)."))
        checks: list[sa.CheckConstraint] = []
        for column in spec.input_columns:
            columns.append(_column(name, column, primary=column.key == pk))
            checks += _checks(name, column, config)
        constraints: list[Any] = list(checks)
        if pk != spec.key_columns[0]:
            constraints.append(sa.UniqueConstraint(*spec.key_columns, name=f"uq_{name}_key"))
        tables[key] = sa.Table(name, metadata, *columns, *constraints, comment=spec.description_en)
    deals = tables["pipeline"]
    history = sa.Table(
        "deal_history", metadata,
        sa.Column("deal_id", sa.Text, primary_key=True, comment="The deal."),
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False,
                  comment="Consolidation run (snapshot) in which the values were first seen."),
        sa.Column("as_of", sa.Date, nullable=False, comment="Date of that run."),
        *(sa.Column(c, deals.c[c].type, comment=deals.c[c].comment) for c in HISTORY_COLUMNS),
        comment="How each deal's stage, amount and dates changed, from the sync snapshots.",
    )
    meta = sa.Table(
        "export_meta", metadata,
        sa.Column("key", sa.String(64), primary_key=True, comment="schema_hash or template_version."),
        sa.Column("value", sa.Text, nullable=False,
                  comment="The sheets' layout this database was exported from."),
        comment="Which version of the salessheet data model the tables follow.",
    )
    return ExportSchema(metadata, tables, customers, history, meta)
