"""What the template looked like at each version, derived by walking ``MIGRATIONS`` backwards.

The current registry is the newest state; every older state is obtained by undoing the
recorded steps one by one: added columns are dropped, renamed columns get their old key and
header back, renamed values their old text. A computed column whose formula reads a column
that a version did not have is dropped from that version as well (its formula cannot exist).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from salessheet.schema import (
    CHOICE_LISTS,
    MIGRATIONS,
    SHEETS,
    TEMPLATE_VERSION,
    ColumnSpec,
    Stage,
    WorkbookConfig,
    fold,
    sheet,
)
from salessheet.templates.formulas import RowRefs, computed_formula

__all__ = ["ColumnAt", "TemplateState", "old_value", "state_at"]


@dataclass(frozen=True)
class ColumnAt:
    """One column of a sheet as it was at some version.

    Attributes:
        key: the column key at that version (``close_date`` at version 1).
        current: the same column's key in the current registry.
        label_en / label_zh: the header it had.
    """

    key: str
    current: str
    label_en: str
    label_zh: str

    def label(self, lang: str) -> str:
        """Header text in ``lang``."""
        return self.label_zh if lang == "zh" else self.label_en

    def spec(self, sheet_key: str) -> ColumnSpec:
        """The current registry column (kind, choices, formula) this column became."""
        return sheet(sheet_key).column(self.current)


@dataclass(frozen=True)
class TemplateState:
    """The template at ``version``.

    Attributes:
        version: the template version.
        columns: sheet key -> columns in template order.
        values: (sheet key, current column key) -> {current value: value at that version}.
    """

    version: int
    columns: dict[str, tuple[ColumnAt, ...]]
    values: dict[tuple[str, str], dict[str, str]]

    def column_keys(self, sheet_key: str) -> tuple[str, ...]:
        """Current keys of the columns this version had, in its order."""
        return tuple(c.current for c in self.columns[sheet_key])

    def config(self, config: WorkbookConfig | None = None) -> WorkbookConfig:
        """``config`` (current stage names) with the stages named as at this version."""
        config = config or WorkbookConfig()
        mapping = self.values.get(("pipeline", "stage"), {})
        stages = tuple(
            Stage(key=old_value(mapping, s.key), en=old_value(mapping, s.en), zh=old_value(mapping, s.zh),
                  probability=s.probability, forecast=s.forecast, state=s.state)
            for s in config.stages
        )
        return config.model_copy(update={"stages": stages})

    def list_values(self, list_name: str) -> dict[str, str]:
        """Renamed values of the fixed choice list ``list_name`` (current -> at this version)."""
        mapping: dict[str, str] = {}
        for (sheet_key, column_key), renames in self.values.items():
            if sheet(sheet_key).column(column_key).choices == list_name:
                mapping.update(renames)
        return mapping

    def schema_hash(self) -> str:
        """The schema hash a workbook of this version carries (equals ``schema_hash()`` today)."""
        fingerprint: dict[str, Any] = {
            "sheets": [
                {
                    "key": spec.key,
                    "columns": [
                        [c.key, (s := c.spec(spec.key)).kind.value, s.required, s.choices, s.computed]
                        for c in self.columns[spec.key]
                    ],
                }
                for spec in SHEETS
            ],
            "choices": {
                name: [old_value(self.list_values(name), c.key) for c in items]
                for name, items in CHOICE_LISTS.items()
            },
            "stages": [s.key for s in self.config().stages],
        }
        text = json.dumps(fingerprint, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def old_value(mapping: dict[str, str], value: str) -> str:
    """``value`` as it was written at an older version (unchanged if it was not renamed)."""
    if value in mapping:
        return mapping[value]
    folded = {fold(k): v for k, v in mapping.items()}
    return folded.get(fold(value), value)


def _needs_missing(sheet_key: str, column: ColumnSpec, present: set[str]) -> bool:
    """True when the column's formula reads a column that is not in ``present``."""
    spec = sheet(sheet_key)
    letters = {key: "A" for key in present}
    try:
        computed_formula(sheet_key, column.key, RowRefs(letters, 2), spec.key_columns[0], "en")
    except KeyError:
        return True
    return False


def _drop_dependants(sheet_key: str, columns: list[ColumnAt]) -> list[ColumnAt]:
    changed = True
    while changed:
        present = {c.current for c in columns}
        kept = [c for c in columns
                if not (c.spec(sheet_key).computed and _needs_missing(sheet_key, c.spec(sheet_key), present))]
        changed = len(kept) != len(columns)
        columns = kept
    return columns


@cache
def state_at(version: int) -> TemplateState:
    """The template as it was at ``version`` (1 .. ``TEMPLATE_VERSION``).

    Raises:
        ValueError: the version is not in the recorded history.

    >>> [c.key for c in state_at(1).columns["pipeline"]][10]
    'close_date'
    """
    first = MIGRATIONS[0].from_version
    if not first <= version <= TEMPLATE_VERSION:
        raise ValueError(f"template version {version} is not in the history ({first}..{TEMPLATE_VERSION})")
    columns = {
        spec.key: [ColumnAt(c.key, c.key, c.label_en, c.label_zh) for c in spec.columns] for spec in SHEETS
    }
    values: dict[tuple[str, str], dict[str, str]] = {}
    for step in reversed(MIGRATIONS):
        if step.to_version <= version:
            break
        for sheet_key, added in step.added_columns.items():
            kept = [c for c in columns[sheet_key] if c.key not in added]
            columns[sheet_key] = _drop_dependants(sheet_key, kept)
        for sheet_key, renames in step.column_renames.items():
            back = {new: old for old, new in renames.items()}
            labels = step.old_labels.get(sheet_key, {})
            columns[sheet_key] = [
                ColumnAt(back[c.key], c.current, *labels.get(back[c.key], (c.label_en, c.label_zh)))
                if c.key in back else c
                for c in columns[sheet_key]
            ]
        for where, renames in step.value_renames.items():
            mapping = values.setdefault(where, {})
            for old, new in renames.items():
                for current, then in list(mapping.items()):
                    if then == new:
                        mapping[current] = old
                if new not in mapping and new not in mapping.values():
                    mapping[new] = old
    return TemplateState(version, {k: tuple(v) for k, v in columns.items()}, values)
