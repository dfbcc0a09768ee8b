"""Reading untrusted JSON-like data field by field, naming the place of every problem."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from svi_desktop.domain.numbers import parse_decimal
from svi_desktop.errors import InvalidDocument


class Node:
    """A value inside a document, with the path that leads to it ("sections[2].share")."""

    def __init__(self, value: Any, path: str, source: str) -> None:
        self.value = value
        self.path = path
        self.source = source

    def fail(self, problem: str) -> InvalidDocument:
        place = f"{self.source}: {self.path}" if self.path else self.source
        return InvalidDocument(f"{place}: {problem}.")

    def child(self, key: str | int) -> Node:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (f"{self.path}.{key}" if self.path else key)
        return Node(self._get(key), path, self.source)

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
        return [Node(v, f"{self.path}[{i}]", self.source) for i, v in enumerate(self.value)]

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
        except ValueError:
            raise self.fail(f"{self.value!r} is not a number") from None

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

    def strings(self) -> tuple[str, ...]:
        return tuple(n.text() for n in self.items(required=False))
