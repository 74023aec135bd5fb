"""deal_history: one row per deal and snapshot run in which its stage, amount or dates changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from salessheet.export.source import python_value
from salessheet.export.tables import HISTORY_COLUMNS
from salessheet.schema import sheet

__all__ = ["history_from_runs", "history_rows"]

Run = tuple[int, dt.date, list[dict[str, Any]]]
"""(run id, run date, the deals' rows as of that run)."""


def history_from_runs(runs: Iterable[Run]) -> list[dict[str, Any]]:
    """The first run of each distinct state of each deal, oldest run first.

    >>> a = {"deal_id": "D1", "stage": "lead", "amount": 10.0}
    >>> b = {"deal_id": "D1", "stage": "demo", "amount": 10.0}
    >>> day = dt.date(2026, 1, 5)
    >>> [(r["run_id"], r["stage"]) for r in history_from_runs([(1, day, [a]), (2, day, [a]), (3, day, [b])])]
    [(1, 'lead'), (3, 'demo')]
    """
    deals = sheet("pipeline")
    specs = [deals.column(c) for c in HISTORY_COLUMNS]
    last: dict[str, tuple[Any, ...]] = {}
    out: list[dict[str, Any]] = []
    for run_id, day, rows in runs:
        for row in rows:
            deal = python_value(row.get("deal_id"), deals.column("deal_id"))
            if deal is None:
                continue
            values = tuple(python_value(row.get(s.key), s) for s in specs)
            if last.get(deal) == values:
                continue
            last[deal] = values
            out.append({"deal_id": deal, "run_id": run_id, "as_of": day,
                        **dict(zip(HISTORY_COLUMNS, values, strict=True))})
    out.sort(key=lambda r: (r["deal_id"], r["run_id"]))
    return out


def history_rows(url: str) -> list[dict[str, Any]]:
    """deal_history rows from the sync snapshot database at ``url`` (empty when it has no run)."""
    from sync.snapshot import list_runs, load_snapshot
    from sync.state import engine_for

    engine = engine_for(url)
    try:
        runs = []
        for run in list_runs(engine):
            frame = load_snapshot(engine, run.run_id).tables["pipeline"]
            runs.append((run.run_id, run.today, frame.to_dict("records")))
        return history_from_runs(runs)
    finally:
        engine.dispose()
