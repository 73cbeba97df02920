"""What a shared input folder holds besides workbooks: links, FIFOs, devices, unreadable and vanishing entries,
names that are not UTF-8 — each one a finding, never a hang, a traceback or a file read outside the folder."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import NOW, fill_like_agency

from pii_excel.intake.folder import run_intake
from pii_excel.output.run_json import plain_data
from pii_excel.pipeline import consolidate

posix_only = pytest.mark.skipif(os.name == "nt", reason="links, FIFOs and permissions as on POSIX systems")


def _values(result) -> dict:
    return {(v.agency, v.indicator): v.value for v in result.values}


@posix_only
def test_links_fifos_and_devices_are_never_opened(pii_2024, tmp_path):
    plan, made = pii_2024
    inp = tmp_path / "input"
    fill_like_agency(plan, made, "STC", inp / "STC.xlsx")
    outside = tmp_path / "ngoai"
    outside.mkdir()
    genuine = fill_like_agency(plan, made, "SCT", outside / "SCT.xlsx")
    fifo = tmp_path / "ong"
    os.mkfifo(fifo)
    os.mkfifo(inp / "ong-dan.xlsx")
    links = {
        "toi-fifo.xlsx": fifo,
        "toi-dev-zero.xlsx": Path("/dev/zero"),
        "toi-passwd.xlsx": Path("/etc/passwd"),
        "treo.xlsx": tmp_path / "khong-co.xlsx",
        "thu-muc-lien-ket": outside,
        "mau-that.xlsx": genuine,
    }
    for name, target in links.items():
        (inp / name).symlink_to(target)
    (inp / "vong-a.xlsx").symlink_to(inp / "vong-b.xlsx")
    (inp / "vong-b.xlsx").symlink_to(inp / "vong-a.xlsx")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(inp / "o-cam.xlsx"))
    started = time.monotonic()
    try:
        result = consolidate(plan, "2024", inp, tmp_path / "out", now=NOW)
    finally:
        sock.close()
    assert time.monotonic() - started < 60  # nothing waited on a FIFO or read /dev/zero
    inputs = {i.path: i for i in result.model.intake.inputs}
    for name in [*links, "vong-a.xlsx", "vong-b.xlsx", "ong-dan.xlsx", "o-cam.xlsx"]:
        assert inputs[name].status == "skipped", name
        assert inputs[name].sha256 == "" and inputs[name].size == 0, name  # never opened, never hashed
    assert inputs["STC.xlsx"].status == "accepted"
    assert "SCT" not in {
        s.agency for s in result.model.intake.submissions if s.status != "missing"
    }  # not read through a link
    text = Path(result.outputs["run_json"]).read_text(encoding="utf-8")
    assert "root:" not in text  # nothing of /etc/passwd


request_cleanup: list = []


@pytest.fixture(autouse=True)
def _cleanup():
    yield
    while request_cleanup:
        request_cleanup.pop()()


def _as_unprivileged(function):
    """Run `function()` as a user the file permissions apply to (root reads everything), return its JSON."""
    if os.geteuid() != 0:
        return function()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(read)
            __import__("_strptime")  # lazily imported from the interpreter's folder, which only root may read here
            os.setgid(65534)
            os.setuid(65534)
            data = json.dumps(function()).encode()
            with os.fdopen(write, "wb") as fh:
                fh.write(data)
        except BaseException:
            import traceback

            with os.fdopen(write, "wb", closefd=False) as fh:
                fh.write(traceback.format_exc().encode())
            code = 1
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and data, data.decode(errors="replace")
    return json.loads(data)


@posix_only
def test_unreadable_files_and_folders_are_findings(pii_2024, tmp_path):
    import shutil
    import tempfile

    plan, made = pii_2024
    base = Path(tempfile.mkdtemp(prefix="pii-quyen-"))  # outside pytest's private (0700) folder
    request_cleanup.append(lambda: shutil.rmtree(base, ignore_errors=True))
    base.chmod(0o755)
    inp = base / "input"
    fill_like_agency(plan, made, "STC", inp / "STC.xlsx")
    fill_like_agency(plan, made, "SCT", inp / "khoa" / "SCT.xlsx")
    fill_like_agency(plan, made, "SKHDT", inp / "khong-doc.xlsx")
    for folder in (base, inp):
        folder.chmod(0o755)
    (inp / "STC.xlsx").chmod(0o644)
    (inp / "khong-doc.xlsx").chmod(0o000)
    (inp / "khoa").chmod(0o000)
    try:
        data = _as_unprivileged(lambda: plain_data(run_intake(plan, "2024", inp, now=NOW)))
    finally:
        (inp / "khoa").chmod(0o755)
    inputs = {i["path"]: i for i in data["inputs"]}
    assert inputs["STC.xlsx"]["status"] == "accepted", [
        f["technical"] for f in data["findings"] if f["file"] == "STC.xlsx"
    ]
    assert (
        inputs["khong-doc.xlsx"]["status"] == "rejected" and "không có quyền đọc" in inputs["khong-doc.xlsx"]["reason"]
    )
    assert inputs["khoa/"]["status"] == "rejected" and "không mở được thư mục" in inputs["khoa/"]["reason"]
    codes = {(f["file"], f["code"]) for f in data["findings"]}
    assert ("khoa/", "FILE_UNREADABLE") in codes and ("khong-doc.xlsx", "FILE_UNREADABLE") in codes


def test_a_file_that_vanishes_while_the_run_reads_is_a_finding(pii_2024, tmp_path, monkeypatch):
    from pii_excel.intake import folder as intake

    plan, made = pii_2024
    inp = tmp_path / "input"
    for code in ("STC", "SCT"):
        fill_like_agency(plan, made, code, inp / f"{code}.xlsx")
    scan = intake.scan_input

    def scan_then_delete(folder):
        found = scan(folder)
        (inp / "SCT.xlsx").unlink()  # moved away by a colleague between the listing and the reading
        return found

    monkeypatch.setattr(intake, "scan_input", scan_then_delete)
    result = run_intake(plan, "2024", inp, now=NOW)
    inputs = {i.path: i for i in result.inputs}
    assert inputs["STC.xlsx"].status == "accepted"
    assert inputs["SCT.xlsx"].status == "rejected" and "đã bị xoá" in inputs["SCT.xlsx"].reason


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes only on Linux")
def test_names_that_are_not_utf8_or_hold_control_characters(pii_2024, tmp_path):
    plan, made = pii_2024
    inp = tmp_path / "input"
    inp.mkdir()
    # "Báo cáo" in Windows-1258, as unzipping an archive made on Windows gives
    odd = os.fsdecode(b"B\xe1o c\xe1o STC.xlsx")
    fill_like_agency(plan, made, "STC", inp / odd)
    fill_like_agency(plan, made, "SCT", inp / "\x1b[31mSCT\x07.xlsx")
    (inp / os.fsdecode(b"ghi \xff\xfe.txt")).write_text("thư")
    result = consolidate(plan, "2024", inp, tmp_path / "out", now=NOW)
    names = {i.path: i.status for i in result.model.intake.inputs}
    assert names == {
        "B\\xe1o c\\xe1o STC.xlsx": "accepted",
        "\\x1b[31mSCT\\x07.xlsx": "accepted",
        "ghi \\xff\\xfe.txt": "skipped",
    }
    run = json.loads(Path(result.outputs["run_json"]).read_text(encoding="utf-8"))
    assert {i["path"] for i in run["inputs"]} == set(names)
    summary = openpyxl.load_workbook(result.outputs["summary"])
    every_text = [c.value for ws in summary for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("\x1b" in t or "\x07" in t for t in every_text)
