"""Pydantic's validation errors as Dutch sentences, placed at the key they are about."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from duiding.definitions.base import Located
from duiding.definitions.suggest import choices, did_you_mean, shown

KeyPath = tuple[str | int, ...]

_NOUNS = {
    "string_type": "tekst",
    "int_type": "een geheel getal",
    "int_parsing": "een geheel getal",
    "int_from_float": "een geheel getal (zonder decimalen)",
    "float_type": "een getal",
    "float_parsing": "een getal",
    "finite_number": "een eindig getal",
    "bool_type": "true of false",
    "bool_parsing": "true of false",
    "date_type": "een datum als jjjj-mm-dd",
    "date_parsing": "een datum als jjjj-mm-dd",
    "date_from_datetime_parsing": "een datum als jjjj-mm-dd",
    "date_from_datetime_inexact": "een datum zonder tijd",
    "datetime_type": "een datum en tijd als jjjj-mm-ddTuu:mm",
    "datetime_parsing": "een datum en tijd als jjjj-mm-ddTuu:mm",
    "datetime_from_date_parsing": "een datum en tijd als jjjj-mm-ddTuu:mm",
    "tuple_type": "een lijst",
    "list_type": "een lijst",
    "model_type": "een object (sleutels met waarden)",
    "model_attributes_type": "een object (sleutels met waarden)",
    "dict_type": "een object (sleutels met waarden)",
}
_DATE_DETAILS = {
    "month value is outside expected range of 1-12": "de maand moet 1 tot en met 12 zijn",
    "day value is outside expected range": "die dag bestaat niet in die maand",
}


def _option(text: str) -> str | int:
    text = text.strip()
    return int(text) if text.isdigit() else text.strip("'")


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, unions, tuples, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        return [found for arg in typing.get_args(annotation) for found in _unwrap(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(model: type[BaseModel], path: KeyPath, data: Any) -> type[BaseModel] | None:
    """The model class whose object ``path`` points into (for the names of its fields)."""
    current: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
            continue
        if current is None or part not in current.model_fields:
            return None
        candidates = _unwrap(current.model_fields[part].annotation)
        data = data.get(part) if isinstance(data, dict) else None
        kind = data.get("kind") if isinstance(data, dict) else None
        tagged = [
            c
            for c in candidates
            if "kind" in c.model_fields and kind in typing.get_args(c.model_fields["kind"].annotation)
        ]
        current = (tagged or candidates or [None])[0]
    return current


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _yaml_path(loc: Sequence[str | int], data: Any, kind: str) -> KeyPath:
    """``loc`` without the parts pydantic adds for union members and formula kinds (not YAML keys)."""
    path: list[str | int] = []
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_dict or in_list:
            data = data[part]
        elif last and kind == "missing":
            pass
        else:
            continue
        path.append(part)
    return tuple(path)


def _message(error: ErrorDetails, model: type[BaseModel], path: KeyPath, data: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "verplicht veld ontbreekt"
    if kind == "extra_forbidden":
        parent = _model_at(model, path[:-1], data)
        known = _field_names(parent) if parent else []
        return f"onbekend veld{did_you_mean(path[-1], known)}"
    if kind in ("enum", "literal_error"):
        expected = [_option(o) for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        return f"ongeldige waarde {shown(value)}{did_you_mean(value, expected)}; kies uit {choices(expected)}"
    if kind == "union_tag_invalid":
        tags = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        tag = ctx.get("tag")
        return f"onbekende formulesoort {shown(tag)}{did_you_mean(tag, tags)}; kies uit {choices(tags)}"
    if kind == "union_tag_not_found":
        return "'kind' ontbreekt: zeg welke formulesoort dit is (rate, count, statistic, duration, score, stapeling)"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("string_too_short", "too_short"):
        least = int(ctx.get("min_length", 1))
        if kind == "string_too_short":
            return "mag niet leeg zijn"
        return "moet minstens één waarde hebben" if least == 1 else f"moet minstens {least} waarden hebben"
    if kind in ("string_too_long", "too_long"):
        return f"is te lang: hooguit {ctx.get('max_length')} {'tekens' if kind == 'string_too_long' else 'waarden'}"
    if kind == "string_pattern_mismatch":
        return "ongeldige id: gebruik kleine letters, cijfers en '_', beginnend met een letter"
    bounds = {
        "greater_than": ("groter dan", "gt"),
        "greater_than_equal": ("minstens", "ge"),
        "less_than": ("kleiner dan", "lt"),
        "less_than_equal": ("hooguit", "le"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"moet {words} {shown(ctx.get(key))} zijn, niet {shown(value)}"
    if kind in _NOUNS:
        detail = _DATE_DETAILS.get(next((d for d in _DATE_DETAILS if str(ctx.get("error", "")).startswith(d)), ""), "")
        return f"moet {_NOUNS[kind]} zijn, niet {shown(value)}" + (f" ({detail})" if detail else "")
    return f"ongeldige waarde {shown(value)}"


def _merged(messages: list[str]) -> str:
    """One sentence for the errors of the members of a union (``equals: {…}``: no text, number or boolean)."""
    unique = list(dict.fromkeys(messages))
    if len(unique) == 1:
        return unique[0]
    nouns = [
        m.removeprefix("moet ").split(" zijn, niet ")[0]
        for m in unique
        if m.startswith("moet ") and " zijn, niet " in m
    ]
    if len(nouns) == len(unique):
        value = unique[0].split(" zijn, niet ", 1)[1]
        return f"moet {', '.join(nouns[:-1])} of {nouns[-1]} zijn, niet {value}"
    return "; of: ".join(unique)


def validation_problems(exc: ValidationError, model: type[BaseModel], data: Any) -> list[tuple[KeyPath, str]]:
    """Every error of ``exc`` as (place in the YAML, Dutch message)."""
    errors = exc.errors()
    grouped: dict[KeyPath, list[str]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in errors
        ):
            continue  # a list whose items failed is not also "too short"
        path = _yaml_path(loc, data, error["type"])
        cause = (error.get("ctx") or {}).get("error")
        if error["type"] == "value_error" and isinstance(cause, Located):
            path += cause.path
        grouped.setdefault(path, []).append(_message(error, model, path, data))
    return [(path, _merged(messages)) for path, messages in grouped.items()]
