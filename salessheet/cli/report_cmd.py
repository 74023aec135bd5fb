"""`salessheet report`: the weekly-review report as one HTML file (and a PDF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from salessheet.cli.app import app, console, day_option, language, period_option
from salessheet.io.paths import expand_workbooks

__all__ = ["report_command"]


def _default_period(today: dt.date) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@app.command("report")
def report_command(
    sources: Annotated[list[Path], typer.Argument(help="Master workbook, rep workbooks or a team folder.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    period: Annotated[
        str | None,
        typer.Option("--period", help="2026-Q3, 2026-07, 2026, FY2026 ... (default: this quarter)."),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="en or zh (default: the global --lang).")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also print the report to this PDF.")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Compute as of YYYY-MM-DD.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Snapshot database for the waterfall (default: the one beside a master).")] = None,
) -> None:
    """Write the weekly-review report as one self-contained HTML file (and a PDF).

    KPI tiles, charts, tables, leaderboard; no network needed to view it; --pdf prints it
    through headless Chromium. Given a master, the pipeline waterfall comes from its
    consolidation snapshots."""
    from salessheet.cli.history import waterfall_for
    from salessheet.compute.metrics import combine_workbooks
    from salessheet.io.atomic import atomic_write
    from salessheet.io.reader import read_workbook
    from salessheet.report import build_report_data, render_html
    from salessheet.validate import validate_workbook

    day = day_option(today) or dt.date.today()
    chosen = language(lang)
    paths = expand_workbooks(sources)
    workbooks = [read_workbook(path) for path in paths]
    issues = [issue for wb in workbooks for issue in validate_workbook(wb, today=day)]
    frames = combine_workbooks(workbooks)
    label = period or _default_period(day)
    span = period_option(label, frames.config.fiscal_year_start_month)
    flow = None
    if (len(paths) == 1 and paths[0].is_file()) or db:
        flow = waterfall_for(paths[0], span,
                             frames.config, db)
    data = build_report_data(frames, label, lang=chosen, today=day, issues=issues, waterfall=flow)
    html = render_html(data, generated_at=dt.datetime.now())

    def write(temp: Path) -> None:
        temp.write_text(html, encoding="utf-8")

    atomic_write(output, write)
    console.print(f"{'周报已写入' if chosen == 'zh' else 'report written'}: {output}", highlight=False)
    if pdf is not None:
        from salessheet.report.pdf import html_to_pdf

        html_to_pdf(output, pdf)
        console.print(f"{'PDF 已写入' if chosen == 'zh' else 'PDF written'}: {pdf}", highlight=False)
