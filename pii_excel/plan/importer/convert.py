"""Word plans that are not .docx (.doc, .odt, .rtf, .pdf) are converted with LibreOffice first."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERT_SECONDS = 180


class ConversionError(Exception):
    """Why the document could not be made into a .docx, in Vietnamese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def as_docx(source: Path, workdir: Path) -> Path:
    """The document as .docx in `workdir`: itself when it already is one, else LibreOffice's conversion."""
    if source.suffix.lower() == ".docx":
        return source
    program = soffice()
    if program is None:
        raise ConversionError(
            f"tệp {source.name} không phải .docx và máy này không có LibreOffice để chuyển đổi; mở tệp bằng Word, "
            "chọn Lưu thành (Save As) định dạng .docx rồi nhập lại"
        )
    # a PDF opens in LibreOffice's Writer importer only when asked; its tables usually become loose text
    options = ["--infilter=writer_pdf_import"] if source.suffix.lower() == ".pdf" else []
    with tempfile.TemporaryDirectory(prefix="pii-excel-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            *options,
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(workdir),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConversionError(
                f"LibreOffice không chuyển được tệp {source.name} sang .docx ({type(exc).__name__})"
            ) from None
    converted = workdir / f"{source.stem}.docx"
    if not converted.exists():
        raise ConversionError(f"LibreOffice không chuyển được tệp {source.name} sang .docx")
    return converted
