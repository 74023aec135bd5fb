"""Adapters: the only modules that touch files, spreadsheets and databases."""

from __future__ import annotations

from salessheet.lazy import lazy_exports

__all__ = ["Limits", "annotate_workbook", "csv_safe", "read_workbook"]

_LAZY = {
    "Limits": "salessheet.io.safety",
    "annotate_workbook": "salessheet.io.annotate",
    "csv_safe": "salessheet.io.csv_safety",
    "read_workbook": "salessheet.io.reader",
}


__getattr__ = lazy_exports(__name__, _LAZY)
