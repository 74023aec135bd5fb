"""sync: consolidate rep workbooks into a team master, incrementally, with history.

Public names load on first use, so that importing the pure stages (``sync.merge``,
``sync.changes``) pulls in no spreadsheet or database library.
"""

from __future__ import annotations

from salessheet.lazy import lazy_exports

__all__ = [
    "ChangeDigest",
    "ConsolidationResult",
    "DistributionPlan",
    "MemorySource",
    "MergeResult",
    "Rep",
    "Source",
    "Team",
    "XlsxSource",
    "changes_since",
    "consolidate",
    "distribute",
    "load_team",
    "merge",
]

_LAZY = {
    "ChangeDigest": "sync.pipeline",
    "ConsolidationResult": "sync.pipeline",
    "changes_since": "sync.pipeline",
    "consolidate": "sync.pipeline",
    "DistributionPlan": "sync.distribute",
    "distribute": "sync.distribute",
    "MergeResult": "sync.merge",
    "merge": "sync.merge",
    "MemorySource": "sync.team",
    "Rep": "sync.team",
    "Source": "sync.team",
    "Team": "sync.team",
    "XlsxSource": "sync.team",
    "load_team": "sync.team",
}


__getattr__ = lazy_exports(__name__, _LAZY)
