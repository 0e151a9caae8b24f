"""A small JSON-schema validator for tool arguments (a documented subset of draft 2020-12).

The ``jsonschema`` package is not a saferail dependency, so tool ``parameters`` are checked
by this subset. It covers what function-calling schemas use:

- ``type`` (one name or a list): ``object``, ``array``, ``string``, ``integer``, ``number``,
  ``boolean``, ``null``; ``integer`` and ``number`` never accept booleans, ``number``
  accepts integers.
- objects: ``properties``, ``required``, ``additionalProperties`` (a boolean or a schema);
- arrays: ``items`` (one schema for every item), ``minItems``, ``maxItems``,
  ``uniqueItems``;
- strings: ``minLength``, ``maxLength``, ``pattern`` (RE2 syntax, searched, not anchored);
- numbers: ``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``;
- any: ``enum``, ``const``, ``anyOf``, ``allOf``, ``not``.

Annotations (``title``, ``description``, ``default``, ``examples``, ``format``,
``$schema``, ``$id``, ``$comment``) are accepted and ignored. Any other keyword (``$ref``,
``oneOf``, ``if``...) is refused when the policy loads, so a schema never silently checks
less than it says.
"""

from __future__ import annotations

__all__ = ["SchemaError", "check_schema", "validate"]

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

from saferail._re2check import re2_problem

_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "format", "$schema", "$id", "$comment"}
)
_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "enum",
        "const",
        "anyOf",
        "allOf",
        "not",
    }
)
_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One way the arguments break the schema; ``path`` is ``$.a.b[0]``-style."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@lru_cache(maxsize=256)
def _regex(pattern: str) -> Any:
    return re2.compile(pattern)


def check_schema(schema: Any, where: str = "parameters") -> None:
    """Raise ``ValueError`` when ``schema`` uses a keyword or value this subset cannot check."""
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise ValueError(f"{where}: a schema must be a mapping or a boolean")
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key not in _KEYWORDS:
            raise ValueError(f"{where}: unsupported JSON-schema keyword {key!r}")
        _check_keyword(key, value, f"{where}.{key}")


def _check_keyword(key: str, value: Any, where: str) -> None:
    if key == "type":
        names = value if isinstance(value, list) else [value]
        bad = [n for n in names if not isinstance(n, str) or n not in _TYPES]
        if bad or not names:
            raise ValueError(f"{where}: unknown type {bad[0] if bad else value!r}")
    elif key == "properties":
        if not isinstance(value, dict):
            raise ValueError(f"{where}: must be a mapping of schemas")
        for name, sub in value.items():
            check_schema(sub, f"{where}.{name}")
    elif key in ("items", "additionalProperties", "not"):
        check_schema(value, where)
    elif key in ("anyOf", "allOf"):
        if not isinstance(value, list) or not value:
            raise ValueError(f"{where}: must be a non-empty list of schemas")
        for i, sub in enumerate(value):
            check_schema(sub, f"{where}[{i}]")
    elif key == "required":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{where}: must be a list of property names")
    elif key == "pattern":
        if not isinstance(value, str):
            raise ValueError(f"{where}: must be a string")
        problem = re2_problem(value)
        if problem is not None:
            raise ValueError(f"{where}: {problem}")
    elif key == "enum" and not isinstance(value, list):
        raise ValueError(f"{where}: must be a list")
    elif key in ("minItems", "maxItems", "minLength", "maxLength"):
        if not _is_int(value) or value < 0:
            raise ValueError(f"{where}: must be a non-negative integer")
    elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if not _is_number(value) or math.isnan(value):
            raise ValueError(f"{where}: must be a number")  # NaN: no value is ever out of range
    elif key == "uniqueItems" and not isinstance(value, bool):
        raise ValueError(f"{where}: must be a boolean")


def validate(instance: Any, schema: Any) -> list[SchemaError]:
    """Every way ``instance`` breaks ``schema`` (empty: it is valid)."""
    return list(_errors(instance, schema, "$"))


def _errors(value: Any, schema: Any, path: str) -> Iterator[SchemaError]:
    if schema is True:
        return
    if schema is False:
        yield SchemaError(path, "no value is allowed here")
        return
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_has_type(value, n) for n in names):
            yield SchemaError(path, f"expected {' or '.join(names)}, got {_type_of(value)}")
            return
    if "enum" in schema and not any(_equal(value, e) for e in schema["enum"]):
        yield SchemaError(path, "not one of the allowed values")
    if "const" in schema and not _equal(value, schema["const"]):
        yield SchemaError(path, "not the required constant")
    yield from _combinators(value, schema, path)
    if isinstance(value, dict):
        yield from _object(value, schema, path)
    elif isinstance(value, list):
        yield from _array(value, schema, path)
    elif isinstance(value, str):
        yield from _string(value, schema, path)
    elif _is_number(value):
        yield from _number(value, schema, path)


def _combinators(value: Any, schema: dict[str, Any], path: str) -> Iterator[SchemaError]:
    if "anyOf" in schema and not any(not validate(value, s) for s in schema["anyOf"]):
        yield SchemaError(path, "matches none of anyOf")
    for sub in schema.get("allOf", ()):
        yield from _errors(value, sub, path)
    if "not" in schema and not validate(value, schema["not"]):
        yield SchemaError(path, "matches a schema it must not match")


def _object(value: dict[str, Any], schema: dict[str, Any], path: str) -> Iterator[SchemaError]:
    props: dict[str, Any] = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name not in value:
            yield SchemaError(path, f"missing required property {name!r}")
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        sub = f"{path}.{name}"
        if name in props:
            yield from _errors(item, props[name], sub)
        elif extra is False:
            yield SchemaError(sub, "unexpected property")
        else:
            yield from _errors(item, extra, sub)


def _array(value: list[Any], schema: dict[str, Any], path: str) -> Iterator[SchemaError]:
    if "minItems" in schema and len(value) < schema["minItems"]:
        yield SchemaError(path, f"fewer than {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield SchemaError(path, f"more than {schema['maxItems']} items")
    if schema.get("uniqueItems") and any(
        _equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :]
    ):
        yield SchemaError(path, "items are not unique")
    if "items" in schema:
        for i, item in enumerate(value):
            yield from _errors(item, schema["items"], f"{path}[{i}]")


def _string(value: str, schema: dict[str, Any], path: str) -> Iterator[SchemaError]:
    if "minLength" in schema and len(value) < schema["minLength"]:
        yield SchemaError(path, f"shorter than {schema['minLength']} characters")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        yield SchemaError(path, f"longer than {schema['maxLength']} characters")
    if "pattern" in schema and _regex(schema["pattern"]).search(value) is None:
        yield SchemaError(path, "does not match the pattern")


def _number(value: float, schema: dict[str, Any], path: str) -> Iterator[SchemaError]:
    if "minimum" in schema and value < schema["minimum"]:
        yield SchemaError(path, f"less than {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        yield SchemaError(path, f"greater than {schema['maximum']}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        yield SchemaError(path, f"not greater than {schema['exclusiveMinimum']}")
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        yield SchemaError(path, f"not less than {schema['exclusiveMaximum']}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_type(value: Any, name: str) -> bool:
    if name == "integer":
        return _is_int(value) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return _is_number(value)
    if name == "null":
        return value is None
    kinds: dict[str, type | tuple[type, ...]] = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
    }
    return isinstance(value, kinds[name])


def _type_of(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _has_type(value, name):
            return name
    return type(value).__name__


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: ``1 == 1.0`` but ``True != 1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)
