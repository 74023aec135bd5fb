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


_WORDS: dict[str, tuple[str, str]] = {
    "what": ("What", "项目"), "value": ("Value", "值"),
    "master": ("master", "团队总表"), "run": ("run", "汇总编号"),
    "sources": ("sources read / cached", "读取 / 缓存的来源"), "rows": ("{} rows", "{} 行数"),
    "quarantined": ("quarantined rows", "隔离的行"), "unread": ("not consolidated", "未汇总"),
    "changes": ("changes since the previous run", "自上次汇总以来的变更"), "change": ("change", "变更"),
    "rep": ("Rep", "销售"), "workbook": ("Workbook", "工作簿"), "status": ("Status", "状态"),
    "written": ("written", "已写入"), "up to date": ("up to date", "无需更改"),
    "no reps": ("no rep workbook in the roster", "团队名单中没有销售工作簿"),
}
"""What the summary sheets say, in the master's language."""


def _say(key: str, lang: str) -> str:
    return _WORDS[key][1 if lang == "zh" else 0]


@script(name="Consolidate")
def consolidate(book: xw.Book) -> None:
    """Consolidate the server's team into its master and list what happened in a Consolidation sheet."""
    from salessheet.schema import sheet
    from sync.pipeline import consolidate as run
    from sync.team import load_team

    result = run(load_team(_team()), executor="thread")
    lang, tables = result.lang, result.merged.tables
    rows: list[list[Any]] = [
        [_say("master", lang), str(result.master)],
        [_say("run", lang), result.run_id],
        [_say("sources", lang), f"{result.sources_read} / {result.sources_cached}"],
        *[[_say("rows", lang).format(sheet(key).name(lang)), len(frame)] for key, frame in tables.items()],
        [_say("quarantined", lang), len(result.merged.quarantine)],
        *[[_say("unread", lang), f"{lost.source or lost.rep}: {lost.issue.message(lang)}"]
          for lost in result.merged.unread],
        [_say("changes", lang), len(result.changes)],
    ]
    rows += [[_say("change", lang), change.message(lang)] for change in result.changes[:200]]
    write_table(sheet_or_new(book, SUMMARY_SHEET), [_say("what", lang), _say("value", lang)], rows)


@script(name="Distribute")
def distribute_to_reps(book: xw.Book) -> None:
    """Push the master's targets and assigned tasks into each rep's workbook (backups first)."""
    from sync.distribute import distribute
    from sync.team import load_team

    team = load_team(_team())
    plan = distribute(team.master, apply=True)
    lang = team.lang or plan.lang
    rows: list[list[Any]] = []
    for rep in plan.reps:
        done = _say("written" if rep.written else "up to date", lang)
        status = rep.problem.message(lang) if rep.problem else done
        rows += [[rep.rep, str(rep.path), status, line] for line in rep.lines(lang)]
    header = [_say(key, lang) for key in ("rep", "workbook", "status", "change")]
    write_table(sheet_or_new(book, DISTRIBUTION_SHEET), header, rows or [["", "", _say("no reps", lang), ""]])


TEAM_MACROS: tuple[Callable[..., Any], ...] = (consolidate, distribute_to_reps)
"""Macros only the server offers, after the workbook macros in the task pane."""
