"""`plan import`: a Word plan (converted first when it is not .docx) to a plan workbook listing every guess."""

from __future__ import annotations

from pathlib import Path

from pii_excel.plan.importer.build import Imported, NoAppendix, build_plan
from pii_excel.plan.importer.convert import ConversionError, as_docx
from pii_excel.plan.workbook_write import write_plan_workbook


class ImportFailed(Exception):
    """Why nothing was imported, in Vietnamese."""


def _check_package(path: Path, name: str) -> None:
    """The same bounds as agencies' workbooks before any XML is parsed: a Word file is a zip package too, and a
    plan sent by e-mail is as untrusted as any attachment."""
    import zipfile

    from pii_excel.intake.files import declares_entities, package_bounds_problem

    try:
        with zipfile.ZipFile(path) as zf:
            if (problem := package_bounds_problem(zf)) is not None:
                raise ImportFailed(f"tệp {name}: {problem.detail or 'tệp được đặt mật khẩu'}")
            for member in zf.infolist():
                if member.filename.endswith((".xml", ".rels")):
                    with zf.open(member) as part:
                        if declares_entities(part.read(4096)):
                            raise ImportFailed(f"tệp {name} có khai báo DOCTYPE/ENTITY, không an toàn để đọc")
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ImportFailed(f"tệp {name} không phải văn bản Word đọc được (tệp hỏng hoặc không phải .docx)") from None


def import_word_plan(source: Path, target: Path, workdir: Path) -> Imported:
    from pii_excel.plan.importer.word import read_word_plan

    try:
        docx_path = as_docx(source, workdir)
    except ConversionError as exc:
        raise ImportFailed(str(exc)) from None
    _check_package(docx_path, source.name)
    try:
        word = read_word_plan(docx_path)
    except Exception as exc:  # python-docx raises several types for a file that is not a Word document
        raise ImportFailed(f"tệp {source.name} không phải văn bản Word đọc được ({type(exc).__name__})") from None
    try:
        imported = build_plan(word, source.name)
    except NoAppendix:
        raise ImportFailed(
            f"không thấy bảng phụ lục có mã chỉ số (ví dụ «Chỉ số: 2.2.3. …») trong {source.name}"
            + ("; bảng trong tệp PDF thường bị mất khi chuyển đổi, hãy dùng bản Word" if source.suffix.lower() == ".pdf"
               else "")
        ) from None  # fmt: skip
    heading = f"CẦN KIỂM TRA: NHẬP TỪ TỆP WORD «{source.name}» — {len(imported.guesses)} ĐIỂM CHƯƠNG TRÌNH PHẢI ĐOÁN"
    write_plan_workbook(imported.plan, target, (heading, imported.guesses))
    return imported
