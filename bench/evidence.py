"""Benchmark the data call with evidence files (the goal, issue #34: 30 agencies with 10 evidence files each, 300
files and about 300 MB, packed in under 30 s, with memory that does not follow the files' sizes).

    python bench/evidence.py            # 30 folders × 10 files of ~1 MB; prints wall time and peak memory
    python bench/evidence.py --check    # exit 1 when a goal is missed (CI)
    python bench/evidence.py --mb 3     # files three times larger: the peak memory should not move

The inputs are the demo plan's data-call workbooks plus 30 agency folders of scans (JPEG pictures, each made
unique); the whole `consolidate` runs in a fresh process, so the peak memory is the run's own (the largest of the
run's process and its reader workers).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

PERIOD = "2025-DL"
GOAL_SECONDS, GOAL_MB = 30.0, 400.0


def _plan():
    from pii_excel.plan.periods import make_period
    from pii_excel.sample.demo import demo_plan

    plan = demo_plan()
    plan.periods.append(make_period(PERIOD, date(2025, 7, 31)))
    return plan


def make_inputs(folder: Path, agencies: int, files: int, mb: float) -> tuple[Path, int]:
    from PIL import Image

    from pii_excel.sample.demo import sample_inputs

    plan = _plan()
    inputs, _ = sample_inputs(plan, PERIOD, folder, quirks=False)
    codes = [a.code for a in plan.agencies if not a.is_group]
    rng = random.Random(7)
    side = int(900 * mb**0.5)  # a noisy picture of this side is about `mb` MB as a JPEG at quality 95
    bases = []
    for _ in range(files):
        noise = rng.randbytes(side * side * 3)
        out = io.BytesIO()
        Image.frombytes("RGB", (side, side), noise).save(out, "JPEG", quality=95)
        bases.append(out.getvalue())
    total = 0
    for a in range(agencies):
        target = inputs / f"{codes[a % len(codes)]} dot {a // len(codes) + 1}"
        target.mkdir(exist_ok=True)
        for n, base in enumerate(bases):
            data = base + f"{a:03d}-{n:03d}".encode()  # bytes after the picture's end: each file unique
            (target / f"2.2.1 - ảnh {n + 1:02d}.jpg").write_bytes(data)
            total += len(data)
    return inputs, total


def _run_once(inputs: str, out: str) -> None:
    from pii_excel.pipeline import consolidate

    start = time.perf_counter()
    run = consolidate(_plan(), PERIOD, Path(inputs), Path(out), now=datetime(2025, 7, 25, 9))
    wall = time.perf_counter() - start
    stored = sum(1 for e in run.model.intake.evidence if e.stored_as)
    # the run's own peak and its reader workers' (each counted from this lean process, not the one making inputs)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"wall": wall, "stored": stored, "evidence": len(run.model.intake.evidence), "peak_kb": peak}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--check", action="store_true", help="exit 1 when the time or memory goal is missed")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_once(*args.child)
        return 0
    if args.make:
        inputs, total = make_inputs(Path(args.make), args.agencies, args.files, args.mb)
        print(json.dumps({"inputs": str(inputs), "total": total}))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        # the inputs are made in a process of their own: a child's peak memory counts from the size of the process
        # it was forked from (Linux keeps ru_maxrss across exec), and making pictures is not the run's memory
        made = subprocess.run(
            [
                sys.executable,
                __file__,
                "--make",
                tmp,
                "--agencies",
                str(args.agencies),
                "--files",
                str(args.files),
                "--mb",
                str(args.mb),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if made.returncode != 0:
            print(made.stderr, file=sys.stderr)
            return 1
        facts = json.loads(made.stdout.strip().splitlines()[-1])
        inputs, total = Path(facts["inputs"]), facts["total"]
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(inputs), str(Path(tmp) / "out")],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        result = json.loads(child.stdout.strip().splitlines()[-1])
    peak_mb = result["peak_kb"] / 1024
    wanted = args.agencies * args.files
    print(
        f"minh chứng: {args.agencies} thư mục × {args.files} tệp ({total / 1e6:.0f} MB), {result['stored']} tệp "
        f"được lưu — {result['wall']:.1f} s, bộ nhớ đỉnh {peak_mb:.0f} MB (mục tiêu: dưới {GOAL_SECONDS:g} s, "
        f"{GOAL_MB:g} MB)"
    )
    missed = result["wall"] > GOAL_SECONDS or peak_mb > GOAL_MB or result["stored"] < wanted
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
