"""Benchmark `results import` on a full publication: every indicator, group and pillar of the province and every
other ranked province's rows (the goal, issue #32: 34 provinces × 52 indicators plus aggregates in under 2 s and
200 MB).

    python bench/results_import.py            # 34 provinces, 52 indicators; prints wall time and peak memory
    python bench/results_import.py --check    # exit 1 when a goal is missed (CI)

The workbook is made from the real `results template` and filled with openpyxl as staff would paste it; the import
runs in a fresh process (its guarded worker included) so the peak memory is the import's own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAN = "pii-2024-bac-giang"
GOAL_SECONDS, GOAL_MB = 2.0, 200.0


def make_workbook(folder: Path, provinces: int, indicators: int) -> Path:
    """A results workbook of a 2025 edition for the PII plan: `indicators` indicators (the plan's, then typed
    ones), 18 groups, 7 pillars, input, output, the index, and `provinces - 1` other provinces' rows for each."""
    import openpyxl

    from pii_excel.index.service import write_template
    from pii_excel.index.workbook import SHEET_AGGREGATES, SHEET_INDICATORS, SHEET_INFO, SHEET_OTHERS
    from pii_excel.plan import load_plan

    plan = load_plan(PLAN)
    path = write_template(plan, 2025, folder / "ket-qua-pii-2025.xlsx")
    wb = openpyxl.load_workbook(path)
    info = wb[SHEET_INFO]
    for row in info.iter_rows(min_row=2):
        if row[0].value == "Số tỉnh, thành phố được xếp hạng":
            row[1].value = provinces
    ws = wb[SHEET_INDICATORS]
    codes: list[str] = []
    pillar_groups = {p: [f"{p}.{g}" for g in range(1, 4)] for p in range(1, 8)}
    groups = [g for gs in pillar_groups.values() for g in gs][:18]
    for n in range(indicators):
        group = groups[n % len(groups)]
        codes.append(f"{group}.{n // len(groups) + 1}")
    known = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    free = iter(r for r in range(2, ws.max_row + 1) if not ws.cell(r, 1).value)
    for code in codes:
        r = known.get(code) or next(free)
        ws.cell(r, 1, code)
        ws.cell(r, 2, f"Chỉ số {code}")
        ws.cell(r, 6, 5.0)
        ws.cell(r, 7, 0.0)
        ws.cell(r, 8, 10.0)
        ws.cell(r, 9, 50.0)
        ws.cell(r, 10, 10)
    aggs = wb[SHEET_AGGREGATES]
    for r in range(2, aggs.max_row + 1):
        if aggs.cell(r, 2).value:
            aggs.cell(r, 4, 50.0)
            aggs.cell(r, 5, 10)
    others = wb[SHEET_OTHERS]
    every = codes + groups + [str(p) for p in range(1, 8)] + ["ĐV", "ĐR", "PII"]
    row = 2
    for p in range(provinces - 1):
        for code in every:
            others.cell(row, 1, f"Tỉnh {p + 1:02d}")
            others.cell(row, 2, "Đồng bằng sông Hồng")
            others.cell(row, 3, code)
            others.cell(row, 5, 40.0 + (p % 20))
            others.cell(row, 6, p + 1 if p < 9 else p + 2)
            row += 1
    wb.save(path)
    return path


def _import_once(path: str, out: str) -> None:
    """Child process: import and print wall time and what was stored."""
    from pii_excel.index.service import import_results
    from pii_excel.plan import load_plan

    plan = load_plan(PLAN)
    start = time.perf_counter()
    done = import_results(plan, Path(path), Path(out), force=True)
    wall = time.perf_counter() - start
    rows = len(done.results.others) if done.results else 0
    print(json.dumps({"wall": wall, "stored": done.stored, "others": rows, "findings": len(done.findings)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--indicators", type=int, default=52)
    parser.add_argument("--check", action="store_true", help="exit 1 when the time or memory goal is missed")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _import_once(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_workbook(folder, args.provinces, args.indicators)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(folder / "out")],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        result = json.loads(child.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the child and its worker
    print(
        f"results import: {args.provinces} tỉnh × {args.indicators} chỉ số, {result['others']} dòng các tỉnh khác — "
        f"{result['wall']:.2f} s, bộ nhớ đỉnh {peak_mb:.0f} MB (mục tiêu: dưới {GOAL_SECONDS:g} s, {GOAL_MB:g} MB); "
        f"đã lưu: {result['stored']}"
    )
    missed = result["wall"] > GOAL_SECONDS or peak_mb > GOAL_MB or not result["stored"]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
