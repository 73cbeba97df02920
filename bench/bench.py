"""Benchmark consolidation against the reader it is built on and against plain pandas scripts.

    python bench/bench.py                                   # N = 1000, 5 rounds
    python bench/bench.py --n 800 4000 --record             # the series in bench/RESULTS.md
    python bench/bench.py --n 800 --agencies 200            # 200 distinct agencies, 4 files each
    python bench/bench.py --n 24 --smoke                    # CI: tiny N, one round, every phase must run

Each phase runs in its own process (its worker processes included), and reports wall time, CPU time (its own and
its children's: a pooled intake is charged for every core it uses) and peak resident memory of the process tree.
Phases run in rotating order for `--rounds` rounds and the medians are reported, so a busy moment on a shared
machine moves one sample, not the result.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
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


def _init_worker(plan, made) -> None:
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


def bench_plan(agencies: int | None):
    """The built-in plan (its 12 reporting agencies: a large N is mostly superseded copies, which is what memory
    must not grow with), or a plan with `agencies` distinct agencies (every file counts: end to end at scale)."""
    from pii_excel.plan import load_plan

    if agencies is None:
        return load_plan(PLAN)
    from bench_plan import many_agencies_plan

    return many_agencies_plan(agencies)


def plan_ref(folder: Path) -> str:
    """The plan a corpus was made for: a plan file beside the folder, else the built-in plan."""
    sidecar = folder.parent / f"{folder.name}.plan.json"
    return str(sidecar) if sidecar.exists() else PLAN


def make_corpus(n: int, agencies: int | None = None) -> Path:
    from pii_excel.plan.fingerprint import plan_fingerprint
    from pii_excel.plan.serialize import plan_to_dict
    from pii_excel.template.generate import make_templates
    from pii_excel.template.layout import TEMPLATE_VERSION

    plan = bench_plan(agencies)
    # a corpus made from another version of the plan or the templates would only measure rejections
    folder = CACHE / f"n{n}-a{agencies or 'builtin'}-{plan_fingerprint(plan)}-v{TEMPLATE_VERSION}"
    if folder.is_dir() and len(list(folder.glob("*.xlsx"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if agencies is not None:
        sidecar = folder.parent / f"{folder.name}.plan.json"
        sidecar.write_text(json.dumps(plan_to_dict(plan), ensure_ascii=False), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tdir:
        made = make_templates(plan, PERIOD, Path(tdir))
        with Pool(os.cpu_count() or 2, _init_worker, (plan, made)) as pool:
            pool.map(_make_one, [(i, str(folder)) for i in range(n)], chunksize=16)
    return folder


# --- the phases -------------------------------------------------------------------------------------------------
def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.xlsx"))


def phase_floor(folder: Path) -> None:
    """Unzip each file's parts that intake reads and tokenize them with expat (C); build no objects."""
    import xml.parsers.expat

    for path in _files(folder):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith((".xml", ".rels")) and "/theme/" not in name:
                    parser = xml.parsers.expat.ParserCreate()
                    parser.Parse(zf.read(name), True)


def phase_calamine(folder: Path) -> None:
    """The reader intake is built on, values only: every sheet of every file as Python values."""
    from python_calamine import CalamineWorkbook

    for path in _files(folder):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()


def _pandas(folder: Path, engine: str) -> None:
    """Every sheet of every file read, and the sheets of one name concatenated. `header=None`: a template's first
    rows are its title, which differs from agency to agency; taken as column names, concatenating 800 files
    builds a frame of thousands of columns and spends minutes in `concat` (measuring that, not reading, made this
    peer look ten times slower than it is)."""
    import pandas as pd

    by_sheet: dict[str, list] = {}
    for path in _files(folder):
        for name, frame in pd.read_excel(path, sheet_name=None, header=None, engine=engine).items():
            by_sheet.setdefault(name, []).append(frame)
    for frames in by_sheet.values():
        pd.concat(frames, ignore_index=True)


def phase_pandas_calamine(folder: Path) -> None:
    """What a programmer would write without this tool, with pandas' fastest engine: read and concatenate."""
    _pandas(folder, "calamine")


def phase_pandas_openpyxl(folder: Path) -> None:
    """The same with pandas' default engine."""
    _pandas(folder, "openpyxl")


def phase_intake_1p(folder: Path) -> None:
    """`run_intake` in this one process (`jobs=0`): every file identified and checked, the files whose contents
    are used read in full — intake's own cost, without the worker processes'."""
    from pii_excel.intake.folder import run_intake
    from pii_excel.plan import load_plan

    result = run_intake(load_plan(plan_ref(folder)), PERIOD, folder, jobs=0)
    assert all(i.status in ("accepted", "superseded") for i in result.inputs), "a corpus file was refused"


def phase_intake(folder: Path) -> None:
    """`run_intake` as consolidate runs it: supervised worker processes, the newest file per agency kept."""
    from pii_excel.intake.folder import run_intake
    from pii_excel.plan import load_plan

    result = run_intake(load_plan(plan_ref(folder)), PERIOD, folder)
    assert sum(i.status == "accepted" for i in result.inputs) > 0


def phase_e2e(folder: Path) -> None:
    from pii_excel.cli import main

    with tempfile.TemporaryDirectory() as out:
        try:
            main(
                ["consolidate", plan_ref(folder), "--period", PERIOD, "-i", str(folder), "-o", out],
                standalone_mode=False,
            )
        except SystemExit as exc:
            assert not exc.code, exc.code


def phase_e2e_nocharts(folder: Path) -> None:
    """The same run with the report's two charts left out: what the native charts cost."""
    import pii_excel.report.charts as charts

    charts.pillar_chart = charts.indicator_chart = lambda ev: None  # render_report looks them up at call time
    phase_e2e(folder)


PHASES = {
    "floor": phase_floor,
    "calamine": phase_calamine,
    "intake_1p": phase_intake_1p,
    "intake": phase_intake,
    "pandas_calamine": phase_pandas_calamine,
    "pandas_openpyxl": phase_pandas_openpyxl,
    "e2e": phase_e2e,
    "e2e_nocharts": phase_e2e_nocharts,
}
DEFAULT_PHASES = ["floor", "calamine", "intake_1p", "intake", "pandas_calamine", "pandas_openpyxl", "e2e"]


def tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants (worker processes count too), from /proc: the sum of
    their RSS, and of their PSS (proportional set size), which charges a page shared by forked workers once
    instead of once per process."""
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
    return sum(rss.get(pid, 0) for pid in tree), sum(_pss_kb(pid) for pid in tree)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
    except (OSError, ValueError, IndexError):
        return 0


def run_phase(name: str, folder: Path) -> dict:
    import resource

    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), "--phase", name, str(folder)], cwd=ROOT)
    peak_kb = peak_pss_kb = 0
    sampling = os.path.isdir("/proc")
    while proc.poll() is None:
        if sampling:
            rss_kb, pss_kb = tree_memory_kb(proc.pid)
            peak_kb, peak_pss_kb = max(peak_kb, rss_kb), max(peak_pss_kb, pss_kb)
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed (status {proc.returncode})")
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not sampling:
        peak_kb = cpu_after.ru_maxrss
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return {"phase": name, "seconds": seconds, "cpu": cpu, "rss_mb": peak_kb / 1024, "pss_mb": peak_pss_kb / 1024}


def startup_imports() -> dict[str, list[str]]:
    """Modules that `pii-excel --help` and `plan list` import that they must not (slow start)."""
    heavy = ("pandas", "matplotlib", "docx", "docxtpl", "openpyxl", "xlsxwriter", "numpy")
    found = {}
    for args in (["--help"], ["plan", "list"]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "pii_excel", *args], capture_output=True, text=True, cwd=ROOT
        )
        modules = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
        found[" ".join(args)] = sorted(m for m in heavy if m in modules)
    return found


def _median(values: list[float]) -> float:
    return statistics.median(values)


SLOW_PHASES = ("pandas_calamine", "pandas_openpyxl")  # minutes each at N = 800: `--slow-rounds` may run fewer


def measure(n: int, folder: Path, phases: list[str], rounds: int, slow_rounds: int | None = None) -> list[dict]:
    """Every phase `rounds` times (the pandas phases `slow_rounds` times), the order rotated each round; medians of
    wall and CPU time, the highest peak."""
    samples: dict[str, list[dict]] = {p: [] for p in phases}
    for r in range(rounds):
        order = phases[r % len(phases) :] + phases[: r % len(phases)]
        for name in order:
            if name in SLOW_PHASES and slow_rounds is not None and r >= slow_rounds:
                continue
            samples[name].append(run_phase(name, folder))
    return [
        {
            "phase": name,
            "seconds": _median([x["seconds"] for x in got]),
            "cpu": _median([x["cpu"] for x in got]),
            "rss_mb": max(x["rss_mb"] for x in got),
            "pss_mb": max(x["pss_mb"] for x in got),
            "rounds": len(got),
        }
        for name, got in samples.items()
    ]


def table(n: int, label: str, rows: list[dict]) -> str:
    by = {r["phase"]: r for r in rows}
    reader = by.get("calamine")
    most, least = max(r["rounds"] for r in rows), min(r["rounds"] for r in rows)
    fewer = f" (pandas phases: {least})" if least != most else ""
    lines = [
        f"N = {n} workbooks, {label}; medians of {most} rounds{fewer}",
        "",
        "| phase | wall (s) | CPU (s) | CPU ms/file | CPU × calamine | peak RSS, process tree (MB) "
        "| peak PSS, process tree (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r['cpu'] / reader['cpu']:.2f}" if reader and reader["cpu"] else "—"
        lines.append(
            f"| {r['phase']} | {r['seconds']:.2f} | {r['cpu']:.2f} | {1000 * r['cpu'] / n:.2f} | {ratio} | "
            f"{r['rss_mb']:.0f} | {r['pss_mb']:.0f} |"
        )
    return "\n".join(lines)


def goals(sections: list[tuple[int, str, list[dict]]], startup: dict[str, float]) -> str:
    """The issue's goals, each with what was measured (CPU time; the reader = python-calamine, values only)."""
    lines = ["| goal | measured | met |", "|---|---|---|"]

    def row(goal: str, value: float | None, limit: float, shown: str, at_most: bool = True) -> None:
        if value is None:
            return
        ok = value <= limit if at_most else value >= limit
        lines.append(f"| {goal} | {shown} | {'yes' if ok else 'no'} |")

    for n, label, rows in sections:
        by = {r["phase"]: r for r in rows}
        reader = by.get("calamine", {}).get("cpu")
        if not reader:
            continue
        for phase in ("intake_1p", "intake"):
            if phase in by:
                x = by[phase]["cpu"] / reader
                row(f"{phase} CPU ≤ 2× the reader (N = {n}, {label})", x, 2.0, f"{x:.2f}×")
        if "e2e" in by:
            x = by["e2e"]["cpu"] / reader
            row(f"end to end CPU ≤ 2.75× the reader (N = {n}, {label})", x, 2.75, f"{x:.2f}×")
            if "pandas_calamine" in by:
                y = by["pandas_calamine"]["cpu"] / by["e2e"]["cpu"]
                row(
                    f"end to end ≥ 1.25× faster than pandas + calamine (N = {n}, {label})",
                    y,
                    1.25,
                    f"{y:.2f}×",
                    at_most=False,
                )
        if n >= 4000:
            for phase, limit in (("intake", 100), ("e2e", 150)):
                if phase in by:
                    row(
                        f"peak RSS of {phase} ≤ {limit} MB (N = {n}, {label})",
                        by[phase]["rss_mb"],
                        limit,
                        f"{by[phase]['rss_mb']:.0f} MB (PSS {by[phase]['pss_mb']:.0f} MB)",
                    )
    bare = startup.get("python -c pass")
    for command, ms in startup.items():
        if command != "python -c pass":
            shown = f"{ms:.0f} ms (the interpreter alone: {bare:.0f} ms)" if bare else f"{ms:.0f} ms"
            row(f"start-up of `pii-excel {command}` < 150 ms wall", ms, 150, shown)
    return "\n".join(lines)


def startup_ms(rounds: int = 5) -> dict[str, float]:
    """Median wall time of the commands people type most, in a fresh interpreter each time, as an installed copy
    runs: with its compiled bytecode (a first run writes it, as pip does at install; an environment that forbids
    writing it would measure compiling every module instead). The bare interpreter is measured too: its start-up
    (site packages, .pth hooks of the machine) is not the tool's."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "python -c pass": ["-c", "pass"],
        "--help": ["-m", "pii_excel", "--help"],
        "plan list": ["-m", "pii_excel", "plan", "list"],
        "plan show " + PLAN: ["-m", "pii_excel", "plan", "show", PLAN],
    }
    found = {}
    for name, args in commands.items():
        subprocess.run([sys.executable, *args], capture_output=True, cwd=ROOT, check=True, env=env)  # bytecode
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], capture_output=True, cwd=ROOT, check=True, env=env)
            times.append(1000 * (time.perf_counter() - start))
        found[name] = _median(times)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument(
        "--agencies", type=int, default=None, help="distinct agencies in the corpus (default: the built-in plan's 12)"
    )
    ap.add_argument("--phases", nargs="+", default=DEFAULT_PHASES, choices=list(PHASES))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--slow-rounds", type=int, default=None, help="rounds of the pandas phases (default: --rounds)")
    ap.add_argument("--record", action="store_true", help="write the tables to bench/RESULTS.md")
    ap.add_argument("--smoke", action="store_true", help="tiny run for CI: every phase must run")
    ap.add_argument("--phase", nargs=2, metavar=("NAME", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        PHASES[args.phase[0]](Path(args.phase[1]))
        return
    rounds = 1 if args.smoke else args.rounds
    label = f"{args.agencies} distinct agencies" if args.agencies else "12 agencies (mostly superseded copies)"
    sections = []
    for n in args.n:
        folder = make_corpus(n, args.agencies)
        rows = measure(n, folder, args.phases, rounds, None if args.smoke else args.slow_rounds)
        text = table(n, label, rows)
        print(text, "\n", flush=True)
        sections.append((n, label, rows))
    imports = startup_imports()
    print("Heavy modules imported at start-up:", json.dumps(imports, ensure_ascii=False))
    if args.smoke:
        assert not any(imports.values()), imports
        return
    startup = startup_ms()
    summary = goals(sections, startup)
    print(summary)
    if args.record:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        command = "python bench/bench.py --n " + " ".join(map(str, args.n))
        command += f" --agencies {args.agencies}" if args.agencies else ""
        header = [
            "# Benchmark results",
            "",
            f"Measured on commit `{commit.stdout.strip()}` on {datetime.now():%Y-%m-%d}, "
            f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"with `{command} --rounds {rounds}"
            + (f" --slow-rounds {args.slow_rounds}" if args.slow_rounds is not None else "")
            + " --record`.",
            "",
            "floor = unzip the parts intake reads and tokenize them with expat (C), no objects built; calamine = "
            "python-calamine reading every sheet's values (the reader intake is built on); intake_1p = `run_intake` "
            "in one process (`jobs=0`: every file identified and checked, the ones whose contents are used read in "
            "full); intake = `run_intake` with its worker processes; pandas_* = `pandas.read_excel(sheet_name=None, header=None)` on every file with that engine, "
            "the sheets of one name concatenated (a script that only reads); e2e = `pii-excel consolidate` (intake, evaluation, summary "
            "workbook, report, corrections, run.json). CPU counts every process of the phase.",
            "",
        ]
        body = [table(n, lab, rows) + "\n" for n, lab, rows in sections]
        footer = [
            "## Against the goals",
            "",
            summary,
            "",
            "Heavy modules imported by `pii-excel --help` and `pii-excel plan list`: "
            + json.dumps(imports, ensure_ascii=False),
        ]
        (HERE / "RESULTS.md").write_text("\n".join(header + body + footer) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
