"""Hostile and broken inputs: every case gets its finding, the good files lose nothing, outputs stay safe."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import NOW, fill_like_agency
from corpus.build import build_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pii_excel.checkpoints import PHASES
from pii_excel.output.run_json import run_document
from pii_excel.pipeline import consolidate

GOOD = {1: ("STC", "NHNN", "BQLKCN"), 2: ("SKHDT", "SCT")}
ROOT = Path(__file__).resolve().parents[1]


def _run(plan, made, tmp, batch):
    good_dir, mixed_dir = tmp / "good", tmp / "mixed"
    for code in GOOD[batch]:
        fill_like_agency(plan, made, code, good_dir / f"{code}.xlsx")
    cases = build_corpus(plan, made, mixed_dir, batch)
    for code in GOOD[batch]:
        shutil.copy(good_dir / f"{code}.xlsx", mixed_dir / f"{code}.xlsx")
    baseline = consolidate(plan, "2024", good_dir, tmp / "out-good", now=NOW)
    mixed = consolidate(plan, "2024", mixed_dir, tmp / "out-mixed", now=NOW)
    return cases, baseline, mixed, mixed_dir


@pytest.fixture(scope="module", params=[1, 2], ids=["batch1", "batch2"])
def corpus_run(request, pii_2024, tmp_path_factory):
    plan, made = pii_2024
    return (*_run(plan, made, tmp_path_factory.mktemp(f"corpus{request.param}"), request.param), request.param)


@pytest.mark.slow  # several seconds: CI runs it with the slow tests, the default suite keeps its margin under five minutes
def test_corpus_has_at_least_thirty_kinds(pii_2024, tmp_path):
    plan, made = pii_2024
    kinds = build_corpus(plan, made, tmp_path / "a", 1) + build_corpus(plan, made, tmp_path / "b", 2)
    assert len({c.name for c in kinds}) >= 30


def test_every_case_gets_its_status_and_finding(corpus_run):
    cases, _, mixed, folder, _ = corpus_run
    inputs = {i.path: i for i in mixed.model.intake.inputs}
    for case in cases:
        rel = unicodedata.normalize("NFC", case.path.relative_to(folder).as_posix())
        assert rel in inputs, case.name
        assert inputs[rel].status == case.status, (case.name, inputs[rel].reason)
        codes = {f.code for f in mixed.model.findings if f.location.file == rel}
        assert case.codes <= codes, (case.name, codes)
        for f in mixed.model.findings:
            if f.location.file == rel and case.codes:
                assert f.message, case.name  # every finding says what is wrong, in Vietnamese
                assert "xl/" not in f.message and ".xml" not in f.message, f.message  # sheets by the names people see


@pytest.mark.slow  # several seconds: CI runs it with the slow tests, the default suite keeps its margin under five minutes
@pytest.mark.parametrize("batch", [1, 2])
def test_identifying_first_changes_no_outcome(pii_2024, tmp_path, monkeypatch, batch):
    """Every hostile file read in full at once, or every file identified first and only the ones used read in full:
    the same intake, file by file — rejections, copies, the newest per agency, what the resubmissions changed and
    every finding. (A run chooses by how many files each agency sent; here each way is forced.)"""
    from pii_excel.intake import folder as intake
    from pii_excel.intake.folder import run_intake
    from pii_excel.output.run_json import plain_data

    plan, made = pii_2024
    build_corpus(plan, made, tmp_path / "in", batch)
    runs = []
    for files_per_agency in (10**6, 0):
        monkeypatch.setattr(intake, "IDENTIFY_FIRST_FROM", files_per_agency)
        runs.append(plain_data(run_intake(plan, "2024", tmp_path / "in", now=NOW)))
    assert runs[0] == runs[1]
    assert {i["status"] for i in runs[0]["inputs"]} >= ({"accepted", "rejected"} if batch == 1 else {"accepted"})


def test_good_files_lose_nothing(corpus_run):
    _, baseline, mixed, _, batch = corpus_run

    def of(result, agencies):
        values = sorted(
            (v.indicator, v.agency, v.value, v.evidence) for v in result.model.intake.values if v.agency in agencies
        )
        tasks = sorted(
            (t.agency, t.task, t.status, t.result) for t in result.model.intake.tasks if t.agency in agencies
        )
        return values, tasks

    assert of(mixed, GOOD[batch]) == of(baseline, GOOD[batch])
    assert of(baseline, GOOD[batch])[0]


def _no_formula_anywhere(result) -> None:
    for name, path in result.outputs.items():
        if path.endswith(".xlsx"):
            for ws in openpyxl.load_workbook(path).worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (name, ws.title, cell.coordinate)
        if path.endswith(".docx"):
            with zipfile.ZipFile(path) as zf:
                xml = zf.read("word/document.xml").decode("utf-8")
            assert set(re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)) <= {" PAGE "}
            assert "<w:fldSimple" not in xml and "<w:hyperlink" not in xml


def test_agency_text_never_becomes_a_formula(corpus_run):
    _, _, mixed, _, _ = corpus_run
    _no_formula_anywhere(mixed)
    if any(i.agency == "CTK" and i.status == "accepted" for i in mixed.model.intake.inputs):
        info = next(i for i in mixed.model.intake.infos if i.agency == "CTK")
        assert (
            info.proposals.startswith("=HYPERLINK(") and "\x07" not in info.difficulties and "🙂" in info.difficulties
        )
        text = "\n".join(p.text for p in docx.Document(mixed.outputs["report"]).paragraphs)
        assert "=HYPERLINK(" in text  # shown as the agency typed it, as text


def test_long_text_is_cut_not_lost(corpus_run):
    _, _, mixed, _, batch = corpus_run
    if batch == 2:
        info = next(i for i in mixed.model.intake.infos if i.agency == "NHCSXH")
        assert 20_000 <= len(info.results) < 20_100 and info.results.endswith("[cắt bớt]")


PEAK_MB = 400  # the run's largest process, workers included, on the hostile corpus (measured about 66 MB)
MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, done.returncode)"
)


@pytest.mark.slow  # a whole run in a fresh process per batch: the default suite keeps its time margin
def test_memory_stays_bounded(corpus_run, tmp_path):
    """Under a 2.5 GB address-space limit the run finishes, its outputs are whole, and its largest process (the
    main one or a worker, measured in a fresh parent so nothing else counts) stays under PEAK_MB."""
    _, _, _, folder, _ = corpus_run
    script = (
        f"ulimit -v 2500000; {sys.executable} -c '{MEASURE}' {sys.executable} -m pii_excel consolidate "
        f"pii-2024-bac-giang --period 2024 -i '{folder}' -o '{tmp_path}'"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=600, env=env)
    peak_mb, code = (int(x) for x in done.stdout.split()[-2:])
    assert code == 0, done.stderr[-2000:]
    assert peak_mb < PEAK_MB, f"{peak_mb} MB"
    assert _outputs_are_whole(tmp_path / "pii-2024-bac-giang" / "2024") >= 4


def _outputs_are_whole(folder: Path) -> int:
    checked = 0
    for path in folder.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue  # temporary files of an interrupted write are hidden and never taken for outputs
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            openpyxl.load_workbook(path)
        elif path.suffix == ".docx":
            docx.Document(str(path))
        checked += 1
    return checked


# Each phase is a process killed and a run redone (~4 s): the two on either side of the journal run by default, every
# phase with the slow tests (CI runs both).
KILL_DEFAULT = ("report-staged", "first-file-published")


@pytest.mark.parametrize("phase", [p if p in KILL_DEFAULT else pytest.param(p, marks=pytest.mark.slow) for p in PHASES])
def test_a_run_killed_at_any_phase_leaves_one_whole_set(pii_2024, tmp_path, phase):
    """Killed dead (as by a power cut) at each named moment: before the journal the previous set stands whole;
    after it, the next run (under the lock) finishes the publication; never a mix of two runs."""
    from test_output_set import run_ids

    from pii_excel.publish import recover

    plan, made = pii_2024
    inp = tmp_path / "input"
    for code in ("SKHCN", "SKHDT", "STC"):
        fill_like_agency(plan, made, code, inp / f"{code}.xlsx")
    (inp / "hong.xlsx").write_bytes(b"PK\x03\x04 hong")
    out = tmp_path / "out"
    first = consolidate(plan, "2024", inp, out, now=NOW)
    folder = out / plan.id / "2024"
    before = _outputs_are_whole(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PII_EXCEL_KILL_AT": phase}
    done = subprocess.run(
        [sys.executable, "-m", "pii_excel", "consolidate", plan.id, "--period", "2024", "-i", str(inp), "-o", str(out)],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    assert _outputs_are_whole(out) >= before
    ids = set(run_ids(folder).values())
    if PHASES.index(phase) < PHASES.index("journal-written"):
        assert ids == {first.model.run_id}  # nothing of the killed run is visible
    else:
        recover(folder)  # what the next run does first, under the lock
        ids = set(run_ids(folder).values())
        assert len(ids) == 1 and ids != {first.model.run_id}  # the killed run's set, whole
    consolidate(plan, "2024", inp, out, now=NOW)
    assert not list(folder.rglob(".*.tmp")) and not list(folder.glob(".dang-ghi-*"))


def test_same_input_same_results(pii_2024, tmp_path):
    from datetime import timedelta

    plan, made = pii_2024
    inp = tmp_path / "input"
    for code in ("SKHCN", "SKHDT", "SGDDT"):
        fill_like_agency(plan, made, code, inp / f"{code}.xlsx")
    a = consolidate(plan, "2024", inp, tmp_path / "a", now=NOW)
    b = consolidate(plan, "2024", inp, tmp_path / "b", now=NOW + timedelta(hours=5))
    da, db = run_document(a.model, a.outputs), run_document(b.model, b.outputs)
    for d in (da, db):
        d.pop("generated_at")
        d.pop("run_id")
        d.pop("outputs")
    assert da == db

    def sheet_values(result):
        wb = openpyxl.load_workbook(result.outputs["summary"])
        return {ws.title: [[c.value for c in r] for r in ws.iter_rows(min_row=4)] for ws in wb.worksheets}

    assert sheet_values(a) == sheet_values(b)

    def tables(result):
        return [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(result.outputs["report"]).tables[1:]]

    assert tables(a) == tables(b)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + " ,.;:-()%0123456789"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=120), decomposed=st.booleans())
def test_vietnamese_text_survives_write_and_read(pii_2024, tmp_path_factory, text, decomposed):
    from pii_excel.intake.folder import run_intake

    plan, made = pii_2024
    folder = tmp_path_factory.mktemp("vi")
    typed = unicodedata.normalize("NFD" if decomposed else "NFC", text)
    fill_like_agency(plan, made, "SNV", folder / "snv.xlsx", edit=lambda a: a.info.update({"results": typed}))
    result = run_intake(plan, "2024", folder, now=NOW)
    expected = unicodedata.normalize("NFC", text).strip()
    assert next(i for i in result.infos if i.agency == "SNV").results == expected
