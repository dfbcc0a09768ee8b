"""Exports on 200 bids x 20 criteria x 10 evaluators: the workbook as a ratio to a bare openpyxl write of
the same number of cells, the PDF report, and all 200 assessment summaries.

    .venv/bin/python -m bench.exports
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import median_time, use_temp_data_dir


def count_cells(path: Path) -> tuple[int, list[tuple[str, int, int]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    shape = [(ws.title, ws.max_row, ws.max_column) for ws in wb.worksheets]
    return sum(r * c for _t, r, c in shape), shape


def bare_write(path: Path, shape: list[tuple[str, int, int]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows, cols in shape:
        ws = wb.create_sheet(title)
        for r in range(rows):
            ws.append([f"cell {r}-{c} with a sentence of text" if c % 3 == 0 else r * c for c in range(cols)])
    wb.save(path)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        use_temp_data_dir(folder)
        from bench.generate import make_large_tender
        from svi_desktop.exports.service import export
        from svi_desktop.store.repository import load_evaluation
        from svi_desktop.store.tender_file import TenderFile

        big = Path(sys.argv[sys.argv.index("--file") + 1]) if "--file" in sys.argv else make_large_tender(folder / "large.svi")
        with TenderFile.open(big, actor="bench", read_only=True) as tf:
            ev = load_evaluation(tf)
            rows = tf.audit_rows()
        quick = "--quick" in sys.argv  # the scale table: one run of each, no openpyxl baseline
        workbook = median_time(lambda: export("xlsx", ev, folder / "w.xlsx", rows, None), repeats=1 if quick else 3)
        cells, shape = count_cells(folder / "w.xlsx")
        bare = workbook if quick else median_time(lambda: bare_write(folder / "bare.xlsx", shape), repeats=3)
        start = time.perf_counter()
        export("pdf", ev, folder / "r.pdf", rows, None)
        report = time.perf_counter() - start
        # The baseline: LibreOffice converting the program's own workbook to PDF, in the same run.
        libreoffice = None
        if not quick and shutil.which("soffice"):
            start = time.perf_counter()
            done = subprocess.run(["soffice", "--headless", "--norestore",
                                   f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf", "--outdir",
                                   str(folder / "lo-out"), str(folder / "w.xlsx")], capture_output=True, timeout=1800)
            if done.returncode == 0 and (folder / "lo-out" / "w.pdf").exists():
                libreoffice = time.perf_counter() - start
        start = time.perf_counter()
        made = export("summaries", ev, folder / "sums", rows, None)
        summaries = time.perf_counter() - start
    result = {"tender": f"{len(ev.bids)} bids x 20 criteria x 10 evaluators", "workbook_cells": cells,
              "workbook_s": round(workbook, 2), "bare_openpyxl_same_cells_s": round(bare, 2),
              "workbook_ratio": round(workbook / bare, 2), "report_s": round(report, 2),
              "libreoffice_workbook_to_pdf_s": None if libreoffice is None else round(libreoffice, 2),
              "report_ratio_to_libreoffice": None if libreoffice is None else round(report / libreoffice, 3),
              "summaries": len(made), "summaries_s": round(summaries, 2)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
