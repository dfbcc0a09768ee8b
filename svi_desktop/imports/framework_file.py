"""Framework and template files (.json): read and validated, naming the file, field and problem."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from svi_desktop.domain.model import Criterion, CriterionKind, Framework, Section, SectionKind, new_id
from svi_desktop.domain.pricing import FORMULAS
from svi_desktop.domain.scale import PRESETS, ScaleLevel, ScoringScale
from svi_desktop.errors import InvalidDocument
from svi_desktop.imports.fields import Node, load_json, read_criterion_fields
from svi_desktop.imports.template_files import available_templates, builtin_dir
from svi_desktop.store.inputs import UnreadableInput, read_input

FORMAT = "svi-framework"
MAX_FRAMEWORK_BYTES = 16 * 1024 * 1024
def find_template(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".json" and path.exists():
        return path
    templates = available_templates()
    if name not in templates:
        raise InvalidDocument(f"There is no template called {name!r}; choose one of {', '.join(templates)}.")
    return templates[name]


def read_template(name_or_path: str | Path) -> Framework:
    """Read a framework file (by template name or path) into a Framework with fresh ids."""
    path = find_template(str(name_or_path))
    return _read(path, seen=())


def _read_json(path: Path) -> object:
    try:
        text = read_input(path, limit=MAX_FRAMEWORK_BYTES, what="framework file").decode("utf-8")
    except UnreadableInput as exc:
        raise InvalidDocument(str(exc)) from None
    except UnicodeDecodeError:
        raise InvalidDocument(f"{path.name} is not UTF-8 text, so it is not a framework file.") from None
    return load_json(text, path.name)


def _read(path: Path, seen: tuple[Path, ...]) -> Framework:
    root = Node(_read_json(path), "", path.name).obj()
    if root.child("format").value != FORMAT:
        raise root.child("format").fail(f"must be {FORMAT!r}")
    if root.child("version").integer() != 1:
        raise root.child("version").fail("must be 1 (this program reads framework files of version 1)")
    scale = read_scale(root.child("scale"))
    sections: list[Section] = []
    criteria: list[Criterion] = []
    section_nodes = root.child("sections").items()
    if not section_nodes:
        raise root.child("sections").fail("must hold at least one section")
    for i, node in enumerate(section_nodes):
        node.obj()
        kind = node.child("kind").choice({k.value: k for k in SectionKind})
        share = node.child("share").decimal()
        if share is None or not Decimal(0) <= share <= Decimal(100):
            raise node.child("share").fail("must be a percentage from 0 to 100")
        formula = node.child("price_formula").text(required=False)
        if formula and formula not in FORMULAS:
            raise node.child("price_formula").fail(f"{formula!r} is not one of {', '.join(FORMULAS)}")
        section = Section(new_id(), node.child("name").text(max_length=200), share, kind, i, formula)
        sections.append(section)
        criteria += _section_criteria(path, node, section, scale, seen)
    codes = [c.code for c in criteria]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise root.fail(f"criterion code {dupes[0]!r} is used more than once")
    framework = Framework(
        name=root.child("name").text(max_length=200),
        scale=scale,
        sections=tuple(sections),
        criteria=tuple(criteria),
        description=root.child("description").text(required=False),
    )
    root.refuse_unknown()  # a misspelt field would be dropped without a word
    return framework


def _section_criteria(
    path: Path, node: Node, section: Section, scale: ScoringScale, seen: tuple[Path, ...]
) -> list[Criterion]:
    default_kind = CriterionKind.GATE if section.kind is SectionKind.GATES else CriterionKind.SCORED
    source = node.child("criteria_from")
    if source.value is not None:
        other = builtin_dir() / f"{source.text()}.json"
        if not other.exists():
            other = path.parent / f"{source.text()}.json"
        if not other.exists():
            raise source.fail(f"no framework file called {source.value!r} beside this one")
        if other.resolve() in seen:
            raise source.fail("refers back to a file that refers to it")
        borrowed = _read(other, (*seen, path.resolve()))
        # Borrowed criteria take the kind their new section gives them.
        return [
            replace(
                c,
                id=new_id(),
                section_id=section.id,
                kind=default_kind,
                position=i,
                threshold=c.threshold if default_kind is CriterionKind.SCORED else (c.threshold or Decimal(scale.middle)),
            )
            for i, c in enumerate(borrowed.criteria)
        ]
    if section.kind is SectionKind.PRICE:
        if node.child("criteria").value:
            raise node.child("criteria").fail("a price section has no criteria: bids are scored on their price")
        return []
    out = []
    for j, cnode in enumerate(node.child("criteria").items()):
        cnode.obj()
        # Each field by its declared rule (domain/criterion_fields.py); a template may leave out the kind (its
        # section's) and the weight (1); a gate's threshold is read below, on the scale.
        given = read_criterion_fields(cnode, {"kind": default_kind, "weight": Decimal(1)}, skip=("threshold",))
        given["threshold"] = _threshold(cnode.child("threshold"), scale, given["kind"])
        out.append(Criterion(id=new_id(), section_id=section.id, position=j, **given))
    return out


def _threshold(node: Node, scale: ScoringScale, kind: CriterionKind) -> Decimal | None:
    if node.value is None:
        # A qualification gate without a stated threshold needs the scale's middle level.
        return Decimal(scale.middle) if kind is CriterionKind.GATE else None
    if node.value == "middle":
        return Decimal(scale.middle)
    value = node.decimal()
    if value is None or not scale.minimum <= value <= scale.maximum:
        raise node.fail(f"must lie on the scale, from {scale.minimum} to {scale.maximum}")
    return value


def read_scale(node: Node) -> ScoringScale:
    if isinstance(node.value, str):
        return node.choice(PRESETS)
    node.obj()
    levels = []
    for lnode in node.child("levels").items():
        lnode.obj()
        value = lnode.child("value").integer()
        assert value is not None
        levels.append(
            ScaleLevel(value, lnode.child("label").text(max_length=80), lnode.child("descriptor").text(required=False))
        )
    try:
        return ScoringScale(node.child("name").text(max_length=80), tuple(levels))
    except ValueError as exc:
        raise node.child("levels").fail(str(exc)) from None
