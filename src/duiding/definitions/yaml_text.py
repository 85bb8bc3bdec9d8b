"""Definition YAML → data and node tree: bounded depth, no duplicate keys, problems in Dutch.

The node tree keeps the line of every key, so a problem found later (by pydantic or by the
checks against the sources) can point at the key it is about: ``yaml_line(root, path)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from duiding.errors import DefinitionError

Mark = Any
"""A PyYAML mark (line and column of a place in the text); the C and Python parsers have their own class."""

MAX_DEPTH = 50
"""Deepest nesting of lists and objects a definition may have (a monitor needs about ten)."""


class _Loader(yaml.SafeLoader):
    """The safe loader without YAML's own dates: ``2026-13-01`` stays text, so the model says in
    Dutch, on its line, that it is no date (PyYAML itself would stop with "month must be in 1..12")."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

KeyPath = tuple[str | int, ...]
"""A place in a definition: keys and list positions from the top, e.g. ``('indicators', 3, 'formula')``."""

_BRACKETS = {
    "]": "een lijst die met '[' begint, is niet gesloten met ']'",
    "}": "een object dat met '{' begint, is niet gesloten met '}'",
}

_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (
            r"found character '\\t' that cannot start any token",
            "er staat een tab; spring in met spaties, niet met tabs",
        ),
        (
            r"found character '(.)' that cannot start any token",
            "een waarde kan niet met '{0}' beginnen; zet de waarde tussen aanhalingstekens",
        ),
        (
            r"mapping values are not allowed here",
            "hier kan geen dubbele punt staan: klopt de inspringing? "
            "Zet een tekst met ': ' erin tussen aanhalingstekens",
        ),
        (
            r"expected <block end>, but found",
            "de inspringing klopt niet: deze regel springt anders in dan de regels waar hij bij hoort",
        ),
        (r"expected ',' or '([\]}])', but got", "{bracket}"),
        (r"found undefined alias '(.*)'", "verwijzing '*{0}' naar een anker '&{0}' dat niet bestaat"),
        (r"found duplicate anchor", "het anker komt twee keer voor"),
        (r"found unexpected end of stream", "een tekst tussen aanhalingstekens is niet gesloten"),
        (
            r"found unknown escape character '(.*)'",
            "onbekend teken '\\{0}' in een tekst tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens",
        ),
        (r"could not find expected ':'", "na een sleutel hoort een dubbele punt (sleutel: waarde)"),
        (r"did not find expected key", "hier hoort een sleutel (sleutel: waarde); klopt de inspringing?"),
        (r"did not find expected '-' indicator", "hier hoort een lijstitem ('- …'); klopt de inspringing?"),
        (r"(did not find|expected) (expected )?(the )?node content", "hier ontbreekt een waarde"),
        (
            r"expected a comment or a line break",
            "na deze waarde hoort niets meer op de regel (commentaar begint met ' #')",
        ),
        (r"found unhashable key", "een sleutel moet tekst zijn, geen lijst of object"),
        (
            r"could not determine a constructor for the tag '(.*)'",
            "onbekende YAML-tag '{0}'; definities gebruiken geen tags",
        ),
    )
)


def _dutch_problem(error: yaml.MarkedYAMLError) -> tuple[Mark | None, str]:
    """The place and Dutch text of a PyYAML error."""
    problem = error.problem or ""
    mark = error.problem_mark
    for pattern, text in _PROBLEMS:
        found = pattern.search(problem)
        if found is None:
            continue
        if text == "{bracket}":
            # The parser notices an open bracket only at the end; point at where it opened.
            return error.context_mark or mark, _BRACKETS[found.group(1)]
        if pattern.pattern.startswith("found unexpected end") and error.context_mark is not None:
            mark = error.context_mark
        return mark, text.format(*found.groups())
    return mark, "de opmaak klopt hier niet (geen geldige YAML)"


def _too_deep(text: str) -> Mark | None:
    """Where nesting first goes deeper than ``MAX_DEPTH``; the event parser is not recursive."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _duplicate_keys(node: yaml.Node, found: list[tuple[int, str]]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            if name in seen:
                found.append(
                    (line, f"sleutel '{name}' staat twee keer in hetzelfde object (eerder op regel {seen[name]})")
                )
            else:
                seen[name] = line
            _duplicate_keys(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, found)


def _mark_line(mark: Mark | None) -> tuple[int, str]:
    if mark is None:
        return 1, ""
    return mark.line + 1, f" (kolom {mark.column + 1})"


def yaml_read(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data and node tree of a YAML file; every problem as ``file:line: message`` in Dutch."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DefinitionError([f"{path}:1: bestand bestaat niet"]) from exc
    except UnicodeDecodeError as exc:
        raise DefinitionError([f"{path}:1: geen UTF-8-tekst ({exc.reason})"]) from exc
    try:
        deep = _too_deep(text)
        if deep is not None:
            line, column = _mark_line(deep)
            raise DefinitionError(
                [f"{path}:{line}: te diep genest{column}: meer dan {MAX_DEPTH} niveaus van lijsten en objecten"]
            )
        root = yaml.compose(text, Loader=_Loader)
        if root is None:
            return None, None
        duplicates: list[tuple[int, str]] = []
        _duplicate_keys(root, duplicates)
        if duplicates:
            raise DefinitionError([f"{path}:{line}: {message}" for line, message in duplicates])
        return _Loader("").construct_document(root), root
    except yaml.MarkedYAMLError as exc:
        mark, message = _dutch_problem(exc)
        line, column = _mark_line(mark)
        raise DefinitionError([f"{path}:{line}: geen geldige YAML{column}: {message}"]) from exc
    except yaml.YAMLError as exc:
        raise DefinitionError([f"{path}:1: geen geldige YAML"]) from exc
    except RecursionError as exc:  # a safety net: the depth bound above should make this unreachable
        raise DefinitionError([f"{path}:1: te diep genest: meer dan {MAX_DEPTH} niveaus"]) from exc


def yaml_line(root: yaml.Node | None, path: KeyPath | Sequence[str | int]) -> int:
    """The 1-based line of the deepest key or list item ``path`` reaches in the node tree.

    Where the path leaves the tree (a missing key), the line of the last place it reached.
    """
    node = root
    line = node.start_mark.line + 1 if node is not None else 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
