"""A week in the demo team's life: consolidate, let reps edit their workbooks, consolidate again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from salessheet.demo.data import DemoTeam
from salessheet.demo.workbooks import find_header
from salessheet.schema import choice_labels, fold, sheet
from salessheet.templates import save_workbook

__all__ = ["EDIT_KINDS", "Edit", "apply_edits", "plan_week"]

EDIT_KINDS = ("deal.stage_forward", "deal.stage_backward", "deal.won", "deal.lost", "deal.amount_up",
              "deal.amount_down", "deal.close_slipped", "deal.new", "task.new_overdue", "risk.new_red",
              "target.changed")
"""What the scripted week changes: one edit of each kind, named as sync names the change it causes."""


@dataclass(frozen=True)
class Edit:
    """One change a rep makes: set ``values`` on the row whose id is ``row_id`` (None = a new row)."""

    rep_index: int
    sheet: str
    row_id: str | None
    values: dict[str, Any]
    kind: str


UNTOUCHED_ROWS = 8
"""Edits skip each rep's first rows, where the planted mistakes are (those rows are quarantined)."""


def _next_quarter_start(day: dt.date) -> dt.date:
    month = 3 * ((day.month - 1) // 3) + 4
    return dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def plan_week(team: DemoTeam, today: dt.date) -> list[Edit]:
    """The edits of the week ending ``today``, chosen from the team's open deals (deterministic).

    Deals due this quarter are chosen first, so the quarter's pipeline waterfall shows every
    movement: the new deal, too, is due by the quarter's end.

    A team smaller than three reps, or with few deals, gets only the edits that fit.
    """
    edits: list[Edit] = []
    order = ["lead", "qualified", "demo", "proposal", "negotiation"]
    quarter_end = _next_quarter_start(today) - dt.timedelta(days=1)
    used: set[str] = set()

    Deal = dict[str, Any]

    def due_this_quarter(deal: Deal) -> bool:
        close = deal.get("expected_close_date")
        return isinstance(close, dt.date) and today <= close <= quarter_end

    def pick(rep: int, test: Callable[[Deal], bool], this_quarter: bool) -> Deal | None:
        """The first fitting deal, one due this quarter first if ``this_quarter`` else one due later."""
        if rep >= len(team.reps):
            return None
        deals = [d for d in team.reps[rep].rows["pipeline"][UNTOUCHED_ROWS:]
                 if d["deal_id"] not in used and d["stage"] in order and test(d)]
        deal = next((d for d in deals if due_this_quarter(d) == this_quarter), deals[0] if deals else None)
        if deal is not None:
            used.add(deal["deal_id"])
        return deal

    def deal_edit(rep: int, kind: str, values: Deal | Callable[[Deal], Deal],
                  test: Callable[[Deal], bool]) -> None:
        # What moves the quarter's pipeline is done to a deal in it; a stage move, to another.
        deal = pick(rep, test, this_quarter=not kind.startswith("deal.stage_"))
        if deal is None:  # a small team may have no deal that fits
            return
        new = values(deal) if callable(values) else values
        edits.append(Edit(rep, "pipeline", deal["deal_id"], new, kind))

    deal_edit(0, "deal.stage_forward", lambda d: {"stage": order[order.index(d["stage"]) + 1]},
              lambda d: d["stage"] != "negotiation")
    deal_edit(0, "deal.won", {"stage": "won", "actual_close_date": today}, lambda d: True)
    deal_edit(0, "deal.lost", {"stage": "lost", "actual_close_date": today, "lost_reason": "Price"},
              lambda d: True)
    deal_edit(0, "deal.amount_up", lambda d: {"amount": round(d["amount"] * 1.2, -2)}, lambda d: True)
    deal_edit(1, "deal.amount_down", lambda d: {"amount": round(d["amount"] * 0.7, -2)}, lambda d: True)
    deal_edit(1, "deal.stage_backward", lambda d: {"stage": order[order.index(d["stage"]) - 1]},
              lambda d: d["stage"] != "lead")
    later = _next_quarter_start(today) + dt.timedelta(days=20)
    deal_edit(1, "deal.close_slipped", {"expected_close_date": later}, due_this_quarter)
    if len(team.reps) < 3:
        return edits
    rep = team.reps[1].roster
    edits.append(Edit(1, "pipeline", None, {
        "deal_id": f"{rep['rep_id'].upper()}-9001", "deal_name": "Analytics for Lotus Hotels",
        "customer": "Lotus Hotels", "owner": rep["rep_id"], "stage": "qualified", "amount": 88_000.0,
        "created_date": today, "expected_close_date": min(today + dt.timedelta(days=60), quarter_end),
        "last_activity_date": today, "product": "Analytics", "source": "inbound"}, "deal.new"))
    owner = team.reps[2].roster["rep_id"]
    some_deal = team.reps[2].rows["pipeline"][0]["deal_id"]
    edits.append(Edit(2, "tasks", None, {
        "task_id": f"T-{owner.upper()}-901", "deal_id": some_deal, "title": "Send revised quote",
        "owner": owner, "due_date": today - dt.timedelta(days=3), "status": "not_started",
        "priority": "high"}, "task.new_overdue"))
    edits.append(Edit(2, "risks", None, {
        "risk_id": f"R-{owner.upper()}-91", "deal_id": some_deal, "category": "competitor",
        "description": "Competitor offered a free pilot", "likelihood": 5, "impact": 4, "owner": owner,
        "status": "open", "mitigation": "Offer a paid pilot credited to the licence",
        "due_date": today + dt.timedelta(days=7), "identified_date": today}, "risk.new_red"))
    # A rep lowers their own revenue target for the quarter: the weekly review should see that.
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    target = next((t for t in team.reps[2].rows["targets"]
                   if t["period"] == quarter and t["metric"] == "revenue"), None)
    if target is not None:
        lowered = {"value": round(target["value"] * 0.8, -3)}
        edits.append(Edit(2, "targets", quarter, lowered, "target.changed"))
    return edits


def _cell_value(spec_key: str, column: str, value: Any, lang: str, team: DemoTeam) -> Any:
    choices = sheet(spec_key).column(column).choices
    if choices and choices != "owners" and isinstance(value, str):
        return dict(choice_labels(choices, team.config, lang)).get(value, value)
    return value


def apply_edits(team: DemoTeam, team_dir: Path, edits: list[Edit], languages: tuple[str, ...]) -> None:
    """Type the edits into the reps' workbooks (each saved atomically, as Excel would)."""
    by_rep: dict[int, list[Edit]] = {}
    for edit in edits:
        by_rep.setdefault(edit.rep_index, []).append(edit)
    for index, rep_edits in sorted(by_rep.items()):
        lang = languages[index % len(languages)]
        path = team_dir / f"{team.reps[index].rep_id}.xlsx"
        wb = openpyxl.load_workbook(path)
        for edit in rep_edits:
            spec = sheet(edit.sheet)
            ws = wb[spec.name(lang)]
            header_row, columns = find_header(ws, spec, lang)
            key_col = columns[spec.key_columns[0]]
            wanted = None if edit.row_id is None else fold(edit.row_id)
            row = next(r for r in range(header_row + 1, ws.max_row + 2)
                       if (wanted is None and ws.cell(r, key_col).value in (None, ""))
                       or (wanted is not None and fold(str(ws.cell(r, key_col).value)) == wanted))
            for column, value in edit.values.items():
                ws.cell(row, columns[column]).value = _cell_value(edit.sheet, column, value, lang, team)
        save_workbook(wb, path)
