"""Every spreadsheet format an agency may send is read like the others, or named for what it is."""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import pytest
from conftest import NOW, convert_with_libreoffice, fill_like_agency

from pii_excel.intake.folder import run_intake
from pii_excel.untrusted.formats import MAX_SHEET_CELLS, xls_facts


def _values(result) -> dict:
    return {(v.agency, v.indicator): v.value for v in result.values}


def _only(plan, tmp_path: Path, source: Path, name: str):
    folder = tmp_path / name.replace(".", "-")
    folder.mkdir(parents=True)
    shutil.copy(source, folder / name)
    return run_intake(plan, "2024", folder, now=NOW)


@pytest.fixture(scope="module")
def stc(pii_2024, tmp_path_factory):
    plan, made = pii_2024
    folder = tmp_path_factory.mktemp("stc")
    path = fill_like_agency(plan, made, "STC", folder / "STC.xlsx")
    return path, run_intake(plan, "2024", folder, now=NOW)


@pytest.mark.parametrize("suffix", [".xltx", ".xltm"])
def test_template_variants_of_xlsx_are_read(pii_2024, stc, tmp_path, suffix):
    plan, _ = pii_2024
    path, baseline = stc
    result = _only(plan, tmp_path, path, f"STC{suffix}")
    assert [i.status for i in result.inputs] == ["accepted"]
    assert _values(result) == _values(baseline) and _values(result)


@pytest.mark.libreoffice
def test_flat_opendocument_is_read(pii_2024, stc, tmp_path):
    plan, _ = pii_2024
    path, baseline = stc
    flat = convert_with_libreoffice(path, "fods", tmp_path / "lo")
    result = _only(plan, tmp_path, flat, "STC.fods")
    assert [i.status for i in result.inputs] == ["accepted"], result.inputs[0].reason
    assert _values(result) == _values(baseline) and _values(result)


BIFF4 = bytes.fromhex("0904 0600 0000 1000 0000") + bytes.fromhex("0a00 0000")  # BOF (BIFF4 worksheet), EOF
HTML = b"<html><head><meta charset='utf-8'></head><body><table><tr><td>1</td></tr></table></body></html>"
XML2003 = (
    b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
    b"<Worksheet><Table><Row><Cell><Data>1</Data></Cell></Row></Table></Worksheet></Workbook>"
)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("excel-4.xls", BIFF4, "FILE_FORMAT_TOO_OLD"),
        ("trang-web.xls", HTML, "FILE_FORMAT_UNSUPPORTED"),
        ("xml-2003.xls", XML2003, "FILE_FORMAT_UNSUPPORTED"),
    ],
)
def test_old_and_foreign_formats_are_named(pii_2024, tmp_path, name, content, code):
    plan, _ = pii_2024
    (tmp_path / name).write_bytes(content)
    result = run_intake(plan, "2024", tmp_path, now=NOW)
    assert [f.code for f in result.findings if f.location.file == name] == [code]


def _biff_records(stream: bytes):
    pos = 0
    while pos + 4 <= len(stream):
        rtype, length = struct.unpack_from("<HH", stream, pos)
        yield pos, rtype, length
        pos += 4 + length


def _edit_workbook_stream(path: Path, change) -> None:
    import olefile

    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        change(stream)
        ole.write_stream("Workbook", bytes(stream))


@pytest.fixture(scope="module")
def stc_xls(stc, tmp_path_factory):
    return convert_with_libreoffice(stc[0], "xls", tmp_path_factory.mktemp("xls"))


@pytest.mark.libreoffice
def test_an_xls_saved_with_a_password_is_said_to_have_one(pii_2024, stc_xls, tmp_path):
    plan, _ = pii_2024
    target = tmp_path / "mat-khau.xls"
    shutil.copy(stc_xls, target)

    def add_filepass(stream: bytearray) -> None:
        # the record after the workbook's BOF becomes FILEPASS, as Excel writes it for XOR/RC4 passwords
        (_, _, _), (pos, _, _) = list(_biff_records(bytes(stream)))[:2]
        struct.pack_into("<H", stream, pos, 0x002F)

    _edit_workbook_stream(target, add_filepass)
    assert xls_facts(target.read_bytes()).encrypted
    result = _only(plan, tmp_path, target, "mat-khau.xls")
    assert [f.code for f in result.findings if f.location.file == "mat-khau.xls"] == ["FILE_ENCRYPTED"]


@pytest.mark.libreoffice
def test_an_xls_declaring_a_huge_sheet_is_refused_before_reading(pii_2024, stc_xls, tmp_path):
    plan, _ = pii_2024
    target = tmp_path / "khai-lon.xls"
    shutil.copy(stc_xls, target)

    def declare_huge(stream: bytearray) -> None:
        pos = next(p for p, t, n in _biff_records(bytes(stream)) if t == 0x0200 and n >= 14)
        struct.pack_into("<IIHH", stream, pos + 4, 0, 65535, 0, 255)

    _edit_workbook_stream(target, declare_huge)
    assert xls_facts(target.read_bytes()).largest_sheet > MAX_SHEET_CELLS
    result = _only(plan, tmp_path, target, "khai-lon.xls")
    assert [f.code for f in result.findings if f.location.file == "khai-lon.xls"] == ["FILE_TOO_LARGE"]


@pytest.mark.libreoffice
def test_a_truncated_xls_attachment_is_contained(pii_2024, stc, stc_xls, tmp_path):
    """An attachment cut short by a broken e-mail: the reader may panic; the file alone is rejected, in Vietnamese
    (or, when what was lost is only padding the reader never needs, read with exactly the sent values)."""
    plan, _ = pii_2024
    data = stc_xls.read_bytes()
    cuts = sorted({len(data) * k // 10 for k in range(1, 10)} | {54_000} - {0})
    status = {}
    for cut in cuts:
        folder = tmp_path / f"cat-{cut}"
        folder.mkdir()
        (folder / "STC.xls").write_bytes(data[:cut])
        result = run_intake(plan, "2024", folder, now=NOW)
        assert len(result.inputs) == 1
        status[cut] = result.inputs[0].status
        if status[cut] == "accepted":
            assert _values(result) == _values(stc[1]), cut
            continue
        file_findings = [f for f in result.findings if f.location.file == "STC.xls"]
        assert [f.code for f in file_findings] in (["FILE_UNREADABLE"], ["FILE_TOO_LARGE"]), (cut, file_findings)
        assert not re.search(r"[A-Za-z]+Error|panic|Cfb|buffer", file_findings[0].message), file_findings[0].message
    assert list(status.values()).count("rejected") >= len(cuts) - 1


def test_a_damaged_archive_is_refused_without_a_word_on_the_console(monkeypatch, tmp_path):
    """Bytes that start like a zip but hold no readable directory: refused as damaged, and the half-opened archive
    is closed without an error printed behind the user's back (zipfile closes it while it is being opened)."""
    import gc
    import sys

    from pii_excel.untrusted.files import PrecheckProblem, check_bytes

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    for raw in (b"PK\x03\x04" + b"\x00" * 200, b"PK\x03\x04" + bytes(range(256)) * 8):
        problem = check_bytes(raw)
        assert isinstance(problem, PrecheckProblem) and problem.code.value == "FILE_UNREADABLE"
    gc.collect()
    assert unraisable == []


def _far_cell(data: bytes) -> bytes:
    return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')


def test_a_worksheet_is_bounded_when_its_sheet_is_read_unless_the_index_leaves_it_unclear(stc, tmp_path):
    """The pre-check leaves each worksheet of a well-formed sheet index to be bounded when its sheet is read (a
    file read only to say whose it is inflates nothing more); a worksheet the index does not name is bounded at
    once, since which part the native reader would open for a name is then unclear."""
    from corpus.build import _rewrite_zip, _sheet_part

    from pii_excel.intake.identify import open_workbook, read_identity
    from pii_excel.template import layout as L
    from pii_excel.untrusted.files import Checked, PrecheckProblem, check_bytes
    from pii_excel.untrusted.reader_errors import ReaderFailure

    path = tmp_path / "xa.xlsx"
    shutil.copy(stc[0], path)
    part = _sheet_part(path, L.SHEET_INDICATORS)
    _rewrite_zip(path, lambda n, d: _far_cell(d) if n == part else d)
    checked = check_bytes(path.read_bytes())
    assert isinstance(checked, Checked) and part in checked.zip.deferred
    book = open_workbook(checked.data, path, checked.zip)
    assert read_identity(book).agency == "STC"  # whose it is: the far cell's sheet is not touched
    assert part in checked.zip.deferred
    with pytest.raises(ReaderFailure) as refused:
        book.rows(L.SHEET_INDICATORS)
    assert refused.value.code.value == "FILE_TOO_LARGE" and f"«{L.SHEET_INDICATORS}»" in refused.value.reason
    # where to look: the sheet, and the far corner a stray cell makes (Ctrl+End in Excel)
    assert (refused.value.sheet, refused.value.cell) == (L.SHEET_INDICATORS, "XFD1048576")
    assert refused.value.reason.endswith("1.048.576 dòng × 16.384 cột, đến ô XFD1048576")
    with pytest.raises(ReaderFailure):  # asked again, still refused: never allocated
        book.rows(L.SHEET_INDICATORS)

    orphan = tmp_path / "mo-coi.xlsx"  # the same far cell in a worksheet part no sheet entry names
    shutil.copy(stc[0], orphan)
    _rewrite_zip(
        orphan,
        lambda n, d: d,
        {
            "xl/worksheets/sheet99.xml": _far_cell(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData></sheetData></worksheet>"
            )
        },
    )
    problem = check_bytes(orphan.read_bytes())
    assert isinstance(problem, PrecheckProblem) and problem.code.value == "FILE_TOO_LARGE"
