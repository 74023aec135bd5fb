"""Team rows -> table rows that satisfy the export schema's constraints; the rest is reported.

Pure: a row missing a required value, holding a value outside its choice list or range, or
pointing at a deal that does not exist is left out with an error in the report, so that the
database load itself never fails half-way on bad data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salessheet.export.source import TeamData
from salessheet.export.tables import TABLE_OF_SHEET, row_key
from salessheet.issues import Issue, IssueType, Report, Severity
from salessheet.schema import CHOICE_LISTS, ColumnSpec, SheetSpec, WorkbookConfig, sheet

__all__ = ["ROW_REJECTED", "TableRows", "prepare_rows", "target_id"]

ROW_REJECTED = IssueType(
    "export.row.rejected", Severity.ERROR,
    "{sheet} {raw}: {why}; row not exported",
    "{sheet_zh} {raw}：{why_zh}；该行未导出",
)
REP_ADDED = IssueType(
    "export.rep.added", Severity.INFO,
    'owner "{raw}" is not in the roster; exported as a rep with that id as name',
    "负责人“{raw}”不在团队名单中；已按该ID导出为销售代表",
)

TableRows = dict[str, list[dict[str, Any]]]
"""Table name -> rows with every column of the table present."""


def target_id(row: dict[str, Any]) -> str:
    """The targets' surrogate key: key columns joined by '|', blanks as empty.

    >>> target_id({"period": "2026-Q1", "owner": "alice", "metric": "revenue", "product": None})
    '2026-Q1|alice|revenue||'
    """
    return "|".join("" if row.get(k) is None else str(row[k]) for k in sheet("targets").key_columns)


def _allowed(spec: ColumnSpec, config: WorkbookConfig) -> set[Any] | None:
    if spec.choices == "stages":
        return {s.key for s in config.stages}
    if spec.choices and spec.choices in CHOICE_LISTS:
        keys = [c.key for c in CHOICE_LISTS[spec.choices]]
        return {int(k) for k in keys} if spec.python_type is int else set(keys)
    return None


def _problem(spec: ColumnSpec, value: Any, allowed: set[Any] | None) -> dict[str, str] | None:
    """Why ``value`` cannot be exported in column ``spec``, in English and Chinese (``why``, ``why_zh``)."""
    if value is None:
        return {"why": f"{spec.key} is required", "why_zh": f"{spec.label_zh}（{spec.key}）必填"} if (
            spec.required) else None
    if allowed is not None and value not in allowed:
        return {"why": f"{spec.key} {value!r} is not an allowed value",
                "why_zh": f"{spec.label_zh}（{spec.key}）的值 {value!r} 不在允许的选项中"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        if spec.minimum is not None and value < spec.minimum:
            return {"why": f"{spec.key} {value!r} is below {spec.minimum:g}",
                    "why_zh": f"{spec.label_zh}（{spec.key}）的值 {value!r} 小于 {spec.minimum:g}"}
        if spec.maximum is not None and value > spec.maximum:
            return {"why": f"{spec.key} {value!r} is above {spec.maximum:g}",
                    "why_zh": f"{spec.label_zh}（{spec.key}）的值 {value!r} 大于 {spec.maximum:g}"}
    return None


def _check_rows(spec: SheetSpec, rows: Sequence[dict[str, Any]], config: WorkbookConfig,
                issues: list[Issue]) -> list[dict[str, Any]]:
    columns = [(c, _allowed(c, config)) for c in spec.input_columns]
    keep: list[dict[str, Any]] = []
    for row in rows:
        full = {c.key: row.get(c.key) for c, _ in columns}
        why = next((w for c, allowed in columns if (w := _problem(c, full[c.key], allowed))), None)
        if why:
            issues.append(ROW_REJECTED(sheet=spec.name_en, sheet_zh=spec.name_zh,
                                       raw=str(full.get(spec.key_columns[0])), **why))
            continue
        if spec.key == "targets":
            full = {"target_id": target_id(full), **full}
        keep.append(full)
    return keep


def _drop_orphans(rows: list[dict[str, Any]], deal_ids: set[str], spec: SheetSpec,
                  issues: list[Issue]) -> list[dict[str, Any]]:
    keep = []
    for row in rows:
        deal = row.get("deal_id")
        if deal is not None and deal not in deal_ids:
            issues.append(ROW_REJECTED(sheet=spec.name_en, sheet_zh=spec.name_zh, raw=str(row[row_key(spec)]),
                                       why=f"deal {deal!r} does not exist",
                                       why_zh=f"商机 {deal!r} 不存在"))
            continue
        keep.append(row)
    return keep


def prepare_rows(data: TeamData) -> tuple[TableRows, Report]:
    """Rows per table (reps, customers, deals, tasks, risks, targets) and the rows left out."""
    issues: list[Issue] = []
    tables: TableRows = {}
    for key, name in TABLE_OF_SHEET.items():
        tables[name] = _check_rows(sheet(key), data.rows.get(key, []), data.config, issues)
    reps = {r["rep_id"] for r in tables["reps"]}
    roster_columns = [c.key for c in sheet("roster").input_columns]
    for name in ("deals", "tasks", "risks"):
        for row in tables[name]:
            owner = row["owner"]
            if owner not in reps:
                reps.add(owner)
                issues.append(REP_ADDED(raw=owner))
                tables["reps"].append({**dict.fromkeys(roster_columns), "rep_id": owner, "name": owner})
    deal_ids = {r["deal_id"] for r in tables["deals"]}
    tables["tasks"] = _drop_orphans(tables["tasks"], deal_ids, sheet("tasks"), issues)
    tables["risks"] = _drop_orphans(tables["risks"], deal_ids, sheet("risks"), issues)
    names = dict.fromkeys(r["customer"] for r in tables["deals"])
    tables["customers"] = [{"name": n} for n in names]
    return tables, Report(issues)
