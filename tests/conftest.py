"""Shared fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from salessheet.schema import WorkbookConfig


@pytest.fixture
def config() -> WorkbookConfig:
    """The default team configuration."""
    return WorkbookConfig()


@pytest.fixture
def today() -> dt.date:
    """A fixed 'today' for pure computations."""
    return dt.date(2026, 11, 25)
