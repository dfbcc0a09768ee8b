"""Is a notice valid for the platform that takes it? The Open Contracting Data Standard 1.1.5 release package schema
with the OCDS for the United Kingdom extension merged in (JSON Merge Patch, RFC 7386, as OCDS applies extensions),
and its codelists: the schemas are the program's own copy (resources/ocds, with their licences), so the check needs
no network. Every JSON notice is checked before it is written; one that fails is not written.

Formats are checked here rather than by optional packages: a `date-time` is an RFC 3339 date and time with its
offset, a `uri` has a scheme.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
from functools import cache
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

from svi_desktop.errors import KnownError
from svi_desktop.resources import resource

RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
UK_EXTENSION_URL = "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
OCID_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")  # a prefix the OCDS helpdesk registers: ocds- and six characters
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: `patch` applied to `target` (neither changed)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def _read(*parts: str) -> Any:
    return json.loads(resource("ocds", *parts).read_text(encoding="utf-8"))


@cache
def release_schema() -> dict[str, Any]:
    """The release schema, the UK extension merged in."""
    merged: dict[str, Any] = merge_patch(_read("release-schema.json"), _read("uk-extension", "release-schema.json"))
    return merged


@cache
def codelists() -> dict[str, frozenset[str]]:
    """Every codelist's codes by file name: the standard's, with the UK extension's additions (+name.csv) and its
    own lists."""
    out: dict[str, set[str]] = {}
    for folder in (resource("ocds", "codelists"), resource("ocds", "uk-extension", "codelists")):
        for path in sorted(folder.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as f:
                codes = {row["Code"] for row in csv.DictReader(f)}
            name = path.name.lstrip("+")
            if path.name.startswith("+"):
                out.setdefault(name, set()).update(codes)
            else:
                out[name] = set(codes) | out.get(name, set())
    return {k: frozenset(v) for k, v in out.items()}


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _uri(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", value) is not None


@cache
def _validator() -> Draft4Validator:
    release = release_schema()
    registry: Registry = Registry().with_resource(RELEASE_SCHEMA_URL, DRAFT4.create_resource(release))
    checker = FormatChecker(formats=())
    checker.checks("date-time")(_date_time)
    checker.checks("uri")(_uri)
    return Draft4Validator(_read("release-package-schema.json"), registry=registry, format_checker=checker)


def _where(path: Any) -> str:
    return "/".join(str(p) for p in path) or "the package"


def _codelist_problems(schema: dict[str, Any], value: Any, path: list[Any], out: list[str]) -> None:
    """Every code in `value` not in the codelist its schema names (closed or open: the program writes only codes
    the standard or the UK extension has)."""
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/definitions/"):
            return
        schema = release_schema()["definitions"].get(ref.split("/")[-1], {})
    name = schema.get("codelist")
    if name and value is not None:
        known = codelists().get(name, frozenset())
        for i, code in enumerate(value if isinstance(value, list) else [value]):
            if code not in known:
                out.append(f"{_where(path + ([i] if isinstance(value, list) else []))}: {code!r} is not a code of "
                           f"{name}")
        return
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                _codelist_problems(props[key], item, [*path, key], out)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            _codelist_problems(schema["items"], item, [*path, i], out)


def problems(package: dict[str, Any]) -> list[str]:
    """What is wrong with a release package, one line each ([] when it is valid)."""
    out = [f"{_where(e.absolute_path)}: {e.message}"
           for e in sorted(_validator().iter_errors(package), key=lambda e: [str(p) for p in e.absolute_path])]
    for i, release in enumerate(package.get("releases") or []):
        if isinstance(release, dict):
            _codelist_problems(release_schema(), release, ["releases", i], out)
    return out


def ensure_valid(package: dict[str, Any]) -> None:
    """Refuse a notice the platform would refuse, naming the first fault."""
    found = problems(package)
    if found:
        raise KnownError(f"The notice's JSON is not valid OCDS for the UK ({len(found)} fault"
                         f"{'' if len(found) == 1 else 's'}, the first at {found[0]}); it was not written.")
