"""The pipeline waterfall of a period from the sync snapshots kept beside a master."""

from __future__ import annotations

from pathlib import Path

from salessheet.compute.periods import Period
from salessheet.schema import WorkbookConfig

__all__ = ["waterfall_for"]


def waterfall_for(master: Path, period: Period, config: WorkbookConfig,
                  db: str | None = None) -> dict[str, float] | None:
    """Start, new, increased, decreased, won, lost, slipped and end of the open pipeline of
    ``period``, from the run on or before the period started (else the first run) to the
    latest run; None when there are fewer than two runs."""
    from sync.changes import waterfall
    from sync.snapshot import list_runs, load_snapshot, run_on_or_before
    from sync.state import engine_for
    from sync.team import master_database_url

    url = db or master_database_url(master)
    if db is None and not master.with_name(master.stem + ".salessheet.db").exists():
        return None
    engine = engine_for(url)
    try:
        runs = list_runs(engine)
        if len(runs) < 2:
            return None
        old = run_on_or_before(engine, period.start) or runs[0]
        new = runs[-1]
        if old.run_id == new.run_id:
            old = runs[-2]
        before, after = load_snapshot(engine, old.run_id), load_snapshot(engine, new.run_id)
    finally:
        engine.dispose()
    step = waterfall(before.tables["pipeline"], after.tables["pipeline"], config=config,
                     start=period.start, end=period.end, label=period.label)
    return {key: float(getattr(step, key)) for key in
            ("start", "new", "increased", "decreased", "won", "lost", "slipped", "end")}
