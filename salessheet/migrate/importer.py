"""Foreign rows -> canonical rows per owner, plus a report of every value not taken as it was.

Pure and deterministic: the same frame and mapping give the same rows and the same report.
Nothing is dropped silently: a row that cannot be imported, a value left blank or defaulted
and a source column that is not imported each leave an issue in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from salessheet.address import column_letter
from salessheet.errors import ConfigError
from salessheet.issues import Issue, Report
from salessheet.migrate import problems as p
from salessheet.migrate.mapping import ImportMapping
from salessheet.migrate.roster import OwnerTable
from salessheet.migrate.values import MISSING, Converter, converter_for
from salessheet.parse import is_blank, raw_text
from salessheet.schema import ColumnSpec, WorkbookConfig, fold, sheet

__all__ = ["ImportResult", "import_frame"]


@dataclass
class ImportResult:
    """What an import produced.

    Attributes:
        sheet: the sheet key the rows belong to ("pipeline").
        config: settings of the generated workbooks (currency, products, date order).
        rows: rep id -> canonical row dicts (choice keys, dates, floats), in source order.
        roster: Roster rows (rep_id, name, manager, region, ...).
        report: every row or value the import could not take as it was, and why.
        source_rows: number of data rows in the source.
    """

    sheet: str
    config: WorkbookConfig
    rows: dict[str, list[dict[str, Any]]]
    roster: list[dict[str, Any]]
    report: Report = field(default_factory=Report)
    source_rows: int = 0

    @property
    def imported_rows(self) -> int:
        """Rows written to some rep's sheet."""
        return sum(len(rows) for rows in self.rows.values())

    @property
    def skipped_rows(self) -> int:
        """Source rows not imported (each has an error in the report)."""
        return self.source_rows - self.imported_rows


@dataclass
class _Column:
    spec: ColumnSpec
    header: str | None
    letter: str
    convert: Converter
    default: Any


def _check_headers(frame: pd.DataFrame, mapping: ImportMapping) -> None:
    wanted = [*mapping.columns.values(), mapping.owner_header]
    missing = sorted({h for h in wanted if h is not None and h not in frame.columns})
    if missing:
        found = ", ".join(repr(str(c)) for c in frame.columns)
        raise ConfigError(
            f"the source has no column {', '.join(repr(h) for h in missing)} (it has {found})",
            f"源文件缺少列 {', '.join(missing)}（现有列：{found}）",
        )


def _columns(frame: pd.DataFrame, mapping: ImportMapping, config: WorkbookConfig) -> list[_Column]:
    letters = {str(h): column_letter(i + 1) for i, h in enumerate(frame.columns)}
    stage_map = mapping.stage_map()
    columns: list[_Column] = []
    for spec in sheet(mapping.sheet).input_columns:
        if spec.key == "owner":
            continue
        header = mapping.columns.get(spec.key)
        if header is None and spec.key not in mapping.defaults:
            if spec.required:
                raise ConfigError(
                    f"required column {spec.key!r} is neither in [columns] nor in [defaults]",
                    f"必填列 {spec.key} 既不在 [columns] 中也不在 [defaults] 中",
                )
            continue
        convert = converter_for(spec, config, value_map=mapping.value_map(spec.key), stage_map=stage_map,
                                date_format=mapping.date_format)
        default = MISSING
        if spec.key in mapping.defaults:
            default, ok = convert(mapping.defaults[spec.key])
            if not ok or default is MISSING:
                raise ConfigError(
                    f"[defaults] {spec.key} = {mapping.defaults[spec.key]!r} is not {convert.expected[0]}",
                    f"[defaults] {spec.key} 的值不是{convert.expected[1]}",
                )
        columns.append(_Column(spec, header, letters.get(header or "", ""), convert, default))
    return columns


def _convert_row(
    columns: list[_Column],
    cells: dict[str | None, list[Any]],
    index: int,
    number: int,
    catalogue: set[str],
    where: dict[str, Any],
) -> tuple[dict[str, Any], list[Issue], bool]:
    """One source row -> (canonical row, issues, importable)."""
    issues: list[Issue] = []
    row: dict[str, Any] = {}
    ok = True
    for col in columns:
        raw = cells[col.header][index] if col.header is not None else None
        at = {"cell": f"{col.letter}{number}" if col.letter else None, "row": number,
              "column": col.spec.key, "column_label": col.header or col.spec.key, **where}
        value, readable = col.convert(raw) if col.header is not None else (MISSING, True)
        expected, expected_zh = col.convert.expected
        if not readable:
            text = raw_text(raw)
            if col.default is not MISSING:
                issues.append(p.VALUE_DEFAULTED(raw=text, why=f'"{text}" is not {expected}',
                                                why_zh=f"“{text}”不是{expected_zh}",
                                                default=raw_text(col.default), **at))
                value = col.default
            elif col.spec.required:
                issues.append(p.VALUE_INVALID(raw=text, expected=expected, expected_zh=expected_zh, **at))
                ok = False
                continue
            else:
                issues.append(p.VALUE_DROPPED(raw=text, expected=expected, expected_zh=expected_zh, **at))
                continue
        elif value is MISSING:
            if col.default is MISSING:
                if col.spec.required:
                    issues.append(p.VALUE_MISSING(**at))
                    ok = False
                continue
            if col.header is not None:
                default = raw_text(col.default)
                issues.append(p.VALUE_DEFAULTED(why="blank", why_zh="为空", default=default, **at))
            value = col.default
        if col.spec.key == "product" and catalogue and fold(str(value)) not in catalogue:
            issues.append(p.PRODUCT_UNKNOWN(raw=str(value), **at))
        row[col.spec.key] = value
    return row, issues, ok


def import_frame(
    frame: pd.DataFrame,
    mapping: ImportMapping,
    *,
    team: pd.DataFrame | None = None,
    source: str = "source",
    sheet_name: str | None = None,
    first_row: int = 2,
) -> ImportResult:
    """Map a foreign table onto the mapping's sheet, split by owner.

    Args:
        frame: the source rows as read (text or typed cells), headers as columns.
        mapping: the validated mapping.toml.
        team: the foreign team list for the Roster (see ``[roster]`` in the mapping).
        source: file name used in the report.
        sheet_name: source sheet name (xlsx sources) used in the report.
        first_row: row number of the frame's first row in the source (2 below a header).

    Returns:
        The ImportResult.

    Raises:
        ConfigError: the mapping refers to columns the source does not have, or a default is invalid.
    """
    _check_headers(frame, mapping)
    config = mapping.config()
    columns = _columns(frame, mapping, config)
    owners = OwnerTable.from_team(team, mapping.roster, mapping.owner_ids)
    owners.assign_team_ids()
    report = Report()
    where = {"file": source, "sheet": sheet_name}
    used = {h for h in (*mapping.columns.values(), mapping.owner_header) if h}
    for index, header in enumerate(frame.columns):
        if str(header) not in used:
            cell = f"{column_letter(index + 1)}1"
            report.add(p.COLUMN_UNMAPPED(column_label=str(header), cell=cell, **where))

    owner_header = mapping.owner_header or ""
    owner_letter = column_letter(list(frame.columns).index(owner_header) + 1)
    owner_default = mapping.defaults.get("owner")
    catalogue = {fold(name) for name in mapping.products}
    spec_keys = sheet(mapping.sheet).key_columns
    seen_keys: dict[tuple[Any, ...], int] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    owner_order: list[str] = []
    cells: dict[str | None, list[Any]] = {
        c.header: frame[c.header].tolist() for c in columns if c.header is not None
    }
    owner_cells = frame[owner_header].tolist()

    for index in range(len(frame)):
        number = first_row + index
        row, issues, ok = _convert_row(columns, cells, index, number, catalogue, where)
        owner_raw = owner_cells[index]
        owner_name = None if is_blank(owner_raw) else raw_text(owner_raw).strip()
        if owner_name is None:
            at = {"cell": f"{owner_letter}{number}", "row": number, "column": "owner",
                  "column_label": owner_header, **where}
            if owner_default is None:
                issues.append(p.OWNER_MISSING(**at))
                ok = False
            else:
                issues.append(p.VALUE_DEFAULTED(why="blank", why_zh="为空", default=str(owner_default), **at))
                owner_name = str(owner_default)
        if ok and owner_name is not None:
            key = tuple(row.get(k) for k in spec_keys if k != "owner")
            first = seen_keys.get(key)
            if first is not None and all(v is not None for v in key):
                kcol = next(c for c in columns if c.spec.key == spec_keys[0])
                issues.append(p.ID_DUPLICATE(raw=raw_text(key[0]), first=first, row=number,
                                             column=kcol.spec.key, cell=f"{kcol.letter}{number}",
                                             column_label=kcol.header, **where))
                ok = False
            else:
                seen_keys.setdefault(key, number)
        report.extend(issues)
        if not ok or owner_name is None:
            continue
        rep_id = owners.rep_id(owner_name)
        if rep_id not in rows:
            rows[rep_id] = []
            owner_order.append(owner_name)
        owners.mark_seen(owner_name)
        row["owner"] = rep_id
        rows[rep_id].append(row)

    roster, roster_issues = owners.roster(owner_order)
    report.extend(roster_issues)
    return ImportResult(sheet=mapping.sheet, config=config, rows=dict(sorted(rows.items())), roster=roster,
                        report=report, source_rows=len(frame))
