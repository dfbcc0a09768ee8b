"""The audit trail as CSV, safe to open in a spreadsheet (no cell becomes a formula)."""

from __future__ import annotations

import csv
from pathlib import Path

from svi_desktop.domain.audit import AuditRow
from svi_desktop.domain.decisions import Decision
from svi_desktop.exports.atomic import atomic_path
from svi_desktop.exports.cells import csv_cell as _cell


def write_audit_csv(rows: list[AuditRow], target: Path, decisions: list[Decision] | None = None) -> Path:
    """Every change: the decision in words (who, what, from, to, why) beside the row as recorded."""
    words = decisions if decisions is not None else [None] * len(rows)
    with atomic_path(Path(target)) as tmp, open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["#", "When (UTC)", "Who", "What", "From", "To", "Why", "Action as recorded", "Entity",
                    "Entity id", "Old value", "New value", "Hash", "Previous hash"])
        for r, d in zip(rows, words, strict=True):
            w.writerow([r.seq, r.at, _cell(d.who if d else r.actor), _cell(d.what if d else r.action),
                        _cell(d.before if d else ""), _cell(d.after if d else ""), _cell(d.why if d else ""),
                        _cell(r.action), r.entity, _cell(r.entity_id), _cell(r.old), _cell(r.new), r.hash,
                        r.prev_hash])
    return Path(target)
