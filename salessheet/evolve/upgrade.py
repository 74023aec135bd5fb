"""Upgrade rep workbooks to the current template: a dry-run plan by default, a safe write on request.

A workbook needs upgrading when the doctor finds drift that upgrade fixes (an older version,
a changed formula, a removed dropdown ...). Applying rebuilds it from the template with every
rep value carried across, backs the original up and replaces it atomically; a crash at any
point leaves the original file as it was. An upgraded workbook has nothing left to fix, so a
second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from salessheet.errors import UnreadableFileError, WriteRefusedError
from salessheet.evolve.drift import diagnose, pending
from salessheet.evolve.rebuild import rebuild
from salessheet.evolve.scan import WorkbookScan, scan_workbook
from salessheet.io.atomic import atomic_write
from salessheet.io.features import Feature, describe_features, is_user_made, lost_features, package_features
from salessheet.io.paths import workbook_paths
from salessheet.issues import Issue
from salessheet.schema import TEMPLATE_VERSION
from salessheet.templates.writer import workbook_bytes

__all__ = ["UpgradeResult", "summary", "upgrade_file", "upgrade_files", "upgraded_bytes"]


@dataclass
class UpgradeResult:
    """What upgrade found, and did, for one file.

    Attributes:
        path: the workbook.
        version: template version found (None when not stamped or unreadable).
        changes: the findings upgrade fixes, located.
        blocked / blocked_zh: why the file is left alone (unreadable, newer version, bad Config,
            macros, a refused write), in English and in Chinese.
        applied: True when the file was rewritten.
        backup: the backup copy made before rewriting.
        unreadable: True when the file could not be read at all.
        refused: True when the upgraded file could not be written (open in Excel, disk full);
            the original is then unchanged.
        not_carried: what the rep added that the rebuilt workbook does not have (a chart, a
            text box, sparklines...), counted from both packages; the backup keeps it.
    """

    path: Path
    version: int | None = None
    changes: list[Issue] = field(default_factory=list)
    blocked: str | None = None
    blocked_zh: str | None = None
    applied: bool = False
    backup: Path | None = None
    unreadable: bool = False
    refused: bool = False
    not_carried: list[Feature] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        """True when there is something to do and nothing blocks it."""
        return bool(self.changes) and self.blocked is None and not self.applied

    def block(self, en: str, zh: str) -> None:
        """Leave the file alone, for the reason given in both languages."""
        self.blocked, self.blocked_zh = en, zh

    def reason(self, lang: str = "en") -> str | None:
        """Why the file is left alone, in ``lang`` (None when it is not)."""
        return self.blocked_zh if lang == "zh" and self.blocked_zh else self.blocked


_BLOCKERS = ("drift.template.newer", "drift.config.invalid")


def _blocked(scan: WorkbookScan, findings: list[Issue]) -> tuple[str, str] | None:
    for issue in findings:
        if issue.code in _BLOCKERS:
            return issue.message_en, issue.message_zh
    if scan.kind == "master":
        return ("a team master is rebuilt by consolidation, not upgraded; upgrade the rep workbooks",
                "团队总表由汇总重新生成，不做升级；请升级各销售代表的工作簿")
    if scan.path.suffix.lower() == ".xlsm":
        return ("macro-enabled workbooks are not rebuilt (the macros would be lost); upgrade a .xlsx copy",
                "启用宏的工作簿不会重建（宏会丢失）；请升级它的 .xlsx 副本")
    return None


def upgraded_bytes(scan: WorkbookScan) -> bytes:
    """The upgraded workbook's file content (deterministic for the same input)."""
    return workbook_bytes(rebuild(scan))


def _write(temp: Path, data: bytes) -> None:
    temp.write_bytes(data)


def upgrade_file(path: Path, *, apply: bool = False) -> UpgradeResult:
    """Plan (and with ``apply``, perform) the upgrade of one workbook.

    Args:
        path: the workbook.
        apply: rewrite the file (after a ``.bak`` backup, atomically) when changes are pending.
            A write that is refused or fails leaves the original unchanged and sets ``refused``.
    """
    result = UpgradeResult(path=Path(path))
    try:
        scan = scan_workbook(path)
    except UnreadableFileError as exc:
        result.block(exc.message_en, exc.message_zh)
        result.unreadable = True
        return result
    result.version = scan.version
    report = diagnose(scan)
    if (reason := _blocked(scan, list(report))) is not None:
        result.block(*reason)
    result.changes = pending(report)
    if not result.pending:
        return result
    original = package_features(result.path.read_bytes())
    data: bytes | None = None
    if any(is_user_made(f) for f in original):  # (else nothing to lose: no rebuild)
        data = upgraded_bytes(scan)
        result.not_carried = [f for f in lost_features(original, data) if is_user_made(f)]
    if apply:
        upgraded = upgraded_bytes(scan) if data is None else data
        try:
            result.backup = atomic_write(result.path, lambda temp: _write(temp, upgraded), backup=True)
        except WriteRefusedError as exc:  # (open in Excel, a full disk...: the file is as it was)
            result.block(exc.message_en, exc.message_zh)
            result.refused = True
            return result
        result.applied = True
    return result


def upgrade_files(paths: Iterable[Path], *, apply: bool = False) -> tuple[list[UpgradeResult], int]:
    """Upgrade every workbook of ``paths`` (folders expanded).

    Returns:
        One result per file and the exit code: 2 when a file could not be read, 3 when a write
        was refused, 1 when changes are pending (dry run) or a file is left alone, 0 when
        everything is current or was upgraded.
    """
    results = [upgrade_file(p, apply=apply) for p in workbook_paths(paths)]
    if any(r.unreadable for r in results):
        return results, 2
    if any(r.refused for r in results):
        return results, 3
    if any(r.pending or r.blocked for r in results):
        return results, 1
    return results, 0


def summary(result: UpgradeResult, lang: str = "en") -> str:
    """One line per file for the CLI, in ``lang``.

    >>> summary(UpgradeResult(Path("a.xlsx")))
    'a.xlsx: nothing to do (template version ...)'
    """
    zh = lang == "zh"
    name = result.path.name
    if result.blocked:
        return f"{name}: {'未改动' if zh else 'left unchanged'}: {result.reason(lang)}"
    if not result.changes:
        return (f"{name}: 无需升级（模板版本 {TEMPLATE_VERSION}）" if zh else
                f"{name}: nothing to do (template version {TEMPLATE_VERSION})")
    found = result.version if result.version is not None else "-"
    if zh:
        verb = "已升级" if result.applied else "将升级"
        return (f"{name}: {verb}，版本 {found} -> {TEMPLATE_VERSION}，{len(result.changes)} 处改动"
                + _not_carried(result, lang))
    verb = "upgraded" if result.applied else "would upgrade"
    return (f"{name}: {verb} from version {found} to {TEMPLATE_VERSION}: "
            f"{len(result.changes)} change(s), listed below" + _not_carried(result, lang))


def _not_carried(result: UpgradeResult, lang: str) -> str:
    if not result.not_carried:
        return ""
    kept = ("（备份中保留）" if result.applied else "（备份会保留）") if lang == "zh" else (
        " (the backup keeps them)" if result.applied else " (the backup will keep them)")
    told = describe_features(result.not_carried, lang)
    return f"；未带入：{told}{kept}" if lang == "zh" else f"; not carried: {told}{kept}"
