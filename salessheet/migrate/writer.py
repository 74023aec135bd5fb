"""Write an import's outcome: one rep workbook per owner, roster.csv, the import report and summary."""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salessheet.io.atomic import atomic_write, ensure_folder, make_backup
from salessheet.io.csv_safety import csv_safe
from salessheet.issues import Report
from salessheet.migrate.importer import ImportResult
from salessheet.parse import raw_text
from salessheet.schema import WorkbookConfig, sheet

__all__ = ["REPORT_COLUMNS", "ImportOutput", "report_rows", "summary_text", "write_csv", "write_import"]

REPORT_COLUMNS: tuple[str, ...] = (
    "severity", "code", "file", "sheet", "cell", "row", "column", "source_column", "raw",
    "message_en", "message_zh",
)
"""Header of import-report.csv."""


@dataclass
class ImportOutput:
    """Files written by ``write_import``; ``backups`` are earlier workbooks it replaced (``.bak`` copies)."""

    workbooks: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    roster_csv: Path | None = None
    report_csv: Path | None = None
    summary: Path | None = None


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a UTF-8 (with BOM, so Excel detects it) CSV atomically; text cells are injection-safe."""
    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([csv_safe(h) for h in header])
            for row in rows:
                out.writerow([csv_safe(_cell(v)) for v in row])
    atomic_write(Path(path), write)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    return raw_text(value)


def report_rows(report: Report) -> list[list[Any]]:
    """The report as rows under REPORT_COLUMNS, in the report's deterministic order."""
    return [
        [i.severity.value, i.code, i.file, i.sheet, i.cell, i.row, i.column, i.column_label, i.raw,
         i.message_en, i.message_zh]
        for i in report.sorted()
    ]


def summary_text(result: ImportResult, source: str) -> str:
    """A short human summary: counts of rows, reps and issues by code."""
    counts = Counter(i.code for i in result.report)
    lines = [
        f"source: {source}",
        f"source rows: {result.source_rows}",
        f"imported rows: {result.imported_rows} into {len(result.rows)} rep workbooks ({result.sheet})",
        f"rows not imported: {result.skipped_rows}",
        f"roster: {len(result.roster)} people",
        "issues: " + ", ".join(f"{k} {v}" for k, v in result.report.counts().items()),
    ]
    lines += [f"  {code}: {n}" for code, n in sorted(counts.items())]
    lines.append("per rep: " + ", ".join(f"{rep} {len(rows)}" for rep, rows in result.rows.items()))
    return "\n".join(lines) + "\n"


def write_import(
    result: ImportResult,
    out_dir: Path,
    *,
    lang: str = "en",
    source: str = "source",
    prefilled_rows: int = 200,
    processes: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportOutput:
    """Write ``<rep_id>.xlsx`` per owner, ``roster.csv``, ``import-report.csv`` and ``import-summary.txt``.

    Workbooks are built from the template with the rows filled in, in ``processes`` worker
    processes (default: one per CPU); every file is written atomically, so an interrupted run
    never leaves a half-written workbook.
    """
    out_dir = Path(out_dir)
    ensure_folder(out_dir)
    output = ImportOutput()
    jobs = [
        _Job(rep_id, out_dir / f"{_file_name(rep_id)}.xlsx", lang, result.config, result.roster,
             {result.sheet: rows}, prefilled_rows)
        for rep_id, rows in result.rows.items()
    ]
    workers = min(len(jobs), processes if processes is not None else (os.cpu_count() or 1), 8)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            written = list(pool.map(_write_workbook, jobs))
    else:
        written = []
        for job in jobs:
            written.append(_write_workbook(job))
    for job, (path, backup) in zip(jobs, written, strict=True):
        output.workbooks.append(path)
        if backup is not None:
            output.backups.append(backup)
        if progress:
            progress(job.rep_id)
    keys = [c.key for c in sheet("roster").input_columns]
    output.roster_csv = out_dir / "roster.csv"
    write_csv(output.roster_csv, keys, ([r.get(k) for k in keys] for r in result.roster))
    output.report_csv = out_dir / "import-report.csv"
    write_csv(output.report_csv, REPORT_COLUMNS, report_rows(result.report))
    output.summary = out_dir / "import-summary.txt"
    text = summary_text(result, source)
    atomic_write(output.summary, lambda temp: _write_text(temp, text))
    return output


@dataclass(frozen=True)
class _Job:
    rep_id: str
    path: Path
    lang: str
    config: WorkbookConfig
    roster: list[dict[str, Any]]
    rows: dict[str, list[dict[str, Any]]]
    prefilled_rows: int


def _write_workbook(job: _Job) -> tuple[Path, Path | None]:
    from salessheet.templates import build_workbook, save_workbook

    wb = build_workbook("rep", job.lang, config=job.config, roster=job.roster, owner=job.rep_id,
                        rows=job.rows, prefilled_rows=job.prefilled_rows)
    backup = make_backup(job.path) if job.path.exists() else None  # never lose a rep's earlier file
    return save_workbook(wb, job.path), backup


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _file_name(rep_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in rep_id) or "rep"
