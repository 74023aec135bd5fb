"""The issue catalogue: every issue code the reader and validator emit, with severity and en/zh text.

Column issues have codes ``{sheet}.{column}.{check}`` (``pipeline.amount.not_a_number``); sheet
issues ``{sheet}.{topic}.{check}``; workbook issues ``workbook.{topic}.{check}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from salessheet.issues import Issue, IssueType, Severity
from salessheet.schema import SHEETS, ColumnKind, ColumnSpec, SheetSpec, sheet

__all__ = [
    "COLUMN_CHECKS",
    "SHEET_CHECKS",
    "WORKBOOK_ISSUES",
    "ColumnIssueType",
    "all_issue_types",
    "column_issue",
    "markdown_table",
    "sheet_issue",
]

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO
_NUMERIC = (ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.PERCENT)


@dataclass(frozen=True)
class Check:
    """A check applied to some columns; ``applies`` says which."""

    severity: Severity
    en: str
    zh: str
    applies: Callable[[SheetSpec, ColumnSpec], bool]


def _all(_s: SheetSpec, _c: ColumnSpec) -> bool:
    return True


def _only(sheet_key: str, *columns: str) -> Callable[[SheetSpec, ColumnSpec], bool]:
    return lambda s, c: s.key == sheet_key and c.key in columns


def _kinds(*kinds: ColumnKind) -> Callable[[SheetSpec, ColumnSpec], bool]:
    return lambda s, c: c.kind in kinds


def _fixed_choice(_s: SheetSpec, c: ColumnSpec) -> bool:
    return c.kind is ColumnKind.CHOICE and c.choices not in ("stages", "owners")


COLUMN_CHECKS: dict[str, Check] = {
    "missing_column": Check(E, "required column {label_en} is missing", "缺少必填列 {label_zh}",
                            lambda s, c: c.required),
    "required": Check(E, "{label_en} is required", "{label_zh} 为必填项",
                      lambda s, c: c.required and not c.computed),
    "not_a_number": Check(E, '{label_en}: "{raw}" is not a number', "{label_zh}：“{raw}” 不是数字",
                          _kinds(*_NUMERIC)),
    "not_an_integer": Check(E, '{label_en}: "{raw}" is not a whole number', "{label_zh}：“{raw}” 不是整数",
                            _kinds(ColumnKind.INTEGER)),
    "not_a_date": Check(E, '{label_en}: "{raw}" is not a date', "{label_zh}：“{raw}” 不是日期",
                        _kinds(ColumnKind.DATE)),
    "not_a_boolean": Check(E, '{label_en}: "{raw}" is not yes/no', "{label_zh}：“{raw}” 不是 是/否",
                           _kinds(ColumnKind.BOOLEAN)),
    "unknown_choice": Check(E, '{label_en}: "{raw}" is not one of {expected}',
                            "{label_zh}：“{raw}” 不在可选值 {expected} 中", _fixed_choice),
    "not_configured": Check(E, '{label_en}: stage "{raw}" is not in the Config stage list',
                            "{label_zh}：阶段 “{raw}” 不在配置的阶段列表中",
                            lambda s, c: c.choices == "stages"),
    "not_in_roster": Check(E, '{label_en}: "{raw}" is not a rep in the Roster',
                           "{label_zh}：“{raw}” 不在团队名单中", lambda s, c: c.choices == "owners"),
    "below_minimum": Check(E, "{label_en}: {raw} is below the minimum {expected}",
                           "{label_zh}：{raw} 小于最小值 {expected}", lambda s, c: c.minimum is not None),
    "above_maximum": Check(E, "{label_en}: {raw} is above the maximum {expected}",
                           "{label_zh}：{raw} 大于最大值 {expected}", lambda s, c: c.maximum is not None),
    "formula_error": Check(E, "{label_en}: formula error {raw}", "{label_zh}：公式错误 {raw}", _all),
    "merged": Check(W, '{label_en}: merged cell; the value of its top-left cell "{raw}" was used',
                    "{label_zh}：合并单元格；已使用左上角单元格的值", _all),
    "duplicate": Check(E, '{label_en} "{raw}" is used on more than one row (also row {expected})',
                       "{label_zh} “{raw}” 重复（另见第 {expected} 行）",
                       lambda s, c: s.key_columns == (c.key,)),
    "unknown_deal": Check(E, '{label_en}: no deal "{raw}" on the Pipeline sheet',
                          "{label_zh}：商机表中没有 “{raw}”",
                          lambda s, c: s.key in ("tasks", "risks") and c.key == "deal_id"),
    "not_in_catalogue": Check(W, '{label_en}: "{raw}" is not in the product catalogue',
                              "{label_zh}：“{raw}” 不在产品目录中", lambda s, c: c.key == "product"),
    "far_from_stage": Check(W, "{label_en}: {raw} is far from the stage default {expected}",
                            "{label_zh}：{raw} 与阶段默认值 {expected} 相差过大",
                            _only("pipeline", "probability")),
    "in_past": Check(W, "{label_en}: {raw} is in the past but the deal is still open",
                     "{label_zh}：{raw} 已过去，但商机仍未关闭", _only("pipeline", "expected_close_date")),
    "missing_for_won": Check(E, "{label_en} is required for a won deal", "赢单商机必须填写{label_zh}",
                             _only("pipeline", "actual_close_date")),
    "not_positive": Check(E, "{label_en}: {raw} must be greater than 0", "{label_zh}：{raw} 必须大于 0",
                          _only("pipeline", "amount")),
    "stale": Check(W, "{label_en}: no activity for {expected} days (open deal)",
                   "{label_zh}：已 {expected} 天未跟进（未关闭商机）",
                   _only("pipeline", "last_activity_date")),
    "not_a_period": Check(E, '{label_en}: "{raw}" is not a period such as 2026, 2026-Q3, 2026-07, 2026-W27',
                          "{label_zh}：“{raw}” 不是有效周期（如 2026、2026-Q3、2026-07、2026-W27）",
                          _only("targets", "period")),
    "probable_duplicate": Check(
        W, "probably the same deal as row {expected} (same customer and product, both open)",
        "疑似重复商机：与第 {expected} 行客户和产品相同（均未关闭）", _only("pipeline", "customer")),
}

SHEET_CHECKS: dict[str, tuple[Severity, str, str]] = {
    "sheet.missing": (E, "sheet {sheet_en} is missing", "缺少工作表 {sheet_zh}"),
    "header.not_found": (E, "no header row found in sheet {sheet_label}",
                         "工作表 {sheet_label} 中找不到标题行"),
    "column.duplicate_header": (W, "column {label} appears twice; the second one is kept as an extra column",
                                "列 {label} 出现两次；第二列作为附加列保留"),
    "row.hidden": (N, "row {row} is hidden; it was read", "第 {row} 行被隐藏；已读取"),
    "row.duplicate": (E, "same period, owner, metric, product and region as row {expected}",
                      "与第 {expected} 行的周期、负责人、指标、产品和区域相同"),
}

WORKBOOK_ISSUES: dict[str, IssueType] = {t.code: t for t in (
    IssueType("workbook.template.version", N, "template version {found} found (current {current})",
              "检测到模板版本 {found}（当前版本 {current}）"),
    IssueType("workbook.template.older", W,
              "template version {found} is older than {current}; old column names and values were mapped",
              "模板版本 {found} 早于 {current}；已映射旧列名和旧值"),
    IssueType("workbook.template.newer", W,
              "template version {found} is newer than this program ({current}); update salessheet",
              "模板版本 {found} 比本程序支持的 {current} 新；请升级 salessheet"),
    IssueType("workbook.template.not_stamped", N, "no template version stamp found; read by column names",
              "未找到模板版本标记；按列名读取"),
    IssueType("workbook.template.schema_mismatch", W,
              "schema hash {found} differs from {current}; columns may have been changed by hand",
              "结构校验码 {found} 与 {current} 不同；列可能被手动修改"),
    IssueType("workbook.config.invalid", E, "Config sheet: {raw}; defaults were used",
              "配置表：{raw}；已使用默认值"),
    IssueType("workbook.file.unreadable", E, "{raw}", "{raw}"),
)}


@dataclass(frozen=True)
class ColumnIssueType(IssueType):
    """An IssueType on a registry column; fills ``label_en``/``label_zh`` in its messages."""

    label_en: str = ""
    label_zh: str = ""

    def __call__(self, **where: Any) -> Issue:
        """An Issue of this type (see ``IssueType.__call__``)."""
        where.setdefault("label_en", self.label_en)
        where.setdefault("label_zh", self.label_zh)
        return super().__call__(**where)


@cache
def column_issue(sheet_key: str, column_key: str, check: str) -> IssueType:
    """The IssueType of ``check`` on ``sheet_key.column_key``; KeyError for unknown combinations.

    >>> column_issue("pipeline", "amount", "not_a_number").code
    'pipeline.amount.not_a_number'
    """
    spec = sheet(sheet_key)
    item = COLUMN_CHECKS[check]
    column = next((c for c in spec.columns if c.key == column_key), None)
    if column is None or not item.applies(spec, column):
        raise KeyError(f"{sheet_key}.{column_key}.{check}")
    return ColumnIssueType(f"{sheet_key}.{column_key}.{check}", item.severity, item.en, item.zh,
                           column.label_en, column.label_zh)


@cache
def sheet_issue(sheet_key: str, check: str) -> IssueType:
    """The IssueType of sheet-level ``check`` (``header.not_found``) on ``sheet_key``."""
    if check == "row.duplicate" and sheet_key != "targets":
        raise KeyError(f"{sheet_key}.{check}")
    severity, en, zh = SHEET_CHECKS[check]
    if check == "sheet.missing" and sheet_key == "roster":
        severity = W
    sheet(sheet_key)
    return IssueType(f"{sheet_key}.{check}", severity, en, zh)


def all_issue_types() -> list[IssueType]:
    """Every issue type, workbook issues first, then by sheet and column in registry order."""
    types = list(WORKBOOK_ISSUES.values())
    for spec in SHEETS:
        for check in SHEET_CHECKS:
            try:
                types.append(sheet_issue(spec.key, check))
            except KeyError:
                continue
        for column in spec.columns:
            types.extend(column_issue(spec.key, column.key, check) for check, item in COLUMN_CHECKS.items()
                         if item.applies(spec, column))
    return types


def markdown_table() -> str:
    """Every issue code as a Markdown table (code, severity, English and Chinese message).

    docs/validation.md embeds this table between its ``issue-codes`` markers.
    """
    lines = ["| Code | Severity | Message (en) | Message (zh) |", "|---|---|---|---|"]
    for kind in all_issue_types():
        en = kind.en.replace("|", "\\|")
        zh = kind.zh.replace("|", "\\|")
        lines.append(f"| `{kind.code}` | {kind.severity.value} | {en} | {zh} |")
    return "\n".join(lines)
