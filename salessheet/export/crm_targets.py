"""What each CRM's import expects: files in import order, headers, required fields, option values.

Sources (checked against each vendor's public import documentation):
HubSpot "Set up import files" (deals need Deal name, Pipeline and Deal stage; stages and
pipelines by internal ID; owners by user email; at most 1,048,576 rows per file; tasks can
be created but not updated by import). Salesforce Bulk API 2.0 / Data Loader (Opportunity
needs Name, StageName and CloseDate, Account needs Name, Contact needs LastName; picklists by
API value; upsert matches on an External ID custom field; references by
``Relationship.ExternalId__c`` headers; the Data Import Wizard handles 50,000 records per
file). Twenty "Prepare your CSV files" / "Field mapping" (10,000 records per file; an ``id``
column in UUID form creates or updates that record; currency fields are two columns that
must both be filled; select fields take API names; dates as YYYY-MM-DD; relations are given
on the "many" side by the related record's id).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TARGETS", "CrmFile", "CrmTarget", "target"]


@dataclass(frozen=True)
class CrmFile:
    """One import file: the CRM object, its headers and the checks the CRM applies.

    Attributes:
        object: our name of the object ("companies", "contacts", "deals", "tasks").
        name: file name; the numeric prefix is the import order.
        id_column: header of the column a re-import matches on.
        columns: headers in file order.
        required: headers the CRM rejects a row without.
        options: header -> allowed values (the CRM's internal/API names).
        references: header -> (object, that object's id column) the value must exist in.
        together: pairs of headers that must be both filled or both blank (amount + currency).
    """

    object: str
    name: str
    id_column: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    references: dict[str, tuple[str, str]] = field(default_factory=dict)
    together: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CrmTarget:
    """A CRM's import conventions."""

    key: str
    title: str
    max_rows: int
    files: tuple[CrmFile, ...]
    stages: dict[str, str | None]
    task_statuses: dict[str, str | None]
    priorities: dict[str, str]
    forecast: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    notes_zh: tuple[str, ...] = ()

    def notes_in(self, lang: str) -> tuple[str, ...]:
        """What to set up in the CRM before importing, in ``lang``."""
        return self.notes_zh if lang == "zh" and self.notes_zh else self.notes

    def file(self, obj: str) -> CrmFile:
        """The file of object ``obj``."""
        return next(f for f in self.files if f.object == obj)


_HS_STAGES = ("appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
              "contractsent", "closedwon", "closedlost")
_HS_ID = "Salessheet ID"
HUBSPOT = CrmTarget(
    key="hubspot", title="HubSpot", max_rows=1_048_575,
    files=(
        CrmFile("companies", "1-companies.csv", _HS_ID, (_HS_ID, "Company name", "Company Domain Name"),
                required=(_HS_ID, "Company name")),
        CrmFile("contacts", "2-contacts.csv", _HS_ID,
                (_HS_ID, "First Name", "Last Name", "Email", "Company Salessheet ID"),
                required=(_HS_ID, "Last Name"), references={"Company Salessheet ID": ("companies", _HS_ID)}),
        CrmFile("deals", "3-deals.csv", _HS_ID,
                (_HS_ID, "Deal name", "Pipeline", "Deal stage", "Amount", "Currency", "Close date",
                 "Create date", "Deal owner", "Company Salessheet ID", "Contact Salessheet ID",
                 "Forecast category"),
                required=(_HS_ID, "Deal name", "Pipeline", "Deal stage"),
                options={"Deal stage": _HS_STAGES, "Pipeline": ("default",),
                         "Forecast category": ("OMIT", "PIPELINE", "BEST_CASE", "COMMIT", "CLOSED")},
                references={"Company Salessheet ID": ("companies", _HS_ID),
                            "Contact Salessheet ID": ("contacts", _HS_ID)},
                together=(("Amount", "Currency"),)),
        CrmFile("tasks", "4-tasks.csv", _HS_ID,
                (_HS_ID, "Task title", "Due date", "Task status", "Priority", "Activity assigned to",
                 "Deal Salessheet ID", "Notes"),
                required=(_HS_ID, "Task title", "Due date"),
                options={"Task status": ("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"),
                         "Priority": ("NONE", "LOW", "MEDIUM", "HIGH")},
                references={"Deal Salessheet ID": ("deals", _HS_ID)}),
    ),
    stages={"lead": "appointmentscheduled", "qualified": "qualifiedtobuy", "demo": "presentationscheduled",
            "proposal": "decisionmakerboughtin", "negotiation": "contractsent", "won": "closedwon",
            "lost": "closedlost"},
    task_statuses={"not_started": "NOT_STARTED", "in_progress": "IN_PROGRESS", "blocked": "WAITING",
                   "done": "COMPLETED", "cancelled": "DEFERRED"},
    priorities={"high": "HIGH", "medium": "MEDIUM", "low": "LOW"},
    forecast={"commit": "COMMIT", "best_case": "BEST_CASE", "pipeline": "PIPELINE", "omitted": "OMIT"},
    notes=("Create a unique-value text property 'Salessheet ID' on companies, contacts, deals and tasks "
           "so a re-import updates instead of duplicating (HubSpot cannot update tasks by import).",
           "Deal owner must be the email of a HubSpot user."),
    notes_zh=("请在公司、联系人、交易和任务上创建唯一值文本属性 'Salessheet ID'，"
              "再次导入时会更新记录而不是重复创建（HubSpot 无法通过导入更新任务）。",
              "交易负责人（Deal owner）必须是某个 HubSpot 用户的电子邮箱。"),
)

_SF_ID = "Salessheet_Id__c"
_SF_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
              "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review",
              "Closed Won", "Closed Lost")
SALESFORCE = CrmTarget(
    key="salesforce", title="Salesforce", max_rows=50_000,
    files=(
        CrmFile("companies", "1-accounts.csv", _SF_ID, (_SF_ID, "Name"), required=(_SF_ID, "Name")),
        CrmFile("contacts", "2-contacts.csv", _SF_ID, (_SF_ID, "FirstName", "LastName", "Email",
                                                       "Account.Salessheet_Id__c"),
                required=(_SF_ID, "LastName"),
                references={"Account.Salessheet_Id__c": ("companies", _SF_ID)}),
        CrmFile("deals", "3-opportunities.csv", _SF_ID,
                (_SF_ID, "Name", "StageName", "CloseDate", "Amount", "CurrencyIsoCode", "Probability",
                 "ForecastCategoryName", "NextStep", "Description", "Account.Salessheet_Id__c",
                 "Salessheet_Owner__c"),
                required=(_SF_ID, "Name", "StageName", "CloseDate"),
                options={"StageName": _SF_STAGES,
                         "ForecastCategoryName": ("Omitted", "Pipeline", "BestCase", "Commit", "Closed")},
                references={"Account.Salessheet_Id__c": ("companies", _SF_ID)},
                together=(("Amount", "CurrencyIsoCode"),)),
        CrmFile("tasks", "4-tasks.csv", _SF_ID,
                (_SF_ID, "Subject", "ActivityDate", "Status", "Priority", "Description",
                 "Salessheet_Deal_Id__c", "Salessheet_Owner__c"),
                required=(_SF_ID, "Subject", "Status", "Priority"),
                options={"Status": ("Not Started", "In Progress", "Completed", "Waiting on someone else",
                                    "Deferred"), "Priority": ("High", "Normal", "Low")},
                references={"Salessheet_Deal_Id__c": ("deals", _SF_ID)}),
    ),
    stages={"lead": "Prospecting", "qualified": "Qualification", "demo": "Value Proposition",
            "proposal": "Proposal/Price Quote", "negotiation": "Negotiation/Review", "won": "Closed Won",
            "lost": "Closed Lost"},
    task_statuses={"not_started": "Not Started", "in_progress": "In Progress",
                   "blocked": "Waiting on someone else", "done": "Completed", "cancelled": "Deferred"},
    priorities={"high": "High", "medium": "Normal", "low": "Low"},
    forecast={"commit": "Commit", "best_case": "BestCase", "pipeline": "Pipeline", "omitted": "Omitted"},
    notes=("Create an External ID text field Salessheet_Id__c on Account, Contact, Opportunity and Task and "
           "upsert on it (Data Loader or Bulk API 2.0).",
           "CurrencyIsoCode exists only in multi-currency orgs; drop the column otherwise.",
           "Salessheet_Owner__c carries the owner's email: match it to a user and fill OwnerId."),
    notes_zh=("请在 Account、Contact、Opportunity 和 Task 上创建外部 ID 文本字段 Salessheet_Id__c，"
              "并按它执行 upsert（Data Loader 或 Bulk API 2.0）。",
              "CurrencyIsoCode 只存在于多币种组织中；否则请删除该列。",
              "Salessheet_Owner__c 为负责人的电子邮箱：请将其匹配到用户并填写 OwnerId。"),
)

_TW_STAGES = ("NEW", "SCREENING", "MEETING", "PROPOSAL", "CUSTOMER")
TWENTY = CrmTarget(
    key="twenty", title="Twenty", max_rows=10_000,
    files=(
        CrmFile("companies", "1-companies.csv", "id", ("id", "Name", "Domain Name / Domain Label"),
                required=("id", "Name")),
        CrmFile("contacts", "2-people.csv", "id", ("id", "Name / First Name", "Name / Last Name",
                                                   "Emails / Primary Email", "Company"),
                required=("id",), references={"Company": ("companies", "id")}),
        CrmFile("deals", "3-opportunities.csv", "id",
                ("id", "Name", "Stage", "Amount / Amount", "Amount / Currency", "Close Date", "Company",
                 "Point of Contact"),
                required=("id", "Name"), options={"Stage": _TW_STAGES},
                references={"Company": ("companies", "id"), "Point of Contact": ("contacts", "id")},
                together=(("Amount / Amount", "Amount / Currency"),)),
        CrmFile("tasks", "4-tasks.csv", "id", ("id", "Title", "Body", "Due At", "Status"),
                required=("id", "Title"), options={"Status": ("TODO", "IN_PROGRESS", "DONE")}),
    ),
    stages={"lead": "NEW", "qualified": "SCREENING", "demo": "MEETING", "proposal": "PROPOSAL",
            "negotiation": "PROPOSAL", "won": "CUSTOMER", "lost": None},
    task_statuses={"not_started": "TODO", "in_progress": "IN_PROGRESS", "blocked": None, "done": "DONE",
                   "cancelled": None},
    priorities={},
    notes=("Ids are UUIDs derived from salessheet keys: importing again updates the same records.",
           "The default Stage field has no 'lost' option: add one (e.g. LOST) in Settings > Data model and "
           "pass --stage lost=LOST.",
           "Task-to-opportunity links (task targets) are not part of the CSV import."),
    notes_zh=("ID 是由 salessheet 键生成的 UUID：再次导入会更新同一批记录。",
              "默认的 Stage 字段没有“输单”选项：请在 Settings > Data model 中添加一个（例如 LOST），"
              "并传入 --stage lost=LOST。",
              "任务与商机的关联（task targets）不在 CSV 导入范围内。"),
)

TARGETS: dict[str, CrmTarget] = {t.key: t for t in (HUBSPOT, SALESFORCE, TWENTY)}


def target(key: str) -> CrmTarget:
    """The CRM target ``key`` (hubspot, salesforce, twenty; a ``-csv`` suffix is accepted).

    >>> target("twenty-csv").max_rows
    10000
    """
    return TARGETS[key.removesuffix("-csv")]
