"""Open a rep workbook with openpyxl and locate what the template put there: sheets, headers, tables.

Doctor and upgrade both start from a ``WorkbookScan``: it keeps the openpyxl workbook (formulas,
validations, tables and protection are needed, not just values) plus where each template sheet,
column and table was found.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from salessheet.address import column_letter
from salessheet.errors import ConfigError, UnreadableFileError
from salessheet.evolve.raw_numbers import restore_typed_numbers
from salessheet.io.features import load_quietly
from salessheet.io.safety import Limits, check_file, open_package
from salessheet.read.headers import find_header_row, header_lookup, map_header
from salessheet.read.workbook import find_sheet
from salessheet.schema import SHEETS, SheetSpec, WorkbookConfig, fold
from salessheet.templates.builder import CUSTOM_PROPERTY_PREFIX
from salessheet.templates.config_sheet import META_KEYS, WorkbookStamp, parse_config_rows
from salessheet.templates.layout import extra_sheet_name

__all__ = ["SheetScan", "WorkbookScan", "is_blank", "scan_workbook"]

_CONFIG_NAMES = ("config", "配置", "设置", "settings")
_TEMPLATE_EXTRAS = ("instructions", "dashboard", "config", "lists")


def is_blank(value: Any) -> bool:
    """True for an empty cell (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class SheetScan:
    """Where one template sheet's parts were found.

    Attributes:
        spec: the sheet.
        ws: its worksheet.
        header_row: 1-based header row.
        known: column key -> 1-based column of every template column found.
        labels: column key or extra name -> header text as found.
        extras: extra column name -> 1-based column, in sheet order.
        table: the sheet's Excel table, if any.
        used_rows: rows with a value in an input or extra column, in order.
    """

    spec: SheetSpec
    ws: Worksheet
    header_row: int
    known: dict[str, int]
    labels: dict[str, str]
    extras: dict[str, int]
    table: Table | None
    used_rows: list[int]

    @property
    def last_used_row(self) -> int:
        """Last row with a value in an input or extra column (the header row if none)."""
        return self.used_rows[-1] if self.used_rows else self.header_row

    @property
    def letters(self) -> dict[str, str]:
        """Column key -> letter, for the template columns found."""
        return {key: column_letter(col) for key, col in self.known.items()}

    @property
    def table_bounds(self) -> tuple[int, int, int, int] | None:
        """(min_col, min_row, max_col, max_row) of the table."""
        if self.table is None:
            return None
        bounds = range_boundaries(self.table.ref)
        return (bounds[0] or 1, bounds[1] or 1, bounds[2] or 1, bounds[3] or 1)

    @property
    def table_last_row(self) -> int:
        """Last row of the table (the header row when there is no table)."""
        bounds = self.table_bounds
        return bounds[3] if bounds else self.header_row

    def value(self, row: int, key: str) -> Any:
        """Cell value of column ``key`` (template key or extra name) in ``row``."""
        col = self.known.get(key) or self.extras.get(key)
        return self.ws.cell(row=row, column=col).value if col else None


@dataclass
class WorkbookScan:
    """A workbook opened for doctor or upgrade.

    Attributes:
        path: the file.
        wb: the workbook (formulas, not cached values).
        lang: "en" or "zh".
        version / schema_hash / owner / kind: as stamped (None or defaults when absent).
        config: Config settings (defaults when the sheet is missing or unusable).
        config_error: why the Config sheet could not be used, if it could not.
        sheets: sheet key -> SheetScan of every template sheet found.
        extra_sheets: tabs that are not part of the template, in order.
    """

    path: Path
    wb: Workbook
    lang: str
    version: int | None
    schema_hash: str | None
    owner: str | None
    kind: str
    config: WorkbookConfig
    config_error: str | None = None
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    extra_sheets: list[str] = field(default_factory=list)


def _open(path: Path) -> Workbook:
    limits = Limits()
    check_file(path, limits)
    open_package(path, limits).close()
    try:
        wb = load_quietly(path, keep_links=False)  # (upgrade lists what it would not carry)
        restore_typed_numbers(wb, path)
        return wb
    except (OSError, KeyError, ValueError, TypeError, IndexError, zipfile.BadZipFile) as exc:
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        raise UnreadableFileError(f"the workbook cannot be read ({detail})", "无法读取该工作簿（文件已损坏）",
                                  location=str(path)) from exc


def _stamp(wb: Workbook, config_ws: Worksheet | None) -> tuple[WorkbookConfig, WorkbookStamp, str | None]:
    config, stamp, error = WorkbookConfig(), WorkbookStamp(), None
    if config_ws is not None:
        try:
            config, stamp = parse_config_rows(list(config_ws.iter_rows(values_only=True)))
        except ConfigError as exc:
            error = exc.message_en
    for prop in wb.custom_doc_props.props:
        key = re.sub(f"^{CUSTOM_PROPERTY_PREFIX}", "", prop.name)
        if key in META_KEYS and prop.value not in (None, "") and key not in stamp:
            stamp[key] = str(prop.value)
    return config, stamp, error


def _find(wb: Workbook, spec: SheetSpec) -> Worksheet | None:
    name = find_sheet(wb.sheetnames, (spec.name_en, spec.name_zh, spec.table_name, spec.key))
    if name is not None:
        return wb[name]
    return next((ws for ws in wb.worksheets if spec.table_name in ws.tables), None)


def _scan_sheet(ws: Worksheet, spec: SheetSpec) -> SheetScan:
    lookup = header_lookup(spec)
    top = [list(r) for r in ws.iter_rows(min_row=1, max_row=30, values_only=True)]
    index = find_header_row(top, lookup)
    header_row = 1 if index is None else index + 1
    cells = top[header_row - 1] if len(top) >= header_row else []
    hmap = map_header(cells, lookup, {c.key for c in spec.columns})
    known = {key: col + 1 for key, col in hmap.known.items()}
    extras = {name: col + 1 for name, col in hmap.extras.items()}
    inputs = {col for key, col in known.items() if not spec.column(key).computed}
    headed = set(known.values()) | set(extras.values())
    used: list[int] = []
    unheaded: set[int] = set()
    first = header_row + 1
    for number, row in enumerate(ws.iter_rows(min_row=first, values_only=True), start=first):
        filled = {col for col, value in enumerate(row, start=1) if not is_blank(value)}
        unheaded |= filled - headed
        if filled & (inputs | set(extras.values()) | (filled - headed)):
            used.append(number)
    for col in sorted(unheaded):  # values under no header are kept as an extra column too
        name = f"Column {column_letter(col)}"
        extras[name], hmap.labels[name] = col, name
    extras = dict(sorted(extras.items(), key=lambda item: item[1]))
    table = ws.tables.get(spec.table_name)
    if table is None and len(ws.tables) == 1:
        table = next(iter(ws.tables.values()))
    return SheetScan(spec, ws, header_row, known, hmap.labels, extras, table, used)


def scan_workbook(path: str | Path) -> WorkbookScan:
    """Open ``path`` and locate the template's sheets, columns, tables and stamp.

    Raises:
        UnreadableFileError: not a readable workbook, or no Targets/Pipeline/Tasks/Risks sheet.
    """
    path = Path(path)
    wb = _open(path)
    config_name = find_sheet(wb.sheetnames, _CONFIG_NAMES)
    config, stamp, error = _stamp(wb, wb[config_name] if config_name else None)
    found = {spec.key: ws for spec in SHEETS if (ws := _find(wb, spec)) is not None}
    if not any(key in found for key in ("targets", "pipeline", "tasks", "risks")):
        raise UnreadableFileError("not a salessheet workbook: no Targets, Pipeline, Tasks or Risks sheet",
                                  "不是 salessheet 工作簿：没有 目标/商机/任务/风险 工作表",
                                  location=str(path))
    zh = any(fold(ws.title) == fold(spec.name_zh) for spec in SHEETS if (ws := found.get(spec.key)))
    lang = str(stamp.get("language") or ("zh" if zh else "en"))
    lang = "zh" if lang.lower().startswith("zh") else "en"
    template_tabs = {ws.title for ws in found.values()} | ({config_name} if config_name else set())
    for key in _TEMPLATE_EXTRAS:
        template_tabs |= {extra_sheet_name(key, "en"), extra_sheet_name(key, "zh")}
    scan = WorkbookScan(
        path=path, wb=wb, lang=lang, version=stamp.template_version, schema_hash=stamp.get("schema_hash"),
        owner=stamp.get("owner") or None, kind=stamp.get("workbook_kind") or "rep", config=config,
        config_error=error, extra_sheets=[n for n in wb.sheetnames if n not in template_tabs],
    )
    scan.sheets = {key: _scan_sheet(ws, spec) for spec in SHEETS if (ws := found.get(key := spec.key))}
    return scan
