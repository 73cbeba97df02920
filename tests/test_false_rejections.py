"""Files a department really receives that the tool used to refuse although they are fine: decided by content,
never by name, and read whatever program wrote them. Real files from public test suites (tests/data/public)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import NOW, fill_like_agency, plan_with_addresses
from python_calamine import CalamineWorkbook

from pii_excel.intake.folder import run_intake
from pii_excel.template.generate import make_templates
from pii_excel.untrusted.files import Checked, check_bytes
from pii_excel.vocab import FileStatus, SubmissionState

PUBLIC = Path(__file__).parent / "data" / "public"
MSG = Path(__file__).parent / "data" / "msg"


def _rows(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_an_xls_with_text_formulas_is_not_too_large():
    """PhpSpreadsheet's formulas.xls: a STRING record (a formula's cached text) is not a cell; counted as one, its
    text length read as a row made 1,519 cells look like 5.6 million."""
    checked = check_bytes((PUBLIC / "formulas.xls").read_bytes())
    assert isinstance(checked, Checked)
    assert any(any(c != "" for c in row) for rows in _rows(checked.data).values() for row in rows)


@pytest.mark.parametrize(
    ("name", "sheet", "first_row"),
    [
        # PhpSpreadsheet: content.xml pretty-printed, white space between the cells
        (
            "RepeatedDataCells.ods",
            "Sheet1",
            ["TestA", "", "", "", "TestE", "", "TestG", "SameValue", "SameValue", "SameValue", "TestK"],
        ),
        ("pythagoras-kspread.ods", "Sheet1", [3.0]),  # odfpy: written by KSpread, pretty-printed likewise
        ("utf16be.xlsx", "Sheet1", [1.0]),  # PhpSpreadsheet: its workbook.xml in UTF-16BE
    ],
)
def test_files_libreoffice_opens_are_read_not_called_renamed(name, sheet, first_row):
    checked = check_bytes((PUBLIC / name).read_bytes())
    assert isinstance(checked, Checked)
    assert _rows(checked.data)[sheet][0] == first_row


def test_a_repacked_package_is_bounded_again():
    """Re-encoding a UTF-16 part must not open a way round the bounds: a sheet that spans a million rows in
    UTF-16 is still refused, at its sheet."""
    import zipfile

    source = zipfile.ZipFile(PUBLIC / "utf16be.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16BE"')
                text = text.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
                data = text.encode("utf-16-be")
            target.writestr(info.filename, data)
    checked = check_bytes(out.getvalue())
    # the worksheet is bounded when its sheet is first read (a well-formed sheet index defers it), in UTF-8 now
    refused = checked.zip.bound_sheet("Sheet1") if isinstance(checked, Checked) else checked
    assert refused is not None and refused.code.value == "FILE_TOO_LARGE" and refused.cell == "XFD1048576"


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    plan = plan_with_addresses()
    folder = tmp_path_factory.mktemp("filled")
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", folder / "templates", now=NOW)}
    return plan, {code: fill_like_agency(plan, made, code, folder / f"{code}.xlsx") for code in ("SCT", "SNV", "CTK")}


def test_names_with_trailing_space_or_dot_or_no_extension_are_read_by_content(filled, tmp_path):
    plan, files = filled
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copyfile(files["SCT"], inbox / "SCT .xlsx ")
    shutil.copyfile(files["SNV"], inbox / "SNV_2024.xlsx.")
    shutil.copyfile(files["CTK"], inbox / "bao-cao-cuc-thong-ke")
    (inbox / "ghi-chu.txt").write_text("Gửi kèm báo cáo", encoding="utf-8")
    (inbox / "minh-chung.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")
    result = run_intake(plan, "2024", inbox, now=NOW)
    status = {f.path: (f.status, f.agency) for f in result.inputs}
    assert status["SCT .xlsx "] == (FileStatus.ACCEPTED, "SCT")
    assert status["SNV_2024.xlsx."] == (FileStatus.ACCEPTED, "SNV")
    assert status["bao-cao-cuc-thong-ke"] == (FileStatus.ACCEPTED, "CTK")
    # the note is skipped; the PDF is evidence (issue #34), refused because it has no page, never read as a workbook
    assert status["ghi-chu.txt"][0] is FileStatus.SKIPPED and status["minh-chung.pdf"][0] is FileStatus.REJECTED
    assert [f.code for f in result.findings if f.location.file == "minh-chung.pdf"] == ["EVIDENCE_DAMAGED"]
    reported = {s.agency for s in result.submissions if s.status is not SubmissionState.MISSING}
    assert reported == {"SCT", "SNV", "CTK"}


def test_mail_is_recognised_by_content_whatever_its_name(filled, tmp_path):
    """extract-msg's own Outlook message saved as .eml, and an Internet message saved with no extension."""
    from test_mail_intake import XLSX, message

    plan, files = filled
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copyfile(MSG / "unicode.msg", inbox / "thu-outlook.eml")
    from datetime import datetime, timedelta, timezone

    sent = message(
        "ctk@bacgiang.gov.vn",
        "Báo cáo",
        datetime(2024, 12, 10, 9, tzinfo=timezone(timedelta(hours=7))),
        [("CTK.xlsx", files["CTK"].read_bytes(), XLSX)],
    )
    (inbox / "thu-khong-duoi").write_bytes(bytes(sent))
    result = run_intake(plan, "2024", inbox, now=NOW)
    status = {f.path: f.status for f in result.inputs}
    assert status["thu-outlook.eml"] is FileStatus.MAILBOX  # read as Outlook, not refused as a broken .eml
    assert status["thu-khong-duoi"] is FileStatus.MAILBOX
    assert status["thu-khong-duoi › CTK.xlsx"] is FileStatus.ACCEPTED


def test_a_file_still_being_copied_is_said_to_have_changed_not_to_be_broken(filled, tmp_path, monkeypatch):
    """Half a workbook is in input/ when the run reads it; the copy finishes while it is being read. Its reason
    says it changed while being read and to run again — not that the agency sent a broken file."""
    from pii_excel.intake import read_file
    from pii_excel.untrusted.scan import Candidate

    plan, files = filled
    whole = files["SCT"].read_bytes()
    target = tmp_path / "SCT.xlsx"
    target.write_bytes(whole[: len(whole) // 2])
    original = read_file.read_workbook

    def copy_finishes_meanwhile(*args, **kwargs):
        original(*args, **kwargs)
        target.write_bytes(whole)

    monkeypatch.setattr(read_file, "read_workbook", copy_finishes_meanwhile)
    state = read_file.prepared_reader(plan, "2024", NOW)
    outcome = read_file.read_candidate(state, Candidate(target, "SCT.xlsx"))
    assert outcome.entry.status is FileStatus.REJECTED
    assert [f.code.value for f in outcome.findings] == ["FILE_UNREADABLE"]
    assert "thay đổi trong lúc chương trình đang đọc" in outcome.findings[0].message
    monkeypatch.setattr(read_file, "read_workbook", original)
    assert read_file.read_candidate(state, Candidate(target, "SCT.xlsx")).entry.status is FileStatus.ACCEPTED


def test_an_xls_that_lists_no_sheet_is_refused_before_the_reader_meets_it():
    """ExcelDataReader's memory bomb lists no sheet (a workbook lists at least one): refused by the pre-check, so
    the native reader never allocates for it; every other public .xls here still passes."""
    from conftest import MEMORY_BOMB

    refused = check_bytes(MEMORY_BOMB.read_bytes())
    assert not isinstance(refused, Checked) and refused.code.value == "FILE_UNREADABLE"
    assert "danh sách trang tính" in refused.detail
    for path in PUBLIC.glob("*.xls"):
        if path != MEMORY_BOMB:
            found = check_bytes(path.read_bytes())
            assert isinstance(found, Checked) or "danh sách trang tính" not in found.detail, path.name
