"""Template history: each template change declared as one step from version N to N+1.

Readers use the renames to read older workbooks; ``upgrade`` applies the steps in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MIGRATIONS", "Migration", "renamed_columns", "renamed_values"]


@dataclass(frozen=True)
class Migration:
    """One template change.

    Attributes:
        from_version / to_version: the step (to_version == from_version + 1).
        summary: one line for the upgrade report.
        column_renames: {sheet_key: {old_column_key: new_column_key}}.
        value_renames: {(sheet_key, column_key): {old_value: new_value}}; values are
            compared case-insensitively in either language.
        added_columns: {sheet_key: (column_key, ...)} new in to_version.
        old_labels: {sheet_key: {old_column_key: (label_en, label_zh)}} headers the old
            template used for columns that were renamed.
    """

    from_version: int
    to_version: int
    summary: str
    column_renames: dict[str, dict[str, str]] = field(default_factory=dict)
    value_renames: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    added_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    old_labels: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        from_version=1,
        to_version=2,
        summary="Stage 'Discovery' renamed 'Qualified'; 'Close date' renamed 'Expected close'.",
        column_renames={"pipeline": {"close_date": "expected_close_date"}},
        value_renames={
            ("pipeline", "stage"): {
                "Discovery": "Qualified",
                "需求挖掘": "初步沟通",
                "discovery": "qualified",
            }
        },
        old_labels={"pipeline": {"close_date": ("Close date", "成交日期（预计）")}},
    ),
    Migration(
        from_version=2,
        to_version=3,
        summary="Forecast category on Pipeline; contingency plan on Risks.",
        added_columns={"pipeline": ("forecast_category", "forecast"), "risks": ("contingency",)},
    ),
)


def renamed_columns(sheet: str, since_version: int) -> dict[str, str]:
    """Old column key -> current key for a workbook of ``since_version``.

    >>> renamed_columns("pipeline", 1)
    {'close_date': 'expected_close_date'}
    """
    mapping: dict[str, str] = {}
    for step in MIGRATIONS:
        if step.from_version < since_version:
            continue
        for old, new in step.column_renames.get(sheet, {}).items():
            for earlier, current in list(mapping.items()):
                if current == old:
                    mapping[earlier] = new
            mapping[old] = new
    return mapping


def renamed_values(sheet: str, column: str, since_version: int) -> dict[str, str]:
    """Old value -> current value for ``sheet.column`` of a workbook of ``since_version``."""
    mapping: dict[str, str] = {}
    for step in MIGRATIONS:
        if step.from_version < since_version:
            continue
        for old, new in step.value_renames.get((sheet, column), {}).items():
            for earlier, current in list(mapping.items()):
                if current == old:
                    mapping[earlier] = new
            mapping[old] = new
    return mapping
