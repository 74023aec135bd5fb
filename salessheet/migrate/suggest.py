"""Propose a mapping.toml from a foreign export's headers and stage names."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from salessheet.schema import ColumnSpec, WorkbookConfig, fold, sheet

__all__ = ["STAGE_HINTS", "Suggestion", "suggest_columns", "suggest_mapping", "suggest_stages"]

STAGE_HINTS: dict[str, tuple[str, ...]] = {
    "lead": ("prospecting", "prospect", "new", "lead in", "open", "潜在客户", "线索"),
    "qualified": ("qualification", "qualify", "engaging", "contacted", "discovery", "needs analysis",
                  "connected", "初步接触", "意向"),
    "demo": ("presentation", "demo scheduled", "value proposition", "solution", "appointment scheduled",
             "演示", "方案"),
    "proposal": ("proposal/price quote", "quote", "quotation", "proposal sent", "perception analysis", "报价",
                 "投标"),
    "negotiation": ("negotiation/review", "contract sent", "decision maker bought-in", "commit", "review",
                    "商务谈判", "合同"),
    "won": ("closed won", "closedwon", "win", "signed", "成交", "签约", "已成交"),
    "lost": ("closed lost", "closedlost", "loss", "dead", "丢单", "失败"),
}
"""Stage names other systems use, by the default stage they usually correspond to."""


def _norm(text: str) -> str:
    return fold(re.sub(r"[_\-./]+", " ", text))


def _names(spec: ColumnSpec) -> list[str]:
    return [_norm(n) for n in (spec.key, spec.label_en, spec.label_zh, *spec.synonyms)]


@dataclass
class Suggestion:
    """A proposed mapping, with what could not be matched."""

    sheet: str
    columns: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str | None] = field(default_factory=dict)
    unmatched_headers: list[str] = field(default_factory=list)
    unmatched_required: list[str] = field(default_factory=list)

    def to_toml(self) -> str:
        """The suggestion as a commented mapping.toml to review and edit."""
        q = json.dumps  # a JSON string literal is a valid TOML basic string
        lines = ["# Suggested by `salessheet import --suggest-mapping`; review before importing.",
                 f"sheet = {q(self.sheet)}"]
        if "owner" in self.columns:
            lines.append(f"split_by = {q(self.columns['owner'])}")
        lines += ['currency = "CNY"', "# date_format = \"%Y-%m-%d\"", "", "[columns]"]
        lines += [f"{key} = {q(header)}" for key, header in self.columns.items()]
        lines += [f"# not imported: {q(h)}" for h in self.unmatched_headers]
        if self.stages:
            lines += ["", "[stages]"]
            for name, key in self.stages.items():
                lines.append(f"{q(name)} = {q(key)}" if key else f"# {q(name)} = \"?\"  # no similar stage")
        lines += ["", "[defaults]"]
        lines += [f"# {key} = \"?\"  # required, not found in the source" for key in self.unmatched_required]
        return "\n".join(lines) + "\n"


def suggest_columns(headers: list[str], sheet_key: str = "pipeline") -> dict[str, str]:
    """Canonical key -> header for the headers that look like a registry column.

    Exact matches of key, labels (en/zh) or synonyms win; then close spellings.

    >>> suggest_columns(["opportunity_id", "sales_agent", "close_value", "misc"])
    {'deal_id': 'opportunity_id', 'owner': 'sales_agent', 'amount': 'close_value'}
    """
    specs = sheet(sheet_key).input_columns
    scored: list[tuple[float, int, int, str, str]] = []
    for h_index, header in enumerate(headers):
        norm = _norm(header)
        for c_index, spec in enumerate(specs):
            best = max(
                1.0 if norm == name else SequenceMatcher(None, norm, name).ratio() for name in _names(spec)
            )
            if best >= 0.85:
                scored.append((-best, h_index, c_index, spec.key, header))
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, _, key, header in sorted(scored):
        if key not in chosen and header not in taken:
            chosen[key] = header
            taken.add(header)
    order = {spec.key: i for i, spec in enumerate(specs)}
    return dict(sorted(chosen.items(), key=lambda kv: order[kv[0]]))


def suggest_stages(names: list[str], config: WorkbookConfig | None = None) -> dict[str, str | None]:
    """Source stage name -> configured stage key (None when nothing is close).

    >>> suggest_stages(["Prospecting", "Engaging", "Won", "Lost"])
    {'Prospecting': 'lead', 'Engaging': 'qualified', 'Won': 'won', 'Lost': 'lost'}
    """
    config = config or WorkbookConfig()
    candidates: list[tuple[str, str]] = []
    for stage in config.stages:
        for text in (stage.key, stage.en, stage.zh, *STAGE_HINTS.get(stage.key, ())):
            candidates.append((_norm(text), stage.key))
    result: dict[str, str | None] = {}
    for name in names:
        norm = _norm(name)
        exact = next((key for text, key in candidates if text == norm), None)
        if exact:
            result[name] = exact
            continue
        ratio, key = max((SequenceMatcher(None, norm, text).ratio(), key) for text, key in candidates)
        result[name] = key if ratio >= 0.6 else None
    return result


def suggest_mapping(headers: list[str], stage_names: list[str] | None = None, sheet_key: str = "pipeline",
                    config: WorkbookConfig | None = None) -> Suggestion:
    """Columns, stages and the gaps, for ``headers`` (and the distinct values of the stage column)."""
    columns = suggest_columns(headers, sheet_key)
    used = set(columns.values())
    required = [c.key for c in sheet(sheet_key).input_columns if c.required and c.key not in columns]
    return Suggestion(
        sheet=sheet_key,
        columns=columns,
        stages=suggest_stages(stage_names or [], config),
        unmatched_headers=[h for h in headers if h not in used],
        unmatched_required=required,
    )
