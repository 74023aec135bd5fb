"""docs/schema.md: the schema reference (sheets, columns, dropdown lists) generated from the registry."""

from __future__ import annotations

from salessheet.schema import (
    CHOICE_LISTS,
    DEFAULT_STAGES,
    DYNAMIC_LISTS,
    SHEETS,
    TEMPLATE_VERSION,
    ColumnSpec,
    schema_hash,
)

__all__ = ["schema_markdown"]

_COLUMN_HEADER = (
    "| Key | English | 中文 | Kind | Required | Dropdown | Formula | Help | 说明 |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _column_row(column: ColumnSpec) -> str:
    cells = [
        f"`{column.key}`",
        column.label_en,
        column.label_zh,
        column.kind.value,
        "yes" if column.required else "",
        f"`{column.choices}`" if column.choices else "",
        "yes" if column.computed else "",
        column.help_en,
        column.help_zh,
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def schema_markdown() -> str:
    """The whole reference page as Markdown (both languages side by side).

    >>> schema_markdown().splitlines()[0]
    '# Schema reference / 表结构说明'
    """
    lines = [
        "# Schema reference / 表结构说明",
        "",
        "Generated from `salessheet.schema` by `salessheet template build`; do not edit by hand.",
        "由 `salessheet template build` 根据 `salessheet.schema` 生成，请勿手工修改。",
        "",
        f"Template version / 模板版本: **{TEMPLATE_VERSION}** · schema hash / 结构校验码: `{schema_hash()}`",
        "",
    ]
    for spec in SHEETS:
        lines += [
            f"## {spec.name_en} / {spec.name_zh} (`{spec.key}`)",
            "",
            spec.description_en,
            "",
            spec.description_zh,
            "",
            f"Excel table `{spec.table_name}`; a row is identified by "
            + ", ".join(f"`{k}`" for k in spec.key_columns)
            + ".",
            "",
            _COLUMN_HEADER,
            *(_column_row(c) for c in spec.columns),
            "",
        ]
    lines += ["## Dropdown lists / 下拉列表", ""]
    for name, meaning in DYNAMIC_LISTS.items():
        lines.append(f"- `{name}`: {meaning}.")
    lines += [
        "",
        "Default stages / 默认阶段:",
        "",
        "| Key | English | 中文 | Probability | Forecast | State |",
        "|---|---|---|---|---|---|",
    ]
    for stage in DEFAULT_STAGES:
        lines.append(
            f"| `{stage.key}` | {stage.en} | {stage.zh} | {stage.probability:.0%} | `{stage.forecast}` "
            f"| {stage.state.value} |"
        )
    lines.append("")
    for name, choices in CHOICE_LISTS.items():
        lines += [f"### `{name}`", "", "| Key | English | 中文 |", "|---|---|---|"]
        lines += [f"| `{c.key}` | {_cell(c.en)} | {_cell(c.zh)} |" for c in choices]
        lines.append("")
    return "\n".join(lines)
