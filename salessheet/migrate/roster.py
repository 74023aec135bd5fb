"""Owners of imported rows -> rep ids and Roster rows, joined with an optional foreign team list."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from salessheet.errors import ConfigError
from salessheet.issues import Issue
from salessheet.migrate.mapping import RosterMapping
from salessheet.migrate.problems import OWNER_NOT_IN_ROSTER, ROSTER_NO_ROWS
from salessheet.parse import is_blank, parse_bool, parse_number, parse_text
from salessheet.schema import ColumnKind, fold, sheet

__all__ = ["OwnerTable", "rep_slug"]


def rep_slug(name: str) -> str:
    """A short rep id from a person's name.

    >>> rep_slug("Mei-Mei Johns"), rep_slug("  Zoë  Müller "), rep_slug("王 小明")
    ('mei-mei.johns', 'zoe.muller', '王小明')
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9-]+", ".", ascii_text.lower()).strip(".-")
    return slug or fold(name).replace(" ", "")


@dataclass
class OwnerTable:
    """Owner names as found in the source -> rep ids, and the roster rows of the team."""

    style: str = "slug"
    team: dict[str, dict[str, Any]] = field(default_factory=dict)
    team_order: list[str] = field(default_factory=list)
    team_names: dict[str, str] = field(default_factory=dict)
    _ids: dict[str, str] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _seen: set[str] = field(default_factory=set)

    @classmethod
    def from_team(cls, frame: pd.DataFrame | None, mapping: RosterMapping | None, style: str) -> OwnerTable:
        """Read the foreign team list; each row keyed by the folded ``mapping.match`` value."""
        table = cls(style=style)
        if frame is None or mapping is None:
            return table
        headers = [mapping.match, *mapping.columns.values()]
        missing = [h for h in headers if h not in frame.columns]
        if missing:
            raise ConfigError(
                f"team list has no column {', '.join(repr(h) for h in missing)}",
                f"团队名单缺少列 {', '.join(missing)}",
            )
        roster_spec = sheet("roster")
        for record in frame.to_dict("records"):
            name = parse_text(record[mapping.match])[0]
            if not name or fold(name) in table.team:
                continue
            row: dict[str, Any] = {}
            for key, header in mapping.columns.items():
                row[key] = _roster_value(roster_spec.column(key).kind, record[header])
            row.setdefault("name", name)
            table.team[fold(name)] = row
            table.team_order.append(fold(name))
            table.team_names[fold(name)] = name
        return table

    def rep_id(self, owner: str) -> str:
        """The rep id of source owner value ``owner`` (stable for the same folded name)."""
        folded = fold(owner)
        found = self._ids.get(folded)
        if found is not None:
            return found
        given = self.team.get(folded, {}).get("rep_id")
        base = str(given) if given else (owner.strip() if self.style == "as_is" else rep_slug(owner))
        candidate, n = base, 2
        while candidate in self._used:
            candidate, n = f"{base}{n}", n + 1
        self._used.add(candidate)
        self._ids[folded] = candidate
        return candidate

    def assign_team_ids(self) -> None:
        """Give every team-list member an id first, in list order, so ids do not depend on rows."""
        for folded in self.team_order:
            self.rep_id(self.team_names[folded])

    def mark_seen(self, owner: str) -> None:
        """Note that ``owner`` owns at least one imported row."""
        self._seen.add(fold(owner))

    def roster(self, owners_in_order: list[str]) -> tuple[list[dict[str, Any]], list[Issue]]:
        """Roster rows (team-list order, then other owners) and the issues about them."""
        issues: list[Issue] = []
        rows: list[dict[str, Any]] = []
        for folded in self.team_order:
            member = self.team[folded]
            rows.append({"rep_id": self._ids[folded], **{k: v for k, v in member.items() if k != "rep_id"}})
            if folded not in self._seen:
                issues.append(ROSTER_NO_ROWS(raw=str(member["name"])))
        for owner in owners_in_order:
            folded = fold(owner)
            if folded in self.team:
                continue
            rows.append({"rep_id": self._ids[folded], "name": owner.strip()})
            if self.team:
                issues.append(OWNER_NOT_IN_ROSTER(raw=owner))
        return rows, issues


def _roster_value(kind: ColumnKind, raw: Any) -> Any:
    if is_blank(raw):
        return None
    if kind is ColumnKind.BOOLEAN:
        return parse_bool(raw)[0]
    if kind in (ColumnKind.NUMBER, ColumnKind.INTEGER, ColumnKind.MONEY):
        value = parse_number(raw)[0]
        return int(value) if kind is ColumnKind.INTEGER and value is not None else value
    return parse_text(raw)[0]
