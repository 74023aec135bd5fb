"""The hidden Lists sheet: every dropdown's keys and labels, and the defined names over them."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.worksheet.worksheet import Worksheet

from salessheet.address import column_letter, quote_sheet
from salessheet.schema import CHOICE_LISTS, TEAM_OWNER, ColumnSpec, WorkbookConfig, choice_labels
from salessheet.templates.styles import HEADER_FONT, INPUT_HEADER_FILL

__all__ = ["dropdown_lists", "dropdown_source", "list_name", "owner_list", "write_lists"]

ListItems = list[tuple[str, str]]


def dropdown_lists(config: WorkbookConfig, lang: str, owners: Iterable[str]) -> dict[str, ListItems]:
    """(key, label) pairs of every dropdown in ``lang``.

    Stages come from ``config``; ``owners`` are the Roster's rep ids, and ``target_owners``
    adds TEAM for team-wide targets. Without a roster both owner lists are empty (no
    dropdown, any rep id can be typed); ``products`` is the Config product catalogue.

    >>> lists = dropdown_lists(WorkbookConfig(), "zh", ["alice"])
    >>> lists["stages"][0], lists["target_owners"]
    (('lead', '线索'), [('TEAM', 'TEAM'), ('alice', 'alice')])
    """
    reps = [(rep, rep) for rep in dict.fromkeys(owners) if rep and rep != TEAM_OWNER]
    lists: dict[str, ListItems] = {
        "stages": choice_labels("stages", config, lang),
        "owners": reps,
        "target_owners": [(TEAM_OWNER, TEAM_OWNER), *reps] if reps else [],
        "products": [(product, product) for product in config.products],
    }
    for name in CHOICE_LISTS:
        lists[name] = choice_labels(name, config, lang)
    return lists


def owner_list(sheet_key: str) -> str:
    """Which owner list a sheet's owner column offers: targets may be owned by TEAM."""
    return "target_owners" if sheet_key == "targets" else "owners"


def dropdown_source(column: ColumnSpec, sheet_key: str) -> str | None:
    """Name of the list a column's dropdown offers, or None for columns without a dropdown.

    Targets may be owned by TEAM; product columns offer the Config catalogue; 1-5 ratings
    are checked as whole numbers instead.

    >>> from salessheet.schema import sheet
    >>> dropdown_source(sheet("targets").column("owner"), "targets")
    'target_owners'
    """
    if column.choices == "owners":
        return owner_list(sheet_key)
    if column.key == "product" and not column.computed:
        return "products"
    if column.choices == "scale_1_5":
        return None
    return column.choices


def list_name(name: str, *, keys: bool = False) -> str:
    """Defined name of a dropdown's labels (``list_stages``) or keys (``keys_stages``)."""
    return f"{'keys' if keys else 'list'}_{name}"


def write_lists(ws: Worksheet, lists: dict[str, ListItems]) -> dict[str, str]:
    """Write each list as a key column and a label column; return defined name -> range.

    Empty lists get no name (a dropdown over nothing would reject every value).
    """
    names: dict[str, str] = {}
    sheet = quote_sheet(ws.title)
    for index, (name, items) in enumerate(lists.items()):
        key_col, label_col = 2 * index + 1, 2 * index + 2
        for col, header in ((key_col, f"{name}.key"), (label_col, name)):
            cell = ws.cell(row=1, column=col, value=header)
            cell.font = HEADER_FONT
            cell.fill = INPUT_HEADER_FILL
            ws.column_dimensions[column_letter(col)].width = 18
        for row, (key, label) in enumerate(items, start=2):
            ws.cell(row=row, column=key_col, value=key)
            ws.cell(row=row, column=label_col, value=label)
        if not items:
            continue
        last = len(items) + 1
        for col, defined in ((key_col, list_name(name, keys=True)), (label_col, list_name(name))):
            letter = column_letter(col)
            names[defined] = f"{sheet}!${letter}$2:${letter}${last}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return names
