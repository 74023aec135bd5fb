"""salessheet: validate, compute and consolidate sales-team workbooks."""

__version__ = "0.1.0"

__all__ = ["__version__"]
