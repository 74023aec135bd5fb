"""The Instructions sheet: how to use the workbook, generated from the registry in the rep's language."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from salessheet.schema import CHOICE_LISTS, TEMPLATE_VERSION, SheetSpec, WorkbookConfig, schema_hash
from salessheet.templates.sheets import protect_sheet
from salessheet.templates.styles import HEADER_FONT, INPUT_HEADER_FILL, SECTION_FONT, TITLE_FONT, WRAP

__all__ = ["instruction_lines", "write_instructions"]

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title_rep": "Sales workbook",
        "title_master": "Team master workbook",
        "version": "Template version {version} · schema {hash}",
        "how": "How to use this workbook",
        "columns": "Column,Required,What to enter,Dropdown / formula",
        "yes": "yes",
        "formula": "formula",
        "dropdown": "dropdown: {values}",
        "owners": "dropdown: rep ids from the Roster",
        "stages": "dropdown: {values} (Config sheet)",
    },
    "zh": {
        "title_rep": "销售工作簿",
        "title_master": "团队总表",
        "version": "模板版本 {version} · 结构 {hash}",
        "how": "使用方法",
        "columns": "列,必填,填写内容,下拉 / 公式",
        "yes": "是",
        "formula": "公式",
        "dropdown": "下拉：{values}",
        "owners": "下拉：团队名单中的销售代表ID",
        "stages": "下拉：{values}（配置表）",
    },
}

_HOW: dict[str, tuple[str, ...]] = {
    "en": (
        "Fill one row per item in the sheets below; start in the first empty row of the table.",
        "Pick values from the dropdowns; typed values that are not in the list are refused.",
        "Grey columns are formulas (win probability, weighted amount, overdue, risk score, "
        "attainment...). They are locked and recalculate by themselves.",
        "Sheets are protected without a password so formulas are not overwritten by accident "
        "(Review > Unprotect Sheet to change that). Protection stops Excel from growing a table "
        "by itself, so every table comes with empty rows already prepared; ask your manager for "
        "a new workbook if you run out.",
        "The Config sheet holds the team's stages, fiscal year start and thresholds; formulas read "
        "them, so only your manager should change them.",
        "Dates: use yyyy-mm-dd (2026-03-05). Periods: 2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27, "
        "FY2026, FY2026-Q1.",
    ),
    "zh": (
        "在下列各表中每项填写一行；从表格中第一个空行开始填写。",
        "请从下拉列表中选择；不在列表中的值会被拒绝。",
        "灰色表头的列为公式（赢单概率、加权金额、逾期、风险分、达成率等），已锁定并自动计算。",
        "各表已设置无密码保护，防止误改公式（审阅 > 撤消工作表保护 可取消）。"
        "保护会阻止 Excel 自动扩展表格，因此每个表格都预留了空行；如不够用，请向经理索取新的工作簿。",
        "配置表保存团队的阶段、财年起始月份和各项阈值；公式会读取这些设置，请仅由经理修改。",
        "日期格式：yyyy-mm-dd（2026-03-05）。周期：2026、2026-H1、2026-Q3、2026-07、2026-W27、FY2026、FY2026-Q1。",
    ),
}


def _display_width(value: str) -> int:
    """Approximate width in Latin characters: CJK characters count double."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in value)


def _choices_note(column_choices: str | None, computed: bool, config: WorkbookConfig, lang: str) -> str:
    words = _TEXT[lang]
    if computed:
        return words["formula"]
    if column_choices == "owners":
        return words["owners"]
    if column_choices == "stages":
        return words["stages"].format(values=" / ".join(s.label(lang) for s in config.stages))
    if column_choices:
        values = " / ".join(c.label(lang) for c in CHOICE_LISTS[column_choices])
        return words["dropdown"].format(values=values)
    return ""


def instruction_lines(
    kind: str, sheets: tuple[SheetSpec, ...], config: WorkbookConfig, lang: str
) -> list[tuple[str, list[str]]]:
    """The sheet's content as (style, cells) lines; style is title, section, header, note or row.

    >>> from salessheet.schema import DATA_SHEETS
    >>> instruction_lines("rep", DATA_SHEETS, WorkbookConfig(), "zh")[0]
    ('title', ['销售工作簿'])
    """
    words = _TEXT[lang]
    lines: list[tuple[str, list[str]]] = [
        ("title", [words[f"title_{kind}"]]),
        ("note", [words["version"].format(version=TEMPLATE_VERSION, hash=schema_hash())]),
        ("section", [words["how"]]),
    ]
    lines += [("note", [f"{n}. {text}"]) for n, text in enumerate(_HOW[lang], start=1)]
    for spec in sheets:
        lines.append(("section", [spec.name(lang)]))
        lines.append(("note", [spec.description(lang)]))
        lines.append(("header", words["columns"].split(",")))
        for column in spec.columns:
            lines.append((
                "row",
                [
                    column.label(lang),
                    words["yes"] if column.required else "",
                    column.help(lang),
                    _choices_note(column.choices, column.computed, config, lang),
                ],
            ))
    return lines


def write_instructions(
    ws: Worksheet, kind: str, sheets: tuple[SheetSpec, ...], config: WorkbookConfig, lang: str
) -> None:
    """Fill the Instructions sheet and protect it."""
    for letter, width in zip("ABCD", (24, 9, 60, 50), strict=True):
        ws.column_dimensions[letter].width = width
    row = 1
    for style, cells in instruction_lines(kind, sheets, config, lang):
        if style == "section":
            row += 1
        for col, value in enumerate(cells, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if style == "title":
                cell.font = TITLE_FONT
            elif style == "section":
                cell.font = SECTION_FONT
            elif style == "header":
                cell.font = HEADER_FONT
                cell.fill = INPUT_HEADER_FILL
            else:
                cell.alignment = WRAP
        if style == "note":
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            ws.row_dimensions[row].height = 15 * (_display_width(cells[0]) // 130 + 1)
        row += 1
    ws.sheet_view.showGridLines = False
    protect_sheet(ws)
