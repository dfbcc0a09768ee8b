"""Built-in frameworks load; a bad framework file is refused naming the file, the field and the problem."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from svi_desktop.domain.model import CriterionKind, SectionKind
from svi_desktop.errors import InvalidDocument
from svi_desktop.exports.framework_file import save_template
from svi_desktop.imports.framework_file import read_template
from svi_desktop.imports.template_files import available_templates, builtin_dir

IMPERATIVES = ["Purpose", "Capability and Capacity", "High Quality Standards", "Personal Commitment and Dedication",
               "Knowledge and Engagement", "Co-operation and Collaboration", "Transparency", "Progressive Methodology",
               "General Social Responsibility", "Credibility"]


def test_the_ten_imperatives_with_the_source_names() -> None:
    fw = read_template("social-value-imperatives")
    assert [c.title for c in fw.criteria] == IMPERATIVES
    assert all(c.distinguished_from and c.guidance and c.flags for c in fw.criteria)
    assert all(c.kind is CriterionKind.GATE and c.threshold == Decimal(2) for c in fw.criteria)


def test_local_themes_has_seven() -> None:
    assert len(read_template("local-social-value-themes").criteria) == 7


def test_combined_template() -> None:
    fw = read_template("social-value-tender")
    sections = {s.name: s for s in fw.sections}
    assert sections["Social Value Imperatives"].kind is SectionKind.GATES
    assert sections["Local social value themes"].share == Decimal(15)
    assert sum(s.share for s in fw.sections) == 100
    gates = fw.criteria_of(sections["Social Value Imperatives"].id)
    assert [c.title for c in gates] == IMPERATIVES
    assert {c.threshold for c in gates} == {Decimal(fw.scale.middle)} == {Decimal(2)}
    assert len({c.id for c in fw.criteria}) == len(fw.criteria)


def test_saved_template_round_trips(tmp_path: Path) -> None:
    fw = read_template("social-value-tender")
    path = save_template(fw, tmp_path / "mine.json")
    again = read_template(str(path))
    strip = lambda f: [(c.code, c.title, c.kind, c.weight, c.threshold, c.flags, c.guidance) for c in f.criteria]  # noqa: E731
    assert strip(again) == strip(fw)
    assert [(s.name, s.share, s.kind) for s in again.sections] == [(s.name, s.share, s.kind) for s in fw.sections]


def test_user_templates_are_listed(data_dir: Path) -> None:
    (data_dir / "templates").mkdir(exist_ok=True)
    save_template(read_template("local-social-value-themes"), data_dir / "templates" / "our-council.json")
    assert "our-council" in available_templates()
    assert len(read_template("our-council").criteria) == 7


def _broken(tmp_path: Path, mutate) -> Path:
    doc = json.loads((builtin_dir() / "social-value-tender.json").read_text())
    mutate(doc)
    p = tmp_path / "broken.json"
    p.write_text(json.dumps(doc))
    return p


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["sections"][2]["criteria"][0].update(weight="-1"),
         "broken.json: sections[2].criteria[0].weight: must be more than 0."),
        (lambda d: d["sections"][1].update(share="150"), "broken.json: sections[1].share: must be a percentage"),
        (lambda d: d["sections"][0].update(kind="maybe"), "broken.json: sections[0].kind: 'maybe' is not one of"),
        (lambda d: d["sections"][2]["criteria"][1].pop("title"), "broken.json: sections[2].criteria[1].title: is missing."),
        (lambda d: d["sections"][2]["criteria"][0].update(threshold="9"),
         "broken.json: sections[2].criteria[0].threshold: must lie on the scale, from 0 to 4."),
        (lambda d: d.update(scale="0-7"), "broken.json: scale: '0-7' is not one of"),
        (lambda d: d["sections"][2]["criteria"][0].update(wieght="3"),
         "broken.json: sections[2].criteria[0]: 'wieght' is not a field of the format"),
        (lambda d: d["sections"][1].update(criteria_from="missing"), "broken.json: sections[1].criteria_from: no framework"),
    ],
)
def test_bad_framework_file_names_file_field_and_problem(tmp_path: Path, mutate, message: str) -> None:
    with pytest.raises(InvalidDocument) as info:
        read_template(str(_broken(tmp_path, mutate)))
    assert info.value.message.startswith(message)


def test_not_json(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text("{")
    with pytest.raises(InvalidDocument, match=r"x.json: not valid JSON at line 1"):
        read_template(str(p))
