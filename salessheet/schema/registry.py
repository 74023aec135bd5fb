"""The registry: every sheet of a salessheet workbook, in template order, and its version."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from salessheet.schema.choices import CHOICE_LISTS
from salessheet.schema.config import DEFAULT_STAGES
from salessheet.schema.migrations import MIGRATIONS
from salessheet.schema.pipeline import PipelineRow
from salessheet.schema.risks import RiskRow
from salessheet.schema.roster import RosterRow
from salessheet.schema.sheet import SheetSpec
from salessheet.schema.targets import TargetRow
from salessheet.schema.tasks import TaskRow

__all__ = ["DATA_SHEETS", "SHEETS", "TEMPLATE_VERSION", "schema_hash", "sheet"]

TEMPLATE_VERSION: int = MIGRATIONS[-1].to_version
"""Current template version; bump it only together with a new Migration step."""

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        key="targets", name_en="Targets", name_zh="目标", table_name="Targets", model=TargetRow,
        key_columns=("period", "owner", "metric", "product", "region"),
        description_en="What you should achieve per period; the manager usually fills it.",
        description_zh="各周期应达成的目标；通常由经理填写。",
    ),
    SheetSpec(
        key="pipeline", name_en="Pipeline", name_zh="商机", table_name="Pipeline",
        model=PipelineRow, key_columns=("deal_id",),
        description_en="One row per deal, from lead to payment. Keep stage and dates current.",
        description_zh="每个商机一行，从线索到回款。请及时更新阶段和日期。",
    ),
    SheetSpec(
        key="tasks", name_en="Tasks", name_zh="任务", table_name="Tasks", model=TaskRow,
        key_columns=("task_id",),
        description_en="Follow-ups, visits and milestones, with due dates.",
        description_zh="跟进、拜访和里程碑事项及截止日期。",
    ),
    SheetSpec(
        key="risks", name_en="Risks", name_zh="风险", table_name="Risks", model=RiskRow,
        key_columns=("risk_id",),
        description_en="What could stop a deal, how likely, how bad, and your plan.",
        description_zh="可能影响商机的风险、可能性、影响和应对计划。",
    ),
    SheetSpec(
        key="roster", name_en="Roster", name_zh="团队名单", table_name="Roster", model=RosterRow,
        key_columns=("rep_id",),
        description_en="The reps of the team; owner dropdowns come from here.",
        description_zh="团队成员名单；负责人下拉选项来自此表。",
    ),
)

DATA_SHEETS: tuple[SheetSpec, ...] = tuple(s for s in SHEETS if s.key != "roster")
"""The four sheets a rep fills."""


def sheet(key: str) -> SheetSpec:
    """The SheetSpec with canonical ``key``; KeyError if unknown.

    >>> sheet("pipeline").name_zh
    '商机'
    """
    for spec in SHEETS:
        if spec.key == key:
            return spec
    raise KeyError(key)


def _fingerprint() -> dict[str, Any]:
    return {
        "sheets": [
            {
                "key": s.key,
                "columns": [
                    [c.key, c.kind.value, c.required, c.choices, c.computed] for c in s.columns
                ],
            }
            for s in SHEETS
        ],
        "choices": {name: [c.key for c in items] for name, items in CHOICE_LISTS.items()},
        "stages": [s.key for s in DEFAULT_STAGES],
    }


@functools.cache
def schema_hash() -> str:
    """A short, stable hash of the column layout; changes whenever a column changes.

    Made once per process: the registry is immutable, and callers ask for it per file read.

    >>> len(schema_hash())
    12
    """
    text = json.dumps(_fingerprint(), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
