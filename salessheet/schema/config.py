"""Workbook Config: the team's stages, fiscal year, currency and thresholds."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["DEFAULT_STAGES", "Stage", "StageState", "WorkbookConfig"]


class StageState(StrEnum):
    """Whether deals in a stage are still open, or closed as won or lost."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Stage(BaseModel):
    """One sales stage with its default win probability and forecast category."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="Stable stage key, e.g. proposal.")
    en: str = Field(description="Stage name in English workbooks.")
    zh: str = Field(description="Stage name in Chinese workbooks.")
    probability: float = Field(ge=0, le=1, description="Default win probability.")
    forecast: str = Field(description="Default forecast category key for deals in this stage.")
    state: StageState = Field(default=StageState.OPEN, description="open, won or lost.")

    def label(self, lang: str) -> str:
        """Stage name as shown in a workbook of language ``lang``."""
        return self.zh if lang == "zh" else self.en


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage(key="lead", en="Lead", zh="线索", probability=0.10, forecast="pipeline"),
    Stage(key="qualified", en="Qualified", zh="初步沟通", probability=0.20, forecast="pipeline"),
    Stage(key="demo", en="Demo", zh="方案演示", probability=0.40, forecast="pipeline"),
    Stage(key="proposal", en="Proposal", zh="报价", probability=0.60, forecast="best_case"),
    Stage(key="negotiation", en="Negotiation", zh="谈判", probability=0.80, forecast="commit"),
    Stage(key="won", en="Won", zh="赢单", probability=1.0, forecast="commit",
          state=StageState.WON),
    Stage(key="lost", en="Lost", zh="输单", probability=0.0, forecast="omitted",
          state=StageState.LOST),
)


class WorkbookConfig(BaseModel):
    """Settings stored on a workbook's Config sheet; the defaults suit most teams."""

    stages: tuple[Stage, ...] = Field(default=DEFAULT_STAGES, description="Ordered sales stages.")
    fiscal_year_start_month: int = Field(
        default=1, ge=1, le=12, description="Month the fiscal year starts (1 = January)."
    )
    currency: str = Field(default="CNY", description="Team currency for amounts without one.")
    stale_deal_days: int = Field(
        default=30, ge=1, description="An open deal with no activity for longer is stale."
    )
    risk_amber: int = Field(default=8, ge=1, le=25, description="Risk score from which a risk is Amber.")
    risk_red: int = Field(default=15, ge=1, le=25, description="Risk score from which a risk is Red.")
    date_order: Literal["MDY", "DMY"] = Field(
        default="MDY", description="How to read ambiguous dates such as 3/5/2026."
    )
    probability_tolerance: float = Field(
        default=0.3, ge=0, le=1,
        description="Warn when a probability override is further than this from the stage default.",
    )
    products: tuple[str, ...] = Field(
        default=(), description="Product catalogue; empty means any product name is accepted."
    )

    @model_validator(mode="after")
    def _check(self) -> WorkbookConfig:
        if self.risk_red <= self.risk_amber:
            raise ValueError("risk_red must be greater than risk_amber")
        keys = [s.key for s in self.stages]
        if len(set(keys)) != len(keys):
            raise ValueError("stage keys must be unique")
        if not any(s.state is StageState.WON for s in self.stages):
            raise ValueError("one stage must be the won stage")
        return self

    @property
    def won_stage(self) -> Stage:
        """The stage that means the deal is won."""
        return next(s for s in self.stages if s.state is StageState.WON)

    def stage(self, key: str) -> Stage:
        """The stage with ``key``; KeyError if unknown."""
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)
