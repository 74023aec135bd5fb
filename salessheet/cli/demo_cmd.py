"""`salessheet demo`: generate a realistic team, its workbooks and (with sync) a consolidated master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from salessheet.cli.app import app, console, day_option, settings
from salessheet.compute.waterfall import WATERFALL_LABELS, WATERFALL_STEPS
from salessheet.demo import DemoTeam
from salessheet.io.atomic import ensure_folder

__all__ = ["demo_command"]

_WORDS: dict[str, tuple[str, str]] = {
    "templates": ("templates", "模板"),
    "rep workbooks": ("rep workbooks", "销售工作簿"),
    "consolidate (a week ago)": ("consolidate (a week ago)", "汇总（一周前）"),
    "reps edit their workbooks": ("reps edit their workbooks", "销售编辑本周的工作簿"),
    "consolidate (today)": ("consolidate (today)", "汇总（今天）"),
    "report": ("report", "周报"),
    "master": ("master", "团队总表"),
    "snapshots": ("snapshots", "快照数据库"),
    "change digest": ("change digest", "变更摘要"),
    "what": ("what", "内容"),
    "path": ("path", "路径"),
}
"""What the demo prints, in English and Chinese (``--lang``)."""


def _say(key: str) -> str:
    return _WORDS[key][1 if settings.lang == "zh" else 0]


def _progress() -> Progress:
    """Progress bars drawn when a step advances, with no refresh thread: a consolidation forks
    worker and snapshot processes, which it does only while no other thread runs."""
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=False, auto_refresh=False,
    )


def _start(progress: Progress, step: str, total: int) -> TaskID:
    task = progress.add_task(_say(step), total=total)
    progress.refresh()  # shown before the step's work starts
    return task


def _advance(progress: Progress, task: TaskID) -> None:
    progress.advance(task)
    progress.refresh()


def _write_templates(out: Path) -> list[Path]:
    from salessheet.templates import build_workbook, save_workbook

    paths = []
    for kind in ("rep", "master"):
        for lang in ("en", "zh"):
            path = out / f"salessheet-{kind}-{lang}.xlsx"
            save_workbook(build_workbook(kind, lang), path)
            paths.append(path)
    return paths


def _count(number: int, noun: str) -> str:
    """``1 rep``, ``8 reps``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the demo into.")] = Path(
        "demo-output"
    ),
    reps: Annotated[int, typer.Option("--reps", min=1, max=500, help="Number of reps.")] = 8,
    deals: Annotated[int, typer.Option("--deals", min=1, max=20000, help="Deals per rep.")] = 40,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same team.")] = 7,
    today: Annotated[
        str | None, typer.Option("--today", help="Pretend today is YYYY-MM-DD (default: today).")
    ] = None,
    no_consolidate: Annotated[
        bool, typer.Option("--no-consolidate", help="Only write the templates and rep workbooks.")
    ] = False,
) -> None:
    """Generate a demo team and run a week of it: consolidate, edit, consolidate, report.

    Writes the templates, rep workbooks with realistic rows (and a few planted mistakes), a
    consolidation, the reps' edits of the week, a second consolidation with the change
    digest, and the weekly report."""
    from salessheet.demo import generate_team
    from salessheet.demo.workbooks import DELIBERATE_PROBLEMS, write_team

    day = day_option(today) or dt.date.today()
    ensure_folder(out)
    team = generate_team(reps, deals, today=day, seed=seed)
    written: list[tuple[str, Path]] = []
    with _progress() as progress:
        task = _start(progress, "templates", 4)
        for path in _write_templates(out / "templates"):
            written.append(("template", path))
            _advance(progress, task)
        task = _start(progress, "rep workbooks", reps)
        team_dir = out / "team"
        for path in write_team(team, team_dir, progress=lambda _: _advance(progress, task)):
            written.append(("rep workbook", path))
        if not no_consolidate:
            written.extend(_run_week(team, team_dir, out, day, progress))
    zh = settings.lang == "zh"
    summary = Table(title="salessheet demo", show_header=True)
    summary.add_column(_say("what"))
    summary.add_column(_say("path"))
    for what, path in written:
        if what != "rep workbook" and what != "template":
            summary.add_row(_say(what), str(path))
    summary.add_row("4 个模板" if zh else "4 templates", str(out / "templates"))
    summary.add_row(f"{reps} 个销售工作簿" if zh else _count(reps, "rep workbook"), str(out / "team"))
    console.print(summary)
    deals_total = sum(len(r.rows["pipeline"]) for r in team.reps)
    planted, check = len(DELIBERATE_PROBLEMS), f"salessheet validate {out / 'team'}"
    console.print(
        f"{reps} 名销售，{deals_total} 个商机；埋了 {planted} 处错误待查（试试：{check}）" if zh
        else f"{_count(reps, 'rep')}, {_count(deals_total, 'deal')}; {planted} planted mistakes to find "
             f"(try: {check})",
        highlight=False, soft_wrap=True)



def _run_week(team: DemoTeam, team_dir: Path, out: Path, day: dt.date,
              progress: Progress) -> list[tuple[str, Path]]:
    """Consolidate a week ago, type the week's edits, consolidate today; digest and report."""
    from salessheet.demo.week import apply_edits, plan_week
    from salessheet.demo.workbooks import LANGUAGES
    from sync.pipeline import consolidate
    from sync.team import load_team

    master = out / "master.xlsx"
    for stale in (master, master.with_name(master.stem + ".salessheet.db")):
        stale.unlink(missing_ok=True)
    task = _start(progress, "consolidate (a week ago)", 1)
    consolidate(load_team(team_dir, master=master), today=day - dt.timedelta(days=7))
    _advance(progress, task)
    task = _start(progress, "reps edit their workbooks", 1)
    edits = plan_week(team, day)
    apply_edits(team, team_dir, edits, LANGUAGES)
    _advance(progress, task)
    task = _start(progress, "consolidate (today)", 1)
    result = consolidate(load_team(team_dir, master=master), today=day)
    _advance(progress, task)
    digest = out / "changes.md"
    digest.write_text(_digest(result, settings.lang), encoding="utf-8")
    task = _start(progress, "report", 1)
    report = out / "report.html"
    from salessheet.cli.report_cmd import report_command

    report_command([master], output=report, period=None, lang=None, pdf=None, today=day.isoformat(), db=None)
    _advance(progress, task)
    return [("master", master), ("snapshots", master.with_name(master.stem + ".salessheet.db")),
            ("change digest", digest), ("report", report)]


def _digest(result: Any, lang: str) -> str:
    """The week's changes as Markdown: one line per change, then the quarter's waterfall."""
    lines = [f"# {'本周变更' if lang == 'zh' else 'Changes this week'}", ""]
    rep = "（{}）" if lang == "zh" else " ({})"
    lines += [f"- {change.message(lang)}{rep.format(change.rep)}" for change in result.changes]
    flow = result.waterfall
    lines += ["", f"## {'商机瀑布' if lang == 'zh' else 'Pipeline waterfall'} {flow.period}", ""]
    lines += [f"- {WATERFALL_LABELS[key][1 if lang == 'zh' else 0]}: {getattr(flow, key):,.0f}"
              for key in WATERFALL_STEPS]
    return "\n".join(lines) + "\n"
