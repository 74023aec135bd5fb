"""Write a demo team as rep workbooks (from the template), with a few deliberate data problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salessheet.demo.data import DemoTeam
from salessheet.schema import fold, sheet

__all__ = ["DELIBERATE_PROBLEMS", "LANGUAGES", "Problem", "find_header", "write_team"]

LANGUAGES: tuple[str, ...] = ("en", "en", "zh")
"""Template language of rep i is LANGUAGES[i % 3]: a mixed team."""


@dataclass(frozen=True)
class Problem:
    """A mistake a hurried rep makes, planted in one rep's workbook."""

    rep_index: int
    sheet: str
    row_index: int | str
    column: str
    value: Any
    what: str


DELIBERATE_PROBLEMS: tuple[Problem, ...] = (
    Problem(0, "pipeline", 2, "amount", "12,5O0", "amount typed with a letter O"),
    Problem(1, "pipeline", 3, "amount", "12万", "amount in 万 (read as 120000)"),
    Problem(1, "pipeline", 4, "created_date", "2026年3月5日", "date typed as Chinese text"),
    Problem(2, "pipeline", 5, "deal_id", "@dup", "deal id repeated in the same file"),
    Problem(3, "pipeline", "won", "actual_close_date", None, "won deal without a close date"),
    Problem(4, "tasks", 1, "deal_id", "NO-SUCH-DEAL", "task refers to an unknown deal"),
    Problem(5, "pipeline", 6, "stage", "Negociation", "stage name misspelt"),
)
"""The planted problems; ``row_index`` counts data rows from 0, "won" means the first won deal,
and "@dup" copies the id of the row above."""


def find_header(ws: Any, spec: Any, lang: str) -> tuple[int, dict[str, int]]:
    """Header row of a template sheet and column key -> column number."""
    labels = {fold(c.label(lang)): c.key for c in spec.columns}
    for row in ws.iter_rows(min_row=1, max_row=10):
        found = {labels[fold(str(c.value))]: c.column for c in row
                 if c.value is not None and fold(str(c.value)) in labels}
        if len(found) >= 2:
            return row[0].row, found
    raise LookupError(f"no header row on sheet {ws.title}")


def _plant(wb: Any, lang: str, team: DemoTeam, rep_index: int, problem: Problem) -> None:
    spec = sheet(problem.sheet)
    ws = wb[spec.name(lang)]
    header_row, by_key = find_header(ws, spec, lang)
    rows = team.reps[rep_index].rows[problem.sheet]
    if problem.row_index == "won":
        index = next(i for i, r in enumerate(rows) if r.get("stage") == "won")
    else:
        index = int(problem.row_index)
    target = ws.cell(row=header_row + 1 + index, column=by_key[problem.column])
    value = problem.value
    if value == "@dup":
        value = ws.cell(row=target.row - 1, column=target.column).value
    target.value = value


def write_team(
    team: DemoTeam,
    out_dir: Path,
    *,
    languages: tuple[str, ...] = LANGUAGES,
    plant_problems: bool = True,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write one workbook per rep into ``out_dir`` (``<rep_id>.xlsx``) and return the paths.

    Reps get the template language ``languages[i % len(languages)]``; with
    ``plant_problems`` the DELIBERATE_PROBLEMS are typed into the first reps' files.
    """
    from salessheet.templates import build_workbook, save_workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index, rep in enumerate(team.reps):
        lang = languages[index % len(languages)]
        wb = build_workbook("rep", lang, config=team.config, roster=team.roster, owner=rep.rep_id,
                            rows=rep.rows)
        if plant_problems:
            for problem in DELIBERATE_PROBLEMS:
                if problem.rep_index == index:
                    _plant(wb, lang, team, index, problem)
        path = out_dir / f"{rep.rep_id}.xlsx"
        save_workbook(wb, path)
        paths.append(path)
        if progress:
            progress(rep.rep_id)
    return paths
