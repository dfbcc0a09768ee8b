"""Every attack in the hostile corpus, counted per family: tried, handled, failed; and how long the longest
hostile export took (a 1 MB token must print within 10 s).

    .venv/bin/python -m bench.hostile

The cases are tests/helpers/hostile.py, the same ones the test suite runs; here they are counted, timed and
written to bench/out/hostile.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="svi-hostile-") as tmp:
        from bench.common import use_temp_data_dir

        use_temp_data_dir(Path(tmp))
        from tests.helpers import hostile

        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        failures: list[str] = []
        timings: dict[str, float] = {}
        for i, case in enumerate(hostile.CASES):
            start = time.perf_counter()
            outcome = hostile.run(case, Path(tmp) / f"case-{i}")
            timings[f"{case.family}: {case.name}"] = round(time.perf_counter() - start, 2)
            tried, handled, failed = counts[case.family]
            counts[case.family] = [tried + 1, handled + (outcome is None), failed + (outcome is not None)]
            if outcome is not None:
                failures.append(f"{case.family}: {case.name}: {outcome}")
    width = max(len(f) for f in counts)
    print(f"{'family':<{width}}  tried  handled  failed")
    for family, (tried, handled, failed) in counts.items():
        print(f"{family:<{width}}  {tried:>5}  {handled:>7}  {failed:>6}")
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    print(f"{'all':<{width}}  {total[0]:>5}  {total[1]:>7}  {total[2]:>6}")
    longest = max(timings, key=timings.__getitem__)
    print(f"slowest case: {longest} ({timings[longest]} s, including making its files)")
    long_text = timings["long text: a 1 MB response and rationale without a space"]
    print(f"exports of a 1 MB unbroken token (report, summaries, workbook): {long_text} s (target 10 s)")
    for f in failures:
        print(f"FAILED {f}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "hostile.json").write_text(json.dumps({"families": counts, "failures": failures, "seconds": timings},
                                                 indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
