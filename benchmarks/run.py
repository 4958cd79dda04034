#!/usr/bin/env python3
"""Benchmark npl-tui against a minimal Textual app, in a real terminal (tmux).

Measured as a person sees it, by ../shared/tools/tui_probe.py (tmux capture-pane
polling every ~5 ms):

- time to data: process start until a ratio such as "1.50%" is on screen;
- drill-down: from Enter on a province (npl-tui: Guangdong, top of the provinces pane;
  minimal app: a table row) until the breadcrumb "China › …" is painted;
- peak resident memory of the process tree;
- idle cost: bytes written to the terminal and CPU % over a quiet period (last run,
  after the drill-down and 3 s of settling).

Runs alternate between the two apps (A B A B …) so that machine noise hits both
alike; medians over --runs runs. Prints a Markdown table and writes JSON to
benchmarks/results/latest.json.

    python3 benchmarks/run.py --runs 7
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_PROBE = REPO.parent / "shared" / "tools" / "tui_probe.py"
READY = r"[0-9]\.[0-9]{2} ?%"
# Wait until the announcements table is filled (F12: an unbound key; a bare Esc would
# merge with the next key into alt+2), focus the provinces
# pane (2) and wait until the footer offers "Open province" (the app is idle again),
# then time Enter on its top row (Guangdong) until the breadcrumb is painted.
NPL_STEPS = ["F12=Status/Buyer", "2=Open province", r"Enter=China › Guangdong"]
MINIMAL_STEPS = [r"Enter=China › Zhejiang"]


def probe(probe_path: Path, cmd: list[str], steps: list[str], cols: int, rows: int, idle: float) -> dict:
    # Idle is measured after 3 s of settling: deferred fills and the first frames
    # after a drill-down are work the user asked for, not idle cost.
    args = [sys.executable, str(probe_path), "--cols", str(cols), "--rows", str(rows), "--runs", "1",
            "--timeout", "20", "--ready", READY, "--settle", "3" if idle else "0.2"]
    for s in steps:
        args += ["--step", s]
    if idle:
        args += ["--idle", str(idle)]
    out = subprocess.run(args + ["--", *cmd], capture_output=True, text=True, timeout=120)
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "{}"
    return json.loads(line)


def machine(python: str) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [python, "-c", "import platform, textual; print(platform.python_version(), textual.__version__)"],
        capture_output=True, text=True,
    ).stdout.split()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": versions[0] if versions else "?",
        "textual": versions[1] if len(versions) > 1 else "?",
        "os": platform.platform(),
    }


def med(values: list[float | None]) -> float | None:
    ok = [v for v in values if v is not None]
    return round(statistics.median(ok), 4) if ok else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--idle", type=float, default=10.0, help="seconds of idle measurement on the last run")
    ap.add_argument("--probe", type=Path, default=DEFAULT_PROBE)
    ap.add_argument("--npl-tui", default=str(REPO / ".venv" / "bin" / "npl-tui"))
    args = ap.parse_args()
    if not args.probe.exists():
        print(f"benchmark: {args.probe}: tui_probe.py not found (pass --probe)", file=sys.stderr)
        return 1
    python = str(Path(args.npl_tui).parent / "python")
    apps = {
        "minimal Textual app": ([python, str(HERE / "minimal_app.py")], MINIMAL_STEPS),
        "npl-tui": ([args.npl_tui], NPL_STEPS),
    }
    results: dict[str, list[dict]] = {name: [] for name in apps}
    for i in range(args.runs):
        for name, (cmd, steps) in apps.items():
            idle = args.idle if i == args.runs - 1 else 0.0
            results[name].append(probe(args.probe, cmd, steps, args.cols, args.rows, idle))
            print(f"run {i + 1}/{args.runs} {name}: ready {results[name][-1].get('ready_s')} steps {results[name][-1].get('steps_median_s')}", file=sys.stderr)
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "ready_s": [r.get("ready_median_s") for r in runs],
            "ready_median_s": med([r.get("ready_median_s") for r in runs]),
            "drill_median_s": med([(r.get("steps_median_s") or [None])[-1] for r in runs]),
            "peak_rss_mb": max((r.get("peak_rss_mb_max") or 0) for r in runs),
            "idle_bytes": runs[-1].get("idle_bytes"),
            "idle_cpu_pct": runs[-1].get("idle_cpu_pct"),
            "ok_runs": sum(r.get("ok_runs", 0) for r in runs),
        }
    base, ours = summary["minimal Textual app"], summary["npl-tui"]
    ratio = round(ours["ready_median_s"] / base["ready_median_s"], 2) if ours["ready_median_s"] and base["ready_median_s"] else None
    doc = {"machine": machine(python), "size": f"{args.cols}x{args.rows}", "runs": args.runs, "summary": summary, "time_to_data_ratio": ratio}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(doc, indent=2) + "\n")
    print(f"| measure ({args.cols}x{args.rows}, median of {args.runs}) | minimal Textual app | npl-tui | target |")
    print("|---|---|---|---|")
    print(f"| time to data (s) | {base['ready_median_s']} | {ours['ready_median_s']} | ≤ 1.5× minimal (is {ratio}×) |")
    print(f"| drill-down key → painted screen (s) | {base['drill_median_s']} | {ours['drill_median_s']} | ≤ 0.050 |")
    print(f"| peak memory (MB) | {base['peak_rss_mb']} | {ours['peak_rss_mb']} | ≤ 100 |")
    print(f"| idle: bytes to terminal / CPU % over {args.idle:g} s | {base['idle_bytes']} / {base['idle_cpu_pct']} | {ours['idle_bytes']} / {ours['idle_cpu_pct']} | 0 bytes |")
    print(f"machine: {doc['machine']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
