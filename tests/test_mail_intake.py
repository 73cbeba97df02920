"""E-mails in the input folder: real messages built with the `email` package carrying real filled templates, a
real Outlook .msg from extract-msg's own test files, mailboxes, the received-dates table, resubmissions."""

from __future__ import annotations

import io
import json
import mailbox
import tracemalloc
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import MEMORY_BOMB, NOW, fill_like_agency, plan_with_addresses

from pii_excel.intake import mail as M
from pii_excel.intake.folder import run_intake
from pii_excel.pipeline import consolidate
from pii_excel.template.generate import make_templates
from pii_excel.vocab import FileStatus, SubmissionState, TimeSource

VN = timezone(timedelta(hours=7))
SAMPLES = Path(__file__).parent / "data" / "msg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def mailed(tmp_path_factory):
    """The PII plan with agencies' e-mail addresses, its 2024 templates and one filled workbook per agency."""
    plan = plan_with_addresses()
    folder = tmp_path_factory.mktemp("mailed")
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", folder / "templates", now=NOW)}
    filled = {code: fill_like_agency(plan, made, code, folder / f"{code}.xlsx") for code in ("SKHCN", "CTK", "STC")}
    return plan, made, filled


def message(
    sender: str,
    subject: str,
    received: datetime | None,
    attachments=(),
    sent: datetime | None = None,
    forwarded: EmailMessage | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "skhcn@bacgiang.gov.vn"
    msg["Subject"] = subject
    if received is not None:
        msg["Received"] = f"from mail.bacgiang.gov.vn by mx.bacgiang.gov.vn; {format_datetime(received)}"
    msg["Date"] = format_datetime(
        sent or (received - timedelta(minutes=3) if received else datetime(2024, 12, 1, tzinfo=VN))
    )
    msg.set_content("Kính gửi Sở KH&CN, đơn vị gửi báo cáo kèm theo.")
    for name, data, mime in attachments:
        main, sub = mime.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    if forwarded is not None:
        msg.add_attachment(forwarded)
    return msg


def drop(folder: Path, name: str, msg: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(bytes(msg))
    return path


def findings_of(result, code):
    return [f for f in result.findings if f.code == code]


def by_hand(plan, workbook: Path, folder: Path):
    """The intake of the same workbook dropped by hand into a folder of its own."""
    folder.mkdir()
    (folder / workbook.name).write_bytes(workbook.read_bytes())
    return run_intake(plan, "2024", folder, now=NOW)


def test_an_attachment_is_read_exactly_and_dated_by_the_server_that_received_it(mailed, tmp_path):
    plan, _, filled = mailed
    received = datetime(2024, 12, 23, 8, 15, tzinfo=VN)  # three days after the deadline (20/12), saved on 10/12
    drop(
        tmp_path / "in",
        "Báo cáo PII - SKHCN.eml",
        message(
            "Sở KH&CN <skhcn@bacgiang.gov.vn>",
            "Báo cáo kết quả thực hiện Kế hoạch PII năm 2024",
            received,
            [("Báo cáo SKHCN.xlsx", filled["SKHCN"].read_bytes(), XLSX)],
        ),
    )
    direct = by_hand(plan, filled["SKHCN"], tmp_path / "hand")
    r = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    path = "Báo cáo PII - SKHCN.eml › Báo cáo SKHCN.xlsx"
    inputs = {i.path: i for i in r.inputs}
    assert inputs["Báo cáo PII - SKHCN.eml"].status is FileStatus.MAILBOX
    assert inputs[path].status is FileStatus.ACCEPTED and inputs[path].agency == "SKHCN"
    typed = {(v.indicator, v.value, v.numerator, v.denominator, v.evidence) for v in direct.values}
    assert {(v.indicator, v.value, v.numerator, v.denominator, v.evidence) for v in r.values} == typed
    assert len(typed) > 5 and {(t.task, t.status, t.result) for t in r.tasks} == {
        (t.task, t.status, t.result) for t in direct.tasks
    }
    assert {v.source.file for v in r.values} == {path}
    sub = next(s for s in r.submissions if s.agency == "SKHCN")
    assert (sub.status, sub.days_late, sub.file, sub.time_source) == (
        SubmissionState.LATE,
        3,
        path,
        TimeSource.MAIL_RECEIVED,
    )
    assert next(s for s in direct.submissions if s.agency == "SKHCN").status is SubmissionState.ON_TIME
    assert sub.submitted_at == received
    assert (sub.mail.sender, sub.mail.subject, sub.mail.attachment) == (
        "skhcn@bacgiang.gov.vn",
        "Báo cáo kết quả thực hiện Kế hoạch PII năm 2024",
        "Báo cáo SKHCN.xlsx",
    )
    late = [f for f in findings_of(r, "SUBMISSION_LATE") if f.agency == "SKHCN"]
    assert [f.location.file for f in late] == [path]
    assert "thời điểm nhận thư điện tử" in late[0].message
    assert not findings_of(r, "MAIL_SENDER_MISMATCH")


def test_without_a_received_header_the_sent_date_is_used_and_said(mailed, tmp_path):
    plan, _, filled = mailed
    sent = datetime(2024, 12, 18, 16, 40, tzinfo=VN)
    drop(
        tmp_path,
        "stc.eml",
        message("stc@bacgiang.gov.vn", "BC", None, [("stc.xlsx", filled["STC"].read_bytes(), XLSX)], sent=sent),
    )
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    sub = next(s for s in r.submissions if s.agency == "STC")
    assert (sub.status, sub.submitted_at, sub.time_source) == (SubmissionState.ON_TIME, sent, TimeSource.MAIL_SENT)


def test_a_sender_other_than_the_agency_is_warned_not_rejected(mailed, tmp_path):
    plan, _, filled = mailed
    drop(
        tmp_path,
        "a.eml",
        message(
            "Nguyễn Văn A <nguyenvana@gmail.com>",
            "Gửi báo cáo",
            datetime(2024, 12, 12, 9, tzinfo=VN),
            [("x.xlsx", filled["SKHCN"].read_bytes(), XLSX)],
        ),
    )
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    warned = findings_of(r, "MAIL_SENDER_MISMATCH")
    assert [(f.agency, f.location.file, f.details["sender"], f.details["expected"]) for f in warned] == [
        ("SKHCN", "a.eml › x.xlsx", "nguyenvana@gmail.com", "skhcn@bacgiang.gov.vn")
    ]
    assert "Gửi báo cáo" in warned[0].message and "12/12/2024" in warned[0].message
    assert next(s for s in r.submissions if s.agency == "SKHCN").status is SubmissionState.ON_TIME


def test_the_same_attachment_in_several_emails_is_one_submission_dated_by_its_first_arrival(mailed, tmp_path):
    plan, _, filled = mailed
    data = filled["CTK"].read_bytes()
    first, again = datetime(2024, 12, 19, 10, tzinfo=VN), datetime(2024, 12, 26, 10, tzinfo=VN)
    drop(tmp_path, "lan-2.eml", message("ctk@bacgiang.gov.vn", "Gửi lại báo cáo", again, [("bc.xlsx", data, XLSX)]))
    drop(tmp_path, "lan-1.eml", message("ctk@bacgiang.gov.vn", "Báo cáo", first, [("bc.xlsx", data, XLSX)]))
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    status = {i.path: i.status for i in r.inputs if i.agency == "CTK"}
    assert status == {"lan-1.eml › bc.xlsx": FileStatus.ACCEPTED, "lan-2.eml › bc.xlsx": FileStatus.DUPLICATE}
    sub = next(s for s in r.submissions if s.agency == "CTK")
    assert (sub.status, sub.submitted_at) == (SubmissionState.ON_TIME, first)
    assert [f.location.file for f in findings_of(r, "SUBMISSION_DUPLICATE")] == ["lan-2.eml › bc.xlsx"]
    assert not findings_of(r, "SUBMISSION_SUPERSEDED")
    assert len([t for t in r.tasks if t.agency == "CTK"]) == len(by_hand(plan, filled["CTK"], tmp_path / "h").tasks)


def test_a_forwarded_message_is_read_with_its_own_sender_and_time(mailed, tmp_path):
    plan, _, filled = mailed
    inner = message(
        "Sở Tài chính <stc@bacgiang.gov.vn>",
        "Báo cáo PII 2024 của Sở Tài chính",
        datetime(2024, 12, 19, 14, 5, tzinfo=VN),
        [("STC.xlsx", filled["STC"].read_bytes(), XLSX)],
    )
    outer = message(
        "Văn thư <vanthu@bacgiang.gov.vn>",
        "Fwd: Báo cáo PII 2024 của Sở Tài chính",
        datetime(2024, 12, 27, 8, tzinfo=VN),
        forwarded=inner,
    )
    drop(tmp_path, "chuyen-tiep.eml", outer)
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    path = "chuyen-tiep.eml › thư chuyển tiếp › STC.xlsx"
    assert {i.path: i.status for i in r.inputs}[path] is FileStatus.ACCEPTED
    sub = next(s for s in r.submissions if s.agency == "STC")
    assert (sub.status, sub.submitted_at, sub.mail.sender) == (
        SubmissionState.ON_TIME,
        datetime(2024, 12, 19, 14, 5, tzinfo=VN),
        "stc@bacgiang.gov.vn",
    )
    assert not findings_of(r, "MAIL_SENDER_MISMATCH") and not findings_of(r, "MAIL_NO_ATTACHMENT")


def test_bad_messages_are_findings_naming_the_message_and_the_run_goes_on(mailed, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plan, _, filled = mailed
    when = datetime(2024, 12, 15, 9, 30, tzinfo=VN)
    drop(tmp_path, "khong-dinh-kem.eml", message("stc@bacgiang.gov.vn", "Xin gia hạn nộp báo cáo", when))
    drop(
        tmp_path,
        "cong-van.eml",
        message(
            "ctk@bacgiang.gov.vn", "Công văn kèm theo", when, [("Công văn 123.pdf", b"%PDF-1.4 ...", "application/pdf")]
        ),
    )
    encrypted = io.BytesIO()
    office = OOXMLFile(io.BytesIO(filled["SKHCN"].read_bytes()))
    office.encrypt("123456", encrypted)
    drop(
        tmp_path,
        "mat-khau.eml",
        message("skhcn@bacgiang.gov.vn", "Báo cáo có mật khẩu", when, [("bao-cao.xlsx", encrypted.getvalue(), XLSX)]),
    )
    (tmp_path / "hong.eml").write_bytes(b"\x00\x01\x02 not a message \xff\xfe" * 50)
    (tmp_path / "hong.mbox").write_bytes(b"just text, no separator\n")
    drop(
        tmp_path,
        "good.eml",
        message("ctk@bacgiang.gov.vn", "Báo cáo", when, [("ctk.xlsx", filled["CTK"].read_bytes(), XLSX)]),
    )
    big = tmp_path / "qua-lon.eml"
    with big.open("wb") as fh:  # a sparse 51 MB message: its size alone refuses it
        fh.write(bytes(message("stc@bacgiang.gov.vn", "Tệp rất lớn", when)))
        fh.truncate(M.MAX_MESSAGE_BYTES + 1024 * 1024)
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    at = {(f.code, f.location.file) for f in r.findings if f.code.startswith(("MAIL_", "FILE_"))}
    assert ("MAIL_NO_ATTACHMENT", "khong-dinh-kem.eml") in at
    # a PDF attached is evidence now (issue #34): this one, cut short, is refused as damaged at its place
    damaged = [f for f in r.findings if f.code == "EVIDENCE_DAMAGED"]
    assert [f.location.file for f in damaged] == ["cong-van.eml › Công văn 123.pdf"]
    assert ("FILE_ENCRYPTED", "mat-khau.eml › bao-cao.xlsx") in at
    assert ("MAIL_UNREADABLE", "hong.eml") in at and ("MAIL_UNREADABLE", "hong.mbox") in at
    assert ("MAIL_TOO_LARGE", "qua-lon.eml") in at
    no_attachment = findings_of(r, "MAIL_NO_ATTACHMENT")[0].message
    assert "stc@bacgiang.gov.vn" in no_attachment and "Xin gia hạn nộp báo cáo" in no_attachment
    assert "15/12/2024" in no_attachment
    encrypted_finding = next(f for f in r.findings if f.code == "FILE_ENCRYPTED")
    assert "Báo cáo có mật khẩu" in encrypted_finding.message and "skhcn@bacgiang.gov.vn" in encrypted_finding.message
    assert "Tệp rất lớn" in findings_of(r, "MAIL_TOO_LARGE")[0].message
    assert next(s for s in r.submissions if s.agency == "CTK").status is SubmissionState.ON_TIME
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["khong-dinh-kem.eml", "cong-van.eml", "mat-khau.eml", "hong.eml", "hong.mbox", "good.eml", "qua-lon.eml"]
    )


def test_too_many_attachments_are_cut_at_the_limit(monkeypatch):
    monkeypatch.setattr(M, "MAX_ATTACHMENTS", 3)
    msg = message(
        "a@b.vn", "Nhiều tệp", datetime(2024, 12, 1, tzinfo=VN), [(f"{n}.xlsx", b"PK", XLSX) for n in range(5)]
    )
    read = M.read_rfc822(bytes(msg), "x.eml", "x.eml")
    assert len(read.attachments) == 3 and [f.code for f in read.notes] == ["MAIL_TOO_MANY_ATTACHMENTS"]


def test_a_mailbox_is_read_message_by_message(mailed, tmp_path):
    plan, _, filled = mailed
    box = mailbox.mbox(tmp_path / "Hộp thư đến.mbox")
    box.add(
        message(
            "ctk@bacgiang.gov.vn",
            "Báo cáo",
            datetime(2024, 12, 19, 9, tzinfo=VN),
            [("ctk.xlsx", filled["CTK"].read_bytes(), XLSX)],
        )
    )
    box.add(message("stc@bacgiang.gov.vn", "Hỏi về mẫu", datetime(2024, 12, 19, 10, tzinfo=VN)))
    box.add(
        message(
            "stc@bacgiang.gov.vn",
            "Báo cáo",
            datetime(2024, 12, 22, 10, tzinfo=VN),
            [("stc.xlsx", filled["STC"].read_bytes(), XLSX)],
        )
    )
    box.flush()
    box.close()
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    accepted = {i.path for i in r.inputs if i.status is FileStatus.ACCEPTED}
    assert accepted == {"Hộp thư đến.mbox › thư 1 › ctk.xlsx", "Hộp thư đến.mbox › thư 3 › stc.xlsx"}
    assert [f.location.file for f in findings_of(r, "MAIL_NO_ATTACHMENT")] == ["Hộp thư đến.mbox › thư 2"]
    states = {s.agency: (s.status, s.days_late) for s in r.submissions if s.agency in ("CTK", "STC")}
    assert states == {"CTK": (SubmissionState.ON_TIME, 0), "STC": (SubmissionState.LATE, 2)}
    assert next(i for i in r.inputs if i.path == "Hộp thư đến.mbox").reason == "3 thư, 2 tệp bảng tính đính kèm"


class _GeneratedMailbox(io.RawIOBase):
    """A mailbox of `count` messages of about `size` bytes each, made as it is read: never whole in memory."""

    def __init__(self, count: int, size: int):
        self.count, self.n, self.pending = count, 0, b""
        body = EmailMessage()
        body["From"], body["Subject"] = "a@b.vn", "Thư số {n}"
        body.set_content("x")
        body.add_attachment(b"\x00" * size, maintype="application", subtype="pdf", filename="scan.pdf")
        self.template = b"From a@b.vn Mon Dec 16 09:00:00 2024\n" + bytes(body).replace(b"\r\n", b"\n") + b"\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and self.n < self.count:
            self.n += 1
            self.pending = self.template
        chunk, self.pending = self.pending[: len(buffer)], self.pending[len(buffer) :]
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.slow  # 12 s of streaming a large mailbox: CI runs it with the slow tests
def test_a_large_mailbox_is_read_in_bounded_memory():
    count, size = 150, 256 * 1024  # ~53 MB of mailbox once base64-encoded: well over the 20 MB peak allowed
    stream = io.BufferedReader(_GeneratedMailbox(count, size), buffer_size=1 << 20)
    tracemalloc.start()
    messages = evidence = 0
    for contents in M.read_mail(stream, 0, "lon.mbox"):
        messages += contents.messages
        evidence += sum(a.evidence for a in contents.attachments)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (messages, evidence) == (count, count)  # each message's PDF, taken as evidence (issue #34)
    assert peak < 20 * 1024 * 1024, (
        f"peak {peak / 1e6:.0f} MB while streaming a {count * size * 1.37 / 1e6:.0f} MB mailbox"
    )


def test_a_mailbox_message_over_the_limit_is_named_and_skipped(monkeypatch):
    monkeypatch.setattr(M, "MAX_MESSAGE_BYTES", 64 * 1024)
    stream = io.BufferedReader(_GeneratedMailbox(2, 100 * 1024))
    out = list(M.read_mbox(stream, "x.mbox"))
    assert [[f.code for f in c.notes] for c in out] == [["MAIL_TOO_LARGE"], ["MAIL_TOO_LARGE"]]
    assert "a@b.vn" in out[0].notes[0].message


def test_a_real_outlook_message_is_read_with_extract_msg(mailed, tmp_path):
    """unicode.msg and strangeDate.msg come from extract-msg's test files (tests/data/msg/README.md)."""
    plan, _, _ = mailed
    for name in ("unicode.msg", "strangeDate.msg"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    r = run_intake(plan, "2024", tmp_path, now=NOW)
    # its two TIFF attachments are evidence files (issue #34), told by content, with the message they came in
    pictures = [i for i in r.inputs if i.mail is not None]
    assert sorted(i.path for i in pictures) == [
        "unicode.msg › import OleFileIO.tif",
        "unicode.msg › raised value error.tif",
    ]
    described = pictures[0].mail.describe()
    assert "brizhou@gmail.com" in described and "Test for TIF files" in described
    assert "15:26 ngày 18/11/2013" in described  # the Received: header, 08:26:29 UTC
    assert {e.source for e in r.evidence} == {i.path for i in pictures}
    assert all(e.kind.startswith("Ảnh TIFF") or e.refused for e in r.evidence)
    assert [f.location.file for f in findings_of(r, "MAIL_NO_ATTACHMENT")] == ["strangeDate.msg"]
    assert {i.path: i.status for i in r.inputs if i.mail is None} == {
        "unicode.msg": FileStatus.MAILBOX,
        "strangeDate.msg": FileStatus.MAILBOX,
    }
    (tmp_path / "unicode.msg").write_bytes(b"\xd0\xcf\x11\xe0 broken")
    (tmp_path / "strangeDate.msg").unlink()
    assert [
        f.code for f in run_intake(plan, "2024", tmp_path, now=NOW).findings if f.location.file == "unicode.msg"
    ] == ["MAIL_UNREADABLE"]


def _received_table(path: Path, rows: list[tuple[object, object]], headers=("Tên tệp", "Ngày nhận")) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    wb.save(path)


def test_the_received_dates_table_overrides_every_other_time(mailed, tmp_path):
    plan, _, filled = mailed
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "stc.xlsx").write_bytes(filled["STC"].read_bytes())  # saved on 10/12, handed in on 23/12
    drop(
        tmp_path,
        "ctk.eml",
        message(
            "ctk@bacgiang.gov.vn",
            "BC",
            datetime(2024, 12, 21, 9, tzinfo=VN),
            [("ctk-2024.xlsx", filled["CTK"].read_bytes(), XLSX)],
        ),
    )
    _received_table(
        tmp_path / "ngay-nhan.xlsx",
        [
            ("stc.xlsx", datetime(2024, 12, 23)),
            ("ctk-2024.xlsx", "20/12/2024"),
            ("khong-co.xlsx", "19/12/2024"),
            ("skhcn.xlsx", "hôm qua"),
        ],
    )
    later = NOW + timedelta(days=10)  # run after the last file was handed in: no received date is in the future
    r = run_intake(plan, "2024", tmp_path, now=later)
    subs = {s.agency: s for s in r.submissions}
    assert (subs["STC"].status, subs["STC"].days_late, subs["STC"].time_source) == (
        SubmissionState.LATE,
        3,
        TimeSource.RECEIVED_TABLE,
    )
    assert (subs["CTK"].status, subs["CTK"].time_source) == (SubmissionState.ON_TIME, TimeSource.RECEIVED_TABLE)
    assert [(f.location.sheet, f.location.cell) for f in findings_of(r, "RECEIVED_FILE_UNKNOWN")] == [("Sheet", "B4")]
    assert [(f.location.cell, f.details["name"]) for f in findings_of(r, "RECEIVED_DATE_INVALID")] == [
        ("B5", "skhcn.xlsx")
    ]
    assert {i.path: i.status for i in r.inputs}["ngay-nhan.xlsx"] is FileStatus.RECEIVED_TABLE
    _received_table(tmp_path / "ngay-nhan.xlsx", [("stc.xlsx", "23/12/2024")], headers=("Tệp nào", "Khi nào"))
    again = run_intake(plan, "2024", tmp_path, now=later)
    assert [f.location.file for f in findings_of(again, "RECEIVED_TABLE_HEADERS_MISSING")] == ["ngay-nhan.xlsx"]
    assert next(s for s in again.submissions if s.agency == "STC").time_source is TimeSource.WORKBOOK


def test_run_json_records_the_email_of_each_submission(mailed, tmp_path):
    plan, _, filled = mailed
    inp = tmp_path / "input"
    received = datetime(2024, 12, 19, 9, 45, tzinfo=VN)
    drop(
        inp,
        "ctk.eml",
        message(
            "Cục Thống kê <ctk@bacgiang.gov.vn>",
            "Báo cáo năm 2024",
            received,
            [("bao cao.xlsx", filled["CTK"].read_bytes(), XLSX)],
        ),
    )
    run = consolidate(plan, "2024", inp, tmp_path / "out", now=NOW)
    doc = json.loads(Path(run.outputs["run_json"]).read_text(encoding="utf-8"))
    ctk = next(s for s in doc["submissions"] if s["agency"] == "CTK")
    assert ctk["mail"] == {
        "container": "ctk.eml",
        "sender": "ctk@bacgiang.gov.vn",
        "sender_name": "Cục Thống kê",
        "subject": "Báo cáo năm 2024",
        "received_at": "2024-12-19T09:45:00+07:00",
        "time_source": "mail_received",
        "attachment": "bao cao.xlsx",
    }
    assert ctk["file"] == "ctk.eml › bao cao.xlsx" and ctk["time_source"] == "mail_received"


XLS = "application/vnd.ms-excel"


def test_one_attachment_that_kills_the_reader_loses_no_other_submission(mailed, tmp_path, bomb_reaches_the_reader):
    """Each attachment is its own unit of failure, like a dropped file: in a mailbox of three genuine submissions
    plus that file, and in an e-mail carrying one genuine submission plus that file, only the bad attachment is
    rejected, named by its message; every other one is read exactly."""
    plan, _, filled = mailed
    bomb = MEMORY_BOMB.read_bytes()
    inbox = tmp_path / "in"
    inbox.mkdir()
    box = mailbox.mbox(str(inbox / "thu.mbox"))
    for minute, code in enumerate(("SKHCN", "CTK")):
        box.add(
            message(
                f"{code.lower()}@bacgiang.gov.vn",
                f"Báo cáo {code}",
                datetime(2024, 12, 10, 8, minute, tzinfo=VN),
                [(f"{code}.xlsx", filled[code].read_bytes(), XLSX)],
            )
        )
    box.add(
        message(
            "stc@bacgiang.gov.vn",
            "Báo cáo STC",
            datetime(2024, 12, 11, 9, tzinfo=VN),
            [("STC.xlsx", filled["STC"].read_bytes(), XLSX), ("bao-cao.xls", bomb, XLS)],
        )
    )
    box.flush()
    box.close()
    drop(
        inbox,
        "thu-le.eml",
        message("stc@bacgiang.gov.vn", "Gửi lại", datetime(2024, 12, 12, 9, tzinfo=VN), [("bang-tinh.xls", bomb, XLS)]),
    )
    result = run_intake(plan, "2024", inbox, now=NOW)
    status = {f.path: f.status for f in result.inputs}
    assert status == {
        "thu.mbox": FileStatus.MAILBOX,
        "thu.mbox › thư 1 › SKHCN.xlsx": FileStatus.ACCEPTED,
        "thu.mbox › thư 2 › CTK.xlsx": FileStatus.ACCEPTED,
        "thu.mbox › thư 3 › STC.xlsx": FileStatus.ACCEPTED,
        "thu.mbox › thư 3 › bao-cao.xls": FileStatus.REJECTED,
        "thu-le.eml": FileStatus.MAILBOX,
        "thu-le.eml › bang-tinh.xls": FileStatus.REJECTED,
    }
    rejected = [
        f
        for f in result.findings
        if f.location.file in ("thu.mbox › thư 3 › bao-cao.xls", "thu-le.eml › bang-tinh.xls")
    ]
    assert len(rejected) == 2 and all("stc@bacgiang.gov.vn" in f.message for f in rejected)
    assert all("bị dừng bất thường" in f.message for f in rejected)  # the reader met it and its worker died
    submitted = {s.agency: s.status for s in result.submissions if s.status is not SubmissionState.MISSING}
    assert submitted == {
        "SKHCN": SubmissionState.ON_TIME,
        "CTK": SubmissionState.ON_TIME,
        "STC": SubmissionState.ON_TIME,
    }
    # and the values are exactly those of the same workbooks dropped by hand
    alone = by_hand(plan, filled["STC"], tmp_path / "by-hand")
    assert [(v.indicator, v.value) for v in result.values if v.agency == "STC"] == [
        (v.indicator, v.value) for v in alone.values if v.agency == "STC"
    ]


def test_received_dates_that_cannot_be_right_are_said_at_their_cell(mailed, tmp_path):
    """A year typed wrong (2030: «nộp muộn 2191 ngày»), a date before the period began, a file listed twice, and a
    date-time typed as text in a text-formatted cell."""
    plan, _, filled = mailed
    for code in ("STC", "CTK", "SKHCN"):
        (tmp_path / f"{code.lower()}.xlsx").write_bytes(filled[code].read_bytes())
    _received_table(
        tmp_path / "ngay-nhan.xlsx",
        [
            ("stc.xlsx", "23/12/2030"),
            ("ctk.xlsx", "20/12/2022"),
            ("skhcn.xlsx", "18/12/2024"),
            ("skhcn.xlsx", "20/12/2024 17:30"),
        ],
    )
    r = run_intake(plan, "2024", tmp_path, now=NOW + timedelta(days=10))
    odd = {f.location.cell: f for f in findings_of(r, "RECEIVED_DATE_IMPLAUSIBLE")}
    assert set(odd) == {"B2", "B3"} and "23/12/2030" in odd["B2"].message and "20/12/2022" in odd["B3"].message
    twice = findings_of(r, "RECEIVED_NAME_TWICE")
    assert [(f.location.cell, f.details["first"]) for f in twice] == [("B5", "B4")]
    subs = {s.agency: s for s in r.submissions}
    assert subs["STC"].time_source is not TimeSource.RECEIVED_TABLE and subs["STC"].days_late < 30
    assert subs["CTK"].time_source is not TimeSource.RECEIVED_TABLE
    assert subs["SKHCN"].time_source is TimeSource.RECEIVED_TABLE  # the text «20/12/2024 17:30», the later row
    assert subs["SKHCN"].submitted_at == datetime(2024, 12, 20, 17, 30, tzinfo=VN)
    assert not findings_of(r, "RECEIVED_DATE_INVALID")
