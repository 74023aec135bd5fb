"""The doctor's findings: every drift code, its message, and the fix ``upgrade`` applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salessheet.issues import Issue, IssueType, Severity

__all__ = ["DRIFT", "DriftType", "drift", "findings_markdown", "fix_of"]

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class DriftType:
    """A kind of drift: the issue type plus what ``upgrade`` does about it.

    Attributes:
        issue: code, severity and message templates.
        fix_en / fix_zh: the fix, one line.
        fixable: True when ``upgrade`` repairs it (it then counts as a pending change).
    """

    issue: IssueType
    fix_en: str
    fix_zh: str
    fixable: bool = True


def _t(code: str, severity: Severity, en: str, zh: str, fix_en: str, fix_zh: str,
       fixable: bool = True) -> tuple[str, DriftType]:
    return code, DriftType(IssueType(code, severity, en, zh), fix_en, fix_zh, fixable)


DRIFT: dict[str, DriftType] = dict([
    _t("drift.file.unreadable", E, "the file cannot be read: {raw}", "无法读取文件：{raw}",
       "none: restore the file from a backup", "无：请从备份恢复文件", False),
    _t("drift.config.invalid", E, "the Config sheet cannot be used: {raw}", "配置表无法使用：{raw}",
       "none: correct the Config sheet by hand; upgrade leaves the file alone",
       "无：请手动修正配置表；升级不会改动此文件", False),
    _t("drift.template.not_stamped", W, "no template version stamp", "没有模板版本标记",
       "stamp the current template version", "写入当前模板版本"),
    _t("drift.template.outdated", W, "template version {found} (schema {hash}); current is {current}",
       "模板版本 {found}（结构 {hash}）；当前版本为 {current}",
       "migrate the workbook to the current version, step by step", "逐步迁移到当前模板版本"),
    _t("drift.template.newer", E, "template version {found} is newer than this salessheet ({current})",
       "模板版本 {found} 比本程序支持的版本（{current}）更新",
       "none: update salessheet", "无：请升级 salessheet", False),
    _t("drift.template.schema_mismatch", W, "schema hash {found} does not match version {current} ({hash})",
       "结构校验码 {found} 与版本 {current}（{hash}）不符",
       "rebuild the workbook from the current template", "按当前模板重建工作簿"),
    _t("drift.sheet.missing", W, "sheet {expected} is missing", "缺少工作表 {expected}",
       "add the sheet (empty)", "添加该工作表（空）"),
    _t("drift.sheet.renamed", W, "sheet {expected} is named {found}", "工作表 {expected} 被改名为 {found}",
       "rename the tab back", "恢复原工作表名称"),
    _t("drift.column.missing", W, "column {expected} is missing", "缺少列 {expected}",
       "add the column (with its formula when computed)", "添加该列（计算列带公式）"),
    _t("drift.column.renamed", W, "header {found} should read {expected}", "表头 {found} 应为 {expected}",
       "rename the header; values stay in the column", "修改表头；列中数值不变"),
    _t("drift.column.order", W, "the template columns are not in template order",
       "模板列的顺序与模板不一致", "put the template columns back in order, with their values",
       "按模板顺序重排模板列及其数值"),
    _t("drift.column.extra", N, "column {found} is not part of the template",
       "列 {found} 不属于模板", "kept with its values, after the template columns",
       "保留该列及数值，放在模板列之后", False),
    _t("drift.formula.changed", W, "formula of {expected} changed in {cell}",
       "{cell} 中 {expected} 的公式被修改", "restore the template formula", "恢复模板公式"),
    _t("drift.formula.deleted", W, "formula of {expected} deleted or typed over in {cell} ({raw})",
       "{cell} 中 {expected} 的公式被删除或被手填值覆盖（{raw}）",
       "restore the template formula (a typed value is replaced; the backup keeps it)",
       "恢复模板公式（手填值被替换；备份中保留）"),
    _t("drift.validation.removed", W, "dropdown or check of {expected} removed in {cell}",
       "{cell} 中 {expected} 的下拉列表或校验被删除", "add the template validation again",
       "重新添加模板校验"),
    _t("drift.validation.changed", W, "dropdown or check of {expected} edited in {cell}",
       "{cell} 中 {expected} 的下拉列表或校验被修改", "replace it with the template validation",
       "替换为模板校验"),
    _t("drift.value.renamed", W, "{raw} was renamed {expected} in a template change",
       "{raw} 已在模板变更中更名为 {expected}", "replace the old value with the new one",
       "将旧值替换为新值"),
    _t("drift.value.not_in_list", W, "{raw} is not in the {expected} list", "{raw} 不在 {expected} 列表中",
       "none: kept as typed; choose a value from the dropdown", "无：保留原值；请从下拉列表中选择", False),
    _t("drift.table.missing", W, "the {expected} table is missing", "缺少 {expected} 表格",
       "create the table over the data", "在数据上重建表格"),
    _t("drift.table.range", W, "table {expected} covers {found}, not all the columns {raw}",
       "表格 {expected} 的范围 {found} 未覆盖所有列 {raw}", "resize the table to every column",
       "调整表格范围覆盖所有列"),
    _t("drift.rows.below_table", W, "rows typed below the table in {cell}", "{cell} 有写在表格下方的行",
       "bring the rows into the table, with formulas and dropdowns", "将这些行纳入表格，补上公式和下拉列表"),
    _t("drift.protection.removed", W, "sheet protection was removed", "工作表保护已被取消",
       "protect the sheet again (no password; input cells stay editable)",
       "重新保护工作表（无密码；输入单元格仍可编辑）"),
])
"""Every doctor finding by code."""


def drift(code: str, **where: Any) -> Issue:
    """An Issue of drift ``code``; ``where`` gives location fields and message parameters."""
    return DRIFT[code].issue(**where)


def fix_of(issue: Issue, lang: str = "en") -> str:
    """The fix ``upgrade`` applies for ``issue``."""
    kind = DRIFT[issue.code]
    return kind.fix_zh if lang == "zh" else kind.fix_en


def findings_markdown() -> str:
    """The findings table of ``docs/templates-evolution.md`` (kept up to date by a test)."""
    lines = ["| Code | Severity | Upgrade fixes it | What upgrade does |", "|---|---|---|---|"]
    for code, kind in DRIFT.items():
        lines.append(f"| `{code}` | {kind.issue.severity.value} | {'yes' if kind.fixable else 'no'} "
                     f"| {kind.fix_en} |")
    return "\n".join(lines) + "\n"
