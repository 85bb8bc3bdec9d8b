"""Information loss: how many safe cells secondary suppression hides, per area level and breakdown.

A safe cell is one the primary rule lets through; secondary suppression withholds some of them to
protect the small ones. The share it hides is the price of protection, reported by ``duiding
quality`` and in docs/privacy.md. Only indicators whose counts secondary suppression protects count
(registrations; CBS tables get primary suppression only), and only patterns that belong to the
current observations.
"""

from __future__ import annotations

from dataclasses import dataclass

from duiding.definitions import monitors_load, sources_load
from duiding.privacy.protect import PRIMARY, SECONDARY, indicator_counts
from duiding.warehouse import TOTAL, warehouse_connect
from duiding.workspace import Workspace


@dataclass(frozen=True)
class Loss:
    """Safe cells of one area level and breakdown (``totaal`` for the totals), and how many of them
    secondary suppression withholds."""

    area_level: str
    breakdown: str
    safe: int
    hidden: int

    @property
    def share(self) -> float:
        """Hidden as a fraction of the safe cells (0 when there are none)."""
        return self.hidden / self.safe if self.safe else 0.0


LEVELS = ("gemeente", "wijk", "buurt")


def information_loss(workspace: Workspace) -> list[Loss]:
    """Per area level (gemeente, wijk, buurt) and breakdown the safe cells and those hidden."""
    sources = sources_load(workspace.sources_dir)
    protected = [
        [monitor.id, indicator.id]
        for monitor in monitors_load(workspace.monitors_dir).values()
        for indicator in monitor.indicators
        if (counts := indicator_counts(indicator, sources)).numerator or counts.denominator
    ]
    if not protected:
        return []
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        rows = con.execute(
            """
            WITH current_monitors AS (
                SELECT p.monitor FROM protections p
                JOIN (SELECT monitor, max(computed_at) AS computed_at FROM observations GROUP BY monitor) o
                  ON o.monitor = p.monitor AND o.computed_at = p.computed_at
            )
            SELECT o.area_level, o.breakdown,
                   count(*) FILTER (WHERE s.reason IS DISTINCT FROM ?) AS safe,
                   count(*) FILTER (WHERE s.reason = ?) AS hidden
            FROM observations o
            LEFT JOIN suppressions s
              USING (monitor, indicator, period_start, area_code, breakdown, breakdown_value)
            WHERE list_contains(?, [o.monitor, o.indicator])
              AND o.monitor IN (SELECT monitor FROM current_monitors)
            GROUP BY ALL
            """,
            [PRIMARY, SECONDARY, protected],
        ).fetchall()
    finally:
        con.close()
    order = {level: i for i, level in enumerate(LEVELS)}
    found = [Loss(level, breakdown, int(safe), int(hidden)) for level, breakdown, safe, hidden in rows]
    return sorted(found, key=lambda x: (order.get(x.area_level, 9), x.breakdown != TOTAL, x.breakdown))
