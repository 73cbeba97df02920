"""What the report's native charts cost in a realistic run, against the same run without them.

    python bench/report_cost.py            # 12 and 30 files, 5 alternating runs each, median; prints the table
    python bench/report_cost.py --record   # also writes bench/REPORT_COST.md

12 files is one period of the built-in plan (one file per agency); 30 adds resubmissions, as a period with
corrections sends. Goal: the run with charts within 1.25× the run without (wall and CPU time).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
from datetime import datetime

from bench import HERE, ROOT, make_corpus, run_phase

GOAL = 1.25


def measure(n: int, repeats: int) -> dict[str, dict[str, float]]:
    folder = make_corpus(n)
    runs: dict[str, list[dict]] = {"e2e": [], "e2e_nocharts": []}
    for i in range(repeats):  # alternate, so a slow moment of a shared machine hits both
        for name in ("e2e", "e2e_nocharts") if i % 2 == 0 else ("e2e_nocharts", "e2e"):
            runs[name].append(run_phase(name, folder))
    return {
        name: {key: statistics.median(r[key] for r in rows) for key in ("seconds", "cpu", "rss_mb")}
        for name, rows in runs.items()
    }


def table(results: dict[int, dict[str, dict[str, float]]]) -> str:
    lines = [
        "| files | wall, charts (s) | wall, no charts (s) | × | CPU, charts (s) | CPU, no charts (s) | × | "
        "peak RSS, charts / none (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, r in results.items():
        on, off = r["e2e"], r["e2e_nocharts"]
        lines.append(
            f"| {n} | {on['seconds']:.2f} | {off['seconds']:.2f} | {on['seconds'] / off['seconds']:.2f} | "
            f"{on['cpu']:.2f} | {off['cpu']:.2f} | {on['cpu'] / off['cpu']:.2f} | "
            f"{on['rss_mb']:.0f} / {off['rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[12, 30])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    results = {n: measure(n, args.repeats) for n in args.n}
    text = table(results)
    print(text)
    worst = max(max(r["e2e"][k] / r["e2e_nocharts"][k] for k in ("seconds", "cpu")) for r in results.values())
    verdict = f"Goal: within {GOAL}× — {'met' if worst <= GOAL else 'NOT met'} (worst {worst:.2f}×)."
    print(verdict)
    if args.record:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        (HERE / "REPORT_COST.md").write_text(
            "# The report's native charts: cost in a realistic run\n\n"
            f"Measured on commit `{commit.stdout.strip()}` on {datetime.now():%Y-%m-%d}, {platform.machine()} with "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, with `python bench/report_cost.py --record`: "
            f"`pii-excel consolidate` end to end, medians of {args.repeats} alternating runs per column, each run in "
            "its own process; CPU time includes worker processes. Before (matplotlib pictures): charts were ~70 % "
            "of a 12-file run (≈ 1.1 s and 107 MB against ≈ 0.42 s and 48 MB without).\n\n"
            f"{text}\n\n{verdict}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
