"""Rep workbooks built with plain openpyxl for reader and validator tests (template-like layout)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from salessheet.schema import SHEETS, TEMPLATE_VERSION, WorkbookConfig, schema_hash, sheet
from salessheet.templates.config_sheet import config_rows

TODAY = dt.date(2026, 11, 25)


def deal(i: int, **overrides: Any) -> dict[str, Any]:
    """A valid open deal (canonical keys, English labels for choices)."""
    row: dict[str, Any] = {
        "deal_id": f"D-{i:04d}", "deal_name": f"Deal {i}", "customer": f"Customer {i}",
        "owner": "alice", "stage": "Proposal", "amount": 1000.0 * (i + 1), "currency": "CNY",
        "created_date": dt.date(2026, 9, 1), "expected_close_date": dt.date(2026, 12, 31),
        "last_activity_date": dt.date(2026, 11, 20), "product": "Widget", "source": "Referral",
    }
    row.update(overrides)
    return row


def task(i: int, deal_id: str = "D-0001", **overrides: Any) -> dict[str, Any]:
    """A valid task."""
    row: dict[str, Any] = {"task_id": f"T-{i:04d}", "deal_id": deal_id, "title": f"Call {i}",
                           "owner": "alice", "due_date": dt.date(2026, 12, 1), "status": "In progress",
                           "priority": "High", "is_milestone": False}
    row.update(overrides)
    return row


def risk(i: int, deal_id: str = "D-0001", **overrides: Any) -> dict[str, Any]:
    """A valid risk."""
    row: dict[str, Any] = {"risk_id": f"R-{i:03d}", "deal_id": deal_id, "category": "Delay",
                           "description": "May slip", "likelihood": 3, "impact": 2, "owner": "alice",
                           "status": "Open"}
    row.update(overrides)
    return row


def target(period: str = "2026-Q4", owner: str = "alice", **overrides: Any) -> dict[str, Any]:
    """A valid revenue target."""
    row: dict[str, Any] = {"period": period, "owner": owner, "metric": "Revenue", "value": 100000.0}
    row.update(overrides)
    return row


ROSTER = [{"rep_id": "alice", "name": "Alice", "active": True},
          {"rep_id": "bob", "name": "Bob", "active": True}]


def build(
    path: Path,
    *,
    lang: str = "en",
    rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    prefilled: int = 20,
    version: int | None = TEMPLATE_VERSION,
    config: WorkbookConfig | None = None,
    headers: Mapping[str, Mapping[str, str]] | None = None,
    title_rows: int = 0,
    skip_sheets: Sequence[str] = (),
) -> Path:
    """Write a template-like rep workbook: a table per sheet, formulas returning "" in computed columns.

    Args:
        path: where to save.
        lang: sheet names and headers language.
        rows: sheet key -> rows with canonical keys (values written as given).
        prefilled: blank rows (with computed formulas) after the data.
        version: template version stamped on Config (None: no stamp).
        config: settings for the Config sheet.
        headers: sheet key -> {column key: header text} overrides ("" drops the column).
        title_rows: rows of title text above each header.
        skip_sheets: sheet keys to leave out.
    """
    rows = rows or {}
    book = Workbook()
    book.active.title = "Instructions" if lang == "en" else "说明"
    book.active["A1"] = "Fill in the sheets"
    for spec in SHEETS:
        if spec.key in skip_sheets:
            continue
        ws = book.create_sheet(spec.name(lang))
        for t in range(title_rows):
            ws.cell(t + 1, 1, f"{spec.name(lang)} title {t}")
        top = title_rows + 1
        given = dict((headers or {}).get(spec.key, {}))
        columns = [(c, given.get(c.key, c.label(lang))) for c in spec.columns]
        columns = [(c, h) for c, h in columns if h != ""]
        for j, (_, header) in enumerate(columns, start=1):
            ws.cell(top, j, header)
        data = list(rows.get(spec.key, ROSTER if spec.key == "roster" else []))
        total = len(data) + (prefilled if spec.key != "roster" else 0)
        for i in range(total):
            r = top + 1 + i
            values = data[i] if i < len(data) else {}
            for j, (column, _) in enumerate(columns, start=1):
                if column.computed:
                    ws.cell(r, j, f'=IF($A{r}="","","")')
                elif column.key in values and values[column.key] is not None:
                    ws.cell(r, j, values[column.key])
            for j, extra in enumerate(k for k in values if k not in {c.key for c in spec.columns}):
                ws.cell(top, len(columns) + 1 + j, extra)
                ws.cell(r, len(columns) + 1 + j, values[extra])
        last = get_column_letter(max(ws.max_column, len(columns)))
        if title_rows == 0 and total:
            table = Table(displayName=spec.table_name, ref=f"A{top}:{last}{top + total}")
            table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
            ws.add_table(table)
    cfg = book.create_sheet("Config")
    stamp = {"template_version": str(version), "schema_hash": schema_hash(), "language": lang,
             "owner": "alice", "workbook_kind": "rep"} if version is not None else {}
    for values in config_rows(config or WorkbookConfig(), stamp, lang):
        cfg.append(values)
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    lists["A1"] = "stages"
    book.save(path)
    return path


def pipeline_label(key: str, lang: str = "en") -> str:
    """Header of a pipeline column."""
    return sheet("pipeline").column(key).label(lang)
