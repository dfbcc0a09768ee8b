"""Shared helpers for the benchmarks: timing with medians, and generated tenders."""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

WORDS = ["community", "residents", "service", "outcomes", "partnership", "local", "support", "referral", "wellbeing", "evidence", "staff", "volunteers", "training", "measured", "quarterly", "improvement", "engagement", "commissioner", "plan", "delivery", "health", "groups", "people", "borough", "programme", "network", "quality", "standards", "recruited", "supervised"]


def text(rng: random.Random, chars: int) -> str:
    out, n = [], 0
    while n < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
        out.append(sentence)
        n += len(sentence) + 1
    return " ".join(out)


def median_time(fn: Callable[[], object], repeats: int = 5, setup: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def use_temp_data_dir(folder: Path) -> None:
    os.environ["SVI_DATA_DIR"] = str(folder / "data")
