"""read_source: any SheetSource -> WorkbookData (sheets found by name, Config and version stamp read)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from salessheet.errors import ConfigError, UnreadableFileError
from salessheet.issues import Issue, Report
from salessheet.read.frame import SheetContext, build_sheet_rows
from salessheet.read.raw import SheetSource
from salessheet.schema import (
    DATA_SHEETS,
    SHEETS,
    TEMPLATE_VERSION,
    SheetSpec,
    WorkbookConfig,
    fold,
    schema_hash,
)
from salessheet.templates.config_sheet import META_KEYS, WorkbookStamp, parse_config_rows
from salessheet.validate.catalogue import WORKBOOK_ISSUES, sheet_issue
from salessheet.workbook import ROW_COLUMN, SheetRows, WorkbookData

__all__ = ["find_sheet", "read_source"]

_CONFIG_NAMES = ("config", "配置", "设置", "settings")


def _compact(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", fold(name))


def find_sheet(names: Iterable[str], candidates: Iterable[str]) -> str | None:
    """The first tab in ``names`` equal to a candidate, ignoring case, width and spaces.

    >>> find_sheet(["说明", " PIPE line "], ["Pipeline", "商机"])
    ' PIPE line '
    """
    wanted = {_compact(c) for c in candidates}
    return next((n for n in names if _compact(n) in wanted), None)


def _names(spec: SheetSpec) -> tuple[str, ...]:
    return spec.name_en, spec.name_zh, spec.table_name, spec.key


def _stamp_rows(rows: Sequence[Sequence[Any]]) -> WorkbookStamp:
    """Only the stamp of a Config sheet whose settings are unusable (key in A, value in C)."""
    stamp = WorkbookStamp()
    for row in rows:
        cells = [*row, None, None, None][:3]
        key, value = str(cells[0] or "").strip(), cells[2]
        if key in META_KEYS and value not in (None, ""):
            stamp[key] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return stamp


def _stamp(source: SheetSource, stamp: WorkbookStamp) -> WorkbookStamp:
    """Config-sheet stamp completed by custom document properties (``template_version`` or
    ``salessheet_template_version``)."""
    merged = WorkbookStamp(stamp)
    for name, value in source.properties.items():
        key = re.sub(r"^salessheet[_.\s]?", "", fold(name)).replace(" ", "_")
        if key in META_KEYS and value and key not in merged:
            merged[key] = value
    return merged


def _version_issues(stamp: WorkbookStamp, file: str) -> list[Issue]:
    version = stamp.template_version
    if version is None:
        return [WORKBOOK_ISSUES["workbook.template.not_stamped"](file=file)]
    params = {"file": file, "found": version, "current": TEMPLATE_VERSION}
    issues = [WORKBOOK_ISSUES["workbook.template.version"](**params)]
    if version < TEMPLATE_VERSION:
        issues.append(WORKBOOK_ISSUES["workbook.template.older"](**params))
    elif version > TEMPLATE_VERSION:
        issues.append(WORKBOOK_ISSUES["workbook.template.newer"](**params))
    elif stamp.get("schema_hash") and stamp["schema_hash"] != schema_hash():
        issues.append(WORKBOOK_ISSUES["workbook.template.schema_mismatch"](
            file=file, found=stamp["schema_hash"], current=schema_hash()))
    return issues


def read_source(source: SheetSource, *, config_override: WorkbookConfig | None = None) -> WorkbookData:
    """Read every registry sheet of ``source`` into WorkbookData; bad data becomes issues.

    Raises:
        UnreadableFileError: the workbook has no sheets, or none of Targets/Pipeline/Tasks/Risks.
    """
    names = source.sheet_names
    file = source.path
    if not names:
        raise UnreadableFileError("the workbook has no sheets", "工作簿中没有工作表", location=file)
    report = Report()
    config, stamp = WorkbookConfig(), WorkbookStamp()
    config_name = find_sheet(names, _CONFIG_NAMES)
    if config_name is not None:
        config_rows = source.sheet(config_name).rows
        try:
            config, stamp = parse_config_rows(config_rows)
        except ConfigError as exc:
            report.add(WORKBOOK_ISSUES["workbook.config.invalid"](file=file, sheet=config_name,
                                                                  raw=exc.message_en))
            stamp = _stamp_rows(config_rows)
    stamp = _stamp(source, stamp)
    config = config_override or config
    found = {spec.key: find_sheet(names, _names(spec)) for spec in SHEETS}
    if not any(found[spec.key] for spec in DATA_SHEETS):
        raise UnreadableFileError(
            "not a salessheet workbook: no Targets, Pipeline, Tasks or Risks sheet",
            "不是 salessheet 工作簿：没有 目标/商机/任务/风险 工作表", location=file)
    zh_names = any(name and _compact(name) == _compact(sheet_spec.name_zh)
                   for sheet_spec in SHEETS if (name := found[sheet_spec.key]))
    lang = stamp.get("language") or ("zh" if zh_names else "en")
    lang = "zh" if lang.lower().startswith("zh") else "en"
    report.extend(_version_issues(stamp, file))
    ctx = SheetContext(file=file, config=config, version=stamp.template_version, lang=lang)
    sheets: dict[str, SheetRows] = {}
    for spec in SHEETS:
        name = found[spec.key]
        if name is None:
            missing = sheet_issue(spec.key, "sheet.missing")
            report.add(missing(file=file, sheet_en=spec.name_en, sheet_zh=spec.name_zh))
            sheets[spec.key] = SheetRows(spec.key, None, pd.DataFrame({ROW_COLUMN: pd.Series([], dtype=int)}))
            continue
        rows, issues = build_sheet_rows(source.sheet(name), spec, ctx)
        sheets[spec.key] = rows
        report.extend(issues)
    return WorkbookData(path=file, lang=lang, template_version=stamp.template_version,
                        schema_hash=stamp.get("schema_hash"), owner=stamp.get("owner"), config=config,
                        sheets=sheets, report=report)
