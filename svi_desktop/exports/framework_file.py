"""Save a tender's framework as a template file that `imports.framework_file.read_template` reads back."""

from __future__ import annotations

import json
from pathlib import Path

from svi_desktop.domain.criterion_fields import FIELDS as CRITERION
from svi_desktop.domain.model import CriterionKind, Framework, SectionKind
from svi_desktop.domain.numbers import decimal_text
from svi_desktop.exports.atomic import write_text_atomic


def framework_document(framework: Framework) -> dict:
    sections = []
    for s in sorted(framework.sections, key=lambda s: s.position):
        doc: dict = {"name": s.name, "kind": s.kind.value, "share": decimal_text(s.share)}
        if s.kind is SectionKind.PRICE:
            doc["price_formula"] = s.price_formula or "relative"
        else:
            doc["criteria"] = [{f.name: f.data(f.of(c)) for f in CRITERION}  # as domain/criterion_fields.py declares
                               for c in framework.criteria_of(s.id)]
            for c in doc["criteria"]:
                if c["threshold"] is None:
                    del c["threshold"]
                if c["kind"] == CriterionKind.GATE.value and s.kind is SectionKind.GATES:
                    del c["kind"]
        sections.append(doc)
    return {
        "format": "svi-framework",
        "version": 1,
        "name": framework.name,
        "description": framework.description,
        "scale": {
            "name": framework.scale.name,
            "levels": [
                {"value": lv.value, "label": lv.label, "descriptor": lv.descriptor} for lv in framework.scale.levels
            ],
        },
        "sections": sections,
    }


def save_template(framework: Framework, target: Path) -> Path:
    text = json.dumps(framework_document(framework), indent=2, ensure_ascii=False) + "\n"
    return write_text_atomic(target, text)
