"""Issue types of an import: every value or row the importer could not take as it was."""

from __future__ import annotations

from salessheet.issues import IssueType, Severity

__all__ = [
    "COLUMN_UNMAPPED",
    "ID_DUPLICATE",
    "OWNER_MISSING",
    "OWNER_NOT_IN_ROSTER",
    "PRODUCT_UNKNOWN",
    "ROSTER_NO_ROWS",
    "VALUE_DEFAULTED",
    "VALUE_DROPPED",
    "VALUE_INVALID",
    "VALUE_MISSING",
]

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

COLUMN_UNMAPPED = IssueType(
    "import.column.unmapped", _I,
    'column "{label}" is not imported (not in [columns])',
    "列“{label}”未导入（不在 [columns] 中）",
)
VALUE_DEFAULTED = IssueType(
    "import.value.defaulted", _W,
    '{label}: {why}; filled with the default "{default}"',
    "{label}：{why_zh}；已填入默认值“{default}”",
)
VALUE_MISSING = IssueType(
    "import.value.missing", _E,
    "{label}: required value is blank and [defaults] has none; row not imported",
    "{label}：必填值为空且 [defaults] 未提供默认值；该行未导入",
)
VALUE_INVALID = IssueType(
    "import.value.invalid", _E,
    '{label}: "{raw}" is not {expected}; row not imported',
    "{label}：“{raw}”不是{expected_zh}；该行未导入",
)
VALUE_DROPPED = IssueType(
    "import.value.dropped", _W,
    '{label}: "{raw}" is not {expected}; left blank',
    "{label}：“{raw}”不是{expected_zh}；已留空",
)
PRODUCT_UNKNOWN = IssueType(
    "import.product.not_in_catalogue", _W,
    '{label}: product "{raw}" is not in the catalogue; kept as is',
    "{label}：产品“{raw}”不在产品目录中；按原值保留",
)
OWNER_MISSING = IssueType(
    "import.owner.missing", _E,
    "{label}: no owner and [defaults] has none; row not imported",
    "{label}：没有负责人且 [defaults] 未提供；该行未导入",
)
OWNER_NOT_IN_ROSTER = IssueType(
    "import.owner.not_in_roster", _W,
    'owner "{raw}" is not in the team list; added to the roster without manager or region',
    "负责人“{raw}”不在团队名单中；已加入名单但没有主管和区域",
)
ROSTER_NO_ROWS = IssueType(
    "import.roster.no_rows", _I,
    'team member "{raw}" owns no imported row; listed in the roster, no workbook written',
    "团队成员“{raw}”没有导入的数据；已列入名单，未生成工作簿",
)
ID_DUPLICATE = IssueType(
    "import.id.duplicate", _E,
    '{label}: "{raw}" was already imported from row {first}; row not imported',
    "{label}：“{raw}”已在第 {first} 行导入；该行未导入",
)
