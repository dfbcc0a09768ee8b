"""Reading untrusted JSON-like data field by field, naming the place of every problem."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from svi_desktop.domain.criterion_fields import FIELDS
from svi_desktop.domain.numbers import parse_decimal
from svi_desktop.errors import InvalidDocument

T = TypeVar("T")

LARGEST_NUMBER = 10**15  # no number in a document is larger (prices and weights are bounded further, at 1e12)


def load_json(raw: bytes | str, name: str) -> Any:
    """Parse a JSON document strictly: no NaN or Infinity, no number out of bounds, no text with a NUL or a lone
    surrogate (neither can be stored or shown), in values and keys alike. Refused naming the place."""
    import json

    def constant(word: str) -> Any:
        raise InvalidDocument(f"{name}: {word} is not a number a document may hold.")

    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise InvalidDocument(f"{name} is not a JSON document (it is not UTF-8 text).") from None
    try:
        data = json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InvalidDocument(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}.") from None
    except RecursionError:
        raise InvalidDocument(f"{name}: the document is nested too deeply.") from None
    _check_values(data, "", name)
    return data


def _check_values(value: Any, path: str, name: str) -> None:
    stack = [(value, path)]
    while stack:
        v, where = stack.pop()
        if isinstance(v, str):
            _check_text(v, where, name)
        elif isinstance(v, bool) or v is None:
            continue
        elif isinstance(v, (int, float)):
            if v != v or v in (float("inf"), float("-inf")) or abs(v) > LARGEST_NUMBER:
                raise InvalidDocument(f"{name}: {where or 'the document'}: {str(v)[:30]} is out of bounds (at most "
                                      f"{LARGEST_NUMBER:.0e} either way).")
        elif isinstance(v, list):
            stack.extend((x, f"{where}[{i}]") for i, x in enumerate(v))
        elif isinstance(v, dict):
            for k, x in v.items():
                _check_text(k, where, name)
                stack.append((x, f"{where}.{k}" if where else k))


def _check_text(text: str, where: str, name: str) -> None:
    if "\x00" in text:
        raise InvalidDocument(f"{name}: {where or 'the document'}: text holds a NUL character, which no tender may "
                              "hold.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidDocument(f"{name}: {where or 'the document'}: text holds a lone surrogate (\\ud800 to "
                              "\\udfff), which is not Unicode text.") from None


class Node:
    """A value inside a document, with the path that leads to it ("sections[2].share")."""

    def __init__(self, value: Any, path: str, source: str, read: dict[int, set[str]] | None = None) -> None:
        self.value = value
        self.path = path
        self.source = source
        # The keys read of each object of the document (by id), shared by every node of one document: what is left
        # unread at the end is a field the reader does not know (`unknown`).
        self.read = {} if read is None else read

    def at(self, value: Any) -> Node:
        """Another value at this node's place (a number read as text), of the same document."""
        return Node(value, self.path, self.source, self.read)

    def fail(self, problem: str) -> InvalidDocument:
        place = f"{self.source}: {self.path}" if self.path else self.source
        return InvalidDocument(f"{place}: {problem}.")

    def by_rule(self, rule: Callable[..., T], *args: Any) -> T:
        """What a domain rule keeps of `args` (read from this place); its refusal told as this place's."""
        try:
            return rule(*args)
        except ValueError as exc:
            raise self.fail(str(exc).rstrip(".")) from None

    def child(self, key: str | int) -> Node:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (f"{self.path}.{key}" if self.path else key)
        if isinstance(key, str) and isinstance(self.value, dict):
            self.read.setdefault(id(self.value), set()).add(key)
        return Node(self._get(key), path, self.source, self.read)

    def _get(self, key: str | int) -> Any:
        if isinstance(key, int):
            return self.value[key]
        return self.value.get(key) if isinstance(self.value, dict) else None

    def obj(self) -> Node:
        if not isinstance(self.value, dict):
            raise self.fail("must be an object")
        return self

    def items(self, *, required: bool = True) -> list[Node]:
        if self.value is None and not required:
            return []
        if not isinstance(self.value, list):
            raise self.fail("must be a list")
        return [Node(v, f"{self.path}[{i}]", self.source, self.read) for i, v in enumerate(self.value)]

    def text(self, *, required: bool = True, default: str = "", max_length: int = 1_000_000) -> str:
        if self.value is None:
            if required:
                raise self.fail("is missing")
            return default
        if not isinstance(self.value, str):
            raise self.fail("must be text")
        if required and not self.value.strip():
            raise self.fail("must not be empty")
        if len(self.value) > max_length:
            raise self.fail(f"is longer than {max_length:,} characters")
        return self.value

    def integer(self, *, required: bool = True, default: int | None = None) -> int | None:
        if self.value is None:
            if required:
                raise self.fail("is missing")
            return default
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail("must be a whole number")
        return self.value

    def whole(self) -> int:
        """A whole number that must be there."""
        value = self.integer()
        assert value is not None  # integer() refuses a missing one when it is required
        return value

    def decimal(self, *, required: bool = True, default: Decimal | None = None) -> Decimal | None:
        if self.value is None:
            if required:
                raise self.fail("is missing")
            return default
        if isinstance(self.value, bool) or not isinstance(self.value, (str, int, float)):
            raise self.fail("must be a number")
        try:
            return parse_decimal(str(self.value))
        except ValueError as exc:  # not a number, or out of bounds: the sentence says which
            raise self.fail(str(exc)) from None

    def boolean(self, *, default: bool = False) -> bool:
        if self.value is None:
            return default
        if not isinstance(self.value, bool):
            raise self.fail("must be true or false")
        return self.value

    def choice(self, options: dict[str, Any], *, required: bool = True, default: Any = None) -> Any:
        if self.value is None and not required:
            return default
        key = self.text(required=required)
        if key not in options:
            raise self.fail(f"{key!r} is not one of {', '.join(options)}")
        return options[key]

    def refuse_unknown(self) -> None:
        """Refuse a document holding a field its reader did not read (a misspelt key, a field of a later version):
        dropped without a word, it would be lost. Names each, in the first object that holds one. Called once the
        whole document is read; only objects the reader went into are checked (a list of text, say, is whole)."""
        stack = [(self.value, self.path)]
        while stack:
            value, path = stack.pop()
            if isinstance(value, list):
                stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(value))))
            elif isinstance(value, dict) and id(value) in self.read:
                known = self.read[id(value)]
                unknown = [k for k in value if k not in known]
                if unknown:
                    named = ", ".join(repr(k[:40]) for k in unknown[:5]) + (" and more" if len(unknown) > 5 else "")
                    where = f"{self.source}: {path}" if path else self.source
                    many = len(unknown) > 1
                    raise InvalidDocument(f"{where}: {named} {'are not fields' if many else 'is not a field'} of the "
                                          "format (a misspelt name, or a later version's); correct or remove "
                                          f"{'them' if many else 'it'} and import again.")
                stack.extend((v, f"{path}.{k}" if path else k) for k, v in reversed(list(value.items())))

    def strings(self) -> tuple[str, ...]:
        return tuple(n.text() for n in self.items(required=False))


def read_criterion_fields(node: Node, defaults: dict[str, Any] | None = None,
                          skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A criterion's fields from a document (the JSON document, a framework template), each by the rule
    domain/criterion_fields.py declares; a field missing from `node` takes its value in `defaults` when there is one;
    the fields in `skip` are the caller's to read. A refusal names the place ("sections[1].criteria[0].weight: ...")."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        if f.name in skip:
            continue
        child = node.child(f.name)
        if child.value is None and defaults is not None and f.name in defaults:
            out[f.name] = defaults[f.name]
            continue
        try:
            out[f.name] = f.read(child.value)
        except ValueError as exc:
            raise child.fail(str(exc).rstrip(".")) from None
    return out
