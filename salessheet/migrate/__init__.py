"""Onboarding: import a foreign export (CRM, old spreadsheet) into rep workbooks with a mapping."""

from salessheet.migrate.importer import ImportResult, import_frame
from salessheet.migrate.mapping import ImportMapping, RosterMapping, load_mapping
from salessheet.migrate.run import import_file, suggest_for_file
from salessheet.migrate.source import read_source
from salessheet.migrate.suggest import Suggestion, suggest_columns, suggest_mapping, suggest_stages
from salessheet.migrate.writer import ImportOutput, write_import

__all__ = [
    "ImportMapping",
    "ImportOutput",
    "ImportResult",
    "RosterMapping",
    "Suggestion",
    "import_file",
    "import_frame",
    "load_mapping",
    "read_source",
    "suggest_columns",
    "suggest_for_file",
    "suggest_mapping",
    "suggest_stages",
    "write_import",
]
