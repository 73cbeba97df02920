"""`plan import`: the appendix of Kế hoạch 41/KH-UBND (Bắc Giang) rendered as a Word document, as the original is
laid out (a header table, «KẾ HOẠCH» and its title, the appendix table with merged task rows and bullet
paragraphs), and a messy variant; the plan read back is compared with the built-in plan transcribed by hand."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from pii_excel.cli import main
from pii_excel.plan import check_plan, load_plan
from pii_excel.plan import workbook_schema as S
from pii_excel.plan.importer.agency_names import match_agencies
from pii_excel.vocab import Severity

APPENDIX = json.loads((Path(__file__).parent / "data" / "plan41" / "appendix.json").read_text(encoding="utf-8"))
BUILTIN = "pii-2024-bac-giang"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _first_page(document, number: str = "Số: 41 /KH-UBND") -> None:
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = number
    head.cell(1, 1).text = "Bắc Giang, ngày 09 tháng 7 năm 2024"
    document.add_paragraph("")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(
        "Duy trì, cải thiện và nâng cao Chỉ số đổi mới sáng tạo cấp địa phương (PII) tỉnh Bắc Giang năm 2024 và "
        "những năm tiếp theo"
    )
    document.add_paragraph("")
    document.add_paragraph("Trên cơ sở phân tích kết quả Chỉ số đổi mới sáng tạo tỉnh Bắc Giang năm 2023 …")
    document.add_page_break()
    document.add_paragraph("Phụ lục")


def _task_row(table, paragraphs: list[str]) -> None:
    """A task row as in the original: the text in one cell merged across the columns after STT, one paragraph per
    bullet (some bullets run on inside a paragraph, some continue from the row before)."""
    row = table.add_row()
    merged = row.cells[1].merge(row.cells[len(row.cells) - 1])
    merged.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        merged.add_paragraph(text)


def render_appendix(target: Path, *, messy: bool = False, base: Path | None = None) -> Path:
    document = docx.Document(str(base) if base else None)
    _first_page(document)
    header = APPENDIX["header"]
    if messy:  # two header rows, the score and agency headers merged above their columns
        table = document.add_table(rows=2, cols=7)
        top = ["STT", header[1], "Điểm số", "", "Đơn vị", "", "Thời gian thực hiện"]
        bottom = ["", "", "Năm 2023", "Mục tiêu năm 2024", "Chủ trì", "Phối hợp", ""]
        for i, text in enumerate(top):
            table.cell(0, i).text = text
        for i, text in enumerate(bottom):
            table.cell(1, i).text = text
        table.cell(0, 2).merge(table.cell(0, 3))
        table.cell(0, 4).merge(table.cell(0, 5))
        table.cell(0, 0).merge(table.cell(1, 0))
    else:
        table = document.add_table(rows=1, cols=7)
        for i, text in enumerate(header):
            table.cell(0, i).text = text
    for row in APPENDIX["rows"]:
        cells = [row[k] for k in ("stt", "indicator", "baseline", "target", "lead", "cooperating", "timing")]
        if messy:
            cells = _mess(cells)
        added = table.add_row()
        for i, text in enumerate(cells):
            added.cells[i].text = text
        for paragraphs in row["tasks"]:
            _task_row(table, paragraphs)
    document.save(target)
    return target


def _mess(cells: list[str]) -> list[str]:
    """What other plans do: «Chỉ số 2.2.3:» spellings, decimal commas, abbreviations, a new agency, a target
    without its comparator."""
    stt, indicator, baseline, target, lead, cooperating, timing = cells
    code = re.search(r"\d+\.\d+\.\d+", indicator).group(0)
    if code == "2.2.3":
        indicator = indicator.replace("Chỉ số: 2.2.3.", "Chỉ số 2.2.3:")
    baseline = baseline.replace(".", ",")
    lead = lead.replace("Sở Khoa học và Công nghệ", "Sở KH&CN").replace(
        "Ban Quản lý các Khu công nghiệp tỉnh", "Ban Quản lý các KCN"
    )
    if code == "6.1.1":
        cooperating = "Công an tỉnh; Sở Công Thương"
        target = "20"
    return [stt, indicator, baseline, target, lead, cooperating, timing]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    source = render_appendix(folder / "ke-hoach-41.docx")
    result = run("plan", "import", str(source), "-o", str(folder / "ke-hoach.xlsx"))
    assert result.exit_code == 0, result.output
    return folder / "ke-hoach.xlsx", result


def test_the_seed_appendix_gives_the_builtin_plan(imported):
    path, _ = imported
    check = check_plan(path)
    assert check.ok, [f.message for f in check.findings if f.severity is Severity.ERROR]
    plan, builtin = check.plan, load_plan(BUILTIN)
    assert [i.code for i in plan.indicators] == [i.code for i in builtin.indicators]
    for mine, theirs in zip(plan.indicators, builtin.indicators, strict=True):
        assert (mine.baseline_year, mine.baseline_value) == (theirs.baseline_year, theirs.baseline_value), mine.code
        assert (mine.target.op, mine.target.value) == (theirs.target.op, theirs.target.value), mine.code
        assert mine.lead == theirs.lead, mine.code
        # the one difference: the hand transcription added NHCSXH to 4.1.1 from section II.2.10 of the plan's text
        extra = ["NHCSXH"] if mine.code == "4.1.1" else []
        assert sorted(mine.cooperating + extra) == sorted(theirs.cooperating), mine.code
        assert mine.frequency == theirs.frequency, mine.code
        assert len(plan.tasks_of_indicator(mine.code)) == len(builtin.tasks_of_indicator(mine.code)), mine.code
        assert (mine.pillar, mine.group, mine.unit) == (theirs.pillar, theirs.group, "điểm")
    assert len(plan.tasks) == 54 == len(builtin.tasks) - len(builtin.general_tasks())
    first = plan.tasks_of_indicator("1.1.1")[0].text
    assert first.startswith("Triển khai kịp thời các cơ chế") and "sở hữu trí tuệ." in first
    # the first page
    assert (plan.doc_number, plan.doc_date, plan.issuer, plan.province) == (
        "41/KH-UBND",
        date(2024, 7, 9),
        "UBND tỉnh Bắc Giang",
        "Bắc Giang",
    )
    assert plan.title == builtin.title
    assert plan.id != BUILTIN  # never the built-in plan's id: its results folder stays its own
    assert {a.code for a in plan.agencies} >= {"SKHCN", "SKHDT", "NHNN", "BQLKCN", "SBN_ALL", "UBND_HUYEN", "CTK"}


def test_guesses_are_listed_in_the_guide_and_on_the_console(imported):
    path, result = imported
    guide = [str(c.value) for c in openpyxl.load_workbook(path)[S.SHEET_GUIDE]["A"] if c.value]
    assert guide[0] == "TỆP KẾ HOẠCH CỦA PII-EXCEL" and guide[1].startswith("CẦN KIỂM TRA: NHẬP TỪ TỆP WORD")
    listed = " ".join(guide)
    for expected in ("6.3.3: mục tiêu ghi «≥ 10%»", "5.2.2", "SKHCN", "Lịch báo cáo", "pii-2024-bac-giang-kh41"):
        assert expected in listed, expected
    assert "Những điểm chương trình phải đoán" in result.stderr and "6.3.3" in result.stderr


def test_a_messy_appendix_lists_every_uncertainty(tmp_path):
    source = render_appendix(tmp_path / "ke-hoach.docx", messy=True)
    result = run("plan", "import", str(source), "-o", str(tmp_path / "ke-hoach.xlsx"))
    assert result.exit_code == 0, result.output
    plan = check_plan(tmp_path / "ke-hoach.xlsx").plan
    assert len(plan.indicators) == 17 and len(plan.tasks) == 54
    assert plan.indicator("2.2.3").baseline_value == 2.43  # "Chỉ số 2.2.3:" and "2,43"
    assert plan.indicator("2.2.3").baseline_year == 2023 and plan.indicator("2.2.3").target.value == 10
    assert plan.indicator("2.2.3").lead == ["SKHCN"]  # "Sở KH&CN"
    assert plan.indicator("5.2.2").lead == ["BQLKCN"]  # "Ban Quản lý các KCN"
    unknown = next(a for a in plan.agencies if a.name == "Công an tỉnh")
    assert plan.indicator("6.1.1").cooperating == [unknown.code, "SCT"]
    assert (plan.indicator("6.1.1").target.op, plan.indicator("6.1.1").target.value) == ("≥", 20)
    listed = " ".join(str(c.value) for c in openpyxl.load_workbook(tmp_path / "ke-hoach.xlsx")[S.SHEET_GUIDE]["A"])
    assert "«Công an tỉnh»" in listed and f"«{unknown.code}»" in listed
    assert "6.1.1: mục tiêu «20» không có dấu so sánh" in listed


def test_agency_names_map_by_name_abbreviation_and_catch_all():
    assert match_agencies("Sở Kế hoạch và Đầu tư; UBND các huyện, thành phố và các đơn vị liên quan").codes == [
        "SKHDT",
        "UBND_HUYEN",
        "SBN_ALL",
    ]
    assert match_agencies("Các sở, ngành, UBND các huyện, thị xã, thành phố và các đơn vị liên quan").codes == [
        "SBN_ALL"
    ]  # the catch-all phrase as a whole, not «UBND các huyện» inside it
    assert match_agencies("Sở KH&CN, Cục Thống kê tỉnh").codes == ["SKHCN", "CTK"]
    assert match_agencies("So Khoa hoc va Cong nghe").codes == ["SKHCN"]  # typed without diacritics
    typo = match_agencies("Sở Giáo dục Đào tạo")
    assert typo.codes == ["SGDDT"] and typo.guesses  # loosely matched: a guess, listed
    stranger = match_agencies("Công an tỉnh và các đơn vị liên quan")
    assert stranger.unknown == ["Công an tỉnh"] and stranger.codes == ["?Công an tỉnh", "SBN_ALL"]
    assert match_agencies("Ngân hàng Nhà nước chi nhánh Bắc Giang", "Bắc Giang").codes == ["NHNN"]


def test_what_cannot_be_imported_is_said_in_vietnamese(tmp_path):
    no_table = tmp_path / "thu.docx"
    document = docx.Document()
    document.add_paragraph("Kính gửi các sở, ngành")
    document.save(no_table)
    result = run("plan", "import", str(no_table), "-o", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 1 and "không thấy bảng phụ lục" in result.stderr
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not a document")
    result = run("plan", "import", str(broken), "-o", str(tmp_path / "b.xlsx"))
    assert result.exit_code == 1 and "không phải văn bản Word" in result.stderr and "Traceback" not in result.output
    assert run("plan", "import", str(tmp_path / "khong-co.docx"), "-o", str(tmp_path / "c.xlsx")).exit_code == 2
    assert run("plan", "import", str(no_table), "-o", str(tmp_path / "c.csv")).exit_code == 2
    assert not any(tmp_path.glob("*.xlsx"))


@pytest.mark.slow
def test_an_odt_plan_is_converted_with_libreoffice(tmp_path):
    """A plan saved by LibreOffice Writer (.odt) goes through LibreOffice's conversion to .docx first."""
    from pii_excel.plan.importer.convert import soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed here")
    import subprocess

    source = render_appendix(tmp_path / "ke-hoach.docx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(source)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    result = run("plan", "import", str(tmp_path / "odt" / "ke-hoach.odt"), "-o", str(tmp_path / "ke-hoach.xlsx"))
    assert result.exit_code == 0, result.output
    plan = check_plan(tmp_path / "ke-hoach.xlsx").plan
    assert len(plan.indicators) == 17 and len(plan.tasks) == 54
    assert plan.indicator("6.3.3").cooperating == load_plan(BUILTIN).indicator("6.3.3").cooperating


def test_a_hostile_word_file_is_refused_before_parsing(tmp_path):
    import zipfile

    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * 30_000_000 + b"</w:document>")
    entities = tmp_path / "thuc-the.docx"
    source = render_appendix(tmp_path / "goc.docx")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(entities, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1)
            zout.writestr(item, data)
    for path, words in ((bomb, "bom nén"), (entities, "DOCTYPE")):
        before = path.read_bytes()
        result = run("plan", "import", str(path), "-o", str(tmp_path / f"{path.stem}.xlsx"))
        assert result.exit_code == 1 and words in result.stderr, result.output
        assert path.read_bytes() == before and not (tmp_path / f"{path.stem}.xlsx").exists()


WORD_FILES = Path(__file__).parent / "data" / "docx"


@pytest.mark.parametrize(
    "name", ["tbl-having-tables.docx", "blk-paras-and-tables.docx", "having-images.docx", "hdr-header-footer.docx"]
)
def test_word_files_that_are_not_plans_are_refused_in_vietnamese(tmp_path, name):
    before = (WORD_FILES / name).read_bytes()
    result = run("plan", "import", str(WORD_FILES / name), "-o", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 1 and "không thấy bảng phụ lục" in result.stderr, result.output
    assert (WORD_FILES / name).read_bytes() == before and not (tmp_path / "a.xlsx").exists()


def test_an_appendix_in_a_document_word_made_imports_the_same(tmp_path):
    """Word's own default document (its styles, section, settings) with the appendix added."""
    source = render_appendix(tmp_path / "ke-hoach.docx", base=WORD_FILES / "doc-word-default-blank.docx")
    assert run("plan", "import", str(source), "-o", str(tmp_path / "ke-hoach.xlsx")).exit_code == 0
    plan = check_plan(tmp_path / "ke-hoach.xlsx").plan
    assert len(plan.indicators) == 17 and len(plan.tasks) == 54 and plan.doc_number == "41/KH-UBND"


PUBLIC = Path(__file__).parent / "data" / "public"


def test_a_password_protected_plan_is_said_to_have_a_password(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = render_appendix(tmp_path / "goc.docx")
    locked = tmp_path / "co-mat-khau.docx"
    with open(plain, "rb") as src, open(locked, "wb") as out:
        OOXMLFile(src).encrypt("123456", out)
    result = run("plan", "import", str(locked), "-o", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 1 and "mật khẩu" in result.stderr and "hỏng" not in result.stderr, result.output


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a document", b"\x00" * 100, b"<html>not word</html>"])
def test_a_broken_plan_gives_a_reason_not_an_exception_class(tmp_path, content):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(content)
    result = run("plan", "import", str(broken), "-o", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 1 and "Không nhập được kế hoạch" in result.stderr
    assert not re.search(r"\((?:[A-Z]\w+)?(?:Error|Exception)\)", result.stderr), result.stderr
    assert "Traceback" not in result.output


def test_merged_cells_in_a_word_table_are_read_not_refused():
    """python-docx-template's `horizontal_merge_tpl.docx` (LGPL-2.1; tests/data/public/README.md): cells merged
    across and down, a vertical merge whose cell above python-docx's own `row.cells` cannot find."""
    from pii_excel.plan.importer.word import read_word_plan

    word = read_word_plan(PUBLIC / "horizontal_merge_tpl.docx")
    first = [[c.text for c in row] for row in word.tables[0].rows]
    assert first[0] == ["Header 1", "Header 2", "Header 3"]
    assert first[2][:2] == ["Group", "Item 1"] and first[3][:2] == ["Group", "Item 2"]  # merged down: both rows
    assert first[-1] == ["Footer", "3", "6", "9", "12", "C"]
