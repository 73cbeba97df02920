"""One run publishes one consistent set of outputs: locked, staged, published together, leftovers removed,
readable by others, and a LibreOffice that hangs or a disk that fills is a message, not a broken set."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import NOW, fill_like_agency, mounted_tmpfs

from pii_excel.pipeline import consolidate
from pii_excel.publish import STAGING_PREFIX, OutputBusy, Staging, output_lock, recover

posix_only = pytest.mark.skipif(os.name == "nt", reason="shell-script stand-ins and mounts are POSIX")


def _fake_soffice(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "soffice"
    exe.write_text("#!/bin/sh\n" + body)
    exe.chmod(0o755)
    return folder


WRITES_PDF = """
out=""; last=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; shift; fi
  last="$1"; shift
done
name=$(basename "$last" .docx)
printf '%%PDF-1.4\\n%%%%EOF\\n' > "$out/$name.pdf"
"""


def run_ids(folder: Path) -> dict[str, str]:
    """The run id each published output carries."""
    ids = {"run.json": json.loads((folder / "run.json").read_text(encoding="utf-8"))["run_id"]}
    ids["bao-cao.docx"] = docx.Document(str(folder / "bao-cao.docx")).core_properties.identifier
    for path in [folder / "tong-hop.xlsx", *sorted((folder / "phan-hoi").glob("*.xlsx"))]:
        ids[path.relative_to(folder).as_posix()] = openpyxl.load_workbook(path).custom_doc_props["pii_run_id"].value
    return ids


def _inputs(plan, made, folder: Path, broken_agency: str | None = None) -> Path:
    for code in ("STC", "SCT", "SKHDT"):
        edit = (
            (lambda a: a.values.update(dict.fromkeys(a.values, "khoảng hai mươi"))) if code == broken_agency else None
        )
        fill_like_agency(plan, made, code, folder / f"{code}.xlsx", edit=edit)
    return folder


@posix_only
def test_a_rerun_removes_what_it_no_longer_makes(pii_2024, tmp_path, monkeypatch):
    plan, made = pii_2024
    monkeypatch.setenv("PATH", f"{_fake_soffice(tmp_path / 'bin', WRITES_PDF)}{os.pathsep}{os.environ['PATH']}")
    first = consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in1", "STC"), tmp_path / "out", now=NOW, pdf=True)
    folder = tmp_path / "out" / plan.id / "2024"
    assert (folder / "bao-cao.pdf").is_file() and (folder / "phan-hoi" / "STC.xlsx").is_file()
    assert set(run_ids(folder).values()) == {first.model.run_id}
    second = consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in2"), tmp_path / "out", now=NOW)
    assert not (folder / "bao-cao.pdf").exists()  # not asked for this time: the old one would contradict
    assert not (folder / "phan-hoi" / "STC.xlsx").exists()  # STC is in order now
    assert set(run_ids(folder).values()) == {second.model.run_id}
    assert not list(folder.glob(f"{STAGING_PREFIX}*")) and not list(folder.glob(".*.tmp"))


def test_outputs_are_readable_by_others(pii_2024, tmp_path):
    plan, made = pii_2024
    result = consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in", "STC"), tmp_path / "out", now=NOW)
    mask = os.umask(0o022)
    os.umask(mask)
    for key, path in result.outputs.items():
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == 0o666 & ~mask, (key, oct(mode))


@pytest.mark.slow  # waits out the PDF timeout; the default suite keeps its time margin
@posix_only
def test_a_hanging_libreoffice_is_stopped_with_a_message(pii_2024, tmp_path, monkeypatch):
    from pii_excel.word import render

    plan, made = pii_2024
    child = tmp_path / "con.pid"
    hangs = f"sleep 600 &\necho $! > {child}\nsleep 600\n"
    monkeypatch.setenv("PATH", f"{_fake_soffice(tmp_path / 'bin', hangs)}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(render, "PDF_TIMEOUT_SECONDS", 2)
    started = time.monotonic()
    result = consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in"), tmp_path / "out", now=NOW, pdf=True)
    assert time.monotonic() - started < 60
    assert "report_pdf" not in result.outputs
    assert any("LibreOffice không phản hồi sau 2 giây" in n for n in result.notes)
    time.sleep(0.2)
    pid = int(child.read_text())
    assert _gone(pid)  # the helper LibreOffice started is stopped too


def _gone(pid: int) -> bool:
    """Dead, or a zombie waiting for a parent that is not ours to reap it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


def test_a_second_run_waits_then_refuses(pii_2024, tmp_path):
    plan, made = pii_2024
    folder = tmp_path / "out" / plan.id / "2024"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom pii_excel.publish import output_lock\n"
            "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputBusy, match="Một lượt tổng hợp khác đang ghi"):
            consolidate(plan, "2024", _inputs(plan, made, tmp_path / "in"), tmp_path / "out", now=NOW, wait_seconds=1)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert not (folder / "run.json").exists()
    # the holder died: the system released its lock and the next run goes through
    consolidate(plan, "2024", tmp_path / "in", tmp_path / "out", now=NOW, wait_seconds=5)
    assert (folder / "run.json").is_file()


@pytest.mark.slow  # two full runs at once: CI runs it with the slow tests, the default suite keeps its margin
def test_concurrent_runs_leave_one_consistent_set(pii_2024, tmp_path):
    plan, made = pii_2024
    inp = _inputs(plan, made, tmp_path / "in", "STC")
    script = (
        "import sys\nfrom pathlib import Path\nfrom pii_excel.plan import load_plan\n"
        "from pii_excel.pipeline import consolidate\n"
        "consolidate(load_plan('pii-2024-bac-giang'), '2024', Path(sys.argv[1]), Path(sys.argv[2]))\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(inp), str(tmp_path / "out")]) for _ in range(3)]
    assert [r.wait(timeout=300) for r in runs] == [0, 0, 0]
    folder = tmp_path / "out" / plan.id / "2024"
    assert len(set(run_ids(folder).values())) == 1
    assert not list(folder.glob(f"{STAGING_PREFIX}*"))


def test_a_publication_cut_short_is_finished_by_the_next_run(tmp_path):
    folder = tmp_path / "ra"
    folder.mkdir()
    (folder / "run.json").write_text("cũ")
    (folder / "bao-cao.pdf").write_text("cũ")
    staged = Staging(folder, "lan-1")
    staged.path("run.json").write_text("mới")
    staged.path("phan-hoi/STC.xlsx").write_text("mới")
    names = [n for n in staged.names if (staged.dir / n).is_file()]
    (staged.dir / "xong.json").write_text(json.dumps({"files": names}))
    (staged.dir / "run.json").replace(folder / "run.json")  # killed after moving the first file
    half = Staging(folder, "lan-2")  # killed before it finished writing: never published
    half.path("run.json").write_text("dở dang")
    recover(folder)
    assert (folder / "run.json").read_text() == "mới" and (folder / "phan-hoi" / "STC.xlsx").read_text() == "mới"
    assert not (folder / "bao-cao.pdf").exists()
    assert not list(folder.glob(f"{STAGING_PREFIX}*"))


@posix_only
def test_a_full_disk_keeps_the_previous_set_and_says_so(pii_2024, tmp_path):
    plan, made = pii_2024
    with mounted_tmpfs(tmp_path / "dia-nho", "size=400k") as mount:
        inp = _inputs(plan, made, tmp_path / "in", "STC")
        first = consolidate(plan, "2024", inp, mount, now=NOW)
        folder = mount / plan.id / "2024"
        before = run_ids(folder)
        assert set(before.values()) == {first.model.run_id}
        filler = mount / "day.bin"
        with open(filler, "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        cli = subprocess.run(
            [sys.executable, "-m", "pii_excel", "consolidate", plan.id, "-p", "2024", "-i", str(inp), "-o", str(mount)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert cli.returncode == 1 and "Ổ đĩa đã đầy" in cli.stderr and "Traceback" not in cli.stderr
        assert run_ids(folder) == before  # the previous set, whole
        assert not list(folder.glob(f"{STAGING_PREFIX}*"))


def test_the_output_lock_is_free_after_release_and_refuses_another_run_while_held(tmp_path):
    """Released, the next run takes it at once; held, another process waiting on it is refused (OutputBusy, told
    in Vietnamese by the CLI) instead of writing into the same folder."""
    folder = tmp_path / "a"
    with output_lock(folder, wait_seconds=1):
        pass
    probe = (
        "import sys; from pathlib import Path; from pii_excel.publish import output_lock, OutputBusy\n"
        "try:\n    with output_lock(Path(sys.argv[1]), wait_seconds=0.2): print('taken')\n"
        "except OutputBusy: print('busy')"
    )

    def other_process() -> str:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        done = subprocess.run([sys.executable, "-c", probe, str(folder)], capture_output=True, text=True, env=env)
        return done.stdout.strip()

    assert other_process() == "taken"
    with output_lock(folder, wait_seconds=1):
        assert other_process() == "busy"
    assert other_process() == "taken"
