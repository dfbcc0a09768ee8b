"""Framework operations change the file in one step and their inverses put it back exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from svi_desktop.domain.scale import preset
from svi_desktop.errors import KnownError
from svi_desktop.exports.json_doc import tender_document
from svi_desktop.imports.framework_file import read_template
from svi_desktop.store.operations import framework as ops
from svi_desktop.store.repository import load_evaluation
from svi_desktop.store.repository import load_tender_framework as load_fw
from svi_desktop.store.tender_file import TenderFile


def _crit(tf: TenderFile, code: str):
    return next(c for c in load_fw(tf).criteria if c.code == code)


def test_share_change_and_inverse(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        quality = next(s for s in load_fw(tf).sections if s.name == "Quality")
        applied = ops.set_section_field(tf, section_id=quality.id, field="share", value="50",
                                        reason="Test: the demo is scored, so the change says why.")
        assert applied.changed
        assert next(s for s in load_fw(tf).sections if s.id == quality.id).share == Decimal(50)
        assert not ops.set_section_field(tf, section_id=quality.id, field="share", value="50.0").changed  # same value
        assert applied.inverse is not None
        applied.inverse(tf)  # the inverse built beside the write puts the old share back
        assert next(s for s in load_fw(tf).sections if s.id == quality.id).share == quality.share
        with pytest.raises(KnownError, match="0% to 100%"):
            ops.set_section_field(tf, section_id=quality.id, field="share", value="101")
        gates = next(s for s in load_fw(tf).sections if s.name == "Social Value Imperatives")
        with pytest.raises(KnownError, match="carries no points"):
            ops.set_section_field(tf, section_id=gates.id, field="share", value="5")


def test_remove_criterion_with_scores_and_restore_exactly(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        before = tender_document(load_evaluation(tf))
        q2 = _crit(tf, "Q2")
        assert ops.count_dependents(tf, q2.id) == (8, 0, 4)  # A and B scored four bids; four responses
        removed = ops.remove_criterion(tf, criterion_id=q2.id).result
        assert [c.code for c in load_fw(tf).criteria if c.section_id == q2.section_id] == ["Q1", "Q3"]
        assert tf.query("SELECT COUNT(*) FROM scores WHERE criterion_id = ?", (q2.id,))[0][0] == 0
        ops.restore_criterion(tf, removed=removed)
        assert tender_document(load_evaluation(tf)) == before


def test_move_criterion_and_back(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        q3 = _crit(tf, "Q3")
        old = ops.move_criterion(tf, criterion_id=q3.id, position=0).result
        assert old == 2
        assert [c.code for c in load_fw(tf).criteria_of(q3.section_id)] == ["Q3", "Q1", "Q2"]
        ops.move_criterion(tf, criterion_id=q3.id, position=old)
        assert [c.code for c in load_fw(tf).criteria_of(q3.section_id)] == ["Q1", "Q2", "Q3"]


def test_criterion_field_rules(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        svi1 = _crit(tf, "SVI1")
        with pytest.raises(KnownError, match="already has the code"):
            ops.set_criterion_field(tf, criterion_id=svi1.id, field="code", value="SVI2")
        with pytest.raises(KnownError, match="needs a threshold"):
            ops.set_criterion_field(tf, criterion_id=svi1.id, field="threshold", value=None)
        with pytest.raises(KnownError, match="from 0 to 4"):
            ops.set_criterion_field(tf, criterion_id=svi1.id, field="threshold", value="5")
        assert ops.set_criterion_field(tf, criterion_id=svi1.id, field="flags", value=["A", " ", "B "]).changed
        assert _crit(tf, "SVI1").flags == ("A", "B")


def test_scale_change_refused_when_scores_fall_off(demo_file: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf:
        with pytest.raises(KnownError, match="not on the new scale"):
            ops.set_scale(tf, scale=preset("0-100"))
        old = ops.set_scale(tf, scale=preset("0-5")).result  # 0-4 scores all fit on 0-5
        assert old.name == "0-4" and load_fw(tf).scale.name == "0-5"


def test_apply_framework_only_before_responses(demo_file: Path, tmp_path: Path) -> None:
    with TenderFile.open(demo_file, actor="t") as tf, pytest.raises(KnownError, match="before any responses"):
        ops.apply_framework(tf, framework=read_template("local-social-value-themes"))
    from svi_desktop.cli import main as svi

    new = tmp_path / "new.svi"
    assert svi(["new", str(new)]) == 0
    with TenderFile.open(new, actor="t") as tf:
        old = ops.apply_framework(tf, framework=read_template("local-social-value-themes")).result
        assert len(load_fw(tf).criteria) == 7
        ops.apply_framework(tf, framework=old)
        assert len(load_fw(tf).criteria) == 20
