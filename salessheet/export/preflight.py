"""Pre-flight: what a CRM import would reject in the generated files, before anyone uploads them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from salessheet.export.crm_targets import CrmTarget
from salessheet.issues import Issue, IssueType, Report, Severity

__all__ = ["CHECKS", "preflight"]

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO


def _type(code: str, severity: Severity, en: str, zh: str) -> IssueType:
    return IssueType(f"crm.{code}", severity, en, zh)


CHECKS: dict[str, IssueType] = {
    "required": _type("required", _E, '{sheet} row {row}: "{column}" is required by {crm}',
                      "{sheet} 第 {row} 行：{crm} 要求填写“{column}”"),
    "option": _type("option", _E,
                    '{sheet} row {row}: "{column}" needs one of {crm}\'s internal values ({expected}); '
                    'got "{raw}"',
                    "{sheet} 第 {row} 行：“{column}”须为 {crm} 的内部值（{expected}）；实际为“{raw}”"),
    "currency": _type("currency", _E,
                      '{sheet} row {row}: "{column}" and "{other}" must be filled together',
                      "{sheet} 第 {row} 行：“{column}”和“{other}”必须同时填写"),
    "reference": _type("reference", _E,
                       '{sheet} row {row}: "{column}" refers to {raw}, which is not in {expected}; '
                       "import that file first",
                       "{sheet} 第 {row} 行：“{column}”引用的 {raw} 不在 {expected} 中；请先导入该文件"),
    "id": _type("id", _E, '{sheet} row {row}: id "{raw}" is used more than once; a re-import could not '
                          "tell the records apart",
                "{sheet} 第 {row} 行：ID“{raw}”重复；再次导入时无法区分记录"),
    "row_limit": _type("row_limit", _I, "{sheet}: {raw} rows exceed {crm}'s {expected} rows per file; "
                                        "written as several files, import them all",
                       "{sheet}：{raw} 行超过 {crm} 每个文件 {expected} 行的限制；"
                       "已拆分为多个文件，请全部导入"),
}
"""Each kind of rejection the pre-flight detects, by short name."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def preflight(target: CrmTarget, rows: dict[str, list[dict[str, Any]]], *,
              max_rows: int | None = None) -> Report:
    """Every row of ``rows`` (from ``crm_rows``) the target would reject, and why.

    Rows are numbered as in the written file (header = row 1).
    """
    issues: list[Issue] = []
    known: dict[str, set[Any]] = {}
    limit = max_rows or target.max_rows
    for spec in target.files:  # in import order: references may only point at earlier files
        data = rows.get(spec.object, [])
        where = {"sheet": spec.name, "crm": target.title}
        counts = Counter(r.get(spec.id_column) for r in data)
        for number, row in enumerate(data, start=2):
            at = {**where, "row": number}
            for column in spec.required:
                if _blank(row.get(column)):
                    issues.append(CHECKS["required"](column=column, **at))
            for column, allowed in spec.options.items():
                value = row.get(column)
                if not _blank(value) and value not in allowed:
                    issues.append(CHECKS["option"](column=column, raw=str(value), expected=", ".join(allowed),
                                                   **at))
            for first, second in spec.together:
                if _blank(row.get(first)) != _blank(row.get(second)):
                    issues.append(CHECKS["currency"](column=first, other=second, **at))
            for column, (obj, _id_column) in spec.references.items():
                value = row.get(column)
                if not _blank(value) and value not in known.get(obj, set()):
                    issues.append(CHECKS["reference"](column=column, raw=str(value),
                                                      expected=target.file(obj).name, **at))
            identity = row.get(spec.id_column)
            if not _blank(identity) and counts[identity] > 1:
                issues.append(CHECKS["id"](raw=str(identity), **at))
        known[spec.object] = {r.get(spec.id_column) for r in data}
        if len(data) > limit:
            issues.append(CHECKS["row_limit"](raw=str(len(data)), expected=str(limit), **where))
    return Report(issues)
