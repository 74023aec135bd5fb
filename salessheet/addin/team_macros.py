"""Team macros for ``salessheet serve`` only: Consolidate and Distribute run ``sync`` on the server.

They work on the team the server was started for (``salessheet serve --team PATH``, kept in
``SALESSHEET_TEAM``) and write a summary sheet back into the workbook that clicked the
button. They are not part of the xlwings Lite bundle: Lite runs in the browser and cannot
reach the team's files or database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlwings as xw

from salessheet.addin.book import sheet_or_new, write_table
from salessheet.addin.xl import script
from salessheet.errors import ConfigError

__all__ = ["TEAM_ENV", "TEAM_MACROS", "consolidate", "distribute_to_reps"]

TEAM_ENV = "SALESSHEET_TEAM"
SUMMARY_SHEET = "Consolidation"
DISTRIBUTION_SHEET = "Distribution"


def _team() -> Path:
    value = os.environ.get(TEAM_ENV)
    if not value:
        raise ConfigError("this server has no team: start it with salessheet serve --team PATH",
                          "服务器未配置团队：请用 salessheet serve --team PATH 启动")
    return Path(value)


@script(name="Consolidate")
def consolidate(book: xw.Book) -> None:
    """Consolidate the server's team into its master and list what happened in a Consolidation sheet."""
    from sync.pipeline import consolidate as run
    from sync.team import load_team

    result = run(load_team(_team()), executor="thread")
    tables = result.merged.tables
    rows: list[list[Any]] = [
        ["master", str(result.master)],
        ["run", result.run_id],
        ["sources read / cached", f"{result.sources_read} / {result.sources_cached}"],
        *[[f"{key} rows", len(frame)] for key, frame in tables.items()],
        ["quarantined rows", len(result.merged.quarantine)],
        *[["not consolidated", f"{lost.source or lost.rep}: {lost.issue.message('en')}"]
          for lost in result.merged.unread],
        ["changes since the previous run", len(result.changes)],
    ]
    rows += [["change", change.message("en")] for change in result.changes[:200]]
    write_table(sheet_or_new(book, SUMMARY_SHEET), ["What", "Value"], rows)


@script(name="Distribute")
def distribute_to_reps(book: xw.Book) -> None:
    """Push the master's targets and assigned tasks into each rep's workbook (backups first)."""
    from sync.distribute import distribute
    from sync.team import load_team

    plan = distribute(load_team(_team()).master, apply=True)
    rows: list[list[Any]] = []
    for rep in plan.reps:
        status = rep.error or ("written" if rep.written else "up to date")
        rows += [[rep.rep, str(rep.path), status, line] for line in rep.lines("en")]
    write_table(sheet_or_new(book, DISTRIBUTION_SHEET), ["Rep", "Workbook", "Status", "Change"],
                rows or [["", "", "no rep workbook in the roster", ""]])


TEAM_MACROS: tuple[Callable[..., Any], ...] = (consolidate, distribute_to_reps)
"""Macros only the server offers, after the workbook macros in the task pane."""
