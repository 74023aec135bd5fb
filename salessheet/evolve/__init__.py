"""Template evolution: old template versions from the history, drift reports and safe upgrades."""

from __future__ import annotations

from salessheet.lazy import lazy_exports

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


__getattr__ = lazy_exports(__name__, _LAZY)
