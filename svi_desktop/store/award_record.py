"""The award as the audit chain made it: each sign-off a link of the chain, bound to the state it approved.

The sign-offs and the freeze are replayed from the chain (a sign-off row written by the program, unfreezing by
its audited act) and compared with the `signoffs` table and the frozen marker. A sign-off must record the state
the chain had reached just before it, and the chain's head then; a sign-off row, a freeze or an unfreeze that
no link of the chain made is named. Cheap enough for every open: it reads only the award's own audit rows.
"""

from __future__ import annotations

import json
from typing import Any

from svi_desktop.domain.audit import state_digest
from svi_desktop.domain.settings import FROZEN

_FIELDS = ("id", "name", "role", "signed_on", "state", "at")


def award_record_problem(conn: Any) -> str | None:
    """None when the sign-offs and the freeze are exactly what the chain's own links made; else a sentence."""
    names = {r[1] for r in conn.execute("PRAGMA table_info(audit)").fetchall()}
    if "state" not in names or not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'signoffs'").fetchone():
        return None  # a file from before version 7: it has no sign-offs to bind
    live: dict[str, dict[str, Any]] = {}
    frozen_at: str | None = None
    events = conn.execute("SELECT seq, entity, entity_id, new, prev_hash FROM audit WHERE entity IN ('signoff', "
                          "'award') ORDER BY seq").fetchall()
    for seq, entity, entity_id, new, prev_hash in events:
        if entity == "award" and entity_id == FROZEN:  # unfreezing withdraws every sign-off
            live, frozen_at = {}, None
            continue
        if entity != "signoff":
            continue
        try:
            entry = json.loads(new)
        except (TypeError, ValueError):
            return f"audit row {seq} records a sign-off the program never wrote"
        if not isinstance(entry, dict) or any(not isinstance(entry.get(k), str) for k in _FIELDS):
            return f"audit row {seq} records a sign-off the program never wrote"
        before = conn.execute("SELECT state FROM audit WHERE seq = ?", (seq - 1,)).fetchone()
        if before is None or before[0] is None or state_digest(before[0]) != entry["state"]:
            return (f"the sign-off by {entry['name']} (audit row {seq}) records a state the audit trail never "
                    "reached")
        if "chain_head" in entry and entry["chain_head"] != prev_hash:
            return f"the sign-off by {entry['name']} (audit row {seq}) names another link of the audit trail"
        live[entry["id"]] = {k: entry[k] for k in _FIELDS}
        if frozen_at is None:
            frozen_at = entry["at"]
    table = {r[0]: dict(zip(_FIELDS, r, strict=True))
             for r in conn.execute(f"SELECT {', '.join(_FIELDS)} FROM signoffs").fetchall()}
    for sid, row in table.items():
        if sid not in live:
            return f"the sign-off by {row['name']} was added outside the program (no link of the audit trail made it)"
        if row != live[sid]:
            return f"the sign-off by {row['name']} was changed outside the program"
    for sid, entry in live.items():
        if sid not in table:
            return f"the sign-off by {entry['name']} was deleted outside the program"
    marker = conn.execute("SELECT value FROM settings WHERE key = ?", (FROZEN,)).fetchone()
    if frozen_at is None and marker is not None:
        return "the award's frozen marker was added or restored outside the program"
    if frozen_at is not None and marker is None:
        return "the award's frozen marker was removed outside the program"
    if marker is not None and marker[0] != frozen_at:
        return "the award's frozen marker was changed outside the program"
    return None
