"""Whole-process timing shared by the benchmark scripts: one warm-up run, then N timed runs."""

from __future__ import annotations

import subprocess
import time


def measure(command: list[str], runs: int) -> list[float]:
    """Wall times in seconds of `runs` fresh processes running `command` (after one warm-up run)."""
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times
