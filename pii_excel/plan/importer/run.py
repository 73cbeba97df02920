"""`plan import`: a Word plan (converted first when it is not .docx) to a plan workbook listing every guess."""

from __future__ import annotations

from pathlib import Path

from pii_excel.plan.importer.build import Imported, NoAppendix, build_plan
from pii_excel.plan.importer.convert import ConversionError, as_docx
from pii_excel.plan.workbook_write import write_plan_workbook
from pii_excel.untrusted.word_file import WordFileRefused, read_word_file


class ImportFailed(Exception):
    """Why nothing was imported, in Vietnamese."""


def import_word_plan(source: Path, target: Path, workdir: Path) -> Imported:
    from pii_excel.plan.importer.word import read_word_plan_bytes
    from pii_excel.untrusted.guarded import Refused, call_guarded

    try:
        docx_path = as_docx(source, workdir)
    except ConversionError as exc:
        raise ImportFailed(str(exc)) from None
    try:  # read once and checked like any agency's workbook: a plan sent by e-mail is as untrusted as any file
        raw = read_word_file(docx_path)
    except WordFileRefused as exc:
        raise ImportFailed(f"tệp {source.name}: {exc}") from None
    try:  # parsed in a supervised worker with time and memory limits, like every file a person hands the tool
        word = call_guarded(read_word_plan_bytes, raw)
    except Refused as exc:
        raise ImportFailed(f"tệp {source.name}: {exc.reason}") from None
    if word is None:
        raise ImportFailed(
            f"tệp {source.name} không phải văn bản Word đọc được: tệp hỏng, thiếu phần nội dung chính "
            "hoặc nội dung không đúng cấu trúc Word; mở bằng Word và Lưu thành .docx rồi nhập lại"
        )
    try:
        imported = build_plan(word, source.name)
    except NoAppendix:
        raise ImportFailed(
            f"không thấy bảng phụ lục nào có chỉ số trong {source.name}: chương trình đọc mã chỉ số ở cột riêng (tiêu đề «Mã số») hoặc đầu ô tên («Chỉ số: 2.2.3. …»), hoặc tên các chỉ số thành phần PCI; kiểm tra bảng phụ lục có dòng tiêu đề và các mã đó"
            + (
                "; bảng trong tệp PDF thường bị mất khi chuyển đổi, hãy dùng bản Word"
                if source.suffix.lower() == ".pdf"
                else ""
            )
        ) from None
    heading = f"CẦN KIỂM TRA: NHẬP TỪ TỆP WORD «{source.name}» — {len(imported.guesses)} ĐIỂM CHƯƠNG TRÌNH PHẢI ĐOÁN"
    write_plan_workbook(imported.plan, target, (heading, imported.guesses))
    return imported
