"""Build rep workbooks as WorkbookData (what the reader returns) for sync tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from salessheet.issues import Issue, Report
from salessheet.schema import DATA_SHEETS, TEMPLATE_VERSION, WorkbookConfig
from salessheet.workbook import ROW_COLUMN, SheetRows, WorkbookData
from sync.extract import Extracted
from sync.team import MemorySource

D = dt.date


def deal(deal_id: str, owner: str, **values: Any) -> dict[str, Any]:
    """A valid pipeline row."""
    row: dict[str, Any] = {
        "deal_id": deal_id, "deal_name": f"Deal {deal_id}", "customer": f"Customer {deal_id}",
        "owner": owner, "stage": "proposal", "amount": 1000.0, "created_date": D(2026, 9, 1),
        "expected_close_date": D(2026, 12, 15),
    }
    row.update(values)
    return row


def task(task_id: str, owner: str, **values: Any) -> dict[str, Any]:
    """A valid task row."""
    row: dict[str, Any] = {"task_id": task_id, "title": f"Call {task_id}", "owner": owner,
                           "due_date": D(2026, 12, 1), "status": "not_started", "is_milestone": False}
    row.update(values)
    return row


def risk(risk_id: str, deal_id: str, owner: str, **values: Any) -> dict[str, Any]:
    """A valid risk row."""
    row: dict[str, Any] = {"risk_id": risk_id, "deal_id": deal_id, "category": "competitor",
                           "description": "Competitor discount", "likelihood": 2, "impact": 2,
                           "owner": owner, "status": "open"}
    row.update(values)
    return row


def target(period: str, owner: str, value: float, **values: Any) -> dict[str, Any]:
    """A valid target row."""
    row: dict[str, Any] = {"period": period, "owner": owner, "metric": "revenue", "product": None,
                           "region": None, "value": value}
    row.update(values)
    return row


def workbook(
    owner: str,
    *,
    path: str | None = None,
    pipeline: list[dict[str, Any]] = (),  # type: ignore[assignment]
    tasks: list[dict[str, Any]] = (),  # type: ignore[assignment]
    risks: list[dict[str, Any]] = (),  # type: ignore[assignment]
    targets: list[dict[str, Any]] = (),  # type: ignore[assignment]
    issues: list[Issue] = (),  # type: ignore[assignment]
    version: int = TEMPLATE_VERSION,
) -> WorkbookData:
    """A rep workbook; rows start at sheet row 2."""
    given = {"pipeline": pipeline, "tasks": tasks, "risks": risks, "targets": targets}
    sheets = {}
    for spec in DATA_SHEETS:
        rows = list(given[spec.key])
        columns = [c.key for c in spec.input_columns]
        frame = pd.DataFrame(rows, columns=columns if not rows else None)
        for column in columns:
            if column not in frame.columns:
                frame[column] = None
        frame[ROW_COLUMN] = range(2, len(frame) + 2)
        sheets[spec.key] = SheetRows(key=spec.key, sheet_name=spec.name_en, frame=frame, header_row=1)
    return WorkbookData(
        path=path or f"/team/{owner}.xlsx", lang="en", template_version=version, schema_hash=None,
        owner=owner, config=WorkbookConfig(), sheets=sheets, report=Report(list(issues)),
    )


def extracted(data: WorkbookData, rep: str | None = None) -> Extracted:
    """An Extracted item as the extract stage returns it."""
    fingerprint = MemorySource(data.path, data).fingerprint()
    return Extracted(source_id=data.path, rep_id=rep or data.owner, fingerprint=fingerprint, data=data)
