"""Cell-level drift checks of one template sheet: formulas, validations and choice values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.utils.cell import range_boundaries

from salessheet.address import column_letter
from salessheet.evolve.findings import drift
from salessheet.evolve.scan import SheetScan, WorkbookScan, is_blank
from salessheet.issues import Issue
from salessheet.schema import TEAM_OWNER, ColumnKind, WorkbookConfig, fold, renamed_values
from salessheet.templates.formulas import RowRefs, computed_formula
from salessheet.templates.lists import dropdown_lists, owner_list
from salessheet.templates.validation import column_validation

__all__ = [
    "check_formulas", "check_validations", "check_values", "migrated_config", "renamed", "roster_ids",
    "runs", "value_renames",
]


def runs(rows: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive row numbers as (first, last) runs."""
    start = prev = None
    for row in rows:
        if start is None or prev is None or row != prev + 1:
            if start is not None and prev is not None:
                yield start, prev
            start = row
        prev = row
    if start is not None and prev is not None:
        yield start, prev


def _span(letter: str, first: int, last: int) -> str:
    return f"{letter}{first}" if first == last else f"{letter}{first}:{letter}{last}"


def check_formulas(scan: WorkbookScan, sheet: SheetScan) -> list[Issue]:
    """Computed cells of every table row whose formula differs from the one the builder writes."""
    spec, issues = sheet.spec, []
    letters = sheet.letters
    first = sheet.header_row + 1
    for column in spec.computed_columns:
        if column.key not in sheet.known:
            continue
        col = sheet.known[column.key]
        changed: list[int] = []
        deleted: dict[int, Any] = {}
        for row in range(first, max(sheet.table_last_row, first) + 1):
            try:
                expected = computed_formula(spec.key, column.key, RowRefs(letters, row),
                                            spec.key_columns[0], scan.lang)
            except KeyError:  # the formula reads a column the sheet lacks: reported as missing
                break
            found = sheet.ws.cell(row=row, column=col).value
            if isinstance(found, str) and found.startswith("="):
                if found != expected:
                    changed.append(row)
            else:
                deleted[row] = found
        where = {"file": str(scan.path), "sheet": sheet.ws.title, "column": column.key,
                 "expected": column.label(scan.lang)}
        letter = column_letter(col)
        for a, b in runs(changed):
            issues.append(drift("drift.formula.changed", cell=_span(letter, a, b), row=a, **where))
        for a, b in runs(sorted(deleted)):
            typed = [str(deleted[r]) for r in range(a, b + 1) if not is_blank(deleted[r])]
            raw = ", ".join(typed[:3]) + (" ..." if len(typed) > 3 else "") if typed else "blank"
            issues.append(drift("drift.formula.deleted", cell=_span(letter, a, b), row=a, raw=raw, **where))
    return issues


def _covered_rows(sheet: SheetScan, col: int) -> dict[int, tuple[Any, ...]]:
    """Row -> signature of the validation covering (row, col), for the table's data rows."""
    first, last = sheet.header_row + 1, sheet.table_last_row
    covered: dict[int, tuple[Any, ...]] = {}
    for dv in sheet.ws.data_validations.dataValidation:
        operator = dv.operator if dv.type not in (None, "list") else None
        signature = (dv.type, operator, dv.formula1, dv.formula2)
        for cell_range in dv.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(cell_range.coord)
            if (min_col or 1) <= col <= (max_col or 16384):
                for row in range(max(first, min_row or 1), min(last, max_row or last) + 1):
                    covered.setdefault(row, signature)
    return covered


def check_validations(scan: WorkbookScan, sheet: SheetScan) -> list[Issue]:
    """Input columns whose dropdown or check was removed or edited, per run of rows."""
    spec, issues = sheet.spec, []
    available = set(scan.wb.defined_names)
    first, last = sheet.header_row + 1, sheet.table_last_row
    for column in spec.input_columns:
        if column.key not in sheet.known or last < first:
            continue
        want = column_validation(column, spec.key, scan.lang, available)
        expected = (want.type, want.operator if want.type not in (None, "list") else None,
                    want.formula1, want.formula2)
        covered = _covered_rows(sheet, sheet.known[column.key])
        letter = column_letter(sheet.known[column.key])
        where = {"file": str(scan.path), "sheet": sheet.ws.title, "column": column.key,
                 "expected": column.label(scan.lang)}
        missing = [r for r in range(first, last + 1) if r not in covered]
        edited = [r for r, sig in covered.items() if sig != expected]
        for a, b in runs(missing):
            issues.append(drift("drift.validation.removed", cell=_span(letter, a, b), row=a, **where))
        for a, b in runs(sorted(edited)):
            issues.append(drift("drift.validation.changed", cell=_span(letter, a, b), row=a, **where))
    return issues


def value_renames(sheet_key: str, column_key: str, version: int | None) -> dict[str, str]:
    """Old value -> new value for a workbook of ``version`` (unstamped: every rename)."""
    return renamed_values(sheet_key, column_key, version if version is not None else 1)


def renamed(value: str, renames: dict[str, str]) -> str | None:
    """The new text of ``value`` when it was renamed: exact match first, then ignoring case and width."""
    if value in renames:
        return renames[value]
    folded: dict[str, str] = {}
    for old, new in renames.items():
        folded.setdefault(fold(old), new)
    return folded.get(fold(value))


def migrated_config(scan: WorkbookScan) -> WorkbookConfig:
    """The workbook's Config with renamed stage keys and names migrated to today's.

    A stage whose new key the team already uses keeps its old name (two stages cannot share a key).
    """
    renames = value_renames("pipeline", "stage", scan.version)
    keys = {s.key for s in scan.config.stages}
    stages = []
    for stage in scan.config.stages:
        key = renamed(stage.key, renames) or stage.key
        if key != stage.key and key in keys:
            stages.append(stage)
            continue
        stages.append(stage.model_copy(update={"key": key, "en": renamed(stage.en, renames) or stage.en,
                                               "zh": renamed(stage.zh, renames) or stage.zh}))
    return scan.config.model_copy(update={"stages": tuple(stages)})


def roster_ids(roster: SheetScan) -> list[str]:
    """Rep ids typed in the Roster sheet."""
    rows = range(roster.header_row + 1, roster.last_used_row + 1)
    return [str(value) for r in rows if not is_blank(value := roster.value(r, "rep_id"))]


def check_values(scan: WorkbookScan, sheet: SheetScan) -> list[Issue]:
    """Choice values typed outside their list, and values renamed by a template change."""
    spec, issues = sheet.spec, []
    roster = scan.sheets.get("roster")
    owners = roster_ids(roster) if roster else []
    lists = dropdown_lists(migrated_config(scan), scan.lang, owners)
    for column in spec.input_columns:
        if column.kind is not ColumnKind.CHOICE or column.key not in sheet.known or not column.choices:
            continue
        source = owner_list(spec.key) if column.choices == "owners" else column.choices
        allowed = {fold(label) for _, label in lists.get(source, [])}
        if column.choices == "owners" and not owners:
            continue
        renames = value_renames(spec.key, column.key, scan.version)
        labels = dict(lists.get(source, []))
        for row in range(sheet.header_row + 1, sheet.last_used_row + 1):
            value = sheet.ws.cell(row=row, column=sheet.known[column.key]).value
            team = source == "target_owners" and str(value).upper() == TEAM_OWNER
            if is_blank(value) or fold(str(value)) in allowed or team:
                continue
            where = {"file": str(scan.path), "sheet": sheet.ws.title, "row": row, "column": column.key,
                     "cell": f"{column_letter(sheet.known[column.key])}{row}", "raw": str(value)}
            new = renamed(str(value), renames)
            if new is not None:
                issues.append(drift("drift.value.renamed", expected=labels.get(new, new), **where))
            else:
                issues.append(drift("drift.value.not_in_list", expected=column.label(scan.lang), **where))
    return issues

