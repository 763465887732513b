"""Decoding that tolerates additions without losing them.

X may add a field anywhere at any time. The models refuse unknown fields, so the usual case (no
additions) is one fast typed decode; only a body with additions takes the slow path, which moves
every unknown field into `extra` (JSON path -> value) and decodes the rest.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Hashable
from typing import Any, TypeVar, cast

import msgspec
from msgspec import inspect

T = TypeVar("T")
Extra = dict[str, Any]
UNKNOWN_FIELD = "Object contains unknown field"


def decode(body: bytes, type_: type[T]) -> tuple[T, Extra]:
    """The typed value of `body` and what it held that `type_` has no place for."""
    try:
        return msgspec.json.decode(body, type=type_), {}
    except msgspec.ValidationError as exc:
        if not str(exc).startswith(UNKNOWN_FIELD):
            raise
    return split(msgspec.json.decode(body), type_)


def split(value: Any, type_: type[T], path: str = "$") -> tuple[T, Extra]:
    """`value` (plain JSON data) as `type_`, its unknown fields moved out into the second item."""
    extra: Extra = {}
    known = _strip(value, _info(cast(Hashable, type_)), path, extra)
    return msgspec.convert(known, type_), extra


def member(path: str, key: str) -> str:
    """`$.a` for identifier-like keys, `$["a b"]` otherwise."""
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key)}]"


@functools.lru_cache(maxsize=64)
def _info(type_: Hashable) -> inspect.Type:
    return inspect.type_info(type_)


def _strip(value: Any, info: inspect.Type, path: str, extra: Extra) -> Any:
    if isinstance(info, inspect.Metadata):
        return _strip(value, info.type, path, extra)
    if isinstance(info, inspect.UnionType):
        for option in info.types:
            if _fits(value, option):
                return _strip(value, option, path, extra)
        return value
    if isinstance(info, inspect.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f.type for f in info.fields}
        kept = {}
        for key, item in value.items():
            field_type = fields.get(key)
            if field_type is None:
                extra[member(path, key)] = item
            else:
                kept[key] = _strip(item, field_type, member(path, key), extra)
        return kept
    if isinstance(info, inspect.ListType) and isinstance(value, list):
        return [_strip(item, info.item_type, f"{path}[{i}]", extra) for i, item in enumerate(value)]
    if isinstance(info, inspect.DictType) and isinstance(value, dict):
        return {k: _strip(v, info.value_type, member(path, k), extra) for k, v in value.items()}
    return value


def _fits(value: Any, info: inspect.Type) -> bool:
    while isinstance(info, inspect.Metadata):
        info = info.type
    if isinstance(value, dict):
        return isinstance(info, inspect.StructType | inspect.DictType)
    if isinstance(value, list):
        return isinstance(info, inspect.ListType)
    return False
