"""The Python twins of the template formulas, for one sheet of sample rows (LibreOffice tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from salessheet.compute.columns import pipeline_columns, risk_columns, target_columns, task_columns
from salessheet.schema import WorkbookConfig


def python_twins(sheet_key: str, rows: dict[str, list[dict[str, Any]]], config: WorkbookConfig,
                 today: dt.date) -> pd.DataFrame:
    """Computed columns of ``rows[sheet_key]`` as salessheet's Python computes them."""
    frame = pd.DataFrame(rows[sheet_key])
    if sheet_key == "pipeline":
        return pipeline_columns(frame, config, today)
    if sheet_key == "tasks":
        return task_columns(frame, today)
    if sheet_key == "risks":
        return risk_columns(frame, config)
    return target_columns(frame, pd.DataFrame(rows["pipeline"]), config)
