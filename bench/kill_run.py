"""Long fault-injection run: SIGKILL a child at random moments while it edits scores.

    .venv/bin/python -m bench.kill_run [KILLS] [SEED]

Prints the number of kills, the edits the children acknowledged, and the
corrupt files and lost acknowledged edits found (both must be 0).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
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
