"""Merge: every rep's rows into master tables, with provenance, quarantine and conflicts (pure).

Rules, applied per data sheet:

* rows with an error go to Quarantine with their issues; nothing is dropped silently;
* a key (deal_id, task_id, risk_id; period+owner+metric+product+region for targets) present
  twice is a conflict: the row in the owner's own workbook wins, then a rep on the
  roster, then the smaller (rep, source, row); the loser goes to Quarantine;
* targets the manager typed into the master win over copies in rep workbooks; identical
  copies (pushed out by ``distribute``) are not conflicts; an assigned task the rep has
  received is kept in the rep's version;
* open deals with the same customer, name and amount under different ids are flagged;
* computed columns are recomputed; the output is sorted by key, then rep, source and row,
  so the result does not depend on the order of the sources.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from salessheet.compute import prepare_deals, risk_columns, target_columns, task_columns
from salessheet.issues import Issue, IssueType, Severity
from salessheet.schema import DATA_SHEETS, TEAM_OWNER, TEMPLATE_VERSION, SheetSpec, StageState, WorkbookConfig
from sync.extract import Extracted
from sync.frames import (
    DUPLICATE_COLUMN,
    MANAGER,
    REP_COLUMN,
    ROW_COLUMN,
    SOURCE_COLUMN,
    canonical_frame,
    key_series,
    ordered_columns,
    python_value,
    text_column,
    with_columns,
)
from sync.team import Rep

__all__ = ["QUARANTINE_COLUMNS", "MergeResult", "SourceSummary", "TeamIssue", "merge"]

CONFLICT = IssueType(
    "sync.conflict.duplicate_key", Severity.ERROR,
    "{what} {key} is also in {winner_source} (rep {winner}); that row is kept, this one is in Quarantine",
    "{what} {key} 同时出现在 {winner_source}（销售 {winner}）；保留该行，本行移入隔离区",
)
TARGET_DIFFERS = IssueType(
    "sync.conflict.target_differs", Severity.WARNING,
    "target {key} differs from the one the manager set; the manager's target is kept",
    "目标 {key} 与经理设定的不一致；保留经理设定的目标",
)
MISSING_KEY = IssueType(
    "sync.row.missing_key", Severity.ERROR,
    "row has no {what}; it is kept in Quarantine", "该行缺少{what}；已移入隔离区",
)
PROBABLE_DUPLICATE = IssueType(
    "sync.duplicate.probable", Severity.WARNING,
    "deal {key} looks like a duplicate of {others} (same customer, name and amount)",
    "商机 {key} 可能与 {others} 重复（客户、名称和金额相同）",
)
OUTDATED = IssueType(
    "sync.template.outdated", Severity.WARNING,
    "workbook is on template version {found}; the current version is {current}",
    "工作簿模板版本为 {found}，当前版本为 {current}",
)
UNKNOWN_OWNER = IssueType(
    "sync.owner.unknown", Severity.WARNING,
    "owner {owner} is not on the team roster", "负责人 {owner} 不在团队名单中",
)
MISSING_SOURCE = IssueType("sync.source.missing", Severity.ERROR, "no workbook found at {file}",
                           "在 {file} 找不到工作簿")

QUARANTINE_COLUMNS: tuple[str, ...] = (
    "sheet", "rep", "source", "row", "key", "codes", "message_en", "message_zh", "values",
)


@dataclass(frozen=True)
class TeamIssue:
    """An issue and the rep and source it belongs to."""

    rep: str
    source: str
    issue: Issue


@dataclass
class SourceSummary:
    """What one source contributed."""

    source: str
    rep: str
    readable: bool
    cached: bool
    template_version: int | None
    rows: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    errors: int = 0
    warnings: int = 0


@dataclass
class MergeResult:
    """The consolidated team.

    Attributes:
        tables: sheet key -> master rows (registry columns, provenance, extra columns).
        quarantine: rows held back, with why (columns ``QUARANTINE_COLUMNS``).
        issues: every issue, by rep.
        sources: one summary per source, sorted by source id.
        roster: the roster used (inferred from the sources when none was given).
        deals: the Pipeline table as ``prepare_deals`` gives it (same rows and order, with the
            helper columns every pipeline figure needs), for the Dashboard.
    """

    tables: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame
    issues: list[TeamIssue]
    sources: list[SourceSummary]
    roster: tuple[Rep, ...]
    deals: pd.DataFrame | None = None

    @property
    def unread(self) -> list[TeamIssue]:
        """Why each source could not be read or found: the team was consolidated without them."""
        unreadable = {s.source for s in self.sources if not s.readable}
        return [t for t in self.issues if t.issue.code == MISSING_SOURCE.code or t.source in unreadable]


@dataclass
class _Held:
    sheet: str
    rep: str
    source: str
    row: int
    key: str
    issues: list[Issue]
    values: str


def _text(value: object) -> str:
    value = python_value(value)
    return "" if value is None else str(value).strip()


def _values_json(rows: pd.DataFrame, spec: SheetSpec) -> list[str]:
    """Each row's non-blank input values as canonical text, in JSON (the Quarantine's values)."""
    frame = canonical_frame(rows, spec.input_columns)
    return [json.dumps({k: v for k, v in zip(frame.columns, values, strict=True) if v}, ensure_ascii=False,
                       sort_keys=True) for values in frame.itertuples(index=False, name=None)]


def _display_key(row: pd.Series, spec: SheetSpec) -> str:
    return " / ".join(_text(row.get(k)) for k in spec.key_columns if _text(row.get(k)))


class _Merger:
    def __init__(self, items: list[Extracted], roster: tuple[Rep, ...], explicit_roster: bool) -> None:
        self.items = items
        self.roster_ids = {r.rep_id for r in roster}
        self.explicit_roster = explicit_roster
        self.held: list[_Held] = []
        self.issues: list[TeamIssue] = []
        self.sheet_names: dict[tuple[str, str], str] = {}
        for item in items:
            if item.data is None:
                continue
            for key, rows in item.data.sheets.items():
                if rows.sheet_name:
                    self.sheet_names[(item.source_id, key)] = rows.sheet_name

    def sheet_name(self, source: str, spec: SheetSpec) -> str:
        return self.sheet_names.get((source, spec.key), spec.name_en)

    def hold(self, row: pd.Series, spec: SheetSpec, issues: list[Issue]) -> None:
        self.hold_rows(row.to_frame().T, spec, [issues])

    def hold_rows(self, rows: pd.DataFrame, spec: SheetSpec, issues: list[list[Issue]]) -> None:
        """Put ``rows`` (with their provenance) in Quarantine, each with its issues."""
        for (_, row), found, values in zip(rows.iterrows(), issues, _values_json(rows, spec), strict=True):
            self.held.append(
                _Held(spec.key, str(row[REP_COLUMN]), str(row[SOURCE_COLUMN]), int(row[ROW_COLUMN] or 0),
                      _display_key(row, spec), found, values)
            )

    def note(self, row: pd.Series, issue: Issue) -> None:
        self.issues.append(TeamIssue(str(row[REP_COLUMN]), str(row[SOURCE_COLUMN]), issue))

    def error_rows(self, item: Extracted, spec: SheetSpec) -> dict[int, list[Issue]]:
        assert item.data is not None
        names = {spec.key, spec.name_en, spec.name_zh}
        found = item.data.sheets.get(spec.key)
        if found is not None and found.sheet_name:
            names.add(found.sheet_name)
        rows: dict[int, list[Issue]] = defaultdict(list)
        for issue in item.data.report:
            if issue.severity is Severity.ERROR and issue.row is not None and issue.sheet in names:
                rows[int(issue.row)].append(issue)
        return rows

    def collect(self, spec: SheetSpec, manager: pd.DataFrame | None) -> pd.DataFrame:
        """Every source's rows of ``spec`` (rows with errors held back), then the manager's."""
        parts: list[tuple[pd.DataFrame, str, str]] = []  # rows, source, rep
        held: list[pd.DataFrame] = []  # every source's rows with errors, held in one go
        issues: list[list[Issue]] = []
        for item in self.items:
            if item.data is None:
                continue
            frame = _numbered(item.data.frame(spec.key))
            errors = self.error_rows(item, spec) if not frame.empty else {}
            if errors:
                bad = frame[ROW_COLUMN].isin(list(errors))
                provenance = {SOURCE_COLUMN: item.source_id, REP_COLUMN: item.rep_id or ""}
                held.append(frame[bad].assign(**provenance))
                issues += [errors[int(n)] for n in held[-1][ROW_COLUMN].tolist()]
                frame = frame[~bad]
            parts.append((frame, item.source_id, item.rep_id or ""))
        if held:
            self.hold_rows(pd.concat(held, ignore_index=True), spec, issues)
        if manager is not None:
            parts.append((_numbered(manager), MANAGER, MANAGER))
        parts = [p for p in parts if not p[0].empty]
        # Provenance is added once to the combined rows: per source, it would cost more than the rows.
        combined = pd.concat([p[0] for p in parts], ignore_index=True) if parts else pd.DataFrame()
        lengths = [len(p[0]) for p in parts]
        for column, position in ((SOURCE_COLUMN, 1), (REP_COLUMN, 2)):
            labels = np.array([p[position] for p in parts], dtype=object)
            combined[column] = pd.Series(np.repeat(labels, lengths), index=combined.index, dtype=object)
        wanted = [c.key for c in spec.columns] + [SOURCE_COLUMN, REP_COLUMN, ROW_COLUMN]
        combined = with_columns(combined, wanted)
        combined[ROW_COLUMN] = pd.to_numeric(combined[ROW_COLUMN], errors="coerce").fillna(0).astype(int)
        return combined

    def drop_missing_keys(self, frame: pd.DataFrame, keys: pd.Series,
                          spec: SheetSpec) -> tuple[pd.DataFrame, pd.Series]:
        """``frame`` and its ``keys`` without the rows missing a required key column (held)."""
        required = [k for k in spec.key_columns if spec.column(k).required]
        if required == list(spec.key_columns) and len(required) == 1:
            blank = keys == ""  # one key column: its key is blank exactly when the column is
        else:
            blank = pd.Series(False, index=frame.index)
            for key in required:
                blank |= text_column(frame[key]) == ""
        for _, row in frame[blank].iterrows():
            missing = next(k for k in required if _text(row[k]) == "")
            where = {"file": str(row[SOURCE_COLUMN]), "sheet": self.sheet_name(str(row[SOURCE_COLUMN]), spec),
                     "row": int(row[ROW_COLUMN]), "column": missing}
            issue = MISSING_KEY(**where, what=spec.column(missing).label_en)
            self.note(row, issue)
            self.hold(row, spec, [issue])
        return frame[~blank], keys[~blank]

    def rank(self, row: pd.Series, spec: SheetSpec) -> tuple[int, int, int, str, str, int]:
        manager = row[SOURCE_COLUMN] == MANAGER
        first = 0
        if spec.key == "targets":
            first = 0 if manager else 1
        elif spec.key == "tasks":
            first = 1 if manager else 0
        rep = str(row[REP_COLUMN])
        owner = _text(row.get("owner"))
        return (first, 0 if owner == rep else 1, 0 if rep in self.roster_ids else 1, rep,
                str(row[SOURCE_COLUMN]), int(row[ROW_COLUMN]))

    def resolve_conflicts(self, frame: pd.DataFrame, keys: pd.Series, spec: SheetSpec) -> pd.DataFrame:
        duplicated = keys.duplicated(keep=False)
        if not duplicated.any():
            return frame
        dropped: list[int] = []
        inputs = canonical_frame(frame[duplicated], spec.input_columns)
        for _, group in frame[duplicated].groupby(keys[duplicated], sort=True):
            ordered = sorted(group.index, key=lambda i: self.rank(frame.loc[i], spec))
            winner = frame.loc[ordered[0]]
            for index in ordered[1:]:
                loser = frame.loc[index]
                dropped.append(index)
                self.resolve_one(spec, winner, loser, inputs.loc[ordered[0]].equals(inputs.loc[index]))
        return frame.drop(index=dropped)

    def resolve_one(self, spec: SheetSpec, winner: pd.Series, loser: pd.Series, identical: bool) -> None:
        manager_won = winner[SOURCE_COLUMN] == MANAGER
        source = str(loser[SOURCE_COLUMN])
        where = {"file": source, "sheet": self.sheet_name(source, spec), "row": int(loser[ROW_COLUMN])}
        key = _display_key(loser, spec)
        if spec.key == "targets" and manager_won:
            if identical:
                return  # the rep's copy of the manager's target
            issue = TARGET_DIFFERS(**where, key=key)
        elif spec.key == "tasks" and loser[SOURCE_COLUMN] == MANAGER:
            return  # an assigned task the rep has received: the rep's version is the live one
        else:
            issue = CONFLICT(**where, key=key, what=spec.column(spec.key_columns[0]).label_en,
                             winner=str(winner[REP_COLUMN]), winner_source=str(winner[SOURCE_COLUMN]))
        self.note(loser, issue)
        self.hold(loser, spec, [issue])

    def flag_duplicates(self, frame: pd.DataFrame, config: WorkbookConfig) -> pd.DataFrame:
        """Mark open deals with the same customer, name and amount under different ids.

        Amounts match when equal to the cent (blank matches blank). Deal names are folded only
        for the open deals whose customer and amount another open deal shares: folding is the
        costly step, and in a real team those deals are a small part of the pipeline.
        """
        marks = [""] * len(frame)
        open_stages = {s.key for s in config.stages if s.state is StageState.OPEN}
        amount = pd.to_numeric(frame["amount"], errors="coerce").round(2).to_numpy(dtype=float)
        open_rows = np.flatnonzero(frame["stage"].isin(open_stages).to_numpy())
        customer_text, deal_name, product = (text_column(frame[c].iloc[open_rows])
                                             for c in ("customer", "deal_name", "product"))
        name_text = deal_name.where(deal_name != "", product)
        usable = ((customer_text != "") & (name_text != "")).to_numpy()
        rows = open_rows[usable]  # positions in ``frame``
        companies = _companies(customer_text[usable])
        # Only deals whose customer and amount another open deal shares can be duplicates.
        pairs = pd.DataFrame({"customer": companies.to_numpy(), "amount": amount[rows]})
        shared = (pairs["customer"] != "").to_numpy() & pairs.duplicated(keep=False).to_numpy()
        rows = rows[shared]
        customer = companies.to_numpy()[shared].tolist()
        name = _on_distinct(name_text[usable][shared], _fold_name).tolist()
        groups: dict[tuple[str, str, float | None], list[int]] = defaultdict(list)
        for n, position in enumerate(rows.tolist()):
            if customer[n] and name[n]:
                value = float(amount[position])
                groups[(customer[n], name[n], None if math.isnan(value) else value)].append(position)
        candidates = sorted({p for positions in groups.values() if len(positions) > 1 for p in positions})
        deal_ids = dict(zip(candidates, text_column(frame["deal_id"].iloc[candidates]).tolist(), strict=True))
        sources, reps = frame[SOURCE_COLUMN].tolist(), frame[REP_COLUMN].tolist()
        numbers = frame[ROW_COLUMN].tolist()
        for positions in groups.values():
            if len(positions) < 2:
                continue
            ids = {deal_ids[p] for p in positions}
            if len(ids) < 2:
                continue
            for position in positions:
                deal = deal_ids[position]
                others = ", ".join(sorted(ids - {deal}))
                marks[position] = others
                source = str(sources[position])
                self.issues.append(TeamIssue(str(reps[position]), source, PROBABLE_DUPLICATE(
                    file=source, sheet=self.sheet_name(source, DATA_SHEETS[1]), row=int(numbers[position]),
                    key=deal, others=others)))
        frame[DUPLICATE_COLUMN] = pd.Series(marks, index=frame.index, dtype=object)
        return frame

    def check_owners(self, frame: pd.DataFrame, spec: SheetSpec) -> None:
        if not self.explicit_roster or "owner" not in frame.columns:
            return
        allowed = self.roster_ids | {TEAM_OWNER, ""}
        owners = frame["owner"].map(_text)
        for index in frame.index[~owners.isin(allowed)]:
            row = frame.loc[index]
            source = str(row[SOURCE_COLUMN])
            if source == MANAGER:
                continue
            self.note(row, UNKNOWN_OWNER(file=source, sheet=self.sheet_name(source, spec),
                                         row=int(row[ROW_COLUMN]), column="owner", owner=owners[index]))


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` indexed from 0, with its sheet row numbers (from row 2 when it has none)."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        frame = frame.reset_index(drop=True)  # (as read, a sheet's rows are indexed from 0 already)
    if ROW_COLUMN not in frame.columns:
        frame = frame.assign(**{ROW_COLUMN: range(2, len(frame) + 2)})  # the caller's frame stays as it is
    return frame


_COMPANY_SUFFIX = re.compile(
    r"(co\.?,?\s*ltd\.?|ltd\.?|limited|inc\.?|corp\.?|corporation|llc|gmbh|有限责任公司|股份有限公司|有限公司|公司)$"
)


def _on_distinct(text: pd.Series, fold: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``fold`` applied once per distinct value of ``text`` (from ``text_column``): a team
    repeats customer and product names."""
    distinct = pd.Series(pd.unique(text.to_numpy()), dtype=object)
    folded = dict(zip(distinct.tolist(), fold(distinct).tolist(), strict=True))
    return pd.Series([folded[v] for v in text.tolist()], index=text.index, dtype=object)


def _fold_company(text: pd.Series) -> pd.Series:
    text = text.str.normalize("NFKC").str.casefold().str.replace(r"\s+", " ", regex=True)
    text = text.str.replace(_COMPANY_SUFFIX, "", regex=True).str.strip(" ,.")
    return text.str.replace(r"[\s,.\-_()（）]", "", regex=True).astype(object)


def _fold_name(text: pd.Series) -> pd.Series:
    return text.str.normalize("NFKC").str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()


def _companies(text: pd.Series) -> pd.Series:
    """Customer names (from ``text_column``) folded for matching: width, case, company
    suffixes and punctuation ignored."""
    return _on_distinct(text, _fold_company)


def _in_order(frame: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """The rows in master order.

    Once conflicts are resolved every key is unique, so ordering by key alone is the order by
    key, rep, source and row; the sort is stable, and the rows arrive in source order anyway.
    """
    texts = keys.loc[frame.index].tolist()
    return frame.take(sorted(range(len(texts)), key=texts.__getitem__)).reset_index(drop=True)


def _finish(frame: pd.DataFrame, keys: pd.Series, spec: SheetSpec) -> pd.DataFrame:
    """The rows in master order, registry columns first."""
    frame = _in_order(frame, keys)
    return frame[ordered_columns(frame, spec)]


def _sort_quarantine(held: list[_Held]) -> pd.DataFrame:
    sheet_order = {s.key: n for n, s in enumerate(DATA_SHEETS)}
    held = sorted(held, key=lambda h: (sheet_order.get(h.sheet, 9), h.key.casefold(), h.rep, h.source, h.row))
    rows = [
        [h.sheet, h.rep, h.source, h.row, h.key, "; ".join(sorted({i.code for i in h.issues})),
         " | ".join(i.message_en for i in h.issues), " | ".join(i.message_zh for i in h.issues), h.values]
        for h in held
    ]
    return pd.DataFrame(rows, columns=list(QUARANTINE_COLUMNS))


def _unique(extracted: Sequence[Extracted]) -> list[Extracted]:
    chosen: dict[str, Extracted] = {}
    for item in sorted(extracted, key=lambda e: (e.source_id, e.fingerprint or "")):
        chosen.setdefault(item.source_id, item)
    return list(chosen.values())


def merge(
    extracted: Sequence[Extracted],
    *,
    roster: Sequence[Rep] = (),
    config: WorkbookConfig | None = None,
    today: dt.date,
    manager_rows: Mapping[str, pd.DataFrame] | None = None,
    problems: Sequence[tuple[str, str]] = (),
) -> MergeResult:
    """Merge extracted rep workbooks into master tables.

    Args:
        extracted: one item per source, in any order (a source id given twice counts once).
        roster: the team's reps; when empty it is inferred from the sources.
        config: stages and thresholds for computed columns (defaults when None).
        today: the date computed columns are relative to.
        manager_rows: sheet key -> rows the manager typed into the previous master.
        problems: (rep_id, declared source) of each rep whose workbook was not found.

    Returns:
        The MergeResult; the same inputs in any order give equal results.
    """
    config = config or WorkbookConfig()
    items = _unique(extracted)
    explicit = bool(roster)
    if not roster:
        seen: dict[str, Rep] = {}
        for item in items:
            if item.rep_id and item.rep_id not in seen:
                seen[item.rep_id] = Rep(rep_id=item.rep_id, name=item.rep_id, source=item.source_id)
        roster = sorted(seen.values(), key=lambda r: r.rep_id)
    merger = _Merger(items, tuple(roster), explicit)
    for rep_id, declared in sorted(problems):
        merger.issues.append(TeamIssue(rep_id, "", MISSING_SOURCE(file=declared)))
    for item in items:
        rep = item.rep_id or ""
        if item.error is not None:
            merger.issues.append(TeamIssue(rep, item.source_id, item.error))
            continue
        assert item.data is not None
        merger.issues.extend(TeamIssue(rep, item.source_id, i) for i in item.data.report)
        version = item.data.template_version
        if version is not None and version < TEMPLATE_VERSION:
            merger.issues.append(TeamIssue(rep, item.source_id, OUTDATED(
                file=item.source_id, found=version, current=TEMPLATE_VERSION)))

    manager_rows = manager_rows or {}
    tables: dict[str, pd.DataFrame] = {}
    deals = None
    for spec in (DATA_SHEETS[1], DATA_SHEETS[2], DATA_SHEETS[3], DATA_SHEETS[0]):
        frame = merger.collect(spec, manager_rows.get(spec.key))
        frame, keys = merger.drop_missing_keys(frame, key_series(frame, spec), spec)
        frame = merger.resolve_conflicts(frame, keys, spec)
        merger.check_owners(frame, spec)
        if spec.key == "pipeline":
            # The figures' preparation adds the computed columns, and the Dashboard reuses it.
            frame = merger.flag_duplicates(frame, config)
            deals = _in_order(prepare_deals(frame, config, today), keys)
            shown = set(frame.columns) | {c.key for c in spec.columns}
            tables[spec.key] = deals[[c for c in ordered_columns(deals, spec) if c in shown]]
            continue
        if spec.key == "tasks":
            computed = task_columns(frame, today)
        elif spec.key == "risks":
            computed = risk_columns(frame, config)
        else:
            computed = target_columns(frame, tables["pipeline"], config)
        for column in computed.columns:
            frame[column] = computed[column]
        tables[spec.key] = _finish(frame, keys, spec)
    tables = {s.key: tables[s.key] for s in DATA_SHEETS}

    return MergeResult(
        tables=tables,
        quarantine=_sort_quarantine(merger.held),
        issues=_sorted_issues(merger.issues),
        sources=_summaries(items, tables, merger),
        roster=tuple(roster),
        deals=deals,
    )


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


_IssueOrder = tuple[str, str, str, int, str, int, str, str]


def _issue_order(t: TeamIssue) -> _IssueOrder:
    return (t.rep, t.source, t.issue.sheet or "", t.issue.row or 0, t.issue.cell or "",
            _SEVERITY_ORDER[t.issue.severity], t.issue.code, t.issue.message_en)


def _sorted_issues(issues: list[TeamIssue]) -> list[TeamIssue]:
    """Every distinct issue once, by rep, source, place, severity, code and message.

    Equal issues have equal sort keys, so once sorted only issues with the same key are
    compared: hashing every issue to drop repeats cost more than the sort (8,000 issues).
    Ties keep the order the issues were found in, and a repeat its first place.
    """
    keys = [_issue_order(t) for t in issues]
    kept: list[TeamIssue] = []
    previous: _IssueOrder | None = None
    start = 0  # where the issues with the current key begin in ``kept``
    for position in sorted(range(len(issues)), key=keys.__getitem__):
        issue = issues[position]
        if keys[position] != previous:
            previous, start = keys[position], len(kept)
        elif issue in kept[start:]:
            continue
        kept.append(issue)
    return kept


def _summaries(
    items: list[Extracted], tables: dict[str, pd.DataFrame], merger: _Merger
) -> list[SourceSummary]:
    held: dict[str, int] = defaultdict(int)
    for h in merger.held:
        held[h.source] += 1
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for key, frame in tables.items():
        for source, n in frame[SOURCE_COLUMN].value_counts().items():
            counts[str(source)][key] = int(n)
    severities: dict[str, dict[Severity, int]] = defaultdict(lambda: defaultdict(int))
    for t in merger.issues:
        severities[t.source][t.issue.severity] += 1
    return [
        SourceSummary(
            source=item.source_id, rep=item.rep_id or "", readable=item.data is not None, cached=item.cached,
            template_version=item.data.template_version if item.data is not None else None,
            rows={s.key: counts[item.source_id].get(s.key, 0) for s in DATA_SHEETS},
            quarantined=held[item.source_id], errors=severities[item.source_id][Severity.ERROR],
            warnings=severities[item.source_id][Severity.WARNING],
        )
        for item in items
    ]
