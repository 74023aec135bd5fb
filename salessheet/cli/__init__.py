"""Command-line interface: thin commands that parse arguments, call the library, render."""

from __future__ import annotations

import sys

# Each command module registers its commands on ``app`` when imported.
from salessheet.cli import (
    demo_cmd,  # noqa: F401
    evolve_cmd,  # noqa: F401
    info_cmd,  # noqa: F401
    metrics_cmd,  # noqa: F401
    migrate_cmd,  # noqa: F401
    report_cmd,  # noqa: F401
    serve_cmd,  # noqa: F401
    sync_cmd,  # noqa: F401
    template_cmd,  # noqa: F401
    validate_cmd,  # noqa: F401
)
from salessheet.cli.app import app, run

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
