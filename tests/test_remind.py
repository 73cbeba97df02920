"""`remind`: the reminder letter, one draft e-mail per agency with its workbook, the mailing list."""

from __future__ import annotations

import email
import email.policy
import io
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import NOW, fill_like_agency, plan_with_addresses, soffice
from docx import Document

from pii_excel.cli import main
from pii_excel.intake.identify import open_workbook_file, read_identity
from pii_excel.remind import default_new_deadline, write_reminders
from pii_excel.template import layout as L
from pii_excel.template.generate import make_templates

NEW_DEADLINE = date(2024, 12, 27)


@pytest.fixture(scope="module")
def reminded(tmp_path_factory):
    plan = plan_with_addresses()
    root = tmp_path_factory.mktemp("remind")
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", root / "templates", now=NOW)}
    inp = root / "input"
    # complete: not chased; with a figure typed as words: chased to correct; the others sent nothing
    for code in [c for c in made if c not in ("SKHCN", "STC")]:
        fill_like_agency(plan, made, code, inp / f"{code}.xlsx")
    typo = next(i.code for i in made["STC"].duties.indicators) if made["STC"].duties.indicators else None

    def stc(a):
        if typo:
            a.values.update({typo: "chưa rõ"})
        else:
            a.tasks.update({t: ("", r, d) for t, (_, r, d) in list(a.tasks.items())[:1]})
        a.info["email"] = "Nguyen.Van.A@stc.bacgiang.gov.vn"  # the contact who will fix it, typed in its own file

    fill_like_agency(plan, made, "STC", inp / "STC.xlsx", edit=stc)
    done = write_reminders(plan, "2024", inp, root / "out", NEW_DEADLINE, now=NOW)
    return plan, made, done


def test_only_agencies_that_owe_something_are_chased(reminded):
    _, _, done = reminded
    assert [o.agency for o in done.owed] == sorted(
        [o.agency for o in done.owed], key=[o.agency for o in done.owed].index
    )
    owed = {o.agency: o for o in done.owed}
    assert set(owed) == {"SKHCN", "STC"}
    assert owed["SKHCN"].missing and owed["SKHCN"].sentence().startswith("chưa gửi báo cáo")
    assert not owed["STC"].missing and "lỗi" in owed["STC"].sentence() + "trống"


def test_the_letter_is_an_official_cong_van(reminded):
    _plan, _, done = reminded
    doc = Document(done.files["letter"])
    header = "\n".join(p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs)
    for line in (
        "UBND TỈNH BẮC GIANG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "/KHCN",
        "V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số 41/KH-UBND",
        "ngày 20 tháng 12 năm 2024",
    ):
        assert line in header, line
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Kính gửi:" in body
    for o in done.owed:
        assert f"- {o.name}" in body and o.sentence() in body
    assert "trước ngày 27/12/2024" in body and body.count("Rất mong nhận được sự phối hợp") == 1
    signature = "\n".join(p.text for cell in doc.tables[-1].rows[0].cells for p in cell.paragraphs)
    assert "Nơi nhận:" in signature and "KT. GIÁM ĐỐC" in signature and "Như trên" in signature
    section = doc.sections[0]
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (3.0, 1.5)


def test_each_draft_email_is_ready_to_send_with_its_workbook(reminded):
    plan, _made, done = reminded
    for o in done.owed:
        msg = email.message_from_bytes(Path(done.files[f"mail:{o.agency}"]).read_bytes(), policy=email.policy.default)
        assert msg["X-Unsent"] == "1"
        # the plan's address, and the contact an agency typed in its own report (issue #35)
        contact = ", Nguyen.Van.A@stc.bacgiang.gov.vn" if o.agency == "STC" else ""
        assert msg["To"] == f"{o.agency.lower()}@bacgiang.gov.vn{contact}"
        assert msg["Subject"].startswith("Đôn đốc báo cáo kết quả thực hiện Kế hoạch số 41/KH-UBND")
        body = msg.get_body(("plain",)).get_content()
        assert o.name in body and "27/12/2024" in body and o.sentence() in body
        (attachment,) = list(msg.iter_attachments())
        assert attachment.get_filename() == f"2024_{o.agency}.xlsx"
        data = attachment.get_payload(decode=True)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        guide = [str(c.value) for c in wb[L.SHEET_GUIDE]["A"] if c.value]
        assert guide[0] == "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"
        path = done.folder / "tep-gui-kem" / f"2024_{o.agency}.xlsx"
        assert path.read_bytes() == data
        identity = read_identity(open_workbook_file(path))
        assert (identity.agency, identity.period, identity.plan_id) == (o.agency, "2024", plan.id)


def test_the_mailing_list_has_one_row_per_agency(reminded):
    _, _, done = reminded
    ws = openpyxl.load_workbook(done.files["mailing_list"]).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5) if r[0].value]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        (o.name, o.email, o.sentence(), f"tep-gui-kem/2024_{o.agency}.xlsx", f"thu/{o.agency}.eml") for o in done.owed
    ]


@pytest.mark.libreoffice
def test_the_letter_renders_without_a_page_of_blank_lines(reminded, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _, _, done = reminded
    subprocess.run(
        [soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), done.files["letter"]],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "cong-van-don-doc.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert "V/v đôn đốc báo cáo" in pages[0] and "Kính gửi:" in pages[0]
    assert "KT. GIÁM ĐỐC" in pages[-1] and "Nơi nhận:" in pages[-1]
    for page in pages:  # no page holds only a page number or blank signature lines
        assert len([line for line in page.splitlines() if line.strip() and not line.strip().isdigit()]) >= 3, page


def test_the_default_new_deadline_is_five_working_days_later():
    assert default_new_deadline(date(2024, 12, 20)) == date(2024, 12, 27)  # Friday: the next week's Friday
    assert default_new_deadline(date(2025, 1, 24)) == date(2025, 2, 7)  # Tết 2025 is skipped


def test_remind_usage_errors_are_vietnamese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "input").mkdir()
    r = CliRunner().invoke(main, ["remind", "pii-2024-bac-giang", "--period", "2024", "--han-moi", "31/02/2024"])
    assert r.exit_code == 2 and "--han-moi" in r.output and "Traceback" not in r.output and "Error" not in r.output
    r = CliRunner().invoke(main, ["remind", "pii-2024-bac-giang", "--period", "2099"])
    assert r.exit_code == 2 and "không có kỳ «2099»" in r.output
    r = CliRunner().invoke(
        main, ["remind", "pii-2024-bac-giang", "--period", "2024", "--han-moi", "27/12/2024", "--ngay", "20/12/2024"]
    )
    assert (
        r.exit_code == 0 and "13 đơn vị cần đôn đốc" not in r.output and "cần đôn đốc (hạn mới 27/12/2024)" in r.output
    )


def test_the_letter_takes_its_number_date_and_signer_and_refuses_a_deadline_before_it(tmp_path, monkeypatch):
    """Issue #35: the letter was always dated today; `remind` has the signing options `consolidate` has, and a new
    deadline before the letter's date is refused."""
    plan = plan_with_addresses()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "input").mkdir()
    early = CliRunner().invoke(
        main, ["remind", plan.id, "--period", "2024", "--han-moi", "15/12/2024", "--ngay", "20/12/2024"]
    )
    assert early.exit_code == 2 and "sớm hơn ngày của công văn" in early.output
    from pii_excel.model import Signing

    done = write_reminders(
        plan,
        "2024",
        tmp_path / "input",
        tmp_path / "out",
        NEW_DEADLINE,
        now=NOW,
        signing=Signing("125", date(2024, 12, 21), "Nguyễn Văn An", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
    )
    doc = Document(done.files["letter"])
    header = "\n".join(p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs)
    assert "Số: 125/KHCN" in header and "ngày 21 tháng 12 năm 2024" in header
    signature = "\n".join(p.text for cell in doc.tables[-1].rows[0].cells for p in cell.paragraphs)
    assert "Nguyễn Văn An" in signature and "PHÓ GIÁM ĐỐC" in signature
