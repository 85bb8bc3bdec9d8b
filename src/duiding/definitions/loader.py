"""Read and write definition YAML; report every problem as ``file:line: message``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from duiding.definitions.messages import validation_problems
from duiding.definitions.models import Monitor, Source
from duiding.definitions.yaml_text import yaml_line, yaml_read
from duiding.errors import DefinitionError

ModelT = TypeVar("ModelT", bound=BaseModel)


def _load(path: Path, model: type[ModelT]) -> ModelT:
    data, root = yaml_read(path)
    if not isinstance(data, dict):
        found = "niets" if data is None else f"een {'lijst' if isinstance(data, list) else 'losse waarde'}"
        raise DefinitionError([f"{path}:1: verwacht sleutels met waarden, maar het bestand bevat {found}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for key_path, message in validation_problems(exc, model, data):
            where = ".".join(str(p) for p in key_path) or "(bestand)"
            problems.append((yaml_line(root, key_path), f"{where}: {message}"))
        problems.sort(key=lambda problem: problem[0])
        raise DefinitionError([f"{path}:{line}: {message}" for line, message in problems]) from exc


def definition_load(path: Path, model: type[ModelT]) -> ModelT:
    """Read any definition model from YAML: a monitor, a source, or one part of them (an
    indicator, a condition); problems as ``file:line: message``."""
    return _load(path, model)


def definition_lines(path: Path) -> Callable[[Sequence[str | int]], int]:
    """For a file that loaded: the line of the key at a model path, e.g.
    ``('indicators', 3, 'formula', 'numerator', 'where', 0, 'equals')`` (YAML keys, so ``in`` for ``in_``)."""
    _, root = yaml_read(path)
    return functools.partial(yaml_line, root)


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
    _, root = yaml_read(path)
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
