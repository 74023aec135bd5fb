"""Workbook templates built from the schema registry."""

from __future__ import annotations

from salessheet.lazy import lazy_exports

__all__ = ["build_workbook", "save_workbook", "workbook_bytes"]

_LAZY = {
    "build_workbook": "salessheet.templates.builder",
    "save_workbook": "salessheet.templates.writer",
    "workbook_bytes": "salessheet.templates.writer",
}
"""Imported on first use: reading a workbook needs ``config_sheet`` only, not openpyxl, which
building one does (0.14 s to import)."""

__getattr__ = lazy_exports(__name__, _LAZY)
