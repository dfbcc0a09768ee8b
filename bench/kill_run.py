"""Long fault-injection runs: SIGKILL a child at random moments.

    .venv/bin/python -m bench.kill_run [KILLS] [SEED]            score edits (default 1000 kills)
    .venv/bin/python -m bench.kill_run --collect [KILLS] [SEED]  collections of returns
    .venv/bin/python -m bench.kill_run --export [KILLS] [SEED]   workbook and report exports

Score edits: the kills, the edits the children acknowledged, and the corrupt files
and lost acknowledged edits found (both must be 0). Collections: every file checks
out and holds all of the returns or none. Exports: every export is complete or absent.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path


def collect_run(kills: int, seed: int, folder: Path) -> dict:
    import random
    import shutil

    from svi_desktop.store.packs import issue_packs, list_returns, submit_pack
    from svi_desktop.store.tender_file import TenderFile
    from tests.helpers.files import make_demo
    from tests.integration.test_fault_injection import _kill_at_random

    demo = make_demo(folder / "demo.svi")
    (folder / "packs").mkdir()
    with TenderFile.open(demo, actor="lead") as tf:
        issued = issue_packs(tf, folder=folder / "packs").result
    packs = [p.path for p in issued]
    for p in issued:
        with TenderFile.open(p.path, actor="e") as tf:
            submit_pack(tf, code=p.code)
    rng = random.Random(seed)
    counts = {"all": 0, "none": 0, "partial_or_corrupt": 0}
    for _ in range(kills):
        lead = folder / "lead.svi"
        shutil.copy(demo, lead)
        _kill_at_random(lambda lead=lead: _collect(lead, packs), rng, 0.15)
        with TenderFile.open(lead, actor="verify") as tf:
            n = len(list_returns(tf)) if not tf.check() else -1
        counts["all" if n == len(packs) else "none" if n == 0 else "partial_or_corrupt"] += 1
    return {"kills": kills, **counts}


def _collect(lead: Path, packs: list[Path]) -> None:
    from svi_desktop.store.packs import collect_returns
    from svi_desktop.store.tender_file import TenderFile

    with TenderFile.open(lead, actor="lead") as tf:
        collect_returns(tf, paths=packs)


def export_run(kills: int, seed: int, folder: Path) -> dict:
    import random

    import openpyxl

    from svi_desktop.exports.service import export
    from svi_desktop.imports.demo import demo_evaluation
    from tests.integration.test_fault_injection import _kill_at_random

    ev = demo_evaluation()
    rng = random.Random(seed)
    counts = {"complete": 0, "absent": 0, "broken": 0}
    for i in range(kills):
        kind = ("xlsx", "pdf")[i % 2]
        out = folder / f"k{i}" / ("e.xlsx" if kind == "xlsx" else "r.pdf")
        out.parent.mkdir()
        _kill_at_random(lambda out=out, kind=kind: export(kind, ev, out, [], None), rng, 0.5)
        if not out.exists():
            counts["absent"] += 1
            continue
        try:
            if kind == "xlsx":
                openpyxl.load_workbook(out)
            elif not out.read_bytes().rstrip().endswith(b"%%EOF"):
                raise ValueError("truncated")
            counts["complete"] += 1
        except Exception:
            counts["broken"] += 1
    return {"kills": kills, **counts}


def main(argv: list[str]) -> int:
    mode = "edits"
    if argv and argv[0] in ("--collect", "--export"):
        mode, argv = argv[0][2:], argv[1:]
    if mode != "edits":
        kills = int(argv[0]) if argv else 200
        seed = int(argv[1]) if len(argv) > 1 else 1
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["SVI_DATA_DIR"] = str(Path(tmp) / "data")
            started = time.perf_counter()
            result = (collect_run if mode == "collect" else export_run)(kills, seed, Path(tmp))
            result["seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps({"mode": mode, **result}, indent=2))
        bad = result.get("partial_or_corrupt", 0) + result.get("broken", 0)
        return 0 if bad == 0 else 1
    kills = int(argv[0]) if argv else 1000
    seed = int(argv[1]) if len(argv) > 1 else 1
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SVI_DATA_DIR"] = str(Path(tmp) / "data")
        from tests.helpers import kill_loop
        from tests.helpers.files import make_demo

        path = make_demo(Path(tmp) / "kill.svi")
        started = time.perf_counter()
        report = kill_loop.run(path, kills=kills, seed=seed)
        elapsed = time.perf_counter() - started
    result = {"kills": report.kills, "acknowledged_edits": report.acknowledged, "corrupt_files": report.corrupt,
              "lost_acknowledged_edits": report.lost, "seconds": round(elapsed, 1), "seed": seed}
    print(json.dumps(result, indent=2))
    return 0 if report.corrupt == 0 and report.lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
