"""One guarded reading for every workbook a person hands the tool outside the input folder (a plan workbook, a
results file): the bytes read once from a regular file, pre-checked by content like agencies' files, then parsed
in a supervised worker process with a time and an address-space limit, so a native reader's crash, panic or
memory blow-up becomes a Vietnamese reason instead of a killed machine or an English backtrace."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pii_excel.findings import Code, finding
from pii_excel.untrusted.files import Checked, check_bytes
from pii_excel.untrusted.scan import MAX_FILE_BYTES, os_reason, read_file_bytes
from pii_excel.untrusted.workers import DEFAULT_MEMORY_BYTES, Supervisor, TaskFailed

GUARDED_SECONDS = 60.0  # a plan or results workbook reads in well under a second

CRASHED = "chương trình đọc bảng tính bị dừng bất thường khi mở tệp này (tệp hỏng hoặc cần quá nhiều bộ nhớ)"


class Refused(Exception):
    """Why the file was not read, in Vietnamese (a clause: «tệp có mật khẩu»), and the technical detail."""

    def __init__(self, reason: str, technical: str = "") -> None:
        super().__init__(reason)
        self.reason, self.technical = reason, technical


def _clause(sentence: str) -> str:
    """A catalogue message («Tệp quá lớn để đọc an toàn (…).») as a clause to follow a colon."""
    sentence = sentence.rstrip(".")
    return sentence[:1].lower() + sentence[1:]


def checked_workbook_bytes(path: Path) -> bytes:
    """The workbook's bytes, read once through a descriptor checked to be a regular file's and pre-checked by
    content (format, extent, bombs, entities, password) exactly as agencies' files are."""
    try:
        raw, info = read_file_bytes(path)
    except OSError as exc:
        raise Refused(os_reason(exc), f"{type(exc).__name__}: {exc}") from None
    if raw is None:
        raise Refused(f"tệp lớn hơn {MAX_FILE_BYTES // 2**20} MB ({info.st_size / 1e6:.0f} MB)")
    checked = check_bytes(raw)
    if not isinstance(checked, Checked):
        where = f"trang «{checked.sheet}»" if checked.sheet else ""
        detail = ", ".join(x for x in (checked.detail, where, f"ô {checked.cell}" if checked.cell else "") if x)
        technical = f"pre-check {checked.code.value}: {detail}"
        if checked.code is Code.FILE_UNREADABLE:  # its message is «Không đọc được tệp: …»: the reason alone
            raise Refused(detail or "tệp bị hỏng", technical)
        raise Refused(_clause(finding(checked.code, detail=detail).message), technical)
    data = checked.data
    if checked.zip is not None:
        checked.zip.close()
    return data


def _nothing() -> None:
    return None


def _call(_state: None, task: tuple[Callable[..., Any], tuple[Any, ...]]) -> tuple[bool, Any]:
    work, args = task
    try:
        return True, work(*args)
    except Exception as exc:  # a bug of ours, returned as such: the worker must not die for it
        return False, "".join(traceback.format_exception(exc))[-4000:]


class GuardedBug(Exception):
    """Our own code failed inside the guarded worker (its traceback is the message)."""


def call_guarded(
    work: Callable[..., Any], *args: Any, seconds: float = GUARDED_SECONDS, memory_bytes: int = DEFAULT_MEMORY_BYTES
) -> Any:
    """`work(*args)` in a supervised worker process; its result (plain, picklable data). Refused when the worker
    dies (a native crash, the address-space limit) or runs over `seconds`. `work` is a module-level function."""
    with Supervisor(_call, _nothing, jobs=1, task_seconds=seconds, memory_bytes=memory_bytes) as supervisor:
        result = supervisor.run([(work, args)])[0]
    if isinstance(result, TaskFailed):
        if result.reason == "timeout":
            raise Refused(f"đọc tệp quá {seconds:.0f} giây (tệp hỏng hoặc quá phức tạp)", result.detail)
        raise Refused(CRASHED, result.detail)
    ok, value = result
    if not ok:
        raise GuardedBug(value)
    return value
