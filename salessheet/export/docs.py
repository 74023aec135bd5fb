"""The SQL schema as Markdown tables, generated from the export MetaData (for docs/migration.md)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import sqlalchemy as sa

from salessheet.export.crm_targets import TARGETS
from salessheet.export.tables import build_schema

__all__ = ["SECTIONS", "crm_markdown", "schema_markdown", "update_doc"]


def _constraints(table: sa.Table, column: sa.Column[object]) -> str:
    notes = []
    if column.primary_key:
        notes.append("primary key")
    for fk in column.foreign_keys:
        notes.append(f"→ {fk.target_fullname}")
    checks = sorted((c for c in table.constraints if isinstance(c, sa.CheckConstraint)),
                    key=lambda c: str(c.name))
    for check in checks:
        if re.match(rf"^{column.name}\b", str(check.sqltext)):
            notes.append(f"`{check.sqltext}`")
    if column.index:
        notes.append("indexed")
    return "; ".join(notes)


def schema_markdown() -> str:
    """One Markdown section per table: column, SQL type, nullability, keys/checks and meaning."""
    schema = build_schema()
    parts = []
    for table in schema.in_load_order():
        lines = [f"### `{table.name}`", "", table.comment or "", "",
                 "| column | type | null | keys and checks | meaning |", "|---|---|---|---|---|"]
        for column in table.columns:
            meaning = (column.comment or "").replace("|", "\\|")
            keys = _constraints(table, column).replace("|", "\\|")
            null = "yes" if column.nullable else "no"
            lines.append(f"| `{column.name}` | {column.type} | {null} | {keys} | {meaning} |")
        unique = sorted((c for c in table.constraints if isinstance(c, sa.UniqueConstraint)),
                        key=lambda c: str(c.name))
        for constraint in unique:
            lines += ["", f"Unique: ({', '.join(c.name for c in constraint.columns)})."]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def crm_markdown() -> str:
    """Per CRM: its files in import order, the id column, required headers and allowed option values."""
    parts = []
    for crm in TARGETS.values():
        lines = [f"### {crm.title} (`--to {crm.key}-csv`)", "",
                 f"At most {crm.max_rows:,} rows per file; larger files are split into `-partN` files.", "",
                 "| file | id column | columns | required | option values |", "|---|---|---|---|---|"]
        for spec in crm.files:
            options = "; ".join(f"{k}: {', '.join(v)}" for k, v in spec.options.items())
            lines.append(f"| `{spec.name}` | `{spec.id_column}` | {', '.join(spec.columns)} | "
                         f"{', '.join(spec.required)} | {options} |")
        stages = ", ".join(f"{k} → {v or '(none: pass --stage)'}" for k, v in crm.stages.items())
        lines += ["", f"Stages: {stages}.", ""]
        lines += [f"- {note}" for note in crm.notes]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


SECTIONS = {"sql-schema": schema_markdown, "crm-files": crm_markdown}
"""Generated sections of docs/migration.md, between ``<!-- name:start -->`` and ``<!-- name:end -->``."""


def update_doc(path: Path) -> bool:
    """Replace the generated sections of ``path``; True when the file changed."""
    text = Path(path).read_text(encoding="utf-8")
    new = text
    for name, render in SECTIONS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, rest = new.split(start, 1)
        _, tail = rest.split(end, 1)
        new = f"{head}{start}\n\n{render()}\n{end}{tail}"
    if new == text:
        return False
    Path(path).write_text(new, encoding="utf-8")
    return True


if __name__ == "__main__":  # pragma: no cover
    for name in sys.argv[1:]:
        print(f"{name}: {'updated' if update_doc(Path(name)) else 'up to date'}")
