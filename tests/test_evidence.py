"""Evidence files for the Ministry's data call (issue #34, part 2): the soft copies agencies send — attachments in
the e-mail with their workbook, files in a folder or a .zip per agency — matched to their agency and indicators,
refused when they are not evidence the upload may take, and packed as minh-chung/<mã chỉ số>/<đơn vị> - <tệp>
with an index. The PII data call asks for «bản mềm minh chứng» uploaded per indicator (DOMAIN.md; Cà Mau's Báo cáo
256/BC-SKHCN of 30/8/2024). Real files from public test suites are in tests/data/public/evidence (README there).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from pii_excel.intake import evidence_match, evidence_store
from pii_excel.intake.evidence_kind import examine
from pii_excel.intake.folder import run_intake
from pii_excel.pipeline import consolidate
from pii_excel.plan.periods import make_period
from pii_excel.sample.demo import demo_plan, sample_inputs, sample_pdf
from pii_excel.vocab import EvidenceMatch, FileStatus

PUBLIC = Path(__file__).parent / "data" / "public" / "evidence"
PERIOD = "2025-DL"
NOW = datetime(2025, 7, 25, 9)
VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    """The demo plan's data call, every agency's workbook filled and the scans each sends in its folder."""
    plan = demo_plan()
    plan.periods.append(make_period(PERIOD, date(2025, 7, 31)))
    work = tmp_path_factory.mktemp("evidence")
    inputs, _ = sample_inputs(plan, PERIOD, work, quirks=False)
    return plan, inputs


def _copy_inputs(inputs: Path, target: Path) -> Path:
    shutil.copytree(inputs, target)
    return target


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _codes(run, code: str) -> list:
    return [f for f in run.model.findings if f.code.value == code]


def _by_source(run) -> dict:
    return {e.source: e for e in run.model.intake.evidence}


def _workbook_of(inputs: Path, agency: str) -> Path:
    return next(p for p in inputs.glob("*.xlsx") if p.name.startswith(f"{agency}_"))


def test_a_mail_with_its_workbook_and_scans_is_packed_per_indicator(call, tmp_path):
    """One e-mail from Sở Công Thương: its workbook, the report its template names (by number: «Báo cáo số
    N/BC-SCT» → «N-BC-SCT.pdf»), a photo whose name starts with an indicator's code, a scan attached under a name
    with folders, and a program renamed .pdf. Agency from the message, indicators from the template and the name;
    the program refused; nothing written outside the output folder."""
    plan, inputs = call
    folder = _copy_inputs(inputs, tmp_path / "input")
    scans = sorted((folder / "SCT").iterdir())
    report_scan = next(p for p in scans if p.name.endswith("-BC-SCT.pdf"))
    scan_bytes = report_scan.read_bytes()
    workbook = _workbook_of(folder, "SCT")
    msg = EmailMessage()
    msg["From"] = "Sở Công Thương <sct@bacgiang.gov.vn>"
    msg["To"] = "skhcn@bacgiang.gov.vn"
    msg["Subject"] = "Số liệu PII năm 2024 kèm minh chứng"
    msg["Date"] = format_datetime(datetime(2025, 7, 20, 8, tzinfo=VN))
    msg.set_content("Kính gửi Sở KH&CN: số liệu và tài liệu minh chứng kèm theo.")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    msg.add_attachment(
        workbook.read_bytes(), maintype=xlsx.split("/")[0], subtype=xlsx.split("/")[1], filename=workbook.name
    )
    msg.add_attachment(scan_bytes, maintype="application", subtype="pdf", filename=report_scan.name)
    msg.add_attachment(_jpeg(), maintype="image", subtype="jpeg", filename="5.2.3 - ảnh hội chợ.jpg")
    msg.add_attachment(sample_pdf("Kế hoạch"), maintype="application", subtype="pdf", filename="../../ke-hoach.pdf")
    msg.add_attachment(b"MZ\x90\x00" + bytes(200), maintype="application", subtype="pdf", filename="bang-ke.pdf")
    shutil.rmtree(folder / "SCT")
    workbook.unlink()
    (folder / "SCT gửi số liệu.eml").write_bytes(bytes(msg))

    run = consolidate(plan, PERIOD, folder, tmp_path / "output", now=NOW)
    out = Path(run.outputs["run_json"]).parent
    found = _by_source(run)
    mail = "SCT gửi số liệu.eml"
    scan = found[f"{mail} › {report_scan.name}"]
    assert scan.agency == "SCT" and scan.matched_by is EvidenceMatch.TEMPLATE and scan.pages == 1
    (code,) = scan.indicators
    assert scan.stored_as == (f"minh-chung/{code}/SCT - {report_scan.name}",)
    assert (out / scan.stored_as[0]).read_bytes() == scan_bytes
    photo = found[f"{mail} › 5.2.3 - ảnh hội chợ.jpg"]
    assert (photo.agency, photo.indicators, photo.matched_by) == ("SCT", ("5.2.3",), EvidenceMatch.FILE_NAME)
    assert photo.kind == "Ảnh JPEG"
    renamed = found[f"{mail} › ke-hoach.pdf"]
    assert renamed.stored_as == ("minh-chung/chua-gan-chi-so/SCT - ke-hoach.pdf",)
    assert _codes(run, "EVIDENCE_UNMATCHED")[0].location.file == f"{mail} › ke-hoach.pdf"
    program = found[f"{mail} › bang-ke.pdf"]
    assert program.refused and not program.stored_as
    assert "chương trình Windows" in _codes(run, "EVIDENCE_TYPE_REFUSED")[0].message
    # nothing outside the output folder, nothing of the refused file anywhere
    assert not list(tmp_path.glob("**/ke-hoach.pdf"))[1:] and (out / renamed.stored_as[0]).is_file()
    assert {p.name for p in tmp_path.rglob("*")} >= {"SCT - ke-hoach.pdf"}
    assert not [p for p in tmp_path.rglob("*bang-ke*")]
    assert not [p for p in out.iterdir() if p.name.startswith(".dang-ghi-")]  # the evidence store is gone
    entries = {i.path: i for i in run.model.intake.inputs}
    assert entries[f"{mail} › 5.2.3 - ảnh hội chợ.jpg"].status is FileStatus.EVIDENCE
    assert entries[f"{mail} › 5.2.3 - ảnh hội chợ.jpg"].agency == "SCT"

    # the index, read back: one row per file and indicator, with its size, pages and digest
    wb = openpyxl.load_workbook(out / "minh-chung" / "danh-muc-minh-chung.xlsx")
    rows = [r for r in wb["Tệp minh chứng"].iter_rows(min_row=5, values_only=True) if r[0]]
    row = next(r for r in rows if r[5] == f"{code}/SCT - {report_scan.name}")
    assert row[1] == code and row[3] == "Sở Công Thương" and row[6] == "PDF" and row[8] == 1
    assert row[9] == "Ghi trong mẫu báo cáo" and row[4].startswith("Báo cáo số ")
    assert row[11] == hashlib.sha256(scan_bytes).hexdigest()
    refused = [r for r in wb["Không nhận"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert [r[1] for r in refused] == [f"{mail} › bang-ke.pdf"]

    # the package lists the files per indicator; the covering report counts them
    package = openpyxl.load_workbook(run.outputs["ministry_package"])["Số liệu gửi Bộ"]
    header = [c.value for c in package[4]]
    column = header.index("Tệp minh chứng (thư mục minh-chung)")
    line = next(r for r in package.iter_rows(min_row=5, values_only=True) if r[1] == code)
    assert f"{code}/SCT - {report_scan.name}" in line[column].split("\n")
    from docx import Document

    text = "\n".join(p.text for p in Document(run.outputs["covering_report"]).paragraphs)
    assert f"({len(line[column].splitlines())} tệp minh chứng)" in text and "tệp minh chứng)." in text


def test_folders_and_zips_per_agency_and_every_hostile_file_is_a_finding(call, tmp_path):
    """A folder per agency, a .zip per agency, and the files the issue names: a zip bomb, a password-protected
    PDF, a renamed program, a 200 MB scan, «../../x.pdf», two agencies sending the same file, one agency sending
    a file twice, a workbook with macros, a PDF that runs JavaScript, a file nobody can place."""
    plan, inputs = call
    folder = _copy_inputs(inputs, tmp_path / "input")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("khoa.pdf", b"not really encrypted")  # first: its flag is set as a zip tool would below
        zf.writestr("2.2.2/scan.pdf", sample_pdf("Báo cáo tài chính"))
        zf.writestr("../../x.pdf", sample_pdf("x"))
        zf.writestr("zeros.pdf", bytes(60 * 1024 * 1024))  # 60 MB of zeros: a few dozen KB packed
        zf.writestr("inner.zip", b"PK\x05\x06" + bytes(18))
        zf.write(PUBLIC / "r2-user-password.pdf", "mat-khau.pdf")
        zf.write(PUBLIC / "issue-297.pdf", "javascript.pdf")
        zf.write(PUBLIC / "form_pass_print.xlsm", "bang-tinh.xlsx")
    packed = bytearray(bomb.getvalue())
    # an encrypted member (Python's zipfile writes none): the flag's bit 0 in its local and central headers
    packed[6] |= 0x1
    packed[packed.index(b"PK\x01\x02") + 8] |= 0x1
    assert len(packed) < 1024 * 1024
    (folder / "STC.zip").write_bytes(bytes(packed))
    big = folder / "SCT" / "scan-200MB.pdf"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: the size is refused before a byte is read
    shared = next((folder / "SKHCN").glob("*.pdf"))
    shutil.copy(shared, folder / "SCT" / shared.name)  # two agencies, one file
    (folder / "SKHCN" / "ban-sao").mkdir()
    shutil.copy(shared, folder / "SKHCN" / "ban-sao" / shared.name)  # one agency, twice
    shutil.copy(PUBLIC / "crazyones.pdf", folder / "scan-khong-ro.pdf")  # top level: nobody's
    (folder / "SNV").mkdir(exist_ok=True)  # a folder named for the agency, without its workbook
    shutil.copy(PUBLIC / "court-exif.jpg", folder / "SNV" / "6.1.1_anh.jpg")
    shutil.copy(PUBLIC / "ClimateChange2.odt", folder / "SNV" / "van-ban.odt")

    run = consolidate(plan, PERIOD, folder, tmp_path / "output", now=NOW)
    out = Path(run.outputs["run_json"]).parent
    found = _by_source(run)
    member = found["STC.zip › 2.2.2/scan.pdf"]
    assert (member.agency, member.indicators, member.matched_by) == ("STC", ("2.2.2",), EvidenceMatch.FILE_NAME)
    assert (out / "minh-chung/2.2.2/STC - scan.pdf").is_file()
    escaped = found["STC.zip › ../../x.pdf"]
    assert escaped.name == "x.pdf" and escaped.stored_as == ("minh-chung/chua-gan-chi-so/STC - x.pdf",)
    assert _codes(run, "EVIDENCE_NAME_CHANGED")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path.parent / "x.pdf").exists()
    refusals: dict[str, set[str]] = {}
    for f in run.model.findings:
        if f.code.value.startswith("EVIDENCE_"):
            refusals.setdefault(f.location.file, set()).add(f.code.value)
    assert "EVIDENCE_TOO_LARGE" in refusals["STC.zip › zeros.pdf"]
    assert "EVIDENCE_TOO_LARGE" in refusals["SCT/scan-200MB.pdf"]
    assert "EVIDENCE_TYPE_REFUSED" in refusals["STC.zip › inner.zip"]
    assert "EVIDENCE_PASSWORD" in refusals["STC.zip › mat-khau.pdf"]
    assert "EVIDENCE_PASSWORD" in refusals["STC.zip › khoa.pdf"]
    assert "EVIDENCE_MACRO" in refusals["STC.zip › javascript.pdf"]
    assert "EVIDENCE_MACRO" in refusals["STC.zip › bang-tinh.xlsx"]
    either = refusals.get(f"SCT/{shared.name}", set()) | refusals.get(f"SKHCN/{shared.name}", set())
    assert "EVIDENCE_SAME_AS_OTHER_AGENCY" in either
    assert "EVIDENCE_DUPLICATE" in refusals[f"SKHCN/ban-sao/{shared.name}"]
    assert "EVIDENCE_NO_AGENCY" in refusals["scan-khong-ro.pdf"]
    # the shared file stays with each agency; the copy of one agency's own file is stored once
    assert found[f"SCT/{shared.name}"].stored_as and found[f"SKHCN/{shared.name}"].stored_as
    assert not found[f"SKHCN/ban-sao/{shared.name}"].stored_as
    assert found["scan-khong-ro.pdf"].stored_as == ("minh-chung/chua-gan-chi-so/chua-ro-don-vi - scan-khong-ro.pdf",)
    photo, odt = found["SNV/6.1.1_anh.jpg"], found["SNV/van-ban.odt"]
    assert photo.indicators == ("6.1.1",) and odt.kind == "Word (.odt)" and odt.agency == "SNV"
    # nothing refused is anywhere in the output; every stored file is byte for byte what came in
    names = {p.name for p in out.rglob("*")}
    assert not {"STC - zeros.pdf", "STC - mat-khau.pdf", "STC - javascript.pdf", "SCT - scan-200MB.pdf"} & names
    for item in run.model.intake.evidence:
        for path in item.stored_as:
            assert hashlib.sha256((out / path).read_bytes()).hexdigest() == item.sha256
    assert any(i.path == "STC.zip" and i.status is FileStatus.EVIDENCE for i in run.model.intake.inputs)


def test_a_file_the_template_names_that_never_came_is_said_at_its_cell(call, tmp_path):
    """In the data call the evidence is uploaded as files: a file a row names, not received, is a warning at the
    row's cell; an indicator whose figure has no file is on the package's checklist."""
    plan, inputs = call
    folder = _copy_inputs(inputs, tmp_path / "input")
    listed = sorted((folder / "SKHCN").glob("*.pdf"), key=lambda p: len(p.stem))[0]  # a 1.1.1 document's file
    listed.unlink()
    gone = next(p for p in (folder / "STC").glob("*-BC-STC.pdf"))
    gone.unlink()
    run = consolidate(plan, PERIOD, folder, tmp_path / "output", now=NOW)
    said = [f for f in _codes(run, "EVIDENCE_NAMED_NOT_RECEIVED") if listed.name in f.message]
    assert said and said[0].location.sheet and said[0].location.cell and said[0].agency == "SKHCN"
    missing = openpyxl.load_workbook(run.outputs["ministry_package"])["Còn thiếu"]
    gaps = {r[1]: r[3] for r in missing.iter_rows(min_row=5, values_only=True) if r[0]}
    assert gaps.get("2.2.2") == "Chưa có tệp minh chứng để tải lên"


def test_the_run_bounds_the_count_of_evidence_files(call, tmp_path, monkeypatch):
    plan, inputs = call
    folder = _copy_inputs(inputs, tmp_path / "input")
    monkeypatch.setattr(evidence_match, "MAX_RUN_FILES", 3)
    intake = run_intake(plan, PERIOD, folder, now=NOW, jobs=0)
    taken = [e for e in intake.evidence if e.stored_as]
    limited = [f for f in intake.findings if f.code.value == "EVIDENCE_LIMIT"]
    assert len(taken) == 3 and limited and "3 tệp" in limited[0].message


@pytest.mark.parametrize(
    ("name", "kind", "refused"),
    [
        ("crazyones.pdf", "PDF", ""),
        ("r4-owner-password.pdf", "PDF", ""),  # an owner password only: opens without asking
        ("r6-empty-password.pdf", "PDF", ""),
        ("r2-user-password.pdf", "", "password"),
        ("r4-aes-user-password.pdf", "", "password"),
        ("r6-user-password.pdf", "", "password"),  # empty owner password, yet readers ask for the user's
        ("libreoffice-writer-password.pdf", "", "password"),
        ("issue-297.pdf", "", "macro"),
        ("form_pass_print.xlsm", "", "macro"),
        ("court-exif.jpg", "Ảnh", ""),
        ("ClimateChange2.odt", "Word", ""),
    ],
)
def test_real_files_from_public_suites_are_told_by_their_content(name, kind, refused):
    with open(PUBLIC / name, "rb") as fh:
        examined = examine(fh)
    assert (examined.kind, examined.refused) == (kind, refused)


def test_office_files_are_told_by_content_and_encrypted_ones_refused(tmp_path):
    from docx import Document
    from msoffcrypto.format.ooxml import OOXMLFile

    doc = Document()
    doc.add_paragraph("Quyết định phê duyệt")
    plain = io.BytesIO()
    doc.save(plain)
    assert examine(io.BytesIO(plain.getvalue())).detail == "Word (.docx)"
    wb = openpyxl.Workbook()
    sheet = io.BytesIO()
    wb.save(sheet)
    assert examine(io.BytesIO(sheet.getvalue())).detail == "Excel (.xlsx)"
    locked = io.BytesIO()
    OOXMLFile(io.BytesIO(plain.getvalue())).encrypt("mat-khau", locked)
    assert examine(io.BytesIO(locked.getvalue())).refused == "password"
    for data, reason in (
        (b"Rar!\x1a\x07\x00" + bytes(40), "RAR"),
        (b"\x7fELF" + bytes(40), "Linux"),
        (b"", "rỗng"),
        (b"<html><script>alert(1)</script>", "script"),
    ):
        assert reason in examine(io.BytesIO(data)).reason


def test_names_are_made_safe_for_windows():
    assert evidence_store.stored_name("..\\..\\CON.pdf") == ("_CON.pdf", "..\\..\\CON.pdf")
    assert evidence_store.stored_name("a:b|c?.pdf")[0] == "a_b_c_.pdf"
    long = "x" * 300 + ".pdf"
    assert len(evidence_store.stored_name(long)[0]) <= 100 and evidence_store.stored_name(long)[0].endswith(".pdf")
    assert evidence_store.stored_name("Quyết định.pdf") == ("Quyết định.pdf", "")


def test_without_evidence_nothing_is_written(tmp_path):
    """A period whose agencies send only workbooks has no minh-chung folder."""
    plan = demo_plan()
    folder = tmp_path / "input"
    folder.mkdir()
    run = consolidate(plan, plan.periods[0].id, folder, tmp_path / "output", now=NOW)
    assert "evidence_index" not in run.outputs
    assert not (Path(run.outputs["run_json"]).parent / "minh-chung").exists()
    assert os.listdir(Path(run.outputs["run_json"]).parent)


def test_an_attachment_that_is_no_evidence_is_only_said(call, tmp_path):
    """A note in plain text attached to a report is neither a workbook nor evidence: said, never stored."""
    plan, _ = call
    msg = EmailMessage()
    msg["From"] = "sct@bacgiang.gov.vn"
    msg["Subject"] = "Ghi chú"
    msg["Date"] = format_datetime(datetime(2025, 7, 20, 8, tzinfo=VN))
    msg.set_content("Kèm ghi chú.")
    msg.add_attachment("Số liệu sẽ gửi sau.", filename="ghi-chu.txt")
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "thu.eml").write_bytes(bytes(msg))
    intake = run_intake(plan, PERIOD, folder, now=NOW, jobs=0)
    said = [f for f in intake.findings if f.code.value == "MAIL_ATTACHMENT_NOT_WORKBOOK"]
    assert [f.location.file for f in said] == ["thu.eml › ghi-chu.txt"] and not intake.evidence
