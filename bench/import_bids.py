"""Importing 500 bids with 20 responses each, as a ratio to reading the same sheet with openpyxl alone.

    .venv/bin/python -m bench.import_bids
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from bench.common import median_time, text, use_temp_data_dir

BIDS = 500
RESPONSE_CHARS = 1500


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        use_temp_data_dir(folder)
        import openpyxl

        from svi_desktop.cli import main as svi
        from svi_desktop.imports.bid_sheet import read_bid_sheet
        from svi_desktop.store.operations.bids import import_bids
        from svi_desktop.store.repository import load_tender_framework
        from svi_desktop.store.tender_file import TenderFile

        template = folder / "template.xlsx"
        base = folder / "base.svi"
        svi(["new", str(base)])
        svi(["bid-template", str(base), str(template)])
        rng = random.Random(4)
        wb = openpyxl.load_workbook(template)
        headers = [c.value for c in wb["Bids"][1]]
        criteria = len(headers) - 5
        for i in range(BIDS):
            wb["Bids"].append([f"Supplier {i:04d} Ltd", "SME", "", "2026-10-01", 100_000 + i,
                               *(text(rng, RESPONSE_CHARS) for _ in range(criteria))])
        sheet = folder / "bids.xlsx"
        wb.save(sheet)

        def bare() -> None:
            book = openpyxl.load_workbook(sheet, read_only=True, data_only=False)
            for _row in book["Bids"].iter_rows(values_only=True):
                pass
            book.close()

        counter = {"n": 0}

        def fresh() -> None:
            counter["n"] += 1

        def ours() -> None:
            target = folder / f"t{counter['n']}.svi"
            target.write_bytes(base.read_bytes())
            with TenderFile.open(target, actor="bench") as tf:
                parsed = read_bid_sheet(sheet, load_tender_framework(tf), set())
                assert not parsed.problems, parsed.problems[:3]
                import_bids(tf, bids=parsed.bids, responses=parsed.responses, source=sheet.name)

        bare_s = median_time(bare, repeats=5)
        ours_s = median_time(ours, repeats=5, setup=fresh)
    result = {"bids": BIDS, "responses_per_bid": criteria, "openpyxl_read_s": round(bare_s, 3),
              "import_s": round(ours_s, 3), "ratio": round(ours_s / bare_s, 2)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
