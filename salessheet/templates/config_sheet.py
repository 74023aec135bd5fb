"""The Config sheet's cell layout: settings and stages as rows, written and parsed here only.

Column A holds stable English keys (what the parser reads); column B the setting's label
in the workbook's language; column C the value; column D help. Below the settings, a row
whose key is ``stages`` starts the stage table (key, English, Chinese, probability,
forecast category, state).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from salessheet.errors import ConfigError
from salessheet.schema import Stage, WorkbookConfig

__all__ = ["META_KEYS", "STAGES_MARKER", "WorkbookStamp", "config_rows", "parse_config_rows"]

STAGES_MARKER = "stages"

META_KEYS: tuple[str, ...] = ("template_version", "schema_hash", "workbook_kind", "language", "owner")
"""Stamp keys identifying the workbook (also written as custom document properties)."""

_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("currency", "Team currency", "团队币种"),
    ("fiscal_year_start_month", "Fiscal year starts (month 1-12)", "财年起始月份（1-12）"),
    ("stale_deal_days", "Stale after (days without activity)", "停滞天数（未跟进）"),
    ("risk_amber", "Risk score from which Amber", "黄色风险分起点"),
    ("risk_red", "Risk score from which Red", "红色风险分起点"),
    ("date_order", "Ambiguous dates read as (MDY or DMY)", "模糊日期解读方式（MDY 或 DMY）"),
    ("probability_tolerance", "Warn when probability differs from stage default by more than",
     "手填赢率与阶段默认值相差超过此值时提醒"),
    ("products", "Product catalogue (comma-separated; blank = any)", "产品目录（逗号分隔；留空为不限）"),
)
_META_LABELS: dict[str, tuple[str, str]] = {
    "template_version": ("Template version", "模板版本"),
    "schema_hash": ("Schema hash", "结构校验码"),
    "workbook_kind": ("Workbook kind (rep or master)", "工作簿类型（rep 或 master）"),
    "language": ("Language", "语言"),
    "owner": ("Owner (rep id)", "所属销售（ID）"),
}
_STAGE_HEADER_EN = ("Stage key", "English name", "Chinese name", "Default probability",
                    "Default forecast", "State (open/won/lost)")
_STAGE_HEADER_ZH = ("阶段键", "英文名称", "中文名称", "默认赢率", "默认预测类别", "状态（open/won/lost）")


class WorkbookStamp(dict[str, str]):
    """The identifying stamp of a workbook: META_KEYS -> text (missing keys absent)."""

    @property
    def template_version(self) -> int | None:
        """Template version as an int, when stamped and numeric."""
        try:
            return int(float(self["template_version"]))
        except (KeyError, ValueError):
            return None


def config_rows(config: WorkbookConfig, stamp: dict[str, str], lang: str) -> list[list[Any]]:
    """Rows (lists of cell values) of the Config sheet for ``config`` and ``stamp``."""
    zh = lang == "zh"
    rows: list[list[Any]] = [
        ["key", "设置" if zh else "Setting", "值" if zh else "Value", "说明" if zh else "Help"]
    ]
    for key in META_KEYS:
        en, cn = _META_LABELS[key]
        rows.append([key, cn if zh else en, stamp.get(key, ""), ""])
    for key, en, cn in _SETTINGS:
        value: Any = getattr(config, key)
        if key == "products":
            value = ", ".join(config.products)
        description = WorkbookConfig.model_fields[key].description or ""
        rows.append([key, cn if zh else en, value, description])
    rows.append([])
    rows.append([STAGES_MARKER, *(_STAGE_HEADER_ZH if zh else _STAGE_HEADER_EN)])
    for stage in config.stages:
        rows.append(["", stage.key, stage.en, stage.zh, stage.probability, stage.forecast,
                     stage.state.value])
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_config_rows(rows: Sequence[Sequence[Any]]) -> tuple[WorkbookConfig, WorkbookStamp]:
    """Read a Config sheet's cell values back into settings and the stamp.

    Unknown keys are ignored; missing settings take their defaults.

    Raises:
        ConfigError: a setting or stage has a value that cannot be used.

    >>> cfg, stamp = parse_config_rows(config_rows(WorkbookConfig(currency="USD"),
    ...                                            {"template_version": "3"}, "zh"))
    >>> cfg.currency, stamp.template_version, cfg.stages[0].zh
    ('USD', 3, '线索')
    """
    settings: dict[str, Any] = {}
    stamp = WorkbookStamp()
    stages: list[Stage] = []
    in_stages = False
    known = {key for key, _, _ in _SETTINGS}
    for number, row in enumerate(rows, start=1):
        cells = list(row) + [None] * 7
        key = _text(cells[0])
        if key == STAGES_MARKER:
            in_stages = True
            continue
        if in_stages:
            if not _text(cells[1]):
                continue
            try:
                stages.append(
                    Stage(key=_text(cells[1]), en=_text(cells[2]), zh=_text(cells[3]) or _text(cells[2]),
                          probability=float(cells[4]), forecast=_text(cells[5]) or "pipeline",
                          state=_text(cells[6]) or "open")
                )
            except (TypeError, ValueError, ValidationError) as exc:
                raise ConfigError(
                    f"stage on row {number} is not valid: {exc}".splitlines()[0],
                    f"第 {number} 行的阶段设置无效",
                    location=f"Config!A{number}",
                ) from exc
        elif key in META_KEYS:
            value = _text(cells[2])
            if value:
                stamp[key] = value
        elif key in known and _text(cells[2]):
            settings[key] = _text(cells[2])
    if "products" in settings:
        settings["products"] = tuple(p.strip() for p in settings["products"].split(",") if p.strip())
    if stages:
        settings["stages"] = tuple(stages)
    try:
        config = WorkbookConfig(**settings)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"Config setting {where} is not valid: {first['msg']}",
            f"配置项 {where} 无效：{first['msg']}",
            location="Config",
        ) from exc
    return config, stamp
