"""A closed or failing stdout or stderr says the truth: the run's work is done (outputs written), data that could
not be printed is an error with exit code 1, and nothing claims «kết quả cũ vẫn giữ nguyên» when a new set was
published. A library's own exception around a system error (xlsxwriter's, when the disk fills) is that error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pii_excel.cli import _os_error_inside, explain_os_error

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="shell redirections")


def _cli(args: str, tmp_path: Path, redirect: str) -> subprocess.CompletedProcess:
    command = f'"{sys.executable}" -m pii_excel {args} {redirect}'
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, cwd=tmp_path, timeout=300)


@pytest.fixture(scope="module")
def inputs(demo_session) -> Path:
    return demo_session.input_dir


@posix_only
def test_closed_stdout_and_stderr_still_do_the_work(inputs, tmp_path):
    done = _cli(f"consolidate pii-2024-bac-giang --period 2024 -i {inputs} -o out", tmp_path, ">&- 2>&-")
    assert done.returncode == 0
    assert (tmp_path / "out" / "pii-2024-bac-giang" / "2024" / "run.json").is_file()
    assert not (tmp_path / "out" / "nhat-ky-loi.log").exists()  # no program error was logged


@posix_only
@pytest.mark.parametrize(("redirect", "said"), [(">&-", "đã bị đóng"), ("> /dev/full", "đã đầy")])
def test_json_that_cannot_be_printed_is_an_error_not_a_silent_success(inputs, tmp_path, redirect, said):
    if redirect == "> /dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    done = _cli(f"consolidate pii-2024-bac-giang --period 2024 -i {inputs} -o out --json", tmp_path, redirect)
    assert done.returncode == 1, done.stderr
    assert said in done.stderr and "kết quả cũ vẫn giữ nguyên" not in done.stderr
    assert "Traceback" not in done.stderr and "Lỗi của chương trình" not in done.stderr
    assert (tmp_path / "out" / "pii-2024-bac-giang" / "2024" / "run.json").is_file()  # the new set, as said above


def test_a_full_disk_inside_xlsxwriter_is_said_as_a_full_disk(tmp_path):
    import errno

    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    book = xlsxwriter.Workbook(str(tmp_path / "khong-co" / "tong-hop.xlsx"))
    book.add_worksheet()
    with pytest.raises(FileCreateError) as caught:
        book.close()
    inner = _os_error_inside(caught.value)
    assert isinstance(inner, OSError) and inner.errno == errno.ENOENT
    full = FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
    assert "Ổ đĩa đã đầy" in explain_os_error(_os_error_inside(full))  # type: ignore[arg-type]
