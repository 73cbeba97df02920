"""Benchmark consolidation against the floor (unzip + C XML tokenizer) and a plain peer (pandas + openpyxl).

    python bench/bench.py                  # N = 1000
    python bench/bench.py --n 250 1000 4000 --record   # the memory-growth series, written to bench/RESULTS.md
    python bench/bench.py --n 24 --smoke   # CI: tiny N, checks that every phase runs

Each phase runs in its own process, so its wall time and peak RSS are its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
PLAN, PERIOD = "pii-2024-bac-giang", "2024"
NOTE = (
    "Trong kỳ báo cáo, đơn vị đã chủ động phối hợp với các sở, ngành và UBND các huyện, thành phố triển khai "
    "đồng bộ các nhiệm vụ, giải pháp được giao tại Kế hoạch; tổ chức hội nghị quán triệt, tuyên truyền tới cán bộ, "
    "công chức và doanh nghiệp; rà soát, cập nhật cơ sở dữ liệu phục vụ tính toán chỉ số; kết quả cụ thể được "
    "tổng hợp tại báo cáo số {n}/BC ngày 05/12/2024 gửi kèm theo. "
)

# --- making the corpus ----------------------------------------------------------------------------------
_templates: dict = {}


def _init_worker(template_dir: str) -> None:
    from pii_excel.plan import load_plan
    from pii_excel.template.generate import make_templates

    plan = load_plan(PLAN)
    made = make_templates(plan, PERIOD, Path(template_dir) / str(os.getpid()))
    _templates.update(plan=plan, made=made)


def _make_one(args: tuple[int, str]) -> None:
    from pii_excel.sample.answers import complete_answers
    from pii_excel.sample.fill import fill_template, set_saved_time

    i, folder = args
    plan, made = _templates["plan"], _templates["made"]
    m = made[i % len(made)]
    answers = complete_answers(plan, plan.period(PERIOD), m.duties, seed=i)
    answers.info["results"] = (NOTE * 2).format(n=i)
    for code in answers.values:
        answers.notes[code] = NOTE.format(n=i)
    for task_id, (status, result, difficulty) in list(answers.tasks.items())[:8]:
        answers.tasks[task_id] = (status, result + " " + NOTE.format(n=i), difficulty)
    path = fill_template(m.path, Path(folder) / f"{i:05d} {m.duties.agency.code}.xlsx", answers)
    set_saved_time(path, datetime(2024, 12, 1 + i % 14, 3, 0, tzinfo=timezone.utc))


def make_corpus(n: int) -> Path:
    from pii_excel.plan import load_plan
    from pii_excel.plan.fingerprint import plan_fingerprint
    from pii_excel.template.layout import TEMPLATE_VERSION

    # a corpus made from another version of the plan or the templates would only measure rejections
    folder = CACHE / f"n{n}-{plan_fingerprint(load_plan(PLAN))}-v{TEMPLATE_VERSION}"
    if folder.is_dir() and len(list(folder.glob("*.xlsx"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tdir, Pool(os.cpu_count() or 2, _init_worker, (tdir,)) as pool:
        pool.map(_make_one, [(i, str(folder)) for i in range(n)], chunksize=16)
    return folder


# --- phases (each runs in a child process) ---------------------------------------------------------------
def phase_floor(folder: Path) -> None:
    """Unzip each file's parts that intake reads and tokenize them with expat (C); build no objects."""
    import xml.parsers.expat

    for path in sorted(folder.glob("*.xlsx")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith((".xml", ".rels")) and "/theme/" not in name:
                    parser = xml.parsers.expat.ParserCreate()
                    parser.Parse(zf.read(name), True)


def phase_peer(folder: Path) -> None:
    """What a programmer would write without this tool."""
    import pandas as pd

    frames = []
    for path in sorted(folder.glob("*.xlsx")):
        for df in pd.read_excel(path, sheet_name=None, engine="openpyxl").values():
            frames.append(df)
    pd.concat(frames, ignore_index=True)


def phase_intake(folder: Path) -> None:
    from pii_excel.intake.folder import run_intake
    from pii_excel.plan import load_plan

    result = run_intake(load_plan(PLAN), PERIOD, folder)
    assert sum(i.status == "accepted" for i in result.inputs) > 0


def phase_e2e(folder: Path) -> None:
    from pii_excel.cli import main

    with tempfile.TemporaryDirectory() as out:
        try:
            main(["consolidate", PLAN, "--period", PERIOD, "-i", str(folder), "-o", out], standalone_mode=False)
        except SystemExit as exc:
            assert not exc.code, exc.code


def phase_e2e_nocharts(folder: Path) -> None:
    """The same run with the report's two charts left out: what the native charts cost."""
    import pii_excel.report.charts as charts

    charts.pillar_chart = charts.indicator_chart = lambda ev: None  # render_report looks them up at call time
    phase_e2e(folder)


PHASES = {"floor": phase_floor, "peer": phase_peer, "intake": phase_intake, "e2e": phase_e2e,
          "e2e_nocharts": phase_e2e_nocharts}  # fmt: skip
DEFAULT_PHASES = ["floor", "peer", "intake", "e2e"]


def tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (worker processes count too), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def run_phase(name: str, folder: Path) -> dict:
    import resource

    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), "--phase", name, str(folder)], cwd=ROOT)
    peak_kb = 0
    sampling = os.path.isdir("/proc")
    while proc.poll() is None:
        if sampling:
            peak_kb = max(peak_kb, tree_rss_kb(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed (status {proc.returncode})")
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not sampling:
        peak_kb = cpu_after.ru_maxrss
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return {"phase": name, "seconds": seconds, "cpu": cpu, "rss_mb": peak_kb / 1024}


def startup_imports() -> dict[str, list[str]]:
    """Modules that `pii-excel --help` and `plan list` import that they must not (slow start)."""
    heavy = ("pandas", "matplotlib", "docx", "docxtpl", "openpyxl", "xlsxwriter", "numpy")
    found = {}
    for args in (["--help"], ["plan", "list"]):
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pii_excel", *args],
                              capture_output=True, text=True, cwd=ROOT)  # fmt: skip
        modules = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
        found[" ".join(args)] = sorted(m for m in heavy if m in modules)
    return found


def table(n: int, rows: list[dict]) -> str:
    by = {r["phase"]: r for r in rows}
    lines = [f"N = {n} workbooks", "", "| phase | seconds | ms/file | × floor | × faster than peer | peak RSS, all processes (MB) |",
             "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in rows:
        floor, peer = by.get("floor"), by.get("peer")
        ratio = f"{r['seconds'] / floor['seconds']:.2f}" if floor else "—"
        faster = f"{peer['seconds'] / r['seconds']:.1f}" if peer else "—"
        lines.append(f"| {r['phase']} | {r['seconds']:.2f} | {1000 * r['seconds'] / n:.2f} | {ratio} | {faster} | "
                     f"{r['rss_mb']:.0f} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--phases", nargs="+", default=DEFAULT_PHASES, choices=list(PHASES))
    ap.add_argument("--record", action="store_true", help="write the tables to bench/RESULTS.md")
    ap.add_argument("--smoke", action="store_true", help="tiny run for CI: every phase must run")
    ap.add_argument("--phase", nargs=2, metavar=("NAME", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        PHASES[args.phase[0]](Path(args.phase[1]))
        return
    sections = []
    for n in args.n:
        folder = make_corpus(n)
        rows = [run_phase(p, folder) for p in args.phases]
        text = table(n, rows)
        print(text, "\n", flush=True)
        sections.append((n, text, rows))
    imports = startup_imports()
    print("Heavy modules imported at start-up:", json.dumps(imports, ensure_ascii=False))
    if args.smoke:
        assert not any(imports.values()), imports
        return
    if args.record:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        header = [
            "# Benchmark results",
            "",
            f"Measured on commit `{commit.stdout.strip()}` on {datetime.now():%Y-%m-%d}, "
            f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, "
            "with `python bench/bench.py --n " + " ".join(map(str, args.n)) + " --record`.",
            "",
            "floor = unzip the parts intake reads and tokenize them with expat (C), no objects built; "
            'peer = `pandas.read_excel(engine="openpyxl", sheet_name=None)` on every file, concatenated; '
            "intake = reading, identification and every check; e2e = `pii-excel consolidate` (intake, evaluation, "
            "summary workbook, report, feedback, run.json).",
            "",
        ]
        body = [text + "\n" for _, text, _ in sections]
        footer = ["Heavy modules imported by `pii-excel --help` and `pii-excel plan list`: "
                  + json.dumps(imports, ensure_ascii=False)]  # fmt: skip
        (HERE / "RESULTS.md").write_text("\n".join(header + body + footer) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
