"""`salessheet import` (onboarding from a foreign export) and `salessheet export` (SQL, CRM files)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from salessheet.cli.app import app, console, err_console, settings, wrote
from salessheet.errors import ExitCode, UsageError
from salessheet.issues import Report


@app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="The foreign export: .csv or .xlsx.")],
    mapping: Annotated[Path | None, typer.Option("--mapping", "-m", help="mapping.toml to use.")] = None,
    roster: Annotated[
        Path | None, typer.Option("--roster", help="Team list to join (manager, region, ...).")
    ] = None,
    split_by: Annotated[
        str | None, typer.Option("--split-by", help="Source header of the owner: one workbook each.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Team folder (import) or mapping file (suggest).")
    ] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest-mapping", help="Propose a mapping.toml from the headers instead.")
    ] = False,
    sheet_name: Annotated[str | None, typer.Option("--sheet", help="Worksheet of an xlsx source.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Map and report only; write nothing.")] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Processes writing workbooks (default: CPUs).")
    ] = None,
) -> int:
    """Import a CRM or spreadsheet export into one rep workbook per owner, a roster and a report."""
    from salessheet.migrate import import_file, suggest_for_file

    if suggest:
        text = suggest_for_file(source, sheet_name).to_toml()
        if out is None:
            console.print(text, end="", markup=False, highlight=False)
        else:
            out.write_text(text, encoding="utf-8")
            console.print(wrote(out, settings.lang), highlight=False)
        return 0
    if mapping is None or (out is None and not dry_run):
        raise UsageError("import needs --mapping and -o TEAM_DIR (or --suggest-mapping)",
                          "导入需要 --mapping 和 -o 团队目录（或使用 --suggest-mapping）")
    start = time.perf_counter()
    result, output = import_file(source, mapping, out or Path("."), roster=roster, split_by=split_by,
                                 sheet_name=sheet_name, write=not dry_run, processes=jobs)
    elapsed = time.perf_counter() - start
    counts = result.report.counts()
    if settings.lang == "zh":
        line = (f"已导入 {result.imported_rows}/{result.source_rows} 行，{len(result.rows)} 位销售，"
                f"用时 {elapsed:.1f} 秒；问题：错误 {counts['error']}，警告 {counts['warning']}，"
                f"提示 {counts['info']}")
    else:
        line = (f"{result.imported_rows} of {result.source_rows} rows imported for {len(result.rows)} reps "
                f"in {elapsed:.1f}s; issues: {counts['error']} errors, {counts['warning']} warnings, "
                f"{counts['info']} notes")
    console.print(line, highlight=False)
    zh = settings.lang == "zh"
    if output is not None and output.report_csv is not None:
        console.print(f"{'报告' if zh else 'report'}: {output.report_csv}", highlight=False)
        for backup in output.backups:
            console.print(f"原工作簿已保留为 {backup}" if zh else f"kept the previous workbook as {backup}",
                          highlight=False)
    if result.skipped_rows:
        err_console.print(f"{result.skipped_rows} 行未导入；详见报告" if zh else
                          f"{result.skipped_rows} rows not imported; see the report", highlight=False)
        return int(ExitCode.PROBLEMS_FOUND)
    return 0


def _print_issues(report: Report, lang: str) -> None:
    """One line per issue on stderr: its severity and message in ``lang``."""
    for issue in report.sorted():
        err_console.print(f"{issue.severity.label(lang)}: {issue.message(lang)}", highlight=False,
                          soft_wrap=True)


def _snapshot_url(source: Path, given: str | None) -> str | None:
    if given:
        return given
    candidates = sorted(source.glob("*.salessheet.db")) if source.is_dir() else [
        source.with_name(source.stem + ".salessheet.db")
    ]
    found = [c for c in candidates if c.is_file()]
    return f"sqlite:///{found[0]}" if len(found) == 1 else None


def _stage_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--stage expects KEY=VALUE, got {pair!r}",
                              f"--stage 应为 键=值，实际为 {pair!r}")
        mapping[key.strip()] = value.strip()
    return mapping


@app.command("export")
def export_command(
    source: Annotated[Path, typer.Argument(help="Master workbook, or a team folder of rep workbooks.")],
    dest: Annotated[Path | None, typer.Argument(help="Folder for CRM files (with --to *-csv).")] = None,
    to: Annotated[
        str, typer.Option("--to", help="sqlite:///sales.db, postgresql://..., hubspot-csv, salesforce-csv "
                                       "or twenty-csv.")
    ] = "sqlite:///sales.db",
    snapshots: Annotated[
        str | None, typer.Option("--snapshots", help="Snapshot database URL (default: beside the master).")
    ] = None,
    stage: Annotated[
        list[str] | None, typer.Option("--stage", help="CRM stage value for a stage key: lost=LOST.")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="CRM: run the pre-flight only.")] = False,
) -> int:
    """Export the team into a SQL database, or into CRM import files with a pre-flight check."""
    from salessheet.export import export_sql, load_team_data
    from salessheet.export.crm import export_crm

    lang = settings.lang
    data = load_team_data(source)
    if to.endswith("-csv"):
        if dest is None and not check:
            raise UsageError("give the output folder: export SOURCE DIR --to " + to,
                              "请指定输出文件夹：export 源 目录 --to " + to)
        files = export_crm(data, to, None if check else dest, stage_map=_stage_map(stage or []))
        _print_issues(files.report, lang)
        for path in files.written:
            console.print(wrote(path, lang), highlight=False)
        for note in files.target.notes_in(lang):
            console.print(f"{'注意' if lang == 'zh' else 'note'}: {note}", highlight=False, soft_wrap=True)
        return 0 if files.report.ok else int(ExitCode.PROBLEMS_FOUND)
    stats = export_sql(data, to, snapshots=_snapshot_url(source, snapshots))
    _print_issues(stats.report, lang)
    for name, rows in stats.rows.items():
        added, updated, deleted = stats.inserted[name], stats.updated[name], stats.deleted[name]
        console.print(
            f"{name}: {rows} 行（新增 {added}，更新 {updated}，删除 {deleted}）" if lang == "zh"
            else f"{name}: {rows} rows ({added} inserted, {updated} updated, {deleted} deleted)",
            highlight=False)
    console.print(f"共 {stats.changed} 行有变化" if lang == "zh" else f"{stats.changed} rows changed",
                  highlight=False)
    return 0 if stats.report.ok else int(ExitCode.PROBLEMS_FOUND)
