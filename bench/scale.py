"""How the figures people wait for grow with the size of a tender: 50, 100, 200, 400 and 800 bids (20 criteria,
10 evaluators), each measured in its own process; then the same tender put in 5 lots (bench/probe_lots.py: the window, the completeness check, the notice and one lot's summaries); last, the evidence screens (bench/screens.py) on a
tender of that many bids with planted copies, the same with one response of 200,000 characters, and one whose every
response is drawn from 30 words (the worst cases of issue 33), with their substantiation hints. Run by `python -m bench --scale`; written to bench/results.json
under "scale", with each figure's growth from 200 to 800 bids (linear growth is 4x; the target is at most 4.5x).

    .venv/bin/python -m bench --scale [--sizes 50,100,200,400,800]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (50, 100, 200, 400, 800)
FIGURES = (("open_s", "open to interactive (s)"), ("results_after_change_s", "results after a score change (s)"),
           ("key_p95_ms", "score key press to committed, p95 (ms)"), ("workbook_s", "workbook (s)"),
           ("report_s", "PDF report (s)"), ("summaries_s", "assessment summaries, all (s)"),
           ("lots_gui_thread_s", "in 5 lots: window's thread, score change (s)"),
           ("lots_allocation_shown_s", "in 5 lots: allocation shown (s)"),
           ("lots_check_s", "in 5 lots: completeness check (s)"),
           ("lots_notice_s", "in 5 lots: award notice, every lot (s)"),
           ("lots_summaries_lot1_s", "in 5 lots: lot 1's summaries (s)"),
           ("screens_s", "evidence screens (s)"),
           ("screens_long_s", "screens, one 200,000-character response (s)"),
           ("screens_repetitive_s", "screens, every response from 30 words (s)"),
           ("screens_peak_mb", "screens, the largest peak memory (MB)"))


def measure(sizes: tuple[int, ...]) -> dict:
    from bench.run import PY, run_json

    table: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SVI_DATA_DIR": str(folder / "data"),
               "PYTHONPATH": str(ROOT)}
        os.environ.update({k: env[k] for k in ("QT_QPA_PLATFORM", "SVI_DATA_DIR")})
        from bench.generate import make_large_tender

        for n in sizes:
            print(f"{n} bids…", flush=True)
            started = time.perf_counter()
            path = make_large_tender(folder / f"t{n}.svi", bids=n)
            generated = time.perf_counter() - started
            probe = run_json([PY, "-m", "bench.probe_open", str(path)], env)
            scoring = run_json([PY, "-m", "bench.scoring", "--file", str(path)], env)
            exports = run_json([PY, "-m", "bench.exports", "--file", str(path), "--quick"], env)
            lots = run_json([PY, "-m", "bench.probe_lots", str(path)], env)  # last: it puts the bids in lots
            screens = {case: run_json([PY, "-m", "bench.screens", "--case", f"{case}:{n}"], env)
                       for case in ("planted", "long", "repetitive-scale")}
            table[str(n)] = {"generate_s": round(generated, 1), "open_s": probe["open_s"],
                             "results_after_change_s": probe["results_after_change_s"],
                             "key_p95_ms": scoring["key_to_commit_ms"]["p95"],
                             "bare_commit_p95_ms": scoring["bare_sqlite_commit_ms"]["p95"],
                             "workbook_s": exports["workbook_s"], "report_s": exports["report_s"],
                             "summaries_s": exports["summaries_s"], **lots,
                             "screens_s": screens["planted"]["seconds"], "screens_long_s": screens["long"]["seconds"],
                             "screens_repetitive_s": screens["repetitive-scale"]["seconds"],
                             "screens_peak_mb": max(c["peak_mb"] for c in screens.values())}
            path.unlink()
    growth = {}
    if "200" in table and "800" in table:
        for key, _name in FIGURES:
            low, high = table["200"][key], table["800"][key]
            growth[key] = round(high / low, 2) if low else None
    return {"sizes": table, "growth_800_over_200": growth, "target_growth": 4.5}


def main(argv: list[str]) -> int:
    sizes = SIZES
    if "--sizes" in argv:
        sizes = tuple(int(x) for x in argv[argv.index("--sizes") + 1].split(","))
    result = measure(sizes)
    print()
    print(f"{'Figure':42}" + "".join(f"{n:>9}" for n in sizes) + "   800/200")
    for key, name in FIGURES:
        values = "".join(f"{result['sizes'][str(n)][key]:9.3f}" for n in sizes)
        g = result["growth_800_over_200"].get(key)
        print(f"{name:42}{values}   {'' if g is None else f'{g:.2f}x'}")
    target = ROOT / "bench" / "results.json"
    doc = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    doc["scale"] = result
    target.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print("\nWrote bench/results.json (scale)")
    worse = [k for k, g in result["growth_800_over_200"].items() if g is not None and g > 4.5]
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
