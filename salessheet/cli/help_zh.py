"""The command line's help in Chinese: every command's and option's help text, and the words of
the help screen around them, shown when the run asks for Chinese (``--lang zh``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from salessheet.cli.usage import click_context

__all__ = ["HELP_ZH", "chinese_help", "help_texts"]

HELP_ZH: dict[str, str] = {
    # salessheet
    "Validate, compute and consolidate sales-team workbooks.\n\nExit codes: 0 ok; 1 problems found in "
    "the data; 2 an input file could not be read; 3 a write was refused or could not be done (file open "
    "or locked, folder not writable); 4 bad configuration; 5 a required program (Chromium for PDF) is "
    "missing; 64 wrong usage; 130 interrupted.":
        "校验、计算并汇总销售团队的工作簿。\n\n退出码：0 正常；1 数据中发现问题；2 有输入文件无法读取；"
        "3 写入被拒绝或无法完成（文件已打开或被锁定、文件夹不可写）；4 配置有误；5 缺少所需程序（生成 "
        "PDF 需要 Chromium）；64 用法错误；130 被中断。",
    "Show the version.": "显示版本。",
    "Show tracebacks on errors.": "出错时显示 Python 调用栈。",
    "Language of messages: en or zh.": "提示信息的语言：en 或 zh。",
    "Show this message and exit.": "显示此帮助并退出。",
    # salessheet demo
    "Generate a demo team and run a week of it: consolidate, edit, consolidate, report.\n\nWrites the "
    "templates, rep workbooks with realistic rows (and a few planted mistakes), a\nconsolidation, the "
    "reps' edits of the week, a second consolidation with the change\ndigest, and the weekly report.":
        "生成一个演示团队并跑完一周：汇总、修改、再汇总、出周报。\n\n写出模板、"
        "带逼真数据的销售工作簿（埋了几处错误）、一次汇总、销售们这一周的修改、附变更摘要的第二次汇总，"
        "以及周报。",
    "Folder to write the demo into.": "演示文件写入的文件夹。",
    "Number of reps.": "销售人数。",
    "Deals per rep.": "每名销售的商机数。",
    "Random seed; same seed, same team.": "随机种子；种子相同，团队相同。",
    "Pretend today is YYYY-MM-DD (default: today).": "假定今天是 YYYY-MM-DD（默认：今天）。",
    "Only write the templates and rep workbooks.": "只写出模板和销售工作簿。",
    # salessheet doctor
    "Report template drift per workbook. Exit 0: clean; 1: drift found; 2: a file could not be read.":
        "逐个工作簿报告与模板的偏差。退出码 0：无偏差；1：发现偏差；2：有文件无法读取。",
    "Team folder(s) or workbooks (.xlsx/.xlsm).": "团队文件夹或工作簿（.xlsx/.xlsm）。",
    "Print the findings as JSON.": "以 JSON 输出检查结果。",
    # salessheet upgrade
    "Upgrade workbooks to the current template (dry run unless --apply).\n\nExit 0: nothing left to do; "
    "1: changes pending (dry run) or a file left alone; 2: a file\ncould not be read; 3: a write was "
    "refused.":
        "把工作簿升级到当前模板（不加 --apply 时只演练）。\n\n退出码 0：无需处理；"
        "1：有待执行的修改（演练）或有文件未改动；2：有文件无法读取；3：写入被拒绝。",
    "Team folder(s) or workbooks to upgrade.": "要升级的团队文件夹或工作簿。",
    "Rewrite the files (.bak backup first, atomic replace). Default: dry run.":
        "改写文件（先做 .bak 备份，原子替换）。默认：演练。",
    "Print the plan as JSON.": "以 JSON 输出升级计划。",
    # salessheet schema
    "Show every sheet and column of the template, with labels in English and Chinese.":
        "列出模板的每张工作表和每一列，附中英文列名。",
    "Print JSON instead of tables.": "输出 JSON 而不是表格。",
    # salessheet metrics
    "Attainment, forecast, coverage, win rate, cycle and more for a period.":
        "某个期间的达成率、预测、覆盖率、赢单率、成交周期等指标。",
    "Rep workbooks, a team folder and/or a team master (.xlsx).":
        "销售工作簿、团队文件夹和/或团队总表（.xlsx）。",
    "2026, 2026-Q3, 2026-07, 2026-W27, FY2026-Q1.": "2026、2026-Q3、2026-07、2026-W27、FY2026-Q1。",
    "Group rows by this.": "按此分组。",
    "Print the JSON form instead of a table.": "输出 JSON 而不是表格。",
    "Compute as of this day (YYYY-MM-DD); default today.": "按这一天（YYYY-MM-DD）计算；默认今天。",
    # salessheet import
    "Import a CRM or spreadsheet export into one rep workbook per owner, a roster and a report.":
        "导入 CRM 或表格导出的数据：每个负责人一个销售工作簿，另有名单和导入报告。",
    "The foreign export: .csv or .xlsx.": "外部导出文件：.csv 或 .xlsx。",
    "mapping.toml to use.": "要使用的 mapping.toml。",
    "Team list to join (manager, region, ...).": "要合并的团队名单（经理、区域等）。",
    "Source header of the owner: one workbook each.": "源数据中负责人所在列的表头：每人一个工作簿。",
    "Team folder (import) or mapping file (suggest).": "团队文件夹（导入时）或映射文件（生成建议时）。",
    "Propose a mapping.toml from the headers instead.": "改为根据表头生成 mapping.toml 建议。",
    "Worksheet of an xlsx source.": "xlsx 源文件中的工作表。",
    "Map and report only; write nothing.": "只做映射和报告；不写任何文件。",
    "Processes writing workbooks (default: CPUs).": "写工作簿的进程数（默认：CPU 核数）。",
    # salessheet export
    "Export the team into a SQL database, or into CRM import files with a pre-flight check.":
        "把团队数据导出到 SQL 数据库，或导出为经过预检的 CRM 导入文件。",
    "Master workbook, or a team folder of rep workbooks.": "总表，或存放销售工作簿的团队文件夹。",
    "Folder for CRM files (with --to *-csv).": "CRM 文件的输出文件夹（配合 --to *-csv）。",
    "sqlite:///sales.db, postgresql://..., hubspot-csv, salesforce-csv or twenty-csv.":
        "sqlite:///sales.db、postgresql://...、hubspot-csv、salesforce-csv 或 twenty-csv。",
    "Snapshot database URL (default: beside the master).": "快照数据库地址（默认：总表旁边的那个）。",
    "CRM stage value for a stage key: lost=LOST.": "某个阶段键在 CRM 中的取值：lost=LOST。",
    "CRM: run the pre-flight only.": "CRM：只做预检。",
    # salessheet report
    "Write the weekly-review report as one self-contained HTML file (and a PDF).\n\nKPI tiles, charts, "
    "tables, leaderboard; no network needed to view it; --pdf prints it\nthrough headless Chromium. "
    "Given a master, the pipeline waterfall comes from its\nconsolidation snapshots.":
        "把周会复盘报告写成一个独立的 HTML 文件（也可出 PDF）。\n\n含指标卡、图表、表格和排行榜；"
        "查看时无需联网；--pdf 通过无界面 Chromium 打印。给出总表时，商机瀑布图取自它的汇总快照。",
    "Master workbook, rep workbooks or a team folder.": "总表、销售工作簿或团队文件夹。",
    "HTML file to write.": "要写出的 HTML 文件。",
    "2026-Q3, 2026-07, 2026, FY2026 ... (default: this quarter).":
        "2026-Q3、2026-07、2026、FY2026 等（默认：本季度）。",
    "en or zh (default: the global --lang).": "en 或 zh（默认：全局的 --lang）。",
    "Also print the report to this PDF.": "同时把报告打印为这个 PDF。",
    "Compute as of YYYY-MM-DD.": "按 YYYY-MM-DD 这一天计算。",
    "Snapshot database for the waterfall (default: the one beside a master).":
        "瀑布图所用的快照数据库（默认：总表旁边的那个）。",
    # salessheet serve
    "Serve =SALES_ formulas, macros and the task pane to Excel (xlwings Server protocol).\n\nxlwings' "
    "server module is dual-licensed: set XLWINGS_LICENSE_KEY=noncommercial to\nevaluate; commercial use "
    "needs a paid xlwings license. xlwings Lite is free.":
        "为 Excel 提供 =SALES_ 公式、宏和任务窗格（xlwings Server 协议）。\n\nxlwings 的 server "
        "模块采用双重许可：评估时设置 XLWINGS_LICENSE_KEY=noncommercial；商业使用需购买 xlwings 许可。"
        "xlwings Lite 免费。",
    "Interface to listen on; keep 127.0.0.1.": "监听的网络接口；请保持 127.0.0.1。",
    "TCP port.": "TCP 端口。",
    "team.toml, team folder or master for the Consolidate and Distribute buttons.":
        "“汇总”和“分发”按钮所用的 team.toml、团队文件夹或总表。",
    # salessheet consolidate
    "Consolidate every rep workbook into the team master, and save a snapshot.\n\nReps may keep .xlsx "
    'files or Google Sheets (a roster source "gsheet:<key>" or a Sheets\nURL); --google-master also '
    "publishes the consolidated tabs to a Google Sheet.":
        "把每个销售的工作簿汇总到团队总表，并保存一份快照。\n\n销售可以用 .xlsx 文件或 Google "
        '表格（名单中的来源写 "gsheet:<key>" 或表格网址）；--google-master '
        "还会把汇总后的工作表发布到一个 Google 表格。",
    "team.toml, a folder of rep workbooks, or a master workbook.":
        "team.toml、存放销售工作簿的文件夹或总表。",
    "Master workbook to write.": "要写出的总表。",
    "Snapshot database URL (default: SQLite beside the master), e.g. postgresql://u@host/db.":
        "快照数据库地址（默认：总表旁边的 SQLite 文件），例如 postgresql://u@host/db。",
    "Figures as of (YYYY-MM-DD).": "数据截至（YYYY-MM-DD）。",
    "auto, process, thread or serial.": "auto、process、thread 或 serial。",
    "Also write the master's data tabs to this Google Sheet (URL or key).":
        "同时把总表的数据工作表写入这个 Google 表格（网址或 key）。",
    "Service-account JSON (default: $GOOGLE_APPLICATION_CREDENTIALS).":
        "服务账号 JSON 文件（默认：$GOOGLE_APPLICATION_CREDENTIALS）。",
    "Sign in as yourself in a browser instead of a service account.":
        "在浏览器中用你自己的账号登录，而不是服务账号。",
    # salessheet changes
    "What changed since the last consolidation (or a date): deals, tasks, risks, targets, waterfall.":
        "自上次汇总（或某个日期）以来的变化：商机、任务、风险、目标和瀑布图。",
    "team.toml, team folder or master workbook.": "team.toml、团队文件夹或总表。",
    "'last' or a date YYYY-MM-DD.": "last 或日期 YYYY-MM-DD。",
    "Snapshot database URL.": "快照数据库地址。",
    "Print JSON.": "输出 JSON。",
    # salessheet distribute
    "Push the manager's targets and assigned tasks from the master into each rep's workbook.\n\nA "
    "workbook that cannot be read is reported (exit 2) and one that cannot be written safely\n(open in "
    "Excel, changed meanwhile, or holding what the rewrite would lose, such as text\nboxes or "
    "sparklines) is left as it is (exit 3); the others are written.":
        "把经理在总表中设定的目标和分派的任务下发到每个销售的工作簿。"
        "\n\n无法读取的工作簿会被报告（退出码 2），无法安全写入的（在 Excel 中打开、期间被修改，"
        "或含有改写会丢失的内容，如文本框或迷你图）保持原样（退出码 3）；其余的照常写入。",
    "The team master workbook.": "团队总表。",
    "Write rep workbooks (default: dry run).": "写入销售工作簿（默认：演练）。",
    # salessheet new-rep
    "Write a personal workbook for one rep, with the rep in the Roster and the owner stamped.\n\nWith "
    "--google, create it as a Google Sheet (same tabs, dropdowns, protected formulas)\nowned by the "
    "service account and shared with the rep's --email only.":
        "为一名销售生成个人工作簿：名单中有这名销售，并标记为负责人。\n\n加 --google 则创建为 Google "
        "表格（同样的工作表、下拉列表和受保护的公式），归服务账号所有，只共享给该销售的 --email。",
    "Short unique id of the rep, e.g. alice.": "销售的简短唯一编号，例如 alice。",
    "Full name as shown in reports.": "报告中显示的姓名。",
    "Workbook to write (.xlsx); not with --google.": "要写出的工作簿（.xlsx）；不能与 --google 同用。",
    "Workbook language: en or zh.": "工作簿语言：en 或 zh。",
    "Work email.": "工作邮箱。",
    "Manager's rep id or name.": "经理的编号或姓名。",
    "Sales region or office.": "销售区域或办事处。",
    "Replace an existing file.": "覆盖已有文件。",
    "Create a Google Sheet instead, shared with --email only.": "改为创建 Google 表格，只共享给 --email。",
    "Drive folder id for the new sheet.": "新表格所在的云端硬盘文件夹 id。",
    # salessheet validate
    "Check workbooks. Exit 0: no errors; 1: errors found; 2: a file could not be read; 3: "
    "an\nannotation was refused (the file is left as it is).":
        "检查工作簿。退出码 0：没有错误；1：发现错误；2：有文件无法读取；"
        "3：有批注被拒绝（该文件保持原样）。",
    "Workbooks (.xlsx/.xlsm) or folders of them to check.": "要检查的工作簿（.xlsx/.xlsm）或其所在文件夹。",
    "Print the documented JSON report.": "输出文档所述格式的 JSON 报告。",
    "Write a copy with an Issues sheet and highlighted cells.":
        "写出一份副本，附“问题”工作表并标出有问题的单元格。",
    "Annotate the original files (after a .bak backup).": "直接批注原文件（先做 .bak 备份）。",
    # salessheet template
    "Generate the workbook templates from the schema.": "根据数据结构生成工作簿模板。",
    # salessheet template build
    "Write the rep and master templates (English and Chinese) and the schema reference.":
        "写出销售模板和总表模板（中英文）以及数据结构说明。",
    "Folder for the .xlsx templates.": ".xlsx 模板的输出文件夹。",
    "Schema reference to regenerate.": "要重新生成的数据结构说明文件。",
}
"""English help text -> the same in Chinese (a test holds every command and option to it)."""

_SCREEN_ZH = {
    "ARGUMENTS_PANEL_TITLE": "参数", "OPTIONS_PANEL_TITLE": "选项", "COMMANDS_PANEL_TITLE": "命令",
    "REQUIRED_LONG_STRING": "[必填]", "DEFAULT_STRING": "[默认：{}]", "ENVVAR_STRING": "[环境变量：{}]",
}
"""The words of typer's help screen (``typer.rich_utils``) in Chinese."""


def help_texts(command: Any) -> Iterator[tuple[Any, str]]:
    """Every (object, help text) of ``command`` and its subcommands: commands, arguments,
    options and each command's --help option."""
    if command.help:
        yield command, command.help
    help_option = command.get_help_option(click_context(command))
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        if getattr(param, "help", None):
            yield param, param.help
    for sub in getattr(command, "commands", {}).values():
        yield from help_texts(sub)


@contextlib.contextmanager
def chinese_help(command: Any) -> Iterator[None]:
    """Within: ``command``'s help screens in Chinese (texts without a translation stay English)."""
    from typer import rich_utils

    for target, text in help_texts(command):
        target.help = HELP_ZH.get(text, text)
    saved = {name: getattr(rich_utils, name) for name in _SCREEN_ZH if hasattr(rich_utils, name)}
    for name in saved:
        setattr(rich_utils, name, _SCREEN_ZH[name])
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)
