"""Read and write definition YAML; report every problem as ``file:line: message``."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from duiding.definitions.models import FORMULA_KINDS, Monitor, Source
from duiding.errors import DefinitionError

ModelT = TypeVar("ModelT", bound=BaseModel)

_MESSAGES = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_too_short": "mag niet leeg zijn",
    "too_short": "moet minstens één waarde hebben",
    "string_pattern_mismatch": ("ongeldige id: gebruik kleine letters, cijfers en '_', beginnend met een letter"),
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "string_type": "moet tekst zijn",
    "greater_than_equal": "is te klein",
    "model_type": "moet een object (sleutels met waarden) zijn",
    "tuple_type": "moet een lijst zijn",
}


def _dutch(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind in ("enum", "literal_error"):
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"ongeldige waarde {error.get('input')!r}; kies uit {expected}".replace(" or ", ", ")
    if kind == "union_tag_invalid":
        expected = (error.get("ctx") or {}).get("expected_tags", "")
        return f"onbekende formulesoort; kies uit {expected}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return _MESSAGES.get(kind, str(error["msg"]))


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """The 1-based line of the deepest YAML node that ``loc`` reaches."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            child = node.value[part]
        else:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def _parse(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DefinitionError([f"{path}:1: bestand bestaat niet"]) from exc
    except UnicodeDecodeError as exc:
        raise DefinitionError([f"{path}:1: geen UTF-8-tekst ({exc.reason})"]) from exc
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError([f"{path}:{line}: geen geldige YAML ({problem})"]) from exc


def _load(path: Path, model: type[ModelT]) -> ModelT:
    data, root = _parse(path)
    if not isinstance(data, dict):
        raise DefinitionError([f"{path}:1: verwacht sleutels met waarden, geen {type(data).__name__}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems: list[tuple[int, str]] = []
        errors = exc.errors()
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "too_short" and any(
                len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in errors
            ):
                continue  # a list whose items failed is not also "too short"
            # A tagged union adds the tag to the location; it is not a YAML key.
            loc = tuple(p for p in loc if p not in FORMULA_KINDS)
            where = ".".join(str(p) for p in loc) or "(bestand)"
            problems.append((_line_of(root, loc), f"{where}: {_dutch(error)}"))
        problems.sort(key=lambda problem: problem[0])
        raise DefinitionError([f"{path}:{line}: {message}" for line, message in problems]) from exc


def _dump(model: BaseModel) -> str:
    data = model.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def monitor_load(path: Path) -> Monitor:
    """Read one monitor definition."""
    return _load(path, Monitor)


def source_load(path: Path) -> Source:
    """Read one source definition."""
    return _load(path, Source)


def monitor_dump(monitor: Monitor) -> str:
    """The monitor as YAML; loading it again gives an equal monitor."""
    return _dump(monitor)


def source_dump(source: Source) -> str:
    """The source as YAML; loading it again gives an equal source."""
    return _dump(source)


def _load_folder_files(paths: list[Path], model: type[ModelT]) -> dict[str, ModelT]:
    found: dict[str, ModelT] = {}
    problems: list[str] = []
    for path in paths:
        try:
            item = _load(path, model)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        item_id = str(getattr(item, "id"))  # noqa: B009 - both models have an id
        if item_id in found:
            problems.append(f"{path}:1: id '{item_id}' is al gebruikt in een ander bestand")
        found[item_id] = item
    if problems:
        raise DefinitionError(problems)
    return found


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What identifies a folder's YAML files' content cheaply: names, sizes, modification times."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        stat = path.stat()
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@functools.lru_cache(maxsize=64)
def _cached(signature: tuple[tuple[str, int, int], ...], kind: str) -> dict[str, Any]:
    model: type[BaseModel] = Monitor if kind == "monitor" else Source
    return _load_folder_files([Path(name) for name, _, _ in signature], model)


def monitors_load(folder: Path) -> dict[str, Monitor]:
    """All monitors in a folder, by id; every problem in every file is reported at once.

    Parsed once per content of the folder (the models are immutable, so sharing them is safe).
    """
    return dict(_cached(_signature(folder), "monitor"))


def sources_load(folder: Path) -> dict[str, Source]:
    """All sources in a folder, by id."""
    return dict(_cached(_signature(folder), "source"))


def indicator_lines(path: Path) -> dict[str, int]:
    """The line on which each indicator of a monitor file starts, by indicator id."""
    _, root = _parse(path)
    lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    indicators = next((v for k, v in root.value if k.value == "indicators"), None)
    if isinstance(indicators, yaml.SequenceNode):
        for item in indicators.value:
            if isinstance(item, yaml.MappingNode):
                ident = next((v.value for k, v in item.value if k.value == "id"), None)
                if isinstance(ident, str):
                    lines[ident] = item.start_mark.line + 1
    return lines
