"""`salessheet consolidate`, `changes` and `distribute`: the team master from rep workbooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from salessheet.cli import google_opts
from salessheet.cli.app import app, console, day_option, err_console, error_line, settings
from salessheet.compute.waterfall import WATERFALL_LABELS, WATERFALL_STEPS
from salessheet.errors import ExitCode, UsageError
from salessheet.schema import sheet

__all__ = ["changes_command", "consolidate_command", "distribute_command"]

_STAGES = {"read": ("Reading workbooks", "读取工作簿"), "merge": ("Merging", "合并"),
           "write": ("Writing master", "写入总表"), "snapshot": ("Saving snapshot", "保存快照")}
_TIMINGS = {"read": ("read", "读取"), "merge": ("merge", "合并"), "dashboard": ("dashboard", "看板"),
            "changes": ("changes", "变更"), "write": ("write", "写入"), "snapshot": ("snapshot", "快照"),
            "total": ("total", "合计")}


def _zh() -> bool:
    return settings.lang == "zh"


@app.command("consolidate")
def consolidate_command(
    team: Annotated[Path, typer.Argument(help="team.toml, a folder of rep workbooks, or a master workbook.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Master workbook to write.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Snapshot database URL (default: SQLite beside the master), e.g. postgresql://u@host/db."
    )] = None,
    today: Annotated[str | None, typer.Option("--today", help="Figures as of (YYYY-MM-DD).")] = None,
    jobs: Annotated[str, typer.Option("--jobs", help="auto, process, thread or serial.")] = "auto",
    google_master: Annotated[str | None, typer.Option(
        "--google-master", help="Also write the master's data tabs to this Google Sheet (URL or key)."
    )] = None,
    credentials: google_opts.CredentialsOption = None,
    oauth: google_opts.OAuthOption = False,
) -> None:
    """Consolidate every rep workbook into the team master, and save a snapshot.

    Reps may keep .xlsx files or Google Sheets (a roster source "gsheet:<key>" or a Sheets
    URL); --google-master also publishes the consolidated tabs to a Google Sheet."""
    from sync.pipeline import consolidate
    from sync.team import load_team

    if jobs not in ("auto", "process", "thread", "serial"):
        raise UsageError(f"--jobs must be auto, process, thread or serial, not {jobs!r}",
                         f"--jobs 须为 auto、process、thread 或 serial，而不是 {jobs!r}")
    the_team = load_team(team, master=output)
    tasks: dict[str, Any] = {}
    # No refresh thread (auto_refresh=False): workbooks are read in forked worker processes,
    # and a fork must not happen while another thread holds the terminal's lock.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, auto_refresh=False,
                  disable=not err_console.is_terminal) as bar:  # no bars in a log

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES[stage][_zh()], total=total)
            bar.update(tasks[stage], completed=done, total=total)
            bar.refresh()

        result = consolidate(the_team, output=output, db=db, today=day_option(today), progress=progress,
                             executor=jobs)  # type: ignore[arg-type]
    _summary(result)
    if google_master:
        from sync.google import push_master

        connection = google_opts.open_google(credentials, oauth)
        requests = push_master(connection, google_master, result.merged.tables,
                               lang=the_team.lang or "en", config=the_team.config)
        console.print(f"Google 总表已更新（{requests} 个请求）: {google_master}" if _zh() else
                      f"Google master updated ({requests} requests): {google_master}",
                      highlight=False, soft_wrap=True)
    unread = result.merged.unread
    for t in unread:  # the team was consolidated without these: say so, and exit 2
        where = t.source or t.rep  # the file that could not be read, or the rep with none found
        err_console.print(error_line(f"{where}: {t.issue.message(settings.lang)}", settings.lang),
                          highlight=False)
    if unread:
        raise typer.Exit(int(ExitCode.UNREADABLE_INPUT))


def _summary(result: Any) -> None:
    zh = _zh()
    table = Table(title="汇总结果" if zh else "Consolidation")
    for header in (("销售", "Rep"), ("来源文件", "Source"), ("商机", "Deals"), ("任务", "Tasks"),
                   ("风险", "Risks"), ("隔离", "Quarantined"), ("错误", "Errors"), ("警告", "Warnings"),
                   ("缓存", "Cached")):
        table.add_column(header[0] if zh else header[1])
    for s in result.merged.sources:
        source: str | Text = Path(s.source).name
        if not s.readable:
            source = Text(f"{source} ({'无法读取' if zh else 'unreadable'})", style="red")
        table.add_row(s.rep, source, str(s.rows.get("pipeline", 0)), str(s.rows.get("tasks", 0)),
                      str(s.rows.get("risks", 0)), str(s.quarantined), str(s.errors), str(s.warnings),
                      "✓" if s.cached else "")
    console.print(table)
    lang = settings.lang
    counts = ("，" if zh else ", ").join(f"{sheet(key).name(lang)} {len(frame)}"
                                        for key, frame in result.merged.tables.items())
    quarantined = len(result.merged.quarantine)
    console.print(f"总表: {result.master}（{counts}；隔离 {quarantined}）" if zh else
                  f"Master: {result.master}  ({counts}; quarantined {quarantined})",
                  highlight=False, soft_wrap=True)
    console.print(f"快照: 第 {result.run_id} 次 · {len(result.changes)} 项变更" if zh else
                  f"Snapshot: run {result.run_id} · {len(result.changes)} changes since the previous run",
                  highlight=False, soft_wrap=True)
    timings = " · ".join(f"{_TIMINGS.get(k, (k, k))[zh]} {v:.2f}s" for k, v in result.timings.items())
    console.print(f"{timings}；读取 {result.sources_read} 个，缓存 {result.sources_cached} 个" if zh else
                  f"{timings}; {result.sources_read} read, {result.sources_cached} cached", style="dim",
                  highlight=False, soft_wrap=True)


def _database_for(target: Path, db: str | None) -> tuple[str, Any]:
    from sync.team import load_team, master_database_url

    if db:
        return db, None
    if target.suffix.lower() in (".xlsx", ".xlsm") and target.exists():
        return master_database_url(target), None
    the_team = load_team(target)
    return the_team.database_url, the_team.config


@app.command("changes")
def changes_command(
    target: Annotated[Path, typer.Argument(help="team.toml, team folder or master workbook.")],
    since: Annotated[str, typer.Option("--since", help="'last' or a date YYYY-MM-DD.")] = "last",
    db: Annotated[str | None, typer.Option("--db", help="Snapshot database URL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What changed since the last consolidation (or a date): deals, tasks, risks, targets, waterfall."""
    from sync.pipeline import changes_since

    database, config = _database_for(target, db)
    digest = changes_since(database, since, config)
    lang = settings.lang
    if as_json:
        data = {
            "from": {"run_id": digest.old.run_id, "today": digest.old.today.isoformat()},
            "to": {"run_id": digest.new.run_id, "today": digest.new.today.isoformat()},
            "changes": [{"kind": c.kind, "sheet": c.sheet, "key": c.key, "rep": c.rep, "field": c.field,
                         "old": c.old, "new": c.new, "message": c.message(lang)} for c in digest.changes],
            "waterfall": {k: v for k, v in vars(digest.waterfall).items()},
        }
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    zh = lang == "zh"
    old, new = digest.old, digest.new
    title = (f"变更：第 {old.run_id} 次（{old.today}）→ 第 {new.run_id} 次（{new.today}）" if zh
             else f"Changes: run {old.run_id} ({old.today}) → run {new.run_id} ({new.today})")
    if digest.changes:
        table = Table(title=title)
        for header in (("销售", "Rep"), ("变更", "Change")):
            table.add_column(header[0] if zh else header[1])
        for change in digest.changes:
            table.add_row(change.rep, change.message(lang))
        console.print(table)
    else:  # (an empty table would squeeze its title into a narrow column)
        console.print(f"{title}{'：无变更' if zh else ': no changes'}", highlight=False, soft_wrap=True)
    flow = digest.waterfall
    console.print(f"{flow.period}: " + " · ".join(
        f"{WATERFALL_LABELS[key][1 if zh else 0]} {getattr(flow, key):,.0f}" for key in WATERFALL_STEPS),
        highlight=False, soft_wrap=True)


@app.command("distribute")
def distribute_command(
    master: Annotated[Path, typer.Argument(help="The team master workbook.")],
    apply: Annotated[bool, typer.Option("--apply", help="Write rep workbooks (default: dry run).")] = False,
) -> None:
    """Push the manager's targets and assigned tasks from the master into each rep's workbook.

    A workbook that cannot be read is reported (exit 2) and one that cannot be written safely
    (open in Excel, changed meanwhile, or holding what the rewrite would lose, such as text
    boxes or sparklines) is left as it is (exit 3); the others are written."""
    from sync.distribute import distribute

    plan = distribute(master, apply=apply)
    zh = _zh()
    if not plan.reps:
        console.print("总表的名单中没有销售工作簿（“工作簿来源”列为空）：没有可分发的内容" if zh else
                      "the master's Roster names no rep workbook (its Workbook source column is empty): "
                      "nothing to distribute", highlight=False, soft_wrap=True)
    for item in plan.reps:
        console.print(Text.assemble((item.rep, "bold"), f" {item.path}"), highlight=False)
        for line in item.lines(settings.lang):
            console.print(f"  {line}", highlight=False, soft_wrap=True)
        if item.problem:
            err_console.print(item.problem.message(settings.lang), style="red", highlight=False)
    if not apply:
        console.print("（演练：未写入任何文件；加 --apply 写入）" if zh else
                      "(dry run: nothing written; add --apply to write)")
    if plan.exit_code:
        raise typer.Exit(int(plan.exit_code))
