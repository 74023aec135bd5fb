"""Adapters: the only modules that touch files, spreadsheets and databases."""

from __future__ import annotations

from typing import Any

__all__ = ["Limits", "annotate_workbook", "csv_safe", "read_workbook"]

_LAZY = {
    "Limits": "salessheet.io.safety",
    "annotate_workbook": "salessheet.io.annotate",
    "csv_safe": "salessheet.io.csv_safety",
    "read_workbook": "salessheet.io.reader",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use, so ``salessheet.io.atomic`` stays light."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
