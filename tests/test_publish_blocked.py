"""Publication is all-or-nothing even when a file in the way cannot be replaced — on Windows a workbook open in
Excel; simulated here with an immutable file (chattr +i, as root on ext4) and with a folder in the file's place.
The previous set stays whole and consistent, the message names the file to close, and `remind` publishes through
the same journal."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOW, fill_like_agency

from pii_excel.cli import main
from pii_excel.pipeline import consolidate
from pii_excel.publish import STAGING_PREFIX, PublishBlocked, recover
from pii_excel.remind import REMIND_DIR, write_reminders


def _inputs(plan, made, folder: Path, late: bool) -> Path:
    from datetime import datetime, timedelta, timezone

    for code in ("STC", "SCT"):
        saved = datetime(2024, 12, 28, 9, tzinfo=timezone(timedelta(hours=7))) if late and code == "SCT" else None
        fill_like_agency(plan, made, code, folder / f"{code}.xlsx", saved=saved)
    return folder


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@contextlib.contextmanager
def immutable(path: Path):
    if not _chattr("+i", path):
        pytest.skip("chattr +i is not available here (needs root on a file system that supports it)")
    try:
        yield
    finally:
        _chattr("-i", path)


def _state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_file_that_cannot_be_replaced_publishes_nothing(pii_2024, tmp_path):
    plan, made = pii_2024
    out = tmp_path / "out"
    consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in1", late=True), out, now=NOW)
    folder = out / plan.id / "2024"
    before = _state(folder)
    summary = folder / "tong-hop.xlsx"
    with immutable(summary):
        with pytest.raises(PublishBlocked, match=r"tong-hop\.xlsx"):
            consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in2", late=False), out, now=NOW)
        assert _state(folder) == before  # every file of the previous set, byte for byte; nothing of the new one
        assert not list(folder.glob(f"{STAGING_PREFIX}*"))
        result = CliRunner().invoke(
            main, ["consolidate", plan.id, "--period", "2024", "-i", str(tmp_path / "in2"), "-o", str(out)]
        )
        assert result.exit_code == 1 and "tong-hop.xlsx" in result.stderr and "Đóng tệp đó" in result.stderr
        assert "Traceback" not in result.output and "Lỗi của chương trình" not in result.stderr
    after = consolidate(plan, "2024", tmp_path / "in2", out, now=NOW)  # closed: the next run publishes
    run = json.loads(Path(after.outputs["run_json"]).read_text(encoding="utf-8"))
    assert run["summary"]["late"] == 0


def test_a_folder_in_the_place_of_an_output_publishes_nothing(pii_2024, tmp_path):
    plan, made = pii_2024
    out = tmp_path / "out"
    consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in1", late=True), out, now=NOW)
    folder = out / plan.id / "2024"
    (folder / "bao-cao.docx").unlink()
    (folder / "bao-cao.docx").mkdir()
    (folder / "bao-cao.docx" / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    before = _state(folder)
    with pytest.raises(PublishBlocked, match="thư mục trùng tên"):
        consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in2", late=False), out, now=NOW)
    assert _state(folder) == before  # the user's folder untouched, the previous set as it was


def test_a_locked_feedback_workbook_the_new_run_no_longer_makes_blocks_too(pii_2024, tmp_path):
    """The previous set's files that the new run does not make again are moved aside with the others: one that
    cannot be leaves the whole previous set in place."""
    plan, made = pii_2024
    out = tmp_path / "out"
    first = consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in1", late=True), out, now=NOW)
    folder = out / plan.id / "2024"
    feedback = sorted((folder / "phan-hoi").glob("*.xlsx"))
    assert feedback, first.outputs
    before = _state(folder)
    with immutable(feedback[0]), pytest.raises(PublishBlocked, match=re.escape(feedback[0].name)):
        consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in2", late=False), out, now=NOW)
    assert _state(folder) == before


def test_remind_publishes_through_the_journal_and_a_killed_one_is_swept(pii_2024, tmp_path):
    plan, made = pii_2024
    out = tmp_path / "out"
    inbox = _inputs(plan, made, tmp_path / "in", late=False)
    consolidate(plan, "2024", inbox, out, now=NOW)
    folder = out / plan.id / "2024"
    period_outputs = _state(folder)
    first = write_reminders(plan, "2024", inbox, out, now=NOW)
    assert first.files and (folder / REMIND_DIR / "danh-sach-gui-thu.xlsx").is_file()
    # the period's outputs are not the reminders' leftovers: publishing one set never removes the other's files
    assert {k: v for k, v in _state(folder).items() if not k.startswith((REMIND_DIR, ".pii-excel"))} == {
        k: v for k, v in period_outputs.items() if not k.startswith(".pii-excel")
    }
    # what an older version left when killed mid-way is swept under the lock
    (folder / ".don-doc.20241220T090000-abc.tmp" / "thu").mkdir(parents=True)
    recover(folder)
    assert not list(folder.glob(".don-doc.*"))
    letter = folder / REMIND_DIR / "cong-van-don-doc.docx"
    before = _state(folder)
    with immutable(letter), pytest.raises(PublishBlocked, match=r"cong-van-don-doc\.docx"):
        write_reminders(plan, "2024", inbox, out, now=NOW)
    assert _state(folder) == before
