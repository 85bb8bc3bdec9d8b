"""Errors a user can act on. Their message is Dutch and is shown as is."""

from __future__ import annotations


class DuidingError(Exception):
    """Invalid input or state; the CLI prints the message and exits with code 1."""


class NotFound(DuidingError):
    """What was asked for does not exist (yet); the message is a Dutch sentence for the reader."""


class BadParameter(DuidingError):
    """A choice in the address (a period, a breakdown, an area) that does not exist: said in Dutch,
    never a silently different page or file."""


class WorkspaceError(DuidingError):
    """The workspace folder is missing, incomplete or not a Duiding workspace."""


class DefinitionError(DuidingError):
    """A monitor, indicator or source definition is invalid.

    ``problems`` holds one ``file:line: message`` string per problem.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class LoadError(DuidingError):
    """A source file cannot be loaded; nothing was changed."""
