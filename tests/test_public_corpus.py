"""Hundreds of real spreadsheets nobody here wrote — valid, broken, fuzzed, encrypted — mixed with genuine
submissions: one complete run, every file one status, every typed value exact, Vietnamese only, bounded memory.

The corpus is gathered by tests/corpus/public.py from public test suites (Apache POI, SheetJS, calamine, xlrd);
this test skips, saying how to get it, when it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, fill_like_agency
from corpus.public import DEFAULT_DEST, public_files

from pii_excel.intake.folder import run_intake

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="address-space limit and /proc sampling"),
]
ROOT = Path(__file__).resolve().parents[1]
ADDRESS_LIMIT = 1536 * 1024 * 1024
PEAK_RSS_MB = 300
STATUSES = {"accepted", "rejected", "superseded", "skipped"}
# what library messages are made of; none of it may stand in what people read
LIBRARY_WORDS = re.compile(
    r"[A-Za-z]*Error\b|\berror\b|[Pp]anic|Cfb|Codepage|Unrecognized|not found|[Ii]nvalid|failed|buffer|"
    r"\bEOF\b|unexpected|Traceback|Exception"
)


def _rss_sampler():
    """The benchmark's measure of a process tree's resident memory (workers included)."""
    spec = importlib.util.spec_from_file_location("pii_bench", ROOT / "bench" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return lambda pid: bench.tree_memory_kb(pid)[0]


def _limit_address_space() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))


@pytest.fixture(scope="module")
def public_run(pii_2024, tmp_path_factory):
    files = public_files()
    if len(files) < 200:
        pytest.skip(
            "public corpus absent: clone apache/poi, SheetJS/test_files, tafia/calamine, python-excel/xlrd "
            "into one folder and run `python tests/corpus/public.py --mirrors FOLDER`"
        )
    plan, made = pii_2024
    base = tmp_path_factory.mktemp("public")
    genuine, mixed = base / "genuine", base / "input"
    for code in made:
        fill_like_agency(plan, made, code, genuine / f"{code}.xlsx")
    shutil.copytree(genuine, mixed)
    for path in files:
        target = mixed / "cong-khai" / path.relative_to(DEFAULT_DEST)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    baseline = run_intake(plan, "2024", genuine, now=NOW)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    started = time.monotonic()
    stdout, stderr = base / "stdout.json", base / "stderr.txt"
    with open(stdout, "wb") as out_fh, open(stderr, "wb") as err_fh:  # files: a pipe would fill and block the run
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pii_excel",
                "consolidate",
                plan.id,
                "-p",
                "2024",
                "-i",
                str(mixed),
                "-o",
                str(base / "out"),
                "--json",
            ],
            stdout=out_fh,
            stderr=err_fh,
            env=env,
            cwd=base,
            preexec_fn=_limit_address_space,
        )
        tree_rss_kb = _rss_sampler()
        peak_kb = 0
        while proc.poll() is None:
            peak_kb = max(peak_kb, tree_rss_kb(proc.pid))
            time.sleep(0.05)
    out, err = stdout.read_text(encoding="utf-8"), stderr.read_text(encoding="utf-8")
    return {
        "rc": proc.returncode,
        "stdout": out,
        "stderr": err,
        "peak_mb": peak_kb / 1024,
        "seconds": time.monotonic() - started,
        "files": len(files) + len(made),
        "baseline": baseline,
        "folder": base / "out" / plan.id / "2024",
    }


def test_the_run_completes_with_every_output(public_run):
    assert public_run["rc"] == 0, public_run["stderr"][-3000:]
    assert "Traceback" not in public_run["stderr"]
    folder = public_run["folder"]
    for name in ("run.json", "tong-hop.xlsx", "bao-cao.docx"):
        assert (folder / name).stat().st_size > 0
    assert json.loads(public_run["stdout"]) == json.loads((folder / "run.json").read_text(encoding="utf-8"))


def test_every_file_gets_one_status(public_run):
    run = json.loads(public_run["stdout"])
    paths = [i["path"] for i in run["inputs"]]
    assert len(paths) == len(set(paths)) == public_run["files"]
    assert {i["status"] for i in run["inputs"]} <= STATUSES
    assert not [f for f in run["findings"] if f["code"] == "PROGRAM_ERROR"], "a bug of ours met a public file"


def test_genuine_values_come_out_exact(public_run):
    run = json.loads(public_run["stdout"])
    got = {(v["agency"], v["indicator"]): v["value"] for v in run["values"]}
    want = {(v.agency, v.indicator): v.value for v in public_run["baseline"].values}
    assert got == want and want
    genuine = {i["path"]: i["status"] for i in run["inputs"] if "/" not in i["path"]}
    assert set(genuine.values()) == {"accepted"}


def test_no_library_english_reaches_people(public_run):
    run = json.loads(public_run["stdout"])
    for f in run["findings"]:
        message = f["message"].replace(f["file"], "")
        assert not LIBRARY_WORDS.search(message), (f["file"], f["message"], f["technical"])
    console = public_run["stderr"]
    for name in {f["file"] for f in run["findings"]} | {str(public_run["folder"])}:
        console = console.replace(name, "")
    assert not LIBRARY_WORDS.search(console), console[:2000]
    assert len(console.splitlines()) < 60  # a thousand broken files are summed up, not listed on the console


def test_memory_stays_bounded(public_run):
    assert public_run["peak_mb"] < PEAK_RSS_MB, f"{public_run['peak_mb']:.0f} MB"


def test_real_panics_encryption_and_old_formats_are_named(public_run):
    """Spot checks on files known to make the reader panic, to be encrypted, or to be too old."""
    run = json.loads(public_run["stdout"])
    codes = {}
    for f in run["findings"]:
        codes.setdefault(f["file"].rsplit("/", 1)[-1], set()).add(f["code"])
    expected = {
        "Simple.xlsb": "FILE_UNREADABLE",  # makes the reader panic
        "AutoFilter.xlsb": "FILE_NOT_A_TEMPLATE",  # .xlsb is read like the others
        "clusterfuzz-testcase-minimized-POIHSSFFuzzer-5816431116615680.xls": "FILE_UNREADABLE",  # reader panic
        "51535.xls": "FILE_TOO_LARGE",  # declares a 16-million-cell sheet
        "password_2002_40_xor.xls": "FILE_ENCRYPTED",  # XOR obfuscation
        "biff4_no_format_no_window2.xls": "FILE_FORMAT_TOO_OLD",
        "LO7322.fods": "FILE_NOT_A_TEMPLATE",  # flat OpenDocument is read
    }
    present = {name: code for name, code in expected.items() if name in codes}
    assert present, "none of the spot-check files is in the corpus"
    for name, code in present.items():
        assert code in codes[name], (name, codes[name])
