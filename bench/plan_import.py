"""Benchmark `plan import` on a long Word plan (the goal, issue #36: a 60-page plan in under 5 s).

    python bench/plan_import.py            # a plan of about 60 pages; prints pages, wall time and the plan read
    python bench/plan_import.py --check    # exit 1 when the goal is missed (CI)

The plan is laid out as post-merger provinces write theirs: a body with sections, then an appendix with two header
rows merged over the score/rank pair, a code column, a pillar row before each pillar's indicators and a tasks
column of bullets. The page count is LibreOffice's when it is installed, else estimated from the text.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 5.0
SENTENCE = (
    "Tăng cường phối hợp giữa các cơ quan, đơn vị trong việc thu thập, chia sẻ số liệu, tài liệu minh chứng "
    "và triển khai đồng bộ các giải pháp cải thiện chỉ số thành phần được giao."
)
AGENCIES = (
    "Sở Khoa học và Công nghệ",
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Thống kê tỉnh",
    "Ngân hàng Nhà nước Khu vực 14",
    "Sở Nông nghiệp và Môi trường",
)


def make_plan(target: Path, pillars: int = 7, per_pillar: int = 8, tasks: int = 1, body: int = 60) -> Path:
    import docx

    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\n_______"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 58/KH-UBND"
    head.cell(1, 1).text = "Cà Mau, ngày 12 tháng 3 năm 2026"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Nâng cao Chỉ số đổi mới sáng tạo cấp địa phương (PII) tỉnh Cà Mau năm 2026")
    document.add_paragraph("__________")
    for n in range(body):
        document.add_paragraph(f"{n + 1}. " + SENTENCE * 3)
    table = document.add_table(rows=2, cols=10)
    top = [
        "TT",
        "Mã số",
        "Chỉ số thành phần",
        "Kết quả PII năm 2025",
        "",
        "Mục tiêu 2026",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Nhiệm vụ, giải pháp chủ yếu",
        "Thời gian",
    ]
    for i, text in enumerate(top):
        table.cell(0, i).text = text
    table.cell(1, 3).text, table.cell(1, 4).text = "Điểm", "Thứ hạng (/34)"
    table.cell(0, 3).merge(table.cell(0, 4))
    for p in range(1, pillars + 1):
        cells = table.add_row().cells
        cells[0].text, cells[2].text, cells[3].text, cells[4].text, cells[5].text = (
            str(p),
            f"TRỤ CỘT {p}. TRỤ CỘT SỐ {p}",
            "30,5",
            "20",
            "≥ 32",
        )
        for i in range(1, per_pillar + 1):
            cells = table.add_row().cells
            values = [
                str(i),
                f"{p}.{(i - 1) // 3 + 1}.{(i - 1) % 3 + 1}",
                f"Chỉ số thành phần {p}.{i} của trụ cột",
                "25,10",
                "18",
                "≥ 27",
                AGENCIES[i % len(AGENCIES)],
                ", ".join(AGENCIES[(i + 1) % 5 : (i + 1) % 5 + 3]),
                "",
                "Năm 2026",
            ]
            for c, value in enumerate(values):
                cells[c].text = value
            tasks_cell = cells[8]
            tasks_cell.paragraphs[0].text = "- " + SENTENCE
            for _ in range(tasks - 1):
                tasks_cell.add_paragraph("- " + SENTENCE)
    document.save(target)
    return target


def pages(path: Path, workdir: Path) -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        import docx

        words = sum(len(p.text.split()) for p in docx.Document(str(path)).paragraphs)
        return words // 350 + 1
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{workdir}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(path),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = workdir / f"{path.stem}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pii_excel.plan.importer.run import import_word_plan

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = make_plan(folder / "ke-hoach.docx")
        n_pages = pages(source, folder)
        start = time.perf_counter()
        imported = import_word_plan(source, folder / "ke-hoach.xlsx", folder / "work")
        seconds = time.perf_counter() - start
        plan = imported.plan
        print(
            f"{n_pages} trang: {len(plan.indicators)} chỉ số, {len(plan.tasks)} nhiệm vụ, "
            f"{sum(p.baseline_score is not None for p in plan.pillars)} trụ cột có điểm; {seconds:.2f} s "
            f"(mục tiêu {GOAL_SECONDS:.0f} s)"
        )
        counted = bool(shutil.which("soffice") or shutil.which("libreoffice"))  # else the count is an estimate
        if args.check and (seconds > GOAL_SECONDS or (counted and n_pages < 50) or len(plan.indicators) != 56):
            print("KHÔNG ĐẠT mục tiêu", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
