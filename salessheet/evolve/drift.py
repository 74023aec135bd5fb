"""Drift report: how far each rep workbook has moved from the current template, finding by finding."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from salessheet.address import column_letter
from salessheet.errors import UnreadableFileError
from salessheet.evolve.checks import check_formulas, check_validations, check_values, runs
from salessheet.evolve.findings import DRIFT, drift, fix_of
from salessheet.evolve.scan import SheetScan, WorkbookScan, scan_workbook
from salessheet.io.paths import workbook_paths
from salessheet.issues import Issue, Report, Severity
from salessheet.schema import SHEETS, TEMPLATE_VERSION, schema_hash

__all__ = ["diagnose", "doctor", "is_fixable", "pending"]


def is_fixable(issue: Issue) -> bool:
    """True when ``upgrade`` repairs this finding."""
    return DRIFT[issue.code].fixable


def pending(report: Report) -> list[Issue]:
    """The findings ``upgrade`` would fix."""
    return [i for i in report.sorted() if is_fixable(i)]


def _template_findings(scan: WorkbookScan) -> list[Issue]:
    file = str(scan.path)
    found = scan.version
    if scan.config_error:
        return [drift("drift.config.invalid", file=file, raw=scan.config_error)]
    if found is None:
        return [drift("drift.template.not_stamped", file=file)]
    params = {"file": file, "found": found, "current": TEMPLATE_VERSION, "hash": scan.schema_hash or "-"}
    if found > TEMPLATE_VERSION:
        return [drift("drift.template.newer", **params)]
    if found < TEMPLATE_VERSION:
        return [drift("drift.template.outdated", **params)]
    if scan.schema_hash and scan.schema_hash != schema_hash():
        return [drift("drift.template.schema_mismatch", **{**params, "found": scan.schema_hash,
                                                            "hash": schema_hash()})]
    return []


def _column_findings(scan: WorkbookScan, sheet: SheetScan) -> list[Issue]:
    spec, lang, issues = sheet.spec, scan.lang, []
    where = {"file": str(scan.path), "sheet": sheet.ws.title}
    for column in spec.columns:
        col = sheet.known.get(column.key)
        if col is None:
            issues.append(drift("drift.column.missing", column=column.key, expected=column.label(lang),
                                row=sheet.header_row, **where))
        elif sheet.labels[column.key] != column.label(lang):
            found = sheet.labels[column.key]
            issues.append(drift("drift.column.renamed", column=column.key, expected=column.label(lang),
                                found=found, row=sheet.header_row,
                                cell=f"{column_letter(col)}{sheet.header_row}", **where))
    order = [sheet.known[c.key] for c in spec.columns if c.key in sheet.known]
    last_template = max(order, default=0)
    if order != sorted(order) or any(col < last_template for col in sheet.extras.values()) \
            or (order and order[0] != 1) or sheet.header_row != 1:
        issues.append(drift("drift.column.order", row=sheet.header_row, **where))
    for name, col in sheet.extras.items():
        issues.append(drift("drift.column.extra", found=sheet.labels[name], row=sheet.header_row,
                            cell=f"{column_letter(col)}{sheet.header_row}", **where))
    return issues


def _table_findings(scan: WorkbookScan, sheet: SheetScan) -> list[Issue]:
    spec, issues = sheet.spec, []
    where = {"file": str(scan.path), "sheet": sheet.ws.title}
    columns = [*sheet.known.values(), *sheet.extras.values()]
    if sheet.table is None:
        issues.append(drift("drift.table.missing", expected=spec.table_name, **where))
    else:
        min_col, min_row, max_col, _ = sheet.table_bounds or (1, 1, 1, 1)
        wanted = f"{column_letter(min(columns, default=1))}:{column_letter(max(columns, default=1))}"
        outside = min(columns, default=1) < min_col or max(columns, default=1) > max_col
        if min_row != sheet.header_row or outside:
            issues.append(drift("drift.table.range", expected=spec.table_name, found=sheet.table.ref,
                                raw=wanted, cell=sheet.table.ref, **where))
        below = [r for r in sheet.used_rows if r > sheet.table_last_row]
        for first, last in runs(below):
            span = f"A{first}:{column_letter(max(columns, default=1))}{last}"
            issues.append(drift("drift.rows.below_table", cell=span, row=first, **where))
    if spec.computed_columns and not sheet.ws.protection.sheet:
        issues.append(drift("drift.protection.removed", **where))
    return issues


def _sheet_findings(scan: WorkbookScan) -> list[Issue]:
    issues: list[Issue] = []
    for spec in SHEETS:
        sheet = scan.sheets.get(spec.key)
        expected = spec.name(scan.lang)
        if sheet is None:
            issues.append(drift("drift.sheet.missing", file=str(scan.path), expected=expected))
            continue
        if sheet.ws.title != expected:
            issues.append(drift("drift.sheet.renamed", file=str(scan.path), sheet=sheet.ws.title,
                                expected=expected, found=sheet.ws.title))
        issues += _column_findings(scan, sheet)
        issues += _table_findings(scan, sheet)
        issues += check_formulas(scan, sheet)
        issues += check_validations(scan, sheet)
        issues += check_values(scan, sheet)
    return issues


def diagnose(scan: WorkbookScan) -> Report:
    """Every drift finding of an opened workbook, located, in a deterministic order."""
    report = Report()
    report.extend(_template_findings(scan))
    if not scan.config_error:
        report.extend(_sheet_findings(scan))
    return Report(report.sorted())


def _unreadable(path: Path, exc: UnreadableFileError) -> Issue:
    issue = drift("drift.file.unreadable", file=str(path), raw=exc.message_en)
    return dataclasses.replace(issue, message_zh=DRIFT["drift.file.unreadable"].issue.zh.format(
        raw=exc.message_zh))


def doctor(paths: Iterable[Path], lang: str = "en") -> tuple[Report, list[dict[str, Any]], int]:
    """Diagnose every workbook of ``paths`` (folders expanded).

    Returns:
        All findings, one summary dict per file (version and hash found, counts, findings with
        their fix), and the exit code: 0 clean, 1 drift found, 2 a file could not be read.
    """
    combined, files, unreadable = Report(), [], False
    for path in workbook_paths(paths):
        try:
            scan = scan_workbook(path)
        except UnreadableFileError as exc:
            unreadable = True
            issue = _unreadable(path, exc)
            combined.add(issue)
            files.append({"file": str(path), "readable": False, "error": exc.message(lang),
                          "findings": [_entry(issue, lang)]})
            continue
        report = diagnose(scan)
        combined.extend(report)
        files.append({"file": str(path), "readable": True, "lang": scan.lang,
                      "template_version": scan.version, "schema_hash": scan.schema_hash,
                      "summary": report.counts(), "pending": len(pending(report)),
                      "findings": [_entry(i, lang) for i in report]})
    drifted = any(i.severity is not Severity.INFO for i in combined)
    return combined, files, 2 if unreadable else 1 if drifted else 0


def _entry(issue: Issue, lang: str) -> dict[str, Any]:
    return {**issue.to_dict(), "fix": fix_of(issue, lang), "fixable": is_fixable(issue)}

