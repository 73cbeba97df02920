"""A report template is untrusted: anyone in the department can edit `templates/bao-cao.docx` and pass it on, so
its placeholders are rendered in a sandbox. Every attempt to run code, read a file, load another template or build
a huge value is a «Lỗi mẫu báo cáo» naming the placeholder; nothing runs and nothing is published."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import NOW

from pii_excel.cli import main
from pii_excel.pipeline import consolidate, load_report_template
from pii_excel.plan import load_plan
from pii_excel.report.render import find_template, render_report
from pii_excel.word.render import ReportTemplateError


@pytest.fixture(scope="module")
def demo(demo_session):
    return demo_session


def _template_with(tmp_path: Path, text: str, name: str = "mau.docx") -> Path:
    """The packaged template with one paragraph's text replaced, as staff would edit it in Word."""
    document = docx.Document(str(find_template()))
    heading = next(p for p in document.paragraphs if p.text == "1. Kết quả chung")
    heading.runs[0].text = text
    for run in heading.runs[1:]:
        run.text = ""
    document.save(tmp_path / name)
    return tmp_path / name


ATTACKS = {
    "code": "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch {marker}') }}",
    "file": "{{ self.__init__.__globals__.__builtins__.open('/etc/hostname').read() }}",
    "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "format": "{{ '{0.__class__}'.format(trich_yeu) }}",
    "chart object": "{{ bieu_do_tru_cot.tpl.docx.save('{marker}') }}",
    "include": "{% include '/etc/hostname' %}",
    "import": "{% import '/etc/hostname' as h %}",
    "extends": "{% extends '/etc/hostname' %}",
    "repeat": "{{ 'a' * 1000000000 }}",
    "power": "{{ 9 ** 99999999 }}",
    "range": "{% for i in range(1000000000) %}x{% endfor %}",
    "nested ranges": "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(100000) }}",
    "mutation": "{% set _ = kinh_gui.append('x') %}",
}


@pytest.mark.parametrize("kind", sorted(ATTACKS))
def test_placeholders_cannot_run_code_read_files_or_exhaust_memory(demo, tmp_path, kind):
    marker = tmp_path / "da-chay"
    template = _template_with(tmp_path, ATTACKS[kind].replace("{marker}", str(marker)))
    with pytest.raises(ReportTemplateError) as caught:
        render_report(demo.result.model, tmp_path / "bao-cao.docx", load_report_template(template))
    message = str(caught.value)
    assert "mau.docx" in message
    assert not marker.exists() and not (tmp_path / "bao-cao.docx").exists()
    assert os.uname().nodename not in message  # /etc/hostname never reaches the message
    assert "Traceback" not in message and "unsafe" not in message and "undefined" not in message


def test_refusal_names_the_placeholder(demo, tmp_path):
    template = _template_with(tmp_path, "1. {{ self.__init__.__globals__ }}")
    with pytest.raises(ReportTemplateError, match=r"không được phép «\{\{ self.__init__.__globals__ \}\}»"):
        render_report(demo.result.model, tmp_path / "bao-cao.docx", load_report_template(template))
    template = _template_with(tmp_path, "1. {% include 'x.docx' %}")
    with pytest.raises(ReportTemplateError, match=r"«\{% include 'x.docx' %\}»"):
        render_report(demo.result.model, tmp_path / "bao-cao.docx", load_report_template(template))


def test_ordinary_placeholders_still_work(demo, tmp_path):
    """What a department may reasonably write: filters, string methods, loops, conditions, the loop's index."""
    text = (
        "1. {{ trich_yeu.upper() }} | {{ kinh_gui | join('; ') }} | {% for k in kinh_gui %}{{ loop.index }}"
        "{% endfor %} | {% if ket_qua_chung %}có{% endif %} | {{ ket_qua_chung | length }} | {{ 2 * 3 }}"
    )
    template = _template_with(tmp_path, text)
    out = render_report(demo.result.model, tmp_path / "bao-cao.docx", load_report_template(template))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    line = next(t for t in texts if t.startswith("1. KẾT QUẢ THỰC HIỆN"))
    recipients = demo.result.model.plan.report.recipients
    numbered = "".join(str(i) for i in range(1, len(recipients) + 1))
    assert f" | {'; '.join(recipients)} | {numbered} | có | " in line and line.endswith("| 6")


def test_attack_through_the_cli_publishes_nothing_and_says_so_in_vietnamese(demo, tmp_path):
    marker = tmp_path / "da-chay"
    template = _template_with(tmp_path, ATTACKS["code"].replace("{marker}", str(marker)))
    plan = load_plan("pii-2024-bac-giang")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "consolidate",
            plan.id,
            "--period",
            "2024",
            "-i",
            str(demo.input_dir),
            "-o",
            str(out),
            "--template",
            str(template),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "Lỗi mẫu báo cáo" in result.stderr and "không được phép" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not marker.exists()
    # the folder's lock and its owner record (written before the run) only: no output of the run
    assert {p.name for p in out.rglob("*") if p.is_file()} <= {".pii-excel.lock", "ke-hoach.json"}


def test_the_template_used_is_named_on_the_console_and_in_run_json(demo, tmp_path, monkeypatch):
    plan = load_plan("pii-2024-bac-giang")
    monkeypatch.chdir(tmp_path)  # a working folder without templates/
    packaged = consolidate(plan, "2024", demo.input_dir, tmp_path / "a", now=NOW)
    run = json.loads(Path(packaged.outputs["run_json"]).read_text(encoding="utf-8"))
    assert run["report_template"] == "mẫu kèm chương trình"

    # a stray templates/bao-cao.docx in the working folder is picked up: it must be said, not silent
    (tmp_path / "templates").mkdir()
    local = _template_with(tmp_path / "templates", "1. Kết quả (mẫu của phòng)", "bao-cao.docx")
    result = CliRunner().invoke(
        main, ["consolidate", plan.id, "--period", "2024", "-i", str(demo.input_dir), "-o", str(tmp_path / "b")]
    )
    assert result.exit_code == 0, result.output
    assert f"Mẫu báo cáo đã dùng: {local}" in result.stderr
    run = json.loads((tmp_path / "b" / plan.id / "2024" / "run.json").read_text(encoding="utf-8"))
    assert run["report_template"] == str(local)


def test_hostile_template_files_are_refused_before_python_docx_reads_them(demo, tmp_path):
    """A zip bomb, a DOCTYPE with entities, a password-protected (OLE) file and a symlink: each a Vietnamese
    reason, nothing rendered."""
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * 300_000_000 + b"</w:document>")
    entities = tmp_path / "thuc-the.docx"
    with zipfile.ZipFile(find_template()) as src, zipfile.ZipFile(entities, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[1]
            dst.writestr(item, data)
    locked = tmp_path / "mat-khau.docx"
    locked.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4000)
    link = tmp_path / "lien-ket.docx"
    link.symlink_to(find_template())
    expected = {bomb: "quá lớn", entities: "DOCTYPE/ENTITY", locked: "mật khẩu", link: "liên kết tượng trưng"}
    for path, reason in expected.items():
        with pytest.raises(ReportTemplateError, match=reason):
            render_report(demo.result.model, tmp_path / "bao-cao.docx", load_report_template(path))
    assert not (tmp_path / "bao-cao.docx").exists()
