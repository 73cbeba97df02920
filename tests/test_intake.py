"""Intake: real templates filled the way agencies fill them, every typing case, findings by code and cell."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
from datetime import datetime, timezone

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import NOW, convert_with_libreoffice, fill_like_agency

from pii_excel.cli import main
from pii_excel.intake.folder import run_intake
from pii_excel.output.run_json import plain_data
from pii_excel.pipeline import consolidate
from pii_excel.sample.fill import set_saved_time
from pii_excel.template import layout as L

DEC10 = datetime(2024, 12, 10, 2, 0, tzinfo=timezone.utc)


def codes_at(result, file=None, severity=None):
    return sorted(
        (f.code, f.location.sheet, f.location.cell)
        for f in result.findings
        if (file is None or f.location.file == file) and (severity is None or f.severity.value == severity)
    )


def value_of(result, indicator):
    return next((v.value for v in result.values if v.indicator == indicator), None)


@pytest.fixture(scope="module")
def typed_run(pii_2024, tmp_path_factory):
    """Every way of typing a number, spread over the agencies of the PII plan."""
    plan, made = pii_2024
    inp = tmp_path_factory.mktemp("typed")

    def skhcn(a):
        a.values.update(
            {"2.2.3": "≥ 20", "2.2.4": "#DIV/0!", "6.1.1": -3, "6.2.3": None, "6.3.3": 0.12, "2.2.1": "1.234,5"}
        )
        a.percent_format.add("6.3.3")  # typed "12%" in Excel: stored 0.12 with a percent format
        a.tasks["2.2.3-01"] = ("", "Đã làm một phần", "")
        a.tasks["2.2.4-01"] = ("xong rồi", "", "")
        a.source_values.update({"1.2.1": 6.37, "3.1.1": None})  # PCI published; DTI not yet

    def skhdt(a):
        a.values.update({"4.2.1": "\u00a030\u00a0", "4.2.2": "khoảng hai mươi"})
        a.sources["4.2.1"] = ""

    fill_like_agency(plan, made, "SKHCN", inp / "skhcn.xlsx", edit=skhcn)
    fill_like_agency(plan, made, "SKHDT", inp / "skhdt.xlsx", edit=skhdt)
    fill_like_agency(plan, made, "BQLKCN", inp / "bql.xlsx", edit=lambda a: a.values.update({"5.2.2": "=1/0"}))
    fill_like_agency(plan, made, "SCT", inp / "sct.xlsx", edit=lambda a: a.values.update({"5.2.3": "10%"}))
    fill_like_agency(plan, made, "STC", inp / "stc.xlsx", edit=lambda a: a.values.update({"2.2.2": 150}))
    fill_like_agency(plan, made, "NHNN", inp / "nhnn.xlsx", edit=lambda a: a.values.update({"4.1.1": "1,234.5"}))
    return run_intake(plan, "2024", inp, now=NOW)


def test_numbers_as_people_type_them(typed_run):
    r = typed_run
    expected_values = {
        "1.1.1": None,
        "2.2.3": 20.0,
        "2.2.4": None,
        "6.1.1": None,
        "6.2.3": None,
        "6.3.3": 12.0,
        "2.2.1": 1234.5,
        "1.2.1": 6.37,
        "3.1.1": None,
        "4.2.1": 30.0,
        "4.2.2": None,
        "5.2.2": None,
        "5.2.3": 10.0,
        "2.2.2": None,
        "4.1.1": 1234.5,
    }
    for code, value in expected_values.items():
        assert value_of(r, code) == value, code
    # the figure is column K of «Chỉ số» (after the parts and their units), the evidence column L
    assert codes_at(r, "skhcn.xlsx") == sorted(
        [
            ("VALUE_COMPARATOR_TYPED", "Chỉ số", "K4"),
            ("VALUE_EXCEL_ERROR", "Chỉ số", "K5"),
            ("VALUE_NEGATIVE", "Chỉ số", "K6"),
            ("VALUE_MISSING", "Chỉ số", "K7"),
            ("VALUE_PERCENT_CONVERTED", "Chỉ số", "K8"),
            ("VALUE_TEXT_NUMBER", "Chỉ số", "K9"),
            ("TASK_STATUS_MISSING", "Nhiệm vụ", "F10"),
            ("TASK_STATUS_INVALID", "Nhiệm vụ", "F11"),
        ]
    )
    assert codes_at(r, "skhdt.xlsx") == sorted(
        [
            ("VALUE_TEXT_NUMBER", "Chỉ số", "K4"),
            ("VALUE_SOURCE_MISSING", "Chỉ số", "L4"),
            ("VALUE_NOT_NUMBER", "Chỉ số", "K5"),
        ]
    )
    assert codes_at(r, "bql.xlsx") == [("VALUE_FORMULA_NO_RESULT", "Chỉ số", "K4")]
    assert codes_at(r, "sct.xlsx") == [("VALUE_TEXT_NUMBER", "Chỉ số", "K4")]
    assert codes_at(r, "stc.xlsx") == [("VALUE_PERCENT_OUT_OF_RANGE", "Chỉ số", "K4")]
    assert codes_at(r, "nhnn.xlsx") == [("VALUE_TEXT_NUMBER", "Chỉ số", "K4")]


def test_another_index_value_is_the_coordinators_not_an_agencys(typed_run, pii_2024):
    """1.2.1 is PCI's «Chi phí gia nhập thị trường» (thang 10): no agency template asks for it; the coordinator
    types it in «Công bố - Chỉ số» when VCCI publishes, and it is the indicator's raw figure."""
    _plan, made = pii_2024
    v = next(v for v in typed_run.values if v.indicator == "1.2.1")
    assert (v.agency, v.source.sheet, v.value) == ("SKHCN", L.SHEET_OFFICIAL_INDICATORS, 6.37)
    assert "PCI" in v.evidence
    for m in made.values():
        rows = openpyxl.load_workbook(m.path)[L.SHEET_INDICATORS].iter_rows(values_only=True)
        assert not {"1.2.1", "3.1.1"} & {r[0] for r in rows}, m.path.name
    coordinator = made["SKHCN"]
    sheet = openpyxl.load_workbook(coordinator.path)[L.SHEET_OFFICIAL_INDICATORS]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    column = [c.key for c in L.OFFICIAL_INDICATOR_COLUMNS].index("source_value")
    assert rows["1.2.1"][column] is None and rows["2.2.1"][column] == "—"  # only another index's row is open


def test_values_carry_their_source_cell(typed_run):
    v = next(v for v in typed_run.values if v.indicator == "2.2.3")
    assert (v.agency, v.source.file, v.source.sheet, v.source.cell) == ("SKHCN", "skhcn.xlsx", "Chỉ số", "K4")
    assert v.evidence.startswith("Báo cáo số ")
    tasks = {t.task: t for t in typed_run.tasks if t.agency == "SKHCN"}
    assert tasks["2.2.3-01"].status is None and tasks["2.2.3-01"].result == "Đã làm một phần"
    assert tasks["1.1.1-01"].role == "lead"  # led by "all agencies", so by this one too
    assert tasks["2.2.3-01"].role == "lead" and tasks["2.2.3-01"].source.cell == "F10"


def test_timeliness_and_missing_agencies(typed_run):
    status = {s.agency: s for s in typed_run.submissions}
    assert status["SKHCN"].status == "on_time" and status["SKHCN"].time_source == "workbook"
    assert status["SKHCN"].submitted_at.isoformat() == "2024-12-10T09:00:00+07:00"
    assert {a for a, s in status.items() if s.status == "missing"} == {
        "SGDDT",
        "SNNPTNT",
        "STTTT",
        "SNV",
        "NHCSXH",
        "CTK",
    }
    assert sum(f.code == "SUBMISSION_MISSING" for f in typed_run.findings) == 6


def test_late_by_days_and_the_newest_of_duplicates_wins(pii_2024, tmp_path):
    plan, made = pii_2024
    fill_like_agency(
        plan, made, "SGDDT", tmp_path / "a" / "lan 1.xlsx", saved=DEC10, edit=lambda a: a.values.update({"2.1.2": 5.0})
    )
    fill_like_agency(
        plan,
        made,
        "SGDDT",
        tmp_path / "b" / "lan 2.xlsx",
        saved=datetime(2024, 12, 23, 3, tzinfo=timezone.utc),
        edit=lambda a: a.values.update({"2.1.2": 7.5}),
    )
    r = run_intake(plan, "2024", tmp_path, now=datetime(2024, 12, 28, 9, 0))  # three days after the deadline 20/12
    assert value_of(r, "2.1.2") == 7.5
    inputs = {i.path: i for i in r.inputs}
    assert inputs["a/lan 1.xlsx"].status == "superseded" and inputs["b/lan 2.xlsx"].status == "accepted"
    sub = next(s for s in r.submissions if s.agency == "SGDDT")
    assert (sub.status, sub.days_late, sub.file) == ("late", 3, "b/lan 2.xlsx")
    superseded = next(f for f in r.findings if f.code == "SUBMISSION_SUPERSEDED")  # one per agency, at no file
    assert (superseded.agency, superseded.location.file, superseded.details["paths"]) == ("SGDDT", "", ["a/lan 1.xlsx"])
    assert superseded.message == (
        "1 tệp nộp trước không được dùng vì đơn vị đã nộp tệp mới hơn (b/lan 2.xlsx): a/lan 1.xlsx."
    )
    assert [f.code for f in r.findings if f.location.file == "b/lan 2.xlsx"] == ["SUBMISSION_LATE"]


def test_many_resubmissions_are_one_line_that_names_the_files(pii_2024, tmp_path):
    """Twelve files from one agency: the newest is used, and one finding (not eleven) says which files were not."""
    plan, made = pii_2024
    for n in range(12):
        fill_like_agency(
            plan,
            made,
            "CTK",
            tmp_path / f"lan {n + 1:02d}.xlsx",
            saved=datetime(2024, 12, 1 + n, 3, tzinfo=timezone.utc),
        )
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    assert [i.status for i in sorted(r.inputs, key=lambda i: i.path)] == ["superseded"] * 11 + ["accepted"]
    [superseded] = [f for f in r.findings if f.code == "SUBMISSION_SUPERSEDED"]
    assert superseded.details["paths"] == [f"lan {n:02d}.xlsx" for n in range(1, 12)]  # every file, oldest first
    assert superseded.message.startswith("11 tệp nộp trước không được dùng vì đơn vị đã nộp tệp mới hơn (lan 12.xlsx)")
    assert superseded.message.endswith("lan 09.xlsx; lan 10.xlsx và 1 tệp khác.")  # ten named, the rest counted


def test_same_saved_time_is_reported(pii_2024, tmp_path):
    plan, made = pii_2024
    for name in ("x.xlsx", "y.xlsx"):  # two different files saved at the same second
        fill_like_agency(
            plan, made, "CTK", tmp_path / name, saved=DEC10, edit=lambda a, n=name: a.info.update({"reporter": n})
        )
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    assert [f.code for f in r.findings if f.code in ("SUBMISSION_SAME_SAVED_TIME", "SUBMISSION_SUPERSEDED")] == [
        "SUBMISSION_SAME_SAVED_TIME",
        "SUBMISSION_SUPERSEDED",
    ]
    assert sorted(i.status for i in r.inputs) == ["accepted", "superseded"]
    same = next(f for f in r.findings if f.code == "SUBMISSION_SAME_SAVED_TIME")
    assert "cùng thời điểm lưu 10/12/2024 09:00;" in same.message  # as staff read a time, not ISO 8601
    assert same.details["saved_at"] == "2024-12-10T09:00:00+07:00"


def test_the_same_file_twice_is_one_submission(pii_2024, tmp_path):
    plan, made = pii_2024
    fill_like_agency(plan, made, "CTK", tmp_path / "x.xlsx", saved=DEC10)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "x (1).xlsx").write_bytes((tmp_path / "x.xlsx").read_bytes())
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    status = {i.path: i.status for i in r.inputs}
    assert sorted(status.values()) == ["accepted", "duplicate"]
    kept, copy = sorted(status, key=lambda p: status[p] != "accepted")
    assert codes_at(r, copy) == [("SUBMISSION_DUPLICATE", "", "")]
    assert next(f for f in r.findings if f.code == "SUBMISSION_DUPLICATE").details["kept"] == kept
    assert not [f for f in r.findings if f.code in ("SUBMISSION_SUPERSEDED", "SUBMISSION_SAME_SAVED_TIME")]


def test_not_ours_other_period_lock_files_and_nfd_names(pii_2024, tmp_path):
    plan, made = pii_2024
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng tự làm"
    wb.save(tmp_path / "tu-lam.xlsx")
    (tmp_path / "~$skhdt.xlsx").write_bytes(b"lock")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "thu.txt").write_text("xin gửi", encoding="utf-8")
    from pii_excel.template.generate import make_templates

    other = make_templates(plan, "2025", tmp_path / "mau-2025", now=NOW)[0].path
    nfd_name = unicodedata.normalize("NFD", "Sở Công Thương báo cáo năm 2024.xlsx")
    fill_like_agency(plan, made, "SCT", tmp_path / nfd_name)
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    by_path = {i.path: i for i in r.inputs}
    assert by_path["tu-lam.xlsx"].status == "rejected" and by_path["thu.txt"].status == "skipped"
    assert "~$skhdt.xlsx" not in by_path and ".DS_Store" not in by_path
    assert by_path[f"mau-2025/{other.name}"].status == "rejected"
    nfc_name = unicodedata.normalize("NFC", nfd_name)
    assert by_path[nfc_name].status == "accepted" and by_path[nfc_name].agency == "SCT"
    assert ("FILE_NOT_A_TEMPLATE", "", "") in codes_at(r, "tu-lam.xlsx")
    assert ("IDENTITY_OTHER_PERIOD", "", "") in codes_at(r, f"mau-2025/{other.name}")


def test_changed_locked_cells_and_rows(pii_2024, tmp_path):
    plan, made = pii_2024
    path = fill_like_agency(plan, made, "SKHDT", tmp_path / "skhdt.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[L.SHEET_INDICATORS]
    ws["E4"] = "≥ 10"  # lowered its own target
    ws["A5"] = "9.9.9"  # changed a code
    wb.save(path)
    set_saved_time(path, DEC10)
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    found = codes_at(r, "skhdt.xlsx")
    assert ("TEMPLATE_LOCKED_CELL_CHANGED", "Chỉ số", "E4") in found
    assert ("TEMPLATE_ROW_UNKNOWN", "Chỉ số", "A5") in found
    assert ("TEMPLATE_ROW_MISSING", "Chỉ số", "") in found
    assert value_of(r, "4.2.1") is not None  # the row with a changed target is still read
    assert "4.2.2" not in {v.indicator for v in r.values}


def test_template_of_an_older_plan_version_is_accepted_with_a_warning(pii_2024, tmp_path):
    plan, _made = pii_2024
    import copy

    older = copy.deepcopy(plan)
    older.tasks[0].text += " (bản cũ)"
    from pii_excel.template.generate import make_templates

    old_tpl = {m.duties.agency.code: m for m in make_templates(older, "2024", tmp_path / "old", now=NOW)}
    fill_like_agency(older, old_tpl, "STC", tmp_path / "in" / "stc.xlsx")
    r = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    assert [f.code for f in r.findings if f.location.file == "stc.xlsx"] == ["IDENTITY_PLAN_CHANGED"]
    assert value_of(r, "2.2.2") is not None
    # what differs is named, and what to do (issue #35): here only a task's text, no locked cell
    said = next(f for f in r.findings if f.location.file == "stc.xlsx")
    assert "các ô khoá (mã, mục tiêu, vai trò) vẫn khớp" in said.message and "tạo lại mẫu" in said.fix

    changed = copy.deepcopy(plan)
    target = next(i for i in changed.indicators if "STC" in i.lead)
    target.figure.previous_value = 9.99  # last year's figure differs in the template
    new_tpl = {m.duties.agency.code: m for m in make_templates(changed, "2024", tmp_path / "other", now=NOW)}
    fill_like_agency(changed, new_tpl, "STC", tmp_path / "in2" / "stc.xlsx")
    r2 = run_intake(plan, "2024", tmp_path / "in2", now=NOW)
    said = next(f for f in r2.findings if f.code.value == "IDENTITY_PLAN_CHANGED")
    assert f"1 ô khác kế hoạch hiện hành: {target.code} Số liệu năm trước: 9,99" in said.message


def test_input_files_are_never_modified(pii_2024, tmp_path):
    plan, made = pii_2024
    inp = tmp_path / "input"
    fill_like_agency(plan, made, "SNV", inp / "snv.xlsx")
    (inp / "hong.xlsx").write_bytes(b"PK\x03\x04broken")

    def snapshot():
        return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inp.iterdir()}

    before = snapshot()
    consolidate(plan, "2024", inp, tmp_path / "output", now=NOW)
    assert snapshot() == before


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_saved_by_libreoffice_reads_the_same(pii_2024, tmp_path, fmt):
    plan, made = pii_2024
    original = fill_like_agency(plan, made, "SKHCN", tmp_path / "orig" / "skhcn.xlsx")
    convert_with_libreoffice(original, fmt, tmp_path / "lo")
    direct = run_intake(plan, "2024", tmp_path / "orig", now=NOW)
    via_lo = run_intake(plan, "2024", tmp_path / "lo", now=NOW)
    assert [(v.indicator, v.value, v.evidence) for v in via_lo.values] == [
        (v.indicator, v.value, v.evidence) for v in direct.values
    ]
    assert [(t.task, t.status, t.result) for t in via_lo.tasks] == [(t.task, t.status, t.result) for t in direct.tasks]
    assert [(o.code, o.score, o.rank) for o in via_lo.official] == [(o.code, o.score, o.rank) for o in direct.official]
    assert next(i for i in via_lo.inputs).status == "accepted"


@pytest.mark.libreoffice
def test_formulas_use_the_saved_result(pii_2024, tmp_path):
    plan, made = pii_2024
    filled = fill_like_agency(
        plan,
        made,
        "SKHDT",
        tmp_path / "f" / "skhdt.xlsx",
        edit=lambda a: a.values.update({"4.2.1": "=20+5", "4.2.2": "=1/0"}),
    )
    saved = convert_with_libreoffice(filled, "xlsx", tmp_path / "lo")  # LibreOffice computes and stores results
    r = run_intake(plan, "2024", tmp_path / "lo", now=NOW)
    assert value_of(r, "4.2.1") == 25.0 and value_of(r, "4.2.2") is None
    assert ("VALUE_FORMULA", "Chỉ số", "K4") in codes_at(r)
    assert ("VALUE_EXCEL_ERROR", "Chỉ số", "K5") in codes_at(r)
    assert saved.exists()


def test_consolidate_cli_json_equals_run_json_and_exit_codes(pii_2024, tmp_path, monkeypatch):
    plan, made = pii_2024
    monkeypatch.chdir(tmp_path)
    fill_like_agency(plan, made, "SNV", tmp_path / "input" / "snv.xlsx")
    result = CliRunner().invoke(main, ["consolidate", plan.id, "--period", "2024", "--json"])
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    written = json.loads((tmp_path / "output" / plan.id / "2024" / "run.json").read_text(encoding="utf-8"))
    assert printed == written
    for key in ("inputs", "findings", "submissions", "values", "tasks", "outputs"):
        assert key in written
    assert set(written["inputs"][0]) >= {"path", "sha256", "size", "agency", "status", "saved_at"}
    assert set(written["findings"][0]) >= {"code", "severity", "file", "sheet", "cell", "value", "message"}
    assert "Tệp đã đọc: 1" in result.stderr
    strict = CliRunner().invoke(main, ["consolidate", plan.id, "--period", "2024", "--strict"])
    assert strict.exit_code == 1  # eleven agencies have not submitted
    assert CliRunner().invoke(main, ["consolidate", plan.id, "--period", "2030"]).exit_code == 2
    assert CliRunner().invoke(main, ["consolidate", plan.id, "--period", "2024", "-i", "khong-co"]).exit_code == 2


@pytest.mark.slow  # a thousand workbooks: CI runs it with the slow tests, the default suite keeps its margin
def test_a_thousand_workbooks(pii_2024, tmp_path):
    plan, made = pii_2024
    codes = [a.code for a in plan.reporting_agencies()]
    first = {c: fill_like_agency(plan, made, c, tmp_path / "seed" / f"{c}.xlsx") for c in codes}
    inp = tmp_path / "input"
    for n in range(1000):
        code = codes[n % len(codes)]
        folder = inp / f"dot-{n // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(first[code], folder / f"{n:04d} {code}.xlsx")
    r = consolidate(plan, "2024", inp, tmp_path / "out", now=NOW)
    assert len(r.model.intake.inputs) == 1000
    assert sum(i.status == "accepted" for i in r.model.intake.inputs) == len(codes)
    assert sum(i.status == "duplicate" for i in r.model.intake.inputs) == 1000 - len(codes)
    assert all(s.status == "on_time" for s in r.model.intake.submissions)


@pytest.mark.slow  # several seconds: CI runs it with the slow tests, the default suite keeps its margin under five minutes
def test_parallel_reading_gives_the_same_result(pii_2024, tmp_path):
    plan, made = pii_2024
    PARALLEL_MIN_FILES = 64  # two workers from 32 files on
    codes = [a.code for a in plan.reporting_agencies()]
    for n in range(PARALLEL_MIN_FILES + 6):
        code = codes[n % len(codes)]
        saved = datetime(2024, 12, 1 + n % 14, 2, n % 60, tzinfo=timezone.utc)
        edit = (lambda a: a.values.update({next(iter(a.values)): "12,5"})) if a_values(made, code) else None
        fill_like_agency(plan, made, code, tmp_path / f"{n:03d}.xlsx", saved=saved, edit=edit)
    (tmp_path / "hong.xlsx").write_bytes(b"not a workbook")
    one = plain_data(run_intake(plan, "2024", tmp_path, now=NOW, jobs=1))
    two = plain_data(run_intake(plan, "2024", tmp_path, now=NOW, jobs=2))
    here = plain_data(run_intake(plan, "2024", tmp_path, now=NOW, jobs=0))  # what the benchmark measures
    assert one == two == here
    assert sum(i["status"] == "superseded" for i in one["inputs"]) == PARALLEL_MIN_FILES + 6 - len(codes)


def a_values(made, code):
    return bool(made[code].duties.indicators)


def _crash_or_hang_on(monkeypatch, name: str, how):

    from pii_excel.intake import read_file

    original = read_file.read_candidate

    def reader(state, cand, *how_read):
        if cand.rel == name:
            how()
        return original(state, cand, *how_read)

    monkeypatch.setattr(read_file, "read_candidate", reader)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_kills_its_reader_takes_only_itself_down(pii_2024, tmp_path, monkeypatch, jobs):
    """A native crash in a parser cannot be caught; worker processes contain it to the one file."""
    import multiprocessing
    import os

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the crash is injected through fork; this platform starts workers with spawn")
    plan, made = pii_2024
    codes = [a.code for a in plan.reporting_agencies()]
    for n in range(40):
        fill_like_agency(plan, made, codes[n % len(codes)], tmp_path / f"{n:03d}.xlsx")
    _crash_or_hang_on(monkeypatch, "007.xlsx", os.abort)  # what a native out-of-memory abort does
    result = run_intake(plan, "2024", tmp_path, now=NOW, jobs=jobs)
    status = {i.path: i.status for i in result.inputs}
    assert status["007.xlsx"] == "rejected" and len(status) == 40
    assert sum(s == "accepted" for s in status.values()) == len(codes)
    assert [f.code for f in result.findings if f.location.file == "007.xlsx"] == ["FILE_UNREADABLE"]
    assert next(i for i in result.inputs if i.path == "007.xlsx").sha256  # hashed although its reader died


def test_a_file_that_hangs_its_reader_is_stopped(pii_2024, tmp_path, monkeypatch):
    import multiprocessing
    import time

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the hang is injected through fork; this platform starts workers with spawn")
    plan, made = pii_2024
    for code in ("STC", "SCT"):
        fill_like_agency(plan, made, code, tmp_path / f"{code}.xlsx")
    _crash_or_hang_on(monkeypatch, "SCT.xlsx", lambda: time.sleep(3600))
    started = time.monotonic()
    result = run_intake(plan, "2024", tmp_path, now=NOW, task_seconds=2)
    assert time.monotonic() - started < 30
    status = {i.path: i.status for i in result.inputs}
    assert status == {"STC.xlsx": "accepted", "SCT.xlsx": "rejected"}
    assert [f.code for f in result.findings if f.location.file == "SCT.xlsx"] == ["FILE_READ_TIMEOUT"]


def test_files_queued_behind_a_hanging_one_are_still_read(pii_2024, tmp_path, monkeypatch):
    """A worker is sent its next file before it answers; when it hangs, the file waiting behind goes to a new one."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the hang is injected through fork; this platform starts workers with spawn")
    plan, made = pii_2024
    codes = ("STC", "SCT", "SNV", "CTK")
    for n, code in enumerate(codes):
        fill_like_agency(plan, made, code, tmp_path / f"{n} {code}.xlsx")
    _crash_or_hang_on(monkeypatch, "1 SCT.xlsx", lambda: __import__("time").sleep(3600))
    result = run_intake(plan, "2024", tmp_path, now=NOW, jobs=1, task_seconds=2)
    status = {i.path: i.status for i in result.inputs}
    assert status == {
        "0 STC.xlsx": "accepted",
        "1 SCT.xlsx": "rejected",
        "2 SNV.xlsx": "accepted",
        "3 CTK.xlsx": "accepted",
    }
    assert [f.location.file for f in result.findings if f.code == "FILE_READ_TIMEOUT"] == ["1 SCT.xlsx"]


def _indicator_agency(made):
    code = next(c for c in sorted(made) if made[c].duties.indicators)
    return code, made[code].duties.indicators[0].code


def _with_value(key, value):
    return lambda answers: answers.values.update({key: value})


def _sent(plan, made, folder, code, key, days):
    """One file of `code` per day of December given, each saying its day in indicator `key`; their paths."""
    return [
        fill_like_agency(
            plan,
            made,
            code,
            folder / f"{code} {day:02d}-12.xlsx",
            edit=_with_value(key, day),
            saved=datetime(2024, 12, day, 2, 0, tzinfo=timezone.utc),
        )
        for day in days
    ]


def _with_far_cell(path, sheet):
    from corpus.build import _rewrite_zip, _sheet_part

    part = _sheet_part(path, sheet)
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    _rewrite_zip(path, lambda n, d: d.replace(b"</sheetData>", far) if n == part else d)


@pytest.mark.parametrize("identify_first", [True, False])
def test_a_newest_file_that_fails_its_full_read_supersedes_nothing(pii_2024, tmp_path, monkeypatch, identify_first):
    """A newest file refused by its full read (made after identifying it, or at once) is rejected like any file,
    and the agency's file before it is used."""
    from pii_excel.intake import folder as intake

    monkeypatch.setattr(intake, "IDENTIFY_FIRST_FROM", 0 if identify_first else 10**6)
    plan, made = pii_2024
    code, key = _indicator_agency(made)
    first, newest = _sent(plan, made, tmp_path, code, key, (10, 12))
    _with_far_cell(newest, L.SHEET_INDICATORS)
    result = run_intake(plan, "2024", tmp_path, now=NOW)
    status = {i.path: i.status for i in result.inputs}
    assert status == {first.name: "accepted", newest.name: "rejected"}
    assert [f.code for f in result.findings if f.location.file == newest.name] == ["FILE_TOO_LARGE"]
    refused = next(f for f in result.findings if f.location.file == newest.name)
    assert (refused.location.sheet, refused.location.cell) == (L.SHEET_INDICATORS, "XFD1048576")
    assert [v.value for v in result.values if v.indicator == key] == [10]
    assert result.changes == () and not [f for f in result.findings if f.code == "SUBMISSION_SUPERSEDED"]


def _recording_reads(monkeypatch, log, then=None):
    """Every read a worker makes written to `log` ("name light|full"); `then(cand, light)` after it."""

    from pii_excel.intake import read_file

    original = read_file.read_candidate

    def reader(state, cand, light=False, sha256=None):
        outcome = original(state, cand, light, sha256)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{cand.rel}\t{'light' if light else 'full'}\n")
        if then:
            then(cand, light)
        return outcome

    monkeypatch.setattr(read_file, "read_candidate", reader)


@pytest.mark.parametrize("identify_first", [True, False])
def test_only_the_files_whose_contents_are_used_are_read_in_full(pii_2024, tmp_path, monkeypatch, identify_first):
    """An agency that resent its workbook. With many files per agency, every file is identified first and only
    its first (what the resubmissions changed) and its newest are read in full; with few, every file is read in
    full at once. Either way the outcome is the same: a file between them is superseded, and what is wrong inside
    it is not said (its contents are not used)."""
    import multiprocessing

    from pii_excel.intake import folder as intake

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("reads are recorded through fork; this platform starts workers with spawn")
    monkeypatch.setattr(intake, "IDENTIFY_FIRST_FROM", 0 if identify_first else 10**6)
    plan, made = pii_2024
    code, key = _indicator_agency(made)
    folder, log = tmp_path / "in", tmp_path / "reads.log"
    sent = _sent(plan, made, folder, code, key, (10, 11, 12, 13))
    _with_far_cell(sent[1], L.SHEET_INDICATORS)
    other = fill_like_agency(plan, made, "SCT", folder / "SCT.xlsx")
    _recording_reads(monkeypatch, log)
    result = run_intake(plan, "2024", folder, now=NOW)
    reads = sorted(tuple(line.split("\t")) for line in log.read_text(encoding="utf-8").splitlines())
    every = sorted(p.name for p in (*sent, other))
    if identify_first:
        assert [name for name, how in reads if how == "light"] == every
        assert [name for name, how in reads if how == "full"] == sorted([sent[0].name, sent[3].name, other.name])
    else:
        assert reads == [(name, "full") for name in every]
    status = {i.path: i.status for i in result.inputs}
    assert [status[p.name] for p in sent] == ["superseded", "superseded", "superseded", "accepted"]
    assert not [f for f in result.findings if f.location.file == sent[1].name]
    assert [v.value for v in result.values if v.indicator == key] == [13]
    assert [(c.old, c.new) for c in result.changes if c.key == key and c.old != c.new] == [(10, 13)]


def test_a_file_changed_between_its_two_reads_is_not_used(pii_2024, tmp_path, monkeypatch):
    """The full read must see the bytes that were identified: a file replaced in between (still being copied in,
    saved again) is refused for this run with advice to run again, and the agency's file before it is used."""
    import multiprocessing

    from pii_excel.intake import folder as intake

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the change is injected through fork; this platform starts workers with spawn")
    plan, made = pii_2024
    code, key = _indicator_agency(made)
    folder = tmp_path / "in"
    first, newest = _sent(plan, made, folder, code, key, (10, 12))
    later = _sent(plan, made, tmp_path / "later", code, key, (14,))[0]

    def replace_newest(cand, light):
        if light and cand.rel == newest.name:
            shutil.copyfile(later, cand.path)

    monkeypatch.setattr(intake, "IDENTIFY_FIRST_FROM", 0)  # identified first, then read in full
    _recording_reads(monkeypatch, tmp_path / "reads.log", replace_newest)
    result = run_intake(plan, "2024", folder, now=NOW)
    entry = next(i for i in result.inputs if i.path == newest.name)
    assert entry.status == "rejected" and "thay đổi trong lúc" in entry.reason
    assert {i.path: i.status for i in result.inputs}[first.name] == "accepted"
    assert [v.value for v in result.values if v.indicator == key] == [10]


def _rezip(src, dst, compression: int, damage: str | None = None) -> None:
    """Write `src`'s parts again with another compression; `damage` names a part whose compressed bytes get one
    byte changed in the middle (its CRC no longer matches what it inflates to)."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    if damage:
        with zipfile.ZipFile(dst) as zf:
            info = zf.getinfo(damage)
        raw = bytearray(dst.read_bytes())
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        raw[start + info.compress_size // 2] ^= 0x55
        dst.write_bytes(bytes(raw))


def test_parts_stored_uncompressed_read_the_same_and_damaged_parts_are_refused(pii_2024, tmp_path):
    """Some tools store a workbook's parts uncompressed: read exactly as the deflated original. A workbook whose
    worksheet bytes are damaged inside the archive is refused as damaged, naming the file; the others are read."""
    import zipfile

    from pii_excel.intake.identify import find_sheet, open_workbook_file

    plan, made = pii_2024
    src = fill_like_agency(plan, made, "SKHCN", tmp_path / "src" / "skhcn.xlsx")
    other = fill_like_agency(plan, made, "STC", tmp_path / "src" / "stc.xlsx")
    book = open_workbook_file(src)
    part = book.zip.sheet_parts[find_sheet(book, L.SHEET_INDICATORS)]
    for folder in ("deflated", "mixed"):
        (tmp_path / folder).mkdir()
    shutil.copy(src, tmp_path / "deflated" / "skhcn.xlsx")
    _rezip(src, tmp_path / "mixed" / "skhcn.xlsx", zipfile.ZIP_STORED)
    _rezip(other, tmp_path / "mixed" / "stc.xlsx", zipfile.ZIP_DEFLATED, damage=part)
    deflated = run_intake(plan, "2024", tmp_path / "deflated", now=NOW)
    mixed = run_intake(plan, "2024", tmp_path / "mixed", now=NOW)
    assert [(v.indicator, v.value, v.source.cell) for v in mixed.values] == [
        (v.indicator, v.value, v.source.cell) for v in deflated.values
    ]
    assert [(t.task, t.status, t.result) for t in mixed.tasks] == [(t.task, t.status, t.result) for t in deflated.tasks]
    damaged = next(i for i in mixed.inputs if i.path == "stc.xlsx")
    assert damaged.status == "rejected"
    assert [f.code for f in mixed.findings if f.location.file == "stc.xlsx"] == ["FILE_UNREADABLE"]


def test_accepted_contents_wait_on_disk_and_come_back_the_same(pii_2024, tmp_path):
    """What a worker read of an accepted file is set aside as it arrives: nothing of it stays in memory but where
    it was put, and unpacking it later gives the same submission."""
    from pii_excel.intake.outcome import SetAside
    from pii_excel.intake.read_file import init_reader, read_candidate
    from pii_excel.untrusted.scan import scan_input

    plan, made = pii_2024
    fill_like_agency(plan, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx")
    (candidate,), _, _ = scan_input(tmp_path / "in")
    outcome = read_candidate(init_reader(plan, "2024", NOW), candidate)
    assert outcome.accepted is not None
    before = outcome.accepted.submission()
    store = SetAside()
    try:
        outcome.set_aside(store)
        assert isinstance(outcome.accepted.packed, tuple) and isinstance(outcome.accepted.packed_entered, tuple)
        assert outcome.accepted.submission() == before
        assert len(before.entered) > 20 and before.values
    finally:
        store.close()


def test_every_agency_template_is_worked_out_before_the_workers_start(pii_2024, monkeypatch):
    """The workers share one state built before they start, every reporting agency's template for the period in
    it; an agency whose template cannot be worked out is left for the file that needs it to report."""
    import pii_excel.intake.read_submission as reading
    from pii_excel.intake.read_file import prepared_reader

    plan, _ = pii_2024
    reporting = {a.code for a in plan.agencies if a.reports and not a.is_group}
    state = prepared_reader(plan, "2024", NOW)
    assert {agency for agency, _ in state.expect._by_agency} == reporting
    real = reading.build_template_content

    def broken_for_skhcn(plan, period, duties, *args):
        if duties.agency.code == "SKHCN":
            raise ValueError("broken")
        return real(plan, period, duties, *args)

    monkeypatch.setattr(reading, "build_template_content", broken_for_skhcn)
    state = prepared_reader(plan, "2024", NOW)
    assert {agency for agency, _ in state.expect._by_agency} == reporting - {"SKHCN"}
    with pytest.raises(ValueError):
        state.expect.of("SKHCN", "2024")


def test_policies_are_listed_as_documents_not_counted(pii_2024, tmp_path):
    """1.1.1 is scored by the Ministry from the province's policy documents (published raw value 47,59 within
    28,20–55,64 in Khánh Hòa's PII 2025 profile: an assessment, not a count), so its lead lists each document —
    number, date, title, issuer, file — and no template asks «số văn bản». Incomplete rows, dates that are not
    dates and a document listed twice are findings at their cells; the rest are read."""
    plan, made = pii_2024
    coordinator = made["SKHCN"]
    for m in made.values():
        rows = openpyxl.load_workbook(m.path)[L.SHEET_INDICATORS].iter_rows(values_only=True)
        assert "1.1.1" not in {r[0] for r in rows}, m.path.name
    assert L.SHEET_DOCUMENTS in openpyxl.load_workbook(coordinator.path).sheetnames
    assert all(
        L.SHEET_DOCUMENTS not in openpyxl.load_workbook(m.path).sheetnames
        for code, m in made.items()
        if code != "SKHCN"
    )

    def edit(a):
        a.documents.clear()
        a.documents.update(
            {
                "1.1.1-01": (
                    "15/2024/NQ-HĐND",
                    "10/07/2024",
                    "Nghị quyết hỗ trợ phát triển KH,CN&ĐMST",
                    "HĐND tỉnh",
                    "nq15.pdf",
                ),
                "1.1.1-02": ("", "", "Quyết định phê duyệt đề án khởi nghiệp", "UBND tỉnh", ""),
                "1.1.1-03": ("1234/QĐ-UBND", "31/02/2024", "Quyết định phê duyệt đề án", "UBND tỉnh", ""),
                "1.1.1-04": ("15/2024/NQ-HĐND", "10/07/2024", "Nghị quyết (kê lại)", "HĐND tỉnh", ""),
            }
        )

    fill_like_agency(plan, made, "SKHCN", tmp_path / "skhcn.xlsx", edit=edit)
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    found = [(c, s, cell) for c, s, cell in codes_at(r, "skhcn.xlsx") if s == L.SHEET_DOCUMENTS]
    assert found == sorted(
        [
            ("VALUE_DOCUMENT_INCOMPLETE", L.SHEET_DOCUMENTS, "C5"),
            ("VALUE_DOCUMENT_DATE_INVALID", L.SHEET_DOCUMENTS, "D6"),
            ("VALUE_DOCUMENT_REPEATED", L.SHEET_DOCUMENTS, "C7"),
        ]
    )
    first = next(d for d in r.documents if d.number == "15/2024/NQ-HĐND")
    assert (first.indicator, first.agency, first.issued.isoformat(), first.issuer, first.evidence) == (
        "1.1.1",
        "SKHCN",
        "2024-07-10",
        "HĐND tỉnh",
        "nq15.pdf",
    )
    assert [d.number for d in r.documents] == ["15/2024/NQ-HĐND", "", "1234/QĐ-UBND"]
    assert value_of(r, "1.1.1") is None  # no count of documents stands for the Ministry's assessment


def test_what_staff_type_is_taken_when_it_is_unambiguous_and_a_counted_fraction_is_questioned(pii_2024, tmp_path):
    """Issue #35: a rank typed «4/63» (as the sheet's next column shows it) and a status «HT» (as the report's
    appendix abbreviates it) are taken; a rank «8,5» is refused and echoed as typed in Vietnamese; «12,5 văn bản»
    is a count with a fraction, questioned."""
    from pii_excel.findings import Location
    from pii_excel.intake.checks import check_figure, parse_status
    from pii_excel.plan.model import Indicator
    from pii_excel.vocab import TaskStatus

    plan, made = pii_2024
    first_task = next(t.id for t in plan.tasks if t.lead == ["SKHCN"] or "SKHCN" in t.lead)

    def typed(a):
        a.pillars["1"] = (66.95, "4/63")
        a.pillars["2"] = (53.49, 8.5)
        a.tasks[first_task] = ("HT", "Đã tổ chức hội nghị", "")

    fill_like_agency(plan, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx", edit=typed)
    r = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    ranks = {o.code: o.rank for o in r.official if o.kind == "pillar"}
    assert ranks["1"] == 4 and ranks["2"] is None
    bad = [f for f in r.findings if f.code.value == "OFFICIAL_RANK_INVALID"]
    assert [f.value for f in bad] == ["8,5"]
    assert next(t.status for t in r.tasks if t.task == first_task) is TaskStatus.DONE
    assert parse_status("ĐTH") is TaskStatus.IN_PROGRESS and parse_status("CTH") is TaskStatus.NOT_STARTED
    count = Indicator("9.9.9", "Số văn bản ban hành", "văn bản", "1")
    at = Location("a.xlsx", "Chỉ số", "K4")
    assert [f.code.value for f in check_figure(12.5, None, at, count).findings] == ["VALUE_COUNT_FRACTION"]
    assert not check_figure(12, None, at, count).findings
