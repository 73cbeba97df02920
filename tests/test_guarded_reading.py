"""Every workbook a person hands the tool is read under the same guard as agencies' files — not only input/:
a plan workbook given to `plan check` or `consolidate` that crashes, panics or exhausts the native reader is a
Vietnamese finding, in bounded memory, with no traceback. The files are real ones from public test suites
(tests/data/public/README.md gives each one's project and licence)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import LET_BOMB_THROUGH

from pii_excel.cli import main
from pii_excel.plan.workbook_read import read_plan_workbook
from pii_excel.untrusted.guarded import Refused, call_guarded, checked_workbook_bytes

PUBLIC = Path(__file__).parent / "data" / "public"
HOSTILE = [
    "Test_git_issue_382_oom.xls",  # ExcelDataReader: grew to 24 GB under `plan check` before
    "oleloop.xls",  # PhpSpreadsheet: an OLE sector chain that loops
    "Test_Issue_12556_corrupt.xls",  # ExcelDataReader: printed a Python traceback before
    "Test_git_issue_467_empty_continue_leftoverbytes.xls",  # ExcelDataReader: likewise
]


@pytest.mark.parametrize("name", HOSTILE)
def test_plan_check_on_a_hostile_workbook_is_a_vietnamese_finding(tmp_path, name):
    source = tmp_path / name
    shutil.copyfile(PUBLIC / name, source)
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["plan", "check", str(source)])
    assert result.exit_code == 1, result.output
    assert "Không đọc được tệp kế hoạch" in result.stdout + result.stderr
    assert "Traceback" not in result.output and "panicked" not in result.output
    assert not re.search(r"\((?:\w+Error|\w+Exception)\)", result.output)
    assert source.read_bytes() == before


def test_the_memory_bomb_is_contained_in_its_worker(tmp_path):
    """The whole `plan check` stays small (the worker's address-space limit stops the reader) and says why — with
    the pre-check that refuses this particular file set aside, so that the native reader meets it."""
    source = tmp_path / "ke-hoach.xls"
    shutil.copyfile(PUBLIC / "Test_git_issue_382_oom.xls", source)
    probe = LET_BOMB_THROUGH + (
        "import resource, sys\n"
        "from pii_excel.cli import run\n"
        "try:\n    run(['plan', 'check', sys.argv[1]])\n"
        "except SystemExit as e:\n    code = e.code\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('PEAK', peak, 'CODE', code)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(source)], capture_output=True, text=True, timeout=300)
    peak_kb, code = re.search(r"PEAK (\d+) CODE (\d+)", done.stdout).groups()  # type: ignore[union-attr]
    assert code == "1" and "bị dừng bất thường" in done.stdout + done.stderr
    assert int(peak_kb) < 1_500_000  # the worker's limit is its start plus 768 MB; before, it took 24 GB


def test_a_plan_workbook_that_is_not_a_workbook_says_so_by_content(tmp_path):
    renamed = tmp_path / "ke-hoach.xlsx"
    renamed.write_bytes(b"%PDF-1.7 not a workbook")
    plan, findings = read_plan_workbook(renamed)
    assert plan is None and [f.code.value for f in findings] == ["PLAN_UNREADABLE"]
    assert "đổi tên" in findings[0].message and findings[0].location.file == "ke-hoach.xlsx"
    fifo = tmp_path / "ong.xlsx"
    import os

    os.mkfifo(fifo)
    with pytest.raises(Refused):  # a FIFO is never opened for reading (it would wait for a writer)
        checked_workbook_bytes(fifo)


def _crash() -> None:
    os_exit = __import__("os")._exit
    os_exit(70)


def _sleep() -> None:
    __import__("time").sleep(30)


def _bug() -> None:
    raise KeyError("ours")


def test_call_guarded_turns_a_dead_or_slow_worker_into_a_reason():
    from pii_excel.untrusted.guarded import GuardedBug

    with pytest.raises(Refused, match="bị dừng bất thường"):
        call_guarded(_crash)
    with pytest.raises(Refused, match="quá 1 giây"):
        call_guarded(_sleep, seconds=1)
    with pytest.raises(GuardedBug, match="KeyError"):
        call_guarded(_bug)
    assert call_guarded(sorted, [3, 1, 2]) == [1, 2, 3]
