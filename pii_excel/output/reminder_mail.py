"""Ready-to-send reminder e-mails (.eml drafts Outlook and Thunderbird open for sending) and the mailing list
workbook for mail merge. Nothing here sends mail."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.model import Consolidation
from pii_excel.owed import Owed, subject_of
from pii_excel.plan.periods import format_date
from pii_excel.textnorm import lower_first
from pii_excel.xlsx_style import common_formats, new_workbook, print_setup, row_height

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def mail_subject(model: Consolidation) -> str:
    subject = subject_of(model)
    return subject[:1].upper() + subject[1:]


def mail_body(model: Consolidation, owed: Owed, new_deadline: date, attachment: str) -> str:
    sender = model.coordinator_name()
    what = (
        "Đề nghị đơn vị điền mẫu báo cáo gửi kèm và gửi lại"
        if owed.missing
        else "Tệp gửi kèm là chính báo cáo đơn vị đã gửi, các ô cần sửa hoặc bổ sung được tô màu và có ghi chú. "
        "Đề nghị đơn vị sửa ngay trong tệp này rồi gửi lại"
    )
    return (
        f"Kính gửi: {owed.name},\n\n"
        f"{sender} đề nghị đơn vị hoàn thành báo cáo kết quả thực hiện Kế hoạch, {lower_first(model.period.label)}: "
        f"{owed.sentence()}.\n\n"
        f"{what} (giữ định dạng .xlsx, có thể đổi tên tệp) bằng cách trả lời thư này trước ngày "
        f"{format_date(new_deadline)}.\n\n"
        f"Tệp gửi kèm: {attachment}\n\n"
        f"Trân trọng,\n{sender}\n"
    )


def write_reminder_mail(model: Consolidation, owed: Owed, new_deadline: date, attachment: Path, target: Path) -> Path:
    """One draft per agency: To from the plan, a Vietnamese subject and body, its workbook attached.

    `X-Unsent: 1` makes Outlook open the file as a new message ready to send instead of a received one."""
    coordinator = model.coordinator
    msg = EmailMessage()
    msg["X-Unsent"] = "1"
    if coordinator and coordinator.email:
        msg["From"] = coordinator.email
    if owed.email:
        msg["To"] = ", ".join(a.strip() for a in owed.email.replace(";", ",").split(",") if a.strip())
    msg["Subject"] = mail_subject(model)
    msg["Date"] = format_datetime(model.generated_at.astimezone())
    msg["Message-ID"] = make_msgid(domain="pii-excel.local")
    msg.set_content(mail_body(model, owed, new_deadline, attachment.name))
    msg.add_attachment(attachment.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=attachment.name)
    with atomic_path(target) as tmp:
        tmp.write_bytes(bytes(msg))
    return target


COLUMNS = (
    ("STT", 5),
    ("Đơn vị", 30),
    ("Thư điện tử", 26),
    ("Còn phải gửi", 50),
    ("Tệp gửi kèm", 22),
    ("Thư soạn sẵn", 22),
)


def write_mailing_list(
    model: Consolidation, rows: list[tuple[Owed, str, str]], new_deadline: date, target: Path
) -> Path:
    """Agency, address, what is owed, attachment: one row per agency, for a mail merge in Word or Outlook."""
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Danh sách gửi thư đôn đốc - {model.period.label}"}, model.run_id)
        f = common_formats(wb)
        ws = wb.add_worksheet("Danh sách gửi thư")
        ws.write_string(0, 0, f"DANH SÁCH GỬI THƯ ĐÔN ĐỐC BÁO CÁO — {model.period.label.upper()}", f["title"])
        ws.write_string(
            1,
            0,
            f"Hạn mới: {format_date(new_deadline)}. Đơn vị chưa có địa chỉ thư điện tử trong kế hoạch "
            "cần được gửi bằng cách khác.",
            f["plain"],
        )
        for c, (head, width) in enumerate(COLUMNS):
            ws.set_column(c, c, width)
            ws.write_string(3, c, head, f["header"])
        for n, (owed, attachment, draft) in enumerate(rows, 1):
            values = [str(n), owed.name, owed.email or "(chưa có trong kế hoạch)", owed.sentence(), attachment, draft]
            for c, value in enumerate(values):
                ws.write_string(3 + n, c, value, f["cell"])  # text only: never a formula or a link
            ws.set_row(3 + n, row_height([(v, COLUMNS[c][1]) for c, v in enumerate(values)]))
        ws.freeze_panes(4, 0)
        ws.repeat_rows(3)
        print_setup(ws, widths=[w for _, w in COLUMNS])
        wb.close()
    return target
