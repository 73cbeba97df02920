"""The history is a note, never a stop (README): a row the history cannot read — a date typed by hand, text or
NULL in a number column, a basis a newer version wrote — is skipped and named, and `consolidate`, `history` and
`plan next` go on; a history another program holds is said to be in use, not corrupt; the file follows the
umask like every other output."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner
from conftest import NOW, fill_like_agency

from pii_excel.cli import main
from pii_excel.history import HISTORY_FILE, read_history
from pii_excel.pipeline import consolidate


def _recorded(pii_2024, tmp_path) -> tuple:
    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    fill_like_agency(plan, made, "SKHCN", inp / "SKHCN.xlsx")
    consolidate(plan, "2024", inp, out, now=NOW)
    return plan, inp, out, out / plan.id / HISTORY_FILE


def _spoil(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as con:
        for sql in statements:
            con.execute(sql)


def test_bad_rows_are_skipped_and_named_and_every_command_goes_on(pii_2024, tmp_path):
    plan, inp, out, path = _recorded(pii_2024, tmp_path)
    # a second period, typed by hand with a SQLite tool, whose dates are written as staff write them
    _spoil(
        path,
        "INSERT INTO periods SELECT '2023', 'Năm 2023', kind, '15/12/2022', '14/12/2023', '20/12/2023', "
        "ranking_size, 'tay', '10/01/2024 09:00', recorded_at FROM periods WHERE period_id = '2024'",
        "INSERT INTO periods SELECT '2022', 'Năm 2022', kind, data_start, data_end, deadline, 'sáu mươi ba', "
        "'x', generated_at, recorded_at FROM periods WHERE period_id = '2024'",
        "UPDATE measures SET value = 'khoảng 20' WHERE period_id = '2024' AND code = '3.1.1'",
        "UPDATE measures SET score = NULL, basis = 'basis-of-a-newer-version' WHERE period_id = '2024' "
        "AND kind = 'total'",
    )
    read = read_history(path)
    assert [r.period_id for r in read.records] == ["2023", "2024"]  # 14/12/2023 read as the date it is
    assert len(read.skipped) == 2
    assert any("kỳ «2022»: cột ranking_size là «sáu mươi ba»" in s for s in read.skipped)
    assert any("3.1.1: cột value là «khoảng 20»" in s for s in read.skipped)
    total = read.records[-1].measure("total", "TONG")
    assert total is not None and total.basis == ""  # an unknown basis is never shown as a label

    run = consolidate(plan, "2024", inp, out, now=NOW)
    assert not run.model.history.problem  # readable: compared, and recorded again
    assert any("2 dòng không đọc được" in n for n in run.notes)
    assert run.model.history.year_ago is not None and run.model.history.year_ago.period_id == "2023"
    data = json.loads(Path(run.outputs["run_json"]).read_text(encoding="utf-8"))
    assert data["history"]["notes"] and "3.1.1" in data["history"]["notes"][0]

    listed = CliRunner().invoke(main, ["history", plan.id, "-o", str(out), "--json"])
    assert listed.exit_code == 0, listed.output
    assert [p["id"] for p in json.loads(listed.stdout)["periods"]] == ["2023", "2024"]
    rolled = CliRunner().invoke(
        main,
        ["plan", "next", plan.id, "--from", "2024", "--ket-qua", str(out), "-o", str(tmp_path / "ke-hoach-2025.xlsx")],
    )
    assert rolled.exit_code == 0, rolled.output
    assert "Lỗi của chương trình" not in listed.output + rolled.output


def test_a_history_in_use_is_said_to_be_in_use_not_corrupt(pii_2024, tmp_path, monkeypatch):
    plan, inp, out, path = _recorded(pii_2024, tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(sqlite3, "connect", _short_timeout(sqlite3.connect))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing to it
    try:
        run = consolidate(plan, "2024", inp, out, now=NOW)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    problem = run.model.history.problem
    assert "đang được chương trình khác dùng" in problem and "Đổi tên" not in problem
    assert path.read_bytes() == before
    log = Path(run.outputs["technical_log"]).read_text(encoding="utf-8")
    assert "[HISTORY]" in log and "locked" in log  # the cause, for support


def _short_timeout(connect):
    def quick(*args, **kwargs):
        kwargs["timeout"] = 0.2
        return connect(*args, **kwargs)

    return quick


def test_the_history_file_follows_the_umask(pii_2024, tmp_path):
    old = os.umask(0o002)  # a shared group folder
    try:
        _, _, _, path = _recorded(pii_2024, tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
