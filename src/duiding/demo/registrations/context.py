"""What every simulated registration shares: the population, the window, identities, random streams."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from duiding.demo.registrations.identity import Identities
from duiding.demo.registrations.population import Population

Row = dict[str, Any]
"""One registration row by column name: str (dates already as yyyy-mm-dd), int, bool or None (empty)."""


@dataclass
class Context:
    seed: int
    population: Population
    start: date
    end: date
    ids: Identities
    jeugd_clients: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    """Per person with jeugdzorg: (start, end) ordinals of each traject (for the cliëntervaring)."""
    wmo_clients: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    """Per person with Wmo: (start, end) ordinals of each voorziening."""
    wijkteam_clients: list[tuple[int, int, int, int | None]] = field(default_factory=list)
    """(person or -1 when anonymous, buurt, start, end) of each aanmelding that led to support."""

    @staticmethod
    def stream(seed: int, name: str) -> random.Random:
        """An independent random stream per part, so one part changing leaves the others alone."""
        return random.Random(f"{seed}:{name}")

    def rng(self, name: str) -> random.Random:
        return self.stream(self.seed, name)

    first: int = field(init=False, default=0)
    """The window's first day (ordinal)."""
    last: int = field(init=False, default=0)
    """The window's last day (ordinal)."""

    def __post_init__(self) -> None:
        self.first, self.last = self.start.toordinal(), self.end.toordinal()

    def open_end(self, end: int) -> int | None:
        """An end date as the registration shows it: empty when it lies after the window."""
        return None if end > self.last else end
