"""Changes between two snapshots, and the pipeline waterfall of a period (pure).

Change kinds: ``deal.new``, ``deal.removed``, ``deal.stage_forward``, ``deal.stage_backward``,
``deal.won``, ``deal.lost``, ``deal.amount_up``, ``deal.amount_down``, ``deal.close_slipped``
(expected close moved into a later quarter), ``task.new_overdue``, ``risk.new_red``, and
``target.new``, ``target.changed`` and ``target.removed`` (a target's value, set by the manager
or typed by a rep).

The waterfall follows the open pipeline expected to close inside a period:
``start + new + increased - decreased - won - lost - slipped == end``. A deal that enters
the period's open pipeline (created, pulled in, reopened) counts as new; a deal that
leaves it is won, lost, slipped (still open, expected outside the period) or, when it
was deleted, decreased to nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from salessheet.compute.waterfall import WATERFALL_LABELS, WATERFALL_STEPS
from salessheet.schema import CHOICE_LISTS, StageState, WorkbookConfig
from sync.frames import REP_COLUMN, text_column, with_columns

__all__ = [
    "CHANGE_COLUMNS", "CHANGE_KINDS", "Change", "Prepared", "WaterfallStep", "changes_frame", "compare",
    "compare_prepared", "diff", "prepare", "waterfall", "waterfall_frame", "waterfall_prepared",
]

CHANGE_KINDS: dict[str, tuple[str, str]] = {
    "deal.new": ("New deal", "新商机"),
    "deal.removed": ("Deal removed", "商机被删除"),
    "deal.stage_forward": ("Stage forward", "阶段推进"),
    "deal.stage_backward": ("Stage backward", "阶段倒退"),
    "deal.won": ("Won", "赢单"),
    "deal.lost": ("Lost", "输单"),
    "deal.amount_up": ("Amount up", "金额增加"),
    "deal.amount_down": ("Amount down", "金额减少"),
    "deal.close_slipped": ("Close date slipped", "预计成交日期推迟"),
    "task.new_overdue": ("Task newly overdue", "新增逾期任务"),
    "risk.new_red": ("New red risk", "新增红色风险"),
    "target.new": ("New target", "新目标"),
    "target.changed": ("Target changed", "目标变更"),
    "target.removed": ("Target removed", "目标被删除"),
}
CHANGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "pipeline": ("deal_id", "stage", "amount", "expected_close_date", "owner"),
    "tasks": ("task_id", "status", "due_date", "owner"),
    "risks": ("risk_id", "status", "likelihood", "impact", "owner"),
    "targets": ("period", "owner", "metric", "product", "region", "value"),
}
"""The columns ``diff`` and ``waterfall`` look at (what to load from a snapshot)."""


@dataclass(frozen=True)
class Change:
    """One change between two snapshots.

    ``old`` and ``new`` are the values as stored (a stage's key); ``old_label`` and
    ``new_label`` are how a workbook shows them, in English and Chinese (a stage's names in the
    team's Config), or empty where the value is shown as it is. ``key_label`` likewise shows a
    key that is made of several values (a target's period, owner and metric).
    """

    kind: str
    sheet: str
    key: str
    rep: str
    field: str = ""
    old: str = ""
    new: str = ""
    old_label: tuple[str, str] | tuple[()] = ()
    new_label: tuple[str, str] | tuple[()] = ()
    key_label: tuple[str, str] | tuple[()] = ()

    def kind_label(self, lang: str = "en") -> str:
        """The change's kind as a reader of ``lang`` reads it (``Stage forward``, ``阶段推进``)."""
        return CHANGE_KINDS[self.kind][1 if lang == "zh" else 0]

    def shown_key(self, lang: str = "en") -> str:
        """The key as a reader of ``lang`` reads it."""
        return self.key_label[1 if lang == "zh" else 0] if self.key_label else self.key

    def shown(self, lang: str = "en") -> tuple[str, str]:
        """The old and the new value as a workbook of ``lang`` shows them."""
        side = 1 if lang == "zh" else 0
        return (self.old_label[side] if self.old_label else self.old,
                self.new_label[side] if self.new_label else self.new)

    def message(self, lang: str = "en") -> str:
        """One line for the Changes sheet and the CLI."""
        what = self.kind_label(lang)
        old, new = self.shown(lang)
        key = self.shown_key(lang)
        # A value that was not there before (a new deal) or is gone (a removed one) stands alone.
        detail = f"{old} → {new}" if old and new else old or new
        if lang == "zh":  # (Chinese punctuation, as in every other Chinese message)
            return f"{what}：{key}" + (f"（{detail}）" if detail else "")
        return f"{what}: {key}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class WaterfallStep:
    """The waterfall of one period: amounts per step."""

    period: str
    start: float
    new: float
    increased: float
    decreased: float
    won: float
    lost: float
    slipped: float
    end: float


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _deals(frame: pd.DataFrame) -> pd.DataFrame:
    frame = with_columns(frame, ["deal_id", "stage", "amount", "expected_close_date", "owner", REP_COLUMN])
    owner = text_column(frame["owner"])
    out = pd.DataFrame({
        "key": text_column(frame["deal_id"]),
        "stage": text_column(frame["stage"]),
        "amount": pd.to_numeric(frame["amount"], errors="coerce").fillna(0.0).astype(float),
        "close": pd.to_datetime(frame["expected_close_date"], errors="coerce"),
        "rep": owner.where(owner != "", text_column(frame[REP_COLUMN])),
    })
    out = out[out["key"] != ""]
    return out.drop_duplicates("key").set_index("key")


def _deal_changes(a: pd.DataFrame, b: pd.DataFrame, config: WorkbookConfig) -> list[Change]:
    """Deal changes between two ``_deals`` frames."""
    position = {s.key: n for n, s in enumerate(config.stages)}
    state = {s.key: s.state for s in config.stages}
    names: dict[str, tuple[str, str]] = {s.key: (s.en, s.zh) for s in config.stages}
    out: list[Change] = []
    for key in sorted(b.index.difference(a.index)):
        row = b.loc[key]
        out.append(Change("deal.new", "pipeline", key, row["rep"], "amount", "", _text(row["amount"])))
    for key in sorted(a.index.difference(b.index)):
        out.append(Change("deal.removed", "pipeline", key, a.loc[key, "rep"]))
    both = a.merge(b, how="inner", left_index=True, right_index=True, suffixes=("_old", "_new"))
    # Only deals whose stage, amount or expected close differ can have changed: most have not.
    differs = ((both["stage_old"] != both["stage_new"]) | (both["amount_old"] != both["amount_new"])
               | (both["close_old"] != both["close_new"]))
    both = both[differs].sort_index()
    old_state, new_state = both["stage_old"].map(state), both["stage_new"].map(state)
    moved = both["stage_old"] != both["stage_new"]
    forward = (both["stage_new"].map(position).fillna(-1) > both["stage_old"].map(position).fillna(-1)) & (
        old_state == StageState.OPEN)
    for key, row in both[moved].iterrows():
        if new_state[key] is StageState.WON:
            kind = "deal.won"
        elif new_state[key] is StageState.LOST:
            kind = "deal.lost"
        else:
            kind = "deal.stage_forward" if forward[key] else "deal.stage_backward"
        out.append(Change(kind, "pipeline", str(key), row["rep_new"], "stage", row["stage_old"],
                          row["stage_new"], names.get(row["stage_old"], ()), names.get(row["stage_new"], ())))
    delta = both["amount_new"] - both["amount_old"]
    for key, row in both[delta.abs() > 0.005].iterrows():
        kind = "deal.amount_up" if delta[key] > 0 else "deal.amount_down"
        out.append(Change(kind, "pipeline", str(key), row["rep_new"], "amount", _text(row["amount_old"]),
                          _text(row["amount_new"])))
    c0, c1 = both["close_old"], both["close_new"]
    quarter0 = c0.dt.year * 4 + (c0.dt.month - 1) // 3
    quarter1 = c1.dt.year * 4 + (c1.dt.month - 1) // 3
    slipped = (new_state == StageState.OPEN) & c0.notna() & c1.notna() & (quarter1 > quarter0)
    for key, row in both[slipped.fillna(False).astype(bool)].iterrows():
        out.append(Change("deal.close_slipped", "pipeline", str(key), row["rep_new"], "expected_close_date",
                          _text(row["close_old"].date()), _text(row["close_new"].date())))
    return out


def _overdue(frame: pd.DataFrame, today: dt.date) -> pd.Series:
    frame = with_columns(frame, ["task_id", "status", "due_date", "owner"])
    due = pd.to_datetime(frame["due_date"], errors="coerce")
    late = ~frame["status"].isin(("done", "cancelled")) & due.notna() & (due < pd.Timestamp(today))
    keys = text_column(frame["task_id"])
    return pd.Series(late.to_numpy(), index=keys).groupby(level=0).any()


def _red(frame: pd.DataFrame, config: WorkbookConfig) -> pd.Series:
    frame = with_columns(frame, ["risk_id", "status", "likelihood", "impact"])
    likelihood = pd.to_numeric(frame["likelihood"], errors="coerce")
    score = likelihood * pd.to_numeric(frame["impact"], errors="coerce")
    red = score.ge(config.risk_red).fillna(False) & frame["status"].isin(("open", "mitigating"))
    keys = text_column(frame["risk_id"])
    return pd.Series(red.to_numpy(), index=keys).groupby(level=0).any()


_TARGET_KEY = ("period", "owner", "metric", "product", "region")

Target = tuple[float, str, tuple[str, str]]
"""A target's value, its owner, and its key as shown in English and Chinese."""


def _targets(frame: pd.DataFrame) -> dict[str, Target]:
    """Target key (``2026-Q4|alice|revenue||``) -> value, owner and the key as shown."""
    if frame.empty:
        return {}
    frame = with_columns(frame, [*_TARGET_KEY, "value"])
    parts = list(zip(*(text_column(frame[c]) for c in _TARGET_KEY), strict=True))
    values = pd.to_numeric(frame["value"], errors="coerce").astype(float).tolist()
    metrics = {c.key: (c.en, c.zh) for c in CHOICE_LISTS["target_metrics"]}
    out: dict[str, Target] = {}
    for (period, owner, metric, product, region), value in zip(parts, values, strict=True):
        if not (period and owner and metric):
            continue
        en, zh = (" / ".join(p for p in (period, owner, name, product, region) if p)
                  for name in metrics.get(metric, (metric, metric)))
        out.setdefault("|".join((period, owner, metric, product, region)), (value, owner, (en, zh)))
    return out


def _target_changes(a: dict[str, Target], b: dict[str, Target]) -> list[Change]:
    """Targets set, changed or removed between two snapshots."""
    out: list[Change] = []
    for key in sorted(b.keys() - a.keys()):
        value, owner, shown = b[key]
        out.append(Change("target.new", "targets", key, owner, "value", "", _text(value), key_label=shown))
    for key in sorted(a.keys() - b.keys()):
        value, owner, shown = a[key]
        out.append(Change("target.removed", "targets", key, owner, "value", _text(value), key_label=shown))
    for key in sorted(a.keys() & b.keys()):
        (old, _, _), (new, owner, shown) = a[key], b[key]
        if (pd.isna(old) and pd.isna(new)) or abs(old - new) < 0.005:
            continue
        out.append(Change("target.changed", "targets", key, owner, "value", _text(old), _text(new),
                          key_label=shown))
    return out


def _owners(frame: pd.DataFrame, id_column: str) -> dict[str, str]:
    frame = with_columns(frame, [id_column, "owner"])
    return dict(zip(text_column(frame[id_column]), text_column(frame["owner"]), strict=True))


@dataclass(frozen=True)
class Prepared:
    """What a comparison looks at in one snapshot, prepared once.

    Attributes:
        deals: deal key -> stage, amount, expected close, rep.
        overdue: task key -> overdue as of the snapshot's date.
        red: risk key -> open and at or over the red score.
        task_owners / risk_owners: key -> owner.
        targets: target key -> value, owner and the key as shown.
    """

    deals: pd.DataFrame
    overdue: pd.Series
    red: pd.Series
    task_owners: dict[str, str]
    risk_owners: dict[str, str]
    targets: dict[str, Target] = field(default_factory=dict)


def prepare(tables: dict[str, pd.DataFrame], *, config: WorkbookConfig, today: dt.date) -> Prepared:
    """The parts of snapshot ``tables`` (as of ``today``) that ``compare_prepared`` compares."""
    empty = pd.DataFrame()
    tasks, risks = tables.get("tasks", empty), tables.get("risks", empty)
    return Prepared(_deals(tables.get("pipeline", empty)), _overdue(tasks, today), _red(risks, config),
                    _owners(tasks, "task_id"), _owners(risks, "risk_id"),
                    _targets(tables.get("targets", empty)))


def diff(
    old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame], *, config: WorkbookConfig,
    old_today: dt.date, new_today: dt.date,
) -> list[Change]:
    """Every change from snapshot ``old`` (as of ``old_today``) to ``new`` (as of ``new_today``).

    Args:
        old / new: sheet key -> rows (canonical columns) of each snapshot.
        config: stage order and risk thresholds.
        old_today / new_today: the dates the snapshots were taken (for overdue tasks).

    Returns:
        Changes sorted by kind then key.
    """
    return _diff(prepare(old, config=config, today=old_today), prepare(new, config=config, today=new_today),
                 config)


def _flagged(flags: pd.Series) -> set[str]:
    """The keys of a key -> bool series that are True."""
    return set(flags.index[flags.to_numpy(dtype=bool)].tolist())


def _diff(old: Prepared, new: Prepared, config: WorkbookConfig) -> list[Change]:
    out = _deal_changes(old.deals, new.deals, config)
    old_late, old_red = _flagged(old.overdue), _flagged(old.red)
    for key in sorted(_flagged(new.overdue) - old_late):
        if key:
            out.append(Change("task.new_overdue", "tasks", key, new.task_owners.get(key, "")))
    for key in sorted(_flagged(new.red) - old_red):
        if key:
            out.append(Change("risk.new_red", "risks", key, new.risk_owners.get(key, "")))
    out += _target_changes(old.targets, new.targets)
    order = {k: n for n, k in enumerate(CHANGE_KINDS)}
    return sorted(out, key=lambda c: (order[c.kind], c.key, c.field))


def waterfall(
    old: pd.DataFrame, new: pd.DataFrame, *, config: WorkbookConfig, start: dt.date, end: dt.date,
    label: str = "",
) -> WaterfallStep:
    """Pipeline waterfall of the period [start, end] between two snapshots' Pipeline rows."""
    return _waterfall(_deals(old), _deals(new), config=config, start=start, end=end, label=label)


def compare(
    old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame], *, config: WorkbookConfig,
    old_today: dt.date, new_today: dt.date, start: dt.date, end: dt.date, label: str = "",
) -> tuple[list[Change], WaterfallStep]:
    """``diff`` of the two snapshots and ``waterfall`` of their Pipeline rows, in one pass.

    Each snapshot is prepared once for both (the Pipeline is the big sheet).
    """
    return compare_prepared(prepare(old, config=config, today=old_today),
                            prepare(new, config=config, today=new_today),
                            config=config, start=start, end=end, label=label)


def compare_prepared(
    old: Prepared, new: Prepared, *, config: WorkbookConfig, start: dt.date, end: dt.date, label: str = "",
) -> tuple[list[Change], WaterfallStep]:
    """``compare`` of two prepared snapshots (an earlier run's may come from a cache)."""
    flow = waterfall_prepared(old, new, config=config, start=start, end=end, label=label)
    return _diff(old, new, config), flow


def waterfall_prepared(
    old: Prepared, new: Prepared, *, config: WorkbookConfig, start: dt.date, end: dt.date, label: str = "",
) -> WaterfallStep:
    """``waterfall`` of two prepared snapshots."""
    return _waterfall(old.deals, new.deals, config=config, start=start, end=end, label=label)


def _waterfall(a: pd.DataFrame, b: pd.DataFrame, *, config: WorkbookConfig, start: dt.date, end: dt.date,
               label: str) -> WaterfallStep:
    state = {s.key: s.state for s in config.stages}
    open_stages = [key for key, kind in state.items() if kind is StageState.OPEN]
    first, last = pd.Timestamp(start), pd.Timestamp(end)

    def inside(deals: pd.DataFrame) -> pd.Series:
        is_open = deals["stage"].isin(open_stages)
        within = deals["close"].notna() & (deals["close"] >= first) & (deals["close"] <= last)
        return (is_open & within).astype(bool)

    a_in, b_in = a[inside(a)], b[inside(b)]
    common = a_in.index.intersection(b_in.index)
    delta = b_in.loc[common, "amount"] - a_in.loc[common, "amount"]
    left = a_in.index.difference(b_in.index)
    gone = left.difference(b.index)
    still = left.intersection(b.index)
    now = b.loc[still, "stage"].map(state)
    won = still[(now == StageState.WON).to_numpy()]
    lost = still[(now == StageState.LOST).to_numpy()]
    slipped = still.difference(won).difference(lost)
    amount = a_in["amount"]
    return WaterfallStep(
        period=label, start=float(amount.sum()),
        new=float(b_in.loc[b_in.index.difference(a_in.index), "amount"].sum()),
        increased=float(delta[delta > 0].sum()),
        decreased=float(-delta[delta < 0].sum() + amount.loc[gone].sum()),
        won=float(amount.loc[won].sum()), lost=float(amount.loc[lost].sum()),
        slipped=float(amount.loc[slipped].sum()), end=float(b_in["amount"].sum()),
    )


def waterfall_frame(step: WaterfallStep) -> pd.DataFrame:
    """The waterfall as rows: step key, English and Chinese label, amount."""
    return pd.DataFrame(
        [[key, *WATERFALL_LABELS[key], getattr(step, key)] for key in WATERFALL_STEPS],
        columns=["step", "step_en", "step_zh", "amount"],
    )


def changes_frame(changes: list[Change], lang: str = "en") -> pd.DataFrame:
    """Changes as rows for the master's Changes sheet (old and new as the workbook shows them)."""
    rows = [
        [c.kind_label(lang), c.sheet, c.shown_key(lang), c.rep, c.field,
         *c.shown(lang), c.message(lang)]
        for c in changes
    ]
    return pd.DataFrame(rows, columns=["kind", "sheet", "key", "rep", "field", "old", "new", "message"])
