"""A Word template filled in the sandbox and turned into PDF: what the period report, the analysis report and
any other docxtpl output share. A template is untrusted (staff edit it): it never runs code, and its
errors name the placeholder and the paragraph in Vietnamese."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pii_excel.atomic import atomic_path

CHART_WIDTH_MM = 160


class ReportTemplateError(Exception):
    """The report template cannot be used; the message names the bad placeholder, in Vietnamese."""


@dataclass(frozen=True)
class ReportTemplate:
    """A report template's bytes, read and checked as an untrusted file by the caller, and its path."""

    path: Path
    raw: bytes
    packaged: bool = False  # the copy shipped with the program (trusted), not a file staff chose

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        """How the console and run.json name it: the packaged one, or the file staff chose."""
        return "mẫu kèm chương trình" if self.packaged else str(self.path)


def _placeholder_at(exc: BaseException, source: str | None) -> str:
    """The placeholder on the template line where rendering failed, as staff typed it in Word, or ""."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # Jinja rewrites a runtime error's traceback with frames named after the template
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if not line or not source:
        return ""
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[line - 1])
    found = re.search(r"\{[{%].*?[%}]\}", text) or re.search(r"\{[{%].*", text)
    if not found:
        return ""
    shown = found.group()
    return shown if len(shown) <= 120 else shown[:117] + "…"


def _explain(exc: Exception, template: ReportTemplate, known: list[str], source: str | None) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    placeholder = _placeholder_at(exc, source)
    where = f" «{placeholder}»" if placeholder else ""
    name = re.search(r"'([^']+)' is undefined", str(exc))
    if isinstance(exc, UndefinedError) and name:
        return (
            f"Mẫu báo cáo «{template.name}» dùng chỗ giữ chỗ {{{{ {name.group(1)} }}}} không có. "
            f"Các chỗ giữ chỗ dùng được: {', '.join(sorted(known))}."
        )
    if isinstance(exc, SecurityError):
        return (
            f"Mẫu báo cáo «{template.name}» có chỗ giữ chỗ không được phép{where}: mẫu báo cáo chỉ được in các "
            "giá trị của báo cáo, không được gọi hàm của chương trình, đọc tệp hay nạp mẫu khác. "
            "Xoá chỗ giữ chỗ đó khỏi mẫu rồi chạy lại; chưa có tệp nào được ghi."
        )
    if isinstance(exc, TemplateSyntaxError):
        return (
            f"Mẫu báo cáo «{template.name}» có chỗ giữ chỗ viết sai cú pháp{where}: kiểm tra các cặp {{{{ … }}}} "
            "và {% … %} (đủ dấu đóng, mỗi {% for %} và {% if %} có {% endfor %}, {% endif %})."
        )
    return (
        f"Mẫu báo cáo «{template.name}» có chỗ giữ chỗ không dùng được{where}: giá trị không có hoặc không "
        "đúng kiểu. Sửa chỗ giữ chỗ đó theo mẫu kèm chương trình rồi chạy lại."
    )


# Characters docxtpl turns into Word's tab, new paragraph, line break and page break inside a text run.
_LISTING_CHARS = re.compile("[\t\a\n\f]")


def _template(raw: bytes):
    import io

    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        def resolve_listing(self, xml: str) -> str:
            # docxtpl rewrites every paragraph, run and text of the rendered part with nested regular expressions
            # to find those characters: a third of the report's time for 200 agencies, on a part that has none
            if _LISTING_CHARS.search(xml) is None:
                return xml
            return super().resolve_listing(xml)

    return Template(io.BytesIO(raw))


def open_template(template: ReportTemplate):
    """The template's bytes as a docxtpl document; ReportTemplateError when it is not a Word document."""
    try:
        tpl = _template(template.raw)
        tpl.init_docx()
    except Exception:  # python-docx raises several types for a package that is not a Word document
        raise ReportTemplateError(
            f"Không mở được mẫu báo cáo «{template.name}»: tệp hỏng hoặc không phải văn bản Word .docx."
        ) from None
    return tpl


def render_sandboxed(tpl, context: dict, template: ReportTemplate) -> None:
    """Fill the placeholders in the report sandbox; a placeholder that cannot be used is named in Vietnamese."""
    import jinja2

    from pii_excel.word.sandbox import ReportEnvironment

    env = ReportEnvironment()
    try:
        # autoescape: agency text with "<" or "&" must not break the document's XML
        tpl.render(context, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError) as exc:
        raise ReportTemplateError(_explain(exc, template, list(context), env.last_source)) from exc


def soffice_path() -> str | None:
    """LibreOffice's command: on PATH, else where the Windows installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
        candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe" if base else None
        if candidate and candidate.is_file():
            return str(candidate)
    return None


PDF_TIMEOUT_SECONDS = 180


FONT_NOTE = (
    "Máy này không có phông Times New Roman: PDF dùng phông thay thế cùng kích thước chữ (Liberation Serif). "
    "Nếu cần đúng phông, mở bao-cao.docx bằng Word và chọn Lưu thành PDF."
)


def report_font_missing() -> bool:
    """True when LibreOffice would substitute Times New Roman (it is not installed): the PDF should say so."""
    if os.name == "nt":
        return not (Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "times.ttf").is_file()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False  # cannot tell; say nothing rather than something wrong
    try:
        done = subprocess.run([fc_list, ":family=Times New Roman"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and not done.stdout.strip()


def convert_to_pdf(docx: Path, target: Path | None = None, timeout: float | None = None) -> Path:
    """Write a PDF of the .docx through LibreOffice (next to it unless `target` is given); raise RuntimeError
    with a Vietnamese message when LibreOffice is missing, fails or does not finish within `timeout` seconds."""
    exe = soffice_path()
    if exe is None:
        raise RuntimeError(
            "Không tìm thấy LibreOffice (soffice) nên không tạo được PDF; mở bao-cao.docx bằng Word "
            "và chọn Lưu thành PDF."
        )
    target = target or docx.with_suffix(".pdf")
    timeout = timeout or PDF_TIMEOUT_SECONDS
    with tempfile.TemporaryDirectory() as work:
        # A private profile: a LibreOffice window the user has open must not swallow the conversion.
        profile = Path(work) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(docx),
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=os.name != "nt",
        )
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            raise RuntimeError(
                f"LibreOffice không phản hồi sau {timeout:.0f} giây nên chưa tạo được PDF; đóng các cửa "
                "sổ LibreOffice đang mở rồi chạy lại, hoặc mở bao-cao.docx bằng Word và chọn Lưu thành PDF."
            ) from None
        produced = Path(work) / f"{docx.stem}.pdf"
        if proc.returncode != 0 or not produced.exists():
            raise RuntimeError(
                "LibreOffice không chuyển được báo cáo sang PDF; mở bao-cao.docx bằng Word và chọn Lưu thành PDF."
            )
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return target


def _kill_tree(proc: subprocess.Popen) -> None:
    """Stop LibreOffice and the helper processes it started."""
    try:
        if os.name != "nt":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=10)
