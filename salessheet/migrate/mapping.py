"""mapping.toml: how a foreign export's columns, stages and values map onto a salessheet sheet."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from salessheet.errors import ConfigError
from salessheet.schema import WorkbookConfig, fold, sheet

__all__ = ["ImportMapping", "RosterMapping", "load_mapping"]


class RosterMapping(BaseModel):
    """How to read a foreign team list (e.g. sales_teams.csv) into Roster rows."""

    model_config = ConfigDict(extra="forbid")

    file: str | None = Field(
        default=None,
        description="Team list (CSV or xlsx), relative to the mapping file; --roster overrides it.",
    )
    match: str = Field(description="Column of the team list holding the same value as the owner column.")
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Roster column key (rep_id, name, email, manager, region, ...) -> team-list header.",
    )

    @model_validator(mode="after")
    def _known(self) -> RosterMapping:
        known = {c.key for c in sheet("roster").input_columns}
        unknown = sorted(set(self.columns) - known)
        if unknown:
            raise ValueError(f"[roster.columns] has unknown roster columns: {', '.join(unknown)}")
        return self


class ImportMapping(BaseModel):
    """The whole mapping.toml file.

    Only ``[columns]`` is required; every other setting has a sensible default.
    """

    model_config = ConfigDict(extra="forbid")

    sheet: Literal["pipeline", "tasks", "risks", "targets"] = Field(
        default="pipeline", description="Sheet the source rows become."
    )
    columns: dict[str, str] = Field(description="Canonical column key -> source header.")
    split_by: str | None = Field(
        default=None, description="Source header of the owner; default: the header mapped to owner."
    )
    stages: dict[str, str] = Field(
        default_factory=dict, description="Source stage name -> configured stage key."
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Per column key: source value -> value to import."
    )
    defaults: dict[str, Any] = Field(
        default_factory=dict,
        description="Column key -> value used when the source cell is blank (each use is reported).",
    )
    date_format: str | None = Field(
        default=None, description="strptime format of source dates; default: tolerant parsing."
    )
    date_order: Literal["MDY", "DMY"] = Field(default="MDY", description="How to read 3/5/2026.")
    currency: str = Field(default="CNY", description="Currency of source amounts (team currency).")
    lang: Literal["en", "zh"] = Field(default="en", description="Language of the generated workbooks.")
    products: list[str] = Field(
        default_factory=list, description="Product catalogue; names outside it are reported."
    )
    owner_ids: Literal["slug", "as_is"] = Field(
        default="slug", description="Rep ids from owner names: slug ('Moses Frase' -> moses.frase) or as is."
    )
    roster: RosterMapping | None = Field(default=None, description="Optional team list to join.")

    @model_validator(mode="after")
    def _check(self) -> ImportMapping:
        spec = sheet(self.sheet)
        known = {c.key for c in spec.input_columns}
        for where, keys in (("columns", self.columns), ("values", self.values), ("defaults", self.defaults)):
            unknown = sorted(set(keys) - known)
            if unknown:
                raise ValueError(f"[{where}] has columns not on {spec.key}: {', '.join(unknown)}")
        if self.owner_header is None:
            raise ValueError("map the owner column ([columns] owner = ...) or set split_by")
        stage_keys = {s.key for s in self.config().stages}
        bad = sorted({v for v in self.stages.values() if v not in stage_keys})
        if bad:
            raise ValueError(f"[stages] maps to unknown stage keys: {', '.join(bad)}")
        return self

    @property
    def owner_header(self) -> str | None:
        """Source header holding the owner (split_by, else the header mapped to owner)."""
        return self.split_by or self.columns.get("owner")

    def config(self) -> WorkbookConfig:
        """The WorkbookConfig of the generated workbooks."""
        return WorkbookConfig(
            currency=self.currency, date_order=self.date_order, products=tuple(self.products)
        )

    def stage_map(self) -> dict[str, str]:
        """Folded source stage name -> stage key."""
        return {fold(k): v for k, v in self.stages.items()}

    def value_map(self, key: str) -> dict[str, str]:
        """Folded source value -> replacement, for column ``key``."""
        return {fold(k): v for k, v in self.values.get(key, {}).items()}


def load_mapping(path: Path) -> ImportMapping:
    """Read and validate a mapping.toml file.

    Raises:
        ConfigError: the file is missing, not TOML, or does not describe a usable mapping.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("mapping file not found", "找不到映射文件", location=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"not a TOML file: {exc}", f"不是有效的 TOML 文件：{exc}", location=str(path)
        ) from exc
    try:
        return ImportMapping.model_validate(data)
    except ValidationError as exc:
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'mapping'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(
            f"invalid mapping: {detail}", f"映射文件无效：{detail}", location=str(path)
        ) from exc
