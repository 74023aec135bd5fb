"""Template evolution: old template versions from the history, drift reports and safe upgrades."""

from __future__ import annotations

from typing import Any

__all__ = [
    "DRIFT",
    "UpgradeResult",
    "build_workbook_at",
    "diagnose",
    "doctor",
    "scan_workbook",
    "state_at",
    "upgrade_file",
    "upgrade_files",
]

_LAZY = {
    "DRIFT": "salessheet.evolve.findings",
    "UpgradeResult": "salessheet.evolve.upgrade",
    "build_workbook_at": "salessheet.evolve.history",
    "diagnose": "salessheet.evolve.drift",
    "doctor": "salessheet.evolve.drift",
    "scan_workbook": "salessheet.evolve.scan",
    "state_at": "salessheet.evolve.states",
    "upgrade_file": "salessheet.evolve.upgrade",
    "upgrade_files": "salessheet.evolve.upgrade",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use (the modules load openpyxl)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
