"""``python -m salessheet``."""

from salessheet.cli import main

main()
