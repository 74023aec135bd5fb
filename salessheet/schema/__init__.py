"""Schema registry: the single definition of every sheet, column, choice list and setting."""

from salessheet.schema.choices import CHOICE_LISTS, DYNAMIC_LISTS, Choice, choice_keys
from salessheet.schema.column import ColumnKind, ColumnSpec
from salessheet.schema.config import DEFAULT_STAGES, Stage, StageState, WorkbookConfig
from salessheet.schema.labels import TEAM_OWNER, choice_labels, fold, label_to_key
from salessheet.schema.migrations import MIGRATIONS, Migration, renamed_columns, renamed_values
from salessheet.schema.pipeline import PipelineRow
from salessheet.schema.registry import DATA_SHEETS, SHEETS, TEMPLATE_VERSION, schema_hash, sheet
from salessheet.schema.risks import RiskRow
from salessheet.schema.roster import RosterRow
from salessheet.schema.sheet import SheetSpec
from salessheet.schema.targets import TargetRow
from salessheet.schema.tasks import TaskRow

__all__ = [
    "CHOICE_LISTS",
    "DATA_SHEETS",
    "DEFAULT_STAGES",
    "DYNAMIC_LISTS",
    "MIGRATIONS",
    "SHEETS",
    "TEAM_OWNER",
    "TEMPLATE_VERSION",
    "Choice",
    "ColumnKind",
    "ColumnSpec",
    "Migration",
    "PipelineRow",
    "RiskRow",
    "RosterRow",
    "SheetSpec",
    "Stage",
    "StageState",
    "TargetRow",
    "TaskRow",
    "WorkbookConfig",
    "choice_keys",
    "choice_labels",
    "fold",
    "label_to_key",
    "renamed_columns",
    "renamed_values",
    "schema_hash",
    "sheet",
]
