"""`salessheet demo`: generate a realistic team, its workbooks and (with sync) a consolidated master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from salessheet.cli.app import app, console

__all__ = ["demo_command"]


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=False,
    )


def _write_templates(out: Path) -> list[Path]:
    from salessheet.templates import build_workbook, save_workbook

    paths = []
    for kind in ("rep", "master"):
        for lang in ("en", "zh"):
            path = out / f"salessheet-{kind}-{lang}.xlsx"
            save_workbook(build_workbook(kind, lang), path)
            paths.append(path)
    return paths


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
) -> None:
    """Generate a demo team (templates, rep workbooks with realistic rows and a few planted
    mistakes)."""
    from salessheet.demo import generate_team
    from salessheet.demo.workbooks import DELIBERATE_PROBLEMS, write_team

    day = dt.date.fromisoformat(today) if today else dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    team = generate_team(reps, deals, today=day, seed=seed)
    written: list[tuple[str, Path]] = []
    with _progress() as progress:
        task = progress.add_task("templates", total=4)
        for path in _write_templates(out / "templates"):
            written.append(("template", path))
            progress.advance(task)
        task = progress.add_task("rep workbooks", total=reps)
        team_dir = out / "team"
        for path in write_team(team, team_dir, progress=lambda _: progress.advance(task)):
            written.append(("rep workbook", path))
    summary = Table(title="salessheet demo", show_header=True)
    summary.add_column("what")
    summary.add_column("path")
    for what, path in written:
        if what != "rep workbook":
            summary.add_row(what, str(path))
    summary.add_row(f"{reps} rep workbooks", str(out / "team"))
    console.print(summary)
    deals_total = sum(len(r.rows["pipeline"]) for r in team.reps)
    console.print(
        f"{reps} reps, {deals_total} deals; {len(DELIBERATE_PROBLEMS)} planted mistakes to find "
        f"(try: salessheet validate {out / 'team'}/*.xlsx)"
    )

